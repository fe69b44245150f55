"""Bounds on untrusted input: document size, nesting depth, YAML aliases.

A records document is data a person or a program wrote, but it may also be
hostile or broken: a YAML alias bomb (nine anchors of nine references each
expand to 9⁹ nodes), JSON nested fifty thousand deep, a file of gigabytes.
Every reader checks these bounds before it builds anything, and a refusal is
a :class:`loaders.errors.RecordError` whose one line names the file and the
limit. The defaults suit real records; each can be changed by an environment
variable (read when a document is read, so a test or a deployment can set it):

- ``TDKT_MAX_DOCUMENT_MB`` (default 1024): the largest file a reader opens;
- ``TDKT_MAX_DEPTH`` (default 64): the deepest nesting of lists and mappings
  (a records document needs 4);
- ``TDKT_YAML_ALIASES`` (default 0): the number of alias uses (``*name``) a
  YAML document may make; records never need one, so none are allowed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tdkt.kernel.errors import Problem, RecordError
from tdkt.kernel.yamlload import SAFE_LOADER


@dataclass(frozen=True)
class InputLimits:
    max_document_bytes: int = 1024 * 1024 * 1024
    max_depth: int = 64
    yaml_aliases: int = 0

    @classmethod
    def from_env(cls) -> InputLimits:
        """The limits, with any set in the environment (``TDKT_MAX_DOCUMENT_MB``, ``TDKT_MAX_DEPTH``,
        ``TDKT_YAML_ALIASES``) in place of the defaults."""
        default = cls()
        return cls(
            max_document_bytes=int(float(_env("TDKT_MAX_DOCUMENT_MB", default.max_document_bytes / 2**20)) * 2**20),
            max_depth=int(_env("TDKT_MAX_DEPTH", default.max_depth)),
            yaml_aliases=int(_env("TDKT_YAML_ALIASES", default.yaml_aliases)),
        )


def _env(name: str, default: float) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        return str(default)
    try:
        if float(value) < 0:
            raise ValueError
    except ValueError:
        raise RecordError([Problem(name, "", "", f"'{value}' is not a non-negative number")]) from None
    return value


def refuse(origin: str, location: str, reason: str) -> RecordError:
    return RecordError([Problem(origin, location, "", reason)])


def check_size(path: Path, limits: InputLimits) -> None:
    """Refuse a file larger than the limit before reading it."""
    size = path.stat().st_size
    if size > limits.max_document_bytes:
        raise refuse(str(path), "", f"is {_amount(size)}, over the limit of {_amount(limits.max_document_bytes)} "
                                    "(TDKT_MAX_DOCUMENT_MB)")


def _amount(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size >= 2**20 // 10 else f"{size} bytes"


def too_deep(origin: str, limits: InputLimits, location: str = "") -> RecordError:
    return refuse(origin, location, f"is nested deeper than the limit of {limits.max_depth} levels (TDKT_MAX_DEPTH)")


def check_depth(data: Any, origin: str, limits: InputLimits) -> None:
    """Refuse parsed data nested deeper than the limit (walked without recursion)."""
    containers = (dict, list)
    stack: list[tuple[Any, int]] = [(data, 1)] if isinstance(data, containers) else []
    while stack:  # only containers are stacked: a scalar is as deep as its container
        value, depth = stack.pop()
        if depth > limits.max_depth:
            raise too_deep(origin, limits)
        children = value.values() if isinstance(value, dict) else value
        stack.extend([(child, depth + 1) for child in children if isinstance(child, containers)])


def check_yaml_events(text: str, origin: str, limits: InputLimits) -> None:
    """Refuse YAML with more alias uses than allowed, or nested too deep, from its event stream alone
    (libyaml's parser: nothing is built, so an alias bomb costs no more than its text)."""
    aliases = depth = 0
    for event in yaml.parse(text, Loader=SAFE_LOADER):
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > limits.yaml_aliases:
                line = f"line {event.start_mark.line + 1}" if event.start_mark else ""
                allowed = ("no aliases are allowed" if not limits.yaml_aliases
                           else f"over the limit of {limits.yaml_aliases} alias uses")
                raise refuse(origin, line, f"uses a YAML alias (*{event.anchor}); {allowed} "
                                           "(TDKT_YAML_ALIASES), a guard against alias bombs")
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limits.max_depth:
                line = f"line {event.start_mark.line + 1}" if event.start_mark else ""
                raise too_deep(origin, limits, line)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1

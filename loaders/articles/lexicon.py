"""The extractor's vocabulary, read once from ``patterns.yml`` and ``spam.yml``.

Patterns live in data so that a new phrasing is a one-line change; this module
only loads them and turns word lists into regular expressions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

from tdkt.kernel.yamlload import load_yaml

# Upper-case Latin letters, Vietnamese included, for "a capitalised word".
UPPER = "".join(
    c for c in map(chr, [*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]) if c.isupper()
)
LOWER = "".join(
    c for c in map(chr, [*range(0x61, 0x7B), *range(0xDF, 0x250), *range(0x1E00, 0x1F00)]) if c.islower()
)
CAP_WORD = rf"[{UPPER}][\w'’]*"
WORD = r"[^\W\d_][\w'’]*"


@cache
def data(name: str = "patterns") -> dict[str, Any]:
    """One YAML file of this package, as a mapping."""
    text = resources.files("tdkt.loaders.articles").joinpath(f"{name}.yml").read_text(encoding="utf-8")
    loaded = load_yaml(text)
    if not isinstance(loaded, dict):
        raise ValueError(f"loaders/articles/{name}.yml must be a mapping")
    return loaded


def section(*path: str, name: str = "patterns") -> Any:
    """A value inside a YAML file: ``section("roles", "chair")``."""
    value: Any = data(name)
    for part in path:
        value = value[part]
    return value


def phrase(text: str) -> str:
    """A literal phrase as a pattern in which any run of spaces matches."""
    return r"\s+".join(re.escape(part) for part in text.split())


def alternation(items: Iterable[str]) -> str:
    """Phrases as one alternation, longest first so the fullest phrase wins."""
    return _alternation(frozenset(str(i) for i in items))


@cache
def _alternation(items: frozenset[str]) -> str:
    unique = sorted(items, key=lambda s: (-len(s), s))
    return "(?:" + "|".join(phrase(i) for i in unique) + ")"


@cache
def words_re(*path: str) -> re.Pattern[str]:
    """Whole-word, case-insensitive pattern of a word list in ``patterns.yml``."""
    return re.compile(rf"(?<!\w){alternation(section(*path))}(?!\w)", re.IGNORECASE)



@cache
def place_kinds() -> str:
    """The canonical place kinds of ``patterns.yml`` as one alternation ("thành phố|thị xã|…")."""
    return alternation(section("place_kinds"))


@cache
def district_kinds() -> str:
    """The kinds of district-level places ("huyện", "quận", "thị xã", "thành phố") as one alternation."""
    return alternation(section("district_kinds"))


@cache
def words(name: str, key: str) -> str:
    """A word list of ``loaders/articles/<name>.yml`` as one alternation (cached)."""
    return alternation(section(key, name=name))

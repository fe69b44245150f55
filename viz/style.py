"""Styles as data: ``viz/styles.toml`` says how each class of node and kind of edge is drawn.

Views name a kind ("bloc", "chair", "handover"); the renderer looks its
colour, shape and legend label up here. A style file with an unknown shape,
a bad colour or a missing field is refused with the entry named.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from tdkt.viz.errors import ViewError

SHAPES = {"dot", "box", "diamond", "hexagon", "square", "star", "triangle", "triangleDown", "ellipse", "database",
          "text", "circle"}
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class NodeStyle:
    kind: str
    label: str
    color: str
    shape: str
    size: int


@dataclass(frozen=True)
class EdgeStyle:
    kind: str
    label: str
    color: str
    width: int
    dashes: bool
    arrow: str


@dataclass(frozen=True)
class Styles:
    page: dict[str, str]
    nodes: dict[str, NodeStyle]
    edges: dict[str, EdgeStyle]

    def node(self, kind: str) -> NodeStyle:
        try:
            return self.nodes[kind]
        except KeyError:
            known = ", ".join(sorted(self.nodes))
            raise ViewError(f"no node style '{kind}' in styles.toml (styles: {known})") from None

    def edge(self, kind: str) -> EdgeStyle:
        try:
            return self.edges[kind]
        except KeyError:
            known = ", ".join(sorted(self.edges))
            raise ViewError(f"no edge style '{kind}' in styles.toml (styles: {known})") from None


def _field(entry: dict[str, Any], name: str, kind: type, where: str) -> Any:
    value = entry.get(name)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ViewError(f"{where}: '{name}' must be a {kind.__name__}, not {value!r}")
    return value


def _colour(entry: dict[str, Any], where: str) -> str:
    value = _field(entry, "color", str, where)
    if not _COLOUR.fullmatch(value):
        raise ViewError(f"{where}: color {value!r} is not #rrggbb")
    return str(value)


def parse_styles(data: dict[str, Any], origin: str = "styles.toml") -> Styles:
    """Check and read a parsed style file."""
    nodes: dict[str, NodeStyle] = {}
    for kind, entry in (data.get("nodes") or {}).items():
        where = f"{origin} [nodes.{kind}]"
        shape = _field(entry, "shape", str, where)
        if shape not in SHAPES:
            raise ViewError(f"{where}: shape {shape!r} is not one of {', '.join(sorted(SHAPES))}")
        nodes[kind] = NodeStyle(kind, _field(entry, "label", str, where), _colour(entry, where), shape,
                                _field(entry, "size", int, where))
    edges: dict[str, EdgeStyle] = {}
    for kind, entry in (data.get("edges") or {}).items():
        where = f"{origin} [edges.{kind}]"
        arrow = _field(entry, "arrow", str, where)
        if arrow not in ("", "to"):
            raise ViewError(f"{where}: arrow must be \"to\" or \"\", not {arrow!r}")
        edges[kind] = EdgeStyle(kind, _field(entry, "label", str, where), _colour(entry, where),
                                _field(entry, "width", int, where), _field(entry, "dashes", bool, where), arrow)
    if not nodes or not edges:
        raise ViewError(f"{origin}: needs [nodes.*] and [edges.*] tables")
    page = {str(k): str(v) for k, v in (data.get("page") or {}).items()}
    return Styles(page, nodes, edges)


@lru_cache(maxsize=4)
def load_styles(path: Path | None = None) -> Styles:
    """The style file shipped in the package, or another one."""
    if path is None:
        text = resources.files("tdkt.viz").joinpath("styles.toml").read_text(encoding="utf-8")
        origin = "viz/styles.toml"
    else:
        text, origin = path.read_text(encoding="utf-8"), str(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ViewError(f"{origin} is not valid TOML: {exc}") from exc
    return parse_styles(data, origin)

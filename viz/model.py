"""A view's graph: nodes and edges that carry a kind, a label, details and filter facets.

Views build it from query rows (plain Python values, never RDF terms) on a
networkx ``MultiDiGraph``; layouts add ``x``/``y``; the renderer turns it
into vis-network data. Node attributes:

- ``kind``: a node class of ``styles.toml``; ``label``: the text drawn;
- ``details``: (field, value) pairs shown when the node is clicked;
- ``iri``: the entity the node stands for, if any (links to its page);
- ``facets``: name → values, for the page's filters (year, province, status);
- ``weight``: how much the node stands for (members of a bloc, awards), sizes it;
- ``keep``: never hidden by a filter, never aggregated.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

Details = list[tuple[str, str]]


def text(value: Any) -> str:
    """A row value as display text (None → empty)."""
    if value is None:
        return ""
    return str(value)


class ViewGraph:
    """Nodes and edges of one view; adding a node twice merges its details and facets."""

    def __init__(self) -> None:
        self.g: nx.MultiDiGraph = nx.MultiDiGraph()

    def __contains__(self, node: str) -> bool:
        return node in self.g

    def __len__(self) -> int:
        return int(self.g.number_of_nodes())

    def node(self, node: str, kind: str, label: str, *, details: Iterable[tuple[str, Any]] = (),
             iri: str | None = None, facets: Mapping[str, Iterable[Any]] | None = None,
             weight: float | None = None, keep: bool = False, **extra: Any) -> str:
        if node not in self.g:
            self.g.add_node(node, kind=kind, label=label, details=[], iri=iri, facets={}, weight=weight or 1.0,
                            keep=keep)
        attrs = self.g.nodes[node]
        self._merge(attrs, details, facets)
        if weight is not None:
            attrs["weight"] = weight
        attrs["keep"] = attrs["keep"] or keep
        attrs.update(extra)
        return node

    def edge(self, u: str, v: str, kind: str, *, label: str = "", details: Iterable[tuple[str, Any]] = (),
             facets: Mapping[str, Iterable[Any]] | None = None, key: str | None = None, weight: float = 1.0) -> None:
        """An edge between two nodes already added; the same key twice merges into one edge."""
        for end in (u, v):
            if end not in self.g:
                raise KeyError(f"edge {u} -> {v}: no node {end}")
        key = key or kind
        if self.g.has_edge(u, v, key):
            attrs = self.g.edges[u, v, key]
            if label and label not in attrs["label"].split(", "):
                attrs["label"] = f"{attrs['label']}, {label}" if attrs["label"] else label
            attrs["weight"] += weight
        else:
            self.g.add_edge(u, v, key, kind=kind, label=label, details=[], facets={}, weight=weight)
            attrs = self.g.edges[u, v, key]
        self._merge(attrs, details, facets)

    @staticmethod
    def _merge(attrs: dict[str, Any], details: Iterable[tuple[str, Any]],
               facets: Mapping[str, Iterable[Any]] | None) -> None:
        for name, value in details:
            pair = (name, text(value))
            if pair[1] and pair not in attrs["details"]:
                attrs["details"].append(pair)
        for name, values in (facets or {}).items():
            bucket = attrs["facets"].setdefault(name, [])
            for value in values:
                if value not in (None, "") and text(value) not in bucket:
                    bucket.append(text(value))

    def kinds(self) -> tuple[set[str], set[str]]:
        """The node and edge kinds used."""
        return ({d["kind"] for _, d in self.g.nodes(data=True)},
                {d["kind"] for _, _, d in self.g.edges(data=True)})


@dataclass
class Facet:
    """A filter the page offers: items whose facet ``name`` lacks the chosen value are hidden."""

    name: str
    label: str
    values: list[str]


@dataclass
class Table:
    """A small table shown beside the graph (the overview's measures)."""

    title: str
    columns: list[str]
    rows: list[list[str]]
    note: str = ""


@dataclass
class Expansion:
    """Nodes and edges a click can add back: the members an aggregated node stands for.

    ``replace`` says whether the aggregated node goes away when expanded (a
    group node) or stays (a bloc that absorbed its members).
    """

    nodes: list[tuple[str, dict[str, Any]]]
    edges: list[tuple[str, str, dict[str, Any]]]
    replace: bool


@dataclass
class View:
    """Everything the renderer needs for one page."""

    name: str
    title: str
    subtitle: str
    graph: ViewGraph
    max_nodes: int
    total_nodes: int = 0
    physics: bool = True
    facets: list[Facet] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    expansions: dict[str, Expansion] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)
    links: list[tuple[str, str]] = field(default_factory=list)


def facet_values(values: Iterable[Any], *, numeric: bool = False) -> list[str]:
    """Distinct display values, sorted (numbers by value)."""
    found = {text(v) for v in values if v not in (None, "")}
    if numeric:
        return sorted(found, key=lambda v: (len(v), v))
    return sorted(found)

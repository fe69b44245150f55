"""The operations every backend offers, so commands and queries never see a backend class.

:class:`Store` is the read-only view that queries, views, validation, exports
and the web need; :class:`WritableStore` adds the one write the build pipeline
makes (``graph.build``): replacing named graphs in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from pyoxigraph import NamedNode, Quad, Triple

from tdkt.graph.results import Rows, Term


class Store(Protocol):
    """Named graphs, one per source, and a default graph holding each of their triples once; queries run on it."""

    def select(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> Rows:
        """Run a SELECT query; ``bindings`` are bound as values, never pasted into the text."""

    def ask(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> bool:
        """Run an ASK query."""

    def construct(self, sparql: str) -> list[Triple]:
        """Run a CONSTRUCT or DESCRIBE query."""

    def quads(self) -> list[Quad]:
        """Every quad in the store, sorted."""

    def graph_names(self) -> list[NamedNode]:
        """The named graphs, sorted."""

    def count(self) -> int:
        """The number of quads."""

    def close(self) -> None:
        """Release the store."""


class WritableStore(Store, Protocol):
    """A store the build pipeline writes to (``graph.build``); nothing else writes."""

    def replace_graphs(self, graphs: Mapping[NamedNode, Sequence[Quad]]) -> None:
        """Replace each named graph by the given quads, all in one transaction."""

    def drop_graphs(self, graphs: Sequence[NamedNode]) -> None:
        """Remove these named graphs, in one transaction."""

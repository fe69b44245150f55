"""The embedded default: Oxigraph on disk (or in memory when no path is given).

Oxigraph runs each SPARQL update as one transaction, so replacing a source's
graph is a single update: drop the old graph and insert the new triples; a
failure leaves the store as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox

from graph.results import Rows, Term, make_rows
from loaders.errors import QueryError, StoreError


def update_text(graphs: Mapping[ox.NamedNode, Sequence[ox.Quad]]) -> str:
    """One SPARQL update that replaces each graph by its quads."""
    parts: list[str] = []
    for graph, quads in sorted(graphs.items(), key=lambda item: item[0].value):
        parts.append(f"DROP SILENT GRAPH {graph} ;")
        if quads:
            body = " .\n".join(str(q.triple) for q in quads)
            parts.append(f"INSERT DATA {{ GRAPH {graph} {{\n{body} .\n}} }} ;")
    return "\n".join(parts).rstrip(" ;") if parts else ""


class OxigraphStore:
    """pyoxigraph ``Store``: persistent at ``path``, or in memory."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        try:
            if path is not None:
                path.mkdir(parents=True, exist_ok=True)
            self._store = ox.Store(str(path)) if path is not None else ox.Store()
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc

    @property
    def raw(self) -> ox.Store:
        """The pyoxigraph store, for bulk paths and benchmarks."""
        return self._store

    def replace_graphs(self, graphs: Mapping[ox.NamedNode, Sequence[ox.Quad]]) -> None:
        for graph, quads in graphs.items():
            stray = next((q for q in quads if q.graph_name != graph), None)
            if stray is not None:
                raise StoreError(f"quad {stray} does not belong to graph {graph}")
        text = update_text(graphs)
        if text:
            self._update(text)

    def drop_graphs(self, graphs: Sequence[ox.NamedNode]) -> None:
        self.replace_graphs({g: [] for g in graphs})

    def _update(self, text: str) -> None:
        try:
            self._store.update(text)
        except (SyntaxError, OSError, ValueError) as exc:
            raise StoreError(f"the store refused the update: {exc}") from exc

    def load_quads(self, data: bytes, fmt: ox.RdfFormat, graph: ox.NamedNode | None = None) -> None:
        """Load serialised RDF in one transaction (into ``graph`` when the format has no graphs)."""
        try:
            if graph is not None:
                self._store.load(data, format=fmt, to_graph=graph)
            else:
                self._store.load(data, format=fmt)
        except (SyntaxError, OSError, ValueError) as exc:
            raise StoreError(f"could not load: {exc}") from exc

    def _query(self, sparql: str, bindings: Mapping[str, Term] | None) -> object:
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): v for k, v in (bindings or {}).items()}
        try:
            return self._store.query(sparql, use_default_graph_as_union=True, substitutions=substitutions)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except RuntimeError as exc:  # e.g. a bound variable that the query does not project
            raise QueryError(f"cannot run the query: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"the store could not run the query: {exc}") from exc

    def select(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> Rows:
        result = self._query(sparql, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("this is not a SELECT query")
        names = [v.value for v in result.variables]
        return make_rows(names, [[s[n] for n in names] for s in result])

    def ask(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> bool:
        result = self._query(sparql, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("this is not an ASK query")
        return bool(result)

    def construct(self, sparql: str) -> list[ox.Triple]:
        result = self._query(sparql, None)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("this is not a CONSTRUCT or DESCRIBE query")
        return list(result)

    def quads(self) -> list[ox.Quad]:
        return sorted(self._store.quads_for_pattern(None, None, None, None), key=str)

    def graph_names(self) -> list[ox.NamedNode]:
        return sorted((g for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)

    def count(self) -> int:
        return len(self._store)

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        self._store.extend(quads)

    def close(self) -> None:
        self._store.flush()
        del self._store

"""The embedded default: Oxigraph on disk (or in memory when no path is given).

Each source keeps its own named graph, and the default graph holds every
triple of the named graphs once: the store keeps it so on every write, and
queries run on it. (Oxigraph's "union default graph" mode would yield a triple
once per graph that states it; sources restate labels and types, so every join
on them multiplied rows: one query went from over 60 s to 2 ms at 100k triples,
see docs/performance.md.) ``GRAPH ?g { … }`` still reaches the sources.

Oxigraph runs each SPARQL update as one transaction, so replacing a source's
graph is a single update: forget the default-graph triples that only the old
graph held, drop it, insert the new triples into it and into the default
graph; a failure leaves the store as it was.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox

from tdkt.graph.results import Rows, Term, make_rows
from tdkt.graph.store.binding import with_leading_values
from tdkt.graph.store.leftovers import remove_abandoned
from tdkt.kernel.errors import QueryError, StoreError

# Above this many graphs in one update, the default graph is recomputed from all named
# graphs instead of checking each old triple against the graphs that are not replaced.
RECOMPUTE_ABOVE = 256

# A store is held (RocksDB's lock) by one writer at a time; ``tdkt serve`` holds it for a moment when it takes
# a snapshot (web.snapshots). A command that finds it held waits this long before giving up.
LOCK_WAIT_S = 30.0


def _in_default(pattern: str, default: ox.NamedNode | None) -> str:
    """A pattern in the graph that holds each triple once: the real default graph, or a named one."""
    return pattern if default is None else f"GRAPH {default} {{ {pattern} }}"


def recompute_text(default: ox.NamedNode | None = None) -> str:
    """Rebuild the default graph (or the named graph in its place) from every other named graph."""
    drop = "DROP SILENT DEFAULT" if default is None else f"DROP SILENT GRAPH {default}"
    other = "" if default is None else f" FILTER(?g != {default})"
    return f"{drop} ;\nINSERT {{ {_in_default('?s ?p ?o', default)} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }}{other} }}"


RECOMPUTE_DEFAULT = recompute_text()


def forget_text(graphs: Sequence[ox.NamedNode], default: ox.NamedNode | None = None) -> str:
    """Delete the default-graph triples that no graph outside ``graphs`` states."""
    listed = " ".join(map(str, graphs))
    excluded = ", ".join(map(str, [*graphs, *([default] if default is not None else [])]))
    return (f"DELETE {{ {_in_default('?s ?p ?o', default)} }} "
            f"WHERE {{ VALUES ?g {{ {listed} }} GRAPH ?g {{ ?s ?p ?o }}\n"
            f"  FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other NOT IN ({excluded})) }} }}")


def copy_text(graph: ox.NamedNode, default: ox.NamedNode | None = None) -> str:
    """Add a named graph's triples to the default graph (a blank node stays the same node)."""
    return f"INSERT {{ {_in_default('?s ?p ?o', default)} }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"


def update_text(graphs: Mapping[ox.NamedNode, Sequence[ox.Quad]], default: ox.NamedNode | None = None) -> str:
    """One SPARQL update that replaces each graph by its quads and keeps the default graph their union.

    ``default`` names the graph that stands for the default graph on engines whose
    default graph is the union of all graphs (Virtuoso); None is the real one.
    """
    names = sorted(graphs, key=lambda g: g.value)
    if not names:
        return ""
    recompute = len(names) > RECOMPUTE_ABOVE
    parts = [] if recompute else [forget_text(names, default)]
    for graph in names:
        parts.append(f"DROP SILENT GRAPH {graph}")
        if graphs[graph]:
            body = " .\n".join(str(q.triple) for q in graphs[graph])
            # one INSERT DATA for both copies, so a blank node stays one node in the two graphs
            copy = "" if recompute else "\n" + _in_default(f"\n{body} .\n", default) + "\n"
            parts.append(f"INSERT DATA {{ GRAPH {graph} {{\n{body} .\n}}{copy}}}")
    if recompute:
        parts.append(recompute_text(default))
    return " ;\n".join(parts)


def is_store(path: Path) -> bool:
    """Whether ``path`` is a folder holding an Oxigraph (RocksDB) store."""
    return (path / "CURRENT").is_file()


def open_waiting(path: Path, wait_s: float = LOCK_WAIT_S) -> ox.Store:
    """Open the store for writing; while another process holds its lock, wait (up to ``wait_s``)."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            return ox.Store(str(path))
        except OSError as exc:
            if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


class OxigraphStore:
    """pyoxigraph ``Store``: persistent at ``path``, or in memory; :meth:`read_only` opens a view."""

    def __init__(self, path: Path | str | None = None) -> None:
        path = Path(path) if path is not None else None
        self.path = path
        self.writable = True
        try:
            if path is not None:
                remove_abandoned(path)  # folders of killed builds and servers beside the store
                path.mkdir(parents=True, exist_ok=True)
            self._store = open_waiting(path) if path is not None else ox.Store()
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc

    @classmethod
    def read_only(cls, path: Path | str) -> OxigraphStore:
        """The store at ``path`` for reading; an error naming the path when no store is there."""
        path = Path(path)
        remove_abandoned(path)  # a store parked by a killed swap is put back first
        if not path.exists():
            raise StoreError(f"no store at {path}: the folder does not exist (build one with 'tdkt build' or "
                             "'tdkt load', or give --store the folder of an existing store)")
        if not is_store(path):
            raise StoreError(f"no store at {path}: the folder holds no Oxigraph store")
        view = cls.__new__(cls)
        view.path, view.writable = path, False
        try:
            view._store = ox.Store.read_only(str(path))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc
        return view

    @classmethod
    def over(cls, store: ox.Store) -> OxigraphStore:
        """A wrapper over a pyoxigraph store made elsewhere (e.g. an in-memory overlay)."""
        wrapped = cls.__new__(cls)
        wrapped.path, wrapped.writable, wrapped._store = None, True, store
        return wrapped

    @property
    def raw(self) -> ox.Store:
        """The pyoxigraph store, for bulk paths and benchmarks."""
        return self._store

    def replace_graphs(self, graphs: Mapping[ox.NamedNode, Sequence[ox.Quad]]) -> None:
        if not self.writable:
            raise StoreError(f"the store at {self.path} is open read-only")
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

    def _query(self, sparql: str, bindings: Mapping[str, Term] | None) -> object:
        text = with_leading_values(sparql, bindings)
        try:
            return self._store.query(text)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except RuntimeError as exc:
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
        """Every quad of the named graphs (the default graph only repeats them), sorted."""
        return sorted((q for q in self._store if not isinstance(q.graph_name, ox.DefaultGraph)), key=str)

    def graph_names(self) -> list[ox.NamedNode]:
        return sorted((g for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)

    def count(self) -> int:
        """The quads of the named graphs."""
        [row] = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
        return len(self._store) - int(row["n"])

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads as they are: the default graph is not kept in step (for tests that need a broken graph)."""
        self._store.extend(quads)

    def close(self) -> None:
        if self.writable:
            self._store.flush()
        del self._store

"""The in-place writer of the build pipeline: one transaction on the embedded store, or one SPARQL Update
request to a remote endpoint."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from tdkt.graph.derived import Derivation
from tdkt.graph.identity import Identity
from tdkt.graph.namespaces import RDF
from tdkt.graph.reading import Encoder, Payload
from tdkt.graph.reference import VERSION_INFO, reference_names
from tdkt.graph.session import Session
from tdkt.graph.store.base import Store, WritableStore
from tdkt.graph.store.oxigraph import OxigraphStore


class TransactionWriter:
    """Writes into a store in one transaction: the embedded store in place, or a remote endpoint with one
    SPARQL Update request (documents, reference and derived graphs together)."""

    workers = 0  # documents are mapped in this process

    def __init__(self, store: WritableStore) -> None:
        self.store = store
        self.name = "remote" if type(store).__name__ == "RemoteStore" else "transaction"

    @property
    def encode(self) -> Encoder | None:
        return None

    def begin(self, ids: Identity, replace_sources: bool) -> Session:
        return _Transaction(self.store, ids, replace_sources)


class _Transaction:
    def __init__(self, store: WritableStore, ids: Identity, replace_sources: bool) -> None:
        self.store, self.ids = store, ids
        self.pending: dict[ox.NamedNode, list[ox.Quad]] = {}
        self.stale: list[ox.NamedNode] | None = None if replace_sources else []

    def write(self, graphs: Iterable[tuple[ox.NamedNode, Payload, int]]) -> None:
        for name, payload, _count in graphs:
            assert isinstance(payload, list)
            self.pending[name] = payload

    def _stale(self) -> list[ox.NamedNode]:
        if self.stale is None:
            prefix = self.ids.source("").value
            self.stale = [g for g in self.store.graph_names() if g.value.startswith(prefix) and g not in self.pending]
        return self.stale

    def reference_version(self) -> str | None:
        names = reference_names(self.ids)
        values = " ".join(map(str, names))
        rows = self.store.select(f"SELECT ?g ?v WHERE {{ VALUES ?g {{ {values} }} "
                                 f"GRAPH ?g {{ ?g {VERSION_INFO} ?v }} }}")
        found = {(str(r["g"]), str(r["v"])) for r in rows}
        versions = {v for _, v in found}
        if len(found) != len(names) or len(versions) != 1:
            return None
        return versions.pop()

    def view(self, derivation: Derivation) -> Store:
        """An in-memory store of what ``derivation`` reads: the statements of the graphs this write keeps
        (asked of the store) and of the graphs it writes."""
        replaced = set(self.pending) | set(self._stale()) | {self.ids.graph(derivation.name)}
        reads = set(derivation.reads)
        quads: list[ox.Quad] = []
        new_subjects: set[ox.NamedNode | ox.BlankNode] = set()
        for graph in self.pending.values():
            for q in graph:
                if q.predicate in reads:
                    quads.append(q)
                    if q.predicate == RDF.type and q.object == derivation.subjects:
                        new_subjects.add(q.subject)  # type: ignore[arg-type]
        predicates = " ".join(map(str, derivation.reads))
        pattern = f"GRAPH ?g {{ ?s ?p ?o }} VALUES ?p {{ {predicates} }}"
        rows = list(self.store.select(f"SELECT ?s ?p ?o ?g WHERE {{ ?s a {derivation.subjects} . {pattern} }}"))
        known = {r.term("s") for r in rows}
        unknown = [s for s in new_subjects if isinstance(s, ox.NamedNode) and s not in known]
        for i in range(0, len(unknown), 500):
            subjects = " ".join(map(str, unknown[i:i + 500]))
            rows += self.store.select(f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?s {{ {subjects} }} {pattern} }}")
        for r in rows:
            s, p, o, g = (r.term(v) for v in ("s", "p", "o", "g"))
            if isinstance(g, ox.NamedNode) and g not in replaced and isinstance(p, ox.NamedNode):
                quads.append(ox.Quad(s, p, o, g))  # type: ignore[arg-type]
        overlay = ox.Store()
        overlay.extend(quads)
        overlay.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
        return OxigraphStore.over(overlay)

    def commit(self) -> int:
        stale = self._stale()
        self.store.replace_graphs({**self.pending, **{g: [] for g in stale}})
        return len(stale)

    def abort(self) -> None:
        self.pending.clear()

"""The read side of a store over the engine pool, for the pages and views of ``tdkt serve``."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any

import pyoxigraph as ox

from tdkt.graph.results import Rows, Term, make_rows
from tdkt.graph.store.binding import with_leading_values
from tdkt.kernel.errors import QueryError, StoreError
from tdkt.web.pool import EnginePool
from tdkt.web.worker import GRACE_S, EngineDied, EngineTimeout


class EngineStore:
    """The read side of :class:`graph.store.base.Store` over the engine pool, for the pages and views.

    Each call is one request with its own deadline (the time limit from the call); values are bound as the
    embedded store binds them (``graph.store.binding``), never pasted.
    """

    def __init__(self, pool: EnginePool, timeout_s: float) -> None:
        self.pool = pool
        self.timeout_s = timeout_s

    def _ask(self, request: dict[str, Any]) -> dict[str, Any]:
        try:
            answer = self.pool.ask(request, time.monotonic() + self.timeout_s + GRACE_S)
        except EngineTimeout:
            raise QueryError(f"the query ran past the time limit of {self.timeout_s:g} s and was stopped") from None
        except EngineDied as exc:
            raise StoreError(f"the query engine stopped while answering and is being restarted ({exc})") from exc
        if "error" in answer:
            raise QueryError(str(answer["message"]))
        return answer

    def _run(self, sparql: str, bindings: Mapping[str, Term] | None) -> dict[str, Any]:
        text = with_leading_values(sparql, bindings)  # as the embedded store binds them
        return self._ask({"query": text, "check": False, "max_rows": None})

    def select(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> Rows:
        answer = self._run(sparql, bindings)
        if answer["form"] != "SELECT":
            raise QueryError("this is not a SELECT query")
        solutions = ox.parse_query_results(b"\n".join(answer["lines"]) + b"\n", format=ox.QueryResultsFormat.TSV)
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        return make_rows(names, [[s[n] for n in names] for s in solutions])

    def ask(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> bool:
        answer = self._run(sparql, bindings)
        if answer["form"] != "ASK":
            raise QueryError("this is not an ASK query")
        return bool(ox.parse_query_results(answer["lines"][0], format=ox.QueryResultsFormat.JSON))

    def construct(self, sparql: str) -> list[ox.Triple]:
        answer = self._run(sparql, None)
        if answer["form"] not in ("CONSTRUCT", "DESCRIBE"):
            raise QueryError("this is not a CONSTRUCT or DESCRIBE query")
        data = b"\n".join(answer["lines"]) + b"\n"
        return [t for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES) if isinstance(t, ox.Triple)]

    def quads(self) -> list[ox.Quad]:
        data = self._ask({"kind": "dump"})["data"]
        return sorted((q for q in ox.parse(data, format=ox.RdfFormat.N_QUADS) if isinstance(q, ox.Quad)), key=str)

    def graph_names(self) -> list[ox.NamedNode]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        return sorted((t for t in (r.term("g") for r in rows) if isinstance(t, ox.NamedNode)), key=lambda g: g.value)

    def count(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows.rows[0]["n"])

    def replace_graphs(self, graphs: Mapping[ox.NamedNode, Sequence[ox.Quad]]) -> None:
        raise StoreError("the served store is read-only")

    def drop_graphs(self, graphs: Sequence[ox.NamedNode]) -> None:
        raise StoreError("the served store is read-only")

    def close(self) -> None:
        pass

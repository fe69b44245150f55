"""The proxy's side of ``tdkt serve``'s ``/sparql``: one query to the backend with a deadline and a row cap.

The backend is the engine pool (:class:`web.backend.EnginePool`) or a remote
endpoint (``--endpoint``). For a remote engine whose default graph is the
union of all graphs (Virtuoso), ``--default-graph IRI`` names the graph that
holds each triple once: a query that names no dataset of its own reads that
graph as its default graph, and its ``GRAPH ?g`` patterns reach the source
graphs only, as on the embedded store (:func:`graph.store.binding.outside_graph`).
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox

from tdkt.graph.store.binding import outside_graph
from tdkt.kernel.errors import QueryError
from tdkt.web.backend import GRACE_S, Backend, EngineDied, EnginePool, EngineTimeout, RemoteEndpoint
from tdkt.web.sparql import CANCELLED, ProtocolError, check_nesting, check_query

NAMED_TEXTS = 256  # bound named-query texts remembered (the newest), each with its form

ACCEPT = {"SELECT": "application/sparql-results+json", "ASK": "application/sparql-results+json",
          "CONSTRUCT": "application/n-triples", "DESCRIBE": "application/n-triples"}


@dataclass
class Fetched:
    form: str
    lines: list[bytes]
    truncated: bool


def _timed_out(timeout_s: float) -> ProtocolError:
    return ProtocolError(504, f"the query ran past the time limit of {timeout_s:g} s and was stopped")


class Proxy:
    """Sends queries to the backend with a deadline counted from the request's arrival, and a row cap."""

    def __init__(self, backend: Backend, max_rows: int, timeout_s: float) -> None:
        self.backend = backend
        self.max_rows = max_rows
        self.timeout_s = timeout_s
        self._named: OrderedDict[str, str] = OrderedDict()  # bound text -> its form
        self._named_answered = 0

    def remember_named(self, text: str, form: str) -> None:
        """A named query's text as ``/api/queries`` bound it (the query page sends it back to ``/sparql``).

        Such a text needs no check: it is a shipped query with serialised terms in its ``VALUES`` blocks, so
        its form is the named query's. Parsing it again cost rdflib 0.5 s for ``law-findings``, whose every
        recipient makes a new text (1m, the web's sets: 0.58 s median against 0.06 s to run). Any other text,
        an edited one included, is checked as before.
        """
        self._named[text] = form
        self._named.move_to_end(text)
        while len(self._named) > NAMED_TEXTS:
            self._named.popitem(last=False)

    def named_state(self) -> dict[str, int]:
        return {"remembered": len(self._named), "answered": self._named_answered}

    def _named_form(self, query: str) -> str | None:
        form = self._named.get(query)
        if form is not None:
            self._named_answered += 1
        return form

    async def fetch(self, query: str, default_graphs: list[str], named_graphs: list[str],
                    arrival: float | None = None) -> Fetched:
        """The query form and the backend's answer as lines (header first for SELECT), at most ``max_rows``
        rows. The query is checked (no update, no SERVICE) as part of the request, within its deadline."""
        deadline = (arrival if arrival is not None else time.monotonic()) + self.timeout_s
        check_nesting(query)
        if isinstance(self.backend, EnginePool):
            return await self._from_engine(query, default_graphs, named_graphs, deadline)
        return await self._from_remote(query, default_graphs, named_graphs, deadline)

    async def _from_engine(self, query: str, default_graphs: list[str], named_graphs: list[str],
                           deadline: float) -> Fetched:
        assert isinstance(self.backend, EnginePool)
        known = self._named_form(query)
        request = {"query": query, "check": known is None, "form": known or "", "default_graphs": default_graphs,
                   "named_graphs": named_graphs, "max_rows": self.max_rows}
        try:
            answer = await asyncio.to_thread(self.backend.ask, request, deadline + GRACE_S)
        except EngineTimeout:
            raise _timed_out(self.timeout_s) from None
        except EngineDied as exc:
            raise ProtocolError(503, f"the query engine stopped while answering and is being restarted; "
                                     f"send the query again ({exc})") from exc
        if "error" in answer:
            raise ProtocolError(int(answer["error"]), str(answer["message"]))
        return Fetched(answer["form"], answer["lines"], answer["truncated"])

    async def _from_remote(self, query: str, default_graphs: list[str], named_graphs: list[str],
                           deadline: float) -> Fetched:
        try:
            known = self._named_form(query)
            form = known if known is not None else await asyncio.wait_for(
                asyncio.to_thread(check_query, query), timeout=max(0.01, deadline - time.monotonic()))
            return await asyncio.wait_for(self._fetch_remote(query, form, default_graphs, named_graphs),
                                          timeout=max(0.01, deadline + GRACE_S - time.monotonic()))
        except TimeoutError:
            raise _timed_out(self.timeout_s) from None

    async def _fetch_remote(self, query: str, form: str, default_graphs: list[str],
                            named_graphs: list[str]) -> Fetched:
        assert isinstance(self.backend, RemoteEndpoint)
        default = self.backend.default_graph
        if default and not default_graphs and not named_graphs:  # the graph standing for the default graph
            try:
                query = outside_graph(query, default)
            except QueryError as exc:
                raise ProtocolError(400, str(exc)) from exc
            default_graphs = [default]
        form_data: list[tuple[str, str]] = [("query", query)]
        form_data += [("default-graph-uri", g) for g in default_graphs]
        form_data += [("named-graph-uri", g) for g in named_graphs]
        limit = self.max_rows + (1 if form == "SELECT" else 0)  # the SELECT header line is not a row
        lines: list[bytes] = []
        truncated = False
        timeout = httpx.Timeout(self.timeout_s + GRACE_S + 5, connect=5)
        try:
            async with httpx.AsyncClient(timeout=timeout, trust_env=False) as client, client.stream(
                "POST", self.backend.query_url, content=urlencode(form_data).encode("ascii"),
                headers={"Accept": ACCEPT[form], "Content-Type": "application/x-www-form-urlencoded"},
            ) as response:
                if response.status_code >= 400:
                    text = (await response.aread()).decode(errors="replace").strip()
                    status = 400 if response.status_code == 400 else 502
                    raise ProtocolError(status, f"the store refused the query: {text[:500]}")
                if form in ("ASK", "SELECT"):
                    lines = [await response.aread()]
                else:
                    buffer = b""
                    async for chunk in response.aiter_bytes():
                        buffer += chunk
                        *complete, buffer = buffer.split(b"\n")
                        lines.extend(complete)
                        if len(lines) > limit:
                            truncated = True
                            break
                    else:
                        if buffer:
                            lines.append(buffer)
        except httpx.TransportError as exc:
            raise ProtocolError(503, f"the store is not answering: {exc}") from exc
        if lines and lines[-1].rstrip().endswith(CANCELLED.encode()):
            raise _timed_out(self.timeout_s)
        if form == "SELECT":
            return await asyncio.to_thread(self._tsv_rows, lines[0] if lines else b"")
        if truncated:
            lines = lines[:limit]
        return Fetched(form, lines, truncated)

    def _tsv_rows(self, json_body: bytes) -> Fetched:
        """SELECT results read as SPARQL JSON, as TSV lines (at most ``max_rows``). JSON, not TSV, is asked of
        a remote engine: Virtuoso's TSV writes every term as a quoted string (IRIs, numbers and datatypes lost)."""
        try:
            solutions = ox.parse_query_results(json_body, format=ox.QueryResultsFormat.JSON)
            assert isinstance(solutions, ox.QuerySolutions)
            names = [v.value for v in solutions.variables]
            lines = ["\t".join("?" + n for n in names).encode()]
            for solution in solutions:
                if len(lines) > self.max_rows:
                    return Fetched("SELECT", lines, True)
                lines.append("\t".join("" if (term := solution[n]) is None else str(term) for n in names).encode())
        except (SyntaxError, ValueError) as exc:
            raise ProtocolError(502, f"the store returned a result that cannot be read: {exc}") from exc
        return Fetched("SELECT", lines, False)

"""Any SPARQL 1.1 endpoint: SPARQLWrapper for queries, SPARQL Update for loads.

Values are bound with a trailing VALUES block built from serialised RDF terms
(pyoxigraph escapes literals and refuses malformed IRIs), never pasted. The
store layout is the embedded store's: one named graph per source, and a real
default graph that every update keeps equal to the union of the named graphs
(so run the endpoint *without* a union-default-graph mode, e.g. plain
``oxigraph serve``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

import pyoxigraph as ox
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from graph.results import Rows, Term, make_rows
from graph.store.oxigraph import update_text
from loaders.errors import QueryError, StoreError

_TRAILING_VALUES = re.compile(r"\bVALUES\b[^{}]*\{[^{}]*\}\s*$", flags=re.IGNORECASE)


def with_values(sparql: str, bindings: Mapping[str, Term] | None) -> str:
    """The query with a trailing VALUES clause that binds each variable to its term."""
    if not bindings:
        return sparql
    if _TRAILING_VALUES.search(sparql.strip()):
        raise QueryError("this query already ends with a VALUES clause; cannot bind parameters remotely")
    for name in bindings:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"'{name}' is not a SPARQL variable name")
    names = sorted(bindings)
    row = " ".join(str(bindings[n]) for n in names)
    return f"{sparql.rstrip()}\nVALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }}\n"


def _term(binding: Mapping[str, Any]) -> Term:
    kind = binding["type"]
    if kind == "uri":
        return ox.NamedNode(binding["value"])
    if kind == "bnode":
        return ox.BlankNode(binding["value"])
    if "xml:lang" in binding:
        return ox.Literal(binding["value"], language=binding["xml:lang"])
    if "datatype" in binding:
        return ox.Literal(binding["value"], datatype=ox.NamedNode(binding["datatype"]))
    return ox.Literal(binding["value"])


def _default_update_url(endpoint: str) -> str:
    if endpoint.rstrip("/").endswith("/query"):
        return endpoint.rstrip("/")[: -len("/query")] + "/update"
    return endpoint


class RemoteStore:
    """A SPARQL 1.1 Protocol endpoint."""

    def __init__(self, endpoint: str, update_endpoint: str | None = None, timeout: int = 120) -> None:
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint or _default_update_url(endpoint)
        self.timeout = timeout

    def _client(self, url: str) -> SPARQLWrapper:
        client = SPARQLWrapper(url, agent="tdkt-graph")
        client.setTimeout(self.timeout)
        return client

    def _results(self, sparql: str, kind: str) -> dict[str, Any]:
        client = self._client(self.endpoint)
        client.setQuery(sparql)
        # SPARQLWrapper guesses the type from the first keyword, even one inside a comment.
        client.queryType = kind
        client.setMethod(POST)
        client.setReturnFormat(JSON)
        try:
            raw = client.query().response.read()
        except SPARQLWrapperException as exc:
            raise QueryError(f"the endpoint rejected the query: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"cannot reach {self.endpoint}: {exc}") from exc
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            # Oxigraph reports a cancelled (timed-out) query inside a 200 reply.
            raise QueryError(f"the endpoint returned an incomplete result (timed out or cut off): {exc}") from exc
        assert isinstance(data, dict)
        return data

    def select(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> Rows:
        data = self._results(with_values(sparql, bindings), "SELECT")
        if "results" not in data:
            raise QueryError("this is not a SELECT query")
        names = list(data["head"].get("vars", []))
        rows = [[_term(b[n]) if n in b else None for n in names] for b in data["results"]["bindings"]]
        return make_rows(names, rows)

    def ask(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> bool:
        data = self._results(with_values(sparql, bindings), "ASK")
        if "boolean" not in data:
            raise QueryError("this is not an ASK query")
        return bool(data["boolean"])

    def construct(self, sparql: str) -> list[ox.Triple]:
        client = self._client(self.endpoint)
        client.setQuery(sparql)
        client.queryType = "CONSTRUCT"
        client.setMethod(POST)
        client.setRequestMethod("postdirectly")
        client.addCustomHttpHeader("Accept", "application/n-triples")
        try:
            raw = client.query().response.read()
        except SPARQLWrapperException as exc:
            raise QueryError(f"the endpoint rejected the query: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"cannot reach {self.endpoint}: {exc}") from exc
        try:
            return list(ox.parse(raw, format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as exc:
            raise QueryError(f"the endpoint returned a graph that cannot be read: {exc}") from exc

    def _update(self, text: str) -> None:
        client = self._client(self.update_endpoint)
        client.setMethod(POST)
        client.setQuery(text)
        try:
            client.query()
        except SPARQLWrapperException as exc:
            raise StoreError(f"the endpoint refused the update: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"cannot reach {self.update_endpoint}: {exc}") from exc

    def replace_graphs(self, graphs: Mapping[ox.NamedNode, Sequence[ox.Quad]]) -> None:
        text = update_text(graphs)
        if text:
            self._update(text)

    def drop_graphs(self, graphs: Sequence[ox.NamedNode]) -> None:
        self.replace_graphs({g: [] for g in graphs})

    def quads(self) -> list[ox.Quad]:
        rows = self.select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        out = []
        for r in rows:
            s, p, o, g = (r.term(v) for v in ("s", "p", "o", "g"))
            assert isinstance(p, ox.NamedNode) and s is not None and o is not None and g is not None
            out.append(ox.Quad(s, p, o, g))  # type: ignore[arg-type]
        return sorted(out, key=str)

    def graph_names(self) -> list[ox.NamedNode]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted((t for t in (r.term("g") for r in rows) if isinstance(t, ox.NamedNode)), key=lambda g: g.value)

    def count(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows.rows[0]["n"])

    def close(self) -> None:
        pass

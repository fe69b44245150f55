"""Any SPARQL 1.1 endpoint: SPARQLWrapper for queries, SPARQL Update for loads.

Values are bound as everywhere else (:mod:`graph.store.binding`: a leading
VALUES block in each group that selects the variable, built from serialised RDF
terms), never pasted. The store layout is the embedded store's: one named
graph per source, and a graph holding each of their triples once that the
queries read and every update keeps equal to the union of the named graphs:

- on an engine with a real default graph (plain ``oxigraph serve``, Fuseki
  without its union option) that graph is the default graph;
- on an engine whose default graph is the union of all graphs (Virtuoso), give
  it a name (``default_graph``, ``tdkt --default-graph IRI``): updates write it
  as a named graph, queries read it through the protocol's
  ``default-graph-uri``, and every ``GRAPH ?g`` pattern is kept off it. This
  mode is for such engines only: one that follows the protocol to the letter
  (Oxigraph) then hides every named graph from ``GRAPH ?g``.

Loads go in batches the servers take (``batch_quads`` triples per request):
the new triples of each graph are first written to a staging graph, then each
batch of graphs is swapped in by one update (forget the default-graph triples
only the old graphs held, MOVE the staged graph in, copy it to the default
graph), so a document is replaced whole or not at all. Credentials for the
update endpoint come from the environment (``TDKT_ENDPOINT_USER``,
``TDKT_ENDPOINT_PASSWORD``; ``TDKT_ENDPOINT_AUTH`` = ``basic`` or ``digest``,
digest by default for Virtuoso's ``/sparql-auth``), never from the command line.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from SPARQLWrapper import BASIC, DIGEST, JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from tdkt.graph.results import Rows, Term, make_rows
from tdkt.graph.store.binding import outside_graph, with_leading_values
from tdkt.graph.store.oxigraph import RECOMPUTE_ABOVE, copy_text, forget_text, recompute_text, update_text
from tdkt.kernel.errors import QueryError, StoreError

BATCH_QUADS = 2_000  # triples per update request: Virtuoso 7.2's SPARQL compiler runs out of memory near 5,000 lines
SWAP_GRAPHS = 100  # graphs swapped in per update request
STAGING = "urn:tdkt:staging:"
# graphs an engine keeps of its own (Virtuoso 7: its RDF views, LDP and host graphs); never part of the dataset
ENGINE_GRAPHS = ("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#",
                 "http://localuriqaserver/sparql")
_OURS = "FILTER(?g NOT IN (" + ", ".join(f"<{g}>" for g in ENGINE_GRAPHS) + "))"


def with_values(sparql: str, bindings: Mapping[str, Term] | None) -> str:
    """The query with its values bound as every backend binds them (a leading VALUES block)."""
    return with_leading_values(sparql, bindings)


@dataclass(frozen=True)
class Credentials:
    """HTTP authentication for an endpoint, read from the environment."""

    user: str
    password: str
    scheme: str  # "basic" or "digest"

    @classmethod
    def from_env(cls, url: str, env: Mapping[str, str] | None = None) -> Credentials | None:
        env = os.environ if env is None else env
        user = env.get("TDKT_ENDPOINT_USER")
        if not user:
            return None
        scheme = env.get("TDKT_ENDPOINT_AUTH") or ("digest" if url.rstrip("/").endswith("-auth") else "basic")
        if scheme not in ("basic", "digest"):
            raise StoreError(f"TDKT_ENDPOINT_AUTH must be basic or digest, not '{scheme}'")
        return cls(user, env.get("TDKT_ENDPOINT_PASSWORD", ""), scheme)


def _term(binding: Mapping[str, Any]) -> Term:
    kind = binding["type"]
    if kind == "uri":
        return ox.NamedNode(binding["value"])
    if kind == "bnode":  # Virtuoso names them nodeID://b1234
        return ox.BlankNode("".join(c if c.isalnum() else "_" for c in binding["value"]))
    if "xml:lang" in binding:
        return ox.Literal(binding["value"], language=binding["xml:lang"])
    if "datatype" in binding:
        return ox.Literal(binding["value"], datatype=ox.NamedNode(binding["datatype"]))
    return ox.Literal(binding["value"])


def _default_update_url(endpoint: str) -> str:
    if endpoint.rstrip("/").endswith("/query"):
        return endpoint.rstrip("/")[: -len("/query")] + "/update"
    return endpoint


Batch = list[tuple[ox.NamedNode, list[ox.Triple]]]


def _batches(graphs: Mapping[ox.NamedNode, Sequence[ox.Quad]], size: int) -> list[Batch]:
    """The triples of every graph cut into requests of at most ``size`` triples."""
    out: list[Batch] = [[]]
    room = size
    for graph in sorted(graphs, key=lambda g: g.value):
        triples = [q.triple for q in graphs[graph]]
        while triples:
            if room == 0:
                out.append([])
                room = size
            part, triples = triples[:room], triples[room:]
            out[-1].append((graph, part))
            room -= len(part)
    return [b for b in out if b]


def _reason(exc: Exception) -> str:
    """The server's own first line of an error (Virtuoso: "Virtuoso 37000 Error SP030: ..."), else the client's."""
    text = str(exc)
    if "Response:" in text:
        reply = text.split("Response:", 1)[1].strip()
        if reply.startswith(("b'", 'b"')):
            reply = reply[2:]
        first = reply.replace("\\n", "\n").splitlines()[0].strip() if reply else ""
        if first:
            return first[:300]
    return text.splitlines()[0][:300]


class RemoteStore:
    """A SPARQL 1.1 Protocol endpoint."""

    def __init__(self, endpoint: str, update_endpoint: str | None = None, timeout: int = 120, *,
                 default_graph: str | None = None, credentials: Credentials | None = None,
                 batch_quads: int = BATCH_QUADS) -> None:
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint or _default_update_url(endpoint)
        self.timeout = timeout
        self.default_graph = default_graph
        self._default = ox.NamedNode(default_graph) if default_graph else None
        self.credentials = credentials if credentials is not None else Credentials.from_env(self.update_endpoint)
        self.batch_quads = batch_quads

    def _client(self, url: str) -> SPARQLWrapper:
        client = SPARQLWrapper(url, agent="tdkt-graph")
        client.setTimeout(self.timeout)
        if self.credentials is not None:
            client.setHTTPAuth(DIGEST if self.credentials.scheme == "digest" else BASIC)
            client.setCredentials(self.credentials.user, self.credentials.password)
        return client

    def prepare(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> str:
        """The text sent for a query: values bound, and ``GRAPH ?g`` kept off a named default graph."""
        text = outside_graph(sparql, self.default_graph) if self.default_graph else sparql
        return with_leading_values(text, bindings)

    def _results(self, sparql: str, kind: str) -> dict[str, Any]:
        client = self._client(self.endpoint)
        client.setQuery(sparql)
        # SPARQLWrapper guesses the type from the first keyword, even one inside a comment.
        client.queryType = kind
        client.setMethod(POST)
        client.setReturnFormat(JSON)
        if self.default_graph:
            client.addDefaultGraph(self.default_graph)
        try:
            raw = client.query().response.read()
        except SPARQLWrapperException as exc:
            raise QueryError(f"the endpoint rejected the query: {_reason(exc)}") from exc
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
        data = self._results(self.prepare(sparql, bindings), "SELECT")
        if "results" not in data:
            raise QueryError("this is not a SELECT query")
        names = list(data["head"].get("vars", []))
        rows = [[_term(b[n]) if n in b else None for n in names] for b in data["results"]["bindings"]]
        return make_rows(names, rows)

    def ask(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> bool:
        data = self._results(self.prepare(sparql, bindings), "ASK")
        if "boolean" in data:
            return bool(data["boolean"])
        rows = data.get("results", {}).get("bindings", [])
        if data.get("head", {}).get("vars") == ["__ASK_RETVAL"] and len(rows) == 1:  # Virtuoso's ASK in JSON
            return rows[0]["__ASK_RETVAL"]["value"] not in ("0", "false")
        raise QueryError("this is not an ASK query")

    def construct(self, sparql: str) -> list[ox.Triple]:
        client = self._client(self.endpoint)
        client.setQuery(self.prepare(sparql))
        client.queryType = "CONSTRUCT"
        client.setMethod(POST)
        client.setRequestMethod("postdirectly")
        client.addCustomHttpHeader("Accept", "application/n-triples")
        if self.default_graph:
            client.addDefaultGraph(self.default_graph)
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
        client.queryType = "INSERT"
        try:
            client.query().response.read()
        except SPARQLWrapperException as exc:
            raise StoreError(f"the endpoint refused the update: {_reason(exc)}") from exc
        except OSError as exc:
            raise StoreError(f"cannot reach {self.update_endpoint}: {exc}") from exc

    def replace_graphs(self, graphs: Mapping[ox.NamedNode, Sequence[ox.Quad]]) -> None:
        """Replace each graph whole: in one update when it is small, else staged and swapped in batches."""
        if not graphs:
            return
        if self._default is not None and self._default in graphs:
            raise StoreError(f"{self._default} holds the default graph's triples; it cannot be loaded as a source")
        total = sum(len(q) for q in graphs.values())
        if 2 * total <= self.batch_quads and len(graphs) <= min(SWAP_GRAPHS, RECOMPUTE_ABOVE):  # each triple twice
            self._update(update_text(graphs, self._default))
            return
        staging = {g: ox.NamedNode(f"{STAGING}{uuid.uuid4().hex}") for g in graphs}
        try:
            for batch in _batches(graphs, self.batch_quads):
                body = "\n".join(f"GRAPH {staging[g]} {{\n" + " .\n".join(map(str, triples)) + " .\n}"
                                 for g, triples in batch)
                self._update(f"INSERT DATA {{\n{body}\n}}")
        except StoreError:
            self._drop_quietly(list(staging.values()))
            raise
        names = sorted(graphs, key=lambda g: g.value)
        for i in range(0, len(names), SWAP_GRAPHS):
            group = names[i:i + SWAP_GRAPHS]
            parts = [forget_text(group, self._default)]
            for graph in group:
                if graphs[graph]:
                    parts += [f"MOVE SILENT GRAPH {staging[graph]} TO GRAPH {graph}", copy_text(graph, self._default)]
                else:
                    parts.append(f"DROP SILENT GRAPH {graph}")
            try:
                self._update(" ;\n".join(parts))
            except StoreError as exc:
                self._drop_quietly([staging[g] for g in names[i:]])
                done = f"; {i} of {len(names)} graphs were replaced before it" if i else ""
                raise StoreError(f"{exc}{done}") from exc

    def _drop_quietly(self, graphs: Sequence[ox.NamedNode]) -> None:
        with contextlib.suppress(StoreError):
            self._update(" ;\n".join(f"DROP SILENT GRAPH {g}" for g in graphs))

    def recompute_default(self) -> None:
        """Rebuild the graph the queries read from the named graphs (after a bulk load by the engine's own tool)."""
        self._update(recompute_text(self._default))

    def drop_graphs(self, graphs: Sequence[ox.NamedNode]) -> None:
        self.replace_graphs({g: [] for g in graphs})

    def quads(self) -> list[ox.Quad]:
        rows = self.select(f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_OURS} }}")
        out = []
        for r in rows:
            s, p, o, g = (r.term(v) for v in ("s", "p", "o", "g"))
            assert isinstance(p, ox.NamedNode) and s is not None and o is not None and g is not None
            out.append(ox.Quad(s, p, o, g))  # type: ignore[arg-type]
        return sorted(out, key=str)

    def graph_names(self) -> list[ox.NamedNode]:
        rows = self.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_OURS} }}")
        return sorted((t for t in (r.term("g") for r in rows) if isinstance(t, ox.NamedNode)), key=lambda g: g.value)

    def count(self) -> int:
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_OURS} }}")
        return int(rows.rows[0]["n"])

    def close(self) -> None:
        pass

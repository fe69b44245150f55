"""Exports: sorted, deterministic serialisations of the whole graph.

Graph formats (Turtle, N-Triples, RDF/XML) merge the named graphs; dataset
formats (TriG, N-Quads, JSON-LD) keep them, and TriG and N-Quads also carry
the graph the queries read (each triple of the named graphs once): as the
default graph, or under a name for engines whose default graph is the union
of all graphs (``default_name``; load it there as that named graph and query
with ``default-graph-uri``). Loaded into a fresh engine, they answer every
named query as the store they came from. JSON-LD is compacted with the
context shipped in ``ontology/context.jsonld`` and carries it inline, so no
consumer has to fetch anything.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pyoxigraph as ox

from tdkt.graph.namespaces import PREFIXES
from tdkt.graph.store.base import Store
from tdkt.kernel.errors import TdktError
from tdkt.ontology import ontology_text

GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML}
DATASET_FORMATS = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}
FORMATS = (*GRAPH_FORMATS, *DATASET_FORMATS, "jsonld")
MEDIA_TYPES = {
    "turtle": "text/turtle", "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml",
    "trig": "application/trig", "nquads": "application/n-quads", "jsonld": "application/ld+json",
}
EXTENSIONS = {"turtle": "ttl", "ntriples": "nt", "rdfxml": "rdf", "trig": "trig", "nquads": "nq", "jsonld": "jsonld"}


def context() -> dict[str, Any]:
    """The JSON-LD context shipped with the project."""
    data = json.loads(ontology_text("context.jsonld"))
    assert isinstance(data, dict)
    return data


_PLAIN_LOCAL = re.compile(r"(\w[\w-]*)?")


def _prefixes(quads: list[ox.Quad]) -> dict[str, str]:
    """The prefixes under which every IRI of the quads has a plain local name (letters, digits, _ and -): a
    name written with an escape (``form\\/bang-khen``) is valid Turtle that Virtuoso 7 reads wrongly."""
    iris = {t.value for q in quads for t in (q.subject, q.predicate, q.object, q.graph_name)
            if isinstance(t, ox.NamedNode)}
    iris |= {q.object.datatype.value for q in quads if isinstance(q.object, ox.Literal)}
    return {k: v for k, v in PREFIXES.items() if k != "sh"
            and all(_PLAIN_LOCAL.fullmatch(iri[len(v):]) for iri in iris if iri.startswith(v))}


def export(quads: list[ox.Quad], fmt: str) -> bytes:
    """Serialise quads in a format of :data:`FORMATS`."""
    ordered = sorted(quads, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    if fmt in GRAPH_FORMATS:
        triples = sorted({q.triple for q in ordered}, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        prefixes = None if fmt == "ntriples" else _prefixes(ordered)
        return _bytes(ox.serialize(triples, format=GRAPH_FORMATS[fmt], prefixes=prefixes))
    if fmt in DATASET_FORMATS:
        prefixes = None if fmt == "nquads" else _prefixes(ordered)
        return _bytes(ox.serialize(ordered, format=DATASET_FORMATS[fmt], prefixes=prefixes))
    if fmt == "jsonld":
        return _jsonld(ordered)
    raise TdktError(f"unknown export format '{fmt}': use one of {', '.join(FORMATS)}")


def _bytes(data: bytes | None) -> bytes:
    assert data is not None, "serialize returns bytes when no output is given"
    return data


def _sort_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sort_json(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        items = [_sort_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _jsonld(quads: list[ox.Quad]) -> bytes:
    import rdflib

    dataset = rdflib.Dataset()
    dataset.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS), format="nquads")
    ctx = context()["@context"]
    text = dataset.serialize(format="json-ld", context=ctx, auto_compact=True)
    data = json.loads(text)
    if isinstance(data, dict):
        data["@context"] = ctx
    return (json.dumps(_sort_json(data), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def default_triples(store: Store) -> list[ox.Triple]:
    """The triples of the graph the queries read (the default graph, or the named graph standing for it)."""
    out = []
    for row in store.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }"):
        s, p, o = row.term("s"), row.term("p"), row.term("o")
        assert isinstance(s, ox.NamedNode | ox.BlankNode) and isinstance(p, ox.NamedNode) and o is not None
        out.append(ox.Triple(s, p, o))
    return out


def export_store(store: Store, fmt: str, default_name: str | None = None) -> bytes:
    """The store in a format of :data:`FORMATS`; TriG and N-Quads with the default graph (see the module)."""
    quads = store.quads()
    if fmt in DATASET_FORMATS:
        graph: ox.NamedNode | ox.DefaultGraph = ox.NamedNode(default_name) if default_name else ox.DefaultGraph()
        quads += [ox.Quad(t.subject, t.predicate, t.object, graph) for t in default_triples(store)]
    return export(quads, fmt)


def parse_export(data: bytes, fmt: str) -> set[ox.Quad]:
    """Read an export back (for round-trip checks); graph formats come back in the default graph."""
    if fmt == "jsonld":
        import rdflib

        dataset = rdflib.Dataset()
        dataset.parse(data=data, format="json-ld")
        data, fmt = dataset.serialize(format="nquads").encode("utf-8"), "nquads"
    rdf_format = (GRAPH_FORMATS | DATASET_FORMATS)[fmt]
    out = set()
    for item in ox.parse(data, format=rdf_format):
        out.add(item if isinstance(item, ox.Quad) else ox.Quad(item.subject, item.predicate, item.object))
    return out

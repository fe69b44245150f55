"""A VoID and DCAT description of the dataset: what it holds, where to get it, how to query it.

Statistics come from the named queries ``dataset-totals``, ``dataset-classes``,
``dataset-properties`` and ``dataset-sources`` (SPARQL aggregates over the store),
so the description is cheap at any size; it carries no timestamps, so it changes
only when the data does. Partitions are numbered in the order of their class or
property IRI, whatever order an engine returns them in.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from tdkt.graph.export import EXTENSIONS, MEDIA_TYPES
from tdkt.graph.identity import Identity
from tdkt.graph.namespaces import DCT, PREFIXES, RDF
from tdkt.graph.results import Row
from tdkt.graph.store.base import Store
from tdkt.queries.library import run_query

VOID = PREFIXES["void"]
DCAT = PREFIXES["dcat"]


def _v(local: str) -> ox.NamedNode:
    return ox.NamedNode(VOID + local)


def _d(local: str) -> ox.NamedNode:
    return ox.NamedNode(DCAT + local)


def _int(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode(PREFIXES["xsd"] + "integer"))


def _by_term(rows: Iterable[Row], column: str) -> list[Row]:
    """Rows in SPARQL's order of the column's terms (blank nodes, then IRIs, then literals; each by its text)."""
    kinds = {ox.BlankNode: 0, ox.NamedNode: 1}
    return sorted(rows, key=lambda r: (kinds.get(type(r.term(column)), 2), str(getattr(r.term(column), "value", ""))))


def describe(store: Store, ids: Identity | None = None, endpoint: str | None = None,
             download_base: str | None = None) -> list[ox.Triple]:
    """Triples describing the dataset in ``store``."""
    ids = ids or Identity()
    root = ids.base.rstrip("/").rsplit("/", 1)[0] + "/"
    dataset = ox.NamedNode(root + "dataset")
    downloads = download_base or root + "dumps/"
    out: list[ox.Triple] = []

    def add(s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        out.append(ox.Triple(s, p, o))

    add(dataset, RDF.type, _v("Dataset"))
    add(dataset, RDF.type, _d("Dataset"))
    add(dataset, DCT.title, ox.Literal("TĐKT Graph: thi đua, khen thưởng", language="vi"))
    add(dataset, DCT.title, ox.Literal("TĐKT Graph: emulation and commendation in Vietnam", language="en"))
    add(dataset, ox.NamedNode(PREFIXES["dct"] + "license"), ox.NamedNode("https://creativecommons.org/licenses/by/4.0/"))
    add(dataset, _v("uriSpace"), ox.Literal(ids.base))
    totals = run_query(store, "dataset-totals").rows[0]
    add(dataset, _v("triples"), _int(int(totals["triples"])))
    add(dataset, _v("distinctSubjects"), _int(int(totals["subjects"])))
    add(dataset, _v("distinctObjects"), _int(int(totals["objects"])))
    for prefix in ("tdkt", "org", "prov", "skos", "schema", "foaf", "dct", "time"):
        add(dataset, _v("vocabulary"), ox.NamedNode(PREFIXES[prefix]))
    for i, row in enumerate(_by_term(run_query(store, "dataset-classes"), "class")):
        part = ox.NamedNode(f"{dataset.value}/class/{i}")
        cls = row.term("class")
        if isinstance(cls, ox.NamedNode):
            add(dataset, _v("classPartition"), part)
            add(part, _v("class"), cls)
            add(part, _v("entities"), _int(int(row["entities"])))
    for i, row in enumerate(_by_term(run_query(store, "dataset-properties"), "property")):
        part = ox.NamedNode(f"{dataset.value}/property/{i}")
        prop = row.term("property")
        if isinstance(prop, ox.NamedNode):
            add(dataset, _v("propertyPartition"), part)
            add(part, _v("property"), prop)
            add(part, _v("triples"), _int(int(row["triples"])))
    for fmt, ext in sorted(EXTENSIONS.items()):
        dist = ox.NamedNode(f"{dataset.value}/distribution/{fmt}")
        url = ox.NamedNode(f"{downloads}tdkt.{ext}")
        add(dataset, _d("distribution"), dist)
        add(dataset, _v("dataDump"), url)
        add(dist, RDF.type, _d("Distribution"))
        add(dist, _d("downloadURL"), url)
        add(dist, _d("mediaType"), ox.Literal(MEDIA_TYPES[fmt]))
    if endpoint:
        service = ox.NamedNode(f"{dataset.value}/sparql")
        add(dataset, _v("sparqlEndpoint"), ox.NamedNode(endpoint))
        add(service, RDF.type, _d("DataService"))
        add(service, _d("endpointURL"), ox.NamedNode(endpoint))
        add(service, _d("servesDataset"), dataset)
    for row in run_query(store, "dataset-sources"):
        page, source = row.term("url"), row.term("source")
        target = ox.NamedNode(page.value) if isinstance(page, ox.Literal) else source
        if isinstance(target, ox.NamedNode):
            add(dataset, ox.NamedNode(PREFIXES["prov"] + "wasDerivedFrom"), target)
    return sorted(set(out), key=str)

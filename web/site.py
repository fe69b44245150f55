"""What the pages know: the store behind the endpoint, entity IRIs ↔ local paths, entity descriptions, exports.

The site reads the graph through the same engines as the endpoint
(:class:`web.backend.EngineStore`), or the remote endpoint given with
``--endpoint`` (a :class:`graph.store.remote.RemoteStore`).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

import pyoxigraph as ox

from tdkt.graph.export import EXTENSIONS, MEDIA_TYPES, export, export_store
from tdkt.graph.identity import Identity
from tdkt.graph.namespaces import PREFIXES
from tdkt.graph.results import Term
from tdkt.graph.store.base import Store
from tdkt.graph.store.binding import with_leading_values
from tdkt.graph.store.remote import RemoteStore
from tdkt.queries.describe import describe
from tdkt.queries.law import LawFinding, law_findings
from tdkt.queries.library import PARAM_CHOICES, bindings, get_query, load_queries, run_query

ENTITY_FORMATS = {"ttl": (ox.RdfFormat.TURTLE, "text/turtle"),
                  "nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
                  "rdf": (ox.RdfFormat.RDF_XML, "application/rdf+xml"),
                  "jsonld": (None, "application/ld+json")}
ENTITY_MEDIA = {media: ext for ext, (_, media) in ENTITY_FORMATS.items()} | {"application/x-turtle": "ttl",
                                                                            "text/plain": "nt"}
TDKT = PREFIXES["tdkt"]
RDF_TYPE = PREFIXES["rdf"] + "type"
LABELS = {PREFIXES["skos"] + "prefLabel", PREFIXES["foaf"] + "name", PREFIXES["rdfs"] + "label"}


def compact(iri: str) -> str:
    """An IRI as prefix:local when a known prefix fits."""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


@dataclass
class Fact:
    """One statement as a page shows it: the value compacted (prefix:local) and, for IRIs, the full IRI."""

    property: str
    property_label: str
    value: str
    value_label: str
    is_iri: bool
    href: str | None
    iri: str | None = None
    lang: str = ""
    sources: list[tuple[str, str | None]] = field(default_factory=list)
    # how many sources state it: listed in ``sources`` only when few (queries/view-entity.rq)
    source_count: int = 0


@dataclass(frozen=True)
class ManyLinks:
    """A property through which too many things point at an entity to list them: how many."""

    property: str
    property_label: str
    count: int
    href: str  # the query page running entity-links for them


@dataclass
class Entity:
    iri: str
    label: str
    types: list[str]
    facts: list[Fact]
    links_in: list[Fact]
    links_many: list[ManyLinks]
    triples: list[ox.Triple]
    views: list[tuple[str, str]]
    truncated: bool


class Site:
    """Read access for the pages: links, entity descriptions, named queries, downloads.

    Downloads are cached per version of the store (``version``: the snapshot the engines read), so a load
    made while serving shows in them too.
    """

    def __init__(self, store: Store, ids: Identity, *, endpoint_path: str = "/sparql",
                 version: Callable[[], object] = lambda: 0) -> None:
        self.store = store
        self.ids = ids
        self.endpoint_path = endpoint_path
        self.version = version
        self._exports: dict[tuple[str, object], bytes] = {}
        self._lock = threading.Lock()

    @classmethod
    def over(cls, query_url: str, ids: Identity, timeout_s: float, default_graph: str | None = None) -> Site:
        return cls(RemoteStore(query_url, timeout=int(timeout_s) + 5, default_graph=default_graph), ids)

    # -- IRIs and links ---------------------------------------------------

    def local_path(self, iri: str) -> str | None:
        """The path of an entity's page on this site, for IRIs under the base."""
        if iri.startswith(self.ids.base) and len(iri) > len(self.ids.base):
            return "/id/" + quote(iri[len(self.ids.base):], safe="/-_.~")
        return None

    def iri_of(self, path: str) -> str:
        return self.ids.base + path

    def view_links(self, kind: str, iri: str) -> list[tuple[str, str]]:
        """Links from a node of a view (or an entity page): its page, and the views centred on it."""
        out: list[tuple[str, str]] = []
        page = self.local_path(iri)
        if page:
            out.append(("trang — page", page))
        if kind in ("unit", "chair", "vice_chair", "host") and "/unit/" in iri:
            out.append(("sơ đồ đơn vị — unit view", "/view/unit?" + urlencode({"unit": iri})))
        if kind == "bloc" and "/bloc/" in iri:
            out.append(("dòng thời gian — bloc view", "/view/bloc?" + urlencode({"bloc": iri})))
            out.append(("kế thừa — lineage", "/view/lineage?" + urlencode({"bloc": iri, "part": "chairs"})))
        return out

    def type_views(self, iri: str, types: list[str], label: str) -> list[tuple[str, str]]:
        views: list[tuple[str, str]] = []
        if TDKT + "Unit" in types:
            views.append(("Sơ đồ đơn vị — unit view", "/view/unit?" + urlencode({"unit": iri})))
        if TDKT + "EmulationBloc" in types:
            views.append(("Dòng thời gian khối — bloc view", "/view/bloc?" + urlencode({"bloc": iri})))
            views.append(("Kế thừa trưởng khối — lineage", "/view/lineage?" + urlencode({"bloc": iri})))
        if TDKT + "AdministrativeUnit" in types:
            short = label.removeprefix("Tỉnh ").removeprefix("Thành phố ")
            views.append(("Tổng quan tỉnh — overview", "/view/overview?" + urlencode({"province": short})))
            views.append(("Sắp xếp đơn vị — lineage", "/view/lineage?" + urlencode({"province": short,
                                                                                   "part": "changes"})))
        if TDKT + "Commendation" in types or TDKT + "AwardCount" in types:
            views.append(("Khen thưởng — awards view", "/view/awards"))
        if TDKT + "Campaign" in types:
            views.append(("Phong trào — lineage", "/view/lineage?part=campaigns"))
        return views

    # -- entities ---------------------------------------------------------

    def entity(self, iri: str) -> Entity | None:
        rows = run_query(self.store, "view-entity", {"entity": iri})
        if not len(rows):
            return None
        out_facts: dict[tuple[str, str], Fact] = {}
        in_facts: dict[tuple[str, str], Fact] = {}
        many: list[ManyLinks] = []
        triples: set[ox.Triple] = set()
        subject = ox.NamedNode(iri)
        for row in rows:
            prop, value = row.term("property"), row.term("value")
            if not isinstance(prop, ox.NamedNode) or value is None:
                continue
            direction = row["direction"]
            if direction == "in-many":
                listing = "/query?" + urlencode({"name": "entity-links", "entity": iri, "property": prop.value})
                many.append(ManyLinks(prop.value, str(row["propertyLabel"] or compact(prop.value)), int(row["value"]),
                                      listing))
                continue
            if direction == "out":
                triples.add(ox.Triple(subject, prop, value))
            elif isinstance(value, ox.NamedNode | ox.BlankNode):
                triples.add(ox.Triple(value, prop, subject))
            table = out_facts if direction == "out" else in_facts
            key = (prop.value, str(value))
            fact = table.get(key)
            if fact is None:
                fact = table[key] = self._fact(prop.value, row["propertyLabel"], value, row["valueLabel"])
                fact.source_count = int(row["sources"] or 0)
            source = row["source"]
            if source and all(s[0] != source for s in fact.sources):
                fact.sources.append((str(source), self.local_path(str(source))))
        facts = list(out_facts.values())
        types = [f.iri for f in facts if f.property == RDF_TYPE and f.iri]
        label = next((f.value_label for f in facts if f.property in LABELS and not f.is_iri), "") or iri
        return Entity(iri, label, types, facts, list(in_facts.values()), many,
                      sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object))),
                      self.type_views(iri, types, label), len(rows) >= 2000)

    def law_findings(self, entity: Entity) -> list[LawFinding]:
        """The awards of a recipient checked against the law (queries.law), as ``tdkt check`` lists them."""
        pointing = {f.property for f in entity.links_in} | {m.property for m in entity.links_many}
        if TDKT + "recipient" not in pointing:
            return []
        return list(law_findings(self.store, entity.iri).findings)

    def _fact(self, prop: str, prop_label: Any, value: Term, value_label: Any) -> Fact:
        if isinstance(value, ox.NamedNode):
            text = value.value
            return Fact(prop, str(prop_label or compact(prop)), compact(text), str(value_label or ""), True,
                        self.local_path(text), text)
        if isinstance(value, ox.BlankNode):
            return Fact(prop, str(prop_label or compact(prop)), f"_:{value.value}", "", True, None)
        return Fact(prop, str(prop_label or compact(prop)), value.value, value.value, False, None,
                    lang=value.language or "")

    def entity_document(self, entity: Entity, fmt: str) -> tuple[bytes, str]:
        """The entity's statements (both ways) as Turtle, N-Triples, RDF/XML or JSON-LD."""
        rdf_format, media = ENTITY_FORMATS[fmt]
        if rdf_format is None:
            quads = [ox.Quad(t.subject, t.predicate, t.object) for t in entity.triples]
            return export(quads, "jsonld"), media
        prefixes = {k: v for k, v in PREFIXES.items() if k != "sh"} if fmt in ("ttl", "rdf") else None
        data = ox.serialize(entity.triples, format=rdf_format, prefixes=prefixes)
        assert data is not None
        return data, media

    # -- named queries ----------------------------------------------------

    def named_queries(self) -> list[dict[str, Any]]:
        return [{"name": q.name, "title": q.title, "description": q.description, "question": q.question,
                 "params": [{"name": p.name, "type": p.type, "description": p.description,
                             "required": p.required, "default": p.default,
                             "choices": list(PARAM_CHOICES.get(p.type, ()))} for p in q.params]}
                for q in load_queries().values()]

    def bound_query(self, name: str, values: Mapping[str, str]) -> str:
        """The named query's text with its parameters bound as every backend binds them (leading VALUES blocks)."""
        query = get_query(name)
        bound: dict[str, Term] = bindings(self.store, query, {k: v for k, v in values.items() if v})
        return with_leading_values(query.text, bound)

    # -- downloads --------------------------------------------------------

    def download(self, fmt: str) -> tuple[bytes, str]:
        key = (fmt, self.version())
        with self._lock:
            if key not in self._exports:
                self._exports = {k: v for k, v in self._exports.items() if k[1] == key[1]}
                self._exports[key] = export_store(self.store, fmt)
        return self._exports[key], MEDIA_TYPES[fmt]

    def void(self, site_url: str) -> bytes:
        triples = describe(self.store, self.ids, endpoint=site_url + self.endpoint_path.lstrip("/"),
                           download_base=site_url + "download/")
        data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes={k: v for k, v in PREFIXES.items()})
        assert data is not None
        return data

    def blocs(self) -> list[dict[str, Any]]:
        """Every bloc with its province, for the home page."""
        rows = run_query(self.store, "view-bloc")
        seen: dict[str, dict[str, Any]] = {}
        counts: dict[str, set[str]] = defaultdict(set)
        for r in rows:
            seen.setdefault(str(r["bloc"]), {"iri": str(r["bloc"]), "label": r["blocLabel"],
                                             "province": r["province"] or ""})
            if r["kind"] == "member" and r["unit"]:
                counts[str(r["bloc"])].add(str(r["unit"]))
        out = sorted(seen.values(), key=lambda b: (str(b["province"]), str(b["label"])))
        for b in out:
            b["members"] = len(counts[b["iri"]])
            b["href"] = self.local_path(b["iri"])
        return out


DOWNLOADS = {f"tdkt.{ext}": fmt for fmt, ext in EXTENSIONS.items()}

"""Reference graphs every build carries: the ontology, the award vocabulary, and
the administrative units with the 2025 reorganisation as lineage events.

The register comes from the vietnamadminunits package (``loaders.places``):
the 63 provinces and their districts before 1 July 2025, the 34 provinces
after, and which old provinces each new one was formed from. On 1 July 2025
the district level was abolished: each district gets a dissolution event whose
resulting area is the new province that took over its territory.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import pyoxigraph as ox

from tdkt.graph.identity import Identity
from tdkt.graph.namespaces import PROV, RDF, RDFS, SCHEMA, SKOS, XSD
from tdkt.kernel.places import REORGANISATION_DATE, Area, Register, register
from tdkt.kernel.vocab import TDKT
from tdkt.ontology import ontology_bytes

ONTOLOGY_FILES = ("tdkt.ttl", "awards.ttl", "law.ttl")
VERSION_INFO = ox.NamedNode("http://www.w3.org/2002/07/owl#versionInfo")
REFERENCE_NAMES = ("ontology", "admin-units")
LEVELS = {"province": TDKT.ProvinceLevel, "district": TDKT.DistrictLevel, "commune": TDKT.CommuneLevel}
_LAST_DAY_BEFORE = "2025-06-30"


def skolemise(triples: list[ox.Triple], prefix: str) -> list[ox.Triple]:
    """Blank nodes → IRIs numbered in order of appearance, so every build writes the same quads."""
    names: dict[str, ox.NamedNode] = {}

    def fix(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> ox.NamedNode | ox.Literal:
        if isinstance(term, ox.BlankNode):
            return names.setdefault(term.value, ox.NamedNode(f"{prefix}{len(names) + 1}"))
        return term

    out = []
    for t in triples:
        subject, obj = fix(t.subject), fix(t.object)  # type: ignore[arg-type]
        assert isinstance(subject, ox.NamedNode)
        out.append(ox.Triple(subject, t.predicate, obj))
    return out


def ontology_quads(ids: Identity) -> list[ox.Quad]:
    """The ontology and award vocabulary, as shipped, in their own graph."""
    graph = ids.graph("ontology")
    quads: list[ox.Quad] = []
    for name in ONTOLOGY_FILES:
        triples = list(ox.parse(ontology_bytes(name), format=ox.RdfFormat.TURTLE))
        genid = f"{ids.base}.well-known/genid/{name.replace('.', '-')}-"
        quads += [ox.Quad(t.subject, t.predicate, t.object, graph) for t in skolemise(triples, genid)]
    return quads


def _lit(value: str, datatype: ox.NamedNode | None = None, lang: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(value, language=lang)
    return ox.Literal(value, datatype=datatype) if datatype else ox.Literal(value)


class _AreaWriter:
    def __init__(self, ids: Identity, reg: Register) -> None:
        self.ids, self.reg = ids, reg
        self.graph = ids.graph("admin-units")

    def q(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> ox.Quad:
        return ox.Quad(s, p, o, self.graph)

    def area(self, area: Area, parent: Area | None) -> Iterator[ox.Quad]:
        node = self.ids.area(area)
        yield self.q(node, RDF.type, TDKT.AdministrativeUnit)
        yield self.q(node, SKOS.prefLabel, _lit(area.name, lang="vi"))
        yield self.q(node, SKOS.altLabel, _lit(area.short, lang="vi"))
        yield self.q(node, TDKT.gsoCode, _lit(area.code))
        yield self.q(node, TDKT.edition, _lit(area.edition))
        yield self.q(node, TDKT.adminLevel, LEVELS[area.level])
        if area.latitude is not None and area.longitude is not None:
            yield self.q(node, SCHEMA.latitude, _lit(repr(area.latitude), XSD.double))
            yield self.q(node, SCHEMA.longitude, _lit(repr(area.longitude), XSD.double))
        if parent is not None:
            yield self.q(node, SCHEMA.containedInPlace, self.ids.area(parent))
        if area.edition == "pre2025":
            yield self.q(node, TDKT.validUntil, _lit(_LAST_DAY_BEFORE, XSD.date))
        else:
            yield self.q(node, TDKT.validFrom, _lit(REORGANISATION_DATE, XSD.date))

    def event(self, kind: ox.NamedNode, node: ox.NamedNode, label_vi: str, label_en: str,
              originals: list[Area], result: Area) -> Iterator[ox.Quad]:
        yield self.q(node, RDF.type, kind)
        yield self.q(node, RDF.type, ox.NamedNode("http://www.w3.org/ns/org#ChangeEvent"))
        yield self.q(node, RDFS.label, _lit(label_vi, lang="vi"))
        yield self.q(node, RDFS.label, _lit(label_en, lang="en"))
        yield self.q(node, PROV.startedAtTime, _lit(f"{REORGANISATION_DATE}T00:00:00+07:00",
                                                    ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")))
        for original in originals:
            yield self.q(node, TDKT.originalArea, self.ids.area(original))
        yield self.q(node, TDKT.resultingArea, self.ids.area(result))


def admin_unit_quads(ids: Identity, reg: Register | None = None) -> list[ox.Quad]:
    """Provinces and districts before 2025, provinces after, and the 2025 lineage events."""
    reg = reg or register()
    w = _AreaWriter(ids, reg)
    quads: list[ox.Quad] = []
    for area in reg.provinces.values():
        quads += w.area(area, None)
    for area in reg.districts.values():
        quads += w.area(area, reg.provinces[area.parent or ""])
    for area in reg.provinces_2025.values():
        quads += w.area(area, None)
    successor = reg.province_successor
    for new_code, new in reg.provinces_2025.items():
        olds = [reg.provinces[c] for c, n in sorted(successor.items()) if n == new_code]
        merged = len(olds) > 1
        names = ", ".join(o.name for o in olds)
        quads += w.event(
            TDKT.Merger if merged else TDKT.Renaming, ids.change("2025", f"province-{new_code}"),
            f"Sắp xếp đơn vị hành chính cấp tỉnh 2025: {names} → {new.name}",
            f"2025 province reorganisation: {names} → {new.name}", olds, new,
        )
    for district in reg.districts.values():
        new = reg.provinces_2025[successor[district.parent or ""]]
        quads += w.event(
            TDKT.Dissolution, ids.change("2025", f"district-{district.code}"),
            f"Kết thúc hoạt động của đơn vị hành chính cấp huyện: {district.name} (địa bàn thuộc {new.name})",
            f"District level abolished: {district.name} (territory now in {new.name})", [district], new,
        )
    return quads


@lru_cache(maxsize=1)
def reference_version() -> str:
    """The version of the reference graphs this code writes: the package version and a digest of what they
    are made from (the ontology files, this module, the administrative-unit data), so that a store written by
    an older code is refreshed even when the package version did not change."""
    digest = hashlib.sha256()
    for name in ONTOLOGY_FILES:
        digest.update(ontology_bytes(name))
    digest.update(Path(__file__).read_bytes())
    for package in ("tdkt-graph", "vietnamadminunits"):
        try:
            digest.update(metadata.version(package).encode())
        except metadata.PackageNotFoundError:
            digest.update(package.encode())
    try:
        package_version = metadata.version("tdkt-graph")
    except metadata.PackageNotFoundError:
        package_version = "0"
    return f"tdkt-graph {package_version} reference {digest.hexdigest()[:16]}"


def reference_names(ids: Identity) -> list[ox.NamedNode]:
    return [ids.graph(name) for name in REFERENCE_NAMES]


def version_quad(graph: ox.NamedNode) -> ox.Quad:
    """The statement that dates a reference graph: ``<graph> owl:versionInfo "<reference_version()>"``."""
    return ox.Quad(graph, VERSION_INFO, ox.Literal(reference_version()), graph)


def reference_graphs(ids: Identity) -> dict[ox.NamedNode, list[ox.Quad]]:
    """Every reference graph by name, each carrying its version (``version_quad``)."""
    ontology, areas = reference_names(ids)
    return {ontology: [*ontology_quads(ids), version_quad(ontology)],
            areas: [*admin_unit_quads(ids), version_quad(areas)]}

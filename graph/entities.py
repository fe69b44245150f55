"""The entities a records document names, as triples: units, people, campaigns, areas, and provenance.

:class:`EntityMapper` holds what a document's records share (its graph, blocs and province) and the
triples stated so far; :class:`tdkt.graph.mapping.DocumentMapper` adds one method per record type.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from pyoxigraph import Literal, NamedNode

from tdkt.graph.identity import Identity, is_organisation, unit_area
from tdkt.graph.namespaces import FOAF, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, TIME, XSD
from tdkt.kernel.names import canonical_name, canonical_person, key
from tdkt.kernel.places import Area, register
from tdkt.kernel.vocab import TDKT
from tdkt.loaders.records import Record, RecordsDocument

Triple = tuple[NamedNode, NamedNode, NamedNode | Literal]


@lru_cache(maxsize=1)
def _provinces_by_slug() -> dict[str, Area]:
    return {key(a.short): a for a in register().provinces.values()}


def vi(text: str) -> Literal:
    return Literal(text, language="vi")


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def date(value: dt.date | str) -> Literal:
    return Literal(value if isinstance(value, str) else value.isoformat(), datatype=XSD.date)

@dataclass
class EntityMapper:
    """Maps one records document's entities; holds what its records share (graph, blocs, province).

    The methods append triples to one list (``quad``); the document mapper turns them into quads.
    """

    doc: RecordsDocument
    ids: Identity

    def __post_init__(self) -> None:
        self.graph = self.ids.source(self.doc.source.id)
        self.province = self.doc.source.province
        self.blocs = {k: self._bloc_iri(r) for k, r in self.doc.bloc_names().items()}
        self._out: list[Triple] = []

    # -- emitting ---------------------------------------------------------

    def quad(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        """State a triple of this document's graph; repeats are dropped in ``quads``."""
        self._out.append((s, p, o))

    def derived(self, node: NamedNode, record: Record) -> None:
        source = self.ids.source(self.doc.source.id)
        derivation = self.ids.derivation(node, f"{self.doc.source.id}/{record.index}")
        self.quad(node, PROV.wasDerivedFrom, source)
        self.quad(node, PROV.qualifiedDerivation, derivation)
        self.quad(derivation, RDF.type, PROV.Derivation)
        self.quad(derivation, PROV.entity, source)
        self.quad(derivation, TDKT.recordIndex, integer(record.index))
        if record.evidence:
            self.quad(derivation, TDKT.evidence, vi(record.evidence))
        if record.confidence is not None:
            self.quad(derivation, TDKT.confidence, Literal(f"{record.confidence:.3f}", datatype=XSD.decimal))

    # -- entities ---------------------------------------------------------

    def bloc_province(self, r: Record) -> str | None:
        """A bloc's own province; an explicit null means national or multi-province, never the source's."""
        if "province" in r.fields:
            return r.optional_text("province")
        return self.province

    def _bloc_iri(self, r: Record) -> NamedNode:
        return self.ids.bloc(r.text("name"), self.bloc_province(r), r.optional_text("organiser"))

    def bloc_ref(self, name: str) -> NamedNode | None:
        return self.blocs.get(key(canonical_name(name, self.province)))


    def during(self, node: NamedNode, year: int) -> None:
        """The year as an OWL-Time interval, for org:memberDuring."""
        interval = self.ids.year(year)
        self.quad(node, ORG.memberDuring, interval)
        self.quad(interval, RDF.type, TIME.Interval)
        self.quad(interval, TIME.inXSDgYear, Literal(f"{year:04d}", datatype=XSD.gYear))

    def area(self, area: Area) -> NamedNode:
        return self.ids.area(area)

    def unit(self, name: str) -> NamedNode:
        """An organisation named in a record: a bloc of this document, or a unit (described here)."""
        bloc = self.bloc_ref(name)
        if bloc is not None:
            return bloc
        iri = self.ids.unit(name, self.province, self.doc.source.id)
        self._unit_quads(iri, name)
        return iri

    def _unit_quads(self, iri: NamedNode, name: str) -> None:
        canonical = canonical_name(name, self.province)
        self.quad(iri, RDF.type, TDKT.Unit)
        self.quad(iri, RDF.type, ORG.Organization)
        self.quad(iri, SKOS.prefLabel, vi(canonical))
        if canonical != name:
            self.quad(iri, SKOS.altLabel, vi(name))
        area = unit_area(name, self.province)
        if area is not None:
            self.quad(iri, SCHEMA.areaServed, self.area(area))
        province = self._province_area(iri)
        if province is not None:
            self.quad(iri, TDKT.province, province)

    def _province_area(self, iri: NamedNode) -> NamedNode | None:
        parts = iri.value[len(self.ids.base):].split("/")
        area = _provinces_by_slug().get(parts[1]) if len(parts) > 1 else None
        return self.area(area) if area is not None else None

    def agent(self, name: str) -> NamedNode:
        """An award recipient: a collective or a person."""
        if is_organisation(canonical_name(name, self.province)) or self.bloc_ref(name) is not None:
            return self.unit(name)
        return self.person(name)

    def person(self, name: str) -> NamedNode:
        canonical = canonical_person(name)
        iri = self.ids.person(canonical, self.province)
        self.quad(iri, RDF.type, FOAF.Person)
        self.quad(iri, FOAF.name, vi(canonical))
        self.quad(iri, RDFS.label, vi(canonical))
        return iri

    def campaign(self, name: str) -> NamedNode:
        iri = self.ids.campaign(name)
        self.quad(iri, RDF.type, TDKT.Campaign)
        self.quad(iri, SKOS.prefLabel, vi(name))
        return iri

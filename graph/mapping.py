"""Records → quads: one pure function per record type, all in the source's graph.

Every node a record makes is tied to its source with ``prov:wasDerivedFrom``
and a qualified derivation that carries the evidence sentence, the extraction
confidence and the record's position in its document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Quad

from graph.awards import vocabulary
from graph.identity import Identity, is_organisation, unit_area
from graph.namespaces import DCT, FOAF, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, TIME, XSD
from graph.vocab import TDKT
from loaders.names import canonical_name, canonical_person, canonical_title, key
from loaders.places import Area, register
from loaders.records import Record, RecordsDocument

ROLES = {"chair": TDKT.Chair, "vice_chair": TDKT.ViceChair, "host": TDKT.Host}
CONFERENCE_KINDS = {"tổng kết": TDKT.TongKet, "sơ kết": TDKT.SoKet, "other": TDKT.OtherConference}
STATUSES = {"proposed": (TDKT.Proposed, TDKT.AwardProposal), "conferred": (TDKT.Conferred, TDKT.AwardConferral)}


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
class DocumentMapper:
    """Maps one records document; holds what its records share (graph, blocs, province)."""

    doc: RecordsDocument
    ids: Identity

    def __post_init__(self) -> None:
        self.graph = self.ids.source(self.doc.source.id)
        self.province = self.doc.source.province
        self.blocs = {k: self._bloc_iri(r) for k, r in self.doc.bloc_names().items()}
        self._seen: set[tuple[NamedNode, NamedNode, object]] = set()

    # -- emitting ---------------------------------------------------------

    def quad(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> Iterator[Quad]:
        triple = (s, p, o)
        if triple not in self._seen:
            self._seen.add(triple)
            yield Quad(s, p, o, self.graph)

    def derived(self, node: NamedNode, record: Record) -> Iterator[Quad]:
        source = self.ids.source(self.doc.source.id)
        derivation = self.ids.derivation(node, f"{self.doc.source.id}/{record.index}")
        yield from self.quad(node, PROV.wasDerivedFrom, source)
        yield from self.quad(node, PROV.qualifiedDerivation, derivation)
        yield from self.quad(derivation, RDF.type, PROV.Derivation)
        yield from self.quad(derivation, PROV.entity, source)
        yield from self.quad(derivation, TDKT.recordIndex, integer(record.index))
        if record.evidence:
            yield from self.quad(derivation, TDKT.evidence, vi(record.evidence))
        if record.confidence is not None:
            yield from self.quad(derivation, TDKT.confidence, Literal(f"{record.confidence:.3f}", datatype=XSD.decimal))

    # -- entities ---------------------------------------------------------

    def _bloc_iri(self, r: Record) -> NamedNode:
        province = r.optional_text("province") or self.province
        return self.ids.bloc(r.text("name"), province, r.optional_text("organiser"))

    def bloc_ref(self, name: str) -> NamedNode | None:
        return self.blocs.get(key(canonical_name(name, self.province)))


    def during(self, node: NamedNode, year: int) -> Iterator[Quad]:
        """The year as an OWL-Time interval, for org:memberDuring."""
        interval = self.ids.year(year)
        yield from self.quad(node, ORG.memberDuring, interval)
        yield from self.quad(interval, RDF.type, TIME.Interval)
        yield from self.quad(interval, TIME.inXSDgYear, Literal(f"{year:04d}", datatype=XSD.gYear))

    def area(self, area: Area) -> NamedNode:
        return self.ids.area(area)

    def unit(self, name: str) -> tuple[NamedNode, Iterator[Quad]]:
        """An organisation named in a record: a bloc of this document, or a unit."""
        bloc = self.bloc_ref(name)
        if bloc is not None:
            return bloc, iter(())
        iri = self.ids.unit(name, self.province)
        return iri, self._unit_quads(iri, name)

    def _unit_quads(self, iri: NamedNode, name: str) -> Iterator[Quad]:
        canonical = canonical_name(name, self.province)
        yield from self.quad(iri, RDF.type, TDKT.Unit)
        yield from self.quad(iri, RDF.type, ORG.Organization)
        yield from self.quad(iri, SKOS.prefLabel, vi(canonical))
        if canonical != name:
            yield from self.quad(iri, SKOS.altLabel, vi(name))
        area = unit_area(name, self.province)
        if area is not None:
            yield from self.quad(iri, SCHEMA.areaServed, self.area(area))
        province = self._province_area(iri)
        if province is not None:
            yield from self.quad(iri, TDKT.province, province)

    def _province_area(self, iri: NamedNode) -> NamedNode | None:
        parts = iri.value[len(self.ids.base):].split("/")
        area = _provinces_by_slug().get(parts[1]) if len(parts) > 1 else None
        return self.area(area) if area is not None else None

    def agent(self, name: str) -> tuple[NamedNode, Iterator[Quad]]:
        """An award recipient: a collective or a person."""
        if is_organisation(canonical_name(name, self.province)) or self.bloc_ref(name) is not None:
            return self.unit(name)
        return self.person(name)

    def person(self, name: str) -> tuple[NamedNode, Iterator[Quad]]:
        canonical = canonical_person(name)
        iri = self.ids.person(canonical, self.province)

        def quads() -> Iterator[Quad]:
            yield from self.quad(iri, RDF.type, FOAF.Person)
            yield from self.quad(iri, FOAF.name, vi(canonical))
            yield from self.quad(iri, RDFS.label, vi(canonical))

        return iri, quads()

    def campaign(self, name: str) -> tuple[NamedNode, Iterator[Quad]]:
        iri = self.ids.campaign(name)

        def quads() -> Iterator[Quad]:
            yield from self.quad(iri, RDF.type, TDKT.Campaign)
            yield from self.quad(iri, SKOS.prefLabel, vi(name))

        return iri, quads()

    # -- records ----------------------------------------------------------

    def source_quads(self) -> Iterator[Quad]:
        src = self.doc.source
        node = self.ids.source(src.id)
        yield from self.quad(node, RDF.type, TDKT.SourceDocument)
        yield from self.quad(node, DCT.identifier, Literal(src.id))
        if src.title:
            yield from self.quad(node, DCT.title, vi(src.title))
        if src.url:
            yield from self.quad(node, SCHEMA.url, Literal(src.url, datatype=NamedNode("http://www.w3.org/2001/XMLSchema#anyURI")))
        if src.published:
            yield from self.quad(node, SCHEMA.datePublished, date(src.published))
        if src.publisher:
            yield from self.quad(node, DCT.publisher, vi(src.publisher))
        for author in src.authors:
            yield from self.quad(node, SCHEMA.author, vi(author))
        found = register().find_province(src.province) if src.province else None
        if found is not None:
            yield from self.quad(node, TDKT.province, self.area(found))
        for note in self.doc.notes:
            yield from self.quad(node, TDKT.note, Literal(note, language="en"))

    def bloc(self, r: Record) -> Iterator[Quad]:
        node = self._bloc_iri(r)
        name = canonical_name(r.text("name"), r.optional_text("province") or self.province)
        yield from self.quad(node, RDF.type, TDKT.EmulationBloc)
        yield from self.quad(node, RDF.type, ORG.OrganizationalCollaboration)
        yield from self.quad(node, SKOS.prefLabel, vi(name))
        kind = TDKT.Cum if name.casefold().startswith("cụm") else TDKT.Khoi
        yield from self.quad(node, ORG.classification, kind)
        province = register().find_province(r.optional_text("province") or self.province or "")
        if province is not None:
            yield from self.quad(node, TDKT.province, self.area(province))
        organiser = r.optional_text("organiser")
        if organiser:
            unit, quads = self.unit(organiser)
            yield from quads
            yield from self.quad(node, TDKT.organiser, unit)
        yield from self.derived(node, r)

    def _in_bloc(self, r: Record) -> NamedNode:
        bloc = self.bloc_ref(r.text("bloc"))
        assert bloc is not None, "parse_document checks bloc references"
        return bloc

    def _yearly(self, node: NamedNode, kind: NamedNode, r: Record) -> Iterator[Quad]:
        yield from self.quad(node, RDF.type, kind)
        yield from self.quad(node, TDKT.year, integer(r.integer("year")))
        yield from self.derived(node, r)

    def conference(self, r: Record) -> Iterator[Quad]:
        bloc = self._in_bloc(r)
        node = self.ids.fact("conference", bloc.value, r.text("kind"), r.integer("year"))
        yield from self._yearly(node, TDKT.Conference, r)
        yield from self.quad(node, TDKT.bloc, bloc)
        yield from self.quad(node, TDKT.conferenceKind, CONFERENCE_KINDS[r.text("kind")])
        label = f"Hội nghị {r.text('kind')} năm {r.integer('year')}"
        yield from self.quad(node, RDFS.label, vi(label))
        if r.optional_text("date"):
            yield from self.quad(node, SCHEMA.startDate, date(r.text("date")))
        place = r.optional_text("place")
        if place:
            yield from self.quad(node, TDKT.placeName, vi(place))
            area = unit_area(place, self.province)
            if area is not None:
                yield from self.quad(node, SCHEMA.location, self.area(area))

    def _bloc_membership(self, node: NamedNode, kind: NamedNode, bloc: NamedNode, unit: NamedNode,
                         r: Record) -> Iterator[Quad]:
        """What a yearly membership and a yearly duty share: an org:Membership of a unit in a bloc."""
        yield from self._yearly(node, kind, r)
        yield from self.quad(node, RDF.type, ORG.Membership)
        yield from self.quad(node, ORG.member, unit)
        yield from self.quad(node, ORG.organization, bloc)
        yield from self.during(node, r.integer("year"))

    def membership(self, r: Record) -> Iterator[Quad]:
        bloc = self._in_bloc(r)
        unit, quads = self.unit(r.text("unit"))
        yield from quads
        node = self.ids.fact("membership", bloc.value, unit.value, r.integer("year"))
        yield from self._bloc_membership(node, TDKT.BlocMembership, bloc, unit, r)

    def role(self, r: Record) -> Iterator[Quad]:
        bloc = self._in_bloc(r)
        unit, quads = self.unit(r.text("unit"))
        yield from quads
        node = self.ids.fact("role", bloc.value, r.integer("year"), r.text("role"), unit.value)
        yield from self._bloc_membership(node, TDKT.BlocRole, bloc, unit, r)
        yield from self.quad(node, ORG.role, ROLES[r.text("role")])

    def ranking(self, r: Record) -> Iterator[Quad]:
        bloc = self._in_bloc(r)
        unit, quads = self.unit(r.text("unit"))
        yield from quads
        node = self.ids.fact("ranking", bloc.value, r.integer("year"), r.integer("rank"), unit.value)
        yield from self._yearly(node, TDKT.BlocRanking, r)
        yield from self.quad(node, TDKT.bloc, bloc)
        yield from self.quad(node, TDKT.unit, unit)
        yield from self.quad(node, TDKT.rank, integer(r.integer("rank")))

    def _award_type(self, node: NamedNode, award: str, grantor: str) -> Iterator[Quad]:
        yield from self.quad(node, TDKT.awardName, vi(award))
        concept = vocabulary().resolve(award, canonical_name(grantor, self.province))
        if concept:
            yield from self.quad(node, TDKT.awardType, NamedNode(concept))

    def award(self, r: Record) -> Iterator[Quad]:
        recipient, quads = self.agent(r.text("recipient"))
        yield from quads
        grantor, gquads = self.unit(r.text("grantor"))
        yield from gquads
        status, cls = STATUSES[r.text("status")]
        node = self.ids.fact("award", recipient.value, key(r.text("award")), grantor.value,
                             r.integer("year"), r.text("status"))
        yield from self._yearly(node, cls, r)
        yield from self.quad(node, RDF.type, TDKT.Commendation)
        yield from self.quad(node, TDKT.recipient, recipient)
        yield from self.quad(node, TDKT.grantor, grantor)
        yield from self.quad(node, TDKT.awardStatus, status)
        yield from self._award_type(node, r.text("award"), r.text("grantor"))
        proposer = r.optional_text("proposer")
        if proposer:
            unit, pquads = self.unit(proposer)
            yield from pquads
            yield from self.quad(node, TDKT.proposer, unit)

    def award_count(self, r: Record) -> Iterator[Quad]:
        grantor, quads = self.unit(r.text("grantor"))
        yield from quads
        node = self.ids.fact("award-count", grantor.value, key(r.text("award")), r.integer("year"))
        yield from self._yearly(node, TDKT.AwardCount, r)
        yield from self.quad(node, TDKT.grantor, grantor)
        yield from self._award_type(node, r.text("award"), r.text("grantor"))
        for name in ("collectives", "individuals", "households"):
            value = r.optional_integer(name)
            if value is not None:
                yield from self.quad(node, getattr(TDKT, name), integer(value))

    def position(self, r: Record) -> Iterator[Quad]:
        person, quads = self.person(r.text("person"))
        yield from quads
        organisation, oquads = self.unit(r.text("organisation"))
        yield from oquads
        title = canonical_title(r.text("title"))
        role, post = self.ids.title(title), self.ids.post(organisation, title)
        yield from self.quad(role, RDF.type, ORG.Role)
        yield from self.quad(role, RDF.type, SKOS.Concept)
        yield from self.quad(role, SKOS.prefLabel, vi(title))
        yield from self.quad(post, RDF.type, ORG.Post)
        yield from self.quad(post, ORG.postIn, organisation)
        yield from self.quad(post, ORG.role, role)
        node = self.ids.fact("position", person.value, organisation.value, key(title), r.integer("year"))
        yield from self._yearly(node, TDKT.PostHolding, r)
        yield from self.quad(node, RDF.type, ORG.Membership)
        yield from self.quad(node, ORG.member, person)
        yield from self.quad(node, ORG.organization, organisation)
        yield from self.quad(node, ORG.role, role)
        yield from self.quad(node, TDKT.post, post)
        yield from self.quad(node, TDKT.title, vi(title))
        yield from self.during(node, r.integer("year"))

    def campaign_record(self, r: Record) -> Iterator[Quad]:
        node, quads = self.campaign(r.text("name"))
        yield from quads
        launcher = r.optional_text("launched_by")
        if launcher:
            unit, uquads = self.unit(launcher)
            yield from uquads
            yield from self.quad(node, TDKT.launchedBy, unit)
        parent = r.optional_text("derived_from")
        if parent:
            parent_node, pquads = self.campaign(parent)
            yield from pquads
            yield from self.quad(node, TDKT.derivedFrom, parent_node)
        yield from self.derived(node, r)

    def covenant(self, r: Record) -> Iterator[Quad]:
        bloc = self._in_bloc(r)
        node = self.ids.fact("covenant", bloc.value, r.integer("year"))
        yield from self._yearly(node, TDKT.Covenant, r)
        yield from self.quad(node, TDKT.bloc, bloc)
        yield from self.quad(node, RDFS.label, vi(f"Giao ước thi đua năm {r.integer('year')}"))

    def quads(self) -> Iterator[Quad]:
        handlers: dict[str, Callable[[Record], Iterator[Quad]]] = {
            "bloc": self.bloc, "conference": self.conference, "membership": self.membership,
            "role": self.role, "ranking": self.ranking, "award": self.award,
            "award_count": self.award_count, "position": self.position,
            "campaign": self.campaign_record, "covenant": self.covenant,
        }
        yield from self.source_quads()
        for record in self.doc.records:
            yield from handlers[record.type](record)


def document_quads(doc: RecordsDocument, ids: Identity | None = None) -> list[Quad]:
    """All quads a records document states, in its own named graph, in a stable order."""
    return list(DocumentMapper(doc, ids or Identity()).quads())

"""Records → quads: one pure function per record type, all in the source's graph.

Every node a record makes is tied to its source with ``prov:wasDerivedFrom``
and a qualified derivation that carries the evidence sentence, the extraction
confidence and the record's position in its document (:mod:`tdkt.graph.entities`
states the entities records name, and the provenance).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import NamedTuple

from pyoxigraph import Literal, NamedNode, Quad

from tdkt.graph.awards import vocabulary
from tdkt.graph.entities import EntityMapper, date, integer, vi
from tdkt.graph.identity import Identity, unit_area
from tdkt.graph.law import law_table
from tdkt.graph.namespaces import DCT, ORG, RDF, RDFS, SCHEMA, SKOS, XSD
from tdkt.kernel import codes
from tdkt.kernel.names import canonical_name, canonical_title, key
from tdkt.kernel.places import register
from tdkt.kernel.vocab import TDKT
from tdkt.loaders.records import Record, RecordsDocument

ROLES = {code: NamedNode(c.iri) for code, c in codes.BLOC_ROLES.items()}
CONFERENCE_KINDS = {code: NamedNode(c.iri) for code, c in codes.CONFERENCE_KINDS.items()}
#: a status's concept, and the class of the award: a proposal until it is conferred
STATUSES = {code: (NamedNode(c.iri), TDKT.AwardProposal if NamedNode(c.iri) == TDKT.Proposed else TDKT.AwardConferral)
            for code, c in codes.AWARD_STATUSES.items()}


class DocumentMapper(EntityMapper):
    """Maps one records document: one method per record type (:meth:`_handlers`), quads in the source's graph.

    The methods append triples to one list (``quad``) and ``quads`` makes each distinct one a
    Quad once: a generator per triple, a ``yield from`` at every level and a Quad for every
    repeat cost about a quarter of the mapping time.
    """

    # -- records ----------------------------------------------------------

    def source_quads(self) -> None:
        src = self.doc.source
        node = self.ids.source(src.id)
        self.quad(node, RDF.type, TDKT.SourceDocument)
        self.quad(node, DCT.identifier, Literal(src.id))
        if src.title:
            self.quad(node, DCT.title, vi(src.title))
        if src.url:
            self.quad(node, SCHEMA.url, Literal(src.url, datatype=NamedNode("http://www.w3.org/2001/XMLSchema#anyURI")))
        if src.published:
            self.quad(node, SCHEMA.datePublished, date(src.published))
        if src.publisher:
            self.quad(node, DCT.publisher, vi(src.publisher))
        for author in src.authors:
            self.quad(node, SCHEMA.author, vi(author))
        found = register().find_province(src.province) if src.province else None
        if found is not None:
            self.quad(node, TDKT.province, self.area(found))
        for note in self.doc.notes:
            self.quad(node, TDKT.note, Literal(note, language="en"))

    def bloc(self, r: Record) -> None:
        node = self._bloc_iri(r)
        name = canonical_name(r.text("name"), self.bloc_province(r))
        self.quad(node, RDF.type, TDKT.EmulationBloc)
        self.quad(node, RDF.type, ORG.OrganizationalCollaboration)
        self.quad(node, SKOS.prefLabel, vi(name))
        kind = TDKT.Cum if name.casefold().startswith("cụm") else TDKT.Khoi
        self.quad(node, ORG.classification, kind)
        stated = self.bloc_province(r)
        province = register().find_province(stated) if stated else None
        if province is not None:
            self.quad(node, TDKT.province, self.area(province))
        elif stated is None:
            self.quad(node, RDF.type, TDKT.SupraProvincialBloc)
        organiser = r.optional_text("organiser")
        if organiser:
            self.quad(node, TDKT.organiser, self.unit(organiser))
        self.derived(node, r)

    def _in_bloc(self, r: Record) -> NamedNode:
        bloc = self.bloc_ref(r.text("bloc"))
        assert bloc is not None, "parse_document checks bloc references"
        return bloc

    def _yearly(self, node: NamedNode, kind: NamedNode, r: Record) -> None:
        self.quad(node, RDF.type, kind)
        self.quad(node, TDKT.year, integer(r.integer("year")))
        self.derived(node, r)

    def conference(self, r: Record) -> None:
        bloc = self._in_bloc(r)
        node = self.ids.fact("conference", bloc.value, r.text("kind"), r.integer("year"))
        self._yearly(node, TDKT.Conference, r)
        self.quad(node, TDKT.bloc, bloc)
        self.quad(node, TDKT.conferenceKind, CONFERENCE_KINDS[r.text("kind")])
        label = f"Hội nghị {r.text('kind')} năm {r.integer('year')}"
        self.quad(node, RDFS.label, vi(label))
        if r.optional_text("date"):
            self.quad(node, SCHEMA.startDate, date(r.text("date")))
        place = r.optional_text("place")
        if place:
            self.quad(node, TDKT.placeName, vi(place))
            area = unit_area(place, self.province)
            if area is not None:
                self.quad(node, SCHEMA.location, self.area(area))

    def _bloc_membership(self, node: NamedNode, kind: NamedNode, bloc: NamedNode, unit: NamedNode,
                         r: Record) -> None:
        """What a yearly membership and a yearly duty share: an org:Membership of a unit in a bloc."""
        self._yearly(node, kind, r)
        self.quad(node, RDF.type, ORG.Membership)
        self.quad(node, ORG.member, unit)
        self.quad(node, ORG.organization, bloc)
        self.during(node, r.integer("year"))

    def membership(self, r: Record) -> None:
        bloc = self._in_bloc(r)
        unit = self.unit(r.text("unit"))
        node = self.ids.fact("membership", bloc.value, unit.value, r.integer("year"))
        self._bloc_membership(node, TDKT.BlocMembership, bloc, unit, r)

    def role(self, r: Record) -> None:
        bloc = self._in_bloc(r)
        unit = self.unit(r.text("unit"))
        node = self.ids.fact("role", bloc.value, r.integer("year"), r.text("role"), unit.value)
        self._bloc_membership(node, TDKT.BlocRole, bloc, unit, r)
        self.quad(node, ORG.role, ROLES[r.text("role")])

    def ranking(self, r: Record) -> None:
        bloc = self._in_bloc(r)
        unit = self.unit(r.text("unit"))
        node = self.ids.fact("ranking", bloc.value, r.integer("year"), r.integer("rank"), unit.value)
        self._yearly(node, TDKT.BlocRanking, r)
        self.quad(node, TDKT.bloc, bloc)
        self.quad(node, TDKT.unit, unit)
        self.quad(node, TDKT.rank, integer(r.integer("rank")))

    def _award_type(self, node: NamedNode, award: str, grantor: str | None, day: dt.date) -> None:
        """The award as stated, and its type in the vocabulary in force on the day (and the type its name
        belongs to, when the name is of a type no longer in force)."""
        self.quad(node, TDKT.awardName, vi(award))
        found = vocabulary().resolution(award, canonical_name(grantor, self.province) if grantor else None, day)
        if found.concept:
            self.quad(node, TDKT.awardType, NamedNode(found.concept))
        if found.named:
            self.quad(node, TDKT.namedAs, NamedNode(found.named))

    def _law(self, node: NamedNode, r: Record, grantor: str | None) -> dt.date:
        """The date that picks the law (the decision date, else inferred from the achievement year), its
        regime, and the kind of authority the grantor is; returns the date."""
        table = law_table()
        when = table.law_date(r.optional_text("decided"), r.integer("year"))
        self.quad(node, TDKT.lawDate, date(when.day))
        self.quad(node, TDKT.lawDateInferred, Literal("true" if when.inferred else "false", datatype=XSD.boolean))
        if when.regime is not None:
            self.quad(node, TDKT.regime, NamedNode(when.regime.iri))
        kind = table.grantor_kind(canonical_name(grantor, self.province) if grantor else None)
        if kind is not None:
            self.quad(node, TDKT.grantorKind, NamedNode(kind.iri))
        return when.day

    def award(self, r: Record) -> None:
        recipient = self.agent(r.text("recipient"))
        grantor_name = r.optional_text("grantor")
        grantor = self.unit(grantor_name) if grantor_name else None
        status, cls = STATUSES[r.text("status")]
        node = self.ids.fact("award", recipient.value, key(r.text("award")), grantor.value if grantor else "",
                             r.integer("year"), r.text("status"))
        self._yearly(node, cls, r)
        self.quad(node, RDF.type, TDKT.Commendation)
        self.quad(node, TDKT.recipient, recipient)
        if grantor is not None:
            self.quad(node, TDKT.grantor, grantor)
        self.quad(node, TDKT.awardStatus, status)
        self._award_type(node, r.text("award"), grantor_name, self._law(node, r, grantor_name))
        proposer = r.optional_text("proposer")
        if proposer:
            self.quad(node, TDKT.proposer, self.unit(proposer))
        decision = r.optional_text("decision")
        if decision:
            self.quad(node, TDKT.decisionNumber, Literal(decision))
        decided = r.optional_text("decided")
        if decided:
            self.quad(node, TDKT.decisionDate, date(decided))

    def award_count(self, r: Record) -> None:
        grantor_name = r.optional_text("grantor")
        grantor = self.unit(grantor_name) if grantor_name else None
        status = r.optional_text("status")
        node = self.ids.fact("award-count", grantor.value if grantor else "", key(r.text("award")),
                             r.integer("year"), *([status] if status else []))
        self._yearly(node, TDKT.AwardCount, r)
        if grantor is not None:
            self.quad(node, TDKT.grantor, grantor)
        if status:
            self.quad(node, TDKT.awardStatus, STATUSES[status][0])
        self._award_type(node, r.text("award"), grantor_name, law_table().law_date(None, r.integer("year")).day)
        for name in ("collectives", "individuals", "households"):
            value = r.optional_integer(name)
            if value is not None:
                self.quad(node, getattr(TDKT, name), integer(value))

    def position(self, r: Record) -> None:
        person = self.person(r.text("person"))
        organisation_name = r.optional_text("organisation")
        organisation = self.unit(organisation_name) if organisation_name else None
        title = canonical_title(r.text("title"))
        role = self.ids.title(title)
        self.quad(role, RDF.type, ORG.Role)
        self.quad(role, RDF.type, SKOS.Concept)
        self.quad(role, SKOS.prefLabel, vi(title))
        node = self.ids.fact("position", person.value, organisation.value if organisation else "", key(title),
                             r.integer("year"))
        self._yearly(node, TDKT.PostHolding, r)
        self.quad(node, RDF.type, ORG.Membership)
        self.quad(node, ORG.member, person)
        self.quad(node, ORG.role, role)
        self.quad(node, TDKT.title, vi(title))
        if organisation is not None:
            post = self.ids.post(organisation, title)
            self.quad(post, RDF.type, ORG.Post)
            self.quad(post, ORG.postIn, organisation)
            self.quad(post, ORG.role, role)
            self.quad(node, ORG.organization, organisation)
            self.quad(node, TDKT.post, post)
        self.during(node, r.integer("year"))

    def campaign_record(self, r: Record) -> None:
        node = self.campaign(r.text("name"))
        launcher = r.optional_text("launched_by")
        if launcher:
            self.quad(node, TDKT.launchedBy, self.unit(launcher))
        parent = r.optional_text("derived_from")
        if parent:
            self.quad(node, TDKT.derivedFrom, self.campaign(parent))
        self.derived(node, r)

    def covenant(self, r: Record) -> None:
        bloc = self._in_bloc(r)
        node = self.ids.fact("covenant", bloc.value, r.integer("year"))
        self._yearly(node, TDKT.Covenant, r)
        self.quad(node, TDKT.bloc, bloc)
        self.quad(node, RDFS.label, vi(f"Giao ước thi đua năm {r.integer('year')}"))

    def _handlers(self) -> dict[str, Callable[[Record], None]]:
        return {
            "bloc": self.bloc, "conference": self.conference, "membership": self.membership,
            "role": self.role, "ranking": self.ranking, "award": self.award,
            "award_count": self.award_count, "position": self.position,
            "campaign": self.campaign_record, "covenant": self.covenant,
        }

    def quads(self) -> list[Quad]:
        """The document's quads, each once, in the order they were first stated."""
        handlers = self._handlers()
        self._out = []
        self.source_quads()
        for record in self.doc.records:
            handlers[record.type](record)
        graph = self.graph
        return [Quad(s, p, o, graph) for s, p, o in dict.fromkeys(self._out)]

    def nquads(self, chunk_triples: int = 250_000) -> Iterator[tuple[NQuads, int]]:
        """The document's quads as N-Quads text in pieces of about ``chunk_triples`` triples, each triple in
        the document's graph and again in the default graph (the store's layout), with its count. A triple
        that other documents state too goes to the default graph with each; the store keeps it once (its
        loader drops repeats for less than it costs Python to find them: docs/performance.md).

        For large documents: the triples of one piece are held at a time, never the whole document's (a
        50 MB document states 4.7 million). Repeats are dropped within a piece; a repeat across pieces
        (a unit described again) is stated twice, which a store keeps once.
        """
        handlers = self._handlers()
        graph = str(self.graph)
        self._out = []
        self.source_quads()
        for record in self.doc.records:
            handlers[record.type](record)
            if len(self._out) >= chunk_triples:
                yield self._text(graph)
        yield self._text(graph)

    def _text(self, graph: str) -> tuple[NQuads, int]:
        unique = dict.fromkeys(self._out)
        self._out = []
        lines = [f"{s} {p} {o}" for s, p, o in unique]
        named = "".join([f"{t} {graph} .\n" for t in lines])
        default = "".join([f"{t} .\n" for t in lines])
        return NQuads(named.encode(), default.encode()), len(unique)


class NQuads(NamedTuple):
    """Graphs as N-Quads text in two parts, which a bulk load takes apart: the quads in their named graphs,
    and their triples in the default graph (the store's layout, ``graph.store.oxigraph``)."""

    named: bytes
    default: bytes


def document_quads(doc: RecordsDocument, ids: Identity | None = None) -> list[Quad]:
    """All quads a records document states, in its own named graph, in a stable order."""
    return DocumentMapper(doc, ids or Identity()).quads()


def document_nquads(doc: RecordsDocument, ids: Identity | None = None,
                    chunk_triples: int = 250_000) -> Iterator[tuple[NQuads, int]]:
    """The same quads as :func:`document_quads` (and their default-graph copies) as N-Quads text in pieces
    (:meth:`DocumentMapper.nquads`): the bulk build's input, with no ``Quad`` made on the way."""
    return DocumentMapper(doc, ids or Identity()).nquads(chunk_triples)

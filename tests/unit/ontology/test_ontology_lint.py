"""Lint the ontology files (ontology/*.ttl).

Each check is a small function that takes an rdflib Graph and returns a list of problems (empty = fine), so the
same functions run on the real ontology and on deliberately broken copies, which shows the lint cannot pass
silently.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from tests.support.paths import REPO

ONTOLOGY_DIR = REPO / "ontology"
TDKT = Namespace("https://w3id.org/tdkt/ontology#")
AWARD = Namespace("https://w3id.org/tdkt/award/")
# rdflib.XSD is not imported: pytest probes module attributes and rdflib warns on unknown XSD names.
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")

AWARD_SCHEMES = (TDKT.EmulationTitles, TDKT.CommendationForms)
LANGS = ("vi", "en")

# Law 06/2022/QH15: each award ranks strictly below the next one.
LAW_CHAIN = (
    "giay-khen",
    "bang-khen-cap-tinh",
    "co-thi-dua-cap-tinh",
    "bang-khen-thu-tuong",
    "co-thi-dua-chinh-phu",
    "huan-chuong-lao-dong-hang-ba",
    "huan-chuong-lao-dong-hang-nhi",
    "huan-chuong-lao-dong-hang-nhat",
    "huan-chuong-doc-lap-hang-ba",
    "huan-chuong-doc-lap-hang-nhi",
    "huan-chuong-doc-lap-hang-nhat",
    "huan-chuong-ho-chi-minh",
    "huan-chuong-sao-vang",
)
INDIVIDUAL_CHAIN = (
    "lao-dong-tien-tien",
    "chien-si-thi-dua-co-so",
    "chien-si-thi-dua-cap-tinh",
    "chien-si-thi-dua-toan-quoc",
)

# Grantor name -> expected authority level (None: no level; a bloc confers nothing itself).
EXPECTED_LEVELS: dict[str, str | None] = {
    "Ủy ban nhân dân tỉnh Lai Châu": "ministry-province",
    "Ban Chấp hành Hội Nông dân tỉnh Lai Châu": "ministry-province",
    "Thủ tướng Chính phủ": "government",
    "Ủy ban nhân dân huyện Bắc Hà": "district",
    "Ủy ban nhân dân xã Pú Nhung": "commune",
    "Chủ tịch nước": "state",
    # further cases the patterns are written for
    "Chính phủ": "government",
    "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU": "ministry-province",
    "Bộ Nội vụ": "ministry-province",
    "Trung ương Hội Nông dân Việt Nam": "ministry-province",
    "Sở Giáo dục và Đào tạo": "ministry-province",
    "Bảo hiểm xã hội tỉnh Lai Châu": "ministry-province",
    "Ủy ban nhân dân thành phố Hà Nội": "ministry-province",
    "Ủy ban nhân dân huyện Bắc Hà, tỉnh Lào Cai": "district",
    "Ủy ban nhân dân thị xã Sa Pa": "district",
    "Ủy ban nhân dân thành phố Lai Châu": "district",
    "Ủy ban nhân dân xã Pú Nhung, huyện Tuần Giáo, tỉnh Điện Biên": "commune",
    "Ủy ban nhân dân phường Tân Phong": "commune",
    "Hợp tác xã Nông nghiệp Tam Đường": "unit",
    "Khối thi đua các huyện": None,
}


# ---------------------------------------------------------------------------------------------------------------
# helpers


def load_graph(paths: Iterable[Path]) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


def show(graph: Graph, term: Node) -> str:
    """A term as a short CURIE when a prefix is bound, else in N-Triples form."""
    return term.n3(graph.namespace_manager)


def in_namespace(term: Node, namespace: str) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(namespace) and str(term) != namespace


def languages(graph: Graph, subject: Node, predicates: Iterable[URIRef]) -> set[str]:
    return {
        obj.language.lower()
        for predicate in predicates
        for obj in graph.objects(subject, predicate)
        if isinstance(obj, Literal) and obj.language
    }


def award_concepts(graph: Graph) -> list[URIRef]:
    found = {
        concept
        for scheme in AWARD_SCHEMES
        for concept in graph.subjects(SKOS.inScheme, scheme)
        if isinstance(concept, URIRef)
    }
    return sorted(found)


def precedence_of(graph: Graph, concept: Node) -> int | None:
    value = graph.value(concept, TDKT.precedence)
    return value.toPython() if isinstance(value, Literal) and isinstance(value.toPython(), int) else None


def find_award(graph: Graph, key: str) -> URIRef | None:
    """An award concept by slug (award:<slug>) or by its skos:prefLabel."""
    by_slug = AWARD[key]
    if (by_slug, SKOS.inScheme, None) in graph:
        return by_slug
    for concept in graph.subjects(SKOS.prefLabel, None):
        if isinstance(concept, URIRef) and any(str(lbl) == key for lbl in graph.objects(concept, SKOS.prefLabel)):
            return concept
    return None


def authority_levels(graph: Graph) -> list[tuple[int, URIRef, list[str]]]:
    """(levelOrder, level, patterns), highest level first."""
    levels = []
    for level, order in graph.subject_objects(TDKT.levelOrder):
        if isinstance(level, URIRef) and isinstance(order, Literal):
            patterns = sorted(str(p) for p in graph.objects(level, TDKT.grantorPattern))
            levels.append((int(order.toPython()), level, patterns))
    return sorted(levels, key=lambda item: (-item[0], str(item[1])))


def classify_grantor(graph: Graph, name: str) -> str | None:
    """The slug of the highest authority level with a grantor pattern that matches name (None if none does)."""
    text = unicodedata.normalize("NFC", name)
    for _order, level, patterns in authority_levels(graph):
        if any(re.search(pattern, text, re.IGNORECASE) for pattern in patterns):
            return str(level).rsplit("/", 1)[-1]
    return None


# ---------------------------------------------------------------------------------------------------------------
# checks: each returns a list of problems


def check_labels_and_definitions(graph: Graph) -> list[str]:
    """1. Every tdkt: term and award/... concept has a label and a definition in both vi and en."""
    problems = []
    subjects = {s for s in graph.subjects() if in_namespace(s, str(TDKT)) or in_namespace(s, str(AWARD))}
    for subject in sorted(subjects, key=str):
        labels = languages(graph, subject, (RDFS.label, SKOS.prefLabel))
        definitions = languages(graph, subject, (SKOS.definition, RDFS.comment))
        missing = [f"label@{lang}" for lang in LANGS if lang not in labels]
        missing += [f"definition@{lang}" for lang in LANGS if lang not in definitions]
        if missing:
            problems.append(f"{show(graph, subject)}: missing {', '.join(missing)}")
    return problems


def check_property_domain_range(graph: Graph) -> list[str]:
    """2. Every tdkt: object or datatype property has rdfs:domain and rdfs:range."""
    problems = []
    properties = {
        p
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty)
        for p in graph.subjects(RDF.type, kind)
        if in_namespace(p, str(TDKT))
    }
    for prop in sorted(properties, key=str):
        missing = [
            name
            for name, pred in (("rdfs:domain", RDFS.domain), ("rdfs:range", RDFS.range))
            if graph.value(prop, pred) is None
        ]
        if missing:
            problems.append(f"{show(graph, prop)}: missing {', '.join(missing)}")
    return problems


def check_terms_defined(graph: Graph) -> list[str]:
    """3. Every tdkt: term used anywhere (subject, predicate, object, class) is defined with an rdf:type."""
    used: dict[URIRef, str] = {}
    for s, p, o in graph:
        for position, term in (("object", o), ("predicate", p), ("subject", s)):
            if isinstance(term, URIRef) and in_namespace(term, str(TDKT)):
                used.setdefault(term, position)
    return [
        f"{show(graph, term)}: used as {position} but not defined (no rdf:type)"
        for term, position in sorted(used.items())
        if graph.value(term, RDF.type) is None
    ]


def check_award_concepts(graph: Graph) -> list[str]:
    """4. Award concepts: one integer precedence, form, level, recipient kind, validFrom, place in a hierarchy;
    unique precedences; tdkt:AwardPrecedence lists all of them in strictly ascending precedence."""
    problems = []
    concepts = award_concepts(graph)
    if not concepts:
        return ["no concept is skos:inScheme tdkt:EmulationTitles or tdkt:CommendationForms"]
    seen: dict[int, URIRef] = {}
    for concept in concepts:
        name = show(graph, concept)
        values = list(graph.objects(concept, TDKT.precedence))
        if len(values) != 1:
            problems.append(f"{name}: {len(values)} tdkt:precedence values, expected exactly 1")
        elif not (isinstance(values[0], Literal) and values[0].datatype == XSD_INTEGER):
            problems.append(f"{name}: tdkt:precedence {values[0].n3()} is not an xsd:integer")
        else:
            value = int(values[0].toPython())
            if value in seen:
                problems.append(f"{name}: tdkt:precedence {value} also used by {show(graph, seen[value])}")
            seen[value] = concept
        for prop, scheme in (
            (TDKT.awardForm, TDKT.AwardForms),
            (TDKT.conferringLevel, TDKT.AuthorityLevels),
            (TDKT.recipientKind, TDKT.RecipientKinds),
        ):
            targets = list(graph.objects(concept, prop))
            if not targets:
                problems.append(f"{name}: missing {show(graph, prop)}")
            for target in targets:
                if (target, SKOS.inScheme, scheme) not in graph:
                    problems.append(
                        f"{name}: {show(graph, prop)} {show(graph, target)} is not in {show(graph, scheme)}"
                    )
        if graph.value(concept, TDKT.validFrom) is None:
            problems.append(f"{name}: missing tdkt:validFrom")
        schemes = set(graph.objects(concept, SKOS.inScheme))
        tops = set(graph.objects(concept, SKOS.topConceptOf))
        broader = list(graph.objects(concept, SKOS.broader))
        if not tops & schemes and not any(set(graph.objects(b, SKOS.inScheme)) & schemes for b in broader):
            problems.append(f"{name}: neither skos:topConceptOf its scheme nor skos:broader a concept in it")

    head = graph.value(TDKT.AwardPrecedence, SKOS.memberList)
    if head is None:
        return [*problems, "tdkt:AwardPrecedence has no skos:memberList"]
    members = list(Collection(graph, head))
    if set(members) != set(concepts) or len(members) != len(concepts):
        listed = set(members)
        problems += [f"{show(graph, c)}: not in tdkt:AwardPrecedence" for c in concepts if c not in listed]
        problems += [
            f"{show(graph, m)}: in tdkt:AwardPrecedence but not an award concept (or listed twice)"
            for m in members
            if m not in concepts or members.count(m) > 1
        ]
    for lower, higher in itertools.pairwise(members):
        p_low, p_high = precedence_of(graph, lower), precedence_of(graph, higher)
        if p_low is None or p_high is None or not p_low < p_high:
            problems.append(
                f"tdkt:AwardPrecedence: {show(graph, lower)} ({p_low}) is not below {show(graph, higher)} ({p_high})"
            )
    return problems


def check_precedence_chain(graph: Graph, chain: Iterable[str] = LAW_CHAIN) -> list[str]:
    """5. The awards in chain (slugs or prefLabels) have strictly increasing tdkt:precedence."""
    problems = []
    resolved = []
    for key in chain:
        concept = find_award(graph, key)
        precedence = precedence_of(graph, concept) if concept is not None else None
        if precedence is None:
            problems.append(f"{key}: no award concept with an integer tdkt:precedence")
        else:
            resolved.append((key, precedence))
    for (low_key, low), (high_key, high) in itertools.pairwise(resolved):
        if not low < high:
            problems.append(f"{low_key} ({low}) should rank below {high_key} ({high})")
    return problems


def check_grantor_patterns(graph: Graph, expected: Mapping[str, str | None] = EXPECTED_LEVELS) -> list[str]:
    """6. Every tdkt:grantorPattern compiles; each grantor name gets the expected level."""
    problems = []
    for level, pattern in sorted(graph.subject_objects(TDKT.grantorPattern)):
        try:
            re.compile(str(pattern), re.IGNORECASE)
        except re.error as err:
            problems.append(f"{show(graph, level)}: grantor pattern {str(pattern)!r} does not compile: {err}")
        if graph.value(level, TDKT.levelOrder) is None:
            problems.append(f"{show(graph, level)}: has a grantor pattern but no tdkt:levelOrder")
    if problems:
        return problems
    for name, want in expected.items():
        got = classify_grantor(graph, name)
        if got != want:
            problems.append(f"{name!r}: classified as {got}, expected {want}")
    return problems


def check_nfc(graph: Graph) -> list[str]:
    """Literals are in Unicode NFC, so that text matching against labels and patterns works."""
    return sorted(
        {
            f"{show(graph, s)} {show(graph, p)}: literal {str(o)[:40]!r} is not NFC"
            for s, p, o in graph
            if isinstance(o, Literal) and not unicodedata.is_normalized("NFC", str(o))
        }
    )


ALL_CHECKS = (
    check_labels_and_definitions,
    check_property_domain_range,
    check_terms_defined,
    check_award_concepts,
    check_precedence_chain,
    check_grantor_patterns,
    check_nfc,
)


def report(problems: list[str]) -> str:
    return f"{len(problems)} problem(s):\n  " + "\n  ".join(problems)


# ---------------------------------------------------------------------------------------------------------------
# the real ontology

TTL_FILES = sorted(ONTOLOGY_DIR.glob("*.ttl"))


@pytest.fixture(scope="module")
def ontology() -> Graph:
    assert TTL_FILES, f"no .ttl files in {ONTOLOGY_DIR}"
    return load_graph(TTL_FILES)


@pytest.mark.parametrize("path", TTL_FILES, ids=[p.name for p in TTL_FILES])
def test_file_parses(path: Path) -> None:
    assert len(load_graph([path])) > 0, f"{path.name} is empty"


@pytest.mark.parametrize("check", ALL_CHECKS, ids=[c.__name__ for c in ALL_CHECKS])
def test_ontology(ontology: Graph, check: Callable[[Graph], list[str]]) -> None:
    problems = check(ontology)
    assert not problems, report(problems)


def test_individual_title_chain(ontology: Graph) -> None:
    problems = check_precedence_chain(ontology, INDIVIDUAL_CHAIN)
    assert not problems, report(problems)


def test_award_vocabulary_is_complete(ontology: Graph) -> None:
    concepts = award_concepts(ontology)
    assert len(concepts) >= 60, f"only {len(concepts)} award concepts"
    assert (AWARD["bang-khen-cap-huyen"], None, None) not in ontology, "the 2022 law has no Bằng khen cấp huyện"
    for slug in ("xa-phuong-thi-tran-tieu-bieu", "thon-to-dan-pho-van-hoa"):
        assert ontology.value(AWARD[slug], TDKT.validUntil) is not None, f"award:{slug} needs tdkt:validUntil"


# ---------------------------------------------------------------------------------------------------------------
# counter-examples: the checks must report broken input

PREFIXES = """
@prefix tdkt: <https://w3id.org/tdkt/ontology#> .
@prefix award: <https://w3id.org/tdkt/award/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def write_and_load(tmp_path: Path, text: str) -> Graph:
    path = tmp_path / "broken.ttl"
    path.write_text(PREFIXES + text, encoding="utf-8")
    return load_graph([path])


def test_broken_copy_missing_english_label_is_reported(ontology: Graph, tmp_path: Path) -> None:
    broken = Graph()
    for triple in ontology:
        broken.add(triple)
    for prop in (RDFS.label, SKOS.prefLabel):
        for label in list(broken.objects(AWARD["giay-khen"], prop)):
            if isinstance(label, Literal) and label.language == "en":
                broken.remove((AWARD["giay-khen"], prop, label))
    path = tmp_path / "broken-copy.ttl"
    broken.serialize(path, format="turtle")
    problems = check_labels_and_definitions(load_graph([path]))
    assert any("giay-khen" in p and "label@en" in p for p in problems), problems


BROKEN_CASES = {
    "missing English label": (
        'tdkt:Thing a owl:Class ; rdfs:label "Vật"@vi ; skos:definition "Một vật."@vi , "A thing."@en .',
        check_labels_and_definitions,
        "tdkt:Thing: missing label@en",
    ),
    "property without range": (
        'tdkt:size a owl:DatatypeProperty ; rdfs:label "cỡ"@vi , "size"@en ; '
        'skos:definition "Cỡ."@vi , "Size."@en ; rdfs:domain tdkt:Thing .',
        check_property_domain_range,
        "tdkt:size: missing rdfs:range",
    ),
    "typo term": (
        "award:x a skos:Concept ; tdkt:awardFrom award:y .",
        check_terms_defined,
        "tdkt:awardFrom",
    ),
    "precedence out of order": (
        "award:giay-khen skos:inScheme tdkt:CommendationForms ; tdkt:precedence 50 .\n"
        "award:bang-khen-cap-tinh skos:inScheme tdkt:CommendationForms ; tdkt:precedence 40 .",
        check_precedence_chain,
        "giay-khen (50) should rank below bang-khen-cap-tinh (40)",
    ),
    "award concept without precedence or list": (
        "award:giay-khen skos:inScheme tdkt:CommendationForms ; skos:topConceptOf tdkt:CommendationForms .",
        check_award_concepts,
        "award:giay-khen: 0 tdkt:precedence values",
    ),
    "pattern that does not compile": (
        '<https://w3id.org/tdkt/award/level/x> tdkt:levelOrder 1 ; tdkt:grantorPattern "tỉnh(" .',
        check_grantor_patterns,
        "does not compile",
    ),
}


@pytest.mark.parametrize("case", BROKEN_CASES, ids=list(BROKEN_CASES))
def test_broken_input_is_reported(tmp_path: Path, case: str) -> None:
    text, check, expected = BROKEN_CASES[case]
    problems = check(write_and_load(tmp_path, text))
    assert any(expected in p for p in problems), f"{check.__name__} did not report {expected!r}: {problems}"

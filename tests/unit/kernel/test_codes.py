"""One source for the duties, conference kinds and award statuses: the ontology's concept schemes.

``kernel/codes.py`` is generated from ``ontology/tdkt.ttl`` (``skos:notation`` of each
concept); the records schema's enums are written from it, and the graph, the queries'
parameters, the views and the web forms read it. These tests hold the places that
cannot import it (the extractor's word lists, keyed by code) to the same codes.
"""

from __future__ import annotations

import json
from importlib import resources

import pytest
import rdflib
from rdflib.namespace import SKOS

from tdkt.graph.mapping import CONFERENCE_KINDS, ROLES, STATUSES
from tdkt.kernel.codes import AWARD_STATUSES, BLOC_ROLES
from tdkt.kernel.codes import CONFERENCE_KINDS as KIND_CODES
from tdkt.kernel.vocabgen import ontology_graph, schemes
from tdkt.loaders.articles.lexicon import section


def test_codes_are_the_notations_of_the_ontologys_schemes() -> None:
    graph = ontology_graph()
    tdkt = "https://w3id.org/tdkt/ontology#"
    for codes, scheme in ((BLOC_ROLES, "BlocRoles"), (KIND_CODES, "ConferenceKinds"),
                          (AWARD_STATUSES, "AwardStatuses")):
        notations = {str(graph.value(c, SKOS.notation)) for c in graph.subjects(SKOS.inScheme, rdflib.URIRef(
            tdkt + scheme))}
        assert set(codes) == notations, scheme
    assert list(BLOC_ROLES) == ["chair", "vice_chair", "host"]  # the order the ontology lists them in
    assert [row[0] for row in schemes(graph)["BLOC_ROLES"]] == list(BLOC_ROLES)


def test_the_records_schema_takes_its_enums_from_the_codes() -> None:
    schema = json.loads(resources.files("tdkt.ontology").joinpath("records.schema.json").read_text(encoding="utf-8"))
    fields = schema["$defs"]
    assert fields["role"]["properties"]["role"]["enum"] == list(BLOC_ROLES)
    assert fields["conference"]["properties"]["kind"]["enum"] == list(KIND_CODES)
    assert fields["award"]["properties"]["status"]["enum"] == list(AWARD_STATUSES)
    assert set(fields["award_count"]["properties"]["status"]["enum"]) - {None} <= set(AWARD_STATUSES)


def test_the_graph_maps_every_code_to_its_concept() -> None:
    assert {k: v.value for k, v in ROLES.items()} == {k: c.iri for k, c in BLOC_ROLES.items()}
    assert {k: v.value for k, v in CONFERENCE_KINDS.items()} == {k: c.iri for k, c in KIND_CODES.items()}
    assert {k: v[0].value for k, v in STATUSES.items()} == {k: c.iri for k, c in AWARD_STATUSES.items()}
    assert STATUSES["proposed"][1].value.endswith("#AwardProposal")
    assert STATUSES["conferred"][1].value.endswith("#AwardConferral")


@pytest.mark.parametrize(("path", "name", "codes"), [
    (("roles",), "duties", BLOC_ROLES),
    (("roles",), "patterns", BLOC_ROLES),
    (("conference_kinds",), "patterns", KIND_CODES),
    (("conference_other_kinds",), "patterns", KIND_CODES),
])
def test_the_extractors_word_lists_are_keyed_by_the_codes(path: tuple[str, ...], name: str,
                                                          codes: dict[str, object]) -> None:
    keys = set(section(*path, name=name))
    assert keys <= set(codes), f"{name}.yml {'/'.join(path)}: {sorted(keys - set(codes))} are not codes"

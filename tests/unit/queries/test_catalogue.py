"""The named-query catalogue: every question has its query, every shipped file parses, broken headers are refused."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tdkt.kernel.errors import QueryError
from tdkt.queries.catalogue import without_comment_lines
from tdkt.queries.library import load_queries, parse_query

ISSUE_QUERIES = (
    "bloc-roles", "rotation", "vice-chair-succession", "awards-follow-rotation", "award-history", "awards-summary",
    "award-ladder", "bloc-members", "officials", "chair-succession", "unit-lineage", "campaign-lineage",
    "fact-sources", "conflicts",
)


def test_every_question_has_its_named_query() -> None:
    queries = load_queries()
    assert set(ISSUE_QUERIES) <= set(queries)
    for name in ISSUE_QUERIES:
        assert queries[name].question in range(1, 15)
    assert {queries[n].question for n in ISSUE_QUERIES} == set(range(1, 15))


def test_every_shipped_file_parses() -> None:
    for name, query in load_queries().items():
        assert query.title and query.description, name
        assert all(p.type and p.description for p in query.params), name


BROKEN = {
    "no header": ("SELECT ?x WHERE { ?x ?p ?o }", "no '#+' header"),
    "missing title": ("#+ name: q\n#+ description: d\n#+ question: 1\nSELECT ?x WHERE { ?x ?p ?o }", "lacks title"),
    "untyped parameter": ("#+ name: q\n#+ title: t\n#+ description: d\n#+ question: 1\n#+ params:\n"
                          "#+   - name: x\n#+     description: the x\nSELECT ?x WHERE { ?x ?p ?o }", "needs a type"),
    "unknown type": ("#+ name: q\n#+ title: t\n#+ description: d\n#+ question: 1\n#+ params:\n"
                     "#+   - name: x\n#+     type: colour\n#+     description: the x\nSELECT ?x WHERE { ?x ?p ?o }",
                     "needs a type"),
    "parameter not selected": ("#+ name: q\n#+ title: t\n#+ description: d\n#+ question: 1\n#+ params:\n"
                               "#+   - name: y\n#+     type: integer\n#+     description: the y\n"
                               "SELECT ?x WHERE { ?x ?p ?y }", "must be a variable the query selects"),
    "bad YAML": ("#+ name: q\n#+ title: a: b: c\nSELECT ?x WHERE { ?x ?p ?o }", "not valid YAML"),
    "question not a number": ("#+ name: q\n#+ title: t\n#+ description: d\n#+ question: two\n"
                              "SELECT ?x WHERE { ?x ?p ?o }", "'question' must be the number"),
    "unknown binding": ("#+ name: q\n#+ title: t\n#+ description: d\n#+ question: 1\n#+ bind: paste\n"
                        "SELECT ?x WHERE { ?x ?p ?o }", "'bind' must be one of substitution, values"),
    "unknown cache": ("#+ name: q\n#+ title: t\n#+ description: d\n#+ cache: forever\n"
                      "SELECT ?x WHERE { ?x ?p ?o }", "'cache' must be one of none, snapshot"),
    "cached with parameters": ("#+ name: q\n#+ title: t\n#+ description: d\n#+ cache: snapshot\n#+ params:\n"
                               "#+   - name: x\n#+     type: integer\n#+     description: the x\n"
                               "SELECT ?x WHERE { ?x ?p ?o }", "'cache: snapshot' is for queries without parameters"),
}


def test_only_whole_graph_answers_without_parameters_are_computed_once_per_snapshot() -> None:
    cached = sorted(n for n, q in load_queries().items() if q.cache == "snapshot")
    assert cached == ["dataset-properties", "dataset-sources", "dataset-totals", "unplaced-units"]


def test_the_projects_own_queries_answer_no_question() -> None:
    """The build report's, the description's, the name resolution's and the check's queries carry no question
    number."""
    own = {n: q for n, q in load_queries().items()
           if n.startswith(("report-", "dataset-")) or n in ("entity-labels", "unplaced-units")}
    assert len(own) == 8 and all(q.question is None for q in own.values())
    untold = parse_query("#+ name: q\n#+ title: t\n#+ description: d\nSELECT ?x WHERE { ?x ?p ?o }", "q.rq")
    assert untold.question is None


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_headers_are_refused(case: str) -> None:
    text, message = BROKEN[case]
    with pytest.raises(QueryError, match=re.escape(message)):
        parse_query(text, f"broken/{case}.rq")


_LINES = st.lists(st.sampled_from(["#+ name: ladder", "  # a comment", "SELECT ?x WHERE {", "  ?x ?p ?o", "}", "",
                                   "   ", "FILTER(?o != \"#\")"]), max_size=12)


@given(_LINES)
def test_a_text_is_sent_without_its_comment_lines_whatever_they_say(lines: list[str]) -> None:
    """The web's cache of snapshot answers keys on this text, the stores receive it: one text, one key."""
    sent = without_comment_lines("\n".join(lines))
    assert not any(line.lstrip().startswith("#") for line in sent.splitlines())
    assert [line.strip() for line in sent.splitlines() if line.strip()] == [
        line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    assert without_comment_lines(sent) == sent
    assert without_comment_lines("# said otherwise\n" + "\n".join(lines)) == sent


def test_a_named_query_is_sent_as_its_text_without_comment_lines() -> None:
    query = load_queries()["law-findings"]
    assert query.sparql == without_comment_lines(query.text)
    assert query.sparql.startswith("PREFIX") and "#+" not in query.sparql

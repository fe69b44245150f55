"""Golden rows for every named query on the gold graph, and the same rows from a real Oxigraph server.

``tests/golden/queries/<name>.json`` pins the rows each case below gives on the
graph built from ../shared/gold. After an intended change, regenerate them and
review the diff:

    TDKT_REGENERATE_GOLDEN=1 /work/venv/bin/python -m pytest tests/integration/queries/test_queries_golden.py
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import os
from typing import Any

import pytest
from pyoxigraph import Literal, NamedNode, QuerySolutions, Variable

from tdkt.graph.results import make_rows
from tdkt.graph.store.oxigraph import OxigraphStore
from tdkt.graph.store.remote import RemoteStore
from tdkt.queries.library import bindings, load_queries, run_query, with_leading_values
from tests.support.paths import GOLDEN as GOLDEN_DIR

GOLDEN = GOLDEN_DIR / "queries"
REGENERATE = os.environ.get("TDKT_REGENERATE_GOLDEN") == "1"

# the cases each query is pinned with: its parameters as an analyst gives them
CASES: dict[str, list[dict[str, str]]] = {
    "bloc-roles": [{}, {"bloc": "cụm thi đua số 1"}, {"role": "host"}],
    "rotation": [{}],
    "vice-chair-succession": [{}],
    "awards-follow-rotation": [{}],
    "award-history": [{}, {"recipient": "LĐLĐ tỉnh Lai Châu"}, {"status": "conferred"}],
    "awards-summary": [{}, {"province": "tỉnh Lào Cai"}, {"bloc": "Cụm thi đua số 01"}],
    "award-ladder": [{}],
    "bloc-members": [{}],
    "officials": [{}, {"person": "Bùi Huy Phương"}, {"organisation": "Cụm thi đua số 01"}],
    "chair-succession": [{}, {"role": "host"}],
    "unit-lineage": [{"unit": "UBND huyện Tân Uyên"}, {"unit": "tỉnh Yên Bái"}, {"unit": "Tỉnh Lào Cai"}],
    "campaign-lineage": [{}],
    "entity-links": [{"entity": "Hội Liên hiệp Phụ nữ tỉnh Lai Châu"},
                     {"entity": "Tỉnh Lai Châu", "property": "https://w3id.org/tdkt/ontology#province"}],
    "fact-sources": [{"subject": "Hội Liên hiệp Phụ nữ tỉnh Lai Châu"},
                     {"subject": "Lai Châu chung sức xây dựng nông thôn mới"}],
    "conflicts": [{}, {"kind": "no-chair"}, {"bloc": "Cụm thi đua số 01"}],
    "law-findings": [{}, {"recipient": "HND huyện Mường Tè"}, {"checkId": "CHK-01"}],
    "award-history-lineage": [{"unit": "Tỉnh Điện Biên"}, {"unit": "UBND huyện Mường Ảng"}],
    "awards-summary-lineage": [{"unit": "Tỉnh Điện Biên"}],
    # the project's own queries: the build report, the dataset's description, the resolution of names
    "report-bloc-count": [{}],
    "report-example-bloc": [{}],
    "dataset-classes": [{}],
    "dataset-properties": [{}],
    "dataset-totals": [{}],
    "dataset-sources": [{}],
    "entity-labels": [{"label": "Cụm thi đua số 01", "class": "https://w3id.org/tdkt/ontology#EmulationBloc"},
                      {"label": "Tỉnh Lào Cai"},
                      {"class": "https://w3id.org/tdkt/ontology#EmulationBloc"}],
    "unplaced-units": [{}],
}
# pinned empty: the gold places every unit; tests/integration/graph/test_places_check.py checks the rows on units
# it leaves unplaced
EMPTY_ON_GOLD = {"unplaced-units"}


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def result(store: OxigraphStore | RemoteStore, name: str, params: dict[str, str]) -> dict[str, Any]:
    rows = run_query(store, name, params)
    return {"params": params, "variables": list(rows.variables),
            "rows": [{k: _plain(v) for k, v in row.items()} for row in rows.dicts()]}


def cases_of(name: str) -> list[dict[str, str]]:
    """The pinned cases, or no parameters for a query another part of the project ships."""
    if name in CASES:
        return CASES[name]
    query = load_queries()[name]
    return [] if any(p.required for p in query.params) else [{}]


def test_every_named_query_of_the_issue_is_pinned() -> None:
    assert set(CASES) <= set(load_queries())
    # the 14 questions; the law's findings and the histories across lineage (issue 13); the report, description
    # and resolution queries (issue 15); the units 'tdkt check' reads places from (issue 14); what points at an
    # entity (its page counts what it does not list)
    assert len(CASES) == 26
    assert set(load_queries()) - set(CASES) == {n for n in load_queries() if n.startswith("view-")}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_rows(gold_store: OxigraphStore, name: str) -> None:
    path = GOLDEN / f"{name}.json"
    found = {"query": name, "cases": [result(gold_store, name, params) for params in CASES[name]]}
    text = json.dumps(found, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if REGENERATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"no golden file {path}; run with TDKT_REGENERATE_GOLDEN=1 to write it"
    expected = json.loads(path.read_text(encoding="utf-8"))
    for want, got in zip(expected["cases"], found["cases"], strict=True):
        assert got == want, f"{name} {want['params']}: rows differ from {path.name}"
    for case in found["cases"]:
        assert bool(case["rows"]) != (name in EMPTY_ON_GOLD), f"{name} {case['params']}: rows on the gold graph"


@pytest.mark.server
@pytest.mark.parametrize("name", sorted(load_queries()))
def test_same_rows_embedded_and_remote(gold_store: OxigraphStore, remote_gold_store: RemoteStore, name: str) -> None:
    cases = all_cases(name)
    if not cases:
        pytest.skip(f"{name} needs parameters no case gives")
    for params in cases:
        local = result(gold_store, name, params)
        remote = result(remote_gold_store, name, params)
        assert remote["variables"] == local["variables"]
        if name in CASES and params in CASES[name]:  # the pinned queries order their rows completely
            assert remote["rows"] == local["rows"], f"{name} {params}"
        else:
            key = lambda r: json.dumps(r, sort_keys=True, ensure_ascii=False)  # noqa: E731
            assert sorted(remote["rows"], key=key) == sorted(local["rows"], key=key), f"{name} {params}"


VIEW_CASES = {"view-overview": [{"province": "Lai Châu"}, {"province": "Lào Cai"}, {"province": "Hà Nội"}],
              "view-officials": [{"province": "Lai Châu"}, {"province": "Lào Cai"}],
              "view-chairs": [{"province": "Lai Châu"}, {"province": "Lào Cai"}]}
_BLOC = "Cụm thi đua số 01"
# every parameter of every query bound at least once (on top of the pinned cases)
BIND_CASES: dict[str, list[dict[str, str]]] = {
    "award-ladder": [{"recipient": "LĐLĐ tỉnh Lai Châu"}],
    "awards-follow-rotation": [{"bloc": _BLOC}, {"year": "2022"}],
    "awards-summary": [{"year": "2023"}], "bloc-members": [{"bloc": _BLOC}, {"year": "2022"}],
    "campaign-lineage": [{"campaign": "Lai Châu chung sức xây dựng nông thôn mới"},
                         {"parent": "Cả nước chung sức xây dựng nông thôn mới"}],
    "chair-succession": [{"bloc": _BLOC}], "officials": [{"year": "2020"}], "rotation": [{"bloc": _BLOC}],
    "vice-chair-succession": [{"bloc": "Khối thi đua Mặt trận Tổ quốc và các tổ chức chính trị - xã hội tỉnh Lai Châu"},
                              {"year": "2023"}],
    "view-awards": [{"year": "2023"}, {"province": "Lai Châu"}, {"status": "conferred"}],
    "view-bloc": [{"bloc": _BLOC}, {"province": "Lai Châu"}], "view-campaigns": [{"province": "Lai Châu"}],
    "view-changes": [{"province": "Lai Châu"}], "view-entity": [{"entity": "Hội Liên hiệp Phụ nữ tỉnh Lai Châu"}],
    "view-unit": [{"unit": "Liên đoàn Lao động tỉnh Lai Châu"}], "bloc-roles": [{"year": "2023"}],
    "award-history": [{"year": "2023"}], "conflicts": [{"severity": "violation"}],
}


def bound_cases(name: str) -> list[dict[str, str]]:
    """Every case of a query that binds a parameter."""
    return [c for c in cases_of(name) + VIEW_CASES.get(name, []) + BIND_CASES.get(name, []) if c]


def all_cases(name: str) -> list[dict[str, str]]:
    """The pinned cases and every binding case, each once."""
    out: list[dict[str, str]] = []
    for case in cases_of(name) + bound_cases(name):
        if case not in out:
            out.append(case)
    return out


@pytest.mark.parametrize("name", sorted(load_queries()))
def test_values_binding_gives_the_substituted_rows(gold_store: OxigraphStore, name: str) -> None:
    """A query bound by leading VALUES blocks answers exactly as pyoxigraph's own substitution of the values."""
    query = load_queries()[name]
    cases = bound_cases(name)
    if not query.params:
        pytest.skip(f"{name} has no parameters")
    bound = {p for c in cases for p in c}
    assert bound == {p.name for p in query.params}, f"{name}: no case binds {set(p.name for p in query.params) - bound}"
    for params in cases:
        terms = bindings(gold_store, query, params)
        substituted = gold_store.raw.query(query.sparql, substitutions={Variable(k): v for k, v in terms.items()})
        assert isinstance(substituted, QuerySolutions)
        names = [v.value for v in substituted.variables]
        expected = sorted(str(to_python_row(names, [s[n] for n in names])) for s in substituted)
        assert sorted(str(r) for r in run_query(gold_store, name, params).dicts()) == expected, params


def to_python_row(names: list[str], terms: list[Any]) -> dict[str, Any]:
    return make_rows(names, [terms]).dicts()[0]


@pytest.mark.parametrize("name", sorted(load_queries()))
@pytest.mark.parametrize("commented", [False, True], ids=["sparql", "text"])
def test_values_binding_accepts_every_parameter_at_once(name: str, commented: bool) -> None:
    """A VALUES block must not meet a BIND of the same variable in its group (a syntax error), nor open the group
    that wraps a sub-select: also in the text with its comments, which the query page binds."""
    query = load_queries()[name]
    sample = {"integer": Literal("2021", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
              "string": Literal("x"), "boolean": Literal("true", datatype=NamedNode(
                  "http://www.w3.org/2001/XMLSchema#boolean"))}
    terms = {p.name: sample.get(p.type, NamedNode("https://example.org/x")) for p in query.params}
    rows = OxigraphStore(None).select(with_leading_values(query.text if commented else query.sparql, terms)).dicts()
    assert rows == [] or rows == [{k: 0 for k in rows[0]}]  # no rows, or the counts of an empty graph

"""The entity page shows the same law findings as the named query and ``tdkt check`` for one unit or person,
escaped; served by ``tdkt serve``'s app over a real store."""

from __future__ import annotations

import html
import re
import shutil
import urllib.request
from collections.abc import Iterator

import pytest

from tdkt.graph.build import build
from tdkt.graph.identity import DEFAULT_BASE
from tdkt.graph.store.oxigraph import OxigraphStore
from tdkt.queries.law import law_findings
from tdkt.queries.library import run_query
from tests.support.paths import DATA
from tests.support.web import Served, serve_store

pytestmark = pytest.mark.server

LAW_DATA = DATA / "law"
HOSTILE = """
source: {id: law-hostile, title: "Test case: a grantor's name with markup (invented)", province: Lai Châu}
records:
  - {type: award, recipient: Quàng Văn Lả, award: Chiến sĩ thi đua cơ sở,
     grantor: "Ủy ban nhân dân xã <b onmouseover=alert(1)>Nà</b> Ban", year: 2024, status: conferred,
     decided: "2024-12-30"}
  - {type: award, recipient: Quàng Văn Lả, award: Lao động tiên tiến, grantor: Ủy ban nhân dân xã Nà Ban,
     year: 2024, status: conferred, decided: "2024-12-20"}
"""
RECIPIENTS = ("Khoàng Thị Nga", "Trung tâm Y tế Hoa Ban", "Lò Thị Xuân", "Quàng Văn Lả", "Hạng A Páo")


@pytest.fixture(scope="module")
def expected(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, dict[str, tuple[str, set[tuple[
        str, str, int, str]], set[tuple[str, str]]]]]]:
    work = tmp_path_factory.mktemp("web-law")
    data = work / "data"
    data.mkdir()
    for path in LAW_DATA.glob("*.yaml"):
        shutil.copy(path, data)
    (data / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    store = OxigraphStore(work / "store")
    build(store, data)
    found = {}
    for name in RECIPIENTS:
        report = law_findings(store, name)
        rows = run_query(store, "law-findings", {"recipient": name}).dicts()
        iri = str(rows[0]["recipient"]) if rows else str(run_query(store, "award-history", {"recipient": name})
                                                          .dicts()[0]["recipient"])
        found[name] = (iri, {(f.check, ", ".join(f.rules), f.year, f.award_name) for f in report.findings},
                       {(str(r["checkId"]), str(r["ruleId"])) for r in rows})
    store.close()
    with serve_store(work / "store") as served:
        yield served, found


def page_findings(served: Served, iri: str) -> tuple[set[tuple[str, str, int, str]], set[tuple[str, str]], str]:
    assert iri.startswith(DEFAULT_BASE)
    with urllib.request.urlopen(f"{served.url}/doc/{iri[len(DEFAULT_BASE):]}", timeout=30) as response:
        text = response.read().decode("utf-8")
    rows = re.findall(r'<tr class="finding (?:violation|warning)" data-check="([^"]*)" data-rules="([^"]*)" '
                      r'data-year="(\d+)" data-award="([^"]*)"', text)
    findings = {(html.unescape(c), html.unescape(r), int(y), html.unescape(a)) for c, r, y, a in rows}
    pairs = {(c, rule) for c, rules, _, _ in findings for rule in rules.split(", ")}
    return findings, pairs, text


@pytest.mark.parametrize("name", RECIPIENTS)
def test_the_entity_page_shows_the_findings_of_the_named_query(
        expected: tuple[Served, dict[str, tuple[str, set[tuple[str, str, int, str]], set[tuple[str, str]]]]],
        name: str) -> None:
    served, found = expected
    iri, findings, query_pairs = found[name]
    shown, shown_pairs, text = page_findings(served, iri)
    assert shown == findings
    assert shown_pairs == query_pairs
    if not findings:
        assert 'id="law-findings"' not in text and "Kiểm tra theo luật" not in text


def test_the_findings_on_the_page_are_escaped(
        expected: tuple[Served, dict[str, tuple[str, set[tuple[str, str, int, str]], set[tuple[str, str]]]]]) -> None:
    served, found = expected
    _, _, text = page_findings(served, found["Quàng Văn Lả"][0])
    assert "<b onmouseover" not in text
    assert "&lt;b onmouseover=alert(1)&gt;" in text

"""The built graph passes its SHACL shapes; a graph that breaks a rule fails with a readable report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tdkt.graph.build import build
from tdkt.graph.store.oxigraph import OxigraphStore
from tdkt.graph.validate import ValidationReport, require_conformance, validate_store
from tdkt.kernel.errors import ShapeViolation
from tests.integration.queries.test_queries import gold_with
from tests.support.shacl import SharedReports


def test_gold_graph_conforms(gold_report: ValidationReport) -> None:
    report = gold_report
    assert report.conforms, report.text()
    # Gold names chairs of years whose membership no source states: reported as warnings, not violations.
    assert all(f.severity == "Warning" for f in report.findings)
    assert any("a chair is a member that year" in f.message for f in report.findings)


def test_two_chairs_in_one_bloc_year_fail(gold_dir: Path, tmp_path: Path) -> None:
    data = json.loads((gold_dir / "000_722c592d168ed647.json").read_text(encoding="utf-8"))
    data["source"]["id"] = "second-opinion"
    data["records"] = [r for r in data["records"] if r["type"] == "bloc"] + [
        {"type": "role", "bloc": "Cụm thi đua số 01", "unit": "Hội Nông dân huyện Sìn Hồ",
         "role": "chair", "year": 2021}]
    store = OxigraphStore(None)
    build(store, gold_with(gold_dir, tmp_path / "data", data))
    report = validate_store(store)
    assert not report.conforms
    [violation] = report.violations
    assert violation.message == "one chair per bloc-year: 2 chairs in 2021"
    assert violation.focus.endswith("/cum-thi-dua-so-1")
    with pytest.raises(ShapeViolation, match="1 SHACL violation"):
        require_conformance(report)


def test_a_fact_without_its_year_fails(gold_store: OxigraphStore) -> None:
    store = OxigraphStore(None)
    store.extend(gold_store.quads())
    store._update("PREFIX tdkt: <https://w3id.org/tdkt/ontology#> DELETE { GRAPH ?g { ?r tdkt:year ?y } } "
                  "WHERE { GRAPH ?g { ?r a tdkt:Covenant ; tdkt:year ?y } }")
    report = validate_store(store)
    assert not report.conforms
    assert {v.path for v in report.violations} >= {"https://w3id.org/tdkt/ontology#year"}
    assert "needs exactly one emulation year" in report.violations[0].message


def test_the_gold_report_is_shared_and_a_changed_graph_is_validated_afresh(
        gold_store: OxigraphStore, gold_report: ValidationReport, shared_reports: SharedReports) -> None:
    copy = OxigraphStore(None)
    copy.extend(gold_store.quads())
    runs = shared_reports.runs
    assert validate_store(copy) is gold_report and shared_reports.runs == runs
    copy._update('INSERT DATA { GRAPH <urn:test:one-more> { <urn:test:s> <urn:test:p> "one more quad" } }')
    assert validate_store(copy) is not gold_report and shared_reports.runs == runs + 1

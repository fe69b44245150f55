"""Rotation analytics on query rows, the campaign rule, and the commands that print them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tdkt.cli.main import main
from tdkt.graph.campaigns import GRAPH_NAME
from tdkt.graph.store.oxigraph import OxigraphStore
from tdkt.queries.analytics import (
    RULE_LONGEST_AGO,
    describe_rotation,
)
from tests.integration.queries.test_queries import SECOND_CHAIR, gold_with


def test_describe_rotation_reads_as_a_report(gold_store: OxigraphStore) -> None:
    from tdkt.queries.analytics import rotations

    [front] = rotations(gold_store, "Khối thi đua MTTQ và các tổ chức chính trị - xã hội tỉnh")
    text = describe_rotation(front)
    assert "    2023  chair Liên đoàn Lao động tỉnh Lai Châu; vice-chair Hội Liên hiệp Phụ nữ tỉnh Lai Châu\n" in text
    assert "vice-chair succession: followed in 1 of 1 (2023→2024 yes)" in text
    assert "expected chair of 2025:" in text


def test_campaign_links_are_in_their_own_graph(gold_store: OxigraphStore) -> None:
    graph = f"https://w3id.org/tdkt/id/graph/{GRAPH_NAME}"
    assert any(g.value == graph for g in gold_store.graph_names())
    derived = "?c <https://w3id.org/tdkt/ontology#derivedFrom> ?p"
    rows = gold_store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <" + graph + "> { " + derived + " } }")
    assert rows.rows[0]["n"] == 3


# -- the commands ------------------------------------------------------------------------------------

def test_rotation_and_check_commands(gold_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "store")
    assert main(["--store", store, "build", str(gold_dir), "-q"]) == 0
    capsys.readouterr()
    assert main(["--store", store, "rotation", "cụm thi đua số 1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Cụm thi đua số 01 (Lai Châu)\n")
    assert "  expected chair of 2023: Hội Nông dân huyện Mường Tè, Hội Nông dân huyện Sìn Hồ\n" in out
    assert main(["--store", store, "rotation", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) == 5 and data[1]["expected"]["rule"] == RULE_LONGEST_AGO
    assert main(["--store", store, "check", "--strict"]) == 0
    assert capsys.readouterr().out.startswith("conflicts: 0\ngaps: 69")
    assert main(["--store", store, "queries", "rotation"]) == 0
    assert "-p bloc=<bloc>" in capsys.readouterr().out
    assert main(["--store", store, "ask", "vice-chair-succession", "--format", "csv"]) == 0
    assert "Hội Liên hiệp Phụ nữ tỉnh Lai Châu,2024" in capsys.readouterr().out


def test_check_strict_fails_on_a_conflict(gold_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "store")
    data = gold_with(gold_dir, tmp_path / "data", SECOND_CHAIR)
    assert main(["--store", store, "build", str(data), "-q"]) == 0
    capsys.readouterr()
    assert main(["--store", store, "check"]) == 0
    assert main(["--store", store, "check", "--strict"]) == 1
    out = capsys.readouterr().out
    assert "two-chairs" in out and "Hội Nông dân huyện Mường Tè" in out
    assert main(["--store", store, "check", "--strict", "--format", "json"]) == 1

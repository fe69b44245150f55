"""Award decisions as spreadsheets (XLSX, CSV) → records: the particulars, the table, the usual headings,
errors that name sheet, row and column, a bad file rejected whole; the checks on the decisions loaded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tdkt.cli.main import main
from tdkt.graph.build import build, load_reference
from tdkt.graph.identity import Identity
from tdkt.graph.store.base import Store
from tdkt.graph.store.oxigraph import OxigraphStore
from tdkt.graph.store.remote import RemoteStore
from tdkt.queries.law import law_findings
from tests.unit.loaders.test_decisions import DECISIONS

RANKING = """
source: {id: test-ranking-hoa-ban, title: "Test case: a bloc's ranking (invented names)", province: Lai Châu}
records:
  - {type: bloc, name: Cụm thi đua Hoa Ban, province: Lai Châu}
  - {type: ranking, bloc: Cụm thi đua Hoa Ban, unit: Trung tâm Văn hóa Hoa Ban, rank: 1, year: 2024}
  - {type: ranking, bloc: Cụm thi đua Hoa Ban, unit: Trung tâm Y tế Hoa Ban, rank: 3, year: 2024}
"""


@pytest.mark.parametrize("target", ["embedded", "server"])
def test_a_rejected_decision_leaves_the_store_unchanged(target: str, tmp_path: Path, module_oxigraph: str,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    options = ["--store", str(tmp_path / "store")] if target == "embedded" else [
        "--endpoint", f"{module_oxigraph}/query"]
    assert main([*options, "load", str(DECISIONS / "qd-512-ttg-2025.xlsx")]) == 0
    store: Store = OxigraphStore(tmp_path / "store") if target == "embedded" else RemoteStore(
        f"{module_oxigraph}/query", f"{module_oxigraph}/update")
    before = store.quads()
    store.close()
    capsys.readouterr()
    good_and_bad = [str(DECISIONS / "qd-233-ubnd-tam-duong-2025.csv"),
                    str(DECISIONS / "invalid" / "qd-600-bad-year.xlsx")]
    assert main([*options, "load", *good_and_bad]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "qd-600-bad-year.xlsx: sheet 'Danh sách', row 6, column E 'Năm thành tích', field 'year'" in err
    store = OxigraphStore(tmp_path / "store") if target == "embedded" else RemoteStore(
        f"{module_oxigraph}/query", f"{module_oxigraph}/update")
    assert store.quads() == before
    store.close()


@pytest.fixture(scope="module")
def decisions_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("decisions")
    for path in DECISIONS.iterdir():
        if path.is_file() and path.suffix in (".xlsx", ".csv"):
            shutil.copy(path, folder)
    (folder / "ranking.yaml").write_text(RANKING, encoding="utf-8")
    return folder


EXPECTED = {
    ("Trung tâm Y tế Hoa Ban", 2024, "CHK-08", ("B-CO-CP",), "violation"),
    ("Tòng Thị Phương", 2022, "CHK-01", ("A-AUTH-TTG",), "warning"),
    ("Tòng Thị Phương", 2022, "CHK-05", ("A-CSTD-TQ",), "violation"),
    ("Vàng Thị Mỷ", 2025, "CHK-02", ("B-AUTH-2025",), "warning"),
    ("Lò Văn Sướng", 2025, "CHK-02", ("B-AUTH-2025",), "warning"),
}


def test_checks_on_loaded_decisions_embedded(decisions_dir: Path) -> None:
    store = OxigraphStore(None)
    build(store, decisions_dir)
    found = {(f.recipient_label, f.year, f.check, f.rules, f.severity) for f in law_findings(store).findings}
    assert found == EXPECTED
    assert all(not f.inferred for f in law_findings(store).findings)


def test_checks_on_loaded_decisions_server(decisions_dir: Path, module_oxigraph: str) -> None:
    store = RemoteStore(f"{module_oxigraph}/query", f"{module_oxigraph}/update")
    load_reference(store, Identity())
    build(store, decisions_dir)
    found = {(f.recipient_label, f.year, f.check, f.rules, f.severity) for f in law_findings(store).findings}
    assert found == EXPECTED

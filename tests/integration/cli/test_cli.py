"""The command line: the main job's output, one-line errors and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tdkt.cli.main import main


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tdkt", *args], capture_output=True, text=True, cwd=cwd)


def test_build_prints_chairs_and_vice_chairs_by_year(tmp_path: Path) -> None:
    result = run("--store", str(tmp_path / "store"), "build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Cụm thi đua số 01 (Lai Châu)\n  2021  chair       Hội Nông dân huyện Nậm Nhùn\n" \
           "  2022  chair       Hội Nông dân huyện Phong Thổ\n" in out
    assert ("  2023  vice-chair  Hội Liên hiệp Phụ nữ tỉnh Lai Châu\n"
            "  2024  chair       Hội Liên hiệp Phụ nữ tỉnh Lai Châu") in out
    assert "Khối thi đua các huyện, thành phố (Lai Châu)\n  (no chair or vice-chair recorded)" in out
    assert "built 5 documents" in result.stderr


def test_bad_document_is_one_line_error_and_exit_1(tmp_path: Path, gold_dir: Path) -> None:
    data = json.loads((gold_dir / "000_722c592d168ed647.json").read_text(encoding="utf-8"))
    data["records"][2]["unit"] = ""
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run("--store", str(tmp_path / "store"), "load", str(bad))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: ") and "record 2, field 'unit'" in result.stderr
    assert "Traceback" not in result.stderr


def test_query_formats(tmp_path: Path, gold_dir: Path) -> None:
    store = str(tmp_path / "store")
    assert run("--store", store, "build", str(gold_dir), "-q").returncode == 0
    q = "SELECT ?y WHERE { ?r <https://w3id.org/tdkt/ontology#year> ?y } ORDER BY DESC(?y) LIMIT 1"
    assert run("--store", store, "query", q, "--format", "csv").stdout == "y\n2024\n"
    assert json.loads(run("--store", store, "query", q, "--format", "json").stdout) == [{"y": 2024}]
    bad = run("--store", store, "query", "SELECT WHERE {")
    assert bad.returncode == 1 and bad.stderr.startswith("error: SPARQL syntax error")


def test_named_query_with_any_spelling(tmp_path: Path, gold_dir: Path) -> None:
    store = str(tmp_path / "store")
    assert main(["--store", store, "build", str(gold_dir), "-q"]) == 0
    bloc = "bloc=khối thi đua MTTQ và các tổ chức chính trị - xã hội tỉnh"
    result = run("--store", store, "ask", "bloc-roles", "-p", bloc,
                 "-p", "year=2023", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {(r["roleName"], r["unitLabel"]) for r in rows} == {
        ("chair", "Liên đoàn Lao động tỉnh Lai Châu"), ("vice_chair", "Hội Liên hiệp Phụ nữ tỉnh Lai Châu")}
    unknown = run("--store", store, "ask", "bloc-roles", "-p", "bloc=Khối không có")
    assert unknown.returncode == 1 and "no bloc named 'Khối không có'" in unknown.stderr


def test_export_stats_validate(tmp_path: Path, gold_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "store")
    assert main(["--store", store, "build", str(gold_dir), "-q"]) == 0
    out = tmp_path / "graph.trig"
    assert main(["--store", store, "export", "--format", "trig", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").count("GRAPH") == 0 and "{" in out.read_text(encoding="utf-8")
    stats = run("--store", store, "stats")
    assert "tdkt/ontology#BlocRole" in stats.stdout
    capsys.readouterr()
    assert main(["--store", store, "validate"]) == 0 and "conforms" in capsys.readouterr().err
    assert main(["--store", store, "validate", "--strict"]) == 1

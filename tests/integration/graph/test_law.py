"""The law as data: the rule table, the time-versioned vocabulary, and the checks on records under both regimes,
on the embedded store and on a real ``oxigraph serve``."""

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
from tdkt.queries.law import LawFinding, law_findings
from tdkt.queries.library import run_query
from tests.support.paths import DATA

LAW_DATA = DATA / "law"

# (recipient, achievement year, check, rules cited, severity): every finding the records of both-regimes.yaml
# give; every other award in the file is lawful and must give none.
EXPECTED = {
    ("Lường Văn Pọm", 2018, "CHK-01", ("A-AUTH-91-43", "A-AUTH-CS"), "violation"),
    ("Lò Thị Xuân", 2024, "CHK-01", ("B-AUTH-HUYEN", "B-AUTH-UNIT"), "violation"),
    ("Sùng A Chứ", 2025, "CHK-02", ("B-AUTH-2025",), "warning"),
    ("Giàng Thị Sua", 2025, "CHK-02", ("B-AUTH-2025",), "warning"),
    ("Phàn Văn Kiên", 2024, "CHK-03", ("D-HUYHIEU",), "violation"),
    ("Trường Tiểu học Hoa Mơ", 2024, "CHK-03", ("D-CO-NAME",), "warning"),
    ("Ủy ban nhân dân xã Bình Lư", 2025, "CHK-03", ("D-XA-TIEUBIEU",), "warning"),
    ("Chảo Thị Mai", 2024, "CHK-04", ("B-CSTD-BO",), "warning"),
    ("Chảo Thị Mai", 2024, "CHK-06", ("B-CSTD-CS",), "violation"),
    ("Đèo Văn Hùng", 2019, "CHK-04", ("A-CSTD-BO",), "violation"),
    ("Khoàng Thị Nga", 2024, "CHK-04", ("B-CSTD-BO",), "warning"),
    ("Khoàng Thị Nga", 2024, "CHK-14", ("B-REVOKE",), "warning"),
    ("Mùa A Dình", 2024, "CHK-05", ("B-CSTD-TQ",), "violation"),
    ("Trường Trung học cơ sở Hoa Mơ", 2019, "CHK-07", ("A-CO-BO",), "violation"),
    ("Trường Mầm non Hoa Mơ", 2019, "CHK-07", ("A-CO-BO",), "violation"),
    ("Trung tâm Y tế Hoa Mơ", 2015, "CHK-08", ("A-CO-CP-2010",), "violation"),
    ("Lý Văn Sinh", 2024, "CHK-12", ("B-ONE",), "violation"),
    ("Vừ Thị Dợ", 2024, "CHK-12", ("B-ONE",), "violation"),
}
# lawful awards beside them: these recipients get no finding at all
SILENT = ("Hạng A Páo", "Tẩn Láo Sử", "Trường Trung học phổ thông Hoa Mơ", "Bệnh viện Đa khoa Hoa Mơ",
          "Ủy ban nhân dân xã Nà Tăm")


def summary(findings: tuple[LawFinding, ...]) -> set[tuple[str, int, str, tuple[str, ...], str]]:
    return {(f.recipient_label, f.year, f.check, f.rules, f.severity) for f in findings}


# -- stores --------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def law_store() -> OxigraphStore:
    store = OxigraphStore(None)
    build(store, LAW_DATA)
    return store


@pytest.fixture(scope="module")
def law_server(module_oxigraph: str) -> str:
    return module_oxigraph


@pytest.fixture(scope="module")
def remote_law_store(law_server: str) -> RemoteStore:
    store = RemoteStore(f"{law_server}/query", f"{law_server}/update")
    load_reference(store, Identity())
    build(store, LAW_DATA)
    return store


@pytest.fixture(params=["embedded", "server"])
def any_law_store(request: pytest.FixtureRequest) -> Store:
    name = "law_store" if request.param == "embedded" else "remote_law_store"
    store: Store = request.getfixturevalue(name)
    return store


# -- the checks ----------------------------------------------------------------------------------------------

def both_regimes(findings: tuple[LawFinding, ...]) -> tuple[LawFinding, ...]:
    done_when = {"Trung tâm Văn hóa Hoa Ban", "Trung tâm Y tế Hoa Ban", "Vàng Thị Mỷ",
                 "Trung tâm Dịch vụ Nông nghiệp Hoa Ban"}
    return tuple(f for f in findings if f.recipient_label not in done_when)


def test_each_finding_and_each_silence_on_both_regimes(any_law_store: Store) -> None:
    found = both_regimes(law_findings(any_law_store).findings)
    assert summary(found) == EXPECTED
    labels = {f.recipient_label for f in found}
    assert not labels & set(SILENT)


def test_findings_cite_their_articles(law_store: OxigraphStore) -> None:
    by_key = {(f.recipient_label, f.check): f for f in law_findings(law_store).findings}
    assert by_key[("Lò Thị Xuân", "CHK-01")].articles == ("Điều 80 khoản 2, Luật 06/2022/QH15",
                                                          "Điều 80 khoản 1, Luật 06/2022/QH15")
    assert by_key[("Mùa A Dình", "CHK-05")].articles == ("Điều 21 khoản 1–2, Luật 06/2022/QH15",)
    assert by_key[("Trung tâm Y tế Hoa Mơ", "CHK-08")].articles == ("Điều 16 khoản 2, Nghị định 42/2010/NĐ-CP",)
    assert "1 of 2" in by_key[("Mùa A Dình", "CHK-05")].missing[0]
    assert "ranked 2 in Khối thi đua Hoa Mơ in 2019" in by_key[("Trường Trung học cơ sở Hoa Mơ", "CHK-07")].missing[0]
    assert "a member, not the leading unit, of Khối thi đua Hoa Mơ in 2019" in by_key[
        ("Trường Mầm non Hoa Mơ", "CHK-07")].missing[0]
    assert "3 of 3" in by_key[("Khoàng Thị Nga", "CHK-14")].missing[0]
    assert "Xã, phường, đặc khu tiêu biểu" in by_key[("Ủy ban nhân dân xã Bình Lư", "CHK-03")].missing[0]


def test_the_regime_comes_from_the_decision_date_else_from_the_achievement_year(law_store: OxigraphStore) -> None:
    by_key = {(f.recipient_label, f.check): f for f in law_findings(law_store).findings}
    decided = by_key[("Sùng A Chứ", "CHK-02")]
    assert (decided.inferred, decided.regime, decided.basis) == (False, "B", "regime B, decided 2025-07-01")
    inferred = by_key[("Giàng Thị Sua", "CHK-02")]
    assert (inferred.inferred, inferred.law_date) == (True, "2026-01-01")
    assert inferred.basis == "regime B, inferred from achievement year 2025"
    assert "inferred from achievement year 2025" in inferred.line()


def test_the_named_query_for_one_recipient_gives_its_findings(any_law_store: Store) -> None:
    everything = law_findings(any_law_store).findings
    one = law_findings(any_law_store, "Khoàng Thị Nga").findings
    assert summary(one) == {s for s in summary(everything) if s[0] == "Khoàng Thị Nga"}
    rows = run_query(any_law_store, "law-findings", {"recipient": "khoang thi nga"}).dicts()
    assert {(r["checkId"], r["ruleId"]) for r in rows} == {("CHK-04", "B-CSTD-BO"), ("CHK-14", "B-REVOKE")}
    only = run_query(any_law_store, "law-findings", {"checkId": "CHK-03"}).dicts()
    assert {r["ruleId"] for r in only} == {"D-HUYHIEU", "D-CO-NAME", "D-XA-TIEUBIEU"}


def test_done_when_three_unlawful_awards_and_nothing_else(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                          law_server: str) -> None:
    """A national title from a province, a district Giấy khen after 2025-07-01, the Government's flag to the
    bloc's third: ``tdkt check`` reports the three with Điều 78, B-AUTH-2025 and Điều 25, and nothing else."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(LAW_DATA / "done-when.yaml", data)
    for target in (["--store", str(tmp_path / "store")], ["--endpoint", f"{law_server}/query"]):
        assert main([*target, "build", str(data), "-q"]) == 0
        capsys.readouterr()
        assert main([*target, "check"]) == 0
        out = capsys.readouterr().out
        lines = [line.strip() for line in out.splitlines()[out.splitlines().index(
            next(x for x in out.splitlines() if x.startswith("law:"))) + 1:]]
        assert len(lines) == 3, out
        national, district, third = (next(x for x in lines if key in x)
                                     for key in ("Trung tâm Văn hóa Hoa Ban", "Vàng Thị Mỷ", "Trung tâm Y tế Hoa Ban"))
        assert "CHK-01" in national and "Điều 78 khoản 1" in national and "Cờ thi đua của Chính phủ" in national
        assert "CHK-02" in district and "B-AUTH-2025" in district and "2025-08-15" in district
        assert "CHK-08" in third and "Điều 25" in third and "ranked 3" in third
        for lawful in ("Trung tâm Dịch vụ Nông nghiệp Hoa Ban", "Lao động tiên tiến", "233/QĐ-UBND", "288/QĐ-UBND"):
            assert lawful not in "\n".join(lines)
        assert main([*target, "check", "--strict"]) == 1


def test_strict_passes_without_violations(tmp_path: Path, gold_dir: Path) -> None:
    store = str(tmp_path / "store")
    assert main(["--store", store, "build", str(gold_dir), "-q"]) == 0
    report = law_findings(OxigraphStore(tmp_path / "store"))
    assert not report.violations
    assert main(["--store", store, "check", "--strict"]) == 0

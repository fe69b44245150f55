"""The law as data: the rule table against LAW.md, the time-versioned award vocabulary, regimes by date,
grantor kinds."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import SKOS

from tdkt.graph.awards import vocabulary
from tdkt.graph.law import law_graph, law_table

TDKT = rdflib.Namespace("https://w3id.org/tdkt/ontology#")
AWARD = "https://w3id.org/tdkt/award/"
RULE = rdflib.Namespace("https://w3id.org/tdkt/law/rule/")


def law_md_statuses(shared_dir: Path) -> dict[str, str]:
    """Rule id -> status (C, P or U) from the tables of LAW.md."""
    out = {}
    for line in (shared_dir / "brief" / "LAW.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 5 and re.fullmatch(r"[ABD]-[A-Z0-9-]+", cells[0]):
            status = next((c for c in cells[2:] if re.match(r"^[CPU]\b", c)), None)
            if status:
                out[cells[0]] = status[0]
    return out


def test_every_rule_is_a_rule_of_law_md_with_its_certainty(shared_dir: Path) -> None:
    graph = law_graph()
    statuses = law_md_statuses(shared_dir)
    rules = list(graph.subjects(rdflib.RDF.type, TDKT.LegalRule))
    assert len(rules) >= 30
    for rule in rules:
        rule_id = str(graph.value(rule, SKOS.notation))
        assert str(rule) == str(RULE[rule_id])
        assert rule_id in statuses, f"{rule_id} is not a rule of LAW.md"
        certainty = str(graph.value(graph.value(rule, TDKT.certainty), SKOS.notation))
        assert certainty == statuses[rule_id], f"{rule_id}: {certainty} here, {statuses[rule_id]} in LAW.md"
        for prop in (TDKT.regime, TDKT.article, TDKT.instrument, rdflib.OWL.versionInfo):
            assert graph.value(rule, prop) is not None, f"{rule_id} lacks {prop}"


def test_every_check_has_a_rule_that_can_speak() -> None:
    graph = law_graph()
    for n in ("01", "02", "03", "04", "05", "06", "07", "08", "12", "14"):
        check = rdflib.URIRef(f"https://w3id.org/tdkt/law/check/CHK-{n}")
        certainties = {str(graph.value(graph.value(r, TDKT.certainty), SKOS.notation))
                       for r in graph.subjects(TDKT.check, check)}
        assert certainties - {"U"}, f"CHK-{n} has no C or P rule"


def test_rules_name_only_award_types_of_the_vocabulary() -> None:
    awards = set(vocabulary().validity)
    graph = law_graph()
    for prop in (TDKT.permitsAward, TDKT.governs, TDKT.requiresAward):
        for _, award in graph.subject_objects(prop):
            assert str(award) in awards, f"{award} is not an award concept"


# -- the vocabulary in force ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("award", "grantor", "day", "concept", "named"), [
    ("Chiến sĩ thi đua cấp tỉnh", "Ủy ban nhân dân tỉnh Lai Châu", "2020-03-01", "chien-si-thi-dua-cap-bo-2003",
     "chien-si-thi-dua-cap-bo-2003"),
    ("Chiến sĩ thi đua cấp tỉnh", "Ủy ban nhân dân tỉnh Lai Châu", "2024-03-01", "chien-si-thi-dua-cap-tinh",
     "chien-si-thi-dua-cap-tinh"),
    ("Chiến sĩ thi đua cấp bộ, ngành, tỉnh, đoàn thể trung ương", None, "2024-03-01", "chien-si-thi-dua-cap-tinh",
     "chien-si-thi-dua-cap-bo-2003"),
    ("Cờ thi đua", "Ủy ban nhân dân tỉnh Lai Châu", "2021-01-10", "co-thi-dua-cap-bo-2003", None),
    ("Cờ thi đua", "Ủy ban nhân dân tỉnh Lai Châu", "2024-01-10", "co-thi-dua-cap-tinh", None),
    ("Huy hiệu", None, "2023-12-31", "huy-hieu", "huy-hieu"),
    ("Huy hiệu", None, "2024-01-01", "huy-hieu", "huy-hieu"),
    ("Huy hiệu 50 năm tuổi Đảng", "Tỉnh ủy Lai Châu", "2024-02-03", None, None),
    # the badge that comes with a title is no form of its own: not the 2003 law's Huy hiệu
    ("Huy hiệu Chiến sĩ thi đua toàn quốc", "Thủ tướng Chính phủ", "2024-02-03", "chien-si-thi-dua-toan-quoc", None),
    ("Xã, phường, thị trấn tiêu biểu", None, "2025-06-30", "xa-phuong-thi-tran-tieu-bieu",
     "xa-phuong-thi-tran-tieu-bieu"),
    ("Xã, phường, thị trấn tiêu biểu", None, "2025-07-01", "xa-phuong-dac-khu-tieu-bieu",
     "xa-phuong-thi-tran-tieu-bieu"),
    ("Xã tiêu biểu", None, "2025-07-01", "xa-phuong-dac-khu-tieu-bieu", "xa-phuong-dac-khu-tieu-bieu"),
    ("Bằng khen", "Ủy ban nhân dân tỉnh Điện Biên", "2018-01-10", "bang-khen-cap-tinh", None),
])
def test_award_resolution_uses_the_vocabulary_in_force(award: str, grantor: str | None, day: str,
                                                       concept: str | None, named: str | None) -> None:
    found = vocabulary().resolution(award, grantor, dt.date.fromisoformat(day))
    assert found.concept == (AWARD + concept if concept else None)
    assert found.named == (AWARD + named if named else None)


def test_law_dates_and_regimes() -> None:
    table = law_table()
    assert [(d.day.isoformat(), d.inferred, d.regime.notation if d.regime else None) for d in (
        table.law_date("2023-12-31", 2023), table.law_date("2024-01-01", 2023), table.law_date(None, 2022),
        table.law_date(None, 2023), table.law_date("2004-06-30", 2003))] == [
        ("2023-12-31", False, "A"), ("2024-01-01", False, "B"), ("2023-01-01", True, "A"),
        ("2024-01-01", True, "B"), ("2004-06-30", False, None)]


@pytest.mark.parametrize(("grantor", "kind"), [
    ("Thủ tướng Chính phủ", "prime-minister"),
    ("Chính phủ", "government"),
    ("Chủ tịch nước", "president"),
    ("Bộ Nội vụ", "minister"),
    ("Ban Chấp hành Trung ương Hội Nông dân Việt Nam", "minister"),
    ("Ủy ban nhân dân tỉnh Lai Châu", "province-chair"),
    ("Chủ tịch Ủy ban nhân dân thành phố Hà Nội", "province-chair"),
    ("Ủy ban nhân dân thành phố Lai Châu", "district-chair"),
    ("Ủy ban nhân dân huyện Tam Đường", "district-chair"),
    ("Ủy ban nhân dân xã Bình Lư", "commune-chair"),
    ("Ủy ban nhân dân đặc khu Phú Quốc", "commune-chair"),
    ("Hội đồng quản trị Công ty cổ phần Hoa Ban", "board-chair"),
    ("Bộ Chỉ huy Quân sự tỉnh Lai Châu", "armed-forces"),
    ("Công an tỉnh Lai Châu", "armed-forces"),
    ("Sở Giáo dục và Đào tạo tỉnh Lai Châu", "organisation"),
    ("Ban Chấp hành Hội Nông dân tỉnh Lai Châu", "organisation"),
])
def test_grantor_kinds(grantor: str, kind: str) -> None:
    found = law_table().grantor_kind(grantor)
    assert found is not None and found.notation == kind

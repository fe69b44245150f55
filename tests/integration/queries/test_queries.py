"""The named queries answer the analysts' questions (../shared/brief/QUESTIONS.md) on the gold graph.

Each expected answer the brief writes down is a test here, run through the named
query on the graph built from ../shared/gold. Where the five articles hold no
answer (membership changes, a career across sources, an award ladder, evidence
sentences), a small extra document is added to a copy of the gold data.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pyoxigraph import NamedNode

from tdkt.graph.build import build
from tdkt.graph.results import Rows
from tdkt.graph.store.oxigraph import OxigraphStore
from tdkt.graph.store.remote import RemoteStore
from tdkt.kernel.errors import QueryError
from tdkt.queries.library import run_query

LAI_CHAU_FRONT = "Khối thi đua Mặt trận Tổ quốc và các tổ chức chính trị - xã hội tỉnh Lai Châu"
CLUSTER_01 = "Cụm thi đua số 01"

HOSTILE = 'x" } ; DROP ALL ; #'

# A second source on Cụm thi đua số 01 (made up for the tests): the 2022 member list, the next
# rotation, a ladder of awards for Nậm Nhùn, a second post for Lò Văn Sơn, evidence sentences.
EXTRA = {
    "source": {"id": "test-extra-cum-01", "title": "Cụm thi đua số 01: sơ kết năm 2022 (test)",
               "published": "2022-07-01", "province": "Lai Châu"},
    "records": [
        {"type": "bloc", "name": "Cụm thi đua số 01", "province": "Lai Châu",
         "organiser": "Hội Nông dân tỉnh Lai Châu"},
        *({"type": "membership", "bloc": "Cụm thi đua số 01", "unit": f"Hội Nông dân huyện {d}", "year": 2022}
          for d in ("Nậm Nhùn", "Phong Thổ", "Sìn Hồ", "Than Uyên")),
        {"type": "role", "bloc": "Cụm thi đua số 01", "unit": "Hội Nông dân huyện Sìn Hồ", "role": "vice_chair",
         "year": 2022, "evidence": "Hội Nông dân huyện Sìn Hồ được bầu làm Cụm phó năm 2022.", "confidence": 0.9},
        {"type": "role", "bloc": "Cụm thi đua số 01", "unit": "Hội Nông dân huyện Sìn Hồ", "role": "chair",
         "year": 2023},
        {"type": "award", "recipient": "Hội Nông dân huyện Nậm Nhùn", "award": "Giấy khen",
         "grantor": "Ủy ban nhân dân huyện Nậm Nhùn", "year": 2019, "status": "conferred"},
        {"type": "award", "recipient": "Hội Nông dân huyện Nậm Nhùn", "award": "Cờ thi đua",
         "grantor": "Ủy ban nhân dân tỉnh Lai Châu", "year": 2022, "status": "conferred"},
        {"type": "award", "recipient": "Hội Nông dân huyện Nậm Nhùn", "award": "Bằng khen",
         "grantor": "Ủy ban nhân dân tỉnh Lai Châu", "year": 2022, "status": "conferred"},
        {"type": "award", "recipient": "Hội Nông dân huyện Nậm Nhùn", "award": "Bằng khen của Thủ tướng Chính phủ",
         "grantor": "Thủ tướng Chính phủ", "year": 2023, "status": "proposed"},
        {"type": "position", "person": "Lò Văn Sơn", "title": "Chủ tịch", "organisation": "Hội Nông dân tỉnh Lai Châu",
         "year": 2023},
    ],
}
# Another made-up source that names a second chair of Cụm thi đua số 01 for 2021.
SECOND_CHAIR = {
    "source": {"id": "test-second-chair", "province": "Lai Châu"},
    "records": [
        {"type": "bloc", "name": "Cụm thi đua số 01", "province": "Lai Châu",
         "organiser": "Hội Nông dân tỉnh Lai Châu"},
        {"type": "role", "bloc": "Cụm thi đua số 01", "unit": "Hội Nông dân huyện Mường Tè", "role": "chair",
         "year": 2021},
    ],
}


def gold_with(gold_dir: Path, folder: Path, *docs: dict[str, Any]) -> Path:
    """A copy of the gold records with extra documents, for a store of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    for p in gold_dir.glob("*.json"):
        (folder / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    for doc in docs:
        (folder / f"{doc['source']['id']}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def extra_store(gold_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphStore]:
    store = OxigraphStore(None)
    build(store, gold_with(gold_dir, tmp_path_factory.mktemp("extra"), EXTRA))
    yield store


def ask(store: OxigraphStore | RemoteStore, name: str, **params: Any) -> list[dict[str, Any]]:
    return run_query(store, name, params).dicts()


def pick(rows: list[dict[str, Any]], *columns: str) -> set[tuple[Any, ...]]:
    return {tuple(r[c] for c in columns) for r in rows}


def test_rows_are_typed_and_unknown_columns_name_the_known(gold_store: OxigraphStore) -> None:
    rows = run_query(gold_store, "bloc-roles", {"bloc": CLUSTER_01})
    first = rows.rows[0]
    assert isinstance(first["year"], int) and isinstance(first["unitLabel"], str)
    with pytest.raises(KeyError, match=r"no variable 'chairman'.*unitLabel"):
        first["chairman"]


def test_rows_as_dataframe(gold_store: OxigraphStore) -> None:
    pd = pytest.importorskip("pandas")
    frame = run_query(gold_store, "bloc-roles").to_dataframe()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["bloc", "blocLabel", "province", "year", "role", "roleName", "unit", "unitLabel"]
    assert len(frame) == 10


@pytest.mark.parametrize("spelling", ["Cụm thi đua số 01", "cụm thi đua số 1", "CUM THI DUA SO 1",
                                      "Cụm thi đua số 01 (Lai Châu)"])
def test_entity_names_in_any_spelling(gold_store: OxigraphStore, spelling: str) -> None:
    rows = ask(gold_store, "bloc-roles", bloc=spelling)
    assert pick(rows, "year", "unitLabel") == {(2021, "Hội Nông dân huyện Nậm Nhùn"),
                                               (2022, "Hội Nông dân huyện Phong Thổ")}


def test_abbreviated_names_resolve(gold_store: OxigraphStore) -> None:
    rows = ask(gold_store, "award-history", recipient="LĐLĐ tỉnh Lai Châu")
    assert pick(rows, "recipientLabel") == {("Liên đoàn Lao động tỉnh Lai Châu",)}
    rows = ask(gold_store, "bloc-roles", bloc="khối thi đua MTTQ và các tổ chức chính trị - xã hội tỉnh", year=2023)
    assert len(rows) == 2


@pytest.mark.parametrize("name", ["awards-summary", "conflicts"])
def test_a_parameter_on_a_sometimes_empty_column_filters(gold_store: OxigraphStore, name: str) -> None:
    rows = ask(gold_store, name, bloc=CLUSTER_01)
    assert rows and {r["blocLabel"] for r in rows} == {CLUSTER_01}
    everything = ask(gold_store, name)
    assert any(r["bloc"] == "" and r["blocLabel"] is None for r in everything)


def test_a_province_name_picks_the_pre_2025_unit(gold_store: OxigraphStore) -> None:
    rows = ask(gold_store, "awards-summary", province="tỉnh Lai Châu")
    assert rows and all(r["province"].endswith("/area/pre2025/province-12") for r in rows)


def test_hostile_values_are_bound_not_pasted(gold_store: OxigraphStore, remote_gold_store: RemoteStore) -> None:
    for store in (gold_store, remote_gold_store):
        before = store.count()
        assert ask(store, "conflicts", kind=HOSTILE) == []
        with pytest.raises(QueryError, match="no bloc named"):
            ask(store, "bloc-roles", bloc=HOSTILE)
        with pytest.raises(QueryError, match="not a valid IRI"):
            ask(store, "fact-sources", subject='https://x/" } ; DROP ALL ; #')
        with pytest.raises(QueryError, match="not a valid integer"):
            ask(store, "bloc-roles", year=HOSTILE)
        assert store.count() == before


# -- Q1 Who chaired / vice-chaired / hosted bloc B in year Y? -------------------------------------

@pytest.mark.parametrize(("bloc", "expected"), [
    (CLUSTER_01, {(2021, "chair", "Hội Nông dân huyện Nậm Nhùn"), (2022, "chair", "Hội Nông dân huyện Phong Thổ")}),
    (LAI_CHAU_FRONT, {(2023, "chair", "Liên đoàn Lao động tỉnh Lai Châu"),
                      (2023, "vice_chair", "Hội Liên hiệp Phụ nữ tỉnh Lai Châu"),
                      (2024, "chair", "Hội Liên hiệp Phụ nữ tỉnh Lai Châu")}),
    ("Khối thi đua các huyện, thành phố (Lai Châu)", {(2020, "host", "Ủy ban nhân dân huyện Tân Uyên"),
                                                     (2021, "host", "Ủy ban nhân dân huyện Nậm Nhùn")}),
    ("Khối thi đua các huyện, thị xã, thành phố (Lào Cai)", {(2022, "vice_chair", "Ủy ban nhân dân huyện Bắc Hà"),
                                                            (2021, "host", "Ủy ban nhân dân huyện Si Ma Cai")}),
    ("Cụm thi đua vùng thấp (Điện Biên)", {(2018, "chair", "Ủy ban nhân dân huyện Điện Biên")}),
])
def test_q1_bloc_roles(gold_store: OxigraphStore, bloc: str, expected: set[tuple[Any, ...]]) -> None:
    rows = ask(gold_store, "bloc-roles", bloc=bloc)
    assert pick(rows, "year", "roleName", "unitLabel") == expected


def test_q1_one_year_and_duty(gold_store: OxigraphStore) -> None:
    rows = ask(gold_store, "bloc-roles", bloc=LAI_CHAU_FRONT, year=2023, role="vice_chair")
    assert pick(rows, "unitLabel", "province") == {("Hội Liên hiệp Phụ nữ tỉnh Lai Châu", "Lai Châu")}


# -- Q2 Rotation sequence, members not yet chaired, expected next chair ---------------------------

def test_q2_rotation(gold_store: OxigraphStore) -> None:
    from tdkt.queries.analytics import RULE_LONGEST_AGO, rotations

    [cluster] = rotations(gold_store, CLUSTER_01)
    assert [(y, [u.label for u in units]) for y, units in cluster.chairs()] == [
        (2021, ["Hội Nông dân huyện Nậm Nhùn"]), (2022, ["Hội Nông dân huyện Phong Thổ"])]
    assert [u.label for u in cluster.not_chaired] == ["Hội Nông dân huyện Mường Tè", "Hội Nông dân huyện Sìn Hồ"]
    assert cluster.expected.year == 2023 and cluster.expected.rule == RULE_LONGEST_AGO
    assert [u.label for u in cluster.expected.units] == ["Hội Nông dân huyện Mường Tè", "Hội Nông dân huyện Sìn Hồ"]
    rows = ask(gold_store, "rotation", bloc=CLUSTER_01)
    assert pick(rows, "year", "duty") == {(2021, "member"), (2021, "chair"), (2022, "chair")}


def test_q2_rotation_follows_the_vice_chair_when_the_bloc_does(extra_store: OxigraphStore) -> None:
    from tdkt.queries.analytics import RULE_LONGEST_AGO, rotations

    [cluster] = rotations(extra_store, CLUSTER_01)
    assert cluster.succession.years == ((2022, True),) and cluster.succession.follows
    # the vice-chair of 2023 is not known, so the rule falls back to the member that never chaired
    assert cluster.expected.year == 2024 and cluster.expected.rule == RULE_LONGEST_AGO
    assert [u.label for u in cluster.expected.units] == ["Hội Nông dân huyện Than Uyên"]
    assert "no vice-chair of 2023 is recorded" in cluster.expected.reason


# -- Q3 Does the vice-chair of Y chair Y+1? -------------------------------------------------------

def test_q3_vice_chair_succession(gold_store: OxigraphStore) -> None:
    rows = ask(gold_store, "vice-chair-succession")
    assert pick(rows, "blocLabel", "year", "viceChairLabel", "nextYear", "nextChairLabel", "follows") == {
        (LAI_CHAU_FRONT, 2023, "Hội Liên hiệp Phụ nữ tỉnh Lai Châu", 2024, "Hội Liên hiệp Phụ nữ tỉnh Lai Châu", True),
        ("Khối thi đua các huyện, thị xã, thành phố", 2022, "Ủy ban nhân dân huyện Bắc Hà", 2023, None, None),
    }


# -- Q4 Do awards follow rotation? ----------------------------------------------------------------

def test_q4_awards_follow_rotation(gold_store: OxigraphStore) -> None:
    from tdkt.queries.analytics import awards_follow_rotation

    rows = ask(gold_store, "awards-follow-rotation")
    found = pick(rows, "chairLabel", "year", "chairAwardName", "chairGrantorLabel", "chairStatus", "chairGetsTop")
    assert ("Liên đoàn Lao động tỉnh Lai Châu", 2023, "Cờ thi đua", "Ủy ban nhân dân tỉnh Lai Châu", "proposed",
            True) in found
    assert ("Hội Nông dân huyện Nậm Nhùn", 2021, "Bằng khen", "Ban Chấp hành Hội Nông dân tỉnh Lai Châu", "proposed",
            True) in found
    summary = {a.label: a for a in awards_follow_rotation(rows)}
    front = summary[LAI_CHAU_FRONT]
    assert (front.province, front.chair_years, front.award_years, front.chair_top_award) == ("Lai Châu", 2, 1, 1)
    assert (summary[CLUSTER_01].chair_years, summary[CLUSTER_01].chair_top_award) == (2, 1)


# -- Q5 Award history ------------------------------------------------------------------------------

def test_q5_award_history(gold_store: OxigraphStore) -> None:
    [row] = ask(gold_store, "award-history", recipient="Liên đoàn Lao động tỉnh Lai Châu")
    assert (row["awardName"], row["grantorLabel"], row["year"], row["statusName"], row["proposerLabel"]) == (
        "Cờ thi đua", "Ủy ban nhân dân tỉnh Lai Châu", 2023, "proposed", LAI_CHAU_FRONT)
    assert row["source"].endswith("/source/004_d180a8272f4401f9")
    assert row["awardType"].endswith("/award/co-thi-dua-cap-tinh")
    conferred = ask(gold_store, "award-history", status="conferred")
    assert pick(conferred, "recipientLabel", "year") == {("Ủy ban nhân dân huyện Mường Ảng", 2017),
                                                        ("Ủy ban nhân dân thành phố Điện Biên Phủ", 2017)}


# -- Q6 Awards by year, grantor, level and type, per province and bloc, with counts ---------------

def test_q6_awards_summary(gold_store: OxigraphStore) -> None:
    rows = ask(gold_store, "awards-summary")
    found = pick(rows, "year", "provinceLabel", "blocLabel", "grantorLabel", "level", "awardName", "statusName",
                 "awards", "collectives", "individuals", "households")
    assert (2023, "Lai Châu", LAI_CHAU_FRONT, "Ủy ban nhân dân tỉnh Lai Châu", "ministry-province", "Bằng khen",
            "proposed", 2, 0, 0, 0) in found
    assert (2023, "Lai Châu", LAI_CHAU_FRONT, "Ủy ban nhân dân tỉnh Lai Châu", "ministry-province", "Cờ thi đua",
            "proposed", 1, 0, 0, 0) in found
    # awards known only as counts
    assert (2022, "Lào Cai", "Khối thi đua các huyện, thị xã, thành phố", "Khối thi đua các huyện, thị xã, thành phố",
            "district", "Giấy khen", None, 0, 7, 11, 0) in found
    assert (2022, "Lào Cai", None, "Ủy ban nhân dân huyện Bắc Hà", "district", "Giấy khen", None, 0, 4, 5, 0) in found
    assert {r["bloc"] for r in rows if r["blocLabel"] is None} == {""}
    assert (2017, "Điện Biên", "Cụm thi đua các huyện, thị xã, thành phố vùng thấp", "Ủy ban nhân dân tỉnh Điện Biên",
            "ministry-province", "Bằng khen", "conferred", 2, 0, 0, 0) in found
    assert sum(r["awards"] for r in rows) == 7
    assert sum(r["collectives"] for r in rows) == 4 + 7 + 4


# -- Q7 The award ladder ---------------------------------------------------------------------------

def test_q7_the_vocabulary_orders_the_awards(gold_store: OxigraphStore) -> None:
    ladder = ["giay-khen", "bang-khen-cap-tinh", "co-thi-dua-cap-tinh", "bang-khen-thu-tuong", "co-thi-dua-chinh-phu",
              "huan-chuong-lao-dong-hang-ba"]
    rows = gold_store.select("SELECT ?a ?p WHERE { ?a <https://w3id.org/tdkt/ontology#precedence> ?p }")
    precedence = {r["a"].rsplit("/", 1)[1]: r["p"] for r in rows}
    assert [precedence[a] for a in ladder] == sorted(precedence[a] for a in ladder)


def test_q7_award_ladder(extra_store: OxigraphStore) -> None:
    from tdkt.queries.analytics import ladder

    rows = ask(extra_store, "award-ladder", recipient="HND huyện Nậm Nhùn")
    # the 2022 flag is decided under the 2003 law (early 2023), so it is that law's "Cờ thi đua cấp bộ, ngành,
    # tỉnh, đoàn thể trung ương" (145), not the 2022 law's "Cờ thi đua của Bộ, ban, ngành, tỉnh" (150)
    assert [(r["year"], r["awardName"], r["precedence"]) for r in rows] == [
        (2019, "Giấy khen", 70), (2021, "Bằng khen", 120), (2022, "Bằng khen", 120), (2022, "Cờ thi đua", 145),
        (2023, "Bằng khen của Thủ tướng Chính phủ", 160)]
    assert [s.climbed for s in ladder(rows)] == [True, True, False, True, True]


# -- Q8 Members per year and changes ---------------------------------------------------------------

def test_q8_bloc_members(gold_store: OxigraphStore) -> None:
    rows = ask(gold_store, "bloc-members", bloc=LAI_CHAU_FRONT, year=2023)
    assert len(rows) == 6 and {r["change"] for r in rows} == {"listed"}


def test_q8_membership_changes(extra_store: OxigraphStore) -> None:
    rows = ask(extra_store, "bloc-members", bloc=CLUSTER_01, year=2022)
    assert pick(rows, "unitLabel", "change") == {
        ("Hội Nông dân huyện Nậm Nhùn", "stayed"), ("Hội Nông dân huyện Phong Thổ", "stayed"),
        ("Hội Nông dân huyện Sìn Hồ", "stayed"), ("Hội Nông dân huyện Than Uyên", "joined"),
        ("Hội Nông dân huyện Mường Tè", "left")}


# -- Q9 Officials ----------------------------------------------------------------------------------

def test_q9_officials(gold_store: OxigraphStore) -> None:
    rows = ask(gold_store, "officials", person="Bùi Huy Phương")
    assert pick(rows, "title", "organisationLabel", "year") == {
        ("Tỉnh ủy viên", "Tỉnh ủy Lai Châu", 2020), ("Phó Bí thư Huyện ủy", "Huyện ủy Tân Uyên", 2020),
        ("Chủ tịch", "Ủy ban nhân dân huyện Tân Uyên", 2020)}
    assert pick(rows, "conferenceLabel") == {("Hội nghị tổng kết năm 2020, Khối thi đua các huyện, thành phố",)}
    in_bloc = ask(gold_store, "officials", organisation=CLUSTER_01)
    assert pick(in_bloc, "personLabel", "title") == {("Lò Văn Sơn", "Trưởng Ban Chỉ đạo")}
    # a review conference held early the next year is the one the 2018 posts were stated at
    dien_bien = ask(gold_store, "officials", person="Giàng Trùng Lầu")
    assert pick(dien_bien, "conferenceLabel") == {
        ("Hội nghị tổng kết năm 2017, Cụm thi đua các huyện, thị xã, thành phố vùng thấp",)}


def test_q9_career_across_sources(extra_store: OxigraphStore) -> None:
    rows = ask(extra_store, "officials", person="lò văn sơn")
    assert pick(rows, "year", "title", "organisationLabel", "source") == {
        (2021, "Phó Chủ tịch Thường trực", "Hội Nông dân tỉnh Lai Châu",
         "https://w3id.org/tdkt/id/source/000_722c592d168ed647"),
        (2021, "Trưởng Ban Chỉ đạo", CLUSTER_01, "https://w3id.org/tdkt/id/source/000_722c592d168ed647"),
        (2023, "Chủ tịch", "Hội Nông dân tỉnh Lai Châu", "https://w3id.org/tdkt/id/source/test-extra-cum-01")}


# -- Q10 Chair succession with the handover ----------------------------------------------------------

def test_q10_chair_succession(gold_store: OxigraphStore) -> None:
    rows = ask(gold_store, "chair-succession")
    found = pick(rows, "blocLabel", "year", "unitLabel", "nextUnitLabel", "handoverDate", "handoverPlace",
                 "covenantSigned")
    assert (CLUSTER_01, 2021, "Hội Nông dân huyện Nậm Nhùn", "Hội Nông dân huyện Phong Thổ", dt.date(2021, 11, 29),
            "huyện Nậm Nhùn", True) in found
    assert (LAI_CHAU_FRONT, 2023, "Liên đoàn Lao động tỉnh Lai Châu", "Hội Liên hiệp Phụ nữ tỉnh Lai Châu",
            dt.date(2024, 1, 12), None, True) in found
    hosts = ask(gold_store, "chair-succession", role="host", bloc="Khối thi đua các huyện, thành phố (Lai Châu)")
    assert pick(hosts, "year", "unitLabel", "nextUnitLabel", "handoverPlace") == {
        (2020, "Ủy ban nhân dân huyện Tân Uyên", "Ủy ban nhân dân huyện Nậm Nhùn", "huyện Tân Uyên"),
        (2021, "Ủy ban nhân dân huyện Nậm Nhùn", None, None)}


# -- Q11 Organisational lineage and the 2025 reorganisation -------------------------------------------

def test_q11_province_merger(gold_store: OxigraphStore) -> None:
    rows = ask(gold_store, "unit-lineage", unit="Tỉnh Lào Cai")
    found = pick(rows, "direction", "relatedLabel", "relatedEdition", "current")
    assert ("successor", "Tỉnh Lào Cai", "2025", True) in found
    assert ("merged with", "Tỉnh Yên Bái", "pre2025", None) in found
    [merger] = {r["eventKind"] for r in rows if r["direction"] == "successor"}
    assert merger.endswith("#Merger")


def test_q11_what_an_old_unit_is_today(gold_store: OxigraphStore) -> None:
    rows = ask(gold_store, "unit-lineage", unit="UBND huyện Tân Uyên")
    assert pick(rows, "viaLabel", "eventKind", "relatedLabel", "current") == {
        ("Huyện Tân Uyên", "https://w3id.org/tdkt/ontology#Dissolution", "Tỉnh Lai Châu", True),
        ("Tỉnh Lai Châu", "https://w3id.org/tdkt/ontology#Renaming", "Tỉnh Lai Châu", True)}
    assert {str(r["date"]) for r in rows} == {"2025-07-01T00:00:00+07:00"}


def test_q11_predecessors(gold_store: OxigraphStore) -> None:
    rows = ask(gold_store, "unit-lineage", unit="https://w3id.org/tdkt/id/area/2025/province-15")
    found = pick([r for r in rows if r["eventKind"].endswith("#Merger")], "direction", "relatedLabel")
    assert found == {("predecessor", "Tỉnh Lào Cai"), ("predecessor", "Tỉnh Yên Bái")}
    assert ("predecessor", "Huyện Bắc Hà") in pick(rows, "direction", "relatedLabel")


# -- Q12 Campaign lineage -------------------------------------------------------------------------------

def test_q12_campaign_lineage(gold_store: OxigraphStore) -> None:
    rows = ask(gold_store, "campaign-lineage")
    found = pick(rows, "campaignLabel", "parentLabel")
    assert ("Lai Châu chung tay vì người nghèo - không để ai bị bỏ lại phía sau",
            "Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau") in found
    assert ("Lai Châu chung sức xây dựng nông thôn mới", "Cả nước chung sức xây dựng nông thôn mới") in found
    for row in rows:
        assert row["basis"] == "https://w3id.org/tdkt/id/graph/derived/campaigns"
        assert "replaced by the province name 'Lai Châu'" in row["evidence"]
    one = ask(gold_store, "campaign-lineage", campaign="lai chau chung suc xay dung nong thon moi")
    assert pick(one, "confidence") == {(Decimal("1.000"),)}


# -- Q13 Which source states fact F, with the sentence? ------------------------------------------------

def test_q13_fact_sources(gold_store: OxigraphStore) -> None:
    [role] = ask(gold_store, "bloc-roles", bloc=LAI_CHAU_FRONT, year=2023, role="chair")
    duty = gold_store.select(
        "SELECT ?d ?u WHERE { ?d <http://www.w3.org/ns/org#role> <https://w3id.org/tdkt/ontology#Chair> ; "
        "<https://w3id.org/tdkt/ontology#year> 2023 ; <http://www.w3.org/ns/org#member> ?u }",
        {"u": NamedNode(role["unit"])}).rows[0]["d"]
    [row] = ask(gold_store, "fact-sources", subject=duty)
    assert (row["link"], row["recordIndex"], row["factType"]) == ("self", 8, "https://w3id.org/tdkt/ontology#BlocRole")
    assert row["source"].endswith("/source/004_d180a8272f4401f9")
    assert row["sourceTitle"].startswith("Khối thi đua Mặt trận Tổ quốc")
    about = ask(gold_store, "fact-sources", subject="Hội Liên hiệp Phụ nữ tỉnh Lai Châu")
    assert len(about) == 5 and {r["link"] for r in about} == {
        "http://www.w3.org/ns/org#member", "http://www.w3.org/ns/org#organization",
        "https://w3id.org/tdkt/ontology#recipient"}


def test_q13_evidence_sentence(extra_store: OxigraphStore) -> None:
    rows = ask(extra_store, "fact-sources", subject="Hội Nông dân huyện Sìn Hồ")
    [vice] = [r for r in rows if r["evidence"]]
    assert vice["evidence"] == "Hội Nông dân huyện Sìn Hồ được bầu làm Cụm phó năm 2022."
    assert vice["confidence"] == Decimal("0.9") and vice["published"] == dt.date(2022, 7, 1)


def test_q13_a_derived_link_names_its_rule(gold_store: OxigraphStore) -> None:
    rows = ask(gold_store, "fact-sources", subject="Lai Châu chung sức xây dựng nông thôn mới")
    assert pick(rows, "source", "link") == {
        ("https://w3id.org/tdkt/id/source/004_d180a8272f4401f9", "self"),
        ("https://w3id.org/tdkt/id/graph/derived/campaigns", "self")}
    [rule] = [r["evidence"] for r in rows if r["evidence"]]
    assert "'Cả nước' replaced by the province name 'Lai Châu'" in rule


# -- Q14 Conflicts and gaps ------------------------------------------------------------------------------

def test_q14_gaps_on_the_gold_graph(gold_store: OxigraphStore) -> None:
    rows = ask(gold_store, "conflicts")
    assert not [r for r in rows if r["severity"] == "conflict"]
    assert pick([r for r in rows if r["kind"] == "chair-not-member"], "blocLabel", "year", "unitLabel") == {
        ("Cụm thi đua các huyện, thị xã, thành phố vùng thấp", 2018, "Ủy ban nhân dân huyện Điện Biên"),
        (CLUSTER_01, 2022, "Hội Nông dân huyện Phong Thổ"),
        (LAI_CHAU_FRONT, 2024, "Hội Liên hiệp Phụ nữ tỉnh Lai Châu")}
    assert pick([r for r in rows if r["kind"] == "no-chair"], "blocLabel", "year") == {
        ("Cụm thi đua các huyện, thị xã, thành phố vùng thấp", 2017),
        ("Khối thi đua các huyện, thành phố", 2020), ("Khối thi đua các huyện, thành phố", 2021),
        ("Khối thi đua các huyện, thị xã, thành phố", 2021), ("Khối thi đua các huyện, thị xã, thành phố", 2022)}
    single = [r for r in rows if r["kind"] == "single-source"]
    assert single and all(r["severity"] == "gap" and r["source"] for r in single)


def test_q14_conflicts(gold_dir: Path, tmp_path: Path) -> None:
    from tdkt.queries.conflicts import check

    store = OxigraphStore(None)
    build(store, gold_with(gold_dir, tmp_path / "data", EXTRA, SECOND_CHAIR))
    report = check(store)
    assert {(f.kind, f.year, f.unit) for f in report.conflicts} == {
        ("two-chairs", 2021, "Hội Nông dân huyện Nậm Nhùn"), ("two-chairs", 2021, "Hội Nông dân huyện Mường Tè")}
    # Sìn Hồ chairs 2023, for which no member list is known: a gap, not a conflict
    assert ("chair-not-member", 2023, "Hội Nông dân huyện Sìn Hồ") in {(f.kind, f.year, f.unit) for f in report.gaps}
    assert report.text().startswith("conflicts: 2\n")


def test_results_stay_rows(gold_store: OxigraphStore) -> None:
    assert isinstance(run_query(gold_store, "conflicts"), Rows)

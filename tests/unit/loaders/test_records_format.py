"""The records format as RECORDS.md now writes it: national blocs, every conference kind, null fields; every
hand-made gold file loads as it is."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tdkt.graph.identity import Identity
from tdkt.graph.mapping import document_quads
from tdkt.kernel.errors import RecordError
from tdkt.kernel.vocab import TDKT
from tdkt.loaders.records import parse_document
from tdkt.loaders.structured import read_document

ALL_GOLD = "gold files of the corpus and the dev set"


def _gold_files(shared_dir: Path) -> list[Path]:
    return sorted((shared_dir / "gold").glob("*.json")) + sorted((shared_dir / "devset" / "gold").glob("*.json"))


def test_every_gold_file_loads_as_it_is(shared_dir: Path) -> None:
    paths = _gold_files(shared_dir)
    assert len(paths) >= 47, ALL_GOLD
    for path in paths:
        doc = read_document(path)
        raw = json.loads(path.read_text(encoding="utf-8"))
        assert len(doc.records) == len(raw["records"]), path.name


def _doc(records: list[dict[str, Any]], **source: Any) -> dict[str, Any]:
    return {"source": {"id": "format-test", "province": "Lai Châu", **source}, "records": records}


BLOC = {"type": "bloc", "name": "Cụm thi đua số 2", "province": None, "organiser": "Hội Nông dân Việt Nam"}


def test_a_null_bloc_province_is_national_not_the_sources() -> None:
    doc = parse_document(_doc([BLOC]), "<test>")
    quads = document_quads(doc)
    bloc = Identity().bloc("Cụm thi đua số 2", None, "Hội Nông dân Việt Nam")
    assert bloc.value.endswith("/bloc/vn/hoi-nong-dan-viet-nam/cum-thi-dua-so-2")
    assert any(q.subject == bloc and q.object == TDKT.SupraProvincialBloc for q in quads)
    assert not any(q.subject == bloc and q.predicate == TDKT.province for q in quads)


@pytest.mark.parametrize("kind", ["tổng kết", "sơ kết", "ký kết giao ước", "bàn giao", "giao lưu", "other"])
def test_every_conference_kind_maps_to_its_concept(kind: str) -> None:
    doc = parse_document(_doc([BLOC, {"type": "conference", "bloc": "Cụm thi đua số 2", "kind": kind,
                                      "date": None, "place": None, "year": 2024}]), "<test>")
    kinds = {q.object for q in document_quads(doc) if q.predicate == TDKT.conferenceKind}
    assert len(kinds) == 1


def test_an_award_without_grantor_with_its_decision() -> None:
    doc = parse_document(_doc([{
        "type": "award", "recipient": "Hội Nông dân huyện Tam Đường", "award": "Cờ thi đua",
        "grantor": None, "year": 2023, "status": "conferred", "decision": "12/QĐ-UBND", "decided": "2024-01-15"}]),
        "<test>")
    quads = document_quads(doc)
    assert not any(q.predicate == TDKT.grantor for q in quads)
    assert {q.object.value for q in quads if q.predicate == TDKT.decisionNumber} == {"12/QĐ-UBND"}
    assert {q.object.value for q in quads if q.predicate == TDKT.decisionDate} == {"2024-01-15"}


def test_a_decision_date_must_be_a_date() -> None:
    with pytest.raises(RecordError, match="decided"):
        parse_document(_doc([{
            "type": "award", "recipient": "Hội Nông dân huyện Tam Đường", "award": "Cờ thi đua",
            "grantor": None, "year": 2023, "status": "conferred", "decided": "15/01/2024"}]), "<test>")


def test_a_position_with_no_body_has_no_post() -> None:
    doc = parse_document(_doc([{"type": "position", "person": "Lò Văn Ánh", "title": "Phó Chủ tịch",
                                "organisation": None, "year": 2024}]), "<test>")
    quads = document_quads(doc)
    assert any(q.object == TDKT.PostHolding for q in quads)
    assert not any(q.predicate == TDKT.post for q in quads)


def test_award_counts_with_status_and_unknown_counts() -> None:
    doc = parse_document(_doc([{"type": "award_count", "award": "Giấy khen", "grantor": None,
                                "collectives": 3, "individuals": None, "year": 2024, "status": "proposed"}]),
                         "<test>")
    quads = document_quads(doc)
    assert {q.object for q in quads if q.predicate == TDKT.awardStatus} == {TDKT.Proposed}
    assert not any(q.predicate == TDKT.individuals for q in quads)


def test_a_csv_empty_cell_of_a_required_nullable_field_is_null(tmp_path: Path) -> None:
    (tmp_path / "source.yaml").write_text("id: csv-national\nprovince: Lai Châu\n", encoding="utf-8")
    (tmp_path / "bloc.csv").write_text("name,province,organiser\nCụm thi đua số 3,,\n", encoding="utf-8")
    (tmp_path / "membership.csv").write_text("bloc,unit,year\nCụm thi đua số 3,Hội Nông dân tỉnh Lai Châu,2024\n",
                                             encoding="utf-8")
    doc = read_document(tmp_path)
    bloc = next(doc.of_type("bloc"))
    assert "province" in bloc.fields and bloc.fields["province"] is None
    assert "organiser" not in bloc.fields

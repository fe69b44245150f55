"""The synthetic generator: deterministic, valid, loadable, and shaped as documented (docs/performance.md)."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from tdkt.cli.main import main
from tdkt.cli.synth import (
    P_CONFLICT,
    P_LEADER_IS_CHAIR,
    P_MEMBERS_LISTED,
    P_VICE_SUCCEEDS,
    REORGANISATION_YEAR,
    SynthConfig,
    generate,
    select_provinces,
    write_dataset,
)
from tdkt.graph.build import build
from tdkt.graph.store.oxigraph import OxigraphStore
from tdkt.loaders.records import parse_document

SMALL = SynthConfig(provinces=2, first_year=2024, last_year=2026, seed=7)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def small_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synth")
    write_dataset(SMALL, folder)
    return folder


@pytest.fixture(scope="module")
def wide() -> list[dict[str, Any]]:
    """Twenty provinces over fifteen years: enough bloc-years to check the rates."""
    return list(generate(SynthConfig(provinces=20, first_year=2010, last_year=2024, seed=1)))


def test_same_seed_writes_byte_identical_files(small_dir: Path, tmp_path: Path) -> None:
    assert main(["synth", "--provinces", "2", "--years", "2024-2026", "--seed", "7", "-o", str(tmp_path / "a")]) == 0
    assert _files(tmp_path / "a") == _files(small_dir)
    write_dataset(SynthConfig(2, 2024, 2026, seed=8), tmp_path / "b")
    assert _files(tmp_path / "b") != _files(small_dir)


def test_every_document_validates_and_the_folder_builds(small_dir: Path) -> None:
    for path in small_dir.iterdir():
        parse_document(__import__("json").loads(path.read_text(encoding="utf-8")), str(path))
    store = OxigraphStore(None)
    report = build(store, small_dir)
    assert report.documents == len(list(small_dir.iterdir()))
    assert store.count() > 20_000


def test_provinces_are_real_and_spread() -> None:
    chosen = select_provinces(4)
    assert [a.short for a in chosen] == ["Hà Nội", "Phú Thọ", "Đà Nẵng", "Đồng Nai"]
    assert len(select_provinces(63)) == 63


def _rotations(docs: list[dict[str, Any]]) -> dict[tuple[str, int], dict[str, str]]:
    """Duties per (bloc slug, year) from each bloc's own review articles."""
    out: dict[tuple[str, int], dict[str, str]] = defaultdict(dict)
    for doc in docs:
        sid = doc["source"]["id"]
        if sid.endswith("-tk"):
            slug = sid.split("-")[1] + "-" + sid.split("-")[2]
            for r in doc["records"]:
                if r["type"] == "role" and r["role"] != "host":
                    out[(slug, r["year"])].setdefault(r["role"], r["unit"])
    return out


def _same(a: str, b: str) -> bool:
    return a.replace("UBND", "Ủy ban nhân dân").replace("HND", "Hội Nông dân") == \
        b.replace("UBND", "Ủy ban nhân dân").replace("HND", "Hội Nông dân")


def test_vice_chair_succession_share(wide: list[dict[str, Any]]) -> None:
    duties = _rotations(wide)
    pairs = [(d["vice_chair"], duties[(slug, y + 1)]["chair"]) for (slug, y), d in duties.items()
             if "vice_chair" in d and "chair" in duties.get((slug, y + 1), {})]
    assert len(pairs) > 2000
    share = sum(_same(v, c) for v, c in pairs) / len(pairs)
    assert share == pytest.approx(P_VICE_SUCCEEDS, abs=0.03)


def test_rates_and_sizes(wide: list[dict[str, Any]]) -> None:
    reviews = [d for d in wide if d["source"]["id"].endswith("-tk")]
    listed = [d for d in reviews if any(r["type"] == "membership" for r in d["records"])]
    assert len(listed) / len(reviews) == pytest.approx(P_MEMBERS_LISTED, abs=0.03)
    sizes = [sum(1 for r in d["records"] if r["type"] == "membership") for d in listed]
    assert min(sizes) >= 5 and max(sizes) <= 12
    led = 0
    for d in reviews:
        year = d["records"][1]["year"]
        chair = next(r["unit"] for r in d["records"] if r["type"] == "role" and r["role"] == "chair"
                     and r["year"] == year)
        first = next(r["unit"] for r in d["records"] if r["type"] == "ranking" and r["rank"] == 1)
        led += _same(chair, first)
    assert led / len(reviews) == pytest.approx(P_LEADER_IS_CHAIR, abs=0.03)
    conflicts = sum(1 for d in wide if d["source"]["id"].endswith("-tk2"))
    assert conflicts / len(reviews) == pytest.approx(P_CONFLICT, abs=0.01)
    blocs_per_province = Counter(d["source"]["id"].split("-")[1] for d in reviews if "-2015-" in d["source"]["id"])
    assert 9 <= sum(blocs_per_province.values()) / len(blocs_per_province) <= 16
    levels = Counter((r["award"], r["grantor"].split(" ")[0], r["status"]) for d in wide for r in d["records"]
                     if r["type"] == "award")
    assert levels[("Cờ thi đua của Chính phủ", "Chính", "proposed")] > 0
    assert levels[("Bằng khen", "Thủ", "conferred")] > 0
    assert levels[("Giấy khen", "Ủy", "conferred")] > 0


def test_conflicting_source_names_another_chair(wide: list[dict[str, Any]]) -> None:
    duties = _rotations(wide)
    for doc in wide:
        sid = doc["source"]["id"]
        if sid.endswith("-tk2"):
            slug, year = sid.split("-")[1] + "-" + sid.split("-")[2], int(sid.split("-")[3])
            [role] = [r for r in doc["records"] if r["type"] == "role"]
            assert not _same(role["unit"], duties[(slug, year)]["chair"])


def test_the_2025_reorganisation_shows() -> None:
    docs = list(generate(SynthConfig(provinces=63, first_year=2024, last_year=2026, seed=3)))
    blocs = [d for d in docs if d["records"][0]["type"] == "bloc"]
    district_level = [d for d in blocs if d["records"][0]["name"].startswith(("Khối thi đua các huyện", "Cụm thi đua"))]
    years = {r["year"] for d in district_level for r in d["records"] if "year" in r and r["type"] != "role"}
    assert max(years) == REORGANISATION_YEAR
    last = [d for d in district_level if d["records"][1]["year"] == REORGANISATION_YEAR]
    assert last and all(d["records"][1]["kind"] == "sơ kết" and d["source"]["published"] < "2025-07-01"
                        for d in last)
    provinces = {y: {d["source"]["province"] for d in docs if d["source"]["id"].endswith(f"-qd-{y}")}
                 for y in (2024, 2025, 2026)}
    assert len(provinces[2024]) == 63
    assert len(provinces[2026]) == 34
    assert "Hà Giang" in provinces[2024] and "Hà Giang" not in provinces[2026]

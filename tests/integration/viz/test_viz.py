"""Views: rows → graphs (on hand-written rows and on the gold graph), styles, aggregation, the HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tdkt.graph.store.oxigraph import OxigraphStore
from tdkt.viz import make_view, render_view
from tdkt.viz.errors import ViewError
from tests.integration.queries.test_queries import gold_with
from tests.unit.viz.test_views import EXTERNAL, edge_kinds

MTTQ = "Khối thi đua Mặt trận Tổ quốc và các tổ chức chính trị - xã hội tỉnh Lai Châu"
HLHPN = "Hội Liên hiệp Phụ nữ tỉnh Lai Châu"
LDLD = "Liên đoàn Lao động tỉnh Lai Châu"


def test_gold_bloc_view_shows_question_3(gold_store: OxigraphStore) -> None:
    view = make_view(gold_store, "bloc", {"bloc": MTTQ})
    g = view.graph.g
    chairs = sorted((d["x"], d["label"]) for _, d in g.nodes(data=True) if d["kind"] == "chair")
    assert [label for _, label in chairs] == [LDLD, HLHPN]
    vice = [n for n, d in g.nodes(data=True) if d["kind"] == "vice_chair"]
    assert [g.nodes[n]["label"] for n in vice] == [HLHPN]
    assert any(d["kind"] == "vice_to_chair" for _, _, d in g.edges(vice[0], data=True))


@pytest.mark.parametrize(("name", "params", "expected"), [
    ("bloc", {"bloc": "Cụm thi đua số 01"}, "Hội Nông dân huyện Phong Thổ"),
    ("unit", {"unit": LDLD}, "Cờ thi đua 2023"),
    ("awards", {"province": "Lai Châu", "status": "proposed"}, LDLD),
    ("lineage", {"province": "Lai Châu"}, "Tỉnh Lai Châu (từ 2025)"),
    ("overview", {}, MTTQ),
])
def test_each_view_on_the_gold_graph(gold_store: OxigraphStore, name: str, params: dict[str, str],
                                     expected: str) -> None:
    view = make_view(gold_store, name, params)
    labels = {str(d["label"]) for _, d in view.graph.g.nodes(data=True)}
    assert any(expected in label for label in labels), sorted(labels)
    assert all("x" in d and "y" in d for _, d in view.graph.g.nodes(data=True))
    assert len(view.graph) <= view.max_nodes


def test_awards_filters_at_query_time(gold_store: OxigraphStore) -> None:
    proposed = make_view(gold_store, "awards", {"status": "proposed"})
    statuses = {v for _, _, d in proposed.graph.g.edges(data=True) for v in d["facets"].get("status", [])}
    assert statuses == {"proposed"}
    with pytest.raises(ViewError, match="no awards"):
        make_view(gold_store, "awards", {"year": "1990"})


def test_tdkt_view_command(gold_store: OxigraphStore, gold_dir: Path, tmp_path: Path) -> None:
    from tdkt.cli.main import main

    store = tmp_path / "store"
    assert main(["--store", str(store), "build", "-q", str(gold_dir)]) == 0
    out = tmp_path / "bloc.html"
    assert main(["--store", str(store), "view", "bloc", "-p", "bloc=Cụm thi đua số 01", "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "Hội Nông dân huyện Nậm Nhùn" in html and not EXTERNAL.search(html)
    assert main(["--store", str(store), "view", "unit", "-o", str(tmp_path / "x.html")]) == 1  # needs unit=
    assert main(["--store", str(store), "view", "bloc", "-p", "bloc"]) == 2


def test_render_view_from_a_store(gold_store: OxigraphStore) -> None:
    html = render_view(gold_store, "overview", {"province": "Lai Châu"}, nonce="abc123")
    assert html.count('nonce="abc123"') == 3


@pytest.mark.server
@pytest.mark.parametrize(("name", "params"), [("awards", {"province": "Lai Châu", "status": "proposed"}),
                                              ("overview", {"province": "Lai Châu"}),
                                              ("lineage", {"province": "Điện Biên", "part": "changes"}),
                                              ("bloc", {"bloc": MTTQ})])
def test_views_over_an_endpoint_match_the_embedded_store(gold_store: OxigraphStore, remote_gold_store: Any,
                                                         name: str, params: dict[str, str]) -> None:
    """Parameters bound by substitution in process and by a VALUES block remotely select the same rows."""
    local, remote = make_view(gold_store, name, params), make_view(remote_gold_store, name, params)
    assert sorted(local.graph.g.nodes) == sorted(remote.graph.g.nodes)
    assert sorted(edge_kinds(local)) == sorted(edge_kinds(remote))


def test_views_of_the_whole_graph_keep_blocs_of_no_known_province(gold_dir: Path, tmp_path: Path) -> None:
    from tdkt.graph.build import build

    doc = {"source": {"id": "no-province", "title": "Khối thi đua cấp trung ương"},  # no province of the register
           "records": [{"type": "bloc", "name": "Khối thi đua các doanh nghiệp", "province": "Trung ương"},
                       {"type": "membership", "bloc": "Khối thi đua các doanh nghiệp", "unit": "Công ty Điện lực",
                        "year": 2022},
                       {"type": "role", "bloc": "Khối thi đua các doanh nghiệp", "unit": "Công ty Điện lực",
                        "role": "chair", "year": 2022}]}
    store = OxigraphStore(None)
    build(store, gold_with(gold_dir, tmp_path / "data", doc))
    whole = make_view(store, "overview")
    [bloc_iri] = [n for n, d in whole.graph.g.nodes(data=True) if d["label"] == "Khối thi đua các doanh nghiệp"]
    assert "Công ty Điện lực" in {whole.graph.g.nodes[u]["label"] for u, b in whole.graph.g.edges() if b == bloc_iri}
    blocs_table = whole.tables[2]
    assert ["Khối thi đua các doanh nghiệp", "1", "1"] in blocs_table.rows
    assert bloc_iri not in make_view(store, "overview", {"province": "Lai Châu"}).graph.g
    chairs = make_view(store, "lineage", {"part": "chairs"}).graph.g
    assert "Công ty Điện lực (2022)" in {d["label"] for _, d in chairs.nodes(data=True)}
    assert bloc_iri in chairs
    assert bloc_iri not in make_view(store, "lineage", {"part": "chairs", "province": "Lai Châu"}).graph.g

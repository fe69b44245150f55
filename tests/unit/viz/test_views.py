"""Views on hand-written rows: rows → graphs, styles, aggregation, the HTML page."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tdkt.viz import registry, render
from tdkt.viz.errors import ViewError
from tdkt.viz.model import View
from tdkt.viz.style import load_styles, parse_styles
from tdkt.viz.views import awards, bloc, lineage, overview, unit
from tests.support.web import XSS_UNIT


def bloc_row(kind: str, year: int | None = None, unit_name: str | None = None, **extra: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"bloc": "urn:bloc", "blocLabel": "Khối thử", "blocKind": "khoi", "province": "Lai Châu",
                           "kind": kind, "year": year, "fact": f"urn:fact:{kind}:{year}:{unit_name}",
                           "unit": f"urn:unit:{unit_name}" if unit_name else None, "unitLabel": unit_name,
                           "rank": None, "nextFact": None, "conferenceKind": None, "date": None, "place": None}
    row.update(extra)
    return row


def award_row(i: int, recipient: str, *, year: int = 2023, status: str = "conferred", province: str = "Lai Châu",
              award_type: str | None = "urn:type:bk", proposer: str | None = None) -> dict[str, Any]:
    return {"fact": f"urn:award:{i}", "factKind": "award", "year": year, "status": f"urn:{status}",
            "statusName": status, "grantor": "urn:grantor", "grantorLabel": "Ủy ban nhân dân tỉnh Lai Châu",
            "awardName": "Bằng khen", "awardType": award_type, "awardTypeLabel": "Bằng khen của tỉnh",
            "precedence": 2, "recipient": f"urn:unit:{recipient}", "recipientLabel": recipient,
            "recipientKind": "unit", "proposer": f"urn:bloc:{proposer}" if proposer else None,
            "proposerLabel": proposer, "province": province, "collectives": None, "individuals": None,
            "households": None}


def kinds(view: View) -> dict[str, int]:
    out: dict[str, int] = {}
    for _, d in view.graph.g.nodes(data=True):
        out[d["kind"]] = out.get(d["kind"], 0) + 1
    return out


def edge_kinds(view: View) -> list[tuple[str, str, str]]:
    return sorted((str(u), str(v), d["kind"]) for u, v, d in view.graph.g.edges(data=True))


# -- styles ------------------------------------------------------------------------------


def test_every_kind_a_view_can_use_has_a_style() -> None:
    styles = load_styles()
    assert {"bloc", "unit", "person", "chair", "vice_chair", "host", "award_type", "area", "event", "campaign",
            "aggregate", "year", "count", "award", "heading"} <= set(styles.nodes)
    assert {"member", "handover", "succession", "vice_to_chair", "change", "dissolved", "derived",
            "award_conferred", "award_proposed", "proposes", "official"} <= set(styles.edges)


@pytest.mark.parametrize(("entry", "message"), [
    ({"label": "x", "color": "red", "shape": "dot", "size": 1}, "is not #rrggbb"),
    ({"label": "x", "color": "#ffffff", "shape": "blob", "size": 1}, "shape 'blob'"),
    ({"label": "x", "color": "#ffffff", "shape": "dot"}, "'size' must be a int"),
])
def test_a_bad_style_file_is_refused_naming_the_entry(entry: dict[str, Any], message: str) -> None:
    data = {"nodes": {"thing": entry}, "edges": {"e": {"label": "e", "color": "#000000", "width": 1,
                                                         "dashes": False, "arrow": ""}}}
    with pytest.raises(ViewError, match=re.escape(message)) as info:
        parse_styles(data, "styles.toml")
    assert "[nodes.thing]" in str(info.value)


# -- the bloc view -------------------------------------------------------------------------


def test_bloc_view_is_a_timeline_with_handovers() -> None:
    rows = [bloc_row("bloc"),
            bloc_row("member", 2021, "A"), bloc_row("member", 2021, "B"), bloc_row("member", 2021, "C"),
            bloc_row("chair", 2021, "A", nextFact="urn:fact:chair:2022:B"),
            bloc_row("vice_chair", 2021, "B"),
            bloc_row("chair", 2022, "B"), bloc_row("host", 2022, "C"),
            bloc_row("chair", 2024, "C"),
            bloc_row("ranking", 2022, "C", rank=1),
            bloc_row("conference", 2021, None, conferenceKind="tổng kết", date="2021-12-20", place="huyện X")]
    view = bloc.build({"facts": rows}, {"bloc": "urn:bloc"})
    g = view.graph.g
    years = [n for n, d in g.nodes(data=True) if d["kind"] == "year"]
    assert sorted(years, key=lambda n: g.nodes[n]["x"]) == ["year:2021", "year:2022", "year:2023", "year:2024"]
    chairs = {n: d for n, d in g.nodes(data=True) if d["kind"] == "chair"}
    assert [d["label"] for _, d in sorted(chairs.items(), key=lambda i: i[1]["x"])] == ["A", "B", "C"]
    assert all(g.nodes[c]["y"] > g.nodes["year:2021"]["y"] for c in chairs)
    edges = edge_kinds(view)
    assert ("duty:urn:fact:chair:2021:A", "duty:urn:fact:chair:2022:B", "handover") in edges
    assert ("duty:urn:fact:vice_chair:2021:B", "duty:urn:fact:chair:2022:B", "vice_to_chair") in edges
    assert ("year:2022", "urn:unit:C", "ranking") in edges
    assert not any(k == "succession" and u.endswith("2022:B") for u, _, k in edges)  # 2023 has no chair
    assert any("2023" in note for note in view.notes)
    assert ("hội nghị — conference", "Hội nghị tổng kết: 2021-12-20, huyện X") in g.nodes["year:2021"]["details"]
    assert view.physics is False and view.facets[0].values == ["2021", "2022", "2023", "2024"]


def test_bloc_view_of_two_chairs_in_one_year_stacks_them_and_says_so() -> None:
    rows = [bloc_row("bloc"), bloc_row("chair", 2021, "A"), bloc_row("chair", 2021, "B")]
    view = bloc.build({"facts": rows}, {})
    details = [d["details"] for _, d in view.graph.g.nodes(data=True) if d["kind"] == "chair"]
    assert any(k.startswith("xung đột") for d in details for k, _ in d)


def test_bloc_view_aggregates_members_beyond_its_limit() -> None:
    rows = [bloc_row("bloc"), bloc_row("chair", 2021, "U0")]
    rows += [bloc_row("member", 2021, f"U{i}") for i in range(bloc.MAX_NODES + 100)]
    view = bloc.build({"facts": rows}, {})
    assert len(view.graph) <= bloc.MAX_NODES
    assert view.total_nodes > bloc.MAX_NODES
    groups = [n for n, d in view.graph.g.nodes(data=True) if d["kind"] == "aggregate"]
    assert len(groups) == 1 and groups[0] in view.expansions
    assert any("aggregated" in note for note in view.notes)
    assert "U0" in {d["label"] for _, d in view.graph.g.nodes(data=True)}  # the chair stays


def test_unknown_bloc_is_a_view_error() -> None:
    with pytest.raises(ViewError, match="no bloc"):
        bloc.build({"facts": []}, {"bloc": "nothing"})


# -- awards ------------------------------------------------------------------------------


def test_awards_view_columns_and_facets() -> None:
    rows = [award_row(1, "A", proposer="Khối 1"), award_row(2, "B", status="proposed", year=2022),
            award_row(3, "C", award_type=None, province="Điện Biên")]
    view = awards.build({"awards": rows}, {})
    g = view.graph.g
    x = {n: g.nodes[n]["x"] for n in g}
    assert x["grantor:urn:grantor"] < x["type:urn:type:bk"] < x["urn:unit:A"] < x["proposer:urn:bloc:Khối 1"]
    assert "name:Bằng khen" in g  # an award the vocabulary could not place keeps its stated name
    by_kind = {k for _, _, k in edge_kinds(view)}
    assert {"grants", "award_conferred", "award_proposed", "proposes"} <= by_kind
    facets = {f.name: f.values for f in view.facets}
    assert facets == {"year": ["2022", "2023"], "province": ["Lai Châu", "Điện Biên"],
                      "status": ["conferred", "proposed"]}
    edge = next(d for u, v, d in g.edges(data=True) if v == "urn:unit:B")
    assert edge["facets"] == {"year": ["2022"], "province": ["Lai Châu"], "status": ["proposed"]}


def test_awards_view_stays_within_500_nodes() -> None:
    rows = [award_row(i, f"R{i}") for i in range(900)]
    view = awards.build({"awards": rows}, {})
    assert len(view.graph) <= 500 and view.total_nodes == 902
    (group,) = [n for n, d in view.graph.g.nodes(data=True) if d["kind"] == "aggregate"]
    assert len(view.expansions[group].nodes) == 200  # expandable up to a bound
    assert view.graph.g.nodes[group]["label"].startswith("900 ×")


# -- unit, lineage, overview ---------------------------------------------------------------


def unit_row(relation: str, target: str, kind: str, **extra: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"unit": "urn:u", "unitLabel": "Đơn vị", "province": "Lai Châu", "relation": relation,
                           "year": None, "target": target, "targetLabel": target.split(":")[-1], "targetKind": kind,
                           "detail": None, "via": None, "viaLabel": None, "collectives": None, "individuals": None,
                           "households": None, "date": None}
    row.update(extra)
    return row


def test_unit_view_puts_the_unit_in_the_middle() -> None:
    rows = [unit_row("member", "urn:bloc:K", "bloc", year=2021), unit_row("member", "urn:bloc:K", "bloc", year=2022),
            unit_row("chair", "urn:bloc:K", "bloc", year=2022),
            unit_row("award", "urn:award:1", "award", year=2022, detail="proposed", via="urn:g", viaLabel="UBND"),
            unit_row("official", "urn:person:P", "person", year=2022, detail="Chủ tịch"),
            unit_row("area-successor", "urn:area:new", "area", via="urn:area:old", viaLabel="Huyện X",
                     detail="Kết thúc hoạt động của đơn vị hành chính cấp huyện", date="2025-07-01T00:00:00+07:00"),
            unit_row("successor", "urn:unit:V", "unit", via="urn:event", viaLabel="Sáp nhập",
                     date="2025-03-01T00:00:00Z")]
    view = unit.build({"relations": rows}, {"unit": "urn:u"})
    g = view.graph.g
    assert (g.nodes["urn:u"]["x"], g.nodes["urn:u"]["y"]) == (0.0, 0.0)
    assert g.edges["urn:u", "urn:bloc:K", "member"]["label"] == "thành viên 2021–2022"
    assert g.edges["urn:u", "urn:bloc:K", "chair"]["label"] == "2022"
    assert ("urn:g", "urn:award:1", "grants") in edge_kinds(view)
    assert ("urn:area:old", "urn:area:new", "dissolved") in edge_kinds(view)
    assert ("urn:u", "urn:unit:V", "change") in edge_kinds(view)
    assert abs(g.nodes["urn:area:new"]["x"]) + abs(g.nodes["urn:area:new"]["y"]) > \
           abs(g.nodes["urn:area:old"]["x"]) + abs(g.nodes["urn:area:old"]["y"])  # second hop further out


def change_row(event: str, original: str, result: str, event_type: str, level: str = "district") -> dict[str, Any]:
    return {"event": event, "eventLabel": f"{event_type} {original}", "eventType": event_type,
            "date": "2025-07-01T00:00:00+07:00", "originalKind": "area", "original": original,
            "originalLabel": original.split(":")[-1], "originalEdition": "pre2025", "level": level,
            "result": result, "resultLabel": result.split(":")[-1], "resultEdition": "2025", "province": "P"}


def test_lineage_draws_events_chairs_and_campaigns() -> None:
    changes = [change_row("urn:e1", "urn:old:A", "urn:new:A", "Merger", "province"),
               change_row("urn:e1", "urn:old:B", "urn:new:A", "Merger", "province"),
               change_row("urn:e2", "urn:d:1", "urn:new:A", "Dissolution")]
    campaigns = [{"campaign": "urn:c:lc", "campaignLabel": "Lai Châu chung sức", "parent": "urn:c:nat",
                  "parentLabel": "Cả nước chung sức", "launcher": "urn:ubnd", "launcherLabel": "UBND tỉnh",
                  "province": "Lai Châu"}]
    blocs = [bloc_row("chair", 2021, "A"), bloc_row("chair", 2022, "B"), bloc_row("vice_chair", 2021, "B")]
    view = lineage.build({"blocs": blocs, "changes": changes, "campaigns": campaigns}, {})
    edges = edge_kinds(view)
    assert ("urn:old:A", "event:urn:e1", "change") in edges and ("event:urn:e1", "urn:new:A", "change") in edges
    assert ("urn:d:1", "urn:new:A", "dissolved") in edges  # one original, one result: an arrow, no event node
    assert ("urn:c:lc", "urn:c:nat", "derived") in edges and ("launcher:urn:ubnd", "urn:c:lc", "launched") in edges
    (succession,) = [d for u, v, d in view.graph.g.edges(data=True) if d["kind"] == "succession"]
    assert ("phó trưởng khối năm trước — vice-chair the year before", "yes") in succession["details"]
    assert kinds(view)["heading"] == 3
    assert view.graph.g.nodes["urn:old:A"]["label"] == "A (trước 2025)"


def test_lineage_groups_districts_beyond_its_limit() -> None:
    changes = [change_row(f"urn:e{i}", f"urn:d:{i}", f"urn:new:{i % 3}", "Dissolution") for i in range(700)]
    view = lineage.build({"changes": changes}, {})
    assert len(view.graph) <= lineage.MAX_NODES
    groups = [n for n, d in view.graph.g.nodes(data=True) if d["kind"] == "aggregate"]
    assert groups and all(n in view.expansions for n in groups)


def overview_row(b: int, unit_name: str | None, duties: str = "") -> dict[str, Any]:
    """A row of view-overview: one bloc and one unit, with its years and duties aggregated."""
    return {"bloc": f"urn:bloc:{b}", "blocLabel": f"Khối {b}", "province": "Lai Châu",
            "unit": f"urn:unit:{unit_name}" if unit_name else None, "unitLabel": unit_name,
            "years": "2021" if unit_name else None, "duties": duties, "chairs": duties.count("chair ")}


def test_overview_measures_and_folding() -> None:
    rows = [overview_row(b, None) for b in range(3)]
    rows += [overview_row(b, f"K{b}-{i}") for b in range(3) for i in range(250)]
    rows += [overview_row(b, "Bridge", "chair 2021|host 2021|" if b == 1 else "") for b in range(3)]
    officials = [{"person": "urn:p", "personLabel": "Cán bộ", "organisation": "urn:unit:K0-1",
                  "organisationLabel": "K0-1", "organisationKind": "unit", "title": "Chủ tịch", "year": 2021,
                  "province": "Lai Châu"},
                 {"person": "urn:p", "personLabel": "Cán bộ", "organisation": "urn:bloc:2",
                  "organisationLabel": "Khối 2", "organisationKind": "bloc", "title": "Trưởng khối", "year": 2021,
                  "province": "Lai Châu"}]
    view = overview.build({"blocs": rows, "officials": officials}, {})
    units_table, officials_table, blocs_table = view.tables
    assert units_table.rows[0][:2] == ["Bridge", "3"]
    assert officials_table.rows[0] == ["Cán bộ", "2"]
    assert blocs_table.rows[0][1] == "251"
    assert [r[2] for r in blocs_table.rows] == ["0", "1", "0"]  # chairs known: only Khối 1 names one
    assert len(view.graph) <= overview.MAX_NODES
    assert "urn:unit:Bridge" in view.graph.g  # what joins blocs stays visible
    assert {"urn:bloc:0", "urn:bloc:1", "urn:bloc:2"} <= set(view.expansions)  # blocs drawn with their size
    assert view.graph.g.nodes["urn:bloc:1"]["weight"] > 200


# -- parameters -------------------------------------------------------------------------


def test_view_parameters_are_checked() -> None:
    spec = registry()["awards"]
    with pytest.raises(ViewError, match="no parameter 'colour'"):
        spec.check({"colour": "red"})
    with pytest.raises(ViewError, match="must be one of proposed, conferred"):
        spec.check({"status": "maybe"})
    with pytest.raises(ViewError, match="needs the parameter 'unit'"):
        registry()["unit"].check({})
    assert spec.check({"year": " 2023 ", "province": ""}) == {"year": "2023"}


def test_cli_lists_the_same_views_as_the_registry() -> None:
    from tdkt.cli.commands.viz import view as command

    assert list(command.params[0].type.choices) == list(registry())  # type: ignore[attr-defined]


# -- the page ---------------------------------------------------------------------------

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|@import|url\(\s*["']?\s*(?:https?:)?//""",
                      re.IGNORECASE)


def test_page_is_self_contained_and_escapes_everything() -> None:
    rows = [bloc_row("bloc", blocLabel='Khối <script>alert("b")</script>'),
            bloc_row("chair", 2021, XSS_UNIT), bloc_row("member", 2021, XSS_UNIT)]
    html = render(bloc.build({"facts": rows}, {}))
    assert not EXTERNAL.search(html), EXTERNAL.search(html)
    assert "vis-network" in html and "new vis.Network" in html
    assert XSS_UNIT not in html and '<script>alert("b")' not in html
    assert "&lt;script&gt;alert(&#34;b&#34;)&lt;/script&gt;" in html  # the title, autoescaped
    found = re.search(r'<script type="application/json" id="tdkt-view">(.*?)</script>', html, re.S)
    assert found is not None
    data = json.loads(found[1])
    chair = next(n for n in data["nodes"] if n["kind"] == "chair")
    assert chair["label"] == XSS_UNIT  # drawn as text on the canvas
    assert "&lt;img src=x onerror=alert(1)&gt;" in chair["title"]  # tooltips escaped for any HTML renderer
    assert html.lower().count("</script") == 4  # vis, data, kinds, page: nothing closes a script early


def test_page_legend_lists_the_kinds_drawn() -> None:
    view = bloc.build({"facts": [bloc_row("bloc"), bloc_row("chair", 2021, "A")]}, {})
    html = render(view)
    legend = html.split('id="legend"')[1]
    assert 'data-kind="chair"' in legend and 'data-kind="bloc"' in legend and 'data-kind="person"' not in legend
    assert 'data-edge-kind="held_by"' in legend


def test_rendering_is_deterministic() -> None:
    # its speed is measured by benchmarks/scale_bench.py (views), not asserted here
    rows = [award_row(i, f"R{i % 480}", year=2015 + i % 10, proposer=f"K{i % 7}") for i in range(1500)]
    first = render(awards.build({"awards": rows}, {}))
    assert first == render(awards.build({"awards": rows}, {}))

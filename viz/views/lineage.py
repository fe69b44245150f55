"""The lineage view: chair succession, organisational change, campaign derivation, as directed graphs.

Three bands, top to bottom:
- chair succession: one lane per bloc, its chairs in year order, chair(Y) →
  chair(Y+1), drawn as a handover when the graph states one, with the year's
  review conference (where the handover happens) in the arrow's details;
- campaigns: each campaign → the campaign it derives from, and who launched it;
- change events: originals → results. An event with one original and one
  result is an arrow; a merger or split is a node between them. The 2025
  reorganisation dissolved 696 districts: beyond the node limit they are
  grouped per province they went to (click a group to expand it).

Without a bloc, a province or a part, the view opens on an index: one node per
province with its blocs and recorded chairs, each linking to that province's
lineage, so the first drawing is small enough to read; the whole graph, and
the national 2025 reorganisation, are drawn only on request (``part``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from urllib.parse import urlencode

from tdkt.graph.store.base import Store
from tdkt.viz.aggregate import fit
from tdkt.viz.errors import ViewError
from tdkt.viz.layout import bounds, layered_components, offset
from tdkt.viz.model import View, ViewGraph
from tdkt.viz.style import load_styles
from tdkt.viz.views import Rows, ViewParam, ViewSpec, rows
from tdkt.viz.views.common import day, years_text

MAX_NODES = 500
PARTS = ("all", "chairs", "changes", "campaigns")
LANE = 120.0
YEAR_STEP = 210.0
BAND_GAP = 260.0
EDITIONS = {"pre2025": "trước 2025", "2025": "từ 2025"}


INDEX_COLUMNS = 6


def fetch(store: Store, params: dict[str, str]) -> dict[str, Rows]:
    if not any(params.get(k) for k in ("bloc", "province", "part")):
        return {"index": rows(store, "view-lineage-index", {})}
    part = params.get("part", "all")
    province = params.get("province")
    out: dict[str, Rows] = {}
    if part in ("all", "chairs"):
        if params.get("bloc"):
            out["blocs"] = rows(store, "view-bloc", {"bloc": params.get("bloc"), "province": province})
            province = province or next((str(r["province"]) for r in out["blocs"] if r["province"]), None)
        else:  # the province matched in the store; blocs of no province only for the whole graph
            unplaced = [] if province else rows(store, "view-chairs-unplaced", {})
            out["blocs"] = rows(store, "view-chairs", {"province": province}) + unplaced
    if part in ("all", "changes"):
        out["changes"] = rows(store, "view-changes", {"province": province})
    if part in ("all", "campaigns"):
        out["campaigns"] = rows(store, "view-campaigns", {"province": province})
    return out


def _chairs(vg: ViewGraph, facts: Rows) -> list[str]:
    """Lanes of chairs; returns the blocs with no chair recorded."""
    blocs: dict[str, dict[str, Any]] = {}
    chairs: dict[str, dict[int, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    vices: dict[tuple[str, int], set[str]] = defaultdict(set)
    reviews: dict[tuple[str, int], list[str]] = defaultdict(list)
    for r in facts:
        bloc = str(r["bloc"])
        blocs.setdefault(bloc, r)
        if r["kind"] == "chair":
            chairs[bloc][int(r["year"])].append(r)
        elif r["kind"] == "vice_chair":
            vices[(bloc, int(r["year"]))].add(str(r["unit"]))
        elif r["kind"] == "conference" and r["conferenceKind"] == "tổng kết":
            place = ", ".join(p for p in (day(r["date"]), str(r["place"] or "")) if p)
            reviews[(bloc, int(r["year"]))].append(f"Hội nghị tổng kết {r['year']}" + (f": {place}" if place else ""))
    all_years = [y for per in chairs.values() for y in per]
    first_year = min(all_years, default=0)
    for lane, bloc in enumerate(sorted(chairs, key=lambda b: str(blocs[b]["blocLabel"]))):
        r0 = blocs[bloc]
        y_pos = lane * LANE
        label = f"{r0['blocLabel']} ({r0['province']})" if r0["province"] else str(r0["blocLabel"])
        vg.node(bloc, "bloc", label, iri=bloc, keep=True, x=-320.0, y=y_pos,
                details=[("năm có trưởng khối — years with a chair", years_text(chairs[bloc]))])
        previous: list[tuple[int, str, str]] = []
        for year in sorted(chairs[bloc]):
            current = []
            for i, r in enumerate(sorted(chairs[bloc][year], key=lambda r: str(r["unitLabel"]))):
                node = f"chair:{r['fact']}"
                vg.node(node, "chair", f"{r['unitLabel']} ({year})", iri=str(r["unit"]), keep=True,
                        x=(year - first_year) * YEAR_STEP, y=y_pos + i * 44.0,
                        details=[("trưởng khối — chair", r["unitLabel"]), ("năm — year", year)])
                current.append((year, node, str(r["unit"])))
                if r["nextFact"]:
                    vg.g.nodes[node]["next"] = f"chair:{r['nextFact']}"
            if not previous:
                vg.edge(bloc, current[0][1], "chair", label=str(year))
            for p_year, p_node, _ in previous:
                for c_year, c_node, c_unit in current:
                    stated = vg.g.nodes[p_node].get("next") == c_node
                    details = [(f"hội nghị — conference {p_year}", text) for text in reviews[(bloc, p_year)]]
                    if c_unit in vices[(bloc, p_year)]:
                        details.append(("phó trưởng khối năm trước — vice-chair the year before", "yes"))
                    if c_year != p_year + 1:
                        details.append(("khoảng trống — gap", f"no chair recorded for {p_year + 1}–{c_year - 1}"))
                    vg.edge(p_node, c_node, "handover" if stated else "succession",
                            label="bàn giao" if stated else f"{p_year}→{c_year}", details=details)
            previous = current
    return sorted(str(blocs[b]["blocLabel"]) for b in blocs if b not in chairs)


def _campaigns(vg: ViewGraph, campaigns: Rows) -> dict[str, int]:
    layer: dict[str, int] = {}
    parents: dict[str, str] = {}
    for r in campaigns:
        node = str(r["campaign"])
        vg.node(node, "campaign", str(r["campaignLabel"]), iri=node)
        if r["parent"]:
            parent = str(r["parent"])
            vg.node(parent, "campaign", str(r["parentLabel"]), iri=parent)
            vg.edge(node, parent, "derived")
            parents[node] = parent
        if r["launcher"]:
            launcher = f"launcher:{r['launcher']}"
            vg.node(launcher, "unit", str(r["launcherLabel"]), iri=str(r["launcher"]))
            vg.edge(launcher, node, "launched")
            layer[launcher] = -1

    def depth(node: str, seen: frozenset[str] = frozenset()) -> int:
        parent = parents.get(node)
        if parent is None or parent in seen:
            return 0
        return depth(parent, seen | {node}) + 1

    for r in campaigns:
        for key in ("campaign", "parent"):
            if r[key]:
                layer[str(r[key])] = depth(str(r[key]))
    deepest = max(layer.values(), default=0)
    return {n: (deepest + 1 if lay == -1 else lay) for n, lay in layer.items()}


def _area_label(label: Any, edition: Any) -> str:
    return f"{label} ({EDITIONS.get(str(edition), edition)})" if edition else str(label)


def _changes(vg: ViewGraph, changes: Rows) -> dict[str, int]:
    events: dict[str, dict[str, Any]] = {}
    originals: dict[str, dict[str, str]] = defaultdict(dict)
    results: dict[str, dict[str, str]] = defaultdict(dict)
    for r in changes:
        event = str(r["event"])
        events.setdefault(event, r)
        originals[event][str(r["original"])] = _area_label(r["originalLabel"], r["originalEdition"])
        if r["result"]:
            results[event][str(r["result"])] = _area_label(r["resultLabel"], r["resultEdition"])
    layer: dict[str, int] = {}
    for event, r in events.items():
        kind = "area" if r["originalKind"] == "area" else "unit"
        for node, label in originals[event].items():
            vg.node(node, kind, label, iri=node, details=[("cấp — level", r["level"] or "")])
            layer.setdefault(node, 0)
        for node, label in results[event].items():
            vg.node(node, kind, label, iri=node)
            layer[node] = 2
        details = [("sự kiện — event", r["eventLabel"] or ""), ("loại — type", r["eventType"] or ""),
                   ("ngày — date", day(r["date"]))]
        edge_kind = "dissolved" if r["eventType"] == "Dissolution" else "change"
        if len(originals[event]) == 1 and len(results[event]) <= 1:
            (original,) = originals[event]
            for result in results[event]:
                vg.edge(original, result, edge_kind, label=day(r["date"]), details=details, key=event)
            continue
        node = f"event:{event}"
        vg.node(node, "event", f"{r['eventType'] or 'Change'} {day(r['date'])}", iri=event, details=details)
        layer[node] = 1
        for original in originals[event]:
            vg.edge(original, node, edge_kind)
        for result in results[event]:
            vg.edge(node, result, edge_kind)
    return layer


def _index(provinces: Rows) -> View:
    """One node per province, linking to its lineage; nothing else drawn until the user picks one."""
    vg = ViewGraph()
    for i, r in enumerate(provinces):
        province = str(r["province"])
        link = "/view/lineage?" + urlencode({"province": province})
        vg.node(f"province:{province}", "area", f"{province}: {r['blocs']} khối, {r['chairs']} trưởng khối",
                keep=True, x=(i % INDEX_COLUMNS) * 260.0, y=(i // INDEX_COLUMNS) * 110.0 + 90.0,
                details=[("tỉnh — province", province), ("khối, cụm — blocs", r["blocs"]),
                         ("trưởng khối đã ghi — chairs recorded", r["chairs"])],
                links=[("kế thừa của tỉnh — lineage of the province", link)])
    heading = "Chọn một tỉnh — pick a province"
    vg.node("heading:index", "heading", heading, keep=True, x=-80.0 + len(heading) * 5.5, y=0.0)
    notes = ["Bấm vào một tỉnh để xem chuyển giao trưởng khối, phong trào và sắp xếp đơn vị của tỉnh đó. "
             "Click a province to draw its chair succession, campaigns and changes; or give bloc=NAME.",
             "Cả nước — the whole country: part=chairs (every bloc), part=changes (the national 2025 "
             "reorganisation), part=campaigns, part=all."]
    if not len(provinces):
        notes.insert(0, "No bloc of a known province is recorded yet.")
    return View("lineage", "Dòng kế thừa — lineage", "Chọn tỉnh hoặc khối. Pick a province or a bloc.", vg,
                MAX_NODES, physics=False, notes=notes)


def build(data: dict[str, Rows], params: dict[str, str]) -> View:
    if "index" in data:
        return _index(data["index"])
    vg = ViewGraph()
    bands: list[tuple[str, list[str], dict[str, tuple[float, float]]]] = []
    notes: list[str] = []
    if data.get("blocs"):
        before = set(vg.g)
        no_chair = _chairs(vg, data["blocs"])
        if no_chair:
            notes.append(f"No chair recorded for {len(no_chair)} blocs: {'; '.join(no_chair[:10])}.")
        nodes = [n for n in vg.g if n not in before]
        bands.append(("Chuyển giao trưởng khối — chair succession", nodes,
                      {n: (float(vg.g.nodes[n]["x"]), float(vg.g.nodes[n]["y"])) for n in nodes}))
    layers: dict[str, dict[str, int]] = {}
    if data.get("campaigns"):
        layers["campaigns"] = _campaigns(vg, data["campaigns"])
    if data.get("changes"):
        layers["changes"] = _changes(vg, data["changes"])
    if len(vg.g) == 0:
        raise ViewError("nothing to draw: no chairs, campaigns or change events match "
                        + (", ".join(f"{k}={v}" for k, v in params.items()) or "the graph"))
    title = "Dòng kế thừa — lineage"
    if params.get("province"):
        title += f" ({params['province']})"
    view = View("lineage", title,
                "Chuyển giao trưởng khối, phong trào bắt nguồn từ phong trào nào, sắp xếp đơn vị. "
                "Chair succession, campaign derivation, organisational and administrative change.",
                vg, MAX_NODES, physics=False, notes=notes)
    heads = 3
    view.max_nodes = MAX_NODES - heads
    fit(view, {k: s.label for k, s in load_styles().nodes.items()})
    view.max_nodes = MAX_NODES
    for name, title_text in (("campaigns", "Phong trào thi đua — campaign derivation"),
                             ("changes", "Sắp xếp, sáp nhập, giải thể — change events")):
        if name not in layers:
            continue
        layer = {n: lay for n, lay in layers[name].items() if n in vg.g}
        for node, expansion in view.expansions.items():  # a group sits in the column of its members
            member = expansion.nodes[0][0] if expansion.nodes else None
            if node in vg.g and member in layers[name] and node not in layer:
                layer[node] = layers[name][member]
        bands.append((title_text, list(layer), layered_components(vg.g, layer)))
    top = 0.0
    for i, (heading, _nodes, positions) in enumerate(bands):
        if not positions:
            continue
        x0, y0, _x1, y1 = bounds(positions.values())
        moved = offset(positions, -x0, top - y0 + 70.0)
        for node, (x, y) in moved.items():
            vg.g.nodes[node]["x"], vg.g.nodes[node]["y"] = x, y
        vg.node(f"heading:{i}", "heading", heading, keep=True, x=-80.0 + len(heading) * 5.5, y=top)
        top += (y1 - y0) + 70.0 + BAND_GAP
    return view


SPEC = ViewSpec(
    "lineage", "Lineage: chair succession, change events, campaign derivation",
    "Chair succession per bloc, organisational and administrative change events, campaigns derived from "
    "campaigns, as directed graphs.",
    (ViewParam("bloc", "only this bloc's chairs (an IRI or a name); changes and campaigns of its province"),
     ViewParam("province", "the province's short name, as written in the graph (e.g. Lai Châu)"),
     ViewParam("part", "all, chairs, changes or campaigns", choices=PARTS)),
    MAX_NODES, fetch, build,
)

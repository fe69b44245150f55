"""The bloc view: one bloc's rotating duties as a timeline, its members, and the handovers.

Columns are years in order (gaps filled, so a year with no known chair shows
as empty); rows are the chair, the vice-chair and the host of each year. Each
duty points to the unit that held it; the units sit in a band below, the
bloc under them. Chair → next chair is drawn as a handover when the graph
states one (tdkt:handedOverTo), else as an inferred succession; a vice-chair
who chairs the next year gets its own arrow (question 3). The leading unit
of a year's ranking (rank 1) is linked from the year.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise
from typing import Any

from tdkt.graph.store.base import Store
from tdkt.viz.aggregate import fit
from tdkt.viz.errors import ViewError
from tdkt.viz.model import Facet, View, ViewGraph, facet_values
from tdkt.viz.style import load_styles
from tdkt.viz.views import Rows, ViewParam, ViewSpec, rows
from tdkt.viz.views.common import DUTIES, DUTY_WORDS, day, title_with_province, years_text

MAX_NODES = 400
COLUMN = 230.0
#: the rows of the grid: the years, then each duty in the ontology's order
ROW_Y = {"year": 0.0, **{duty: 140.0 + 120.0 * i for i, duty in enumerate(DUTIES)}}
STACK = 56.0
UNIT_SPACING = 170.0
MAX_GAP_FILL = 40


def fetch(store: Store, params: dict[str, str]) -> dict[str, Rows]:
    return {"facts": rows(store, "view-bloc", {"bloc": params["bloc"]})}


ByKind = dict[str, list[dict[str, Any]]]


def build(data: dict[str, Rows], params: dict[str, str]) -> View:
    facts = data["facts"]
    blocs = {r["bloc"] for r in facts}
    if not blocs:
        raise ViewError(f"no bloc '{params.get('bloc', '')}' in the graph")
    if len(blocs) > 1:
        raise ViewError(f"'{params.get('bloc', '')}' names {len(blocs)} blocs; give one bloc's IRI")
    first = facts[0]
    bloc = str(first["bloc"])
    vg = ViewGraph()
    by_kind: ByKind = defaultdict(list)
    for r in facts:
        by_kind[str(r["kind"])].append(r)
    years = sorted({int(r["year"]) for r in facts if r["year"] is not None})
    if years and years[-1] - years[0] <= MAX_GAP_FILL:
        years = list(range(years[0], years[-1] + 1))
    column = {y: i * COLUMN for i, y in enumerate(years)}
    width = max(column.values(), default=0.0)
    _timeline(vg, by_kind, years, column)
    members = _units(vg, facts, by_kind)  # units first, so duties and members can point at them
    _bloc(vg, first, members, years, by_kind)
    duty_of = _duties(vg, by_kind, column)
    holders = _handovers(vg, by_kind, years, duty_of)
    for r in by_kind["ranking"]:
        if r["rank"] == 1:
            vg.edge(f"year:{r['year']}", str(r["unit"]), "ranking", label="dẫn đầu",
                    details=[("hạng — rank", 1), ("năm — year", r["year"])], facets={"year": [r["year"]]})

    view = View("bloc", title_with_province(str(first["blocLabel"]), first["province"]),
                "Luân phiên trưởng khối, phó trưởng khối, đơn vị đăng cai theo năm; thành viên bên dưới. "
                "Rotation of the chair, vice-chair and host, year by year; members below.",
                vg, MAX_NODES, physics=False,
                facets=[Facet("year", "Năm — year", facet_values(years, numeric=True))])
    _place_units(vg, bloc, column, width)
    fit(view, {k: s.label for k, s in load_styles().nodes.items()})
    _place_leftovers(vg, bloc)
    missing = [y for y in years if not holders[("chair", y)]]
    if missing:
        view.notes.append(f"No chair is recorded for {years_text(missing)}.")
    return view


def _timeline(vg: ViewGraph, by_kind: ByKind, years: list[int], column: dict[int, float]) -> None:
    """The years in a row, each with its conferences."""
    conferences: dict[int, list[str]] = defaultdict(list)
    for r in by_kind["conference"]:
        text = f"Hội nghị {r['conferenceKind']}"
        extra = ", ".join(p for p in (day(r["date"]), str(r["place"] or "")) if p)
        conferences[int(r["year"])].append(f"{text}: {extra}" if extra else text)
    for y in years:
        vg.node(f"year:{y}", "year", str(y), details=[("năm — year", y)]
                + [("hội nghị — conference", c) for c in sorted(set(conferences[y]))],
                facets={"year": [y]}, keep=True, x=column[y], y=ROW_Y["year"])
    for a, b in pairwise(years):
        vg.edge(f"year:{a}", f"year:{b}", "timeline")


def _units(vg: ViewGraph, facts: Rows, by_kind: ByKind) -> dict[str, set[int]]:
    """A node per unit with its membership years and duties; returns the members' years."""
    unit_years: dict[str, set[int]] = defaultdict(set)
    unit_duties: dict[str, list[str]] = defaultdict(list)
    for r in facts:
        if r["unit"] is None or r["kind"] == "bloc":
            continue
        unit = str(r["unit"])
        vg.node(unit, "unit", str(r["unitLabel"] or unit), iri=unit)
        if r["year"] is not None:
            unit_years[unit].add(int(r["year"]))
        if r["kind"] in DUTIES:
            unit_duties[unit].append(f"{DUTY_WORDS[r['kind']]} {r['year']}")
        elif r["kind"] == "ranking":
            unit_duties[unit].append(f"hạng {r['rank']} (rank) {r['year']}")
    members: dict[str, set[int]] = defaultdict(set)
    for r in by_kind["member"]:
        members[str(r["unit"])].add(int(r["year"]))
    for unit in list(unit_years):
        details = []
        if members.get(unit):
            details.append(("thành viên — member", years_text(members[unit])))
        details += [("nhiệm vụ — duty", d) for d in sorted(set(unit_duties[unit]))]
        vg.node(unit, "unit", vg.g.nodes[unit]["label"], details=details, facets={"year": sorted(unit_years[unit])})
    return members


def _bloc(vg: ViewGraph, first: dict[str, Any], members: dict[str, set[int]], years: list[int],
          by_kind: ByKind) -> None:
    """The bloc's node, its members' and organiser's edges."""
    bloc = str(first["bloc"])
    bloc_details = [("tỉnh — province", first["province"] or ""), ("loại — kind", first["blocKind"] or ""),
                    ("thành viên đã biết — members known", len(members)), ("năm — years", years_text(years))]
    vg.node(bloc, "bloc", str(first["blocLabel"]), iri=bloc, details=bloc_details, keep=True,
            weight=float(max(len(members), 1)))
    for unit, ys in members.items():
        vg.edge(unit, bloc, "member", label=years_text(ys), facets={"year": sorted(ys)})
    for r in by_kind["organiser"]:
        vg.edge(str(r["unit"]), bloc, "organiser")


def _duties(vg: ViewGraph, by_kind: ByKind, column: dict[int, float]) -> dict[str, str]:
    """The duties on the grid (a year's column, the duty's row; a second holder stacked as a conflict);
    returns each duty fact's node."""
    duty_of: dict[str, str] = {}
    slots: dict[tuple[str, int], int] = defaultdict(int)
    for r in sorted((r for k in DUTIES for r in by_kind[k]), key=lambda r: (r["year"], r["kind"], str(r["unitLabel"]))):
        kind, year, unit, fact = str(r["kind"]), int(r["year"]), str(r["unit"]), str(r["fact"])
        node = f"duty:{fact}"
        duty_of[fact] = node
        stack = slots[(kind, year)]
        slots[(kind, year)] += 1
        vg.node(node, kind, str(r["unitLabel"]), iri=unit, facets={"year": [year]},
                details=[("nhiệm vụ — duty", DUTY_WORDS[kind]), ("năm — year", year), ("đơn vị — unit", r["unitLabel"])]
                + ([("xung đột — conflict", f"{stack + 1} units recorded for this duty this year")] if stack else []),
                x=column[year], y=ROW_Y[kind] + stack * STACK)
        vg.edge(f"year:{year}", node, "duty", facets={"year": [year]})
        vg.edge(node, unit, "held_by", facets={"year": [year]})
    return duty_of


def _handovers(vg: ViewGraph, by_kind: ByKind, years: list[int],
               duty_of: dict[str, str]) -> dict[tuple[str, int], list[dict[str, Any]]]:
    """Handovers: stated, else inferred between consecutive chairs; vice-chair → chair. Returns the holders
    of each duty and year."""
    holders: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for k in DUTIES:
        for r in by_kind[k]:
            holders[(k, int(r["year"]))].append(r)
    stated: set[str] = set()
    for r in (r for k in DUTIES for r in by_kind[k]):
        nxt = r["nextFact"]
        if nxt and str(nxt) in duty_of:
            stated.add(str(r["fact"]))
            vg.edge(duty_of[str(r["fact"])], duty_of[str(nxt)], "handover", label="bàn giao",
                    details=[("nguồn — source", "tdkt:handedOverTo")], facets={"year": [r["year"]]})
    for y in years:
        for r in holders[("chair", y)]:
            if str(r["fact"]) in stated:
                continue
            for nxt in holders[("chair", y + 1)]:
                vg.edge(duty_of[str(r["fact"])], duty_of[str(nxt["fact"])], "succession", label=f"{y}→{y + 1}",
                        details=[("suy ra — inferred", "chair of the next year; no handover stated")],
                        facets={"year": [y, y + 1]})
        for r in holders[("vice_chair", y)]:
            for nxt in holders[("chair", y + 1)]:
                if nxt["unit"] == r["unit"]:
                    vg.edge(duty_of[str(r["fact"])], duty_of[str(nxt["fact"])], "vice_to_chair",
                            label=f"{y}→{y + 1}", facets={"year": [y, y + 1]})
    return holders


def _place_units(vg: ViewGraph, bloc: str, column: dict[int, float], width: float) -> None:
    """Units in rows under the grid: those with duties near their duties' years, the others after."""
    g = vg.g
    units = [n for n, d in g.nodes(data=True) if d["kind"] == "unit"]

    def anchor(unit: str) -> float:
        xs = [float(g.nodes[d]["x"]) for d in g.predecessors(unit)
              if "x" in g.nodes[d] and g.nodes[d]["kind"] in DUTIES]
        return sum(xs) / len(xs) if xs else float("inf")

    units.sort(key=lambda u: (anchor(u), str(g.nodes[u]["label"])))
    per_row = max(4, int(max(width, 1000.0) / UNIT_SPACING) + 1)
    top = max([ROW_Y[DUTIES[-1]]] + [float(d["y"]) for _, d in g.nodes(data=True) if d["kind"] in DUTIES]) + 170.0
    for i, unit in enumerate(units):
        row, col = divmod(i, per_row)
        g.nodes[unit]["x"] = col * UNIT_SPACING
        g.nodes[unit]["y"] = top + row * 90.0 + (35.0 if col % 2 else 0.0)
    rows_used = (len(units) + per_row - 1) // per_row
    g.nodes[bloc]["x"] = min(per_row, max(len(units), 1)) * UNIT_SPACING / 2 - UNIT_SPACING / 2
    g.nodes[bloc]["y"] = top + rows_used * 90.0 + 160.0


def _place_leftovers(vg: ViewGraph, bloc: str) -> None:
    """Aggregate nodes made by fit() sit beside the bloc."""
    g = vg.g
    extra = [n for n, d in g.nodes(data=True) if "x" not in d]
    bx, by = float(g.nodes[bloc]["x"]), float(g.nodes[bloc]["y"])
    for i, node in enumerate(extra):
        g.nodes[node]["x"], g.nodes[node]["y"] = bx + 220.0 * (i + 1), by


SPEC = ViewSpec(
    "bloc", "Bloc rotation timeline",
    "One bloc: the chair, vice-chair and host of each year as a timeline, the handovers, the members.",
    (ViewParam("bloc", "the bloc, as an IRI or a name in any spelling", required=True),),
    MAX_NODES, fetch, build,
)

"""The unit view: one unit's neighbourhood.

The unit in the centre; around it, in sectors: its blocs (membership years,
duties, rankings), the awards it received (with their grantors outside), the
awards it proposed or granted, its officials, what came before and after it
(change events, and the administrative unit it serves with what that became
in 2025), and the campaigns it launched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tdkt.graph.store.base import Store
from tdkt.viz.aggregate import fit
from tdkt.viz.errors import ViewError
from tdkt.viz.layout import radial
from tdkt.viz.model import Facet, View, ViewGraph, facet_values
from tdkt.viz.style import load_styles
from tdkt.viz.views import Rows, ViewParam, ViewSpec, rows
from tdkt.viz.views.common import DUTIES, DUTY_WORDS, STATUS_WORDS, day, title_with_province, years_text

MAX_NODES = 300
#: a unit's relations to a bloc: membership, each duty, ranking, organising
BLOC_RELATIONS = ("member", *DUTIES, "ranking", "organiser")
SECTORS = (
    ("blocs", BLOC_RELATIONS),
    ("awards", ("award",)),
    ("given", ("proposed", "granted", "granted-count")),
    ("officials", ("official",)),
    ("lineage", ("predecessor", "successor", "area")),
    ("campaigns", ("launched",)),
)


def fetch(store: Store, params: dict[str, str]) -> dict[str, Rows]:
    return {"relations": rows(store, "view-unit", {"unit": params["unit"]})}


def _count_label(r: dict[str, Any]) -> str:
    parts = [f"{r[k]} {w}" for k, w in (("collectives", "tập thể"), ("individuals", "cá nhân"),
                                         ("households", "hộ")) if r[k]]
    return f"{r['targetLabel']} {r['year']}: " + (", ".join(parts) or "số lượng chưa rõ")


def build(data: dict[str, Rows], params: dict[str, str]) -> View:
    relations = data["relations"]
    if not relations:
        raise ViewError(f"no unit '{params.get('unit', '')}' with any relation in the graph")
    first = relations[0]
    unit = str(first["unit"])
    vg = ViewGraph()
    vg.node(unit, "unit", str(first["unitLabel"]), iri=unit, keep=True,
            details=[("tỉnh — province", first["province"] or "")])
    drawing = _Neighbourhood(vg, unit)
    for r in relations:
        drawing.relation(r)
    for (bloc, rel), ys in drawing.bloc_years.items():
        attrs = vg.g.edges[unit, bloc, rel]
        attrs["label"] = years_text(ys) if rel != "member" else f"thành viên {years_text(ys)}"

    view = View("unit", title_with_province(str(first["unitLabel"]), first["province"]),
                "Khối, nhiệm vụ, khen thưởng, cán bộ, tiền thân và kế thừa của một đơn vị. "
                "A unit's blocs, duties, awards, officials, predecessors and successors.",
                vg, MAX_NODES, physics=True)
    if drawing.years:
        view.facets.append(Facet("year", "Năm — year", facet_values(drawing.years, numeric=True)))
    fit(view, {k: s.label for k, s in load_styles().nodes.items()})
    groups = [[n for n in drawing.placed[name] if n in vg.g] for name, _ in SECTORS]
    groups.append([n for n, d in vg.g.nodes(data=True) if d["kind"] == "aggregate"])
    positions = radial(unit, groups, outer={a: [n for n in far if n in vg.g] for a, far in drawing.outer.items()})
    for node, (x, y) in positions.items():
        vg.g.nodes[node]["x"], vg.g.nodes[node]["y"] = x, y
    return view


@dataclass
class _Neighbourhood:
    """Draws a unit's relations, one method per kind, and remembers the sector each node sits in."""

    vg: ViewGraph
    unit: str
    placed: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    outer: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    bloc_years: dict[tuple[str, str], set[int]] = field(default_factory=lambda: defaultdict(set))
    years: set[int] = field(default_factory=set)

    def place(self, node: str, relation: str) -> None:
        sector = next((name for name, rels in SECTORS if relation in rels), "lineage")
        if node not in self.placed[sector] and node != self.unit:
            self.placed[sector].append(node)

    def relation(self, r: dict[str, Any]) -> None:
        rel, year = str(r["relation"]), r["year"]
        if year is not None:
            self.years.add(int(year))
        facets = {"year": [year]} if year is not None else {}
        draw: dict[str, Callable[[dict[str, Any], dict[str, list[Any]]], None]] = {
            **dict.fromkeys(BLOC_RELATIONS, self.bloc), "award": self.award,
            "proposed": self.given, "granted": self.given, "granted-count": self.granted_count,
            "official": self.official, "predecessor": self.change, "successor": self.change,
            "area": self.area, "area-successor": self.area_successor, "launched": self.launched,
        }
        if rel in draw:
            draw[rel](r, facets)

    def bloc(self, r: dict[str, Any], facets: dict[str, list[Any]]) -> None:
        rel, target, year, label = str(r["relation"]), str(r["target"]), r["year"], str(r["targetLabel"] or r["target"])
        self.vg.node(target, "bloc", label, iri=target)
        if year is not None:
            self.bloc_years[(target, rel)].add(int(year))
        word = DUTY_WORDS.get(rel, rel)
        text = f"{word} {year}" if year is not None else word
        if rel == "ranking":
            text = f"hạng {r['detail']} (rank) {year}"
        self.vg.node(target, "bloc", label, details=[("quan hệ — relation", text)], facets=facets)
        self.vg.edge(self.unit, target, rel, key=rel, facets=facets)
        self.place(target, rel)

    def award(self, r: dict[str, Any], facets: dict[str, list[Any]]) -> None:
        target, year, label = str(r["target"]), r["year"], str(r["targetLabel"] or r["target"])
        status = str(r["detail"] or "")
        self.vg.node(target, "award", f"{label} {year}", iri=target, facets={**facets, "status": [status]},
                     details=[("khen thưởng — award", label), ("năm — year", year),
                              ("trạng thái — status", STATUS_WORDS.get(status, status)),
                              ("cơ quan khen thưởng — grantor", r["viaLabel"])])
        self.vg.edge(target, self.unit, "award_proposed" if status == "proposed" else "award_conferred",
                     label=str(year), facets={**facets, "status": [status]})
        self.place(target, "award")
        if r["via"]:
            grantor = str(r["via"])
            self.vg.node(grantor, "unit", str(r["viaLabel"] or grantor), iri=grantor)
            self.vg.edge(grantor, target, "grants", facets=facets)
            self.outer[target].append(grantor)

    def given(self, r: dict[str, Any], facets: dict[str, list[Any]]) -> None:
        rel, target, year, kind = str(r["relation"]), str(r["target"]), r["year"], str(r["targetKind"])
        self.vg.node(target, kind if kind in ("person", "bloc") else "unit", str(r["targetLabel"] or target),
                     iri=target, details=[("khen thưởng — award", f"{r['detail']} {year}")], facets=facets)
        self.vg.edge(self.unit, target, "proposes" if rel == "proposed" else "grants",
                     key=f"{rel}:{r['detail']}:{year}", label=f"{r['detail']} {year}", facets=facets)
        self.place(target, rel)

    def granted_count(self, r: dict[str, Any], facets: dict[str, list[Any]]) -> None:
        target = str(r["target"])
        self.vg.node(target, "count", _count_label(r), iri=target, facets=facets,
                     details=[("khen thưởng — award", str(r["targetLabel"] or target)), ("năm — year", r["year"])])
        self.vg.edge(self.unit, target, "grants", facets=facets)
        self.place(target, "granted-count")

    def official(self, r: dict[str, Any], facets: dict[str, list[Any]]) -> None:
        target, year = str(r["target"]), r["year"]
        self.vg.node(target, "person", str(r["targetLabel"] or target), iri=target,
                     details=[("chức vụ — post", f"{r['detail']} ({year})")], facets=facets)
        self.vg.edge(target, self.unit, "official", key=f"official:{r['detail']}", label=str(r["detail"] or ""),
                     details=[("năm — year", year)], facets=facets)
        self.place(target, "official")

    def change(self, r: dict[str, Any], facets: dict[str, list[Any]]) -> None:
        rel, target, kind = str(r["relation"]), str(r["target"]), str(r["targetKind"])
        self.vg.node(target, kind if kind in ("unit", "bloc", "area") else "unit", str(r["targetLabel"] or target),
                     iri=target, details=[("sự kiện — event", r["viaLabel"] or ""), ("ngày — date", day(r["date"]))])
        u, v = (target, self.unit) if rel == "predecessor" else (self.unit, target)
        self.vg.edge(u, v, "change", label=day(r["date"]), details=[("sự kiện — event", r["viaLabel"] or "")])
        self.place(target, rel)

    def area(self, r: dict[str, Any], facets: dict[str, list[Any]]) -> None:
        target = str(r["target"])
        self.vg.node(target, "area", str(r["targetLabel"] or target), iri=target)
        self.vg.edge(self.unit, target, "area")
        self.place(target, "area")

    def area_successor(self, r: dict[str, Any], facets: dict[str, list[Any]]) -> None:
        """The administrative unit the unit serves, and what it became in 2025."""
        target, label, area = str(r["target"]), str(r["targetLabel"] or r["target"]), str(r["via"])
        self.vg.node(area, "area", str(r["viaLabel"] or area), iri=area)
        self.vg.edge(self.unit, area, "area")
        self.place(area, "area")
        self.vg.node(target, "area", f"{label} (2025)" if target != area else label, iri=target,
                     details=[("sự kiện — event", r["detail"] or ""), ("ngày — date", day(r["date"]))])
        self.vg.edge(area, target, "dissolved" if "huyện" in str(r["detail"] or "") else "change",
                     label=day(r["date"]), details=[("sự kiện — event", r["detail"] or "")])
        self.outer[area].append(target)

    def launched(self, r: dict[str, Any], facets: dict[str, list[Any]]) -> None:
        target = str(r["target"])
        self.vg.node(target, "campaign", str(r["targetLabel"] or target), iri=target)
        self.vg.edge(self.unit, target, "launched")
        self.place(target, "launched")


SPEC = ViewSpec(
    "unit", "Unit neighbourhood",
    "One unit: its blocs and duties, awards, officials, predecessors and successors.",
    (ViewParam("unit", "the unit, as an IRI or a name in any spelling", required=True),),
    MAX_NODES, fetch, build,
)

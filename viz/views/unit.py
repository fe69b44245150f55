"""The unit view: one unit's neighbourhood.

The unit in the centre; around it, in sectors: its blocs (membership years,
duties, rankings), the awards it received (with their grantors outside), the
awards it proposed or granted, its officials, what came before and after it
(change events, and the administrative unit it serves with what that became
in 2025), and the campaigns it launched.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from tdkt.graph.store.base import Store
from tdkt.viz.aggregate import fit
from tdkt.viz.errors import ViewError
from tdkt.viz.layout import radial
from tdkt.viz.model import Facet, View, ViewGraph, facet_values
from tdkt.viz.style import load_styles
from tdkt.viz.views import Rows, ViewParam, ViewSpec, rows
from tdkt.viz.views.common import DUTY_WORDS, STATUS_WORDS, day, title_with_province, years_text

MAX_NODES = 300
SECTORS = (
    ("blocs", ("member", "chair", "vice_chair", "host", "ranking", "organiser")),
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
    placed: dict[str, list[str]] = defaultdict(list)
    outer: dict[str, list[str]] = defaultdict(list)
    sector_of = {rel: name for name, rels in SECTORS for rel in rels}
    bloc_years: dict[tuple[str, str], set[int]] = defaultdict(set)
    years: set[int] = set()

    def place(node: str, relation: str) -> None:
        sector = sector_of.get(relation, "lineage")
        if node not in placed[sector] and node != unit:
            placed[sector].append(node)

    for r in relations:
        rel, target, year = str(r["relation"]), str(r["target"]), r["year"]
        facets = {"year": [year]} if year is not None else {}
        if year is not None:
            years.add(int(year))
        label = str(r["targetLabel"] or target)
        kind = str(r["targetKind"])
        if rel in ("member", "chair", "vice_chair", "host", "ranking", "organiser"):
            vg.node(target, "bloc", label, iri=target)
            if year is not None:
                bloc_years[(target, rel)].add(int(year))
            word = DUTY_WORDS.get(rel, rel)
            text = f"{word} {year}" if year is not None else word
            if rel == "ranking":
                text = f"hạng {r['detail']} (rank) {year}"
            vg.node(target, "bloc", label, details=[("quan hệ — relation", text)], facets=facets)
            edge_kind = rel if rel in ("member", "chair", "vice_chair", "host", "ranking", "organiser") else "member"
            vg.edge(unit, target, edge_kind, key=rel, facets=facets)
            place(target, rel)
        elif rel == "award":
            status = str(r["detail"] or "")
            vg.node(target, "award", f"{label} {year}", iri=target, facets={**facets, "status": [status]},
                    details=[("khen thưởng — award", label), ("năm — year", year),
                             ("trạng thái — status", STATUS_WORDS.get(status, status)),
                             ("cơ quan khen thưởng — grantor", r["viaLabel"])])
            vg.edge(target, unit, "award_proposed" if status == "proposed" else "award_conferred", label=str(year),
                    facets={**facets, "status": [status]})
            place(target, rel)
            if r["via"]:
                grantor = str(r["via"])
                vg.node(grantor, "unit", str(r["viaLabel"] or grantor), iri=grantor)
                vg.edge(grantor, target, "grants", facets=facets)
                outer[target].append(grantor)
        elif rel in ("proposed", "granted"):
            vg.node(target, kind if kind in ("person", "bloc") else "unit", label, iri=target,
                    details=[("khen thưởng — award", f"{r['detail']} {year}")], facets=facets)
            vg.edge(unit, target, "proposes" if rel == "proposed" else "grants", key=f"{rel}:{r['detail']}:{year}",
                    label=f"{r['detail']} {year}", facets=facets)
            place(target, rel)
        elif rel == "granted-count":
            vg.node(target, "count", _count_label(r), iri=target, facets=facets,
                    details=[("khen thưởng — award", label), ("năm — year", year)])
            vg.edge(unit, target, "grants", facets=facets)
            place(target, rel)
        elif rel == "official":
            vg.node(target, "person", label, iri=target, details=[("chức vụ — post", f"{r['detail']} ({year})")],
                    facets=facets)
            vg.edge(target, unit, "official", key=f"official:{r['detail']}", label=str(r["detail"] or ""),
                    details=[("năm — year", year)], facets=facets)
            place(target, rel)
        elif rel in ("predecessor", "successor"):
            vg.node(target, kind if kind in ("unit", "bloc", "area") else "unit", label, iri=target,
                    details=[("sự kiện — event", r["viaLabel"] or ""), ("ngày — date", day(r["date"]))])
            u, v = (target, unit) if rel == "predecessor" else (unit, target)
            vg.edge(u, v, "change", label=day(r["date"]), details=[("sự kiện — event", r["viaLabel"] or "")])
            place(target, rel)
        elif rel == "area":
            vg.node(target, "area", label, iri=target)
            vg.edge(unit, target, "area")
            place(target, rel)
        elif rel == "area-successor":
            area = str(r["via"])
            vg.node(area, "area", str(r["viaLabel"] or area), iri=area)
            vg.edge(unit, area, "area")
            place(area, "area")
            vg.node(target, "area", f"{label} (2025)" if target != area else label, iri=target,
                    details=[("sự kiện — event", r["detail"] or ""), ("ngày — date", day(r["date"]))])
            vg.edge(area, target, "dissolved" if "huyện" in str(r["detail"] or "") else "change",
                    label=day(r["date"]), details=[("sự kiện — event", r["detail"] or "")])
            outer[area].append(target)
        elif rel == "launched":
            vg.node(target, "campaign", label, iri=target)
            vg.edge(unit, target, "launched")
            place(target, rel)
    for (bloc, rel), ys in bloc_years.items():
        attrs = vg.g.edges[unit, bloc, rel]
        attrs["label"] = years_text(ys) if rel != "member" else f"thành viên {years_text(ys)}"

    view = View("unit", title_with_province(str(first["unitLabel"]), first["province"]),
                "Khối, nhiệm vụ, khen thưởng, cán bộ, tiền thân và kế thừa của một đơn vị. "
                "A unit's blocs, duties, awards, officials, predecessors and successors.",
                vg, MAX_NODES, physics=True)
    if years:
        view.facets.append(Facet("year", "Năm — year", facet_values(years, numeric=True)))
    fit(view, {k: s.label for k, s in load_styles().nodes.items()})
    groups = [[n for n in placed[name] if n in vg.g] for name, _ in SECTORS]
    groups.append([n for n, d in vg.g.nodes(data=True) if d["kind"] == "aggregate"])
    positions = radial(unit, groups, outer={a: [n for n in far if n in vg.g] for a, far in outer.items()})
    for node, (x, y) in positions.items():
        vg.g.nodes[node]["x"], vg.g.nodes[node]["y"] = x, y
    return view


SPEC = ViewSpec(
    "unit", "Unit neighbourhood",
    "One unit: its blocs and duties, awards, officials, predecessors and successors.",
    (ViewParam("unit", "the unit, as an IRI or a name in any spelling", required=True),),
    MAX_NODES, fetch, build,
)

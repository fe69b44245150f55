"""The awards view: grantors → award types → recipients, with the proposers beside.

Four columns: who grants, which award (its type in the award vocabulary,
ordered by precedence; or the award as stated when the vocabulary could not
place it), who received or was proposed for it, and who proposed it. Each
award is one edge (solid: conferred, dashed: proposed) carrying its year,
province and status, so the page's filters hide what does not match; awards
known only as counts hang off their award type. The query parameters filter
before drawing (year, province, status).
"""

from __future__ import annotations

from typing import Any

from tdkt.graph.store.base import Store
from tdkt.kernel.codes import AWARD_STATUSES
from tdkt.viz.aggregate import fit
from tdkt.viz.errors import ViewError
from tdkt.viz.layout import layered
from tdkt.viz.model import Facet, View, ViewGraph, facet_values
from tdkt.viz.style import load_styles
from tdkt.viz.views import Rows, ViewParam, ViewSpec, rows
from tdkt.viz.views.common import STATUS_WORDS

MAX_NODES = 500
LAYERS = {"grantor": 0, "type": 1, "recipient": 2, "proposer": 3}


def fetch(store: Store, params: dict[str, str]) -> dict[str, Rows]:
    return {"awards": rows(store, "view-awards", {k: params.get(k) for k in ("year", "province", "status")})}


def _counts(r: dict[str, Any]) -> str:
    parts = [f"{r[k]} {w}" for k, w in (("collectives", "tập thể"), ("individuals", "cá nhân"),
                                         ("households", "hộ")) if r[k]]
    return ", ".join(parts) or "số lượng chưa rõ (count unknown)"


def build(data: dict[str, Rows], params: dict[str, str]) -> View:
    awards = data["awards"]
    if not awards:
        asked = ", ".join(f"{k}={v}" for k, v in params.items()) or "no filter"
        raise ViewError(f"no awards in the graph for {asked}")
    vg = ViewGraph()
    layer: dict[str, int] = {}
    order: dict[str, tuple[object, ...]] = {}
    seen_facts: set[str] = set()
    for r in awards:
        fact = str(r["fact"])
        if fact in seen_facts:  # a fact with two vocabulary labels or provinces: draw it once
            continue
        seen_facts.add(fact)
        _award(vg, r, layer, order)
    subtitle = ("Cơ quan khen thưởng → loại khen thưởng → người, đơn vị được khen; đơn vị đề nghị bên phải. "
                "Grantors → award types → recipients; proposers on the right.")
    if params:
        subtitle += " Filtered: " + ", ".join(f"{k} = {v}" for k, v in params.items()) + "."
    view = View("awards", "Khen thưởng — awards", subtitle, vg, MAX_NODES, physics=False, facets=[
        Facet("year", "Năm — year", facet_values((r["year"] for r in awards), numeric=True)),
        Facet("province", "Tỉnh — province", facet_values(r["province"] for r in awards)),
        Facet("status", "Trạng thái — status", facet_values(r["statusName"] for r in awards)),
    ])
    fit(view, {k: s.label for k, s in load_styles().nodes.items()})
    for node, d in vg.g.nodes(data=True):
        if node not in layer:
            layer[node] = LAYERS["recipient"] if d["kind"] == "aggregate" else LAYERS["proposer"]
    positions = layered(vg.g, {n: layer[n] for n in vg.g}, order=order, dx=420.0, dy=72.0)
    for node, (x, y) in positions.items():
        vg.g.nodes[node]["x"], vg.g.nodes[node]["y"] = x, y
    return view


def _award(vg: ViewGraph, r: dict[str, Any], layer: dict[str, int], order: dict[str, tuple[object, ...]]) -> None:
    """One award fact: its grantor, award type, and recipient (with the proposer) or count."""
    fact = str(r["fact"])
    year, province, status = r["year"], r["province"] or "", r["statusName"] or ""
    facets: dict[str, list[Any]] = {"year": [year], "province": [province]}
    if status:
        facets["status"] = [status]
    grantor = f"grantor:{r['grantor']}"
    vg.node(grantor, "unit", str(r["grantorLabel"]), iri=str(r["grantor"]), facets=facets,
            details=[("vai trò — role", "cơ quan khen thưởng (grantor)")])
    layer[grantor] = LAYERS["grantor"]
    award_type = _award_type(vg, r, facets, order)
    layer[award_type] = LAYERS["type"]
    vg.edge(grantor, award_type, "grants", label="", facets=facets)
    details = [("khen thưởng — award", r["awardName"]), ("năm — year", year),
               ("cơ quan khen thưởng — grantor", r["grantorLabel"]), ("tỉnh — province", province)]
    if r["factKind"] == "count":
        node = f"count:{fact}"
        vg.node(node, "count", f"{_counts(r)} ({year})", iri=fact, facets=facets,
                details=[*details, ("số lượng — counts", _counts(r))])
        layer[node] = LAYERS["recipient"]
        vg.edge(award_type, node, "award_conferred", label=str(year), facets=facets, key=fact)
        return
    recipient = str(r["recipient"])
    kind = str(r["recipientKind"]) if r["recipientKind"] in ("person", "bloc") else "unit"
    details += [("trạng thái — status", STATUS_WORDS.get(status, status))]
    if r["proposerLabel"]:
        details.append(("đơn vị đề nghị — proposed by", r["proposerLabel"]))
    vg.node(recipient, kind, str(r["recipientLabel"]), iri=recipient, facets=facets,
            details=[("khen thưởng — award", f"{r['awardName']} {year} ({status})")])
    layer[recipient] = LAYERS["recipient"]
    vg.edge(award_type, recipient, "award_proposed" if status == "proposed" else "award_conferred",
            label=str(year), details=details, facets=facets, key=fact)
    if r["proposer"]:
        proposer = f"proposer:{r['proposer']}"
        vg.node(proposer, "bloc" if str(r["proposerLabel"]).startswith(("Khối", "Cụm")) else "unit",
                str(r["proposerLabel"]), iri=str(r["proposer"]), facets=facets,
                details=[("vai trò — role", "đơn vị đề nghị (proposer)")])
        layer[proposer] = LAYERS["proposer"]
        vg.edge(proposer, recipient, "proposes", label=str(year), facets=facets, key=fact)


def _award_type(vg: ViewGraph, r: dict[str, Any], facets: dict[str, list[Any]],
                order: dict[str, tuple[object, ...]]) -> str:
    """The award type's node (by precedence), or the award's name as stated when the vocabulary has no type."""
    if r["awardType"]:
        award_type = f"type:{r['awardType']}"
        vg.node(award_type, "award_type", str(r["awardTypeLabel"] or r["awardName"]), iri=str(r["awardType"]),
                details=[("thứ bậc — precedence", r["precedence"] if r["precedence"] is not None else "?"),
                         ("ghi trong nguồn — as stated", r["awardName"])], facets=facets)
        order[award_type] = (-(r["precedence"] or -1),)
    else:
        award_type = f"name:{r['awardName']}"
        vg.node(award_type, "award_type", str(r["awardName"]), facets=facets,
                details=[("ghi trong nguồn — as stated", r["awardName"]),
                         ("chưa xếp loại — not placed", "the award vocabulary could not place this award")])
        order[award_type] = (1,)
    return award_type


SPEC = ViewSpec(
    "awards", "Awards: grantors, award types, recipients",
    "Grantors → award types → recipients, with proposals; filterable by year, province and status.",
    (ViewParam("year", "the achievement year"),
     ViewParam("province", "the province's short name, as written in the graph (e.g. Lai Châu)"),
     ViewParam("status", "the award status: " + ", ".join(AWARD_STATUSES), choices=tuple(AWARD_STATUSES))),
    MAX_NODES, fetch, build,
)

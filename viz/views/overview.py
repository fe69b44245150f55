"""The overview: the whole graph (or one province) as blocs and the units and officials that join them.

Blocs and their members form a bipartite graph (networkx). Its measures
answer "which units and officials connect the most blocs": the number of
blocs each unit belongs to, its betweenness centrality in that graph (exact
up to 1,000 nodes, sampled with k=200 beyond: exact took 2.6 s at 1,800
nodes), and for each official the blocs reached through the organisations they hold posts in. When the graph
is larger than the node limit, units that belong to a single bloc are
folded into it (one node per bloc, sized by its members, expandable) and
only the units that join blocs stay visible.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from tdkt.graph.store.base import Store
from tdkt.viz.aggregate import fit
from tdkt.viz.errors import ViewError
from tdkt.viz.layout import force
from tdkt.viz.model import Table, View, ViewGraph
from tdkt.viz.style import load_styles
from tdkt.viz.views import Rows, ViewParam, ViewSpec, rows
from tdkt.viz.views.common import DUTIES, DUTY_WORDS, years_text

MAX_NODES = 500
TOP = 10
EXACT_BETWEENNESS_UP_TO = 1000


def fetch(store: Store, params: dict[str, str]) -> dict[str, Rows]:
    province = params.get("province")
    unplaced = [] if province else rows(store, "view-overview-unplaced", {})
    return {"blocs": rows(store, "view-overview", {"province": province}) + unplaced,
            "officials": rows(store, "view-officials", {"province": province})}


def _duties(text: str | None) -> list[tuple[int, str]]:
    """'chair 2021|host 2021|' → [(2021, 'chair'), (2021, 'host')], by year then duty."""
    found = (item.rsplit(" ", 1) for item in (text or "").split("|") if item)
    return sorted((int(year), kind) for kind, year in found if kind in DUTIES)


def build(data: dict[str, Rows], params: dict[str, str]) -> View:
    facts = data["blocs"]
    if not facts:
        where = f" in {params['province']}" if params.get("province") else ""
        raise ViewError(f"no blocs{where} in the graph")
    vg = ViewGraph()
    bipartite = nx.Graph()
    bloc_label: dict[str, str] = {}
    unit_label: dict[str, str] = {}
    members: dict[str, set[str]] = defaultdict(set)
    years: dict[tuple[str, str], set[int]] = defaultdict(set)
    duties: dict[tuple[str, str], list[str]] = defaultdict(list)
    chairs_known: dict[str, int] = defaultdict(int)
    for r in facts:  # one row per bloc and unit, and one per bloc without a unit
        bloc = str(r["bloc"])
        bloc_label[bloc] = f"{r['blocLabel']} ({r['province']})" if r["province"] else str(r["blocLabel"])
        bipartite.add_node(bloc, side="bloc")
        if r["unit"] is None:
            continue
        unit = str(r["unit"])
        unit_label[unit] = str(r["unitLabel"])
        members[bloc].add(unit)
        bipartite.add_node(unit, side="unit")
        bipartite.add_edge(unit, bloc)
        years[(unit, bloc)].update(int(y) for y in str(r["years"] or "").split())
        duties[(unit, bloc)] = [f"{DUTY_WORDS[kind]} {year}" for year, kind in _duties(r["duties"])]
        chairs_known[bloc] += int(r["chairs"] or 0)
    if bipartite.number_of_nodes() <= EXACT_BETWEENNESS_UP_TO:
        betweenness = nx.betweenness_centrality(bipartite)
        how = "exact"
    else:
        betweenness = nx.betweenness_centrality(bipartite, k=200, seed=7)
        how = "sampled (k=200)"
    unit_blocs = {u: sorted(bipartite.neighbors(u)) for u in unit_label}

    # officials: the blocs reached through the organisations they hold posts in
    person_label: dict[str, str] = {}
    person_blocs: dict[str, set[str]] = defaultdict(set)
    person_posts: dict[str, set[str]] = defaultdict(set)
    person_orgs: dict[str, dict[str, str]] = defaultdict(dict)
    for r in data["officials"]:
        person, org = str(r["person"]), str(r["organisation"])
        person_label[person] = str(r["personLabel"])
        person_posts[person].add(f"{r['title']}, {r['organisationLabel']} ({r['year']})")
        if org in bloc_label:
            person_blocs[person].add(org)
            person_orgs[person][org] = str(r["title"])
        elif org in unit_blocs:
            person_blocs[person].update(unit_blocs[org])
            person_orgs[person][org] = str(r["title"])

    for bloc, label in bloc_label.items():
        vg.node(bloc, "bloc", label, iri=bloc, keep=True, weight=float(max(len(members[bloc]), 1)),
                details=[("thành viên đã biết — members known", len(members[bloc])),
                         ("trưởng khối đã biết — chairs known", chairs_known[bloc])])
    for unit, blocs in unit_blocs.items():
        vg.node(unit, "unit", unit_label[unit], iri=unit,
                details=[("số khối — blocs", len(blocs)), ("trung gian — betweenness", f"{betweenness[unit]:.3f}")])
        for bloc in blocs:
            text = "; ".join(duties[(unit, bloc)])
            vg.edge(unit, bloc, "member", details=[("năm — years", years_text(years[(unit, bloc)]))]
                    + ([("nhiệm vụ — duties", text)] if text else []))
    for person, reached in person_blocs.items():
        posts = [("chức vụ — post", p) for p in sorted(person_posts[person])]
        vg.node(person, "person", person_label[person], iri=person, details=[("số khối — blocs", len(reached)), *posts])
        for org, title in person_orgs[person].items():
            vg.edge(person, org, "official", label=title)

    scope = params.get("province") or "cả nước — whole graph"
    view = View("overview", f"Tổng quan — overview ({scope})",
                "Các khối thi đua và những đơn vị, cán bộ nối các khối. "
                "Blocs, and the units and officials that join them.", vg, MAX_NODES, physics=True)
    view.tables = [
        Table("Đơn vị nối nhiều khối nhất — units joining the most blocs", ["đơn vị — unit", "khối", "betweenness"],
              [[unit_label[u], str(len(b)), f"{betweenness[u]:.3f}"] for u, b in
               sorted(unit_blocs.items(), key=lambda i: (-len(i[1]), -betweenness[i[0]], unit_label[i[0]]))[:TOP]],
              note=f"Betweenness centrality in the bloc–unit graph, {how}."),
        Table("Cán bộ nối nhiều khối nhất — officials joining the most blocs", ["cán bộ — official", "khối"],
              [[person_label[p], str(len(b))] for p, b in
               sorted(person_blocs.items(), key=lambda i: (-len(i[1]), person_label[i[0]]))[:TOP]],
              note="Blocs reached through the organisations where they hold a post (or the bloc itself)."),
        Table("Khối lớn nhất — largest blocs", ["khối — bloc", "thành viên", "trưởng khối"],
              [[bloc_label[b], str(len(members[b])), str(chairs_known[b])] for b in
               sorted(bloc_label, key=lambda b: (-len(members[b]), bloc_label[b]))[:TOP]]),
    ]
    fit(view, {k: s.label for k, s in load_styles().nodes.items()}, absorb={"bloc"})
    for node, (x, y) in force(vg.g).items():
        vg.g.nodes[node]["x"], vg.g.nodes[node]["y"] = x, y
    return view


SPEC = ViewSpec(
    "overview", "Overview: blocs and what joins them",
    "The whole graph or a province: blocs with their size, the units and officials that join blocs, "
    "and networkx measures; aggregated when large.",
    (ViewParam("province", "the province's short name, as written in the graph (e.g. Lai Châu)"),),
    MAX_NODES, fetch, build,
)

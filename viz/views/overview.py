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
from dataclasses import dataclass, field
from typing import Any

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


@dataclass
class _Blocs:
    """The blocs and their members as a bipartite graph, with what the view shows of each."""

    bipartite: nx.Graph = field(default_factory=nx.Graph)
    bloc_label: dict[str, str] = field(default_factory=dict)
    unit_label: dict[str, str] = field(default_factory=dict)
    members: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    years: dict[tuple[str, str], set[int]] = field(default_factory=lambda: defaultdict(set))
    duties: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    chairs_known: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, r: dict[str, Any]) -> None:
        """One row per bloc and unit, and one per bloc without a unit."""
        bloc = str(r["bloc"])
        self.bloc_label[bloc] = f"{r['blocLabel']} ({r['province']})" if r["province"] else str(r["blocLabel"])
        self.bipartite.add_node(bloc, side="bloc")
        if r["unit"] is None:
            return
        unit = str(r["unit"])
        self.unit_label[unit] = str(r["unitLabel"])
        self.members[bloc].add(unit)
        self.bipartite.add_node(unit, side="unit")
        self.bipartite.add_edge(unit, bloc)
        self.years[(unit, bloc)].update(int(y) for y in str(r["years"] or "").split())
        self.duties[(unit, bloc)] = [f"{DUTY_WORDS[kind]} {year}" for year, kind in _duties(r["duties"])]
        self.chairs_known[bloc] += int(r["chairs"] or 0)


@dataclass
class _Officials:
    """Officials: the blocs reached through the organisations they hold posts in."""

    label: dict[str, str] = field(default_factory=dict)
    blocs: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    posts: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    orgs: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))

    def add(self, r: dict[str, Any], bloc_label: dict[str, str], unit_blocs: dict[str, list[str]]) -> None:
        person, org = str(r["person"]), str(r["organisation"])
        self.label[person] = str(r["personLabel"])
        self.posts[person].add(f"{r['title']}, {r['organisationLabel']} ({r['year']})")
        if org in bloc_label:
            self.blocs[person].add(org)
            self.orgs[person][org] = str(r["title"])
        elif org in unit_blocs:
            self.blocs[person].update(unit_blocs[org])
            self.orgs[person][org] = str(r["title"])


def build(data: dict[str, Rows], params: dict[str, str]) -> View:
    facts = data["blocs"]
    if not facts:
        where = f" in {params['province']}" if params.get("province") else ""
        raise ViewError(f"no blocs{where} in the graph")
    found = _Blocs()
    for r in facts:
        found.add(r)
    if found.bipartite.number_of_nodes() <= EXACT_BETWEENNESS_UP_TO:
        betweenness = nx.betweenness_centrality(found.bipartite)
        how = "exact"
    else:
        betweenness = nx.betweenness_centrality(found.bipartite, k=200, seed=7)
        how = "sampled (k=200)"
    unit_blocs = {u: sorted(found.bipartite.neighbors(u)) for u in found.unit_label}
    officials = _Officials()
    for r in data["officials"]:
        officials.add(r, found.bloc_label, unit_blocs)
    vg = ViewGraph()
    _draw(vg, found, unit_blocs, betweenness, officials)
    scope = params.get("province") or "cả nước — whole graph"
    view = View("overview", f"Tổng quan — overview ({scope})",
                "Các khối thi đua và những đơn vị, cán bộ nối các khối. "
                "Blocs, and the units and officials that join them.", vg, MAX_NODES, physics=True)
    view.tables = _tables(found, unit_blocs, betweenness, how, officials)
    fit(view, {k: s.label for k, s in load_styles().nodes.items()}, absorb={"bloc"})
    for node, (x, y) in force(vg.g).items():
        vg.g.nodes[node]["x"], vg.g.nodes[node]["y"] = x, y
    return view


def _draw(vg: ViewGraph, found: _Blocs, unit_blocs: dict[str, list[str]], betweenness: dict[str, float],
          officials: _Officials) -> None:
    """Blocs, the units in them and the officials who reach them, as nodes and edges."""
    for bloc, label in found.bloc_label.items():
        vg.node(bloc, "bloc", label, iri=bloc, keep=True, weight=float(max(len(found.members[bloc]), 1)),
                details=[("thành viên đã biết — members known", len(found.members[bloc])),
                         ("trưởng khối đã biết — chairs known", found.chairs_known[bloc])])
    for unit, blocs in unit_blocs.items():
        vg.node(unit, "unit", found.unit_label[unit], iri=unit,
                details=[("số khối — blocs", len(blocs)), ("trung gian — betweenness", f"{betweenness[unit]:.3f}")])
        for bloc in blocs:
            text = "; ".join(found.duties[(unit, bloc)])
            vg.edge(unit, bloc, "member", details=[("năm — years", years_text(found.years[(unit, bloc)]))]
                    + ([("nhiệm vụ — duties", text)] if text else []))
    for person, reached in officials.blocs.items():
        posts = [("chức vụ — post", p) for p in sorted(officials.posts[person])]
        vg.node(person, "person", officials.label[person], iri=person,
                details=[("số khối — blocs", len(reached)), *posts])
        for org, title in officials.orgs[person].items():
            vg.edge(person, org, "official", label=title)


def _tables(found: _Blocs, unit_blocs: dict[str, list[str]], betweenness: dict[str, float], how: str,
            officials: _Officials) -> list[Table]:
    """The units and officials that join the most blocs, and the largest blocs."""
    unit_label, person_label, bloc_label, members = found.unit_label, officials.label, found.bloc_label, found.members
    return [
        Table("Đơn vị nối nhiều khối nhất — units joining the most blocs", ["đơn vị — unit", "khối", "betweenness"],
              [[unit_label[u], str(len(b)), f"{betweenness[u]:.3f}"] for u, b in
               sorted(unit_blocs.items(), key=lambda i: (-len(i[1]), -betweenness[i[0]], unit_label[i[0]]))[:TOP]],
              note=f"Betweenness centrality in the bloc–unit graph, {how}."),
        Table("Cán bộ nối nhiều khối nhất — officials joining the most blocs", ["cán bộ — official", "khối"],
              [[person_label[p], str(len(b))] for p, b in
               sorted(officials.blocs.items(), key=lambda i: (-len(i[1]), person_label[i[0]]))[:TOP]],
              note="Blocs reached through the organisations where they hold a post (or the bloc itself)."),
        Table("Khối lớn nhất — largest blocs", ["khối — bloc", "thành viên", "trưởng khối"],
              [[bloc_label[b], str(len(members[b])), str(found.chairs_known[b])] for b in
               sorted(bloc_label, key=lambda b: (-len(members[b]), bloc_label[b]))[:TOP]]),
    ]


SPEC = ViewSpec(
    "overview", "Overview: blocs and what joins them",
    "The whole graph or a province: blocs with their size, the units and officials that join blocs, "
    "and networkx measures; aggregated when large.",
    (ViewParam("province", "the province's short name, as written in the graph (e.g. Lai Châu)"),),
    MAX_NODES, fetch, build,
)

"""Keeping a view under its node limit: groups of leaves become one node, expandable in the page.

A leaf is a node with a single neighbour. Leaves of the same kind hanging
off the same node by the same kind of edge (the 96 districts dissolved into
one province, the 40 members of one bloc) are replaced by one aggregate node
("96 × administrative unit"), largest groups first, until the view fits.
When the neighbour's kind is in ``absorb`` the group is folded into the
neighbour itself (a bloc drawn with its size) instead of a new node. Either
way the members are kept as an expansion the page can draw back on request
(at most ``EXPAND_LIMIT`` of them). If leaves are not enough, the nodes with
the fewest connections are left out, and the view says how many.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import Any

from tdkt.viz.model import Expansion, View

EXPAND_LIMIT = 200
LISTED = 30


def _group_key(view: View, node: str) -> tuple[str, str, str, bool] | None:
    g = view.graph.g
    attrs = g.nodes[node]
    if attrs.get("keep") or attrs["kind"] in ("aggregate", "heading"):
        return None
    neighbours = set(g.predecessors(node)) | set(g.successors(node))
    if len(neighbours) != 1:
        return None
    anchor = next(iter(neighbours))
    edges = list(g.in_edges(node, data=True)) + list(g.out_edges(node, data=True))
    outgoing = edges[0][0] == node
    return anchor, attrs["kind"], edges[0][2]["kind"], outgoing


def _english(label: str) -> str:
    return label.split("—")[-1].strip() if "—" in label else label


def fit(view: View, kind_labels: dict[str, str], absorb: Collection[str] = ()) -> None:
    """Aggregate ``view`` in place until it has at most ``view.max_nodes`` nodes."""
    g = view.graph.g
    view.total_nodes = max(view.total_nodes, g.number_of_nodes())
    if g.number_of_nodes() <= view.max_nodes:
        return
    groups: dict[tuple[str, str, str, bool], list[str]] = defaultdict(list)
    for node in sorted(g.nodes):
        key = _group_key(view, node)
        if key is not None:
            groups[key].append(node)
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    collapsed = 0
    # folding into an anchor is all or nothing: every bloc drawn with its size, not some
    for (anchor, kind, edge_kind, outgoing), members in ordered:
        if g.nodes[anchor]["kind"] in absorb:
            _collapse(view, anchor, kind, edge_kind, outgoing, members, True, kind_labels)
            collapsed += len(members)
    for (anchor, kind, edge_kind, outgoing), members in ordered:
        if g.number_of_nodes() <= view.max_nodes:
            break
        if g.nodes[anchor]["kind"] in absorb or len(members) < 2:
            continue
        _collapse(view, anchor, kind, edge_kind, outgoing, members, False, kind_labels)
        collapsed += len(members)
    if collapsed:
        view.notes.append(f"{collapsed} nodes are aggregated into groups to stay within {view.max_nodes} nodes; "
                          "click a group to list its members or expand it.")
    excess = g.number_of_nodes() - view.max_nodes
    if excess > 0:
        candidates = sorted((n for n, d in g.nodes(data=True) if not d.get("keep") and d["kind"] != "heading"),
                            key=lambda n: (g.degree(n), g.nodes[n].get("weight", 1.0), n))
        dropped = candidates[:excess]
        g.remove_nodes_from(dropped)
        view.notes.append(f"{len(dropped)} nodes with the fewest connections are not drawn "
                          f"(the limit is {view.max_nodes} nodes).")


def _collapse(view: View, anchor: str, kind: str, edge_kind: str, outgoing: bool, members: list[str],
              into_anchor: bool, kind_labels: dict[str, str]) -> None:
    g = view.graph.g
    saved_nodes: list[tuple[str, dict[str, Any]]] = []
    saved_edges: list[tuple[str, str, dict[str, Any]]] = []
    facets: dict[str, set[str]] = defaultdict(set)
    labels = sorted(str(g.nodes[m]["label"]) for m in members)
    for member in members[:EXPAND_LIMIT]:
        saved_nodes.append((member, dict(g.nodes[member])))
        for u, v, data in list(g.in_edges(member, data=True)) + list(g.out_edges(member, data=True)):
            saved_edges.append((u, v, dict(data)))
    for member in members:
        for name, values in g.nodes[member]["facets"].items():
            facets[name].update(values)
    g.remove_nodes_from(members)
    noun = _english(kind_labels.get(kind, kind))
    listing = "; ".join(labels[:LISTED]) + (f"; … and {len(labels) - LISTED} more" if len(labels) > LISTED else "")
    if into_anchor:
        attrs = g.nodes[anchor]
        attrs["weight"] = float(attrs.get("weight", 1.0)) + len(members)
        attrs["details"].append((f"{noun} ({len(members)}, not drawn)", listing))
        target = anchor
        replace = False
    else:
        target = f"aggregate:{anchor}:{kind}:{edge_kind}"
        view.graph.node(target, "aggregate", f"{len(members)} × {noun}",
                        details=[("stands for", f"{len(members)} × {noun}"), ("members", listing)],
                        facets={k: sorted(v) for k, v in facets.items()}, weight=float(len(members)))
        u, v = (target, anchor) if outgoing else (anchor, target)
        view.graph.edge(u, v, edge_kind, label=f"× {len(members)}", weight=float(len(members)))
        replace = True
    if saved_nodes:
        existing = view.expansions.get(target)
        if existing is not None:
            existing.nodes.extend(saved_nodes)
            existing.edges.extend(saved_edges)
        else:
            view.expansions[target] = Expansion(saved_nodes, saved_edges, replace)

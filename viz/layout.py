"""Positions computed in Python, so the browser draws at once and physics only polishes.

All functions return ``{node: (x, y)}`` in vis-network pixels. Layouts are
deterministic (fixed seeds, sorted inputs): the same rows draw the same page.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

import networkx as nx

Position = tuple[float, float]


def layered(g: nx.MultiDiGraph, layers: Mapping[str, int], *, dx: float = 360.0, dy: float = 64.0,
            order: Mapping[str, tuple[object, ...]] | None = None, sweeps: int = 2) -> dict[str, Position]:
    """Columns by layer; within a column, nodes ordered by the mean row of their neighbours (barycentre)."""
    columns: dict[int, list[str]] = defaultdict(list)
    for node, layer in layers.items():
        columns[layer].append(node)
    keys = order or {}
    for members in columns.values():
        members.sort(key=lambda n: (keys.get(n, ()), str(g.nodes[n].get("label", "")), n))
    undirected = g.to_undirected(as_view=True)
    rank: dict[str, float] = {}
    for members in columns.values():
        rank.update({n: float(i) for i, n in enumerate(members)})
    ordered_layers = sorted(columns)
    def centre(node: str, layer: int) -> float:
        near = [rank[m] for m in undirected.neighbors(node) if m in rank and layers.get(m) != layer]
        return sum(near) / len(near) if near else rank[node]

    for _ in range(sweeps):
        for layer in ordered_layers[1:] + ordered_layers[::-1][1:]:
            members = columns[layer]
            members.sort(key=lambda n, lay=layer: (centre(n, lay), rank[n]))  # type: ignore[misc]
            rank.update({n: float(i) for i, n in enumerate(members)})
    out: dict[str, Position] = {}
    for layer, members in columns.items():
        top = -(len(members) - 1) * dy / 2
        for i, node in enumerate(members):
            out[node] = (layer * dx, top + i * dy)
    return out


def layered_components(g: nx.MultiDiGraph, layers: Mapping[str, int], *, dx: float = 320.0, dy: float = 56.0,
                       order: Mapping[str, tuple[object, ...]] | None = None) -> dict[str, Position]:
    """:func:`layered` for each connected component, packed in rows (a grid of small trees, not one tall column)."""
    sub = g.subgraph(list(layers))
    parts = []
    for component in sorted(nx.weakly_connected_components(sub), key=lambda c: (-len(c), min(c))):
        parts.append(layered(g.subgraph(component), {n: layers[n] for n in component}, dx=dx, dy=dy, order=order))
    return pack(parts, gap=120.0)


def ring(centre: Position, count: int, *, radius: float | None = None, start: float = 0.0,
         spread: float = 2 * math.pi, spacing: float = 46.0) -> list[Position]:
    """``count`` points on an arc around ``centre``, far enough apart to stay readable."""
    if count <= 0:
        return []
    r = radius if radius is not None else max(90.0, spacing * count / spread)
    step = spread / count if spread >= 2 * math.pi - 1e-9 else spread / max(count - 1, 1)
    return [(centre[0] + r * math.cos(start + i * step), centre[1] + r * math.sin(start + i * step))
            for i in range(count)]


def radial(centre: str, groups: Sequence[Sequence[str]], *, radius: float = 300.0,
           outer: Mapping[str, Sequence[str]] | None = None, outer_radius: float = 540.0) -> dict[str, Position]:
    """An ego layout: the centre at (0, 0), each group in its own sector, second-hop nodes outside them."""
    out: dict[str, Position] = {centre: (0.0, 0.0)}
    total = sum(len(g) for g in groups) or 1
    angle = -math.pi / 2
    for members in groups:
        if not members:
            continue
        sector = 2 * math.pi * len(members) / total
        r = max(radius, 40.0 * len(members) / max(sector, 0.3))
        for i, node in enumerate(members):
            a = angle + sector * (i + 0.5) / len(members)
            out[node] = (r * math.cos(a), r * math.sin(a))
        angle += sector
    for anchor, far in (outer or {}).items():
        if anchor not in out or not far:
            continue
        ax, ay = out[anchor]
        base = math.atan2(ay, ax)
        dist = math.hypot(ax, ay) + outer_radius - radius
        for i, node in enumerate(far):
            if node in out:
                continue
            a = base + (i - (len(far) - 1) / 2) * 0.12
            out[node] = (dist * math.cos(a), dist * math.sin(a))
    return out


def force(g: nx.MultiDiGraph, *, seed: int = 7, iterations: int = 60) -> dict[str, Position]:
    """Fruchterman-Reingold (networkx) per connected component of the core, leaves on rings around their hub.

    The core is the graph without its leaves (nodes with one neighbour);
    laying out only the core keeps the networkx step small and fast at the
    500-node limit, and leaves on rings never overlap their hub. Components
    are packed in rows, largest first.
    """
    simple = nx.Graph(g.to_undirected(as_view=True))
    simple.remove_edges_from(list(nx.selfloop_edges(simple)))
    leaves = {n for n in simple if simple.degree(n) == 1}
    for n in list(leaves):  # of two nodes joined only to each other, one stays in the core
        hub = next(iter(simple.neighbors(n)))
        if hub in leaves and n < hub:
            leaves.discard(n)
    core = simple.subgraph([n for n in simple if n not in leaves])
    spacing = 150.0
    parts: list[dict[str, Position]] = []
    for component in sorted(nx.connected_components(core), key=lambda c: (-len(c), min(c))):
        sub = core.subgraph(sorted(component))
        if len(sub) == 1:
            parts.append({next(iter(sub)): (0.0, 0.0)})
            continue
        scale = spacing * math.sqrt(len(sub))
        if len(sub) < 500:
            pos = nx.spring_layout(sub, seed=seed, iterations=iterations, method="force")
        else:  # the sparse solver needs scipy; a circle is enough at this size
            pos = nx.circular_layout(sub)
        parts.append({str(n): (float(p[0]) * scale, float(p[1]) * scale) for n, p in pos.items()})
    out = pack(parts)
    by_hub: dict[str, list[str]] = defaultdict(list)
    for n in sorted(leaves):
        by_hub[next(iter(simple.neighbors(n)))].append(n)
    for hub, members in by_hub.items():
        centre = out.get(hub, (0.0, 0.0))
        for node, p in zip(members, ring(centre, len(members), spacing=38.0), strict=True):
            out[node] = p
    return out


def pack(parts: Sequence[Mapping[str, Position]], gap: float = 180.0, aspect: float = 1.6) -> dict[str, Position]:
    """Components side by side in rows, largest first, wrapping so the whole is about ``aspect`` wide to tall."""
    boxes = [bounds(p.values()) for p in parts]
    area = sum((b[2] - b[0] + gap) * (b[3] - b[1] + gap) for b in boxes)
    width = max([1600.0, math.sqrt(area * aspect)] + [b[2] - b[0] for b in boxes])
    out: dict[str, Position] = {}
    x = y = row_height = 0.0
    for part, (x0, y0, x1, y1) in zip(parts, boxes, strict=True):
        w, h = x1 - x0, y1 - y0
        if x > 0 and x + w > width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        out.update(offset(part, x - x0, y - y0))
        x += w + gap
        row_height = max(row_height, h)
    return out


def offset(positions: Mapping[str, Position], dx: float, dy: float) -> dict[str, Position]:
    return {n: (x + dx, y + dy) for n, (x, y) in positions.items()}


def bounds(positions: Iterable[Position]) -> tuple[float, float, float, float]:
    """min x, min y, max x, max y."""
    points = list(positions)
    if not points:
        return (0.0, 0.0, 0.0, 0.0)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))

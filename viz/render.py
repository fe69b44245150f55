"""A view → one self-contained HTML page: pyvis network data, vis-network inlined, our own template.

pyvis holds the network (nodes, edges, options) and ships vis-network 9.1.2,
which is inlined into the page. The page comes from ``templates/view.html``,
not from pyvis's template: that one loads Bootstrap from a CDN in every mode
and, as soon as any tooltip contains "href", writes every tooltip with
``innerHTML`` (an XSS hole for names taken from articles).

Escaping, by context:
- text in the HTML (title, legend, notes, tables): Jinja autoescape;
- node and edge data: JSON in a ``<script type="application/json">``, through
  Jinja's ``tojson`` (``<``, ``>``, ``&``, ``'`` escaped), read with JSON.parse;
- tooltips: ``html.escape``d in Python (safe under any renderer that uses
  ``innerHTML``); the page decodes the five entities back into a DOM element's
  ``textContent``, so a name shows exactly as written, as text;
- the details panel is built with ``textContent`` and ``setAttribute`` only;
  a link is only set when it is a path on the same site;
- labels on the canvas are drawn as text by vis-network.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from pyvis.network import Network

from tdkt.viz.layout import ring
from tdkt.viz.model import View
from tdkt.viz.style import Styles, load_styles

VIS_VERSION = "9.1.2"
LABEL_LIMIT = 60
TOOLTIP_DETAILS = 8
EDGE_LABELS_UP_TO = 150
LinkMaker = Callable[[str, str], list[tuple[str, str]]]


@cache
def templates(package: str) -> Environment:
    """The Jinja templates of a package, every value escaped (the views' and the web pages' alike)."""
    env = Environment(loader=PackageLoader(package, "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}  # still escapes < > & '
    return env


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS as shipped inside pyvis (no CDN, no network)."""
    lib = resources.files("pyvis").joinpath("templates", "lib", f"vis-{VIS_VERSION}")
    js = lib.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = lib.joinpath("vis-network.css").read_text(encoding="utf-8")
    return js.replace("</script", "<\\/script"), css.replace("</style", "<\\/style")


@lru_cache(maxsize=1)
def page_assets() -> tuple[str, str]:
    """The page's own script and style sheet (inlined too)."""
    root = resources.files("tdkt.viz").joinpath("templates")
    return (root.joinpath("view.js").read_text(encoding="utf-8"),
            root.joinpath("view.css").read_text(encoding="utf-8"))


def _darker(colour: str, factor: float = 0.7) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * factor) for c in (r, g, b)))


def _short(label: str) -> str:
    return label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1] + "…"


def tooltip(lines: Sequence[str]) -> str:
    """Tooltip text, escaped for HTML whatever renders it."""
    return html.escape("\n".join(line for line in lines if line))


class _Converter:
    def __init__(self, styles: Styles, links: LinkMaker | None, edge_labels: bool) -> None:
        self.styles, self.links, self.edge_labels = styles, links, edge_labels
        self.edge_count = 0

    def node(self, node: str, attrs: dict[str, Any], position: tuple[float, float] | None = None) -> dict[str, Any]:
        kind = attrs["kind"]
        style = self.styles.node(kind)
        label = str(attrs["label"])
        details = [[str(k), str(v)] for k, v in attrs.get("details", [])]
        weight = float(attrs.get("weight") or 1.0)
        size = style.size * min(3.0, 1.0 + 0.25 * math.sqrt(max(weight - 1.0, 0.0)))
        out: dict[str, Any] = {
            "id": node, "label": _short(label), "fullLabel": label, "kind": kind,
            "title": tooltip([label, style.label] + [f"{k}: {v}" for k, v in details[:TOOLTIP_DETAILS]]),
            "shape": style.shape, "size": round(size, 1),
            "color": {"background": style.color, "border": _darker(style.color),
                      "highlight": {"background": style.color, "border": "#0f172a"},
                      "hover": {"background": style.color, "border": "#0f172a"}},
            "details": details, "facets": {k: list(v) for k, v in attrs.get("facets", {}).items() if v},
        }
        if position is not None:
            out["x"], out["y"] = round(position[0], 1), round(position[1], 1)
        if kind == "heading":
            out.update(font={"size": 22, "color": "#0f172a", "face": "system-ui", "align": "left"}, physics=False,
                       keep=True, widthConstraint={"maximum": 900})
        if attrs.get("keep"):
            out["keep"] = True
        iri = attrs.get("iri")
        if iri:
            out["iri"] = str(iri)
            if self.links is not None:
                out["links"] = [[a, b] for a, b in self.links(kind, str(iri)) if b.startswith("/")]
        own = [[str(a), str(b)] for a, b in attrs.get("links", []) if str(b).startswith("/")]
        if own:  # links the view itself gives (paths on this site)
            out["links"] = [*own, *out.get("links", [])]
        return out

    def edge(self, u: str, v: str, attrs: dict[str, Any]) -> dict[str, Any]:
        kind = attrs["kind"]
        style = self.styles.edge(kind)
        self.edge_count += 1
        label = str(attrs.get("label") or "")
        weight = float(attrs.get("weight") or 1.0)
        details = [[str(k), str(val)] for k, val in attrs.get("details", [])]
        return {
            "id": f"e{self.edge_count}", "from": u, "to": v, "kind": kind,
            "label": _short(label) if self.edge_labels else "",
            "title": tooltip([style.label, label] + [f"{k}: {val}" for k, val in details[:TOOLTIP_DETAILS]]),
            "color": {"color": style.color, "highlight": _darker(style.color), "hover": _darker(style.color)},
            "width": round(style.width * min(4.0, 1.0 + math.log2(weight) / 2), 1) if weight > 1
            else style.width,
            "dashes": style.dashes, "arrows": {"to": {"enabled": style.arrow == "to", "scaleFactor": 0.6}},
            "details": details, "facets": {k: list(vals) for k, vals in attrs.get("facets", {}).items() if vals},
        }


def _options(view: View, nodes: int, edges: int) -> dict[str, Any]:
    polish = view.physics
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {
            "enabled": polish, "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -2200, "centralGravity": 0.05, "springLength": 130,
                          "springConstant": 0.02, "damping": 0.6, "avoidOverlap": 0.4},
            "stabilization": {"enabled": polish, "iterations": 60 if nodes > 200 else 120, "updateInterval": 30,
                              "fit": True},
            "minVelocity": 1.5,
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": edges > 300,
                        "hideEdgesOnZoom": edges > 600, "keyboard": {"enabled": True, "bindToWindow": False},
                        "navigationButtons": False},
        "nodes": {"font": {"size": 13, "face": "system-ui, sans-serif", "color": "#1e293b"},
                  "widthConstraint": {"maximum": 170}, "borderWidth": 1},
        "edges": {"smooth": {"enabled": edges <= 300, "type": "continuous", "roundness": 0.3},
                  "font": {"size": 10, "align": "middle", "color": "#475569", "strokeWidth": 3}},
    }


def network_data(view: View, styles: Styles | None = None, links: LinkMaker | None = None) -> dict[str, Any]:
    """The view as vis-network data, built on a pyvis ``Network`` (nodes and edges set directly, never from_nx)."""
    styles = styles or load_styles()
    g = view.graph.g
    convert = _Converter(styles, links, g.number_of_edges() <= EDGE_LABELS_UP_TO)
    node_dicts = [convert.node(n, d, (float(d.get("x", 0.0)), float(d.get("y", 0.0)))) for n, d in g.nodes(data=True)]
    edge_dicts = [convert.edge(u, v, d) for u, v, d in g.edges(data=True)]
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    net.nodes, net.edges = node_dicts, edge_dicts
    net.node_ids = [n["id"] for n in node_dicts]
    net.node_map = {n["id"]: n for n in node_dicts}
    net.options = _options(view, len(node_dicts), len(edge_dicts))
    nodes, edges, _heading, _height, _width, _options_json = net.get_network_data()
    expansions: dict[str, Any] = {}
    for anchor, expansion in view.expansions.items():
        spots = ring((0.0, 0.0), len(expansion.nodes), spacing=42.0)
        ex_nodes = []
        for (node, attrs), (dx, dy) in zip(expansion.nodes, spots, strict=True):
            item = convert.node(node, attrs)
            item["dx"], item["dy"] = round(dx, 1), round(dy, 1)
            ex_nodes.append(item)
        ex_edges = [convert.edge(u, v, d) for u, v, d in expansion.edges]
        expansions[anchor] = {"nodes": ex_nodes, "edges": ex_edges, "replace": expansion.replace}
    return {"nodes": nodes, "edges": edges, "options": net.options, "expansions": expansions,
            "facets": [{"name": f.name, "label": f.label, "values": f.values} for f in view.facets]}


def legend(view: View, styles: Styles) -> tuple[list[Any], list[Any]]:
    node_kinds, edge_kinds = view.graph.kinds()
    for expansion in view.expansions.values():
        node_kinds |= {d["kind"] for _, d in expansion.nodes}
        edge_kinds |= {d["kind"] for _, _, d in expansion.edges}
    node_kinds.discard("heading")
    return ([styles.nodes[k] for k in styles.nodes if k in node_kinds],
            [styles.edges[k] for k in styles.edges if k in edge_kinds])


def render(view: View, *, styles: Styles | None = None, links: LinkMaker | None = None, nonce: str | None = None,
           nav: Sequence[tuple[str, str]] = ()) -> str:
    """The page for ``view``; ``links`` gives a node's links (web server), ``nonce`` goes on inline scripts (CSP)."""
    styles = styles or load_styles()
    data = network_data(view, styles, links)
    vis_js, vis_css = vis_assets()
    page_js, page_css = page_assets()
    node_styles, edge_styles = legend(view, styles)
    template = templates("tdkt.viz").get_template("view.html")
    return template.render(
        view=view, data=data, nonce=nonce, nav=[(a, b) for a, b in nav if b.startswith("/")],
        node_styles=node_styles, edge_styles=edge_styles, page=styles.page,
        node_count=len(data["nodes"]), edge_count=len(data["edges"]),
        vis_js=Markup(vis_js), vis_css=Markup(vis_css), page_js=Markup(page_js), page_css=Markup(page_css),
        kind_labels={k: s.label for k, s in styles.nodes.items()}, vis_version=VIS_VERSION,
    )

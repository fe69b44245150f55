"""Views of the graph: query rows → networkx graphs → self-contained HTML pages (pyvis, vis-network inlined).

>>> from tdkt.viz import view_names
>>> view_names()
['bloc', 'unit', 'awards', 'lineage', 'overview']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tdkt.graph.store.base import Store
from tdkt.viz.errors import ViewError
from tdkt.viz.model import View
from tdkt.viz.render import LinkMaker, render
from tdkt.viz.views import ViewSpec, get_view, registry


def view_names() -> list[str]:
    return list(registry())


def make_view(store: Store, name: str, params: Mapping[str, str] | None = None) -> View:
    """Run the view's named queries and build its graph."""
    return get_view(name).make(store, params or {})


def render_view(store: Store, name: str, params: Mapping[str, str] | None = None, *, links: LinkMaker | None = None,
                nonce: str | None = None, nav: Sequence[tuple[str, str]] = ()) -> str:
    """The HTML page of a view."""
    return render(make_view(store, name, params), links=links, nonce=nonce, nav=nav)


__all__ = ["View", "ViewError", "ViewSpec", "get_view", "make_view", "registry", "render", "render_view",
           "view_names"]

"""The views: each one runs named queries, then builds a graph from their rows.

A view module has ``PARAMS``, ``MAX_NODES``, ``fetch(store, params)`` (the
only place it touches the store: named queries, rows as plain dicts) and
``build(data, params)`` (rows → :class:`viz.model.View`, pure, testable on
hand-written rows).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from tdkt.graph.store.base import Store
from tdkt.queries.library import run_query
from tdkt.viz.errors import ViewError
from tdkt.viz.model import View

Rows = list[dict[str, Any]]


def rows(store: Store, name: str, params: Mapping[str, str | None]) -> Rows:
    """A named query's rows as plain Python values (no RDF terms past this point)."""
    return [r.as_dict() for r in run_query(store, name, {k: v for k, v in params.items() if v})]


@dataclass(frozen=True)
class ViewParam:
    name: str
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class ViewSpec:
    name: str
    title: str
    description: str
    params: tuple[ViewParam, ...]
    max_nodes: int
    fetch: Callable[[Store, dict[str, str]], dict[str, Rows]]
    build: Callable[[dict[str, Rows], dict[str, str]], View]

    def check(self, params: Mapping[str, str]) -> dict[str, str]:
        """The parameters, checked: unknown names, missing required ones and bad choices are errors."""
        known = {p.name: p for p in self.params}
        for name in params:
            if name not in known:
                listed = ", ".join(known) or "none"
                raise ViewError(f"view '{self.name}' has no parameter '{name}' (parameters: {listed})")
        out = {k: str(v).strip() for k, v in params.items() if v is not None and str(v).strip()}
        for p in self.params:
            if p.required and p.name not in out:
                raise ViewError(f"view '{self.name}' needs the parameter '{p.name}': {p.description}")
            if p.choices and p.name in out and out[p.name] not in p.choices:
                raise ViewError(f"parameter '{p.name}' must be one of {', '.join(p.choices)}, not '{out[p.name]}'")
        return out

    def make(self, store: Store, params: Mapping[str, str]) -> View:
        checked = self.check(params)
        view = self.build(self.fetch(store, checked), checked)
        view.params = checked
        return view


def registry() -> dict[str, ViewSpec]:
    from tdkt.viz.views import awards, bloc, lineage, overview, unit

    specs = [bloc.SPEC, unit.SPEC, awards.SPEC, lineage.SPEC, overview.SPEC]
    return {s.name: s for s in specs}


def get_view(name: str) -> ViewSpec:
    views = registry()
    if name not in views:
        raise ViewError(f"no view named '{name}'; views: {', '.join(views)}")
    return views[name]

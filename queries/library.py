"""Named queries run with bound values (the catalogue of ``queries/*.rq`` is read by :mod:`.catalogue`).

Every parameter has a type; a value is turned into an RDF term of that type
and bound, never pasted into the query text: every backend (the embedded
store, a remote endpoint, the web) gives each query a one-row ``VALUES`` block
at the start of every ``SELECT`` group that selects the variable, sub-selects
included (:mod:`graph.store.binding`). Oxigraph plans the joins around such a
block and restricts a sub-select before it aggregates, where a substituted or
trailing value is only joined at the end (1m triples: ``bloc-roles`` 88 ms →
0.6 ms), and Virtuoso applies it where it ignored a trailing block.

So a query matches its parameters' variables by patterns, or computes them
(``BIND(… AS ?v)``) inside a sub-select that the block can follow: a group
that computes a variable gets no block for it, and a parameter that no group
can take is refused when the query is read. A row where the variable is
unbound joins with any value: a computed parameter is "" when there is
nothing, so that it filters. The header's ``bind`` field is still read (old
queries say ``bind: values``) but every query is bound the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pyoxigraph import Literal, NamedNode

from tdkt.graph.results import Rows, Term
from tdkt.graph.store.base import Store
from tdkt.graph.store.binding import with_leading_values
from tdkt.kernel.codes import AWARD_STATUSES, BLOC_ROLES
from tdkt.kernel.errors import QueryError
from tdkt.kernel.names import nfc
from tdkt.queries.catalogue import (
    BIND_MODES,
    PARAM_TYPES,
    SCALAR_TYPES,
    NamedQuery,
    Param,
    get_query,
    load_queries,
    parse_query,
)
from tdkt.queries.resolve import resolve_entity

XSD = "http://www.w3.org/2001/XMLSchema#"
#: the parameter types whose values are codes of an ontology scheme (kernel.codes): value → concept
CODED_TYPES = {"role": BLOC_ROLES, "status": AWARD_STATUSES}
#: the values a form offers for a parameter of these types
PARAM_CHOICES = {**{kind: tuple(codes) for kind, codes in CODED_TYPES.items()}, "boolean": ("true", "false")}


def to_term(store: Store, param: Param, value: Any) -> Term:
    """A parameter value as the RDF term its type says."""
    text = str(value).strip()
    kind = param.type
    try:
        if kind == "integer":
            return Literal(str(int(text)), datatype=NamedNode(f"{XSD}integer"))
        if kind == "boolean":
            if text.lower() not in ("true", "false"):
                raise ValueError(text)
            return Literal(text.lower(), datatype=NamedNode(f"{XSD}boolean"))
        if kind == "date":
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError(text)
            return Literal(text, datatype=NamedNode(f"{XSD}date"))
        if kind == "iri":
            return NamedNode(text)
    except ValueError as exc:
        raise QueryError(f"parameter '{param.name}': '{text}' is not a valid {kind}") from exc
    if kind in CODED_TYPES:
        codes = CODED_TYPES[kind]
        if text not in codes:
            raise QueryError(f"parameter '{param.name}': '{text}' is not one of {', '.join(codes)}")
        return NamedNode(codes[text].iri)
    if kind == "string":
        return Literal(text)
    if kind in ("province", "label"):  # a name as the graph labels it: a province's short name, any label (Vietnamese)
        return Literal(nfc(text), language="vi")
    return resolve_entity(store, kind, text, param.name)


def bindings(store: Store, query: NamedQuery, values: Mapping[str, Any]) -> dict[str, Term]:
    out: dict[str, Term] = {}
    for name in values:
        query.param(name)
    for p in query.params:
        value = values.get(p.name, p.default)
        if value is None or value == "":
            if p.required:
                raise QueryError(f"query '{query.name}' needs the parameter '{p.name}': {p.description}")
            continue
        out[p.name] = to_term(store, p, value)
    return out


def run_query(store: Store, name: str, values: Mapping[str, Any] | None = None) -> Rows:
    """Run a named query with its parameters bound, the way its header says."""
    query = get_query(name)
    return store.select(query.sparql, bindings(store, query, values or {}))


__all__ = ["BIND_MODES", "PARAM_TYPES", "SCALAR_TYPES", "NamedQuery", "Param", "bindings", "get_query", "load_queries",
           "parse_query", "run_query", "with_leading_values"]

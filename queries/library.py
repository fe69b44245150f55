"""Named queries: discovered from ``queries/*.rq``, described by their ``#+`` header, run with bound values.

A header is YAML behind ``#+`` (name, title, description, question, params).
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
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from pyoxigraph import Literal, NamedNode

from tdkt.graph.results import Rows, Term
from tdkt.graph.store.base import Store
from tdkt.graph.store.binding import binding_places, selects, with_leading_values
from tdkt.kernel.codes import AWARD_STATUSES, BLOC_ROLES
from tdkt.kernel.errors import QueryError
from tdkt.kernel.names import nfc
from tdkt.queries.resolve import ENTITY_KINDS, resolve_entity

XSD = "http://www.w3.org/2001/XMLSchema#"
SCALAR_TYPES = {"integer", "string", "date", "iri", "role", "status", "boolean", "province"}
PARAM_TYPES = SCALAR_TYPES | set(ENTITY_KINDS)
#: the parameter types whose values are codes of an ontology scheme (kernel.codes): value → concept
CODED_TYPES = {"role": BLOC_ROLES, "status": AWARD_STATUSES}
#: the values a form offers for a parameter of these types
PARAM_CHOICES = {**{kind: tuple(codes) for kind, codes in CODED_TYPES.items()}, "boolean": ("true", "false")}
_HEADER_FIELDS = ("name", "title", "description", "question")
BIND_MODES = ("substitution", "values")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: str
    default: Any = None
    required: bool = False


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    question: int
    params: tuple[Param, ...]
    text: str
    origin: str
    bind: str = "substitution"

    @property
    def sparql(self) -> str:
        """The query without its comment lines: what is sent to the store.

        SPARQLWrapper guesses a query's form from the first keyword it sees, and its
        comment stripping leaves every other line; a header word such as "ladder"
        would read as ADD and go to the endpoint as an update.
        """
        return "\n".join(line for line in self.text.splitlines() if not line.lstrip().startswith("#")).strip() + "\n"

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise QueryError(f"query '{self.name}' has no parameter '{name}' (parameters: {known})")


def _projected(text: str, name: str) -> bool:
    """Whether ``?name`` is in the SELECT clause (or the query selects ``*``)."""
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    match = re.search(r"\bSELECT\b(.*?)(?<![?$\w])(WHERE|FROM)\b|\bSELECT\b(.*?)\{", body,
                      flags=re.IGNORECASE | re.DOTALL)
    if not match:
        return False
    return selects(match.group(1) if match.group(1) is not None else match.group(3), name)


def parse_query(text: str, origin: str) -> NamedQuery:
    """Read a ``.rq`` file; a missing header field or an untyped parameter is an error."""
    header_lines = []
    for line in text.splitlines():
        if line.startswith("#+"):
            header_lines.append(line[3:] if line.startswith("#+ ") else line[2:])
        elif line.strip():
            break
    if not header_lines:
        raise QueryError(f"{origin}: no '#+' header")
    try:
        header = yaml.safe_load("\n".join(header_lines))
    except yaml.YAMLError as exc:
        raise QueryError(f"{origin}: the '#+' header is not valid YAML: {exc}") from exc
    if not isinstance(header, dict):
        raise QueryError(f"{origin}: the '#+' header must be a mapping")
    missing = [f for f in _HEADER_FIELDS if not header.get(f)]
    if missing:
        raise QueryError(f"{origin}: header lacks {', '.join(missing)}")
    params = []
    for i, p in enumerate(header.get("params") or []):
        if not isinstance(p, dict) or not p.get("name"):
            raise QueryError(f"{origin}: parameter {i} has no name")
        if p.get("type") not in PARAM_TYPES:
            raise QueryError(f"{origin}: parameter '{p['name']}' needs a type, one of {', '.join(sorted(PARAM_TYPES))}")
        if not p.get("description"):
            raise QueryError(f"{origin}: parameter '{p['name']}' has no description")
        if not _projected(text, p["name"]):
            raise QueryError(f"{origin}: parameter '{p['name']}' must be a variable the query selects "
                             "(values are bound to projected variables)")
        params.append(Param(p["name"], p["type"], p["description"], p.get("default"), bool(p.get("required"))))
    names = [p.name for p in params]
    placed = {n for _, bound in binding_places(text, names) for n in bound}
    for name in names:
        if name not in placed:
            raise QueryError(f"{origin}: parameter '{name}' is computed (BIND … AS ?{name}) in every SELECT that "
                             "selects it; compute it in a sub-select so that a VALUES block can follow")
    bind = str(header.get("bind", BIND_MODES[0]))
    if bind not in BIND_MODES:
        raise QueryError(f"{origin}: 'bind' must be one of {', '.join(BIND_MODES)}, not '{bind}'")
    return NamedQuery(str(header["name"]), str(header["title"]), str(header["description"]).strip(),
                      int(header["question"]), tuple(params), text, origin, bind)


@lru_cache(maxsize=1)
def load_queries() -> dict[str, NamedQuery]:
    """Every named query shipped in the package, by name."""
    out: dict[str, NamedQuery] = {}
    for entry in sorted(resources.files("tdkt.queries").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            query = parse_query(entry.read_text(encoding="utf-8"), f"queries/{entry.name}")
            if query.name != entry.name[:-3]:
                raise QueryError(f"queries/{entry.name}: header name '{query.name}' differs from the file name")
            out[query.name] = query
    return out


def get_query(name: str) -> NamedQuery:
    queries = load_queries()
    if name not in queries:
        raise QueryError(f"no query named '{name}'; run 'tdkt queries' to list them")
    return queries[name]


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
    if kind == "province":  # a province's short name as the register labels it (skos:altLabel, Vietnamese)
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


__all__ = ["NamedQuery", "Param", "bindings", "get_query", "load_queries", "run_query", "with_leading_values"]

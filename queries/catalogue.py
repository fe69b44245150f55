"""The named-query catalogue: ``queries/*.rq`` files, each described by its ``#+`` header.

A header is YAML behind ``#+``: name, title, description, the number of the
analysts' question the query answers (none for the queries the project runs
for itself: the build report, the dataset's description, the resolution of
names), typed params, and ``cache: snapshot`` for a query without parameters
that reads the whole graph (``tdkt serve`` computes it once per snapshot of
the store, :mod:`tdkt.web.answers`: the statistics of the dataset, its sources,
the units without a place). Reading the catalogue
checks every header and that every parameter can be bound (see
:mod:`tdkt.queries.library` for how values are bound and run).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from tdkt.graph.store.binding import binding_places, selects
from tdkt.kernel.errors import QueryError
from tdkt.kernel.yamlload import load_yaml

TDKT = "https://w3id.org/tdkt/ontology#"
# the kinds of entity a parameter may name, by the class its entities have ("" = any entity)
ENTITY_KINDS = {
    "bloc": f"{TDKT}EmulationBloc",
    "unit": f"{TDKT}Unit",
    "organisation": "http://www.w3.org/ns/org#Organization",
    "person": "http://xmlns.com/foaf/0.1/Person",
    "campaign": f"{TDKT}Campaign",
    "area": f"{TDKT}AdministrativeUnit",
    "entity": "",
}
SCALAR_TYPES = {"integer", "string", "date", "iri", "role", "status", "boolean", "province", "label"}
PARAM_TYPES = SCALAR_TYPES | set(ENTITY_KINDS)
_HEADER_FIELDS = ("name", "title", "description")
BIND_MODES = ("substitution", "values")
CACHE_MODES = ("none", "snapshot")


def without_comment_lines(text: str) -> str:
    """A query's text as it is sent: lines that are comments removed, so one text has one form whatever its
    comments say (the header's included)."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")).strip() + "\n"


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
    question: int | None
    params: tuple[Param, ...]
    text: str
    origin: str
    bind: str = "substitution"
    cache: str = "none"

    @property
    def sparql(self) -> str:
        """The query without its comment lines: what is sent to the store.

        SPARQLWrapper guesses a query's form from the first keyword it sees, and its
        comment stripping leaves every other line; a header word such as "ladder"
        would read as ADD and go to the endpoint as an update.
        """
        return without_comment_lines(self.text)

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
        header = load_yaml("\n".join(header_lines))
    except yaml.YAMLError as exc:
        raise QueryError(f"{origin}: the '#+' header is not valid YAML: {exc}") from exc
    if not isinstance(header, dict):
        raise QueryError(f"{origin}: the '#+' header must be a mapping")
    missing = [f for f in _HEADER_FIELDS if not header.get(f)]
    if missing:
        raise QueryError(f"{origin}: header lacks {', '.join(missing)}")
    question = header.get("question")
    if question is not None and (not isinstance(question, int) or isinstance(question, bool) or question < 1):
        raise QueryError(f"{origin}: 'question' must be the number of the question the query answers, "
                         f"not '{question}'")
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
    cache = str(header.get("cache", CACHE_MODES[0]))
    if cache not in CACHE_MODES:
        raise QueryError(f"{origin}: 'cache' must be one of {', '.join(CACHE_MODES)}, not '{cache}'")
    if cache == "snapshot" and params:
        raise QueryError(f"{origin}: 'cache: snapshot' is for queries without parameters (one answer per store)")
    return NamedQuery(str(header["name"]), str(header["title"]), str(header["description"]).strip(),
                      question, tuple(params), text, origin, bind, cache)


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

"""Binding values into SPARQL text the same way on every engine: a leading VALUES block.

A bound variable gets a one-row ``VALUES`` block at the start of every
``SELECT`` group (sub-selects included; an ``ASK`` group too) that selects it
and does not compute it there (``BIND(… AS ?v)`` or ``(… AS ?v)`` at the
group's own level, which a block before it would make a syntax error), and
at the start of every pattern group inside such a group that uses it (union
branches, ``GRAPH``, ``OPTIONAL``, ``MINUS``, ``EXISTS``).

Why leading, and why in every sub-select: Oxigraph plans the joins around such
a block and restricts a sub-select before it aggregates, where a substituted or
trailing value is joined at the end (1m triples: ``view-unit`` 0.14 s embedded
against more than 60 s over HTTP with a trailing block); Virtuoso 7 ignores a
trailing ``VALUES`` after ``ORDER BY`` in some queries and returned every row.

The block holds terms as pyoxigraph serialises them (escaped literals, IRIs
that were checked when the term was made), never text pasted by a caller. The
scan skips string literals, IRIs and comments, so a brace or a keyword inside
them does not count.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from tdkt.graph.results import Term
from tdkt.kernel.errors import QueryError

_TOKENS = re.compile(
    r'(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*')"
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r"|(?P<comment>#[^\n]*)"
    r"|(?P<open>\{)|(?P<close>\})"
    r"|(?P<graph>\bGRAPH\s+[?$][A-Za-z_][A-Za-z0-9_]*\s*(?=\{))"
    r"|(?P<form>\b(?:SELECT|ASK)\b)"
    r"|(?P<values>\bVALUES\b)",
    flags=re.IGNORECASE,
)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass
class _Group:
    """A ``{`` … ``}`` group: where it opens and closes, its SELECT projection if it opens one, its text."""

    start: int
    parent: int | None
    projection: str | None = None
    data: bool = False  # the rows of a VALUES block, not a pattern
    wrapper: bool = False  # ``{ SELECT … }``: holds a sub-select and nothing else
    end: int = -1
    own_text: list[str] = field(default_factory=list)
    children: list[int] = field(default_factory=list)


def selects(projection: str, name: str) -> bool:
    """Whether a SELECT clause's projection (``DISTINCT ?a ?b``, ``*``...) includes ``?name``."""
    if re.sub(r"^\s*(DISTINCT|REDUCED)\b", "", projection, flags=re.IGNORECASE).strip().startswith("*"):
        return True
    return bool(re.search(rf"[?$]{re.escape(name)}\b", projection))


def _mentions(text: str, name: str) -> bool:
    """Whether the group's patterns use ``?name`` (``SELECT *`` selects only the variables in scope)."""
    return bool(re.search(rf"[?$]{re.escape(name)}\b", text))


def _computes(text: str, name: str) -> bool:
    return bool(re.search(rf"\bAS\s+[?$]{re.escape(name)}\b", text, flags=re.IGNORECASE))


def _groups(sparql: str) -> list[_Group]:
    """Every group of the query, in the order they open (the first is the outermost)."""
    groups: list[_Group] = []
    stack: list[int] = []
    pending: tuple[int, str] | None = None  # a SELECT/ASK keyword whose group has not opened yet
    data_next = False
    last = 0

    def own(upto: int) -> None:
        if stack:
            groups[stack[-1]].own_text.append(sparql[last:upto])

    for token in _TOKENS.finditer(sparql):
        kind = token.lastgroup
        if kind == "values":
            data_next = True
        elif kind == "comment":  # no part of a group's text: ``{ # why … SELECT`` still only wraps a sub-select
            own(token.start())
            last = token.end()
        elif kind == "form":
            own(token.start())
            if stack and not "".join(groups[stack[-1]].own_text).strip():
                groups[stack[-1]].wrapper = True
            last = token.start()
            pending = (token.end(), token.group().upper())
        elif kind == "open":
            own(token.start())
            group = _Group(token.end(), stack[-1] if stack else None, data=data_next)
            data_next = False
            if pending is not None:
                end, form = pending
                group.projection = "*" if form == "ASK" else sparql[end:token.start()]
                pending = None
            if stack:
                groups[stack[-1]].children.append(len(groups))
            stack.append(len(groups))
            groups.append(group)
            last = token.end()
        elif kind == "close":
            own(token.start())
            last = token.end()
            if not stack:
                raise QueryError("unbalanced braces in the query")
            groups[stack.pop()].end = token.start()
    if stack:
        raise QueryError("unbalanced braces in the query")
    return groups


def binding_places(sparql: str, names: list[str]) -> list[tuple[int, list[str]]]:
    """Where each variable's VALUES block goes: (offset just after a group's ``{``, the names it binds).

    A SELECT group takes the variables it selects (and uses) without computing them;
    inside it, every pattern group that uses such a variable takes it too (union
    branches, ``GRAPH``, ``OPTIONAL``, ``MINUS``, ``EXISTS``): joined with the same
    one row as the SELECT group, it gives the same solutions, and Oxigraph does not
    carry a block into a union or a ``GRAPH`` pattern of its own accord (a bound
    union at 1m triples: 493 ms against 12 ms).
    """
    groups = _groups(sparql)
    places: list[tuple[int, list[str]]] = []

    def visit(index: int, scope: frozenset[str]) -> None:
        group = groups[index]
        if group.data:
            return
        inner = sparql[group.start:group.end]
        body = "".join(group.own_text)
        if group.projection is not None:
            here = [n for n in names if selects(group.projection, n) and _mentions(inner, n)
                    and not _computes(group.projection, n) and not _computes(body, n)]
            scope = frozenset(here)
        elif group.wrapper:
            here = []
        else:
            here = [n for n in names if n in scope and _mentions(inner, n) and not _computes(body, n)]
            scope = scope - {n for n in scope if _computes(body, n)}
        if here:
            places.append((group.start, here))
        for child in group.children:
            visit(child, scope)

    for index, group in enumerate(groups):
        if group.parent is None:
            visit(index, frozenset())
    return places


def with_leading_values(sparql: str, bindings: Mapping[str, Term] | None) -> str:
    """The query with a one-row VALUES block opening each group that selects a bound variable.

    A variable that no group can take (not selected, or computed wherever it is
    selected) is an error: it would silently filter nothing.
    """
    if not bindings:
        return sparql
    names = sorted(bindings)
    for name in names:
        if not _NAME.fullmatch(name):
            raise QueryError(f"'{name}' is not a SPARQL variable name")
    places = binding_places(sparql, names)
    placed = {n for _, bound in places for n in bound}
    missing = [n for n in names if n not in placed]
    if missing:
        raise QueryError(f"cannot bind {', '.join('?' + n for n in missing)}: no SELECT selects it "
                         "without computing it (compute it in a sub-select, or match it by a pattern)")
    out = sparql
    for offset, bound in sorted(places, reverse=True):
        row = " ".join(str(bindings[n]) for n in bound)
        block = f"\n  VALUES ({' '.join('?' + n for n in bound)}) {{ ({row}) }}\n"
        out = out[:offset] + block + out[offset:]
    return out


def outside_graph(sparql: str, graph: str) -> str:
    """The query with every ``GRAPH ?g { … }`` kept off ``graph`` (``FILTER(?g != <graph>)`` after it).

    For engines that keep the default graph's copy in a named graph (Virtuoso, whose
    default graph is the union of all graphs): ``GRAPH ?source`` must still reach
    the sources only, as it does where the default graph is a graph of its own.
    A ``GRAPH ?g`` whose variable an earlier one in the same or an enclosing group
    (not across a sub-select) already binds needs no filter; Virtuoso 7 keeps
    the unmatched row of an OPTIONAL that has one, so it is left out there.
    """
    iri = f"<{graph}>"
    match = _TOKENS.fullmatch(iri)
    if match is None or match.lastgroup != "iri":
        raise QueryError(f"'{graph}' is not an IRI")
    inserts: list[tuple[int, str]] = []
    # each open group: (graph variable it is the body of, or None; whether it opens a SELECT; variables bound in it)
    stack: list[tuple[str | None, bool, set[str]]] = []
    pending_graph: str | None = None
    pending_select = False
    for token in _TOKENS.finditer(sparql):
        kind = token.lastgroup
        if kind == "graph":
            pending_graph = token.group().split()[1].lstrip("?$")
        elif kind == "form":
            pending_select = True
        elif kind == "open":
            stack.append((pending_graph, pending_select, set()))
            pending_graph, pending_select = None, False
        elif kind == "close" and stack:
            variable, _, _ = stack.pop()
            if variable is None:
                continue
            bound = False
            for _, opens_select, names in reversed(stack):
                if variable in names:
                    bound = True
                    break
                if opens_select:
                    break
            if not bound:
                inserts.append((token.end(), f" FILTER(?{variable} != {iri})"))
            if stack:
                stack[-1][2].add(variable)
    out = sparql
    for offset, text in sorted(inserts, reverse=True):
        out = out[:offset] + text + out[offset:]
    return out

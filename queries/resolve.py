"""An entity parameter given as an IRI, or as a name in any spelling the identity rules fold.

A name is first looked up as written in canonical form (one indexed lookup);
failing that, every label of the entities of that kind is folded and compared:
the same words, then a label that starts or ends with the name's words, then a
label that holds all of them in order ("Cụm thi đua vùng thấp").
A name may end with a province in brackets, "Khối thi đua số 1 (Hà Nội)", to
pick one of several blocs or units of the same name. When a name matches an
administrative unit of both register editions ("Tỉnh Lào Cai" before and after
1 July 2025), the pre-2025 one is taken: it is the one the facts refer to, and
the lineage queries lead from it to its successor.

The labels come from the named query ``entity-labels``, with the class and, for
the first lookup, the label bound as values.
"""

from __future__ import annotations

import re

from pyoxigraph import Literal, NamedNode

from tdkt.graph.results import Row
from tdkt.graph.store.base import Store
from tdkt.kernel.errors import QueryError
from tdkt.kernel.names import canonical_name, canonical_person, key
from tdkt.queries.catalogue import ENTITY_KINDS, TDKT, get_query

__all__ = ["ENTITY_KINDS", "resolve_entity"]

# classes a kind also accepts: a bloc is an organisation too (org:OrganizationalCollaboration)
_ALSO = {"organisation": (f"{TDKT}EmulationBloc",)}
_EARLIER_EDITION = "pre2025"
_QUALIFIED = re.compile(r"^(?P<name>.*\S)\s*\((?P<province>[^()]+)\)\s*$")
Labels = list[Row]


def _classes(kind: str) -> tuple[str, ...]:
    cls = ENTITY_KINDS[kind]
    return ((cls,) if cls else ()) + _ALSO.get(kind, ())


def _labels(store: Store, kind: str, label: Literal | None = None) -> Labels:
    """The rows of ``entity-labels`` for the entities of a kind, of one label if given.

    A label is looked up alone and the kind's classes picked from its rows; without one, each class is bound.
    """
    query = get_query("entity-labels").sparql
    classes = _classes(kind)
    if label is not None:
        rows = store.select(query, {"label": label})
        return [r for r in rows if not classes or str(getattr(r.term("class"), "value", "")) in classes]
    if not classes:
        return list(store.select(query))
    return [row for cls in classes for row in store.select(query, {"class": NamedNode(cls)})]


def _fold(text: str, kind: str) -> str:
    return key(canonical_person(text) if kind == "person" else canonical_name(text))


def _canonical(text: str, kind: str) -> str:
    return canonical_person(text) if kind == "person" else canonical_name(text)


def _in_order(words: list[str], label: list[str]) -> bool:
    """Whether every word appears in the label, in order ("Cụm thi đua vùng thấp" in "Cụm thi đua ... vùng thấp")."""
    rest = iter(label)
    return all(any(w == x for x in rest) for w in words)


def _pick(found: dict[str, tuple[str | None, set[str]]], province: str | None) -> set[str]:
    """Narrow the matches by the province asked for, then prefer the earlier register edition."""
    chosen = set(found)
    if province is not None:
        chosen = {e for e in chosen if province in found[e][1]}
    if len(chosen) > 1:
        editions = {e: found[e][0] for e in chosen}
        if all(editions.values()):
            earlier = {e for e, edition in editions.items() if edition == _EARLIER_EDITION}
            if len(earlier) == 1:
                chosen = earlier
    return chosen


def _collect(rows: Labels) -> dict[str, tuple[str | None, set[str]]]:
    out: dict[str, tuple[str | None, set[str]]] = {}
    for row in rows:
        entity = row.term("entity")
        if not isinstance(entity, NamedNode):
            continue
        edition, province = row.term("edition"), row.term("province")
        known = out.setdefault(entity.value, (edition.value if isinstance(edition, Literal) else None, set()))
        if isinstance(province, Literal):
            known[1].add(key(province.value))
    return out


def resolve_entity(store: Store, kind: str, value: str, param: str) -> NamedNode:
    """The one entity of that kind the value names; an unknown or ambiguous name is an error."""
    if value.startswith(("http://", "https://")):
        try:
            return NamedNode(value)
        except ValueError as exc:
            raise QueryError(f"parameter '{param}': '{value}' is not a valid IRI") from exc
    name, province = value, None
    qualified = _QUALIFIED.match(value)
    if qualified and kind != "person":
        name, province = qualified.group("name"), key(qualified.group("province"))
    # 1. the name as written in canonical form: one indexed lookup
    literal = Literal(_canonical(name, kind), language="vi")
    exact = _collect(_labels(store, kind, literal))
    found = _pick(exact, province) if exact else set()
    if not found:
        # 2. every label of the kind, folded
        wanted = _fold(name, kind)
        by_fold: dict[str, tuple[str | None, set[str]]] = {}
        by_part: dict[str, tuple[str | None, set[str]]] = {}
        by_words: dict[str, tuple[str | None, set[str]]] = {}
        rows = _labels(store, kind)
        labels: dict[str, set[str]] = {}
        for row in rows:
            label, node = row.term("label"), row.term("entity")
            if isinstance(label, Literal) and isinstance(node, NamedNode):
                labels.setdefault(node.value, set()).add(label.value)
        described = _collect(rows)
        for entity, texts in labels.items():
            folded = {_fold(t, kind) for t in texts}
            if wanted in folded:
                by_fold[entity] = described[entity]
            elif wanted and any(f.startswith(wanted + "-") or f.endswith("-" + wanted) for f in folded):
                by_part[entity] = described[entity]
            elif wanted and any(_in_order(wanted.split("-"), f.split("-")) for f in folded):
                by_words[entity] = described[entity]
        found = _pick(by_fold, province) or _pick(by_part, province) or _pick(by_words, province)
    if len(found) == 1:
        return NamedNode(next(iter(found)))
    if not found:
        where = f" in {qualified.group('province').strip()}" if qualified and province else ""
        raise QueryError(f"parameter '{param}': no {kind} named '{name}'{where} in the graph")
    listed = ", ".join(sorted(found)[:5])
    hint = "give the IRI, or the name with its province in brackets" if kind != "person" else "give the IRI"
    raise QueryError(f"parameter '{param}': '{value}' names several {kind}s ({listed}); {hint}")

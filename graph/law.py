"""The law in force on an award's date: its regime, and the kind of authority that decided it.

Both are read from the rule table (``ontology/law.ttl``): the regimes with
their validity, and the grantor kinds with their name patterns. The date
that picks the law is the decision date (``decided``); when a record has
none, it is inferred from the achievement year: annual titles are decided
early in the following year (LAW.md, CHK-13), so the law date is 1 January
of the year after, and the award says that it was inferred.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from tdkt.graph.namespaces import PREFIXES
from tdkt.graph.rules import RuleGraph
from tdkt.kernel.names import nfc
from tdkt.ontology import ontology_text

if TYPE_CHECKING:
    import rdflib

TDKT = PREFIXES["tdkt"]
NOTATION = PREFIXES["skos"] + "notation"
TYPE = PREFIXES["rdf"] + "type"


@dataclass(frozen=True)
class Regime:
    iri: str
    notation: str
    valid_from: dt.date | None
    valid_until: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return (self.valid_from is None or day >= self.valid_from) and (self.valid_until is None
                                                                         or day <= self.valid_until)


@dataclass(frozen=True)
class LawDate:
    """The date that picks the law for one award, and whether it was inferred."""

    day: dt.date
    inferred: bool
    regime: Regime | None


@dataclass(frozen=True)
class GrantorKind:
    iri: str
    notation: str
    order: int
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class LawTable:
    regimes: tuple[Regime, ...]
    kinds: tuple[GrantorKind, ...]  # in the order they are tried

    def regime_on(self, day: dt.date) -> Regime | None:
        return next((r for r in self.regimes if r.covers(day)), None)

    def law_date(self, decided: dt.date | str | None, year: int) -> LawDate:
        """The decision date if known, else 1 January of the year after the achievement year (inferred)."""
        if decided is not None:
            day = decided if isinstance(decided, dt.date) else dt.date.fromisoformat(decided)
            return LawDate(day, False, self.regime_on(day))
        day = dt.date(min(year + 1, dt.MAXYEAR), 1, 1)
        return LawDate(day, True, self.regime_on(day))

    def grantor_kind(self, grantor: str | None) -> GrantorKind | None:
        """The first kind, in their order, whose pattern is found in the grantor's name."""
        if not grantor:
            return None
        text = nfc(grantor)
        return next((k for k in self.kinds if any(p.search(text) for p in k.patterns)), None)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value is not None else None


def law_graph() -> rdflib.Graph:
    """The rule table as an rdflib graph (for checks of the table itself)."""
    import rdflib

    graph = rdflib.Graph()
    graph.parse(data=ontology_text("law.ttl"), format="turtle")
    return graph


@lru_cache(maxsize=1)
def law_table() -> LawTable:
    graph = RuleGraph("law.ttl")
    regimes = tuple(sorted(
        (Regime(s, str(graph.value(s, NOTATION)), _date(graph.value(s, TDKT + "validFrom")),
                _date(graph.value(s, TDKT + "validUntil")))
         for s in graph.subjects(TYPE, TDKT + "Regime")),
        key=lambda r: r.valid_from or dt.date.min,
    ))
    kinds = []
    for s in graph.subjects(TYPE, TDKT + "GrantorKind"):
        patterns = tuple(re.compile(p.value, flags=re.IGNORECASE)
                         for p in graph.objects(s, TDKT + "grantorKindPattern"))
        kinds.append(GrantorKind(s, str(graph.value(s, NOTATION)), int(str(graph.value(s, TDKT + "kindOrder"))),
                                 patterns))
    return LawTable(regimes, tuple(sorted(kinds, key=lambda k: (k.order, k.iri))))

"""Award text, grantor and date → a concept of the official award vocabulary in force on that date.

The vocabulary (``ontology/awards.ttl``) carries everything this needs as
data: each form's everyday names (skos:altLabel of the form concepts), each
authority level's grantor patterns, each award concept's form and level, and
each concept's validity (tdkt:validFrom, tdkt:validUntil) with its successor
(dct:isReplacedBy). A name that only a concept out of force on the date
carries resolves to that concept's successor, and the resolution keeps the
concept the name belongs to (``named``), for the regime-naming check.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from tdkt.graph.namespaces import PREFIXES
from tdkt.graph.rules import RuleGraph
from tdkt.kernel.names import key, nfc
from tdkt.ontology import ontology_text

if TYPE_CHECKING:
    import rdflib

TDKT, SKOS = PREFIXES["tdkt"], PREFIXES["skos"]
REPLACED_BY = PREFIXES["dct"] + "isReplacedBy"


@dataclass(frozen=True)
class Resolution:
    """The concept in force for an award (``concept``) and the one its name belongs to (``named``)."""

    concept: str | None
    named: str | None = None


@dataclass(frozen=True)
class AwardVocabulary:
    labels: dict[str, list[str]]  # key(label) -> award concept IRIs that carry it
    forms: list[tuple[str, str]]  # (lower-case everyday name, form IRI), longest first
    levels: list[tuple[re.Pattern[str], int, str]]  # (grantor pattern, level order, level IRI)
    by_form_level: dict[tuple[str, str], list[str]]
    by_form: dict[str, list[str]]
    validity: dict[str, tuple[dt.date | None, dt.date | None]]
    successor: dict[str, str]

    def in_force(self, concept: str, day: dt.date | None) -> bool:
        start, end = self.validity.get(concept, (None, None))
        return day is None or ((start is None or day >= start) and (end is None or day <= end))

    def _current(self, concept: str, day: dt.date | None) -> str:
        """The concept, or the successor in force on the day of a concept no longer in force."""
        seen = {concept}
        while not self.in_force(concept, day) and concept in self.successor and self.successor[concept] not in seen:
            concept = self.successor[concept]
            seen.add(concept)
        return concept

    def resolve(self, award: str, grantor: str | None, day: dt.date | None = None) -> str | None:
        """The award concept in force on the day, or None when the text does not name one unambiguously."""
        return self.resolution(award, grantor, day).concept

    def resolution(self, award: str, grantor: str | None, day: dt.date | None = None) -> Resolution:
        """The award concept in force on the day (any day when None), and the concept the name belongs to."""
        named = self.labels.get(key(award), [])
        if named:
            current = [c for c in named if self.in_force(c, day)]
            if len(current) == 1:
                return Resolution(current[0], current[0])
            if not current and len(named) == 1:
                return Resolution(self._current(named[0], day), named[0])
            if len(current) > 1:
                named = current
        text = nfc(award).casefold()
        form = next((iri for name, iri in self.forms if name in text), None)
        if form is None:
            return Resolution(named[0] if len(named) == 1 else None)
        level = self.level_of(grantor) if grantor else None
        if level is not None:
            found = [c for c in self.by_form_level.get((form, level), []) if self.in_force(c, day)]
            if len(found) == 1:
                return Resolution(found[0])
        candidates = [c for c in self.by_form.get(form, []) if self.in_force(c, day)]
        return Resolution(candidates[0] if len(candidates) == 1 else None)

    def level_of(self, grantor: str) -> str | None:
        """The authority level whose pattern matches earliest in the grantor's name."""
        best: tuple[int, int, str] | None = None
        for pattern, order, iri in self.levels:
            match = pattern.search(grantor)
            if match and (best is None or (match.start(), -order) < (best[0], -best[1])):
                best = (match.start(), order, iri)
        return best[2] if best else None


def vocabulary_graph() -> rdflib.Graph:
    """The award vocabulary as an rdflib graph (for checks of the vocabulary itself)."""
    import rdflib

    graph = rdflib.Graph()
    graph.parse(data=ontology_text("awards.ttl"), format="turtle")
    return graph


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value is not None else None


@lru_cache(maxsize=1)
def vocabulary() -> AwardVocabulary:
    graph = RuleGraph("awards.ttl")
    in_scheme = SKOS + "inScheme"
    awards = sorted({*graph.subjects(in_scheme, TDKT + "EmulationTitles"),
                     *graph.subjects(in_scheme, TDKT + "CommendationForms")})
    labels: dict[str, list[str]] = {}
    by_form_level: dict[tuple[str, str], list[str]] = {}
    by_form: dict[str, list[str]] = {}
    for concept in awards:
        for prop in (SKOS + "prefLabel", SKOS + "altLabel"):
            for label in graph.objects(concept, prop):
                if getattr(label, "language", None) == "vi":
                    found = labels.setdefault(key(label.value), [])
                    if concept not in found:
                        found.append(concept)
        form = graph.value(concept, TDKT + "awardForm")
        if form is None:
            continue
        by_form.setdefault(form, []).append(concept)
        for conferring in graph.objects(concept, TDKT + "conferringLevel"):
            by_form_level.setdefault((form, conferring.value), []).append(concept)
    forms = sorted(
        ((nfc(label.value).casefold(), form)
         for form in graph.subjects(in_scheme, TDKT + "AwardForms")
         for label in graph.objects(form, SKOS + "altLabel")),
        key=lambda x: (-len(x[0]), x),
    )
    levels = []
    for level in sorted(graph.subjects(in_scheme, TDKT + "AuthorityLevels")):
        order = int(graph.value(level, TDKT + "levelOrder") or 0)
        for pattern in graph.objects(level, TDKT + "grantorPattern"):
            levels.append((re.compile(pattern.value, flags=re.IGNORECASE), order, level))
    validity = {c: (_date(graph.value(c, TDKT + "validFrom")), _date(graph.value(c, TDKT + "validUntil")))
                for c in awards}
    successor = {c: n.value for c in awards for n in graph.objects(c, REPLACED_BY)}
    return AwardVocabulary(labels, forms, levels, by_form_level, by_form, validity, successor)

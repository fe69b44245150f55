"""Award text and grantor → a concept of the official award vocabulary.

The vocabulary (``ontology/awards.ttl``) carries everything this needs as
data: each form's everyday names (skos:altLabel of the form concepts), each
authority level's grantor patterns, and each award concept's form and level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import rdflib
from rdflib.namespace import SKOS

from loaders.names import key, nfc

TDKT = rdflib.Namespace("https://w3id.org/tdkt/ontology#")


@dataclass(frozen=True)
class AwardVocabulary:
    labels: dict[str, str]  # key(label) -> award concept IRI
    forms: list[tuple[str, str]]  # (lower-case everyday name, form IRI), longest first
    levels: list[tuple[re.Pattern[str], int, str]]  # (grantor pattern, level order, level IRI)
    by_form_level: dict[tuple[str, str], list[str]]
    by_form: dict[str, list[str]]

    def resolve(self, award: str, grantor: str | None) -> str | None:
        """The award concept, or None when the text does not name one unambiguously."""
        direct = self.labels.get(key(award))
        if direct:
            return direct
        text = nfc(award).casefold()
        form = next((iri for name, iri in self.forms if name in text), None)
        if form is None:
            return None
        level = self.level_of(grantor) if grantor else None
        if level is not None:
            found = self.by_form_level.get((form, level), [])
            if len(found) == 1:
                return found[0]
        candidates = self.by_form.get(form, [])
        return candidates[0] if len(candidates) == 1 else None

    def level_of(self, grantor: str) -> str | None:
        """The authority level whose pattern matches earliest in the grantor's name."""
        best: tuple[int, int, str] | None = None
        for pattern, order, iri in self.levels:
            match = pattern.search(grantor)
            if match and (best is None or (match.start(), -order) < (best[0], -best[1])):
                best = (match.start(), order, iri)
        return best[2] if best else None


def vocabulary_graph() -> rdflib.Graph:
    graph = rdflib.Graph()
    path = resources.files("ontology").joinpath("awards.ttl")
    if path.is_file():
        graph.parse(data=path.read_text(encoding="utf-8"), format="turtle")
    return graph


@lru_cache(maxsize=1)
def vocabulary() -> AwardVocabulary:
    graph = vocabulary_graph()
    schemes = {TDKT.EmulationTitles, TDKT.CommendationForms}
    awards = sorted({s for s, o in graph.subject_objects(SKOS.inScheme) if o in schemes}, key=str)
    labels: dict[str, str] = {}
    by_form_level: dict[tuple[str, str], list[str]] = {}
    by_form: dict[str, list[str]] = {}
    for concept in awards:
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for label in graph.objects(concept, prop):
                if getattr(label, "language", None) == "vi":
                    labels.setdefault(key(str(label)), str(concept))
        form = graph.value(concept, TDKT.awardForm)
        if form is None:
            continue
        by_form.setdefault(str(form), []).append(str(concept))
        for level in graph.objects(concept, TDKT.conferringLevel):
            by_form_level.setdefault((str(form), str(level)), []).append(str(concept))
    forms = sorted(
        ((nfc(str(label)).casefold(), str(form))
         for form in graph.subjects(SKOS.inScheme, TDKT.AwardForms)
         for label in graph.objects(form, SKOS.altLabel)),
        key=lambda x: (-len(x[0]), x),
    )
    levels = []
    for level in sorted(graph.subjects(SKOS.inScheme, TDKT.AuthorityLevels), key=str):
        order = int(str(graph.value(level, TDKT.levelOrder) or 0))
        for pattern in graph.objects(level, TDKT.grantorPattern):
            levels.append((re.compile(str(pattern), flags=re.IGNORECASE), order, str(level)))
    return AwardVocabulary(labels, forms, levels, by_form_level, by_form)

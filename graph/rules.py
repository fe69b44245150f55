"""The small rule tables shipped as Turtle (``ontology/awards.ttl``, ``ontology/law.ttl``), read for look-ups.

Parsed by pyoxigraph and indexed in two dictionaries: rdflib's import and its Turtle parser cost about a
tenth of a second of every build, for a few hundred triples.
"""

from __future__ import annotations

import pyoxigraph as ox

from tdkt.ontology import ontology_bytes

Term = ox.NamedNode | ox.BlankNode | ox.Literal


class RuleGraph:
    """The triples of one Turtle file of ``tdkt.ontology``, by subject and predicate and by predicate and
    object; terms are given and returned as their values (IRIs, lexical forms), objects as terms."""

    def __init__(self, name: str) -> None:
        self._objects: dict[tuple[str, str], list[Term]] = {}
        self._subjects: dict[tuple[str, str], list[str]] = {}
        triples = ox.parse(ontology_bytes(name), format=ox.RdfFormat.TURTLE)
        for triple in dict.fromkeys(triples):  # a triple stated twice is one
            subject, predicate, obj = triple.subject.value, triple.predicate.value, triple.object
            self._objects.setdefault((subject, predicate), []).append(obj)
            self._subjects.setdefault((predicate, obj.value), []).append(subject)

    def objects(self, subject: str, predicate: str) -> list[Term]:
        return self._objects.get((subject, predicate), [])

    def value(self, subject: str, predicate: str) -> str | None:
        """The value of one object of the subject and predicate (None when it has none)."""
        found = self._objects.get((subject, predicate))
        return found[0].value if found else None

    def subjects(self, predicate: str, obj: str) -> list[str]:
        return self._subjects.get((predicate, obj), [])

"""An entity parameter given as an IRI, or as a name in any spelling the identity rules fold."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from graph.results import Term
from graph.store.base import Store
from loaders.errors import QueryError
from loaders.names import canonical_name, canonical_person, key

ENTITY_KINDS = {
    "bloc": "https://w3id.org/tdkt/ontology#EmulationBloc",
    "unit": "https://w3id.org/tdkt/ontology#Unit",
    "organisation": "http://www.w3.org/ns/org#Organization",
    "person": "http://xmlns.com/foaf/0.1/Person",
    "campaign": "https://w3id.org/tdkt/ontology#Campaign",
    "area": "https://w3id.org/tdkt/ontology#AdministrativeUnit",
    "entity": "",
}
_LABELS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
SELECT DISTINCT ?entity ?label ?class WHERE {
  ?entity a ?class .
  { ?entity skos:prefLabel ?label } UNION { ?entity skos:altLabel ?label }
  UNION { ?entity foaf:name ?label } UNION { ?entity rdfs:label ?label }
}
"""
_ANY_LABELS = _LABELS.replace("?entity a ?class .", "")


def _fold(text: str, kind: str) -> str:
    return key(canonical_person(text) if kind == "person" else canonical_name(text))


def resolve_entity(store: Store, kind: str, value: str, param: str) -> NamedNode:
    """The one entity of that kind the value names; an unknown or ambiguous name is an error."""
    if value.startswith(("http://", "https://")):
        try:
            return NamedNode(value)
        except ValueError as exc:
            raise QueryError(f"parameter '{param}': '{value}' is not a valid IRI") from exc
    cls = ENTITY_KINDS[kind]
    binding: dict[str, Term] = {"class": NamedNode(cls)} if cls else {}
    rows = store.select(_LABELS if cls else _ANY_LABELS, binding)
    wanted = _fold(value, kind)
    exact: set[str] = set()
    partial: set[str] = set()
    for row in rows:
        label, entity = row.term("label"), row.term("entity")
        if not isinstance(label, Literal) or not isinstance(entity, NamedNode):
            continue
        folded = _fold(label.value, kind)
        if folded == wanted:
            exact.add(entity.value)
        elif wanted and (folded.startswith(wanted + "-") or folded.endswith("-" + wanted)):
            partial.add(entity.value)
    found = exact or partial
    if len(found) == 1:
        return NamedNode(next(iter(found)))
    if not found:
        raise QueryError(f"parameter '{param}': no {kind} named '{value}' in the graph")
    listed = ", ".join(sorted(found)[:5])
    raise QueryError(f"parameter '{param}': '{value}' names several {kind}s ({listed}); give the IRI")

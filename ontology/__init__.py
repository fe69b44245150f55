"""Data only: the ontology, award vocabulary, SHACL shapes, records schema and JSON-LD context.

The two readers below are the one way every module reads these files; a file missing from an install is an
error, never an empty graph."""

from importlib import resources


def ontology_bytes(name: str) -> bytes:
    """One shipped file of this package, as bytes (RDF parsers take bytes)."""
    return resources.files(__name__).joinpath(name).read_bytes()


def ontology_text(name: str) -> str:
    """One shipped file of this package, as text."""
    return ontology_bytes(name).decode("utf-8")

"""Data only: the ontology, award vocabulary, SHACL shapes, records schema and JSON-LD context."""

"""The package's readers: every shipped file through one door, and no silent empty graph."""

import json

import pyoxigraph as ox
import pytest

from tdkt.ontology import ontology_bytes, ontology_text


def test_the_shipped_turtle_files_parse_and_the_schema_is_json() -> None:
    for name in ("tdkt.ttl", "awards.ttl", "law.ttl", "shapes.ttl"):
        assert list(ox.parse(ontology_bytes(name), format=ox.RdfFormat.TURTLE)), name
    assert json.loads(ontology_text("records.schema.json"))["$schema"]


def test_a_missing_file_is_an_error_not_an_empty_graph() -> None:
    with pytest.raises(FileNotFoundError):
        ontology_bytes("no-such-file.ttl")

"""The same operations against a real oxigraph server on loopback give the same graph and rows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tdkt.graph.store.oxigraph import OxigraphStore
from tdkt.graph.store.remote import RemoteStore, with_values
from tdkt.queries.library import run_query

pytestmark = pytest.mark.server


def test_remote_holds_the_same_quads(gold_store: OxigraphStore, remote_gold_store: RemoteStore) -> None:
    assert remote_gold_store.count() == gold_store.count()
    assert remote_gold_store.quads() == gold_store.quads()


def test_remote_default_graph_is_the_union_of_its_graphs(remote_gold_store: RemoteStore) -> None:
    """The endpoint runs without a union mode; the updates keep its default graph the set union."""
    def triples(pattern: str) -> set[tuple[str, ...]]:
        rows = remote_gold_store.select(f"SELECT ?s ?p ?o WHERE {{ {pattern} }}")
        return {tuple(str(r.term(v)) for v in ("s", "p", "o")) for r in rows}

    default = triples("?s ?p ?o")
    assert len(default) > 1000
    assert default == triples("GRAPH ?g { ?s ?p ?o }")


def test_named_query_gives_the_same_rows(gold_store: OxigraphStore, remote_gold_store: RemoteStore) -> None:
    local = run_query(gold_store, "bloc-roles", {"bloc": "Cụm thi đua số 01"})
    remote = run_query(remote_gold_store, "bloc-roles", {"bloc": "Cụm thi đua số 01"})
    assert local.dicts() == remote.dicts()
    assert [(r["year"], r["roleName"]) for r in local] == [(2021, "chair"), (2022, "chair")]


def test_hostile_value_is_bound_not_pasted(gold_store: OxigraphStore, remote_gold_store: RemoteStore) -> None:
    from pyoxigraph import Literal

    hostile = Literal('x" } ; DROP ALL ; #')
    query = "SELECT ?label WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }"
    text = with_values(query, {"label": hostile})
    assert "DROP ALL" in text and text.count("VALUES") == 1
    assert len(remote_gold_store.select(query, {"label": hostile})) == 0
    assert remote_gold_store.count() == gold_store.count()


def test_cli_load_and_query_over_the_endpoint(oxigraph_server: str, gold_dir: Path, tmp_path: Path) -> None:
    """`tdkt load --endpoint` then `tdkt query --endpoint` gives the rows the embedded store gives."""
    doc = sorted(gold_dir.glob("*.json"))[0]
    source = f"<https://w3id.org/tdkt/id/source/{doc.stem}>"
    query = ("SELECT ?u WHERE { ?m a <https://w3id.org/tdkt/ontology#BlocMembership> ; "
             f"<http://www.w3.org/ns/prov#wasDerivedFrom> {source} ; "
             "<http://www.w3.org/ns/org#member> ?u } ORDER BY ?u")

    def tdkt(*args: str) -> str:
        result = subprocess.run([sys.executable, "-m", "tdkt", *args], capture_output=True, text=True, check=True)
        return result.stdout

    tdkt("--store", str(tmp_path / "local"), "load", str(doc))
    local = tdkt("--store", str(tmp_path / "local"), "query", query, "--format", "csv")
    endpoint = f"{oxigraph_server}/query"
    tdkt("--endpoint", endpoint, "load", str(doc))
    remote = tdkt("--endpoint", endpoint, "query", query, "--format", "csv")
    assert remote == local
    assert local.count("\n") == 5  # header and the four members


def test_a_commented_query_is_not_mistaken_for_an_update(remote_gold_store: RemoteStore) -> None:
    query = "# ADD a ladder, LOAD it, DROP nothing\nSELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }"
    assert remote_gold_store.select(query).rows[0]["n"] > 0

"""The endpoint's checks on a query text, before any store: updates and SERVICE refused, every query form
passed, content negotiation."""

from __future__ import annotations

import pytest

from tdkt.web.sparql import ProtocolError, check_query, negotiate


@pytest.mark.parametrize("text", [
    "INSERT DATA { <http://a/s> <http://a/p> <http://a/o> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DROP ALL", "DROP GRAPH <http://a/g>", "CLEAR DEFAULT",
    "LOAD <http://127.0.0.1:9/x.ttl>", "CREATE GRAPH <http://a/g>",
    "PREFIX a: <http://a/> INSERT { ?s a:p 1 } WHERE { ?s ?p ?o }",
])
def test_updates_are_refused(text: str) -> None:
    with pytest.raises(ProtocolError) as info:
        check_query(text)
    assert info.value.status == 403 and "read-only" in info.value.message


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE ?x { ?s ?p ?o } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } } }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }",
    "ASK { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
])
def test_service_is_refused_wherever_it_hides(text: str) -> None:
    with pytest.raises(ProtocolError) as info:
        check_query(text)
    assert info.value.status == 403 and "SERVICE" in info.value.message


def test_queries_of_every_form_pass() -> None:
    assert check_query("SELECT * WHERE { ?s ?p ?o } LIMIT 1") == "SELECT"
    assert check_query("ASK { ?s ?p ?o }") == "ASK"
    assert check_query("CONSTRUCT WHERE { ?s ?p ?o }") == "CONSTRUCT"
    assert check_query("DESCRIBE <http://a/b>") == "DESCRIBE"
    with pytest.raises(ProtocolError) as info:
        check_query("SELECT WHERE {")
    assert info.value.status == 400


def test_a_checked_text_is_remembered_and_a_refused_one_is_refused_every_time() -> None:
    check_query.cache_clear()
    accepted = "SELECT ?s WHERE { ?s ?p ?o } # remembered"
    assert check_query(accepted) == check_query(accepted) == "SELECT"
    assert check_query.cache_info().hits == 1
    refused = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } # refused"
    for _ in range(2):
        with pytest.raises(ProtocolError) as info:
            check_query(refused)
        assert info.value.status == 403
    assert check_query.cache_info().misses == 3


def test_negotiation() -> None:
    assert negotiate("SELECT", "text/html,application/xhtml+xml,*/*;q=0.8", None) == "json"
    assert negotiate("SELECT", "text/csv;q=0.5, application/sparql-results+xml", None) == "xml"
    assert negotiate("SELECT", None, "tsv") == "tsv"
    assert negotiate("CONSTRUCT", "application/ld+json", None) == "jsonld"
    assert negotiate("DESCRIBE", "*/*", None) == "turtle"
    with pytest.raises(ProtocolError) as info:
        negotiate("SELECT", "image/png", None)
    assert info.value.status == 406

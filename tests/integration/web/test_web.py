"""The local web server against a real oxigraph serve-read-only: protocol, refusals, limits, pages, downloads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from tdkt.graph.namespaces import DEFAULT_BASE as IDS
from tdkt.graph.store.oxigraph import OxigraphStore
from tdkt.queries.library import load_queries, run_query
from tdkt.web.backend import free_port
from tests.support.web import HOSTILE_UNIT_IRI, XSS_UNIT, Served, build_store, probe_server, serve_store

pytestmark = pytest.mark.server

SKOS = "http://www.w3.org/2004/02/skos/core#"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def served(gold_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    work = tmp_path_factory.mktemp("web")
    store = build_store(gold_dir, work, work / "store")
    store.close()
    with serve_store(work / "store", timeout_s=5.0, max_rows=50) as site:
        yield site


def call(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None,
         method: str | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def sparql_get(served: Served, query: str, accept: str = "application/sparql-results+json",
               **params: str) -> tuple[int, dict[str, str], bytes]:
    qs = urllib.parse.urlencode({"query": query, **params})
    return call(f"{served.url}/sparql?{qs}", headers={"Accept": accept})


def sparql_post(served: Served, query: str, accept: str = "application/sparql-results+json",
                field: str = "query") -> tuple[int, dict[str, str], bytes]:
    body = urllib.parse.urlencode({field: query}).encode()
    return call(f"{served.url}/sparql", data=body, method="POST",
                headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})


LABELS = f"SELECT ?s ?l WHERE {{ ?s <{SKOS}prefLabel> ?l FILTER(STR(?l) = 'Liên đoàn Lao động tỉnh Lai Châu') }}"


@pytest.mark.parametrize(("accept", "media", "check"), [
    ("application/sparql-results+json", "application/sparql-results+json",
     lambda body: json.loads(body)["results"]["bindings"][0]["l"]["value"] == "Liên đoàn Lao động tỉnh Lai Châu"),
    ("application/sparql-results+xml", "application/sparql-results+xml",
     lambda body: "<literal xml:lang=\"vi\">Liên đoàn Lao động tỉnh Lai Châu</literal>" in body.decode()),
    ("text/csv", "text/csv", lambda body: body.decode().splitlines()[1].endswith(",Liên đoàn Lao động tỉnh Lai Châu")),
    ("text/tab-separated-values", "text/tab-separated-values",
     lambda body: '"Liên đoàn Lao động tỉnh Lai Châu"@vi' in body.decode()),
])
def test_select_in_each_format_by_get_and_post(served: Served, accept: str, media: str, check: object) -> None:
    for status, headers, body in (sparql_get(served, LABELS, accept), sparql_post(served, LABELS, accept)):
        assert status == 200, body
        assert headers["content-type"].startswith(media)
        assert headers["x-tdkt-truncated"] == "false"
        assert callable(check) and check(body)


def test_query_as_sparql_query_body(served: Served) -> None:
    status, _, body = call(f"{served.url}/sparql", data=b"ASK { ?s ?p ?o }", method="POST",
                           headers={"Content-Type": "application/sparql-query",
                                    "Accept": "application/sparql-results+json"})
    assert status == 200 and json.loads(body)["boolean"] is True


def test_construct_as_turtle_and_json_ld(served: Served) -> None:
    query = f"CONSTRUCT {{ ?s <{SKOS}prefLabel> ?l }} WHERE {{ ?s <{SKOS}prefLabel> ?l }} LIMIT 5"
    status, headers, body = sparql_get(served, query, "text/turtle")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert len(list(ox.parse(body, format=ox.RdfFormat.TURTLE))) == 5
    status, headers, body = sparql_get(served, query, "application/ld+json")
    assert status == 200 and headers["content-type"].startswith("application/ld+json")
    assert len(list(ox.parse(body, format=ox.RdfFormat.JSON_LD))) == 5


def test_row_cap_is_signalled_never_silent(served: Served) -> None:
    status, headers, body = sparql_get(served, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 200
    data = json.loads(body)
    assert len(data["results"]["bindings"]) == 50
    assert headers["x-tdkt-truncated"] == "true" and headers["x-tdkt-row-limit"] == "50"
    assert data["truncated"] is True and "urn:tdkt:truncated" in data["head"]["link"]
    status, headers, body = sparql_get(served, "SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+xml")
    assert headers["x-tdkt-truncated"] == "true" and b'<link href="urn:tdkt:truncated"/>' in body
    status, headers, body = sparql_get(served, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
    assert headers["x-tdkt-truncated"] == "true" and len(body.decode().strip().splitlines()) == 50
    status, headers, _ = sparql_get(served, "SELECT * WHERE { ?s ?p ?o } LIMIT 50")
    assert headers["x-tdkt-truncated"] == "false"
    # an answer prepared once per snapshot (the whole graph's statistics) is capped the same way
    text = json.loads(call(f"{served.url}/api/queries/dataset-properties")[2])["sparql"]
    answered = served.backend.answers.state()
    status, headers, body = sparql_get(served, text)
    assert len(json.loads(body)["results"]["bindings"]) == 50 and headers["x-tdkt-truncated"] == "true"
    assert answered is not None and served.backend.answers.state() == {**answered,
                                                                        "answered": answered["answered"] + 1}


@pytest.mark.parametrize("update", ["INSERT DATA { <http://a/s> <http://a/p> <http://a/o> }", "DROP ALL",
                                    "LOAD <http://127.0.0.1:9/x.ttl>"])
def test_endpoint_refuses_updates_every_way(served: Served, update: str) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = json.loads(sparql_get(served, count)[2])["results"]["bindings"][0]["n"]["value"]
    assert sparql_get(served, update)[0] == 403
    assert sparql_post(served, update)[0] == 403
    assert sparql_post(served, update, field="update")[0] == 403
    status, _, body = call(f"{served.url}/sparql", data=update.encode(), method="POST",
                           headers={"Content-Type": "application/sparql-update"})
    assert status == 403 and b"read-only" in body
    after = json.loads(sparql_get(served, count)[2])["results"]["bindings"][0]["n"]["value"]
    assert before == after


def test_service_never_reaches_the_target(served: Served) -> None:
    with probe_server("/ssrf-probe") as (target, hits):
        for query in (f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
                      f"SELECT * WHERE {{ ?x ?y ?z OPTIONAL {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }} }}"):
            for status, _, body in (sparql_get(served, query), sparql_post(served, query)):
                assert status == 403 and b"SERVICE" in body
    assert hits == []


def test_runaway_query_is_stopped_at_the_time_limit(served: Served) -> None:
    restarts = served.backend.restarts
    start = time.monotonic()
    status, _, body = sparql_get(served, RUNAWAY)
    elapsed = time.monotonic() - start
    assert status == 504, body
    assert b"time limit" in body
    assert elapsed < served.config.timeout_s + 1.0
    deadline = time.monotonic() + 15
    while served.backend.restarts < restarts + 1:  # the engine that was still computing is replaced
        assert time.monotonic() < deadline
        time.sleep(0.1)
    status, _, body = sparql_get(served, "ASK { ?s ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_unacceptable_type_and_bad_requests(served: Served) -> None:
    assert sparql_get(served, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "image/png")[0] == 406
    assert call(f"{served.url}/sparql")[0] == 400
    assert call(f"{served.url}/sparql", data=b"x", method="POST", headers={"Content-Type": "text/plain"})[0] == 415


# -- pages -----------------------------------------------------------------------------


def test_every_response_has_a_strict_csp_and_no_cors(served: Served) -> None:
    for path in ("/", "/query", "/sparql?query=ASK%7B%7D", "/static/query.js"):
        status, headers, _ = call(served.url + path)
        assert status == 200
        csp = headers["content-security-policy"]
        assert "connect-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "access-control-allow-origin" not in headers


def test_only_loopback_host_names(served: Served) -> None:
    status, _, _ = call(served.url + "/", headers={"Host": "attacker.example"})
    assert status == 400


def test_view_pages_run_their_inline_scripts_by_nonce(served: Served) -> None:
    status, headers, body = call(served.url + "/view/awards")
    assert status == 200
    csp = headers["content-security-policy"]
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert body.decode().count(f'nonce="{nonce}"') >= 3
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_view_errors_are_pages(served: Served) -> None:
    status, _, body = call(served.url + "/view/bloc", headers={"Accept": "text/html"})
    assert status == 400 and b"needs the parameter" in body
    status, _, body = call(served.url + "/view/nope", headers={"Accept": "text/html"})
    assert status == 400 and b"no view named" in body


def test_entity_iri_redirects_by_accept(served: Served) -> None:
    path = "/id/unit/lai-chau/lien-doan-lao-dong-tinh-lai-chau"
    status, headers, _ = call(served.url + path, headers={"Accept": "text/html"})
    assert status == 303 and headers["location"].endswith("/doc/unit/lai-chau/lien-doan-lao-dong-tinh-lai-chau")
    assert "accept" in headers["vary"].lower()
    status, headers, _ = call(served.url + path, headers={"Accept": "text/turtle"})
    assert status == 303 and headers["location"].endswith(".ttl")
    status, headers, _ = call(served.url + path, headers={"Accept": "application/ld+json"})
    assert status == 303 and headers["location"].endswith(".jsonld")


def test_entity_documents(served: Served) -> None:
    iri = "https://w3id.org/tdkt/id/unit/lai-chau/lien-doan-lao-dong-tinh-lai-chau"
    doc = "/doc/unit/lai-chau/lien-doan-lao-dong-tinh-lai-chau"
    status, headers, body = call(served.url + doc + ".ttl")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    triples = {q.triple for q in ox.parse(body, format=ox.RdfFormat.TURTLE)}
    label = ox.Triple(ox.NamedNode(iri), ox.NamedNode(SKOS + "prefLabel"),
                      ox.Literal("Liên đoàn Lao động tỉnh Lai Châu", language="vi"))
    assert label in triples
    assert any(t.object == ox.NamedNode(iri) for t in triples)  # the statements that point at it too
    status, headers, body = call(served.url + doc + ".jsonld")
    assert status == 200 and label in {q.triple for q in ox.parse(body, format=ox.RdfFormat.JSON_LD)}
    status, headers, body = call(served.url + doc)
    html = body.decode()
    assert status == 200 and "Liên đoàn Lao động tỉnh Lai Châu" in html and "/view/unit?unit=" in html
    assert call(served.url + "/doc/unit/lai-chau/no-such-unit")[0] == 404


def test_hostile_names_are_escaped_in_entity_pages(served: Served) -> None:
    path = HOSTILE_UNIT_IRI.removeprefix("https://w3id.org/tdkt/id/")
    status, _, body = call(f"{served.url}/doc/{path}")
    html = body.decode()
    assert status == 200
    assert XSS_UNIT not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script>alert" not in html and "<svg onload" not in html


def test_downloads_and_void(served: Served) -> None:
    formats = {"tdkt.ttl": ox.RdfFormat.TURTLE, "tdkt.nt": ox.RdfFormat.N_TRIPLES, "tdkt.rdf": ox.RdfFormat.RDF_XML,
               "tdkt.trig": ox.RdfFormat.TRIG, "tdkt.nq": ox.RdfFormat.N_QUADS, "tdkt.jsonld": ox.RdfFormat.JSON_LD}
    sizes = {}
    for name, fmt in formats.items():
        status, headers, body = call(f"{served.url}/download/{name}")
        assert status == 200 and "attachment" in headers["content-disposition"]
        sizes[name] = len(list(ox.parse(body, format=fmt)))
    assert sizes["tdkt.nq"] == sizes["tdkt.trig"] > 10_000
    assert call(f"{served.url}/download/secrets.txt")[0] == 404
    status, headers, body = call(f"{served.url}/void.ttl")
    triples = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
    endpoints = [t.object.value for t in triples if t.predicate.value == "http://rdfs.org/ns/void#sparqlEndpoint"]
    assert endpoints == [f"{served.url}/sparql"]
    dumps = {t.object.value for t in triples if t.predicate.value == "http://rdfs.org/ns/void#dataDump"}
    assert f"{served.url}/download/tdkt.ttl" in dumps


def test_named_queries_api_binds_values(served: Served) -> None:
    status, _, body = call(f"{served.url}/api/queries")
    names = {q["name"] for q in json.loads(body)}
    assert {"bloc-roles", "view-bloc", "view-unit"} <= names
    [role] = [p for q in json.loads(body) if q["name"] == "bloc-roles" for p in q["params"] if p["name"] == "role"]
    assert role["choices"] == ["chair", "vice_chair", "host"]  # the ontology's notations, in its order
    qs = urllib.parse.urlencode({"bloc": "Cụm thi đua số 01", "role": "chair"})
    status, _, body = call(f"{served.url}/api/queries/bloc-roles?{qs}")
    text = json.loads(body)["sparql"]
    # bound as every backend binds: a leading VALUES block in the group that selects them, never a trailing one
    assert status == 200 and "VALUES (?bloc ?role)" in text
    assert text.index("VALUES (?bloc ?role)") < text.index("ORDER BY")
    status, _, body = sparql_post(served, text)
    rows = json.loads(body)["results"]["bindings"]
    assert [r["year"]["value"] for r in rows] == ["2021", "2022"]
    status, _, body = call(f"{served.url}/api/queries/bloc-roles?year=twenty")
    assert status == 400 and "not a valid integer" in json.loads(body)["error"]
    status, _, body = call(f"{served.url}/api/queries/bloc-roles?role=deputy")
    assert status == 400 and "'deputy' is not one of chair, vice_chair, host" in json.loads(body)["error"]


GOLD_VALUES = """PREFIX tdkt: <https://w3id.org/tdkt/ontology#> PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?bloc ?year ?area ?province ?unit ?person ?campaign WHERE {
  { SELECT ?bloc (COUNT(?r) AS ?n) WHERE { ?r a tdkt:BlocRole ; org:organization ?bloc } GROUP BY ?bloc }
  ?role org:organization ?bloc ; a tdkt:BlocRole ; tdkt:year ?year .
  ?bloc tdkt:province ?area . ?area skos:altLabel ?province .
  { SELECT ?unit (COUNT(?a) AS ?m) WHERE { ?a tdkt:recipient ?unit . ?unit a tdkt:Unit } GROUP BY ?unit }
  { SELECT ?person (COUNT(?h) AS ?k) WHERE { ?h a tdkt:PostHolding ; org:member ?person } GROUP BY ?person }
  { SELECT ?campaign WHERE { ?campaign tdkt:derivedFrom ?parent } }
} ORDER BY DESC(?n) DESC(?m) DESC(?k) ?bloc ?year ?unit ?person ?campaign ?province LIMIT 1"""


def gold_params(store: OxigraphStore) -> dict[str, dict[str, str]]:
    """Per named query with parameters: one value for each parameter type, drawn from the gold graph (the busiest
    bloc, unit and person, a derived campaign), as an analyst would give them on the query page."""
    [row] = store.select(GOLD_VALUES).dicts()
    by_type = {"bloc": row["bloc"], "integer": str(row["year"]), "area": row["area"], "province": row["province"],
               "entity": row["unit"], "unit": row["unit"], "organisation": row["unit"], "person": row["person"],
               "campaign": row["campaign"], "role": "chair", "status": "conferred", "label": "Cụm thi đua số 01"}
    out: dict[str, dict[str, str]] = {}
    for name, query in sorted(load_queries().items()):
        params: dict[str, str] = {}
        for p in query.params:
            value = row["province"] if p.type == "string" and p.name == "province" else by_type.get(p.type)
            if value is not None and p.type not in {q.type for q in query.params if q.name in params}:
                params[p.name] = str(value)
        if params:
            out[name] = params
    return out


def test_every_named_query_bound_on_the_query_page_answers_as_in_process(served: Served) -> None:
    """Each named query with its parameters bound through /api/queries (the text the query page shows, comments
    included) answers on /sparql with the rows the embedded store gives (up to the row cap)."""
    assert served.config.store_path is not None
    store = OxigraphStore.read_only(served.config.store_path)
    try:
        cases = gold_params(store)
        assert {"campaign-lineage", "law-findings", "awards-summary", "view-unit"} <= set(cases)
        for name, params in cases.items():
            status, _, body = call(f"{served.url}/api/queries/{name}?{urllib.parse.urlencode(params)}")
            assert status == 200, (name, params, body)
            status, headers, body = sparql_post(served, json.loads(body)["sparql"])
            assert status == 200, (name, params, body)
            expected = len(run_query(store, name, params))
            assert int(headers["x-tdkt-rows"]) == min(expected, served.config.max_rows), (name, params)
            assert len(json.loads(body)["results"]["bindings"]) == min(expected, served.config.max_rows)
    finally:
        store.close()


def test_tdkt_serve_command(gold_dir: Path, tmp_path: Path) -> None:
    """Started from a folder outside the source tree, as an analyst starts it: the pages find their templates
    in the installed package (they were looked up as a top-level ``web`` module, which only the tests had)."""
    store = build_store(gold_dir, tmp_path, tmp_path / "store")
    unit = next(iri for iri in (str(r["s"]) for r in store.select(
        "SELECT ?s WHERE { ?s a <http://www.w3.org/ns/org#Organization> }")) if iri.startswith(IDS))
    store.close()
    port = free_port()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    process = subprocess.Popen([sys.executable, "-m", "tdkt", "--store", str(tmp_path / "store"), "serve",
                                "--port", str(port), "--timeout", "5", "--max-rows", "7"], cwd=elsewhere,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ})
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, headers, body = call(f"http://127.0.0.1:{port}/sparql?query=SELECT%20*%7B%3Fs%20%3Fp%20%3Fo%7D")
                break
            except OSError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline
                time.sleep(0.2)
        assert status == 200 and headers["x-tdkt-row-limit"] == "7"
        assert len(json.loads(body)["results"]["bindings"]) == 7
        for path in ("/", f"/doc/{unit[len(IDS):]}", "/view/awards"):
            status, headers, body = call(f"http://127.0.0.1:{port}{path}", headers={"Accept": "text/html"})
            assert status == 200 and headers["content-type"].startswith("text/html"), (path, body[:300])
    finally:
        process.terminate()
        process.wait(timeout=15)
    assert process.returncode is not None

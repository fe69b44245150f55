"""A real ``tdkt serve`` under faults and hostile use: engines killed, SERVICE probes, runaway and
over-nested queries, DNS rebinding, and loads while it serves."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

from tdkt.web.answers import per_snapshot
from tdkt.web.backend import free_port
from tests.support.paths import REPO
from tests.support.web import build_store, probe_server

pytestmark = [pytest.mark.server, pytest.mark.slow]
ROOT = REPO
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@dataclass
class Serving:
    url: str
    process: subprocess.Popen[bytes]
    store: Path


def call(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
         timeout: float = 30) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def sparql(serving: Serving, query: str, timeout: float = 30) -> tuple[int, bytes]:
    return call(f"{serving.url}/sparql?" + urllib.parse.urlencode({"query": query}),
                headers={"Accept": "application/sparql-results+json"}, timeout=timeout)


def health(serving: Serving) -> dict[str, object]:
    _, body = call(f"{serving.url}/health")
    data = json.loads(body)
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def serving(gold_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serving]:
    work = tmp_path_factory.mktemp("serve-reliability")
    build_store(gold_dir, work, work / "store").close()
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "tdkt", "--store", str(work / "store"), "serve",
                                "--port", str(port), "--timeout", "3"], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if call(f"{url}/health", timeout=5)[0] == 200:
                break
        except OSError:
            pass
        if process.poll() is not None:
            raise RuntimeError(process.stderr.read().decode() if process.stderr else "tdkt serve ended")
        assert time.monotonic() < deadline, "tdkt serve did not start"
        time.sleep(0.2)
    try:
        yield Serving(url, process, work / "store")
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr:
            process.stderr.close()


def engine_pids(serving: Serving) -> list[int]:
    engines = health(serving)["engines"]
    assert isinstance(engines, list)
    return [int(e["pid"]) for e in engines if e["alive"]]


def test_killed_engines_are_restarted_and_queries_resume(serving: Serving) -> None:
    assert sparql(serving, "ASK { ?s ?p ?o }")[0] == 200
    pids = engine_pids(serving)
    assert pids
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    killed = time.monotonic()
    while True:
        try:
            status, body = sparql(serving, "ASK { ?s ?p ?o }", timeout=15)
        except OSError:
            status, body = 0, b""
        if status == 200:
            break
        assert status in (0, 503), body
        assert time.monotonic() - killed < 15, "queries did not resume within 15 s"
        time.sleep(0.2)
    assert json.loads(body)["boolean"] is True
    assert time.monotonic() - killed < 15
    while (state := health(serving))["engines_alive"] != state["engines_wanted"]:
        assert time.monotonic() - killed < 15, f"the engines were not all replaced: {state}"
        time.sleep(0.2)
    assert state["status"] == "ok" and not set(pids) & set(engine_pids(serving))
    assert isinstance(state["restarts"], int) and state["restarts"] >= len(pids)
    assert call(f"{serving.url}/")[0] == 200


def test_only_the_proxy_listens_on_a_tcp_port(serving: Serving) -> None:
    port = int(serving.url.rsplit(":", 1)[1])
    tree = psutil.Process(serving.process.pid)
    processes = [tree, *tree.children(recursive=True)]
    assert len(processes) >= 3  # the proxy and its engines
    listening = [(p.pid, c.laddr.port) for p in processes for c in p.net_connections(kind="inet")
                 if c.status == psutil.CONN_LISTEN]
    assert listening == [(serving.process.pid, port)]
    unix = [c for p in processes for c in p.net_connections(kind="unix") if c.status == psutil.CONN_LISTEN]
    assert unix == []


def test_service_reaches_no_one_by_any_route(serving: Serving) -> None:
    with probe_server("/probe") as (target, hits):
        queries = [
            f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
            f"select * where {{ ?x ?y ?z OPTIONAL {{ service silent <{target}> {{ ?s ?p ?o }} }} }}",
            f"ASK {{ FILTER EXISTS {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }}",
            f"SELECT * WHERE {{ \\u0053ERVICE <{target}> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ SERVICE#comment\n<{target}> {{ ?s ?p ?o }} }}",
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ SELECT * {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }} }}",
        ]
        for query in queries:
            status, body = sparql(serving, query)
            assert status in (400, 403), (query, body)
            status, body = call(f"{serving.url}/sparql", data=query.encode(),
                                headers={"Content-Type": "application/sparql-query"})
            assert status in (400, 403), (query, body)
        for path in (f"/view/unit?unit={urllib.parse.quote(target)}", f"/doc/{urllib.parse.quote(target)}",
                     "/api/queries/bloc-roles?" + urllib.parse.urlencode({"bloc": target})):
            call(f"{serving.url}{path}")
        tree = psutil.Process(serving.process.pid)
        ports = {c.laddr.port for p in [tree, *tree.children(recursive=True)]
                 for c in p.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN}
        for port in ports:  # every port the server listens on: only the proxy, which refuses
            assert sparql(Serving(f"http://127.0.0.1:{port}", serving.process, serving.store), queries[0])[0] == 403
        time.sleep(0.5)
    assert hits == []


def test_time_limit_holds_from_arrival_with_parsing(serving: Serving) -> None:
    start = time.monotonic()
    status, body = sparql(serving, RUNAWAY, timeout=30)
    assert status == 504 and b"time limit of 3 s" in body
    assert time.monotonic() - start < 4.0
    while (state := health(serving))["engines_alive"] != state["engines_wanted"]:  # the killed one is replaced
        assert time.monotonic() - start < 20
        time.sleep(0.1)
    # a large query: rdflib's parse alone takes seconds; it counts against the limit, in the engine
    big = "SELECT ?x WHERE { VALUES ?x { " + " ".join(f'"v{i}"' for i in range(20_000)) + " } FILTER(?x = \"v1\") }"
    assert len(big) > 130_000
    results: dict[str, tuple[int, float]] = {}

    def send_big() -> None:
        begin = time.monotonic()
        code, _ = call(f"{serving.url}/sparql", data=big.encode(),
                       headers={"Content-Type": "application/sparql-query"}, timeout=30)
        results["big"] = (code, time.monotonic() - begin)

    sender = threading.Thread(target=send_big)
    sender.start()
    time.sleep(0.3)
    begin = time.monotonic()
    small = sparql(serving, "ASK { ?s ?p ?o }")
    results["small"] = (small[0], time.monotonic() - begin)
    sender.join()
    assert results["big"][0] in (200, 504) and results["big"][1] < 4.0
    assert results["small"][0] == 200 and results["small"][1] < 2.0  # not held up by the big one


def test_deeply_nested_query_is_a_400(serving: Serving) -> None:
    for query in ("SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000,
                  "SELECT * WHERE { FILTER(" + "(" * 3000 + "1" + ")" * 3000 + ") }"):
        status, body = call(f"{serving.url}/sparql", data=query.encode(),
                            headers={"Content-Type": "application/sparql-query"})
        assert status == 400 and b"nested more than 100 levels" in body
    assert engine_pids(serving)  # no engine crashed


def test_host_header_is_checked(serving: Serving) -> None:
    status, _ = call(f"{serving.url}/sparql?query=ASK%7B%7D", headers={"Host": "attacker.example:8000"})
    assert status == 400
    assert call(f"{serving.url}/health", headers={"Host": "localhost"})[0] == 200


def statistics(serving: Serving) -> dict[str, tuple[list[dict[str, object]], list[dict[str, object]]]]:
    """The answers computed once per snapshot as the query page asks for them, and as an engine computes them
    now (the same query with another text: never a prepared answer)."""
    out = {}
    for name in sorted(per_snapshot()):
        text = json.loads(call(f"{serving.url}/api/queries/{name}")[1])["sparql"]
        both = []
        for query in (text, text + "\nLIMIT 100000\n"):
            status, body = sparql(serving, query)
            assert status == 200, body
            both.append(json.loads(body)["results"]["bindings"])
        out[name] = (both[0], both[1])
    return out


def test_a_load_while_serving_is_seen(serving: Serving, tmp_path: Path) -> None:
    source = "reliability-live-load"
    ask = f"ASK {{ GRAPH <https://w3id.org/tdkt/id/source/{source}> {{ ?s ?p ?o }} }}"
    assert json.loads(sparql(serving, ask)[1])["boolean"] is False
    before = statistics(serving)
    prepared, snapshot = health(serving)["statistics"], health(serving)["snapshot"]
    assert isinstance(prepared, dict) and isinstance(snapshot, dict)
    assert prepared["generation"] == snapshot["generation"]
    assert set(prepared["seconds"]) == set(before) and not prepared["errors"]
    assert prepared["answered"] >= len(before)  # the query page's texts were answered from them
    doc = {"source": {"id": source, "province": "Lai Châu"},
           "records": [{"type": "bloc", "name": "Cụm thi đua số 09", "province": "Lai Châu"},
                       {"type": "membership", "bloc": "Cụm thi đua số 09", "unit": "Hội Nông dân huyện Tam Đường",
                        "year": 2024}]}
    path = tmp_path / "live.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "tdkt", "--store", str(serving.store), "load", str(path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    committed = time.monotonic()
    while not json.loads(sparql(serving, ask)[1])["boolean"]:
        assert time.monotonic() - committed < 15, "the load was not seen within 15 s"
        time.sleep(0.2)
    status, body = sparql(serving, "SELECT ?l WHERE { ?u <http://www.w3.org/2004/02/skos/core#prefLabel> ?l "
                                   "FILTER(CONTAINS(?l, 'Tam Đường')) }")
    assert status == 200 and "Tam Đường" in body.decode()
    after = statistics(serving)  # the new snapshot's statistics, computed before it was served
    now = health(serving)["statistics"]
    assert isinstance(now, dict) and now["generation"] > prepared["generation"] and now["answered"] >= len(after)
    for name, (served, computed) in after.items():
        assert served == computed, name
        assert before[name][0] == before[name][1], name
    for name in ("dataset-totals", "dataset-properties", "dataset-sources"):  # the load added a source
        assert after[name][0] != before[name][0], name
    grown = [int(str(after["dataset-totals"][0][0]["triples"]["value"])),  # type: ignore[index]
             int(str(before["dataset-totals"][0][0]["triples"]["value"]))]  # type: ignore[index]
    assert grown[0] > grown[1]


def test_a_named_querys_bound_text_is_answered_without_a_second_check(serving: Serving) -> None:
    """The query page's flow: /api/queries binds the text, /sparql runs it. The server knows that text (its
    form too) and sends it to an engine without parsing it again; an edited text is checked as any other."""
    params = urllib.parse.urlencode({"recipient": "HND huyện Mường Tè"})  # a name in another spelling
    status, body = call(f"{serving.url}/api/queries/law-findings?{params}")
    assert status == 200, body
    text = json.loads(body)["sparql"]
    assert "VALUES" in text

    def answered() -> int:
        named = health(serving)["named_queries"]
        assert isinstance(named, dict)
        return int(named["answered"])

    before = answered()
    status, body = sparql(serving, text)
    assert status == 200, body
    rows = json.loads(body)["results"]["bindings"]
    assert rows and {r["recipientLabel"]["value"] for r in rows} == {"Hội Nông dân huyện Mường Tè"}
    assert answered() == before + 1
    edited = text + "\n# edited on the page\n"
    status, again = sparql(serving, edited)
    assert status == 200 and json.loads(again)["results"]["bindings"] == rows
    assert answered() == before + 1  # checked as an ordinary query

"""Helpers for the web and browser tests (no tests here): hostile records, stores, a running server.

The web and browser test modules each start their own server with these
helpers: a store built from ../shared/gold plus a hostile document, served by
the engine processes of ``tdkt serve`` (web.backend.EnginePool) behind our app,
run by uvicorn in a thread on a free loopback port.
"""

from __future__ import annotations

import http.server
import json
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from tdkt.graph.build import build, load_documents, read_documents
from tdkt.graph.store.oxigraph import OxigraphStore
from tdkt.web.app import ServeConfig, create_app
from tdkt.web.backend import EnginePool, free_port, wait_until_answers

XSS_UNIT = "<img src=x onerror=alert(1)>"
XSS_BLOC = "Khối thi đua <b>đặc biệt</b> <script>alert(4)</script>"
XSS_PERSON = 'Nguyễn "Văn" <svg onload=alert(3)>'
XSS_AWARD = 'Bằng khen <a href="javascript:alert(2)">x</a>'
HOSTILE_DOC = {
    "source": {"id": "hostile", "title": "<script>alert('title')</script> tin bài", "province": "Lai Châu"},
    "records": [
        {"type": "bloc", "name": XSS_BLOC, "province": "Lai Châu"},
        {"type": "membership", "bloc": XSS_BLOC, "unit": XSS_UNIT, "year": 2023},
        {"type": "membership", "bloc": XSS_BLOC, "unit": "Hội Nông dân tỉnh Lai Châu", "year": 2023},
        {"type": "role", "bloc": XSS_BLOC, "unit": XSS_UNIT, "role": "chair", "year": 2023},
        {"type": "role", "bloc": XSS_BLOC, "unit": "Hội Nông dân tỉnh Lai Châu", "role": "chair", "year": 2024},
        {"type": "award", "recipient": "Hội Nông dân tỉnh Lai Châu", "award": XSS_AWARD,
         "grantor": "Ủy ban nhân dân tỉnh Lai Châu", "year": 2023, "status": "proposed", "proposer": XSS_BLOC},
        {"type": "position", "person": XSS_PERSON, "title": "Chủ tịch <i>x</i>", "organisation": XSS_UNIT,
         "year": 2023},
    ],
}
HOSTILE_UNIT_IRI = "https://w3id.org/tdkt/id/unit/lai-chau/img-src-x-onerror-alert-1"


def hostile_documents(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "hostile.json"
    path.write_text(json.dumps(HOSTILE_DOC, ensure_ascii=False), encoding="utf-8")
    return [path]


def build_store(gold_dir: Path, work: Path, path: Path | None) -> OxigraphStore:
    """The gold graph plus the hostile document, on disk at ``path`` (or in memory)."""
    store = OxigraphStore(path)
    build(store, gold_dir)
    load_documents(store, read_documents(hostile_documents(work)))
    return store


@dataclass
class Served:
    url: str
    backend: EnginePool
    config: ServeConfig


@contextmanager
def serve_store(location: Path, *, timeout_s: float = 2.0, max_rows: int = 10_000) -> Iterator[Served]:
    """Our app over engines reading ``location``, on a free loopback port, until the block ends."""
    import uvicorn

    config = ServeConfig(store_path=location, timeout_s=timeout_s, max_rows=max_rows, port=free_port())
    backend = EnginePool(location, timeout_s)
    backend.start()
    app = create_app(config, backend)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=config.port, log_level="warning",
                                           lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{config.port}"
    if not wait_until_answers(f"{url}/api/queries", 20, thread.is_alive):
        raise RuntimeError(f"tdkt serve did not answer on {url}")
    try:
        yield Served(url, backend, config)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        backend.stop()


@contextmanager
def probe_server(path: str) -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that records every request it gets: yields its URL at ``path`` and the paths hit.

    The SSRF tests point SERVICE and look-ups at it; a request reaching it is a hole.
    """
    hits: list[str] = []

    class Probe(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args: object) -> None:
            pass

    probe = http.server.HTTPServer(("127.0.0.1", free_port()), Probe)
    threading.Thread(target=probe.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{probe.server_address[1]}{path}", hits
    finally:
        probe.shutdown()


def named_query_rows(url: str, name: str, params: dict[str, str]) -> list[dict[str, Any]]:
    """A named query as the query page runs it: /api/queries binds the text, /sparql answers it (JSON bindings)."""
    with urllib.request.urlopen(f"{url}/api/queries/{name}?{urlencode(params)}", timeout=30) as answer:
        text = json.loads(answer.read())["sparql"]
    request = urllib.request.Request(f"{url}/sparql", data=urlencode({"query": text}).encode(),
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        rows: list[dict[str, Any]] = json.loads(answer.read())["results"]["bindings"]
    return rows

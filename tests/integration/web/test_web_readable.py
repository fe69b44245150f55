"""The local web as a person and a program read it: entity pages in the RDF format asked for, a served store
that must exist, and ``tdkt serve`` on a busy port failing in one line before it claims to serve."""

from __future__ import annotations

import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from tdkt.cli.main import main
from tdkt.web.backend import free_port
from tests.support.web import Served, serve_store

pytestmark = pytest.mark.server
UNIT = "https://w3id.org/tdkt/id/unit/lai-chau/lien-doan-lao-dong-tinh-lai-chau"
LABEL = ox.Triple(ox.NamedNode(UNIT), ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
                  ox.Literal("Liên đoàn Lao động tỉnh Lai Châu", language="vi"))
FORMATS = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "application/rdf+xml": ox.RdfFormat.RDF_XML,
           "text/turtle": ox.RdfFormat.TURTLE, "application/ld+json": ox.RdfFormat.JSON_LD}


@pytest.fixture(scope="module")
def store_path(gold_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("readable") / "store"
    assert main(["build", str(gold_dir), "-q", "--store", str(path)]) == 0
    return path


@pytest.fixture(scope="module")
def served(store_path: Path) -> Iterator[Served]:
    with serve_store(store_path, timeout_s=10.0) as site:
        yield site


def fetch(url: str, accept: str) -> tuple[int, str, bytes]:
    """GET following redirects (as a client does), keeping the Accept header."""
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.headers["content-type"], response.read()


@pytest.mark.parametrize("accept", list(FORMATS))
@pytest.mark.parametrize("path", ["/id/unit/lai-chau/lien-doan-lao-dong-tinh-lai-chau",
                                  "/doc/unit/lai-chau/lien-doan-lao-dong-tinh-lai-chau"])
def test_an_entity_answers_in_the_rdf_format_its_client_accepts(served: Served, accept: str, path: str) -> None:
    status, media, body = fetch(served.url + path, f"{accept}, text/html;q=0.5")
    assert status == 200 and media.startswith(accept)
    triples = {q.triple if isinstance(q, ox.Quad) else q for q in ox.parse(body, format=FORMATS[accept])}
    assert LABEL in triples


def test_a_browser_still_gets_the_page(served: Served) -> None:
    status, media, body = fetch(served.url + "/id/unit/lai-chau/lien-doan-lao-dong-tinh-lai-chau",
                                "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    assert status == 200 and media.startswith("text/html") and "Liên đoàn Lao động tỉnh Lai Châu" in body.decode()


def test_serve_on_a_busy_port_fails_in_one_line_before_claiming_to_serve(store_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "tdkt", "--store", str(store_path), "serve", "--port",
                                 str(port)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr == f"error: cannot listen on 127.0.0.1:{port}: the port is in use (another server? " \
                            "choose one with --port)\n"
    assert "serving" not in result.stdout + result.stderr


def test_serve_of_a_missing_store_names_it_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-store"
    result = subprocess.run([sys.executable, "-m", "tdkt", "serve", "--store", str(missing), "--port",
                             str(free_port())],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and str(missing) in result.stderr and result.stderr.count("\n") == 1
    assert not missing.exists()


def test_the_entity_page_lists_every_format(served: Served) -> None:
    try:
        status, _, body = fetch(served.url + "/doc/unit/lai-chau/lien-doan-lao-dong-tinh-lai-chau", "text/html")
    except urllib.error.HTTPError as exc:  # pragma: no cover - a failure shows the page
        pytest.fail(exc.read().decode())
    html = body.decode()
    assert status == 200 and all(f"lien-doan-lao-dong-tinh-lai-chau.{ext}" in html for ext in ("ttl", "nt", "rdf",
                                                                                               "jsonld"))

"""Fixtures of the integration tier: the gold graph built once in memory, its one SHACL report, and real Oxigraph
servers on loopback."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tdkt.graph import validate
from tdkt.graph.build import build, load_documents, load_reference
from tdkt.graph.identity import Identity
from tdkt.graph.store.oxigraph import OxigraphStore
from tdkt.graph.store.remote import RemoteStore
from tdkt.loaders.records import RecordsDocument
from tdkt.web import backend
from tests.support.servers import oxigraph_binary
from tests.support.shacl import SharedReports


@pytest.fixture(scope="session")
def gold_store(gold_dir: Path) -> OxigraphStore:
    """The graph built from ../shared/gold, in memory; tests must not change it."""
    store = OxigraphStore(None)
    build(store, gold_dir)
    return store


@pytest.fixture(scope="session", autouse=True)
def shared_reports() -> Iterator[SharedReports]:
    """Every validation in the session (``validate_store``, ``tdkt validate`` in this process) goes through one
    report per distinct graph."""
    reports = SharedReports(validate.validate_quads)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(validate, "validate_quads", reports)
        yield reports


@pytest.fixture(scope="session")
def gold_report(gold_store: OxigraphStore, shared_reports: SharedReports) -> validate.ValidationReport:
    """The SHACL report of the gold graph, made once for the session."""
    return validate.validate_store(gold_store)


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``oxigraph serve`` on 127.0.0.1; yields its base URL."""
    port = backend.free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "RUST_LOG": "warn"},
    )
    url = f"http://127.0.0.1:{port}"
    if not backend.wait_until_answers(f"{url}/query?query=ASK%7B%7D", 30, lambda: process.poll() is None):
        process.kill()
        err = process.stderr.read().decode() if process.stderr else ""
        pytest.fail(f"oxigraph serve did not start: {err}")
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def remote_gold_store(oxigraph_server: str, gold_docs: list[RecordsDocument]) -> RemoteStore:
    """The oxigraph server loaded with the same graph as ``gold_store``, through the remote backend."""
    store = RemoteStore(f"{oxigraph_server}/query", f"{oxigraph_server}/update")
    ids = Identity()
    load_reference(store, ids)
    load_documents(store, gold_docs, ids)
    return store


@pytest.fixture(scope="module")
def module_oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``oxigraph serve`` of a test module's own, empty; yields its base URL. (The session's server holds
    the gold graph that other tests read, so tests that load other data start their own.)"""
    port = backend.free_port()
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(tmp_path_factory.mktemp("oxigraph-module")),
         "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "RUST_LOG": "warn"},
    )
    url = f"http://127.0.0.1:{port}"
    if not backend.wait_until_answers(f"{url}/query?query=ASK%7B%7D", 30, lambda: process.poll() is None):
        process.kill()
        pytest.fail("oxigraph serve did not start")
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)

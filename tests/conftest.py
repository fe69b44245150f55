"""Fixtures of both tiers: where the shared data is, and the gold records read from it.

Stores and servers built from them are the integration tier's (tests/integration/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tdkt.graph.build import read_documents
from tdkt.loaders.records import RecordsDocument
from tdkt.loaders.structured import find_documents
from tests.support.paths import SHARED, TESTS


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "gold").is_dir():
        pytest.skip(f"the shared folder is not beside the repository ({SHARED})")
    return SHARED


@pytest.fixture(scope="session")
def gold_dir(shared_dir: Path) -> Path:
    return shared_dir / "gold"


@pytest.fixture(scope="session")
def corpus_dir(shared_dir: Path) -> Path:
    return shared_dir / "corpus"


@pytest.fixture(scope="session")
def gold_docs(gold_dir: Path) -> list[RecordsDocument]:
    return read_documents(find_documents(gold_dir))


# Integration modules whose tests are independent and long: under xdist their tests spread over the workers.
SPREAD = {"test_fault_injection.py"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test with its tier (``-m unit``, ``-m integration``), from the folder it sits in; and keep each
    integration module on one xdist worker (``--dist loadgroup``), so that its servers, stores and browser start
    once, except the modules in SPREAD."""
    for item in items:
        parts = item.path.relative_to(TESTS).parts
        if parts[0] in ("unit", "integration"):
            item.add_marker(parts[0])
        if parts[0] == "integration" and item.path.name not in SPREAD:
            item.add_marker(pytest.mark.xdist_group("/".join(parts)))

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
# Modules whose tests fall in two groups, each with its own server: the tests whose id names the word run as
# one group, the others as another, so the two can run on different workers.
TWO_GROUPS = {"test_engines.py": "virtuoso"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test with its tier (``-m unit``, ``-m integration``), from the folder it sits in; and keep each
    integration module on one xdist worker (``--dist loadgroup``), so that its servers, stores and browser start
    once, except the modules in SPREAD."""
    for item in items:
        parts = item.path.relative_to(TESTS).parts
        if parts[0] in ("unit", "integration"):
            item.add_marker(parts[0])
        if parts[0] == "integration" and item.path.name not in SPREAD:
            group = "/".join(parts)
            word = TWO_GROUPS.get(item.path.name)
            if word:
                group += f":{word}" if word in item.nodeid.lower() else ":others"
            item.add_marker(pytest.mark.xdist_group(group))
    # xdist hands out groups by size, then single tests in this order: the long spread tests first, not after
    # the hundreds of quick unit tests, where one of them would run alone at the end.
    items.sort(key=lambda item: item.path.name not in SPREAD)

"""The bulk build writes exactly the quads of the normal build, and fails without touching the old store."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from tdkt.cli.synth import SynthConfig, write_dataset
from tdkt.graph import bulk, reading
from tdkt.graph.build import build
from tdkt.graph.bulk import bulk_build
from tdkt.graph.mapping import NQuads
from tdkt.graph.store.oxigraph import OxigraphStore
from tdkt.kernel.errors import RecordError
from tests.support.paths import REPO


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bulk-data")
    write_dataset(SynthConfig(provinces=2, first_year=2025, last_year=2026, seed=5), folder)
    for gold in sorted((REPO / "cli" / "sample").glob("*.json")):
        shutil.copy(gold, folder / gold.name)  # real documents too: campaigns, persons, award counts
    return folder


@pytest.fixture(scope="module")
def normal_quads(data_dir: Path) -> set[str]:
    store = OxigraphStore(None)
    build(store, data_dir)
    return {str(q) for q in store.raw.quads_for_pattern(None, None, None, None)}


def _quads(path: Path) -> set[str]:
    store = ox.Store.read_only(str(path))
    return {str(q) for q in store.quads_for_pattern(None, None, None, None)}


def small_build_as_large(monkeypatch: pytest.MonkeyPatch, stream: bool) -> None:
    """Worker processes even for the few documents of these tests; with ``stream``, the engine fed through a
    pipe after the first few kilobytes (spooled to files until then), as in a large build."""
    monkeypatch.setattr(reading, "POOLED_FROM", 2)
    monkeypatch.setattr(bulk, "STREAM_FROM_BYTES", 4096 if stream else 1 << 40)


@pytest.mark.parametrize(("method", "workers", "stream"),
                         [("bulk_load", 2, True), ("bulk_load", 0, False), ("load", 0, False)])
def test_bulk_build_writes_the_same_quads_as_build(data_dir: Path, normal_quads: set[str], tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch, method: str, workers: int,
                                                    stream: bool) -> None:
    small_build_as_large(monkeypatch, stream)
    report = bulk_build(tmp_path / "store", data_dir, method=method, workers=workers)
    assert report.documents == len(list(data_dir.iterdir()))
    assert _quads(tmp_path / "store") == normal_quads


@pytest.mark.parametrize(("workers", "stream"), [(0, False), (2, True)])
def test_a_bad_document_leaves_the_old_store_and_lists_every_problem(data_dir: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch,
                                                                     workers: int, stream: bool) -> None:
    small_build_as_large(monkeypatch, stream)
    folder = tmp_path / "data"
    shutil.copytree(data_dir, folder)
    store_path = tmp_path / "store"
    bulk_build(store_path, folder, workers=workers)
    before = _quads(store_path)
    last = sorted(folder.glob("*.json"))[-1]  # the documents before it are already on their way to the engine
    doc = json.loads(last.read_text(encoding="utf-8"))
    doc["records"][0]["name"] = 3
    last.write_text(json.dumps(doc), encoding="utf-8")
    (folder / "copy.json").write_text((folder / "001_9a75dafc5cd4d3cf.json").read_text(encoding="utf-8"))
    with pytest.raises(RecordError) as caught:
        bulk_build(store_path, folder, workers=workers)
    assert len(caught.value.problems) >= 2
    assert any("is also the id of" in str(p) for p in caught.value.problems)
    assert _quads(store_path) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_graphs_loaded_from_files_are_carried_over(data_dir: Path, tmp_path: Path) -> None:
    store_path = tmp_path / "store"
    store = OxigraphStore(store_path)
    graph = ox.NamedNode("https://w3id.org/tdkt/id/graph/file/extra")
    store.raw.add(ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/b"),
                          ox.Literal("c"), graph))
    store.close()
    bulk_build(store_path, data_dir, workers=0)
    assert any(q.endswith("<https://w3id.org/tdkt/id/graph/file/extra>") for q in _quads(store_path))


def test_a_discarded_spool_loads_nothing(tmp_path: Path) -> None:
    """A rejected build ends its spool without handing the engine what was spooled (a rejected build of a
    thousand documents had first loaded them all, then thrown the store away)."""
    store = ox.Store(str(tmp_path / "store"))
    spool = bulk._Spool(tmp_path, store)
    quad = b'<http://example.org/a> <http://example.org/b> "c" <http://example.org/g> .\n'
    spool.add(NQuads(named=quad, default=b'<http://example.org/a> <http://example.org/b> "c" .\n'))
    spool.discard()
    assert len(store) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["store"]
    finished = bulk._Spool(tmp_path, store)
    finished.add(NQuads(named=quad, default=b""))
    finished.finish()
    assert len(store) == 1

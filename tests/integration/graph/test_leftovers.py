"""Leftovers of killed builds and servers beside a store are removed by the next command; a store set aside
by a swap that was killed half-way is put back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

from tdkt.graph.store.leftovers import abandoned, remove_abandoned
from tdkt.graph.store.oxigraph import OxigraphStore


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def make_store(path: Path, marker: str) -> None:
    store = ox.Store(str(path))
    store.add(ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"),
                      ox.Literal(marker), ox.NamedNode("http://example.org/g")))
    store.flush()
    del store


def test_leftovers_of_dead_processes_go_live_ones_stay(tmp_path: Path) -> None:
    target = tmp_path / "store"
    make_store(target, "current")
    pid = dead_pid()
    dead = [tmp_path / f".store.bulk-{pid}", tmp_path / f".store.serve-{pid}", tmp_path / f".store.bulk-{pid}.old"]
    live = tmp_path / f".store.serve-{os.getpid()}"
    other = tmp_path / f".other.bulk-{pid}"
    for folder in [*dead, live, other]:
        folder.mkdir()
    assert abandoned(target) == sorted(dead)
    OxigraphStore(target).close()  # any command that opens the store
    assert [p.exists() for p in dead] == [False, False, False]
    assert live.exists() and other.exists()


def test_a_store_parked_by_a_killed_swap_is_put_back(tmp_path: Path) -> None:
    target = tmp_path / "store"
    pid = dead_pid()
    parked = tmp_path / f".store.bulk-{pid}.old"
    make_store(parked, "old")
    (tmp_path / f".store.bulk-{pid}").mkdir()  # the new store, never swapped in
    assert remove_abandoned(target) == [tmp_path / f".store.bulk-{pid}"]
    store = ox.Store(str(target))
    assert [q.object.value for q in store] == ["old"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]

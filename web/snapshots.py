"""Snapshots of the store for ``tdkt serve``: what the engines read, and how they see new loads.

Opening a store read-only while another process writes it is undefined
behaviour in Oxigraph, so the engines never read the live store. The server
takes a *checkpoint* of it instead (``Store.backup``: hard links to RocksDB's
immutable files, a few milliseconds), which nothing ever writes, and the
engines read that. A checkpoint needs the store opened for writing, which a
running ``tdkt load`` or ``tdkt build`` holds (RocksDB's lock): then the
keeper waits and tries again, so it only ever copies a committed state. When
the store folder changes (a load committed, a bulk build swapped its folder
in), the next check takes a new snapshot; the engines switch to it with their
next query (after the pool has computed the snapshot's whole-graph statistics,
:mod:`tdkt.web.answers`). Writers that find the lock held by the keeper wait for it
(:class:`graph.store.oxigraph.OxigraphStore` retries for a while).

Snapshots live beside the store in ``.<name>.serve-<pid>/``; the folder is
removed when the server stops, and folders of servers that were killed are
removed when the next one starts.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from tdkt.graph.store.leftovers import remove_abandoned

Signature = tuple[int, tuple[tuple[str, int, int], ...]]


def signature(store: Path) -> Signature | None:
    """What changes when a writer commits: the folder itself (a swap) and its files' names, sizes and times."""
    try:
        folder = store.stat().st_ino
        entries = []
        for entry in os.scandir(store):
            with contextlib.suppress(FileNotFoundError):
                info = entry.stat()
                entries.append((entry.name, info.st_size, info.st_mtime_ns))
    except (FileNotFoundError, NotADirectoryError):
        return None
    return folder, tuple(sorted(entries))


@dataclass(frozen=True)
class Snapshot:
    path: Path
    generation: int
    taken: float


class SnapshotKeeper:
    """Takes a snapshot of the store whenever it changed; removes the ones no engine reads any more."""

    def __init__(self, store: Path) -> None:
        self.store = store
        self.folder = store.parent / f".{store.name}.serve-{os.getpid()}"
        self.current: Snapshot | None = None
        self.last_error = ""
        self._seen: Signature | None = None
        self._generation = 0
        self._lock = threading.Lock()

    def remove_abandoned(self) -> None:
        """Snapshot folders of servers that are gone (and other leftovers of killed commands)."""
        remove_abandoned(self.store)

    def refresh(self, prepare: Callable[[Snapshot], None] | None = None) -> bool:
        """Take a new snapshot if the store changed since the last one; True when one was taken.

        ``prepare`` runs on the new snapshot before it becomes current. False when nothing changed, or when
        a writer holds the store (try again later; ``last_error`` says why)."""
        with self._lock:
            now = signature(self.store)
            if now is None:
                self.last_error = f"no store at {self.store}"
                return False
            if now == self._seen and self.current is not None:
                return False
            self._generation += 1
            target = self.folder / f"snapshot-{self._generation}"
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                store = ox.Store(str(self.store))
            except OSError as exc:  # a writer holds the lock, or the folder is not a store
                self.last_error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                return False
            try:
                store.backup(str(target))
            except OSError as exc:
                self.last_error = str(exc).splitlines()[0]
                shutil.rmtree(target, ignore_errors=True)
                return False
            finally:
                del store
            self._seen = signature(self.store)  # after our own open and close, which rewrite a few files
            snapshot = Snapshot(target, self._generation, time.time())
            if prepare is not None:
                prepare(snapshot)
            self.current = snapshot
            self.last_error = ""
            return True

    def wait_first(self, timeout_s: float, prepare: Callable[[Snapshot], None] | None = None) -> Snapshot:
        """The first snapshot, waiting while a writer holds the store."""
        deadline = time.monotonic() + timeout_s
        while not self.refresh(prepare) and self.current is None:
            if time.monotonic() > deadline:
                raise RuntimeError(f"cannot read the store at {self.store}: {self.last_error}")
            time.sleep(0.2)
        assert self.current is not None
        return self.current

    def prune(self, in_use: set[Path]) -> None:
        """Remove snapshots that are neither current nor read by an engine."""
        with self._lock:
            if not self.folder.is_dir():
                return
            keep = {p.resolve() for p in in_use}
            if self.current is not None:
                keep.add(self.current.path.resolve())
            for entry in self.folder.iterdir():
                if entry.resolve() not in keep:
                    shutil.rmtree(entry, ignore_errors=True)

    def close(self) -> None:
        with self._lock:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.current = None

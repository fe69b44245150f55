"""The engine pool of ``tdkt serve``: a few engine processes over snapshots of the store, supervised.

A supervisor thread restarts an engine that died and takes a new snapshot
when a load or a build changed the store (:mod:`web.snapshots`), and computes
the whole-graph statistics of each snapshot before serving it
(:mod:`web.answers`). Every other request goes to an idle engine with its
deadline (:class:`web.worker.Worker`).
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from pathlib import Path
from typing import Any

from tdkt.web.answers import SnapshotAnswers
from tdkt.web.snapshots import Snapshot, SnapshotKeeper
from tdkt.web.worker import GRACE_S, READY_TIMEOUT_S, EngineDied, EngineTimeout, Worker, isolation


class EnginePool:
    """A few engine processes over snapshots of the store at ``location``, supervised.

    A supervisor thread replaces engines that died (killed by a user, by the
    kernel, or by us at a deadline) and takes a new snapshot when the store
    changed (:class:`web.snapshots.SnapshotKeeper`). Each request goes to an idle engine with the
    current snapshot; one that passes its deadline has its engine killed and
    replaced.
    """

    def __init__(self, location: Path, timeout_s: float, workers: int = 2, check_every_s: float = 0.5) -> None:
        if not is_store_folder(location):
            raise RuntimeError(f"no Oxigraph store at {location} (build one with 'tdkt build')")
        self.location = location
        self.timeout_s = timeout_s
        self.size = max(1, workers)
        self.check_every_s = check_every_s
        self.keeper = SnapshotKeeper(location)
        self.answers = SnapshotAnswers()
        self.restarts = 0
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._workers: dict[int, Worker] = {}
        self._lock = threading.Lock()
        self._tending = threading.Lock()
        self._stop = threading.Event()
        self._supervisor: threading.Thread | None = None
        self.started_at = 0.0

    @property
    def can_restart(self) -> bool:
        return True

    def start(self) -> None:
        self.keeper.remove_abandoned()
        for _ in range(self.size):
            self._add()
        self.keeper.wait_first(READY_TIMEOUT_S, self._prepare)
        self.started_at = time.time()
        self._stop.clear()
        self._supervisor = threading.Thread(target=self._supervise, name="engine-supervisor", daemon=True)
        self._supervisor.start()

    def _add(self) -> None:
        worker = Worker()
        with self._lock:
            self._workers[worker.pid] = worker
        self._idle.put(worker)

    def _drop(self, worker: Worker) -> None:
        worker.kill()
        with self._lock:
            self._workers.pop(worker.pid, None)

    def _replace_soon(self) -> None:
        """Start the supervision round now rather than at the next tick (an engine was just dropped)."""
        threading.Thread(target=self._tend_quietly, daemon=True).start()

    def _tend_quietly(self) -> None:
        with contextlib.suppress(Exception):
            self.tend()

    def _supervise(self) -> None:
        while not self._stop.wait(self.check_every_s):
            self._tend_quietly()

    def tend(self) -> None:
        """One round of supervision: replace dead engines, snapshot a changed store, prune old snapshots."""
        with self._tending:
            self._tend()

    def _tend(self) -> None:
        with self._lock:
            dead = [w for w in self._workers.values() if not w.alive()]
        for worker in dead:
            self._drop(worker)
        with self._lock:
            missing = self.size - len(self._workers)
        for _ in range(missing):
            if self._stop.is_set():
                return
            self._add()
            self.restarts += 1
        self.keeper.refresh(self._prepare)
        with self._lock:
            in_use = {w.snapshot for w in self._workers.values() if w.snapshot is not None}
        self.keeper.prune(in_use)

    def _take(self, deadline: float) -> Worker:
        while True:
            try:
                worker = self._idle.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise EngineTimeout() from None
            if worker.alive():
                return worker
            self._drop(worker)  # the supervisor starts its replacement

    def _prepare(self, snapshot: Snapshot) -> None:
        """Compute the snapshot's whole-graph statistics on an engine, before the snapshot is served."""
        def ask(request: dict[str, Any]) -> dict[str, Any]:
            return self._ask_on(snapshot, request, time.monotonic() + self.timeout_s + GRACE_S)

        self.answers.publish(self.answers.prepare(snapshot.generation, ask))

    def ask(self, request: dict[str, Any], deadline: float) -> dict[str, Any]:
        """The answer to ``request`` on the current snapshot, by ``deadline`` (monotonic): the snapshot's
        prepared statistics for their query texts, else an engine's."""
        snapshot = self.keeper.current
        assert snapshot is not None
        prepared = self.answers.lookup(snapshot.generation, request)
        if prepared is not None:
            return prepared
        return self._ask_on(snapshot, request, deadline)

    def _ask_on(self, snapshot: Snapshot, request: dict[str, Any], deadline: float) -> dict[str, Any]:
        worker = self._take(deadline)
        worker.snapshot = snapshot.path
        try:
            answer = worker.ask({**request, "snapshot": str(snapshot.path)}, deadline)
        except (EngineDied, EngineTimeout):
            self._drop(worker)
            self._replace_soon()
            raise
        self._idle.put(worker)
        return answer

    def health(self) -> dict[str, Any]:
        with self._lock:
            workers = [{"pid": w.pid, "alive": w.alive(), "snapshot": w.snapshot.name if w.snapshot else None}
                       for w in self._workers.values()]
        current = self.keeper.current
        alive = sum(1 for w in workers if w["alive"])
        return {"status": "ok" if alive else "unavailable", "engines": workers, "engines_alive": alive,
                "engines_wanted": self.size, "restarts": self.restarts,
                "snapshot": {"generation": current.generation, "taken": current.taken} if current else None,
                "snapshot_error": self.keeper.last_error or None, "isolated_network": bool(isolation()),
                "statistics": self.answers.state()}

    def restart(self) -> None:
        """Kill every engine; the supervisor starts new ones."""
        with self._lock:
            workers = list(self._workers.values())
        for worker in workers:
            worker.kill()

    def stop(self) -> None:
        self._stop.set()
        if self._supervisor is not None:
            self._supervisor.join(timeout=10)
        with self._lock:
            workers = list(self._workers.values())
            self._workers.clear()
        for worker in workers:
            worker.kill()
        self.keeper.close()


def is_store_folder(location: Path) -> bool:
    return (location / "CURRENT").exists() or any(location.glob("*.sst"))

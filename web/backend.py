"""The store behind the local endpoint: supervised engine processes over snapshots of the store.

``tdkt serve`` answers queries with :mod:`web.engine` processes (two by
default) that read a snapshot of the store (:mod:`web.snapshots`) and talk to
the proxy over their standard input and output only: no port, no socket, so
nothing but the proxy can reach them. A supervisor thread restarts an engine
that died and takes a new snapshot when a load or a build changed the store.

Every request has a deadline counted from its arrival at the proxy: the
engine checks (parses) and runs the query, and if the answer is not there by
the deadline plus a short grace, the engine is killed (the only way to stop
pyoxigraph mid-query) and replaced, and the request gets 504.

With ``--endpoint`` the store is a remote SPARQL endpoint instead: the
deadline still bounds every request (:mod:`web.proxy`), but nothing can be
restarted.
"""
# long: split pending: the engine pool is reworked by the remaining engine work of issue 14

from __future__ import annotations

import contextlib
import queue
import select
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from tdkt.graph.results import Rows, Term, make_rows
from tdkt.graph.store.binding import with_leading_values
from tdkt.kernel.errors import QueryError, StoreError
from tdkt.web.engine import receive, send
from tdkt.web.snapshots import SnapshotKeeper

GRACE_S = 0.5  # past the deadline, the engine is killed: the answer comes by the limit + 1 s
READY_TIMEOUT_S = 30.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_answers(url: str, timeout_s: float, alive: Callable[[], bool] = lambda: True) -> bool:
    """Poll ``url`` until it answers; False once ``timeout_s`` passes or ``alive()`` says the server died."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return True
        except OSError:
            if not alive() or time.monotonic() > deadline:
                return False
            time.sleep(0.05)


def oxigraph_binary() -> str:
    """The ``oxigraph`` command installed with the ``oxigraph`` package (beside this Python, or on PATH)."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the oxigraph server is not installed: pip install oxigraph")
    return found


class EngineDied(Exception):
    """The engine process ended during a request (it was killed, or crashed)."""


class EngineTimeout(Exception):
    """The request passed its deadline; the engine computing it was killed."""


UNSHARE = ("unshare", "--user", "--net")


@lru_cache(maxsize=1)
def _isolation() -> tuple[str, ...]:
    """A command prefix that starts the engine with no network (its own empty network namespace), when the
    system allows unprivileged user namespaces; else nothing (the engine's own SERVICE checks remain)."""
    if not shutil.which(UNSHARE[0]):
        return ()
    try:
        done = subprocess.run([*UNSHARE, "true"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ()
    return UNSHARE if done.returncode == 0 else ()


class Worker:
    """One engine process (``python -m tdkt.web.engine``), reached only through its stdin and stdout."""

    def __init__(self) -> None:
        command = [*_isolation(), sys.executable, "-m", "tdkt.web.engine"]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, cwd=Path(__file__).resolve().parents[1])
        self.snapshot: Path | None = None
        self.started = time.monotonic()
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], READY_TIMEOUT_S)
        hello = receive(self.process.stdout) if ready else None
        if not isinstance(hello, dict) or "ready" not in hello:
            self.kill()
            raise RuntimeError("the query engine did not start (python -m tdkt.web.engine)")
        self.pid = int(self.process.pid)

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()

    def ask(self, request: dict[str, Any], deadline: float) -> dict[str, Any]:
        """Send one request and wait for the answer until ``deadline`` (monotonic); kill the engine past it."""
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            send(self.process.stdin, request)
        except (BrokenPipeError, OSError) as exc:
            self.kill()
            raise EngineDied(str(exc)) from exc
        ready, _, _ = select.select([self.process.stdout], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            self.kill()
            raise EngineTimeout()
        answer = receive(self.process.stdout)
        if not isinstance(answer, dict):
            self.kill()
            raise EngineDied("the engine ended without answering")
        return answer


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
        self.keeper.wait_first(READY_TIMEOUT_S)
        for _ in range(self.size):
            self._add()
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
        self.keeper.refresh()
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

    def ask(self, request: dict[str, Any], deadline: float) -> dict[str, Any]:
        """The answer of an engine to ``request`` on the current snapshot, by ``deadline`` (monotonic)."""
        worker = self._take(deadline)
        snapshot = self.keeper.current
        assert snapshot is not None
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
                "snapshot_error": self.keeper.last_error or None, "isolated_network": bool(_isolation())}

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


@dataclass
class RemoteEndpoint:
    """A SPARQL endpoint we do not run: nothing to start, stop or restart."""

    query_url: str
    timeout_s: float
    default_graph: str | None = None  # the named graph standing for the default graph (web.proxy)
    restarts: int = 0

    @property
    def can_restart(self) -> bool:
        return False

    def start(self) -> None:
        pass

    def restart(self) -> None:
        pass

    def stop(self) -> None:
        pass


Backend = EnginePool | RemoteEndpoint



class EngineStore:
    """The read side of :class:`graph.store.base.Store` over the engine pool, for the pages and views.

    Each call is one request with its own deadline (the time limit from the call); values are bound as the
    embedded store binds them (``graph.store.binding``), never pasted.
    """

    def __init__(self, pool: EnginePool, timeout_s: float) -> None:
        self.pool = pool
        self.timeout_s = timeout_s

    def _ask(self, request: dict[str, Any]) -> dict[str, Any]:
        try:
            answer = self.pool.ask(request, time.monotonic() + self.timeout_s + GRACE_S)
        except EngineTimeout:
            raise QueryError(f"the query ran past the time limit of {self.timeout_s:g} s and was stopped") from None
        except EngineDied as exc:
            raise StoreError(f"the query engine stopped while answering and is being restarted ({exc})") from exc
        if "error" in answer:
            raise QueryError(str(answer["message"]))
        return answer

    def _run(self, sparql: str, bindings: Mapping[str, Term] | None) -> dict[str, Any]:
        text = with_leading_values(sparql, bindings)  # as the embedded store binds them
        return self._ask({"query": text, "check": False, "max_rows": None})

    def select(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> Rows:
        answer = self._run(sparql, bindings)
        if answer["form"] != "SELECT":
            raise QueryError("this is not a SELECT query")
        solutions = ox.parse_query_results(b"\n".join(answer["lines"]) + b"\n", format=ox.QueryResultsFormat.TSV)
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        return make_rows(names, [[s[n] for n in names] for s in solutions])

    def ask(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> bool:
        answer = self._run(sparql, bindings)
        if answer["form"] != "ASK":
            raise QueryError("this is not an ASK query")
        return bool(ox.parse_query_results(answer["lines"][0], format=ox.QueryResultsFormat.JSON))

    def construct(self, sparql: str) -> list[ox.Triple]:
        answer = self._run(sparql, None)
        if answer["form"] not in ("CONSTRUCT", "DESCRIBE"):
            raise QueryError("this is not a CONSTRUCT or DESCRIBE query")
        data = b"\n".join(answer["lines"]) + b"\n"
        return [t for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES) if isinstance(t, ox.Triple)]

    def quads(self) -> list[ox.Quad]:
        data = self._ask({"kind": "dump"})["data"]
        return sorted((q for q in ox.parse(data, format=ox.RdfFormat.N_QUADS) if isinstance(q, ox.Quad)), key=str)

    def graph_names(self) -> list[ox.NamedNode]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        return sorted((t for t in (r.term("g") for r in rows) if isinstance(t, ox.NamedNode)), key=lambda g: g.value)

    def count(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows.rows[0]["n"])

    def replace_graphs(self, graphs: Mapping[ox.NamedNode, Sequence[ox.Quad]]) -> None:
        raise StoreError("the served store is read-only")

    def drop_graphs(self, graphs: Sequence[ox.NamedNode]) -> None:
        raise StoreError("the served store is read-only")

    def close(self) -> None:
        pass

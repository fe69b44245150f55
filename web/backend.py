"""The store behind the local endpoint: a real ``oxigraph serve-read-only`` on a private loopback port.

Oxigraph answers the queries; this module starts it, asks it, and stops a
runaway query. Oxigraph's own ``--timeout-s`` cancels most queries in time,
but some (a large cross join under an aggregate) keep a core busy long past
it, even after the client hangs up (measured: 60 s for a 2 s limit). So the
proxy keeps its own deadline, the limit plus a grace period, and when it
passes it restarts the oxigraph process: the only way to stop the work.
Queries running at that moment fail with 503 and can be sent again.

With ``--endpoint`` the store is a remote SPARQL endpoint instead: the
deadline still bounds every request, but nothing can be restarted.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import httpx

from web.sparql import CANCELLED, ProtocolError

GRACE_S = 2.0
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


class OxigraphProcess:
    """``oxigraph serve-read-only`` over a store folder, on 127.0.0.1, restartable."""

    def __init__(self, location: Path, timeout_s: float, port: int | None = None) -> None:
        if not (location / "CURRENT").exists() and not any(location.glob("*.sst")):
            raise RuntimeError(f"no Oxigraph store at {location} (build one with 'tdkt build')")
        self.location = location
        self.timeout_s = timeout_s
        self.port = port or free_port()
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self.restarts = 0

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    @property
    def can_restart(self) -> bool:
        return True

    def start(self) -> None:
        with self._lock:
            self._start()

    def _start(self) -> None:
        command = [oxigraph_binary(), "serve-read-only", "--location", str(self.location),
                   "--bind", f"127.0.0.1:{self.port}",
                   "--timeout-s", str(max(1, math.ceil(self.timeout_s)))]
        self._process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                         env={**os.environ, "RUST_LOG": "warn"})
        process = self._process
        if not wait_until_answers(f"{self.query_url}?query=ASK%7B%7D", READY_TIMEOUT_S,
                                  lambda: process.poll() is None):
            err = process.stderr.read().decode(errors="replace") if process.stderr else ""
            self._kill()
            raise RuntimeError(f"oxigraph serve-read-only did not start: {err.strip()[:500]}")

    def _kill(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        if process.stderr:
            process.stderr.close()

    def restart(self) -> None:
        """Stop the process (and whatever it was computing) and start it again on the same port."""
        with self._lock:
            self._kill()
            self.restarts += 1
            self._start()

    def stop(self) -> None:
        with self._lock:
            self._kill()


@dataclass
class RemoteEndpoint:
    """A SPARQL endpoint we do not run: nothing to start, stop or restart."""

    query_url: str
    timeout_s: float
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


Backend = OxigraphProcess | RemoteEndpoint
ACCEPT = {"SELECT": "text/tab-separated-values", "ASK": "application/sparql-results+json",
          "CONSTRUCT": "application/n-triples", "DESCRIBE": "application/n-triples"}


@dataclass
class Fetched:
    lines: list[bytes]
    truncated: bool


class Proxy:
    """Sends checked queries to the backend with a deadline and a row cap."""

    def __init__(self, backend: Backend, max_rows: int, timeout_s: float) -> None:
        self.backend = backend
        self.max_rows = max_rows
        self.timeout_s = timeout_s
        self._restart_lock = asyncio.Lock()

    async def fetch(self, query: str, form: str, default_graphs: list[str], named_graphs: list[str]) -> Fetched:
        """The backend's answer as lines (header first for SELECT), at most ``max_rows`` rows."""
        try:
            return await asyncio.wait_for(self._fetch(query, form, default_graphs, named_graphs),
                                          timeout=self.timeout_s + GRACE_S)
        except TimeoutError:
            if self.backend.can_restart:
                async with self._restart_lock:
                    await asyncio.to_thread(self.backend.restart)
            raise ProtocolError(504, f"the query ran past the time limit of {self.timeout_s:g} s and was stopped") \
                from None

    async def _fetch(self, query: str, form: str, default_graphs: list[str], named_graphs: list[str]) -> Fetched:
        form_data: list[tuple[str, str]] = [("query", query)]
        form_data += [("default-graph-uri", g) for g in default_graphs]
        form_data += [("named-graph-uri", g) for g in named_graphs]
        limit = self.max_rows + (1 if form == "SELECT" else 0)  # the SELECT header line is not a row
        lines: list[bytes] = []
        truncated = False
        timeout = httpx.Timeout(self.timeout_s + GRACE_S + 5, connect=5)
        try:
            async with httpx.AsyncClient(timeout=timeout, trust_env=False) as client, client.stream(
                "POST", self.backend.query_url, content=urlencode(form_data).encode("ascii"),
                headers={"Accept": ACCEPT[form], "Content-Type": "application/x-www-form-urlencoded"},
            ) as response:
                if response.status_code >= 400:
                    text = (await response.aread()).decode(errors="replace").strip()
                    status = 400 if response.status_code == 400 else 502
                    raise ProtocolError(status, f"the store refused the query: {text[:500]}")
                if form == "ASK":
                    lines = [await response.aread()]
                else:
                    buffer = b""
                    async for chunk in response.aiter_bytes():
                        buffer += chunk
                        *complete, buffer = buffer.split(b"\n")
                        lines.extend(complete)
                        if len(lines) > limit:
                            truncated = True
                            break
                    else:
                        if buffer:
                            lines.append(buffer)
        except httpx.TransportError as exc:
            raise ProtocolError(503, f"the store is not answering (it may have been restarted): {exc}") from exc
        if lines and lines[-1].rstrip().endswith(CANCELLED.encode()):
            raise ProtocolError(504, f"the query ran past the time limit of {self.timeout_s:g} s and was cancelled")
        if truncated:
            lines = lines[:limit]
        return Fetched(lines, truncated)


async def close_quietly(backend: Backend) -> None:
    with contextlib.suppress(Exception):
        await asyncio.to_thread(backend.stop)

"""One engine process of ``tdkt serve`` (``python -m tdkt.web.engine``), reached only through its stdin and stdout.

The engine starts with no network where the system allows it (its own empty
network namespace, ``unshare --user --net``); a request that passes its
deadline has its engine killed, the only way to stop pyoxigraph mid-query.
"""

from __future__ import annotations

import contextlib
import select
import shutil
import subprocess
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from tdkt.web.engine import receive, send

GRACE_S = 0.5  # past the deadline, the engine is killed: the answer comes by the limit + 1 s
READY_TIMEOUT_S = 30.0


class EngineDied(Exception):
    """The engine process ended during a request (it was killed, or crashed)."""


class EngineTimeout(Exception):
    """The request passed its deadline; the engine computing it was killed."""


UNSHARE = ("unshare", "--user", "--net")


@lru_cache(maxsize=1)
def isolation() -> tuple[str, ...]:
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
        command = [*isolation(), sys.executable, "-m", "tdkt.web.engine"]
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

"""Local server processes: a free loopback port, waiting until a server answers, the ``oxigraph`` command."""

from __future__ import annotations

import shutil
import socket
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path


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

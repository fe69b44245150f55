"""Run ``tdkt`` and kill it (SIGKILL, by itself) at a chosen point: before or after the n-th call of a function.

Used by ``tests/integration/graph/test_fault_injection.py``; not a test itself. The point is given
as ``module:qualified.name:before|after:n`` in ``TDKT_FAULT``; the function is
wrapped before the command starts, and when its n-th call begins (``before``)
or returns (``after``), the process sends itself SIGKILL: no ``finally``, no
``atexit``, nothing of the process's own clean-up runs, as with a power cut
of the process. Without ``TDKT_FAULT`` it runs ``tdkt`` unchanged.

    TDKT_FAULT=graph.bulk:exchange:after:1 python tests/support/fault_runner.py --store S build DATA
"""

from __future__ import annotations

import functools
import importlib
import os
import signal
import sys
from collections.abc import Callable
from typing import Any


def _die() -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def arm(spec: str) -> None:
    """Wrap the function named by ``spec`` (``module:qualname:before|after:n``) to kill the process there."""
    module_name, qualname, when, nth = spec.split(":")
    if when not in ("before", "after"):
        raise SystemExit(f"TDKT_FAULT: '{when}' is neither before nor after")
    owner: Any = importlib.import_module(module_name)
    *path, name = qualname.split(".")
    for part in path:
        owner = getattr(owner, part)
    original: Callable[..., Any] = getattr(owner, name)
    calls = 0

    @functools.wraps(original)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if when == "before" and calls == int(nth):
            _die()
        result = original(*args, **kwargs)
        if when == "after" and calls == int(nth):
            _die()
        return result

    setattr(owner, name, staticmethod(wrapped) if isinstance(owner, type) and _is_static(owner, name) else wrapped)


def _is_static(owner: type, name: str) -> bool:
    return isinstance(owner.__dict__.get(name), staticmethod)


def main() -> int:
    spec = os.environ.get("TDKT_FAULT", "")
    for item in filter(None, spec.split(",")):
        arm(item)
    from tdkt.cli.main import main as tdkt_main

    return tdkt_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())

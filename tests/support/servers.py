"""The oxigraph binary the server fixtures and the engine tests start."""

from __future__ import annotations

import pytest

from tdkt.web import backend


def oxigraph_binary() -> str:
    try:
        return backend.oxigraph_binary()
    except RuntimeError as exc:
        pytest.fail(str(exc))

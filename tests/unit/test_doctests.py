"""The ``>>>`` examples in the modules' docstrings hold: each module that has any is run through doctest."""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import pkgutil
from pathlib import Path

import pytest

import tdkt


def modules_with_examples() -> list[str]:
    """The modules of tdkt whose source has a ``>>>`` (read as text: only they are imported)."""
    names = []
    for info in pkgutil.walk_packages(tdkt.__path__, "tdkt."):
        spec = importlib.util.find_spec(info.name)
        if spec and spec.origin and ">>>" in Path(spec.origin).read_text(encoding="utf-8"):
            names.append(info.name)
    return sorted(names)


MODULES = modules_with_examples()


def test_the_examples_are_found() -> None:
    assert {"tdkt.kernel.names", "tdkt.queries.analytics", "tdkt.graph.campaigns"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_examples_hold(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has '>>>' but doctest found no example"
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples of {name} fail (output above)"

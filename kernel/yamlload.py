"""YAML with libyaml when it is installed: the project's own data files (extraction patterns, lookups, query
headers) are read at the start of most commands, and the pure-Python parser takes ten times as long."""

from __future__ import annotations

from typing import Any

import yaml

SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """``yaml.safe_load`` with the fastest safe loader."""
    return yaml.load(text, Loader=SAFE_LOADER)

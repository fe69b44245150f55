"""Where things are, for every test module wherever it sits in the tiers."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
SHARED = REPO.parent / "shared"
DATA = TESTS / "data"
GOLDEN = TESTS / "golden"

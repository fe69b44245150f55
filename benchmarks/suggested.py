"""The speed-ups suggested for files this benchmark does not own, applied at run time for measurement only.

    from benchmarks.suggested import apply; apply()

Both earlier suggestions are now made in their modules, so ``apply()`` patches nothing and
the "suggested" columns of the benchmarks measure the code as is:

1. ``loaders.names.key`` behind an ``lru_cache`` (``loaders/names.py``).
2. Each record validated with the validator of its own type: ``loaders.records.RecordsValidator``
   (``PerTypeValidator`` here is its former name).

Put the next suggestion in ``apply()``; see docs/performance.md, "Suggested changes".
"""

from __future__ import annotations

from loaders.records import RecordsValidator as PerTypeValidator

__all__ = ["PerTypeValidator", "apply"]


def apply() -> None:
    """Nothing to patch: every suggestion here has been made in its own module."""

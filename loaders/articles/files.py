"""Which files are articles: plain text or saved HTML pages, found by their suffix."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")


def article_files(paths: Iterable[Path]) -> list[Path]:
    """The articles among ``paths``: a file as it is, a folder's articles in name order (not its sub-folders)."""
    found = [p for path in paths for p in (sorted(path.iterdir()) if path.is_dir() else [path])]
    return [p for p in found if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES]

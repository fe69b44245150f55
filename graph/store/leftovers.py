"""Folders that processes working on a store leave beside it, and their removal once those processes are gone.

A bulk build writes a new store in ``.<name>.bulk-<pid>`` (and, where folders
cannot be exchanged in one call, parks the old one at ``….old``); ``tdkt
serve`` keeps its snapshots in ``.<name>.serve-<pid>``. A process killed
mid-way leaves its folder behind. Every command that opens the store calls
:func:`remove_abandoned` first, so the leftovers of a killed command are gone
after the next one; a folder whose process still runs is never touched.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

KINDS = ("bulk", "old", "serve")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def abandoned(target: Path) -> list[Path]:
    """The leftover folders beside the store at ``target`` whose process is gone."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(?:{'|'.join(KINDS)})-(\d+)(?:\.old)?")
    if not target.parent.is_dir():
        return []
    found = []
    for entry in target.parent.iterdir():
        match = pattern.fullmatch(entry.name)
        if match and not _alive(int(match.group(1))):
            found.append(entry)
    return sorted(found)


def _parked(entry: Path) -> bool:
    """A store set aside by a swap that was killed before the new one took its place."""
    return (entry.name.endswith(".old") or ".old-" in entry.name) and (entry / "CURRENT").exists()


def remove_abandoned(target: Path) -> list[Path]:
    """Remove the leftovers of killed processes beside the store at ``target``; returns what was removed.

    Where a swap of folders was killed between its two renames (no ``renameat2``), nothing is at ``target``
    and the old store waits beside it: it is put back first, so the store is as it was before the swap.
    """
    found = abandoned(target)
    if not target.exists():
        parked = [entry for entry in found if _parked(entry)]
        if parked:
            newest = max(parked, key=lambda entry: entry.stat().st_mtime_ns)
            os.rename(newest, target)
            found.remove(newest)
    for entry in found:
        shutil.rmtree(entry, ignore_errors=True)
    return found

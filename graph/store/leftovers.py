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


def remove_abandoned(target: Path) -> list[Path]:
    """Remove the leftovers of killed processes beside the store at ``target``; returns what was removed."""
    gone = abandoned(target)
    for entry in gone:
        shutil.rmtree(entry, ignore_errors=True)
    return gone

"""Which writer a build or load uses, chosen from what it writes and the target store, and the write itself.

``tdkt build`` writes the embedded store in bulk at every size: a new store folder swapped in at the end
(:class:`graph.bulk.FolderSwapWriter`), the fastest way (docs/performance.md, "Building the store").
``tdkt load`` updates the embedded store in place in one transaction
(:class:`graph.transaction.TransactionWriter`), which costs what it loads and not the store's size, until
the input is large: from :data:`BULK_FROM` documents or :data:`BULK_FROM_MB` MB of records files on, it is
written in bulk too (in place, one SPARQL update costs about 600 times the document in memory; in bulk a
document streams). A remote endpoint is always written in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tdkt.graph.build import run
from tdkt.graph.identity import Identity
from tdkt.graph.sources import BuildReport, Progress, Sources
from tdkt.graph.store import open_store
from tdkt.graph.transaction import TransactionWriter
from tdkt.kernel.errors import TdktError

BULK_FROM = 500  # documents: from this many on, a load writes the embedded store in bulk
BULK_FROM_MB = 2  # records files: from this many MB on, a load writes in bulk too


@dataclass(frozen=True)
class Target:
    """The store a write goes to: the embedded store at ``store_path``, or a remote endpoint."""

    store_path: Path
    endpoint: str | None = None
    update_endpoint: str | None = None
    default_graph: str | None = None


def wants_bulk(sources: Sources, target: Target, replace_sources: bool) -> bool:
    """Whether to write the embedded store in bulk (never a remote endpoint): always for a build (which
    replaces every source), for a load when its sources are large."""
    if target.endpoint is not None:
        return False
    if replace_sources:
        return True
    size = sum(p.stat().st_size for p in sources.paths if p.is_file())
    return len(sources.items()) >= BULK_FROM or size >= BULK_FROM_MB * 2**20


def write(sources: Sources, target: Target, ids: Identity, *, bulk: bool | None = None,
          replace_sources: bool = False, progress: Progress | None = None) -> BuildReport:
    """Run the build pipeline into ``target``: in bulk, in place, or (``bulk=None``) as :func:`wants_bulk` says."""
    from tdkt.graph.bulk import FolderSwapWriter

    if bulk and target.endpoint:
        raise TdktError("--bulk writes the embedded store (--store); it cannot be used with --endpoint "
                        "or TDKT_ENDPOINT")
    if bulk is None:
        bulk = wants_bulk(sources, target, replace_sources)
    if bulk:
        return run(sources, FolderSwapWriter(target.store_path), ids, replace_sources=replace_sources,
                   progress=progress)
    store = open_store(target.store_path, target.endpoint, target.update_endpoint, target.default_graph)
    try:
        return run(sources, TransactionWriter(store), ids, replace_sources=replace_sources, progress=progress)
    finally:
        store.close()

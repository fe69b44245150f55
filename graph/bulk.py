"""Bulk build: records documents → N-Quads text → a fresh Oxigraph store on disk.

For large folders, where one SPARQL update (``graph.build``) is too slow. The
documents are read, checked and mapped by the same code as the normal build
(``loaders.structured.read_document``, ``graph.mapping.document_quads``), in
worker processes when there are several; each document's quads go out as
N-Quads text and reach pyoxigraph in large pieces, never one Python call per
triple: either one streaming ``Store.bulk_load`` or ``Store.load`` per chunk.

The store is built in a new folder beside ``store_path`` and swapped in only
when everything went well, so a failed build (a bad document, a crash) leaves
the old store as it was. Graphs of the old store that the build does not make
(RDF files added with ``tdkt load``) are carried over; source graphs come only
from the documents, as with ``graph.build.build``. Problems are collected over
all documents and raised together as one :class:`RecordError`.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from multiprocessing.pool import Pool
from pathlib import Path

import pyoxigraph as ox

from graph.campaigns import GRAPH_NAME as CAMPAIGN_GRAPH
from graph.campaigns import campaign_graph
from graph.identity import Identity
from graph.mapping import document_quads
from graph.reference import reference_graphs
from graph.store.oxigraph import OxigraphStore
from loaders.errors import Problem, RecordError, StoreError
from loaders.records import RecordsDocument
from loaders.structured import find_documents, read_document

METHODS = ("bulk_load", "load")
WINDOW = 512  # documents handed to the workers at a time (two windows in flight bound the memory)
CHUNK_BYTES = 64 << 20  # N-Quads text per Store.load call with method "load"

Item = Path | RecordsDocument
Mapped = tuple[str, str, bytes, int, list[Problem]]  # source id, origin, N-Quads, quads, problems
Progress = Callable[[str], None]


@dataclass(frozen=True)
class BulkReport:
    documents: int
    quads: int
    seconds: float
    method: str
    workers: int
    reference_graphs: int = 0  # the ontology and admin-unit graphs written with the documents
    reference_quads: int = 0

    @property
    def quads_per_second(self) -> float:
        return self.quads / self.seconds if self.seconds else 0.0


def nquads_with_default(quads: Iterable[ox.Quad]) -> bytes:
    """Each quad in its graph and again in the default graph (the loader keeps one copy of repeats),
    which is the store's layout (``graph.store.oxigraph``).

    >>> s, p, g = (ox.NamedNode(f"http://example.org/{n}") for n in "spg")
    >>> print(nquads_with_default([ox.Quad(s, p, ox.Literal("x"), g)]).decode(), end="")
    <http://example.org/s> <http://example.org/p> "x" <http://example.org/g> .
    <http://example.org/s> <http://example.org/p> "x" .
    """
    return "".join([f"{q} .\n{q.triple} .\n" for q in quads]).encode()


_IDS = Identity()


def _init_worker(ids: Identity) -> None:
    global _IDS
    _IDS = ids


def map_item(item: Item) -> Mapped:
    """Read (if a path), check and map one document; problems are returned, not raised."""
    origin = str(item) if isinstance(item, Path) else item.origin
    try:
        doc = read_document(item) if isinstance(item, Path) else item
        quads = document_quads(doc, _IDS)
    except RecordError as exc:
        return "", origin, b"", 0, list(exc.problems)
    return doc.source.id, doc.origin, nquads_with_default(quads), len(quads), []


def _mapped(items: Sequence[Item], ids: Identity, pool: Pool | None) -> Iterator[Mapped]:
    """Mapped documents in input order; with a pool, two windows are in flight at a time."""
    if pool is None:
        _init_worker(ids)
        yield from map(map_item, items)
        return
    windows = (items[i:i + WINDOW] for i in range(0, len(items), WINDOW))
    pending = [pool.imap(map_item, w, chunksize=8) for w in islice(windows, 2)]
    while pending:
        current = pending.pop(0)
        following = next(windows, None)
        if following is not None:
            pending.append(pool.imap(map_item, following, chunksize=8))
        yield from current


class _Stream(io.RawIOBase):
    """A binary reader over chunks of bytes, for ``Store.bulk_load``."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._buffer:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._buffer = chunk
        n = min(len(target), len(self._buffer))
        target[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n


class _Loader:
    """Feeds mapped documents to the store and keeps the counts and problems."""

    def __init__(self, ids: Identity, progress: Progress | None) -> None:
        self.ids, self.progress = ids, progress
        self.documents = self.quads = 0
        self.problems: list[Problem] = []
        self.seen: dict[str, str] = {}

    def chunks(self, mapped: Iterable[Mapped]) -> Iterator[bytes]:
        for source_id, origin, text, count, problems in mapped:
            if problems:
                self.problems += problems
                continue
            if source_id in self.seen:
                self.problems.append(Problem(origin, "source", "id", f"'{source_id}' is also the id of "
                                                                      f"{self.seen[source_id]}"))
                continue
            self.seen[source_id] = origin
            self.documents += 1
            self.quads += count
            if self.progress:
                self.progress(source_id)
            yield text


def _joined(chunks: Iterator[bytes], size: int) -> Iterator[bytes]:
    batch: list[bytes] = []
    held = 0
    for chunk in chunks:
        batch.append(chunk)
        held += len(chunk)
        if held >= size:
            yield b"".join(batch)
            batch, held = [], 0
    if batch:
        yield b"".join(batch)


def _carried_graphs(store_path: Path, ids: Identity) -> bytes:
    """Graphs of the old store that a build does not make (e.g. RDF files from ``tdkt load``), as N-Quads."""
    if not (store_path / "CURRENT").exists():
        return b""
    made = (ids.source("").value, ids.graph("ontology").value, ids.graph("admin-units").value,
            ids.graph(CAMPAIGN_GRAPH).value)
    old = ox.Store.read_only(str(store_path))
    keep = [g for g in old.named_graphs() if isinstance(g, ox.NamedNode) and not g.value.startswith(made)]
    data = b"".join(nquads_with_default(old.quads_for_pattern(None, None, None, g)) for g in keep)
    del old
    return data


def _swap(new: Path, target: Path) -> None:
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def bulk_build(store_path: Path, docs_or_dir: Path | Sequence[RecordsDocument], ids: Identity | None = None, *,
               method: str = "bulk_load", workers: int | None = None, chunk_bytes: int = CHUNK_BYTES,
               progress: Progress | None = None, extra: Sequence[RecordsDocument] = ()) -> BulkReport:
    """Build the store at ``store_path`` from a data folder (or parsed documents): the same quads as
    ``graph.build.build``, written in bulk into a fresh store that replaces the old one when done.

    ``method`` is ``"bulk_load"`` (one streaming ``Store.bulk_load``) or ``"load"`` (``Store.load`` per
    chunk of ``chunk_bytes``); ``workers`` processes map the documents (default 1: in this process, which
    measured as fast as two workers on 2 cores, see docs/performance.md). ``extra`` documents (e.g.
    extracted from articles) are loaded too.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}")
    ids = ids or Identity()
    workers = 1 if workers is None else workers
    start = time.perf_counter()
    items: list[Item] = [*(find_documents(docs_or_dir) if isinstance(docs_or_dir, Path) else docs_or_dir), *extra]
    carried = _carried_graphs(store_path, ids)
    reference = reference_graphs(ids)
    building = store_path.with_name(f".{store_path.name}.bulk-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    building.parent.mkdir(parents=True, exist_ok=True)
    loader = _Loader(ids, progress)
    # the workers fork before the store opens: a fork must not copy the store's threads mid-flight
    pool = multiprocessing.get_context("fork").Pool(workers, _init_worker, (ids,)) if workers > 1 else None
    try:
        chunks = loader.chunks(_mapped(items, ids, pool))
        store = ox.Store(str(building))
        head = nquads_with_default(q for qs in reference.values() for q in qs) + carried
        if method == "bulk_load":
            store.bulk_load(io.BufferedReader(_Stream(_prepend(head, chunks)), 1 << 20), format=ox.RdfFormat.N_QUADS)
        else:
            for chunk in _joined(_prepend(head, chunks), chunk_bytes):
                store.load(chunk, format=ox.RdfFormat.N_QUADS)
        store.flush()
        del store
        if loader.problems:
            raise RecordError(loader.problems)
        built = OxigraphStore(building)
        built.replace_graphs(campaign_graph(built, ids))
        built.close()
        _swap(building, store_path)
    except OSError as exc:
        shutil.rmtree(building, ignore_errors=True)
        raise StoreError(f"the bulk build of {store_path} failed: {exc}") from exc
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    return BulkReport(loader.documents, loader.quads, time.perf_counter() - start, method, workers,
                      len(reference), sum(len(quads) for quads in reference.values()))


def _prepend(head: bytes, chunks: Iterator[bytes]) -> Iterator[bytes]:
    if head:
        yield head
    yield from chunks

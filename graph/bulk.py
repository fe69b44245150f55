"""The bulk writer of the build pipeline: a new Oxigraph store folder, swapped in when everything went well.

For large builds, where one SPARQL update (``graph.transaction.TransactionWriter``)
is too slow. Documents are read, checked and mapped by the pipeline
(``graph.build.run``), in worker processes when there are several; each
document's quads come as N-Quads text and reach pyoxigraph in large pieces,
never one Python call per triple: either one streaming ``Store.bulk_load`` or
``Store.load`` per chunk.

The new store is written in a folder beside the target (``.<name>.bulk-<pid>``);
graphs of the old store that the build does not write are carried over (RDF
files added with ``tdkt load``, and with ``tdkt load --bulk`` every source
not loaded again). The commit exchanges the two folders in one
``renameat2(RENAME_EXCHANGE)`` call, so at every moment the target path holds
a complete store, the old or the new; the old one is then deleted. A failed
build (a bad document, a crash, a kill) leaves the old store as it was; a
folder left behind by a killed build is removed by the next command
(``graph.store.leftovers``).
"""

from __future__ import annotations

import ctypes
import errno
import io
import os
import shutil
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox

from tdkt.graph.build import run
from tdkt.graph.derived import Derivation, derived_names
from tdkt.graph.identity import Identity
from tdkt.graph.reading import Encoder, Payload
from tdkt.graph.session import Session
from tdkt.graph.sources import BuildReport, Progress, Sources
from tdkt.graph.store.base import Store
from tdkt.graph.store.leftovers import remove_abandoned
from tdkt.graph.store.oxigraph import OxigraphStore, is_store
from tdkt.kernel.errors import StoreError
from tdkt.loaders.records import RecordsDocument

METHODS = ("bulk_load", "load")
WORKERS = 0  # mapping processes beside the loading one (0: it maps too; on 2 cores a worker did not pay)
CHUNK_BYTES = 64 << 20  # N-Quads text per Store.load call with method "load"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def nquads_with_default(quads: Iterable[ox.Quad]) -> bytes:
    """Each quad in its graph and again in the default graph (the loader keeps one copy of repeats),
    which is the store's layout (``graph.store.oxigraph``).

    >>> s, p, g = (ox.NamedNode(f"http://example.org/{n}") for n in "spg")
    >>> print(nquads_with_default([ox.Quad(s, p, ox.Literal("x"), g)]).decode(), end="")
    <http://example.org/s> <http://example.org/p> "x" <http://example.org/g> .
    <http://example.org/s> <http://example.org/p> "x" .
    """
    return "".join([f"{q} .\n{q.triple} .\n" for q in quads]).encode()


class _Stream(io.RawIOBase):
    """A binary reader over chunks of bytes, for ``Store.bulk_load``."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buffer = memoryview(b"")  # the rest of the current chunk (a view: no copy of a large piece)

    def readable(self) -> bool:
        return True

    def readinto(self, target: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._buffer:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._buffer = memoryview(chunk)
        n = min(len(target), len(self._buffer))
        target[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n


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


def exchange(new: Path, target: Path) -> None:
    """Put the folder ``new`` at ``target`` at once; the old ``target`` (if any) ends up at ``new``.

    Linux's ``renameat2(RENAME_EXCHANGE)`` swaps the two names atomically. Where it is missing, the old
    folder is first renamed away: the one step at which ``target`` briefly holds nothing.
    """
    if not target.exists() and not target.is_symlink():
        os.rename(new, target)
        return
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        if renameat2(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(target), _RENAME_EXCHANGE) == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            raise OSError(code, os.strerror(code), str(target))
    aside = new.with_name(new.name + ".old")
    os.rename(target, aside)
    os.rename(new, target)
    os.rename(aside, new)


class FolderSwapWriter:
    """Writes a new store folder in bulk and swaps it in at ``path`` on commit.

    ``method`` is ``"bulk_load"`` (one streaming ``Store.bulk_load`` per write) or ``"load"``
    (``Store.load`` per chunk of ``chunk_bytes``); ``workers`` processes map the documents while this one
    loads (0: this process maps them too; default :data:`WORKERS`, see docs/performance.md).
    """

    name = "bulk"

    def __init__(self, path: Path, *, method: str = "bulk_load", workers: int | None = None,
                 chunk_bytes: int = CHUNK_BYTES) -> None:
        if method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}")
        self.path, self.method, self.chunk_bytes = path, method, chunk_bytes
        self.workers = WORKERS if workers is None else workers

    @property
    def encode(self) -> Encoder | None:
        return nquads_with_default

    def begin(self, ids: Identity, replace_sources: bool) -> Session:
        if self.path.exists() and not is_store(self.path) and (not self.path.is_dir() or any(self.path.iterdir())):
            raise StoreError(f"{self.path} is not an Oxigraph store and not empty; a bulk build replaces the "
                             "folder at --store, so give it a store folder or a new path")
        remove_abandoned(self.path)
        return _Swap(self, ids, replace_sources)


class _Swap:
    def __init__(self, writer: FolderSwapWriter, ids: Identity, replace_sources: bool) -> None:
        self.writer, self.ids, self.replace_sources = writer, ids, replace_sources
        self.target = writer.path
        self.building = self.target.with_name(f".{self.target.name}.bulk-{os.getpid()}")
        shutil.rmtree(self.building, ignore_errors=True)
        self.building.parent.mkdir(parents=True, exist_ok=True)
        self.written: set[ox.NamedNode] = set()
        self.carried = False
        try:
            self.store: ox.Store | None = ox.Store(str(self.building))
        except OSError as exc:
            raise StoreError(f"cannot create a store beside {self.target}: {exc}") from exc

    def _load(self, chunks: Iterator[bytes]) -> None:
        assert self.store is not None
        try:
            if self.writer.method == "bulk_load":
                self.store.bulk_load(io.BufferedReader(_Stream(chunks), 1 << 20), format=ox.RdfFormat.N_QUADS)
            else:
                for chunk in _joined(chunks, self.writer.chunk_bytes):
                    self.store.load(chunk, format=ox.RdfFormat.N_QUADS)
        except OSError as exc:
            raise StoreError(f"the bulk build of {self.target} failed: {exc}") from exc

    def write(self, graphs: Iterable[tuple[ox.NamedNode, Payload, int]]) -> None:
        def chunks() -> Iterator[bytes]:
            for name, payload, _count in graphs:
                assert not isinstance(payload, list)
                self.written.add(name)
                if isinstance(payload, bytes):
                    if payload:
                        yield payload
                else:
                    yield from payload  # a large document, mapped piece by piece

        self._load(chunks())

    def reference_version(self) -> str | None:
        return None  # a new store: the reference graphs are always written

    def _carry(self) -> None:
        """Graphs of the old store that this build neither writes nor recomputes."""
        if self.carried or not is_store(self.target):
            self.carried = True
            return
        self.carried = True
        sources = self.ids.source("").value
        skip = self.written | set(derived_names(self.ids))
        old = ox.Store.read_only(str(self.target))
        keep = [g for g in old.named_graphs() if isinstance(g, ox.NamedNode) and g not in skip
                and not (self.replace_sources and g.value.startswith(sources))]
        self._load(nquads_with_default(old.quads_for_pattern(None, None, None, g)) for g in keep)
        del old

    def view(self, derivation: Derivation) -> Store:
        self._carry()
        assert self.store is not None
        self.store.flush()
        return OxigraphStore.over(self.store)

    def commit(self) -> int:
        self._carry()
        assert self.store is not None
        self.store.flush()
        self.store = None
        try:
            exchange(self.building, self.target)
        except OSError as exc:
            raise StoreError(f"cannot put the new store at {self.target}: {exc}") from exc
        shutil.rmtree(self.building, ignore_errors=True)  # the old store, after the exchange
        return 0

    def abort(self) -> None:
        self.store = None
        shutil.rmtree(self.building, ignore_errors=True)


def bulk_build(store_path: Path, docs_or_dir: Path | Sequence[RecordsDocument], ids: Identity | None = None, *,
               method: str = "bulk_load", workers: int | None = None, chunk_bytes: int = CHUNK_BYTES,
               progress: Progress | None = None, extra: Sequence[RecordsDocument] = ()) -> BuildReport:
    """Build the store at ``store_path`` from a data folder (or parsed documents) in bulk: the pipeline with a
    :class:`FolderSwapWriter`; the same quads as ``graph.build.build``."""
    sources = Sources.folder(docs_or_dir, documents=extra) if isinstance(docs_or_dir, Path) \
        else Sources(documents=(*docs_or_dir, *extra))
    writer = FolderSwapWriter(store_path, method=method, workers=workers,
                              chunk_bytes=chunk_bytes)
    return run(sources, writer, ids, replace_sources=True, progress=progress)

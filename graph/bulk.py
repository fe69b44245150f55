"""The bulk writer of the build pipeline: a new Oxigraph store folder, swapped in when everything went well.

For large builds, where one SPARQL update (``graph.transaction.TransactionWriter``)
is too slow. Documents are read, checked and mapped by the pipeline
(``graph.build.run``), in worker processes when there are several; each
document's quads come as N-Quads text and reach pyoxigraph in large pieces,
never one Python call per triple: either ``Store.bulk_load`` of files or of a
pipe fed as the documents are mapped (:class:`_Spool`), or ``Store.load`` per
chunk.

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

import contextlib
import ctypes
import errno
import os
import shutil
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from tdkt.graph.build import run
from tdkt.graph.derived import Derivation, derived_names
from tdkt.graph.identity import Identity
from tdkt.graph.mapping import NQuads
from tdkt.graph.reading import Encoder, Payload
from tdkt.graph.session import Session
from tdkt.graph.sources import BuildReport, Progress, Sources
from tdkt.graph.store.base import Store
from tdkt.graph.store.leftovers import remove_abandoned
from tdkt.graph.store.oxigraph import OxigraphStore, is_store
from tdkt.kernel.errors import StoreError
from tdkt.loaders.records import RecordsDocument

METHODS = ("bulk_load", "load")
# mapping processes (0: this process maps too). With the load streaming beside the mapping, two workers
# made the 1m build 25 % faster on 2 cores than none (docs/performance.md); one core gains nothing.
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
WORKERS = 2 if CORES >= 2 else 0
CHUNK_BYTES = 64 << 20  # N-Quads text per Store.load call with method "load"
STREAM_FROM_BYTES = 64 << 20  # N-Quads text past which the engine loads while the documents are mapped
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def nquads_with_default(quads: Iterable[ox.Quad]) -> NQuads:
    """The quads in their graphs, and their triples in the default graph (the loader keeps one copy of
    repeats), which is the store's layout (``graph.store.oxigraph``).

    >>> s, p, g = (ox.NamedNode(f"http://example.org/{n}") for n in "spg")
    >>> text = nquads_with_default([ox.Quad(s, p, ox.Literal("x"), g)])
    >>> print(text.named.decode() + text.default.decode(), end="")
    <http://example.org/s> <http://example.org/p> "x" <http://example.org/g> .
    <http://example.org/s> <http://example.org/p> "x" .
    """
    named: list[str] = []
    default: list[str] = []
    for q in quads:
        named.append(f"{q} .\n")
        default.append(f"{q.triple} .\n")
    return NQuads("".join(named).encode(), "".join(default).encode())


class _Spool:
    """The build's N-Quads on their way to the engine: two files in the new store's folder (the named graphs'
    quads, the default graph's triples), loaded side by side when the input ends (:meth:`finish`); past
    :data:`STREAM_FROM_BYTES`, one ``Store.bulk_load`` fed through a pipe while the documents are still being
    mapped.

    The engine works in batches of about a million quads: when streaming, the first batches are encoded,
    sorted and written while Python maps the rest, as when a user loads one large dump file. A small build
    loads after the mapping, so the engine reuses the memory Python freed; two loads side by side, whose
    indexes are apart (no file of one overlaps a file of the other). Every term was made by pyoxigraph
    (``NamedNode``, ``Literal``...) and checked then, or read from a store: the parser does not check IRIs
    and language tags again (``lenient``). A killed build leaves the files with the folder, which goes with it.
    """

    def __init__(self, folder: Path, store: ox.Store) -> None:
        self.store = store
        self.paths = (folder / "tdkt-named.nq", folder / "tdkt-default.nq")
        self.files: list[BinaryIO] = [path.open("wb") for path in self.paths]
        self.size = 0
        self.failures: list[BaseException] = []
        self.threads: list[threading.Thread] = []

    def add(self, text: NQuads) -> None:
        named, default = self.files
        try:
            named.write(text.named)
            default.write(text.default)
        except BrokenPipeError:  # the load stopped: its own error says why
            self.finish()
            raise
        self.size += len(text.named) + len(text.default)
        if not self.threads and self.size >= STREAM_FROM_BYTES:
            self._stream()

    def _stream(self) -> None:
        """From now on, one load reading a pipe: what the files hold first, then the rest as it comes."""
        for file in self.files:
            file.close()
        read, write = os.pipe()
        pipe = os.fdopen(write, "wb", buffering=1 << 20)
        self._start(f"/dev/fd/{read}", read)
        for path in self.paths:
            with path.open("rb") as spooled:
                shutil.copyfileobj(spooled, pipe, 1 << 20)
            path.unlink()
        self.files = [pipe, pipe]

    def _start(self, path: str, fd: int | None = None) -> None:
        def load() -> None:
            try:
                self.store.bulk_load(path=path, format=ox.RdfFormat.N_QUADS, lenient=True)
            except BaseException as exc:  # raised again by finish(), once every load is over
                self.failures.append(exc)
            finally:
                if fd is not None:
                    os.close(fd)

        thread = threading.Thread(target=load, name="tdkt-bulk-load", daemon=True)
        thread.start()
        self.threads.append(thread)

    def finish(self) -> None:
        """End the input and wait for the loads (with files, start them); raises what a load failed with."""
        for file in set(self.files):
            with contextlib.suppress(BrokenPipeError):
                file.close()
        if not self.threads:
            for path in self.paths:
                self._start(str(path))
        self._wait_and_remove_files()
        if self.failures:
            raise self.failures[0]

    def discard(self) -> None:
        """End the input without loading what was spooled; a load already reading the pipe has to end before
        its folder can go (the engine cannot be stopped mid-load), so that one is waited for."""
        for file in set(self.files):
            with contextlib.suppress(OSError):
                file.close()
        self._wait_and_remove_files()

    def _wait_and_remove_files(self) -> None:
        for thread in self.threads:
            thread.join()
        for path in self.paths:
            path.unlink(missing_ok=True)


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

    ``method`` is ``"bulk_load"`` (the text of the writes up to a read of the new store, or its commit,
    spooled into ``Store.bulk_load``: :class:`_Spool`) or ``"load"`` (``Store.load``
    per chunk of ``chunk_bytes``); ``workers`` processes map the documents while this one writes (0: this
    process maps them too; default :data:`WORKERS`, see docs/performance.md).
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
        self.text: _Spool | None = None
        try:
            self.store: ox.Store | None = ox.Store(str(self.building))
        except OSError as exc:
            raise StoreError(f"cannot create a store beside {self.target}: {exc}") from exc

    def _load(self, texts: Iterator[NQuads]) -> None:
        """With ``bulk_load``, add the text to the files loaded by :meth:`_settle`; with ``load``, one
        ``Store.load`` per chunk."""
        assert self.store is not None
        try:
            if self.writer.method == "bulk_load":
                self.text = self.text or _Spool(self.building, self.store)
                for text in texts:
                    self.text.add(text)
            else:
                for chunk in _joined((t.named + t.default for t in texts), self.writer.chunk_bytes):
                    self.store.load(chunk, format=ox.RdfFormat.N_QUADS)
        except OSError as exc:
            raise StoreError(f"the bulk build of {self.target} failed: {exc}") from exc

    def _settle(self) -> None:
        """Load the text written so far."""
        text, self.text = self.text, None
        if text is not None:
            assert self.store is not None
            try:
                text.finish()
            except OSError as exc:
                raise StoreError(f"the bulk build of {self.target} failed: {exc}") from exc

    def write(self, graphs: Iterable[tuple[ox.NamedNode, Payload, int]]) -> None:
        def texts() -> Iterator[NQuads]:
            for name, payload, _count in graphs:
                assert not isinstance(payload, list)
                self.written.add(name)
                if isinstance(payload, NQuads):
                    yield payload
                else:
                    yield from payload  # a large document, mapped piece by piece

        self._load(texts())

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
        self._settle()
        assert self.store is not None
        self.store.flush()
        return OxigraphStore.over(self.store)

    def commit(self) -> int:
        self._carry()
        self._settle()
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
        text, self.text = self.text, None
        if text is not None:
            text.discard()
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

"""Reading, checking and mapping the documents of a build, in this process or in worker processes; every
problem is collected, none raised, so that one bad source rejects the build with all of them listed."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.pool import Pool
from pathlib import Path

import pyoxigraph as ox

from tdkt.graph.identity import Identity
from tdkt.graph.mapping import NQuads, document_nquads, document_quads
from tdkt.graph.rdfinput import read_rdf
from tdkt.graph.sources import Article, Item, Progress, Sources
from tdkt.kernel.errors import Problem, RecordError, TdktError
from tdkt.loaders.records import RecordsDocument
from tdkt.loaders.structured import read_document

STREAM_FROM = 20_000  # records: a document this large travels to a text writer in pieces (``Pieces``)


class Pieces:
    """A large document's N-Quads (each quad also in the default graph), made piece by piece while the
    writer reads them (``graph.mapping.document_nquads``): the whole document's quads are never held at
    once. ``quads`` counts what was stated once the pieces are read."""

    def __init__(self, doc: RecordsDocument, ids: Identity) -> None:
        self.doc, self.ids, self.quads = doc, ids, 0

    def __iter__(self) -> Iterator[NQuads]:
        for text, count in document_nquads(self.doc, self.ids):
            self.quads += count
            yield text


Payload = NQuads | list[ox.Quad] | Pieces
Encoder = Callable[[list[ox.Quad]], NQuads]
_WHOLE = 1 << 62  # triples: a document under STREAM_FROM records is made into text in one piece
WINDOW = 512  # documents handed to the workers at a time (two windows in flight bound the memory)
# documents below which the worker processes are not started: their memory (a Python with the loaders each)
# is more than a small build's own, and its mapping takes well under a second in this process
POOLED_FROM = 1_000


@dataclass(frozen=True)
class Mapped:
    """One document read and mapped (``payload`` encoded by the writer's encoder), or its problems."""

    source_id: str
    origin: str
    payload: Payload
    quads: int
    problems: list[Problem] = field(default_factory=list)


_IDS = Identity()
_ENCODE: Encoder | None = None


def _init_worker(ids: Identity, encode: Encoder | None) -> None:
    global _IDS, _ENCODE
    _IDS, _ENCODE = ids, encode


def _origin(item: Item) -> str:
    if isinstance(item, Article):
        return str(item.path)
    return str(item) if isinstance(item, Path) else item.origin


def _read(item: Item) -> RecordsDocument:
    if isinstance(item, Article):
        from tdkt.loaders.articles import extract_file

        return extract_file(item.path)
    return read_document(item) if isinstance(item, Path) else item


def map_item(item: Item) -> Mapped:
    """Read (or extract), check and map one document; problems are returned, not raised."""
    try:
        doc = _read(item)
        if _ENCODE is not None:  # a text writer: N-Quads with the default graph, made without Quad objects
            if len(doc.records) >= STREAM_FROM:
                return Mapped(doc.source.id, doc.origin, Pieces(doc, _IDS), 0)
            (text, count), = document_nquads(doc, _IDS, chunk_triples=_WHOLE)
            return Mapped(doc.source.id, doc.origin, text, count)
        quads = document_quads(doc, _IDS)
    except RecordError as exc:
        return Mapped("", _origin(item), [], 0, list(exc.problems))
    except TdktError as exc:  # an article that cannot be decoded, a place that cannot be read...
        return Mapped("", _origin(item), [], 0, [Problem(_origin(item), "", "", str(exc).splitlines()[0])])
    return Mapped(doc.source.id, doc.origin, _ENCODE(quads) if _ENCODE else quads, len(quads))


@contextmanager
def mapping(items: Sequence[Item], ids: Identity, encode: Encoder | None = None,
            workers: int = 0) -> Iterator[Iterator[Mapped]]:
    """Mapped documents in input order; with ``workers`` ≥ 1, an encoder (documents travel as text) and
    :data:`POOLED_FROM` documents or more, in that many processes, two windows of documents in flight at a
    time, else in this process. The processes start on entry, before the caller opens any store: a fork must
    not copy a store's threads mid-flight."""
    if workers < 1 or encode is None or len(items) < POOLED_FROM:
        _init_worker(ids, encode)
        yield map(map_item, items)
        return
    pool: Pool = multiprocessing.get_context("fork").Pool(workers, _init_worker, (ids, encode))
    try:
        yield _in_pool(pool, items)
    finally:
        pool.terminate()
        pool.join()


def _in_pool(pool: Pool, items: Sequence[Item]) -> Iterator[Mapped]:
    windows = (items[i:i + WINDOW] for i in range(0, len(items), WINDOW))
    pending = [pool.imap(map_item, w, chunksize=8) for w in islice(windows, 2)]
    while pending:
        current = pending.pop(0)
        following = next(windows, None)
        if following is not None:
            pending.append(pool.imap(map_item, following, chunksize=8))
        yield from current


class Collector:
    """Passes good documents on to the writer; keeps the count and every problem (and duplicate source ids)."""

    def __init__(self, ids: Identity, progress: Progress | None) -> None:
        self.ids, self.progress = ids, progress
        self.documents = self.quads = 0
        self.problems: list[Problem] = []
        self.seen: dict[str, str] = {}

    def graphs(self, mapped: Iterable[Mapped]) -> Iterator[tuple[ox.NamedNode, Payload, int]]:
        for item in mapped:
            if item.problems:
                self.problems += item.problems
                continue
            if item.source_id in self.seen:
                self.problems.append(Problem(item.origin, "source", "id",
                                             f"'{item.source_id}' is also the id of {self.seen[item.source_id]}"))
                continue
            self.seen[item.source_id] = item.origin
            self.documents += 1
            self.quads += item.quads
            if self.progress:
                self.progress(item.source_id)
            if not self.problems:  # once the build is bound to fail, nothing more is written
                yield self.ids.source(item.source_id), item.payload, item.quads
                if isinstance(item.payload, Pieces):  # counted as the writer read it
                    self.quads += item.payload.quads


def read_rdf_files(sources: Sources, ids: Identity) -> tuple[dict[ox.NamedNode, list[ox.Quad]], list[Problem]]:
    graphs: dict[ox.NamedNode, list[ox.Quad]] = {}
    problems: list[Problem] = []
    for path in sources.rdf_files:
        target = ox.NamedNode(sources.rdf_graph) if sources.rdf_graph else ids.graph(f"file/{path.stem}")
        try:
            for name, quads in read_rdf(path, target).items():
                graphs.setdefault(name, []).extend(quads)
        except RecordError as exc:
            problems += exc.problems
    return graphs, problems


def read_documents(paths: Iterable[Path]) -> list[RecordsDocument]:
    """Read every document; if any is bad, raise one RecordError listing every problem."""
    docs: list[RecordsDocument] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in paths:
        try:
            doc = read_document(path)
        except RecordError as exc:
            problems += exc.problems
            continue
        if doc.source.id in seen:
            problems.append(Problem(doc.origin, "source", "id", f"'{doc.source.id}' is also the id of "
                                                                f"{seen[doc.source.id]}"))
        seen.setdefault(doc.source.id, doc.origin)
        docs.append(doc)
    if problems:
        raise RecordError(problems)
    return docs

"""The build pipeline: every write to a store goes through :func:`run`.

1. read or extract every source (records documents, CSV folders, RDF files,
   articles) and collect every problem: one bad source rejects them all, with
   every problem listed (:class:`loaders.errors.RecordError`), and nothing is
   written;
2. map each document to its named graph (its source IRI);
3. add the reference graphs (ontology, award vocabulary, administrative
   units) when the store does not hold them at this code's version
   (``graph.reference.reference_version``), and compute the derived graphs
   (``graph.derived``) from the store as it will be;
4. hand everything to the writer the caller chose, which commits it at once:
   :class:`TransactionWriter` (the embedded store in place, or a remote
   endpoint: one SPARQL update) or ``graph.bulk.FolderSwapWriter`` (a new store
   folder swapped in).

``tdkt build`` replaces every source graph (``replace_sources``: a source no
longer in the folder is dropped); ``tdkt load`` replaces only the graphs of
what it loads. Graphs of other origins (RDF files) are kept either way.
"""
# long: split pending: the build pipeline is reworked by the remaining engine work of issue 14

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.pool import Pool
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from tdkt.graph.derived import DERIVATIONS, Derivation
from tdkt.graph.identity import Identity
from tdkt.graph.mapping import document_nquads, document_quads
from tdkt.graph.namespaces import RDF
from tdkt.graph.rdfinput import is_rdf_file, read_rdf
from tdkt.graph.reference import VERSION_INFO, reference_graphs, reference_names, reference_version
from tdkt.graph.store.base import Store, WritableStore
from tdkt.graph.store.oxigraph import OxigraphStore
from tdkt.kernel.errors import Problem, RecordError, TdktError
from tdkt.loaders.records import RecordsDocument
from tdkt.loaders.structured import find_documents, read_document

Progress = Callable[[str], None]
STREAM_FROM = 20_000  # records: a document this large travels to a text writer in pieces (``Pieces``)


class Pieces:
    """A large document's N-Quads (each quad also in the default graph), made piece by piece while the
    writer reads them (``graph.mapping.document_nquads``): the whole document's quads are never held at
    once. ``quads`` counts what was stated once the pieces are read."""

    def __init__(self, doc: RecordsDocument, ids: Identity) -> None:
        self.doc, self.ids, self.quads = doc, ids, 0

    def __iter__(self) -> Iterator[bytes]:
        for text, count in document_nquads(self.doc, self.ids):
            self.quads += count
            yield text


Payload = bytes | list[ox.Quad] | Pieces
Encoder = Callable[[list[ox.Quad]], bytes]
WINDOW = 512  # documents handed to the workers at a time (two windows in flight bound the memory)
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")


@dataclass(frozen=True)
class Article:
    """A news article to extract records from (``loaders.articles``)."""

    path: Path


Item = Path | Article | RecordsDocument


@dataclass(frozen=True)
class Sources:
    """What a build reads: records documents (JSON, YAML, CSV folders) and RDF files by path, articles to
    extract, and documents already parsed. Triples of RDF files outside a named graph go to ``rdf_graph``
    (default: one graph per file)."""

    paths: tuple[Path, ...] = ()
    articles: tuple[Path, ...] = ()
    documents: tuple[RecordsDocument, ...] = ()
    rdf_graph: str | None = None

    @classmethod
    def folder(cls, data_dir: Path, articles: Sequence[Path] = (),
               documents: Sequence[RecordsDocument] = ()) -> Sources:
        """Every records document of a data folder, and the given articles and documents."""
        return cls(tuple(find_documents(data_dir)), tuple(articles), tuple(documents))

    @property
    def rdf_files(self) -> list[Path]:
        return [p for p in self.paths if p.is_file() and is_rdf_file(p)]

    def items(self) -> list[Item]:
        """The documents to read or extract, in order."""
        rdf = set(self.rdf_files)
        return [*(p for p in self.paths if p not in rdf), *map(Article, self.articles), *self.documents]


@dataclass(frozen=True)
class BuildReport:
    documents: int  # records documents (and extracted articles) written
    graphs: int  # graphs written: documents, RDF files' graphs, reference and derived graphs
    quads: int  # quads written
    rdf_files: int = 0
    reference_written: bool = False
    seconds: float = 0.0
    writer: str = ""
    dropped: int = 0  # source graphs dropped because the build's folder no longer holds them

    @property
    def quads_per_second(self) -> float:
        return self.quads / self.seconds if self.seconds else 0.0


LoadReport = BuildReport


# -- reading and mapping ----------------------------------------------------------------------------------------


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
        if _ENCODE is not None and len(doc.records) >= STREAM_FROM:  # text writers take N-Quads with defaults
            return Mapped(doc.source.id, doc.origin, Pieces(doc, _IDS), 0)
        quads = document_quads(doc, _IDS)
    except RecordError as exc:
        return Mapped("", _origin(item), b"", 0, list(exc.problems))
    except TdktError as exc:  # an article that cannot be decoded, a place that cannot be read...
        return Mapped("", _origin(item), b"", 0, [Problem(_origin(item), "", "", str(exc).splitlines()[0])])
    return Mapped(doc.source.id, doc.origin, _ENCODE(quads) if _ENCODE else quads, len(quads))


@contextmanager
def mapping(items: Sequence[Item], ids: Identity, encode: Encoder | None = None,
            workers: int = 1) -> Iterator[Iterator[Mapped]]:
    """Mapped documents in input order; with ``workers`` > 1 (and an encoder: quads travel as text), in that
    many processes, two windows of documents in flight at a time. The processes start on entry, before the
    caller opens any store: a fork must not copy a store's threads mid-flight."""
    if workers <= 1 or encode is None or len(items) <= 1:
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


class _Collector:
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


def _read_rdf(sources: Sources, ids: Identity) -> tuple[dict[ox.NamedNode, list[ox.Quad]], list[Problem]]:
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


# -- writers ------------------------------------------------------------------------------------------------------


class Session(Protocol):
    """One write in progress: nothing is visible in the store until :meth:`commit`."""

    def write(self, graphs: Iterable[tuple[ox.NamedNode, Payload, int]]) -> None:
        """Add these graphs (name, payload, quads) to the write; each replaces the store's graph of its name."""

    def reference_version(self) -> str | None:
        """The version of the reference graphs the store holds (None: missing, partial or mixed)."""

    def view(self, derivation: Derivation) -> Store:
        """What ``derivation`` reads, as the store will hold it after the write."""

    def commit(self) -> int:
        """Make the write visible, at once; returns the number of source graphs dropped."""

    def abort(self) -> None:
        """Forget the write; the store stays as it was."""


class Writer(Protocol):
    """Where a build goes: :class:`TransactionWriter` or ``graph.bulk.FolderSwapWriter``."""

    name: str
    workers: int

    @property
    def encode(self) -> Encoder | None:
        """How mapped documents travel to the writer: as text (this encoder) or as quads (None)."""

    def begin(self, ids: Identity, replace_sources: bool) -> Session:
        """Start a write; with ``replace_sources`` every source graph it does not write is dropped."""


def _encoded(graphs: Mapping[ox.NamedNode, list[ox.Quad]],
             encode: Encoder | None) -> Iterator[tuple[ox.NamedNode, Payload, int]]:
    for name, quads in graphs.items():
        yield name, encode(quads) if encode else quads, len(quads)


def run(sources: Sources, writer: Writer, ids: Identity | None = None, *, replace_sources: bool = False,
        progress: Progress | None = None) -> BuildReport:
    """Read, check and map every source, add the reference and derived graphs, and write it all at once."""
    start = time.perf_counter()
    ids = ids or Identity()
    items = sources.items()
    rdf, rdf_problems = _read_rdf(sources, ids)
    collector = _Collector(ids, progress)
    collector.problems += rdf_problems
    with mapping(items, ids, writer.encode, writer.workers) as mapped:
        session = writer.begin(ids, replace_sources)
        try:
            session.write(collector.graphs(mapped))
            if collector.problems:
                raise RecordError(collector.problems)
            extra = dict(rdf)
            reference_written = session.reference_version() != reference_version()
            if reference_written:
                extra |= reference_graphs(ids)
            session.write(_encoded(extra, writer.encode))
            derived = {ids.graph(d.name): d.derive(session.view(d), ids) for d in DERIVATIONS}
            session.write(_encoded(derived, writer.encode))
            dropped = session.commit()
        except BaseException:
            session.abort()
            raise
    written = {name: quads for name, quads in {**extra, **derived}.items() if quads}
    return BuildReport(collector.documents, collector.documents + len(written),
                       collector.quads + sum(len(q) for q in written.values()), len(sources.rdf_files),
                       reference_written, time.perf_counter() - start, writer.name, dropped)


class TransactionWriter:
    """Writes into a store in one transaction: the embedded store in place, or a remote endpoint with one
    SPARQL Update request (documents, reference and derived graphs together)."""

    workers = 1

    def __init__(self, store: WritableStore) -> None:
        self.store = store
        self.name = "remote" if type(store).__name__ == "RemoteStore" else "transaction"

    @property
    def encode(self) -> Encoder | None:
        return None

    def begin(self, ids: Identity, replace_sources: bool) -> Session:
        return _Transaction(self.store, ids, replace_sources)


class _Transaction:
    def __init__(self, store: WritableStore, ids: Identity, replace_sources: bool) -> None:
        self.store, self.ids = store, ids
        self.pending: dict[ox.NamedNode, list[ox.Quad]] = {}
        self.stale: list[ox.NamedNode] | None = None if replace_sources else []

    def write(self, graphs: Iterable[tuple[ox.NamedNode, Payload, int]]) -> None:
        for name, payload, _count in graphs:
            assert isinstance(payload, list)
            self.pending[name] = payload

    def _stale(self) -> list[ox.NamedNode]:
        if self.stale is None:
            prefix = self.ids.source("").value
            self.stale = [g for g in self.store.graph_names() if g.value.startswith(prefix) and g not in self.pending]
        return self.stale

    def reference_version(self) -> str | None:
        names = reference_names(self.ids)
        values = " ".join(map(str, names))
        rows = self.store.select(f"SELECT ?g ?v WHERE {{ VALUES ?g {{ {values} }} "
                                 f"GRAPH ?g {{ ?g {VERSION_INFO} ?v }} }}")
        found = {(str(r["g"]), str(r["v"])) for r in rows}
        versions = {v for _, v in found}
        if len(found) != len(names) or len(versions) != 1:
            return None
        return versions.pop()

    def view(self, derivation: Derivation) -> Store:
        """An in-memory store of what ``derivation`` reads: the statements of the graphs this write keeps
        (asked of the store) and of the graphs it writes."""
        replaced = set(self.pending) | set(self._stale()) | {self.ids.graph(derivation.name)}
        reads = set(derivation.reads)
        quads: list[ox.Quad] = []
        new_subjects: set[ox.NamedNode | ox.BlankNode] = set()
        for graph in self.pending.values():
            for q in graph:
                if q.predicate in reads:
                    quads.append(q)
                    if q.predicate == RDF.type and q.object == derivation.subjects:
                        new_subjects.add(q.subject)  # type: ignore[arg-type]
        predicates = " ".join(map(str, derivation.reads))
        pattern = f"GRAPH ?g {{ ?s ?p ?o }} VALUES ?p {{ {predicates} }}"
        rows = list(self.store.select(f"SELECT ?s ?p ?o ?g WHERE {{ ?s a {derivation.subjects} . {pattern} }}"))
        known = {r.term("s") for r in rows}
        unknown = [s for s in new_subjects if isinstance(s, ox.NamedNode) and s not in known]
        for i in range(0, len(unknown), 500):
            subjects = " ".join(map(str, unknown[i:i + 500]))
            rows += self.store.select(f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?s {{ {subjects} }} {pattern} }}")
        for r in rows:
            s, p, o, g = (r.term(v) for v in ("s", "p", "o", "g"))
            if isinstance(g, ox.NamedNode) and g not in replaced and isinstance(p, ox.NamedNode):
                quads.append(ox.Quad(s, p, o, g))  # type: ignore[arg-type]
        overlay = ox.Store()
        overlay.extend(quads)
        overlay.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
        return OxigraphStore.over(overlay)

    def commit(self) -> int:
        stale = self._stale()
        self.store.replace_graphs({**self.pending, **{g: [] for g in stale}})
        return len(stale)

    def abort(self) -> None:
        self.pending.clear()


# -- the calls the commands and tests make ----------------------------------------------------------------------


def build(store: WritableStore, data_dir: Path, ids: Identity | None = None, progress: Progress | None = None,
          extra: Sequence[RecordsDocument] = ()) -> BuildReport:
    """Build the graph from a data folder in one transaction: the store then reflects the folder exactly."""
    return run(Sources.folder(data_dir, documents=extra), TransactionWriter(store), ids, replace_sources=True,
               progress=progress)


def load_documents(store: WritableStore, docs: Sequence[RecordsDocument], ids: Identity | None = None,
                   progress: Progress | None = None) -> BuildReport:
    """Replace each document's graph (with the reference and derived graphs) in one transaction."""
    return run(Sources(documents=tuple(docs)), TransactionWriter(store), ids, progress=progress)


def load_reference(store: WritableStore, ids: Identity | None = None) -> BuildReport:
    """Bring the reference (and derived) graphs up to date, and nothing else."""
    return run(Sources(), TransactionWriter(store), ids)


def load_paths(store: WritableStore, paths: Sequence[Path], ids: Identity | None = None,
               graph_iri: str | None = None) -> BuildReport:
    """``tdkt load`` in place: records documents and RDF files, checked whole, written in one transaction."""
    return run(Sources(paths=tuple(paths), rdf_graph=graph_iri), TransactionWriter(store), ids)

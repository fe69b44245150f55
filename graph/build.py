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

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox

from tdkt.graph.derived import DERIVATIONS
from tdkt.graph.identity import Identity
from tdkt.graph.reading import Collector, Encoder, Payload, mapping, read_documents, read_rdf_files
from tdkt.graph.reference import reference_graphs, reference_version
from tdkt.graph.session import Writer
from tdkt.graph.sources import BuildReport, LoadReport, Progress, Sources
from tdkt.graph.store.base import WritableStore
from tdkt.graph.transaction import TransactionWriter
from tdkt.kernel.errors import RecordError
from tdkt.loaders.records import RecordsDocument

__all__ = ["BuildReport", "LoadReport", "Sources", "TransactionWriter", "build", "load_documents", "load_paths",
           "load_reference", "read_documents", "run"]


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
    rdf, rdf_problems = read_rdf_files(sources, ids)
    collector = Collector(ids, progress)
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

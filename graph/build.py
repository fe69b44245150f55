"""Building and loading: documents are all read and checked before anything is written.

Each records document becomes one named graph (its source IRI). Loading a set
of documents is one transaction: either every graph is replaced, or the store
stays as it was. After each load the derived graphs (campaign lineage
recognised from names, ``graph.campaigns``) are recomputed from the store and
replaced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph.campaigns import campaign_graph
from graph.identity import Identity
from graph.mapping import document_quads
from graph.reference import reference_graphs
from graph.store.base import Store
from loaders.errors import Problem, RecordError
from loaders.records import RecordsDocument
from loaders.structured import find_documents, read_document

Progress = Callable[[str], None]


@dataclass(frozen=True)
class LoadReport:
    documents: int
    graphs: int
    quads: int


def read_documents(paths: Iterable[Path]) -> list[RecordsDocument]:
    """Read every document; if any is bad, raise one RecordError listing every problem."""
    docs: list[RecordsDocument] = []
    problems = []
    for path in paths:
        try:
            docs.append(read_document(path))
        except RecordError as exc:
            problems += exc.problems
    if problems:
        raise RecordError(problems)
    seen: dict[str, str] = {}
    for doc in docs:
        if doc.source.id in seen:
            raise RecordError([_duplicate(doc, seen[doc.source.id])])
        seen[doc.source.id] = doc.origin
    return docs


def _duplicate(doc: RecordsDocument, other: str) -> Problem:
    return Problem(doc.origin, "source", "id", f"'{doc.source.id}' is also the id of {other}")


def document_graphs(docs: Sequence[RecordsDocument], ids: Identity,
                    progress: Progress | None = None) -> dict[ox.NamedNode, list[ox.Quad]]:
    graphs: dict[ox.NamedNode, list[ox.Quad]] = {}
    for doc in docs:
        graphs[ids.source(doc.source.id)] = document_quads(doc, ids)
        if progress:
            progress(doc.source.id)
    return graphs


def load_documents(store: Store, docs: Sequence[RecordsDocument], ids: Identity | None = None,
                   progress: Progress | None = None) -> LoadReport:
    """Replace each document's graph in one transaction."""
    ids = ids or Identity()
    graphs = document_graphs(docs, ids, progress)
    store.replace_graphs(graphs)
    store.replace_graphs(campaign_graph(store, ids))
    return LoadReport(len(docs), len(graphs), sum(len(q) for q in graphs.values()))


def load_reference(store: Store, ids: Identity | None = None) -> LoadReport:
    graphs = reference_graphs(ids or Identity())
    store.replace_graphs(graphs)
    return LoadReport(0, len(graphs), sum(len(q) for q in graphs.values()))


def build(store: Store, data_dir: Path, ids: Identity | None = None, progress: Progress | None = None,
          extra: Sequence[RecordsDocument] = ()) -> LoadReport:
    """Build the graph from a data folder: reference graphs plus every records document in it.

    Source graphs already in the store that the folder no longer holds are dropped,
    so a build reflects the folder exactly.
    """
    ids = ids or Identity()
    docs = read_documents(find_documents(data_dir)) + list(extra)
    graphs = reference_graphs(ids) | document_graphs(docs, ids, progress)
    stale = [g for g in store.graph_names() if g.value.startswith(ids.source("").value) and g not in graphs]
    if stale:
        graphs |= {g: [] for g in stale}
    store.replace_graphs(graphs)
    store.replace_graphs(campaign_graph(store, ids))
    return LoadReport(len(docs), len(graphs) - len(stale), sum(len(q) for q in graphs.values()))

"""``tdkt load``: records documents and RDF files, checked whole before one write."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from graph.build import document_graphs, read_documents
from graph.campaigns import campaign_graph
from graph.identity import Identity
from graph.rdfinput import is_rdf_file, read_rdf
from graph.store.base import Store
from loaders.errors import RecordError


def load_paths(store: Store, paths: Sequence[Path], ids: Identity, graph_iri: str | None = None) -> str:
    """Load every path in one transaction; any bad file rejects them all and writes nothing."""
    rdf_files = [p for p in paths if p.is_file() and is_rdf_file(p)]
    record_paths = [p for p in paths if p not in rdf_files]
    graphs: dict[ox.NamedNode, list[ox.Quad]] = {}
    problems = []
    docs = []
    try:
        docs = read_documents(record_paths)
    except RecordError as exc:
        problems += exc.problems
    for path in rdf_files:
        target = ox.NamedNode(graph_iri) if graph_iri else ids.graph(f"file/{path.stem}")
        try:
            for name, quads in read_rdf(path, target).items():
                graphs.setdefault(name, []).extend(quads)
        except RecordError as exc:
            problems += exc.problems
    if problems:
        raise RecordError(problems)
    graphs |= document_graphs(docs, ids)
    store.replace_graphs(graphs)
    store.replace_graphs(campaign_graph(store, ids))
    return f"loaded {len(docs)} records documents and {len(rdf_files)} RDF files into {len(graphs)} graphs " \
           f"({sum(len(q) for q in graphs.values())} quads)"

"""Derived graphs: graphs computed from what the documents state, rewritten on every write.

A derivation says which statements it reads (the ``reads`` properties of the
subjects of one class), so the build pipeline can hand it the store *as it
will be* after the write: for an in-place or remote write, a small in-memory
overlay of the statements it reads, taken from the graphs the write keeps and
from the graphs it writes; for a bulk build, the new store before it is
swapped in. The derived graph is then written in the same transaction (or the
same swap) as the documents.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from tdkt.graph.campaigns import GRAPH_NAME as CAMPAIGN_GRAPH
from tdkt.graph.campaigns import campaign_graph
from tdkt.graph.identity import Identity
from tdkt.graph.namespaces import RDF, SKOS
from tdkt.graph.store.base import Store
from tdkt.kernel.vocab import TDKT


@dataclass(frozen=True)
class Derivation:
    """One derived graph: its name (under ``Identity.graph``), what it reads, and how it is computed."""

    name: str
    subjects: ox.NamedNode  # the class of the subjects it reads
    reads: tuple[ox.NamedNode, ...]  # the properties of those subjects it reads
    derive: Callable[[Store, Identity], list[ox.Quad]]


def _campaigns(store: Store, ids: Identity) -> list[ox.Quad]:
    return campaign_graph(store, ids)[ids.graph(CAMPAIGN_GRAPH)]


DERIVATIONS: tuple[Derivation, ...] = (
    Derivation(CAMPAIGN_GRAPH, TDKT.Campaign, (RDF.type, SKOS.prefLabel), _campaigns),
)


def derived_names(ids: Identity) -> list[ox.NamedNode]:
    return [ids.graph(d.name) for d in DERIVATIONS]

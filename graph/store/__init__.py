"""Where the graph lives: the embedded Oxigraph store, rdflib (baseline) or a remote endpoint."""

from __future__ import annotations

from pathlib import Path

from graph.store.base import Store


def open_store(path: Path | str | None = None, endpoint: str | None = None,
               update_endpoint: str | None = None, default_graph: str | None = None) -> Store:
    """The store a command works on: a remote endpoint if given, else the embedded store at ``path``.

    ``default_graph`` names the graph that stands for the default graph on a remote
    engine whose default graph is the union of all graphs (see graph.store.remote).
    """
    if endpoint:
        from graph.store.remote import RemoteStore

        return RemoteStore(endpoint, update_endpoint, default_graph=default_graph)
    from graph.store.oxigraph import OxigraphStore

    return OxigraphStore(Path(path) if path else None)


__all__ = ["Store", "open_store"]

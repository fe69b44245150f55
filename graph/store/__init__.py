"""Where the graph lives: the embedded Oxigraph store or a remote SPARQL endpoint.

Reads open a view (:func:`open_view`): read-only, and an error when the store
folder does not exist, so a mistyped ``--store`` never answers "(0 rows)" from
a new empty store. Only the build pipeline opens a store for writing
(:func:`open_store`), which creates the folder.
"""

from __future__ import annotations

from pathlib import Path

from tdkt.graph.store.base import Store, WritableStore


def open_store(path: Path | str | None = None, endpoint: str | None = None,
               update_endpoint: str | None = None, default_graph: str | None = None) -> WritableStore:
    """The store a build writes to: a remote endpoint if given, else the embedded store at ``path`` (created).

    ``default_graph`` names the graph that stands for the default graph on a remote
    engine whose default graph is the union of all graphs (see graph.store.remote).
    """
    if endpoint:
        from tdkt.graph.store.remote import RemoteStore

        return RemoteStore(endpoint, update_endpoint, default_graph=default_graph)
    from tdkt.graph.store.oxigraph import OxigraphStore

    return OxigraphStore(Path(path) if path else None)


def open_view(path: Path | str | None = None, endpoint: str | None = None,
              default_graph: str | None = None) -> Store:
    """The store a read works on: a remote endpoint if given, else the embedded store at ``path``, read-only;
    a folder that holds no store is an error naming it."""
    if endpoint:
        from tdkt.graph.store.remote import RemoteStore

        return RemoteStore(endpoint, default_graph=default_graph)
    from tdkt.graph.store.oxigraph import OxigraphStore

    if path is None:
        return OxigraphStore(None)
    return OxigraphStore.read_only(Path(path))


__all__ = ["Store", "WritableStore", "open_store", "open_view"]

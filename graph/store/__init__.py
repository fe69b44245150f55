"""Where the graph lives: the embedded Oxigraph store, rdflib (baseline) or a remote endpoint."""

from __future__ import annotations

from pathlib import Path

from graph.store.base import Store


def open_store(path: Path | str | None = None, endpoint: str | None = None,
               update_endpoint: str | None = None) -> Store:
    """The store a command works on: a remote endpoint if given, else the embedded store at ``path``."""
    if endpoint:
        from graph.store.remote import RemoteStore

        return RemoteStore(endpoint, update_endpoint)
    from graph.store.oxigraph import OxigraphStore

    return OxigraphStore(Path(path) if path else None)


__all__ = ["Store", "open_store"]

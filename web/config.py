"""How ``tdkt serve`` runs (:class:`ServeConfig`), and the backend it reads: a store's engines or an endpoint."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tdkt.graph.identity import DEFAULT_BASE
from tdkt.kernel.errors import TdktError
from tdkt.web.backend import Backend, EnginePool, RemoteEndpoint


@dataclass
class ServeConfig:
    """How ``tdkt serve`` runs; every limit is configurable."""

    store_path: Path | None = None
    endpoint: str | None = None
    default_graph: str | None = None  # with endpoint: the graph standing for the default graph
    base: str = DEFAULT_BASE
    timeout_s: float = 30.0
    max_rows: int = 10_000
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2


def make_backend(config: ServeConfig) -> Backend:
    if config.endpoint:
        return RemoteEndpoint(config.endpoint, config.timeout_s, config.default_graph)
    if config.store_path is None:
        raise TdktError("tdkt serve needs a store (--store) or an endpoint (--endpoint)")
    try:
        return EnginePool(config.store_path, config.timeout_s, config.workers)
    except RuntimeError as exc:
        raise TdktError(str(exc)) from exc

"""The store behind the local endpoint: supervised engine processes over snapshots of the store.

``tdkt serve`` answers queries with :mod:`web.engine` processes (two by
default) that read a snapshot of the store (:mod:`web.snapshots`) and talk to
the proxy over their standard input and output only: no port, no socket, so
nothing but the proxy can reach them. A supervisor thread restarts an engine
that died and takes a new snapshot when a load or a build changed the store.

Every request has a deadline counted from its arrival at the proxy: the
engine checks (parses) and runs the query, and if the answer is not there by
the deadline plus a short grace, the engine is killed (the only way to stop
pyoxigraph mid-query) and replaced, and the request gets 504.

With ``--endpoint`` the store is a remote SPARQL endpoint instead: the
deadline still bounds every request (:mod:`web.proxy`), but nothing can be
restarted.

The parts, each in its module: :mod:`web.worker` (one engine process and its
deadline), :mod:`web.pool` (the supervised pool), :mod:`web.engine_store`
(the pages' read-only store over the pool), :mod:`web.servers` (ports and
readiness of local servers). This module names the backends and re-exports
those parts.
"""

from __future__ import annotations

from dataclasses import dataclass

from tdkt.web.engine_store import EngineStore
from tdkt.web.pool import EnginePool, is_store_folder
from tdkt.web.servers import free_port, oxigraph_binary, wait_until_answers
from tdkt.web.worker import GRACE_S, READY_TIMEOUT_S, EngineDied, EngineTimeout, Worker


@dataclass
class RemoteEndpoint:
    """A SPARQL endpoint we do not run: nothing to start, stop or restart."""

    query_url: str
    timeout_s: float
    default_graph: str | None = None  # the named graph standing for the default graph (web.proxy)
    restarts: int = 0

    @property
    def can_restart(self) -> bool:
        return False

    def start(self) -> None:
        pass

    def restart(self) -> None:
        pass

    def stop(self) -> None:
        pass


Backend = EnginePool | RemoteEndpoint


__all__ = ["GRACE_S", "READY_TIMEOUT_S", "Backend", "EngineDied", "EnginePool", "EngineStore", "EngineTimeout",
           "RemoteEndpoint", "Worker", "free_port", "is_store_folder", "oxigraph_binary", "wait_until_answers"]

"""The local web server: a read-only SPARQL endpoint, a query page, entity pages, views and downloads.

Routes:
- ``/sparql`` (GET, POST): SPARQL 1.1 Protocol, see :mod:`web.sparql`;
- ``/query``: YASGUI (served from ``web/static``) with the named queries and their parameters as a form;
- ``/api/queries``, ``/api/queries/{name}``: the named queries, and one with its parameters bound;
- ``/id/{key}``: 303 See Other to ``/doc/{key}`` (HTML) or ``/doc/{key}.ttl|.jsonld|.nt`` by Accept;
- ``/doc/{key}[.ttl|.jsonld|.nt]``: an entity's page or its statements;
- ``/view/{name}``: a view (see :mod:`viz`), parameters in the query string;
- ``/download/tdkt.{ttl,nt,rdf,trig,nq,jsonld}``, ``/void.ttl``: exports and the VoID description;
- ``/health``: the engines (alive, restarts) and the snapshot they read, as JSON (503 while none is alive).

Every response carries a Content-Security-Policy: scripts only from this
site (view pages: their inline scripts by nonce), ``connect-src 'self'``, no
framing. Only the loopback host names (and the ``--host`` given) are accepted
in the Host header (a guard against DNS rebinding); nothing sets CORS headers.
Every request's time limit counts from its arrival (stamped by the outermost
middleware), so reading and checking the query count too.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from tdkt.graph.identity import Identity
from tdkt.kernel.errors import TdktError
from tdkt.web.backend import Backend, EnginePool, EngineStore
from tdkt.web.config import ServeConfig, make_backend
from tdkt.web.handlers import Handlers
from tdkt.web.pages import CSP
from tdkt.web.proxy import Proxy
from tdkt.web.site import Site

__all__ = ["ServeConfig", "create_app"]

STATIC = Path(__file__).with_name("static")
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]


class Arrival:
    """Stamps each request with the time it arrived (``scope["state"]["arrival"]``, monotonic), so its time
    limit counts from there."""

    def __init__(self, app: Callable[..., Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: MutableMapping[str, Any], receive: Callable[..., Awaitable[Any]],
                       send: Callable[..., Awaitable[None]]) -> None:
        if scope["type"] == "http":
            scope.setdefault("state", {})["arrival"] = time.monotonic()
        await self.app(scope, receive, send)


class SecurityHeaders:
    """Adds the CSP and friends to every response that has not set its own CSP."""

    def __init__(self, app: Callable[..., Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: MutableMapping[str, Any], receive: Callable[..., Awaitable[Any]],
                       send: Callable[..., Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def wrapped(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", CSP.format(script="").encode()))
                headers += [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                            (b"x-frame-options", b"DENY")]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, wrapped)


def create_app(config: ServeConfig, backend: Backend | None = None) -> Starlette:
    """The ASGI application; it starts the backend on startup (unless given one already running) and stops it."""
    owned = backend is None
    backend = backend or make_backend(config)
    proxy = Proxy(backend, config.max_rows, config.timeout_s)
    if isinstance(backend, EnginePool):
        pool = backend
        site = Site(EngineStore(pool, config.timeout_s), Identity(config.base),
                    version=lambda: pool.keeper.current.generation if pool.keeper.current else 0)
    else:
        site = Site.over(backend.query_url, Identity(config.base), config.timeout_s, backend.default_graph)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if owned:
            await run_in_threadpool(backend.start)
        try:
            yield
        finally:
            if owned:
                await run_in_threadpool(backend.stop)

    handlers = Handlers(config, backend, proxy, site)
    hosts = sorted(set(LOOPBACK_HOSTS) | {config.host})
    middleware = [Middleware(Arrival), Middleware(TrustedHostMiddleware, allowed_hosts=hosts),
                  Middleware(SecurityHeaders)]
    app = Starlette(routes=handlers.routes(str(STATIC)), middleware=middleware, lifespan=lifespan,
                    exception_handlers={TdktError: handlers.store_error})
    app.state.backend = backend
    app.state.site = site
    app.state.config = config
    return app

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
import secrets
import time
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from tdkt.graph.identity import DEFAULT_BASE, Identity
from tdkt.kernel.errors import QueryError, StoreError, TdktError
from tdkt.viz.render import templates
from tdkt.web.backend import Backend, EnginePool, EngineStore, RemoteEndpoint
from tdkt.web.proxy import Proxy
from tdkt.web.site import DOWNLOADS, ENTITY_FORMATS, ENTITY_MEDIA, Site
from tdkt.web.sparql import ProtocolError, accepted, boolean_result, graph_result, negotiate, solutions_result

STATIC = Path(__file__).with_name("static")
NAV = (("Trang chủ — home", "/"), ("Truy vấn — query", "/query"), ("Tổng quan — overview", "/view/overview"),
       ("Khen thưởng — awards", "/view/awards"), ("Kế thừa — lineage", "/view/lineage"))
CSP = ("default-src 'none'; script-src 'self'{script}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]
MAX_QUERY_BYTES = 1_000_000


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


def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = templates("web").get_template(name).render(nav=NAV, **context)
    return HTMLResponse(html, status_code=status)


def error_page(request: Request, status: int, message: str) -> Response:
    if "text/html" in request.headers.get("accept", ""):
        return page("error.html", status, title=f"Lỗi — error {status}", code=status, message=message)
    return Response(message + "\n", status_code=status, media_type="text/plain; charset=utf-8")


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

    # -- SPARQL -----------------------------------------------------------

    async def sparql(request: Request) -> Response:
        try:
            query, defaults, named = await _protocol_request(request)
            fetched = await proxy.fetch(query, defaults, named, request.state.arrival)
            form = fetched.form
            fmt = negotiate(form, request.headers.get("accept"), request.query_params.get("format"))
            if form == "SELECT":
                result = solutions_result(fetched.lines, fetched.truncated, fmt)
            elif form == "ASK":
                result = boolean_result(fetched.lines[0] if fetched.lines else b"", fmt)
            else:
                result = graph_result(fetched.lines, fetched.truncated, fmt)
        except ProtocolError as exc:
            return Response(exc.message + "\n", status_code=exc.status, media_type="text/plain; charset=utf-8")
        media = result.media_type + ("; charset=utf-8" if result.media_type.startswith("text/") else "")
        return Response(result.body, media_type=media, headers={
            "X-Tdkt-Truncated": "true" if result.truncated else "false",
            "X-Tdkt-Row-Limit": str(config.max_rows), "X-Tdkt-Rows": str(result.rows), "Vary": "Accept",
            "Cache-Control": "no-store"})

    # -- named queries and the query page ---------------------------------

    async def query_page(request: Request) -> Response:
        return page("query.html", title="Truy vấn — SPARQL query", queries=site.named_queries(),
                    max_rows=config.max_rows, timeout_s=config.timeout_s, base=config.base)

    async def api_queries(request: Request) -> Response:
        return JSONResponse(site.named_queries())

    async def api_query(request: Request) -> Response:
        name = request.path_params["name"]
        try:
            text = await run_in_threadpool(site.bound_query, name, dict(request.query_params))
        except TdktError as exc:
            return JSONResponse({"error": str(exc).splitlines()[0]}, status_code=400)
        return JSONResponse({"name": name, "sparql": text})

    # -- entities ----------------------------------------------------------

    def wanted_format(request: Request) -> str | None:
        """The RDF format (extension) the Accept header prefers to HTML, if any."""
        for media in accepted(request.headers.get("accept", "")):
            if media in ("text/html", "application/xhtml+xml", "*/*", "text/*"):
                return None
            if media in ENTITY_MEDIA:
                return ENTITY_MEDIA[media]
        return None

    async def entity_redirect(request: Request) -> Response:
        key = request.path_params["key"]
        fmt = wanted_format(request)
        suffix = f".{fmt}" if fmt else ""
        return RedirectResponse(f"/doc/{key}{suffix}", status_code=303, headers={"Vary": "Accept"})

    async def entity_doc(request: Request) -> Response:
        key: str = request.path_params["key"]
        fmt = None
        for ext in ENTITY_FORMATS:
            if key.endswith("." + ext):
                key, fmt = key[: -len(ext) - 1], ext
                break
        fmt = fmt or wanted_format(request)  # /doc/{key} answers in the format asked for, too
        try:
            entity = await run_in_threadpool(site.entity, site.iri_of(key))
        except TdktError as exc:
            return error_page(request, 400, str(exc).splitlines()[0])
        if entity is None:
            return error_page(request, 404, f"nothing is known about {site.iri_of(key)}")
        if fmt is not None:
            data, media = await run_in_threadpool(site.entity_document, entity, fmt)
            return Response(data, media_type=media, headers={"Link": f'<{entity.iri}>; rel="describes"',
                                                             "Vary": "Accept"})
        alternates = [(ext.upper(), f"/doc/{key}.{ext}") for ext in ENTITY_FORMATS]
        findings = await run_in_threadpool(site.law_findings, entity)
        html = page("entity.html", title=entity.label, entity=entity, alternates=alternates, links=site.view_links,
                    findings=findings)
        html.headers["Vary"] = "Accept"
        return html

    # -- views ---------------------------------------------------------------

    async def view(request: Request) -> Response:
        from tdkt.viz import render_view

        nonce = secrets.token_urlsafe(16)
        name = request.path_params["name"]
        params = dict(request.query_params)
        try:
            html = await run_in_threadpool(render_view, site.store, name, params, links=site.view_links,
                                           nonce=nonce, nav=NAV)
        except QueryError as exc:
            return error_page(request, 404 if "no " in str(exc) else 400, str(exc).splitlines()[0])
        except TdktError as exc:
            return error_page(request, 400, str(exc).splitlines()[0])
        return HTMLResponse(html, headers={"Content-Security-Policy": CSP.format(script=f" 'nonce-{nonce}'")})

    # -- health ----------------------------------------------------------------

    async def health(request: Request) -> Response:
        state = backend.health() if isinstance(backend, EnginePool) else {"status": "ok", "endpoint": backend.query_url}
        return JSONResponse(state, status_code=200 if state["status"] == "ok" else 503,
                            headers={"Cache-Control": "no-store"})

    async def store_error(request: Request, exc: Exception) -> Response:
        """A page whose store could not answer (an engine being restarted, a query past its limit)."""
        status = 503 if isinstance(exc, StoreError) else 504 if "time limit" in str(exc) else 400
        return error_page(request, status, str(exc).splitlines()[0])

    # -- home, downloads, VoID -----------------------------------------------

    async def home(request: Request) -> Response:
        from tdkt.viz import registry

        blocs = await run_in_threadpool(site.blocs)
        return page("home.html", title="TĐKT Graph", blocs=blocs, views=list(registry().values()),
                    downloads=sorted(DOWNLOADS), max_rows=config.max_rows, timeout_s=config.timeout_s)

    async def download(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in DOWNLOADS:
            return error_page(request, 404, f"no download named {name}; downloads: {', '.join(sorted(DOWNLOADS))}")
        data, media = await run_in_threadpool(site.download, DOWNLOADS[name])
        return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})

    async def void(request: Request) -> Response:
        data = await run_in_threadpool(site.void, str(request.base_url))
        return Response(data, media_type="text/turtle")

    routes = [
        Route("/", home),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/query", query_page),
        Route("/api/queries", api_queries),
        Route("/api/queries/{name}", api_query),
        Route("/id/{key:path}", entity_redirect),
        Route("/doc/{key:path}", entity_doc),
        Route("/view/{name}", view),
        Route("/download/{name}", download),
        Route("/void.ttl", void),
        Route("/health", health),
        Route("/.well-known/void", lambda request: RedirectResponse("/void.ttl", status_code=303)),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ]
    hosts = sorted(set(LOOPBACK_HOSTS) | {config.host})
    middleware = [Middleware(Arrival), Middleware(TrustedHostMiddleware, allowed_hosts=hosts),
                  Middleware(SecurityHeaders)]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers={TdktError: store_error})
    app.state.backend = backend
    app.state.site = site
    app.state.config = config
    return app


async def _protocol_request(request: Request) -> tuple[str, list[str], list[str]]:
    """The query and graph parameters of a SPARQL 1.1 Protocol request; updates are refused here already."""
    params = list(request.query_params.multi_items())
    if request.method == "POST":
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await request.body()
        if len(body) > MAX_QUERY_BYTES:
            raise ProtocolError(413, "the request is too large")
        if content_type == "application/sparql-update":
            raise ProtocolError(403, "SPARQL Update is refused: this endpoint is read-only")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ProtocolError(400, "the request body is not UTF-8") from exc
        if content_type == "application/sparql-query":
            params.append(("query", text))
        elif content_type == "application/x-www-form-urlencoded":
            params += parse_qsl(text, keep_blank_values=True)
        else:
            raise ProtocolError(415, "POST a query as application/sparql-query or application/x-www-form-urlencoded")
    if any(k == "update" for k, _ in params):
        raise ProtocolError(403, "SPARQL Update is refused: this endpoint is read-only")
    queries = [v for k, v in params if k == "query"]
    if len(queries) != 1:
        raise ProtocolError(400, "give exactly one 'query' parameter")
    return (queries[0], [v for k, v in params if k == "default-graph-uri"],
            [v for k, v in params if k == "named-graph-uri"])

"""The site's routes: one handler per page or API, all reading through one :class:`Site` and one SPARQL proxy."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from tdkt.kernel.errors import QueryError, StoreError, TdktError
from tdkt.web.backend import Backend, EnginePool
from tdkt.web.config import ServeConfig
from tdkt.web.pages import CSP, NAV, error_page, page
from tdkt.web.proxy import Proxy
from tdkt.web.site import DOWNLOADS, ENTITY_FORMATS, ENTITY_MEDIA, Site
from tdkt.web.sparql import (
    ProtocolError,
    accepted,
    boolean_result,
    graph_result,
    named_form,
    negotiate,
    solutions_result,
)

MAX_QUERY_BYTES = 1_000_000


@dataclass
class Handlers:
    """The route handlers over one backend: its SPARQL proxy, the site that reads it, the limits served."""

    config: ServeConfig
    backend: Backend
    proxy: Proxy
    site: Site

    def routes(self, static: str) -> list[BaseRoute]:
        return [
            Route("/", self.home),
            Route("/sparql", self.sparql, methods=["GET", "POST"]),
            Route("/query", self.query_page),
            Route("/api/queries", self.api_queries),
            Route("/api/queries/{name}", self.api_query),
            Route("/id/{key:path}", self.entity_redirect),
            Route("/doc/{key:path}", self.entity_doc),
            Route("/view/{name}", self.view),
            Route("/download/{name}", self.download),
            Route("/void.ttl", self.void),
            Route("/health", self.health),
            Route("/.well-known/void", lambda request: RedirectResponse("/void.ttl", status_code=303)),
            Route("/favicon.ico", lambda request: Response(status_code=204)),
            Mount("/static", app=StaticFiles(directory=static), name="static"),
        ]

    # -- SPARQL -----------------------------------------------------------

    async def sparql(self, request: Request) -> Response:
        try:
            query, defaults, named = await _protocol_request(request)
            fetched = await self.proxy.fetch(query, defaults, named, request.state.arrival)
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
            "X-Tdkt-Row-Limit": str(self.config.max_rows), "X-Tdkt-Rows": str(result.rows), "Vary": "Accept",
            "Cache-Control": "no-store"})

    # -- named queries and the query page ---------------------------------

    async def query_page(self, request: Request) -> Response:
        return page("query.html", title="Truy vấn — SPARQL query", queries=self.site.named_queries(),
                    max_rows=self.config.max_rows, timeout_s=self.config.timeout_s, base=self.config.base)

    async def api_queries(self, request: Request) -> Response:
        return JSONResponse(self.site.named_queries())

    async def api_query(self, request: Request) -> Response:
        name = request.path_params["name"]
        try:
            text = await run_in_threadpool(self.site.bound_query, name, dict(request.query_params))
        except TdktError as exc:
            return JSONResponse({"error": str(exc).splitlines()[0]}, status_code=400)
        # a shipped query that fails its own check is a fault of ours, not of the request
        self.proxy.remember_named(text, await run_in_threadpool(named_form, name))
        return JSONResponse({"name": name, "sparql": text})

    # -- entities ----------------------------------------------------------

    async def entity_redirect(self, request: Request) -> Response:
        key = request.path_params["key"]
        fmt = _wanted_format(request)
        suffix = f".{fmt}" if fmt else ""
        return RedirectResponse(f"/doc/{key}{suffix}", status_code=303, headers={"Vary": "Accept"})

    async def entity_doc(self, request: Request) -> Response:
        key: str = request.path_params["key"]
        fmt = None
        for ext in ENTITY_FORMATS:
            if key.endswith("." + ext):
                key, fmt = key[: -len(ext) - 1], ext
                break
        fmt = fmt or _wanted_format(request)  # /doc/{key} answers in the format asked for, too
        site = self.site
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

    async def view(self, request: Request) -> Response:
        from tdkt.viz import render_view

        nonce = secrets.token_urlsafe(16)
        name = request.path_params["name"]
        params = dict(request.query_params)
        try:
            html = await run_in_threadpool(render_view, self.site.store, name, params, links=self.site.view_links,
                                           nonce=nonce, nav=NAV)
        except QueryError as exc:
            return error_page(request, 404 if "no " in str(exc) else 400, str(exc).splitlines()[0])
        except TdktError as exc:
            return error_page(request, 400, str(exc).splitlines()[0])
        return HTMLResponse(html, headers={"Content-Security-Policy": CSP.format(script=f" 'nonce-{nonce}'")})

    # -- health ----------------------------------------------------------------

    async def health(self, request: Request) -> Response:
        backend = self.backend
        state: dict[str, Any] = (backend.health() if isinstance(backend, EnginePool)
                                 else {"status": "ok", "endpoint": backend.query_url})
        state["named_queries"] = self.proxy.named_state()
        return JSONResponse(state, status_code=200 if state["status"] == "ok" else 503,
                            headers={"Cache-Control": "no-store"})

    async def store_error(self, request: Request, exc: Exception) -> Response:
        """A page whose store could not answer (an engine being restarted, a query past its limit)."""
        status = 503 if isinstance(exc, StoreError) else 504 if "time limit" in str(exc) else 400
        return error_page(request, status, str(exc).splitlines()[0])

    # -- home, downloads, VoID -----------------------------------------------

    async def home(self, request: Request) -> Response:
        from tdkt.viz import registry

        blocs = await run_in_threadpool(self.site.blocs)
        return page("home.html", title="TĐKT Graph", blocs=blocs, views=list(registry().values()),
                    downloads=sorted(DOWNLOADS), max_rows=self.config.max_rows, timeout_s=self.config.timeout_s)

    async def download(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in DOWNLOADS:
            return error_page(request, 404, f"no download named {name}; downloads: {', '.join(sorted(DOWNLOADS))}")
        data, media = await run_in_threadpool(self.site.download, DOWNLOADS[name])
        return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})

    async def void(self, request: Request) -> Response:
        data = await run_in_threadpool(self.site.void, str(request.base_url))
        return Response(data, media_type="text/turtle")


def _wanted_format(request: Request) -> str | None:
    """The RDF format (extension) the Accept header prefers to HTML, if any."""
    for media in accepted(request.headers.get("accept", "")):
        if media in ("text/html", "application/xhtml+xml", "*/*", "text/*"):
            return None
        if media in ENTITY_MEDIA:
            return ENTITY_MEDIA[media]
    return None


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

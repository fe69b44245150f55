"""The site's HTML pages and their headers: the navigation, the Content-Security-Policy, pages and error pages."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from tdkt.viz.render import templates

NAV = (("Trang chủ — home", "/"), ("Truy vấn — query", "/query"), ("Tổng quan — overview", "/view/overview"),
       ("Khen thưởng — awards", "/view/awards"), ("Kế thừa — lineage", "/view/lineage"))
CSP = ("default-src 'none'; script-src 'self'{script}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = templates("tdkt.web").get_template(name).render(nav=NAV, **context)
    return HTMLResponse(html, status_code=status)


def error_page(request: Request, status: int, message: str) -> Response:
    if "text/html" in request.headers.get("accept", ""):
        return page("error.html", status, title=f"Lỗi — error {status}", code=status, message=message)
    return Response(message + "\n", status_code=status, media_type="text/plain; charset=utf-8")

"""The local web server (``tdkt serve``): a read-only SPARQL endpoint, a query page, entity pages, views."""

from __future__ import annotations

from starlette.applications import Starlette

from web.app import ServeConfig, create_app


def serve(config: ServeConfig, app: Starlette | None = None) -> None:
    """Run the server until interrupted (uvicorn on ``config.host``:``config.port``)."""
    import uvicorn

    uvicorn.run(app or create_app(config), host=config.host, port=config.port, log_level="warning",
                proxy_headers=False, server_header=False)


__all__ = ["ServeConfig", "create_app", "serve"]

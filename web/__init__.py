"""The local web server (``tdkt serve``): a read-only SPARQL endpoint, a query page, entity pages, views."""

from __future__ import annotations

import socket

from starlette.applications import Starlette

from tdkt.kernel.errors import TdktError
from tdkt.web.app import ServeConfig, create_app


def listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound before anything claims to serve: a busy port is one clear error."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        reason = "the port is in use (another server? choose one with --port)" \
            if exc.errno in (98, 48, 10048) else (exc.strerror or str(exc))
        raise TdktError(f"cannot listen on {host}:{port}: {reason}") from exc
    sock.set_inheritable(True)
    return sock


def serve(config: ServeConfig, app: Starlette | None = None, sock: socket.socket | None = None) -> None:
    """Run the server until interrupted (uvicorn on ``sock``, or on ``config.host``:``config.port``)."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app or create_app(config), host=config.host, port=config.port,
                                           log_level="warning", proxy_headers=False, server_header=False))
    server.run(sockets=[sock or listen(config.host, config.port)])


__all__ = ["ServeConfig", "create_app", "listen", "serve"]

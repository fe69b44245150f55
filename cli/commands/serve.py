"""Serving the graph: ``tdkt serve``, the local web server over the store (loopback by default)."""

from __future__ import annotations

import ipaddress

import click

from tdkt.cli.settings import Settings, store_options


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@click.command("serve")
@click.option("--host", default="127.0.0.1", metavar="ADDRESS", show_default=True,
              help="Address to listen on (loopback by default).")
@click.option("--port", default=8000, metavar="PORT", show_default=True, type=click.IntRange(1, 65535))
@click.option("--timeout", "timeout_s", default=30.0, metavar="SECONDS", show_default=True,
              type=click.FloatRange(min=1),
              help="Query time limit in seconds; a query past it is stopped.")
@click.option("--max-rows", default=10_000, metavar="N", show_default=True, type=click.IntRange(min=1),
              help="Most rows (triples) a result returns; a capped result says so (X-Tdkt-Truncated).")
@click.option("--workers", default=2, metavar="N", show_default=True, type=click.IntRange(1, 16),
              help="Query engine processes (one query at a time each).")
@store_options
@click.pass_obj
def serve(settings: Settings, host: str, port: int, timeout_s: float, max_rows: int, workers: int) -> None:
    """Serve the graph: SPARQL endpoint (/sparql), query page (/query), entity pages (/id/...), views, downloads.

    Queries are answered read-only by engine processes that only the proxy can
    reach (no port of their own), behind a proxy that refuses updates and
    SERVICE; a dead engine is restarted (see /health). You may load into the
    store while it is served: once a load or build commits, the next queries
    see it within seconds, each query on one consistent snapshot.
    """
    from tdkt.web import ServeConfig, create_app, listen
    from tdkt.web import serve as run

    if not _is_loopback(host):
        click.echo(f"warning: listening on {host}, not loopback: anyone who can reach it can query the graph",
                   err=True)
    config = ServeConfig(store_path=None if settings.endpoint else settings.store_path, endpoint=settings.endpoint,
                         base=settings.base, timeout_s=timeout_s, max_rows=max_rows, host=host, port=port,
                         workers=workers)
    sock = listen(host, port)  # a busy port fails here, in one line, before anything claims to serve
    try:
        app = create_app(config)  # checks the store before saying anything
    except BaseException:
        sock.close()
        raise
    click.echo(f"serving on http://{host}:{port}/ (query page /query, endpoint /sparql); Ctrl-C stops", err=True)
    run(config, app, sock)


COMMANDS = (serve,)

"""``tdkt serve``: the local web server over the store (loopback by default)."""

from __future__ import annotations

import ipaddress

import click

from tdkt.settings import Settings, store_options


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--timeout", "timeout_s", default=30.0, show_default=True, type=click.FloatRange(min=1),
              help="Query time limit in seconds; a query past it is stopped.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(min=1),
              help="Most rows (triples) a result returns; a capped result says so (X-Tdkt-Truncated).")
@store_options
@click.pass_obj
def serve(settings: object, host: str, port: int, timeout_s: float, max_rows: int) -> None:
    """Serve the graph: SPARQL endpoint (/sparql), query page (/query), entity pages (/id/...), views, downloads.

    The store is served read-only by 'oxigraph serve-read-only' on a private
    loopback port behind a proxy that refuses updates and SERVICE. Do not
    load into the store while it is being served.
    """
    from web import ServeConfig, create_app, listen
    from web import serve as run

    assert isinstance(settings, Settings)
    if not _is_loopback(host):
        click.echo(f"warning: listening on {host}, not loopback: anyone who can reach it can query the graph",
                   err=True)
    config = ServeConfig(store_path=None if settings.endpoint else settings.store_path, endpoint=settings.endpoint,
                         base=settings.base, timeout_s=timeout_s, max_rows=max_rows, host=host, port=port)
    sock = listen(host, port)  # a busy port fails here, in one line, before anything claims to serve
    try:
        app = create_app(config)  # checks the store before saying anything
    except BaseException:
        sock.close()
        raise
    click.echo(f"serving on http://{host}:{port}/ (query page /query, endpoint /sparql); Ctrl-C stops", err=True)
    run(config, app, sock)

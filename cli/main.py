"""The ``tdkt`` group: its global options (the one :class:`Settings`), its commands, and the error handling.

The commands live in ``cli.commands``, one module per family. Errors a user can act on (:class:`TdktError`)
print as one line and exit 1; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from tdkt.cli.commands import build, check, export, extract, query, serve, synth, viz
from tdkt.cli.settings import DEFAULT_BASE, DEFAULT_STORE, Settings
from tdkt.kernel.errors import TdktError

FAMILIES = (build, extract, check, query, export, viz, serve, synth)  # the order of the command reference


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", "store_path", type=click.Path(path_type=Path), envvar="TDKT_STORE", metavar="PATH",
              default=DEFAULT_STORE, show_default=True, help="Folder of the embedded Oxigraph store.")
@click.option("--endpoint", envvar="TDKT_ENDPOINT", metavar="URL",
              help="Use this SPARQL 1.1 endpoint instead of the embedded store.")
@click.option("--update-endpoint", envvar="TDKT_UPDATE_ENDPOINT", metavar="URL",
              help="SPARQL Update URL of the endpoint (default: .../update beside .../query). Credentials from "
                   "TDKT_ENDPOINT_USER and TDKT_ENDPOINT_PASSWORD (TDKT_ENDPOINT_AUTH=basic|digest).")
@click.option("--default-graph", envvar="TDKT_DEFAULT_GRAPH", metavar="IRI",
              help="With --endpoint: the named graph that holds each triple once, for engines whose default graph "
                   "is the union of all graphs (Virtuoso), e.g. urn:tdkt:default.")
@click.option("--base", envvar="TDKT_BASE", default=DEFAULT_BASE, show_default=True, metavar="IRI",
              help="Base of entity IRIs.")
@click.version_option(package_name="tdkt-graph")
@click.pass_context
def cli(ctx: click.Context, store_path: Path, endpoint: str | None, update_endpoint: str | None,
        default_graph: str | None, base: str) -> None:
    """TĐKT Graph: a knowledge graph of emulation blocs, their rotations, awards and lineage."""
    if default_graph and not endpoint:
        raise TdktError("--default-graph names a graph on a remote endpoint; give --endpoint too")
    ctx.obj = Settings(store_path, endpoint, update_endpoint, base, default_graph)


for _family in FAMILIES:
    for _command in _family.COMMANDS:
        cli.add_command(_command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``tdkt`` with ``argv`` (default: the process's arguments); returns the exit status."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="tdkt", standalone_mode=False)
    except TdktError as exc:
        click.echo(f"error: {str(exc).splitlines()[0]}", err=True)
        return 1
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 1
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 1
    return 0

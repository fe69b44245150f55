"""Drawing the graph: ``tdkt view`` writes one view as a self-contained HTML file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tdkt.cli.options import key_values
from tdkt.cli.settings import Settings, store_options


@click.command("view")
@click.argument("name", type=click.Choice(["bloc", "unit", "awards", "lineage", "overview"]))
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="key=value, e.g. -p bloc='Cụm thi đua số 01'.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="HTML file to write (default: stdout).")
@store_options
@click.pass_obj
def view(settings: Settings, name: str, params: tuple[str, ...], output: Path | None) -> None:
    """Draw a view as a self-contained HTML page (works offline).

    \b
    bloc      -p bloc=NAME|IRI     one bloc's chair/vice-chair/host timeline, handovers, members
    unit      -p unit=NAME|IRI     one unit's blocs, duties, awards, officials, lineage
    awards    [-p year=Y] [-p province=P] [-p status=proposed|conferred]
    lineage   [-p bloc=B] [-p province=P] [-p part=all|chairs|changes|campaigns]
    overview  [-p province=P]      blocs and the units and officials that join them
    """
    from tdkt.viz import render_view

    with settings.store() as store:
        html = render_view(store, name, key_values(params))
    if output is None:
        sys.stdout.write(html)
    else:
        output.write_text(html, encoding="utf-8")
        click.echo(f"wrote {output} ({len(html) // 1024} KB)", err=True)


COMMANDS = (view,)

"""Plain-text reports the CLI prints (their queries are named ones: bloc-roles, report-bloc-count,
report-example-bloc)."""

from __future__ import annotations

import shlex

import click

from tdkt.graph.build import LoadReport
from tdkt.graph.store.base import Store
from tdkt.kernel.codes import BLOC_ROLES
from tdkt.queries.library import run_query

# the duties the main job lists, by their English labels in the ontology ("chair", "vice-chair")
ROLE_NAMES = {code: BLOC_ROLES[code].en.lower() for code in ("chair", "vice_chair")}


def print_rotations(store: Store) -> None:
    """For each bloc, its chairs and vice-chairs by year (the main job's output)."""
    rows = run_query(store, "bloc-roles")
    blocs: dict[str, list[tuple[int, str, str]]] = {}
    for row in rows:
        title = f"{row['blocLabel']} ({row['province']})" if row["province"] else row["blocLabel"]
        entries = blocs.setdefault(title, [])
        if row["roleName"] in ROLE_NAMES:
            entries.append((row["year"], ROLE_NAMES[row["roleName"]], row["unitLabel"]))
    for bloc in sorted(blocs):
        click.echo(bloc)
        for year, role, unit in sorted(set(blocs[bloc])) or []:
            click.echo(f"  {year}  {role:<10}  {unit}")
        if not blocs[bloc]:
            click.echo("  (no chair or vice-chair recorded)")


def print_build(store: Store, report: LoadReport, seconds: float, summary_above: int, rotation_command: str) -> None:
    """The main job's output after a build: every bloc's rotation (``print_rotations``), or, above
    ``summary_above`` blocs, a summary (documents, quads, blocs, named graphs, time, quads/s) and the
    command that prints one bloc's rotation (``rotation_command`` followed by the bloc's name)."""
    [row] = run_query(store, "report-bloc-count").rows
    blocs = int(row["blocs"] or 0)
    if blocs <= summary_above:
        print_rotations(store)
        return
    rate = report.quads / seconds if seconds else 0.0
    click.echo(f"{report.documents} documents, {report.quads} quads, {blocs} blocs, "
               f"{len(store.graph_names())} named graphs; built in {seconds:.1f} s ({rate:.0f} quads/s)")
    example = run_query(store, "report-example-bloc").rows
    click.echo(f"The rotations of {blocs} blocs are not listed; one bloc's rotation: {rotation_command} BLOC"
               + (", e.g." if example else ""))
    if example:
        click.echo(f"  {rotation_command} {shlex.quote(str(example[0]['title']))}")

"""Checking the graph: ``tdkt validate`` (SHACL) and ``tdkt check`` (conflicts, gaps, the law)."""

from __future__ import annotations

import click

from tdkt.cli.options import ROW_FORMATS
from tdkt.cli.settings import Settings, store_options


@click.command()
@click.option("--strict", is_flag=True, help="Fail on warnings too (e.g. a chair not recorded as a member).")
@store_options
@click.pass_obj
def validate(settings: Settings, strict: bool) -> None:
    """Check the graph against its SHACL shapes; exit 1 on a violation."""
    from tdkt.graph.validate import validate_store

    with settings.store() as store:
        report = validate_store(store)
    if report.findings:
        click.echo(report.text())
    failed = not report.conforms or (strict and report.findings)
    click.echo(f"{'does not conform' if failed else 'conforms'}: {len(report.violations)} violations, "
               f"{len(report.findings) - len(report.violations)} warnings", err=True)
    if failed:
        raise SystemExit(1)


@click.command()
@click.option("--strict", is_flag=True, help="Exit 1 when there is a conflict or a violation of the law.")
@click.option("--bloc", help="Only this bloc (IRI or name in any spelling).")
@click.option("--recipient", help="Check the awards of this unit or person only (IRI or name in any spelling).")
@click.option("--gaps", "list_gaps", is_flag=True, help="List every gap, not only their counts.")
@click.option("--format", "fmt", type=click.Choice(["text", *ROW_FORMATS]), default="text",
              show_default=True, help="text: the report; the others: the conflicts' rows "
                                      "(the law's rows: tdkt ask law-findings).")
@store_options
@click.pass_obj
def check(settings: Settings, strict: bool, bloc: str | None, recipient: str | None, list_gaps: bool,
          fmt: str) -> None:
    """Conflicts and gaps (two chairs in a bloc-year, chairs or recipients outside the bloc, single sources...),
    then the awards checked against the law in force on their date, one line per finding."""
    from tdkt.graph.results import render
    from tdkt.queries.conflicts import check as find_conflicts
    from tdkt.queries.law import law_findings
    from tdkt.queries.library import run_query

    with settings.store() as store:
        law = law_findings(store, recipient)
        if fmt == "text":
            report = find_conflicts(store, bloc)
            click.echo(report.text(list_gaps), nl=False)
            click.echo(law.text(), nl=False)
            failed = bool(report.conflicts)
        else:
            rows = run_query(store, "conflicts", {"bloc": bloc} if bloc else {})
            click.echo(render(rows, fmt), nl=False)
            failed = any(r["severity"] == "conflict" for r in rows)
    if strict and (failed or law.violations):
        raise SystemExit(1)


COMMANDS = (validate, check)

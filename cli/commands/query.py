"""Asking the graph: ``tdkt query`` (SPARQL), ``tdkt queries`` (the catalogue), ``tdkt ask`` (a named query)
and ``tdkt rotation`` (a bloc's rotation and its expected next chair)."""

from __future__ import annotations

import click

from tdkt.cli.options import GRAPH_FORMATS, ROW_FORMAT, ROW_FORMATS, key_values
from tdkt.cli.settings import Settings, store_options


@click.command()
@click.argument("sparql", metavar="SPARQL-OR-FILE")
@click.option("--format", "fmt", type=click.Choice([*ROW_FORMATS, *GRAPH_FORMATS]), default=None,
              help="SELECT and ASK: table (default), csv, tsv, json, jsonl; CONSTRUCT and DESCRIBE: turtle "
                   "(default), ntriples, jsonld.")
@store_options
@click.pass_obj
def query(settings: Settings, sparql: str, fmt: str | None) -> None:
    """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query given as text or as a file."""
    from tdkt.graph.queryform import answer, formats, query_form, query_text

    text = query_text(sparql)
    form = query_form(text)
    if fmt is not None and fmt not in formats(form):
        raise click.BadParameter(f"a {form} query is written as {', '.join(formats(form))}", param_hint="--format")
    with settings.store() as store:
        click.echo(answer(store, text, fmt), nl=False)


@click.command("queries")
@click.argument("name", required=False)
@click.option("--sparql", is_flag=True, help="With NAME: print the query text too.")
def list_queries(name: str | None, sparql: bool) -> None:
    """List the named queries and their parameters; with NAME, describe that query."""
    from tdkt.queries.library import get_query, load_queries

    if name:
        q = get_query(name)
        click.echo(f"{q.name}{f' (question {q.question})' if q.question else ''}: {q.title}\n\n{q.description}\n")
        for p in q.params:
            extra = " (required)" if p.required else (f" (default: {p.default})" if p.default is not None else "")
            click.echo(f"  -p {p.name}=<{p.type}>  {p.description}{extra}")
        if not q.params:
            click.echo("  no parameters")
        if sparql:
            click.echo("\n" + "\n".join(line for line in q.text.splitlines() if not line.startswith("#+")).strip())
        return
    for q in load_queries().values():
        params = " ".join(f"{p.name}:{p.type}" for p in q.params)
        question = f"Q{q.question}" if q.question else "-"  # the project's own queries answer no question
        click.echo(f"{q.name:<24} {question:<4} {q.title}" + (f"  [{params}]" if params else ""))


@click.command()
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="key=value; names accept any spelling.")
@click.option("--format", "fmt", type=ROW_FORMAT, default="table", show_default=True)
@click.option("--columns", "-c", metavar="COLS", help="Only these columns, comma-separated, in this order.")
@store_options
@click.pass_obj
def ask(settings: Settings, name: str, params: tuple[str, ...], fmt: str, columns: str | None) -> None:
    """Run a named query (see 'tdkt queries NAME' for its parameters and columns)."""
    from tdkt.graph.results import only_columns, render
    from tdkt.kernel.errors import QueryError
    from tdkt.queries.library import run_query

    with settings.store() as store:
        rows = run_query(store, name, key_values(params))
    if columns:
        try:
            rows = only_columns(rows, [c.strip() for c in columns.split(",") if c.strip()])
        except QueryError as exc:
            raise click.BadParameter(str(exc), param_hint="--columns") from exc
    click.echo(render(rows, fmt), nl=False)


@click.command("rotation")
@click.argument("bloc", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@store_options
@click.pass_obj
def rotation(settings: Settings, bloc: str | None, fmt: str) -> None:
    """Rotation of a bloc (default: every bloc): sequence, members not yet chaired, expected next chair and rule."""
    from tdkt.queries.analytics import describe_rotation, rotations

    with settings.store() as store:
        found = rotations(store, bloc)
    if fmt == "json":
        import json

        click.echo(json.dumps([r.as_dict() for r in found], ensure_ascii=False, indent=2))
        return
    click.echo("\n".join(describe_rotation(r) for r in found), nl=False)
    if not found:
        click.echo("no rotation recorded", err=True)


COMMANDS = (query, list_queries, ask, rotation)

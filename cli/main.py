"""The ``tdkt`` command: thin commands that parse options and call one public function each.

Errors a user can act on (:class:`TdktError`) print as one line and exit 1;
anything else is a bug and keeps its traceback.
"""
# long: split pending: the CLI becomes a package of command families in the CLI work of issue 15

from __future__ import annotations

import shlex
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tdkt.cli.settings import DEFAULT_BASE, DEFAULT_STORE, Settings, store_options
from tdkt.cli.synth_cmd import synth
from tdkt.kernel.errors import TdktError

if TYPE_CHECKING:
    from tdkt.graph.build import BuildReport, Sources, Writer
    from tdkt.graph.store import WritableStore

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
BULK_FROM = 500  # documents: from this many on, ``tdkt build`` writes the embedded store in bulk (graph.bulk)
BULK_FROM_MB = 2  # records files: from this many MB on, ``tdkt load`` and ``tdkt build`` write in bulk too (in place,
# one SPARQL update costs ~600 times the document in memory; in bulk a document streams)
SUMMARY_ABOVE = 50  # blocs: above this many, ``tdkt build`` prints a summary instead of every rotation


def sample_dir() -> Path:
    """The records for the five corpus articles shipped with the project."""
    return Path(str(resources.files("tdkt.cli").joinpath("sample")))


@contextmanager
def progress_bar(label: str, total: int | None) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr (only on a terminal); yields the callback that advances it."""
    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True)
    with Progress(console=console, transient=True, disable=not console.is_terminal) as progress:
        task = progress.add_task(label, total=total)

        def advance(item: str) -> None:
            progress.update(task, advance=1, description=f"{label} {item}")

        yield advance


def _params(values: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"'{item}' is not key=value", param_hint="--param")
        out[name.strip()] = value
    return out


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", "store_path", type=click.Path(path_type=Path), envvar="TDKT_STORE",
              default=DEFAULT_STORE, show_default=True, help="Folder of the embedded Oxigraph store.")
@click.option("--endpoint", envvar="TDKT_ENDPOINT", help="Use this SPARQL 1.1 endpoint instead of the embedded store.")
@click.option("--update-endpoint", envvar="TDKT_UPDATE_ENDPOINT",
              help="SPARQL Update URL of the endpoint (default: .../update beside .../query). Credentials from "
                   "TDKT_ENDPOINT_USER and TDKT_ENDPOINT_PASSWORD (TDKT_ENDPOINT_AUTH=basic|digest).")
@click.option("--default-graph", envvar="TDKT_DEFAULT_GRAPH",
              help="With --endpoint: the named graph that holds each triple once, for engines whose default graph "
                   "is the union of all graphs (Virtuoso), e.g. urn:tdkt:default.")
@click.option("--base", envvar="TDKT_BASE", default=DEFAULT_BASE, show_default=True, help="Base of entity IRIs.")
@click.version_option(package_name="tdkt-graph")
@click.pass_context
def cli(ctx: click.Context, store_path: Path, endpoint: str | None, update_endpoint: str | None,
        default_graph: str | None, base: str) -> None:
    """TĐKT Graph: a knowledge graph of emulation blocs, their rotations, awards and lineage."""
    if default_graph and not endpoint:
        raise TdktError("--default-graph names a graph on a remote endpoint; give --endpoint too")
    ctx.obj = Settings(store_path, endpoint, update_endpoint, base, default_graph)


def _writer(settings: Settings, store: WritableStore | None, bulk: bool) -> Writer:
    from tdkt.graph.build import TransactionWriter
    from tdkt.graph.bulk import FolderSwapWriter

    if bulk:
        return FolderSwapWriter(settings.store_path)
    assert store is not None
    return TransactionWriter(store)


def _write(settings: Settings, sources: Sources, bulk: bool | None, replace_sources: bool,
           label: str) -> tuple[BuildReport, float]:
    """The one build pipeline (graph.build.run) with the writer the options choose; returns its report."""
    from tdkt.graph.build import run

    if bulk and settings.endpoint:
        raise TdktError("--bulk writes the embedded store (--store); it cannot be used with --endpoint "
                        "or TDKT_ENDPOINT")
    items = len(sources.items())
    if bulk is None:
        size = sum(p.stat().st_size for p in sources.paths if p.is_file())
        bulk = settings.endpoint is None and (items >= BULK_FROM or size >= BULK_FROM_MB * 2**20)
    start = time.perf_counter()
    with progress_bar(label, items) as advance:
        if bulk:
            report = run(sources, _writer(settings, None, True), settings.ids, replace_sources=replace_sources,
                         progress=advance)
        else:
            with settings.writable() as store:
                report = run(sources, _writer(settings, store, False), settings.ids,
                             replace_sources=replace_sources, progress=advance)
    return report, time.perf_counter() - start


def _articles(folder: Path | None) -> list[Path]:
    if folder is None:
        return []
    return [p for p in sorted(folder.iterdir()) if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES]


@cli.command(help=f"""Build the graph from a data folder (default: the sample records shipped with the project).

Prints, for each bloc, its chairs and vice-chairs by year; above {SUMMARY_ABOVE} blocs, a summary and the
command that prints one bloc's rotation. From {BULK_FROM} documents on (or with --bulk), the embedded store
is written in bulk into a new folder that replaces the old one only when every document is good.
""")
@click.argument("data_dir", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--articles", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Also extract records from the articles in this folder and load them.")
@click.option("--bulk/--no-bulk", default=None,
              help=f"--bulk: write a new embedded store in bulk and swap it in (the default from {BULK_FROM} "
                   "documents on); --no-bulk: update the store in place in one transaction.")
@click.option("--quiet", "-q", is_flag=True, help="Do not print the chairs and vice-chairs (or the summary).")
@store_options
@click.pass_obj
def build(settings: Settings, data_dir: Path | None, articles: Path | None, bulk: bool | None, quiet: bool) -> None:
    from tdkt.cli.report import print_build
    from tdkt.graph.build import Sources

    sources = Sources.folder(data_dir or sample_dir(), articles=_articles(articles))
    report, seconds = _write(settings, sources, bulk, True, "building")
    click.echo(f"built {report.documents} documents into {report.graphs} graphs ({report.quads} quads)", err=True)
    if not quiet:
        with settings.store() as store:
            print_build(store, report, seconds, SUMMARY_ABOVE, f"tdkt {_store_options(settings)}rotation")


def _store_options(settings: Settings) -> str:
    """The global options that reach the store just built, for a command to copy ("" for the default store)."""
    if settings.endpoint:
        graph = f"--default-graph {shlex.quote(settings.default_graph)} " if settings.default_graph else ""
        return f"--endpoint {shlex.quote(settings.endpoint)} {graph}"
    if settings.store_path == Path(DEFAULT_STORE):
        return ""
    return f"--store {shlex.quote(str(settings.store_path))} "


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--graph", "graph_iri", help="Named graph for triples of RDF files that have none (default: per file).")
@click.option("--bulk/--no-bulk", default=None,
              help="--bulk: write a new embedded store with the old one's graphs and these, and swap it in (the "
                   f"default from {BULK_FROM_MB} MB of records files on: a large document streams into it); "
                   "--no-bulk: update the store in place in one transaction.")
@store_options
@click.pass_obj
def load(settings: Settings, files: tuple[Path, ...], graph_iri: str | None, bulk: bool | None) -> None:
    """Load records documents (JSON, YAML, CSV folders) or RDF files; each replaces what it said before.

    Everything is checked before anything is written, and written at once with the reference graphs
    (ontology, award vocabulary, administrative units) and the derived graphs.
    """
    from tdkt.graph.build import Sources

    report, _seconds = _write(settings, Sources(paths=files, rdf_graph=graph_iri), bulk, False, "loading")
    click.echo(f"loaded {report.documents} records documents and {report.rdf_files} RDF files into "
               f"{report.graphs} graphs ({report.quads} quads)", err=True)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("records"),
              show_default=True, help="Folder for the records documents (one <article>.json each).")
@click.option("--url", help="The address a single saved article came from (its host names the province).")
def extract(paths: tuple[Path, ...], out_dir: Path, url: str | None) -> None:
    """Extract records from articles (plain text or saved HTML) for review, then 'tdkt load'."""
    from tdkt.loaders.articles import extract_file, write_records

    files = [p for path in paths for p in (sorted(path.iterdir()) if path.is_dir() else [path])
             if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES]
    if url and len(files) != 1:
        raise click.UsageError("--url names the address of one article; give a single file")
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in files:
        doc = extract_file(path, url=url)
        written = write_records(doc, out_dir)
        click.echo(f"{path} -> {written} ({len(doc.records)} records)", err=True)


@cli.command()
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


FORMAT_CHOICE = click.Choice(["table", "csv", "tsv", "json", "jsonl"])
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld")


@cli.command()
@click.argument("sparql")
@click.option("--format", "fmt", type=click.Choice([*FORMAT_CHOICE.choices, *GRAPH_FORMATS]), default=None,
              help="SELECT and ASK: table (default), csv, tsv, json, jsonl; CONSTRUCT and DESCRIBE: turtle "
                   "(default), ntriples, jsonld.")
@store_options
@click.pass_obj
def query(settings: Settings, sparql: str, fmt: str | None) -> None:
    """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query given as text or as a file."""
    from tdkt.graph.queryform import query_form, query_text, render_graph
    from tdkt.graph.results import render

    text = query_text(sparql)
    form = query_form(text)
    graph = form in ("CONSTRUCT", "DESCRIBE")
    if fmt is not None and (fmt in GRAPH_FORMATS) != graph:
        offered = ", ".join(GRAPH_FORMATS if graph else FORMAT_CHOICE.choices)
        raise click.BadParameter(f"a {form} query is written as {offered}", param_hint="--format")
    with settings.store() as store:
        if graph:
            sys.stdout.buffer.write(render_graph(store.construct(text), fmt or "turtle"))
        elif form == "ASK":
            answer = "true" if store.ask(text) else "false"
            click.echo(f"answer\n{answer}" if fmt in ("csv", "tsv") else answer)
        else:
            click.echo(render(store.select(text), fmt or "table"), nl=False)


@cli.command("queries")
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


@cli.command()
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, help="key=value; names accept any spelling.")
@click.option("--format", "fmt", type=FORMAT_CHOICE, default="table", show_default=True)
@click.option("--columns", "-c", help="Only these columns, comma-separated, in this order.")
@store_options
@click.pass_obj
def ask(settings: Settings, name: str, params: tuple[str, ...], fmt: str, columns: str | None) -> None:
    """Run a named query (see 'tdkt queries NAME' for its parameters and columns)."""
    from tdkt.graph.results import make_rows, render
    from tdkt.queries.library import run_query

    with settings.store() as store:
        rows = run_query(store, name, _params(params))
    if columns:
        wanted = [c.strip() for c in columns.split(",") if c.strip()]
        unknown = [c for c in wanted if c not in rows.variables]
        if unknown:
            raise click.BadParameter(f"no column {', '.join(unknown)}; the columns are {', '.join(rows.variables)}",
                                     param_hint="--columns")
        rows = make_rows(wanted, [[row.term(c) for c in wanted] for row in rows])
    click.echo(render(rows, fmt), nl=False)


@cli.command("rotation")
@click.argument("bloc", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@store_options
@click.pass_obj
def rotation_command(settings: Settings, bloc: str | None, fmt: str) -> None:
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


@cli.command()
@click.option("--strict", is_flag=True, help="Exit 1 when there is a conflict or a violation of the law.")
@click.option("--bloc", help="Only this bloc (IRI or name in any spelling).")
@click.option("--recipient", help="Check the awards of this unit or person only (IRI or name in any spelling).")
@click.option("--gaps", "list_gaps", is_flag=True, help="List every gap, not only their counts.")
@click.option("--format", "fmt", type=click.Choice(["text", *FORMAT_CHOICE.choices]), default="text",
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


@cli.command()
@click.option("--format", "fmt", default="turtle", show_default=True,
              type=click.Choice(["turtle", "ntriples", "trig", "nquads", "jsonld", "rdfxml", "void"]))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: stdout).")
@click.option("--default-graph-name", metavar="IRI",
              help="trig, nquads: write the default graph (each triple once, which the queries read) as this named "
                   "graph, for engines whose default graph is the union of all graphs (Virtuoso).")
@store_options
@click.pass_obj
def export(settings: Settings, fmt: str, output: Path | None, default_graph_name: str | None) -> None:
    """Export the whole graph, sorted and deterministic; 'void' writes the VoID/DCAT description.

    TriG and N-Quads carry the default graph too, so that the file loaded into a fresh engine answers the
    named queries as this store does."""
    import pyoxigraph as ox

    from tdkt.graph.export import export_store
    from tdkt.queries.describe import describe

    with settings.store() as store:
        if fmt == "void":
            data = ox.serialize(describe(store, settings.ids, settings.endpoint), format=ox.RdfFormat.TURTLE) or b""
        else:
            data = export_store(store, fmt, default_graph_name)
    if output:
        output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)


@cli.command()
@store_options
@click.pass_obj
def stats(settings: Settings) -> None:
    """Counts of quads, graphs and entities by class."""
    from tdkt.graph.results import render
    from tdkt.queries.library import run_query

    with settings.store() as store:
        click.echo(f"quads: {store.count()}  named graphs: {len(store.graph_names())}")
        click.echo(render(run_query(store, "dataset-classes"), "table"), nl=False)


def main(argv: Sequence[str] | None = None) -> int:
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


cli.add_command(synth)


from tdkt.cli.serve_cmd import serve as _serve_command  # noqa: E402
from tdkt.cli.viz_cmd import view as _view_command  # noqa: E402

cli.add_command(_view_command)
cli.add_command(_serve_command)

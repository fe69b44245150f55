"""Writing the graph: ``tdkt build`` (a data folder, the sample by default) and ``tdkt load`` (files)."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tdkt.cli.settings import DEFAULT_STORE, Settings, store_options

if TYPE_CHECKING:
    from tdkt.graph.build import BuildReport, Sources

SUMMARY_ABOVE = 50  # blocs: above this many, ``tdkt build`` prints a summary instead of every rotation
BULK_FROM = 500  # graph.write.BULK_FROM, for the help text (a test checks they agree)
BULK_FROM_MB = 2  # graph.write.BULK_FROM_MB


def sample_dir() -> Path:
    """The records for the five corpus articles shipped with the project."""
    return Path(str(resources.files("tdkt.cli").joinpath("sample")))


@contextmanager
def progress_bar(label: str, total: int | None) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr (only on a terminal); yields the callback that advances it."""
    if not sys.stderr.isatty():  # rich is not even imported
        yield lambda item: None
        return
    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True)
    with Progress(console=console, transient=True, disable=not console.is_terminal) as progress:
        task = progress.add_task(label, total=total)

        def advance(item: str) -> None:
            progress.update(task, advance=1, description=f"{label} {item}")

        yield advance


def _write(settings: Settings, sources: Sources, bulk: bool | None, replace_sources: bool,
           label: str) -> BuildReport:
    """The one build pipeline into the store the settings name, with a progress bar."""
    from tdkt.graph.write import write

    with progress_bar(label, len(sources.items())) as advance:
        return write(sources, settings.target, settings.ids, bulk=bulk, replace_sources=replace_sources,
                     progress=advance)


def store_options_text(settings: Settings) -> str:
    """The global options that reach the store just built, for a command to copy ("" for the default store)."""
    if settings.endpoint:
        graph = f"--default-graph {shlex.quote(settings.default_graph)} " if settings.default_graph else ""
        return f"--endpoint {shlex.quote(settings.endpoint)} {graph}"
    if settings.store_path == Path(DEFAULT_STORE):
        return ""
    return f"--store {shlex.quote(str(settings.store_path))} "


@click.command(help=f"""Build the graph from a data folder (default: the sample records shipped with the project).

Prints, for each bloc, its chairs and vice-chairs by year; above {SUMMARY_ABOVE} blocs, a summary and the
command that prints one bloc's rotation. The embedded store is written in bulk into a new folder that
replaces the old one only when every document is good (--no-bulk: updated in place in one transaction).
""")
@click.argument("data_dir", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--articles", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Also extract records from the articles in this folder and load them.")
@click.option("--bulk/--no-bulk", default=None,
              help="--bulk (the default for the embedded store): write a new store in bulk and swap it in; "
                   "--no-bulk: update the store in place in one transaction.")
@click.option("--quiet", "-q", is_flag=True, help="Do not print the chairs and vice-chairs (or the summary).")
@store_options
@click.pass_obj
def build(settings: Settings, data_dir: Path | None, articles: Path | None, bulk: bool | None, quiet: bool) -> None:
    from tdkt.cli.report import print_build
    from tdkt.graph.build import Sources

    found: list[Path] = []
    if articles:
        from tdkt.loaders.articles.files import article_files  # the extractor's imports, only when it runs

        found = article_files([articles])
    sources = Sources.folder(data_dir or sample_dir(), articles=found)
    report = _write(settings, sources, bulk, True, "building")
    click.echo(f"built {report.documents} documents into {report.graphs} graphs ({report.quads} quads)", err=True)
    if not quiet:
        with settings.store() as store:
            print_build(store, report, report.seconds, SUMMARY_ABOVE,
                        f"tdkt {store_options_text(settings)}rotation")


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--graph", "graph_iri", metavar="IRI",
              help="Named graph for triples of RDF files that have none (default: per file).")
@click.option("--bulk/--no-bulk", default=None,
              help="--bulk: write a new embedded store with the old one's graphs and these, and swap it in (the "
                   f"default from {BULK_FROM} documents or {BULK_FROM_MB} MB of records files on: a large "
                   "document streams into it); "
                   "--no-bulk: update the store in place in one transaction.")
@store_options
@click.pass_obj
def load(settings: Settings, files: tuple[Path, ...], graph_iri: str | None, bulk: bool | None) -> None:
    """Load records documents (JSON, YAML, CSV folders) or RDF files; each replaces what it said before.

    Everything is checked before anything is written, and written at once with the reference graphs
    (ontology, award vocabulary, administrative units) and the derived graphs.
    """
    from tdkt.graph.build import Sources

    report = _write(settings, Sources(paths=files, rdf_graph=graph_iri), bulk, False, "loading")
    click.echo(f"loaded {report.documents} records documents and {report.rdf_files} RDF files into "
               f"{report.graphs} graphs ({report.quads} quads)", err=True)


COMMANDS = (build, load)

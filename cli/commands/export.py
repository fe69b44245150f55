"""Writing the graph out: ``tdkt export`` (RDF files, VoID) and ``tdkt stats`` (counts)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tdkt.cli.settings import Settings, store_options


@click.command()
@click.option("--format", "fmt", default="turtle", show_default=True,
              type=click.Choice(["turtle", "ntriples", "trig", "nquads", "jsonld", "rdfxml", "void"]))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
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


@click.command()
@store_options
@click.pass_obj
def stats(settings: Settings) -> None:
    """Counts of quads, graphs and entities by class."""
    from tdkt.graph.results import render
    from tdkt.queries.library import run_query

    with settings.store() as store:
        click.echo(f"quads: {store.count()}  named graphs: {len(store.graph_names())}")
        click.echo(render(run_query(store, "dataset-classes"), "table"), nl=False)


COMMANDS = (export, stats)

"""Articles to records: ``tdkt extract``."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("records"),
              metavar="DIR", show_default=True, help="Folder for the records documents (one <article>.json each).")
@click.option("--url", help="The address a single saved article came from (its host names the province).")
def extract(paths: tuple[Path, ...], out_dir: Path, url: str | None) -> None:
    """Extract records from articles (plain text or saved HTML) for review, then 'tdkt load'."""
    from tdkt.loaders.articles import article_files, extract_file, write_records

    files = article_files(paths)
    if url and len(files) != 1:
        raise click.UsageError("--url names the address of one article; give a single file")
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in files:
        doc = extract_file(path, url=url)
        written = write_records(doc, out_dir)
        click.echo(f"{path} -> {written} ({len(doc.records)} records)", err=True)


COMMANDS = (extract,)

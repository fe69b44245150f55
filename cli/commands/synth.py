"""Synthetic data: ``tdkt synth`` writes a synthetic country as records documents (benchmarks, scale tests).

The generator is the package ``cli.synth``, beside its users (this command, benchmarks/, tests).
"""

from __future__ import annotations

import re
from pathlib import Path

import click


def _years(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{4})\s*-\s*(\d{4})\s*", text)
    if not match or int(match.group(1)) > int(match.group(2)):
        raise click.BadParameter(f"'{text}' is not FROM-TO (e.g. 2006-2025)", param_hint="--years")
    return int(match.group(1)), int(match.group(2))


@click.command("synth")
@click.option("--provinces", type=click.IntRange(1, 63), metavar="N", default=63, show_default=True,
              help="How many of the 63 pre-2025 provinces (spread over the country).")
@click.option("--years", "years", default="2006-2025", metavar="FROM-TO", show_default=True,
              help="Emulation years FROM-TO; years from 2025 on show the reorganisation.")
@click.option("--seed", type=int, metavar="S", default=0, show_default=True,
              help="The same seed writes the same files.")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              metavar="DIR", help="Folder for the documents (one <source id>.json each).")
@click.option("--force", is_flag=True, help="Write into a folder that already holds .json files (removed first).")
def synth(provinces: int, years: str, seed: int, out_dir: Path, force: bool) -> None:
    """Write a realistic synthetic dataset of records documents (see docs/performance.md)."""
    from tdkt.cli.synth import SynthConfig, write_dataset

    first, last = _years(years)
    existing = sorted(out_dir.glob("*.json")) if out_dir.is_dir() else []
    if existing and not force:
        raise click.UsageError(f"{out_dir} already holds {len(existing)} .json files; use --force to replace them")
    for path in existing:
        path.unlink()
    written = write_dataset(SynthConfig(provinces, first, last, seed), out_dir)
    click.echo(f"wrote {len(written)} documents to {out_dir}", err=True)


COMMANDS = (synth,)

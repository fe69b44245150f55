"""Plain-text reports the CLI prints."""

from __future__ import annotations

import click

from graph.store.base import Store
from queries.library import run_query

STATS_QUERY = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?entities) WHERE { GRAPH ?g { ?s a ?class } }
GROUP BY ?class ORDER BY DESC(?entities) ?class
"""
ROLE_NAMES = {"chair": "chair", "vice_chair": "vice-chair"}


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

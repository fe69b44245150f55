"""Option types and parsers more than one command family shares (nothing heavy imported here)."""

from __future__ import annotations

from collections.abc import Sequence

import click

ROW_FORMATS = ("table", "csv", "tsv", "json", "jsonl")  # graph.queryform.ROW_FORMATS (a test checks they agree)
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld")  # graph.queryform.GRAPH_FORMATS
ROW_FORMAT = click.Choice(ROW_FORMATS)


def key_values(values: Sequence[str]) -> dict[str, str]:
    """``-p key=value`` options as a dict; a value without ``=`` is a usage error."""
    out: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"'{item}' is not key=value", param_hint="--param")
        out[name.strip()] = value
    return out

"""Typed query results shared by every backend, and their plain-text renderings."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode

from tdkt.kernel.errors import QueryError

Term = NamedNode | Literal | BlankNode
XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {f"{XSD}{t}" for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}


def to_python(term: Term | None) -> Any:
    """An RDF term as a plain Python value: IRIs as str, typed literals as int/Decimal/float/date/bool."""
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return term.value
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    datatype = term.datatype.value
    try:
        if datatype in _INTEGERS:
            return int(term.value)
        if datatype == f"{XSD}decimal":
            return decimal.Decimal(term.value)
        if datatype in (f"{XSD}double", f"{XSD}float"):
            return float(term.value)
        if datatype == f"{XSD}boolean":
            return term.value in ("true", "1")  # both lexical forms (Virtuoso writes 1)
        if datatype == f"{XSD}date":
            return dt.date.fromisoformat(term.value)
        if datatype == f"{XSD}gYear":
            return int(term.value)
    except ValueError:
        return term.value
    return term.value


@dataclass(frozen=True)
class Row:
    """One solution; unknown variables raise with the names that exist."""

    variables: tuple[str, ...]
    terms: tuple[Term | None, ...]

    def term(self, name: str) -> Term | None:
        try:
            return self.terms[self.variables.index(name)]
        except ValueError:
            raise KeyError(f"no variable '{name}' in this result; it has: {', '.join(self.variables)}") from None

    def __getitem__(self, name: str) -> Any:
        return to_python(self.term(name))

    def as_dict(self) -> dict[str, Any]:
        return {v: to_python(t) for v, t in zip(self.variables, self.terms, strict=True)}


@dataclass(frozen=True)
class Rows:
    """The solutions of a SELECT query, in order."""

    variables: tuple[str, ...]
    rows: tuple[Row, ...]

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def dicts(self) -> list[dict[str, Any]]:
        return [r.as_dict() for r in self.rows]

    def to_dataframe(self) -> Any:
        """A pandas DataFrame of the plain values (pandas must be installed)."""
        try:
            import pandas as pd  # type: ignore[import-untyped,unused-ignore]
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise QueryError("pandas is not installed: pip install pandas") from exc
        return pd.DataFrame(self.dicts(), columns=list(self.variables))


def make_rows(variables: Sequence[str], solutions: Sequence[Sequence[Term | None]]) -> Rows:
    names = tuple(variables)
    return Rows(names, tuple(Row(names, tuple(s)) for s in solutions))


def only_columns(rows: Rows, wanted: Sequence[str]) -> Rows:
    """The rows with only the ``wanted`` columns, in that order; a :class:`QueryError` names unknown ones."""
    unknown = [c for c in wanted if c not in rows.variables]
    if unknown:
        raise QueryError(f"no column {', '.join(unknown)}; the columns are {', '.join(rows.variables)}")
    return make_rows(wanted, [[row.term(c) for c in wanted] for row in rows])


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def render(rows: Rows, fmt: str) -> str:
    """Rows as ``table``, ``csv``, ``tsv``, ``json`` or ``jsonl`` text."""
    if fmt == "json":
        return json.dumps(rows.dicts(), ensure_ascii=False, indent=2, default=_cell) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(d, ensure_ascii=False, default=_cell) + "\n" for d in rows.dicts())
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(rows.variables)
        for row in rows.dicts():
            writer.writerow([_cell(row[v]) for v in rows.variables])
        return buffer.getvalue()
    if fmt == "table":
        return _table(rows)
    raise QueryError(f"unknown format '{fmt}': use table, csv, tsv, json or jsonl")


def _table(rows: Rows) -> str:
    header = list(rows.variables)
    body = [[_cell(d[v]) for v in header] for d in rows.dicts()]
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in body]
    lines.append(f"({len(body)} row{'s' if len(body) != 1 else ''})")
    return "\n".join(lines) + "\n"

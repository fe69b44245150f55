"""The conflicts report: the ``conflicts`` query's findings, split into conflicts and gaps.

A *conflict* is two statements that cannot both hold (two chairs of one bloc in
one year; a chair or award recipient missing from the bloc's member list of
that year). A *gap* is missing knowledge (no member list to check against, a
fact only one source states, a year without a known chair).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from graph.store.base import Store

CONFLICT = "conflict"
GAP = "gap"


@dataclass(frozen=True)
class Finding:
    severity: str
    kind: str
    bloc: str | None
    year: int | None
    unit: str | None
    fact: str | None
    source: str | None
    detail: str

    def line(self) -> str:
        where = " ".join(str(p) for p in (self.bloc, self.year) if p is not None)
        what = f"{self.unit}: " if self.unit else ""
        source = f" [{self.source}]" if self.source else ""
        return f"{self.kind:<21} {where} - {what}{self.detail}{source}"


@dataclass(frozen=True)
class ConflictReport:
    findings: tuple[Finding, ...]

    @property
    def conflicts(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == CONFLICT)

    @property
    def gaps(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == GAP)

    def text(self, list_gaps: bool = False) -> str:
        """Every conflict, then the gaps counted by kind (or listed too)."""
        lines = [f"conflicts: {len(self.conflicts)}"]
        lines += [f"  {f.line()}" for f in self.conflicts]
        counts = Counter(f.kind for f in self.gaps)
        lines.append(f"gaps: {len(self.gaps)}" + (" (" + ", ".join(f"{k} {n}" for k, n in sorted(counts.items()))
                                                   + ")" if counts else ""))
        if list_gaps:
            lines += [f"  {f.line()}" for f in self.gaps]
        return "\n".join(lines) + "\n"


def _finding(row: dict[str, Any]) -> Finding:
    year = row.get("year")
    return Finding(str(row["severity"]), str(row["kind"]), row.get("blocLabel"),
                   int(year) if year is not None else None, row.get("unitLabel"), row.get("fact"), row.get("source"),
                   str(row["detail"]))


def check(store: Store, bloc: str | None = None, kind: str | None = None) -> ConflictReport:
    """Run the ``conflicts`` query (for one bloc and kind, or all) and sort its findings."""
    from queries.library import run_query

    values = {k: v for k, v in (("bloc", bloc), ("kind", kind)) if v}
    return ConflictReport(tuple(_finding(r) for r in run_query(store, "conflicts", values).dicts()))

"""The conflicts report: the ``conflicts`` query's findings, split into conflicts and gaps.

A *conflict* is two statements that cannot both hold (two chairs of one bloc in
one year; a chair or award recipient missing from the bloc's member list of
that year). A *gap* is missing knowledge (no member list to check against, a
fact only one source states, a year without a known chair).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from tdkt.graph.store.base import Store
from tdkt.kernel.places import check_place, register

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
class PlaceFinding:
    """A unit whose name names a place that is not one administrative unit (ambiguous or unknown)."""

    unit: str
    label: str
    province: str | None
    place: str
    reason: str
    candidates: tuple[str, ...]
    sources: tuple[str, ...]

    def line(self) -> str:
        where = f" [{', '.join(self.sources)}]" if self.sources else ""
        lines = f"{self.label}: {self.reason}{where}"
        if self.candidates:
            lines += "\n      candidates: " + "; ".join(self.candidates)
        return lines


@dataclass(frozen=True)
class ConflictReport:
    findings: tuple[Finding, ...]
    places: tuple[PlaceFinding, ...] = ()

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
        lines.append(f"places not tied to one administrative unit: {len(self.places)}")
        lines += [f"  {p.line()}" for p in self.places]
        return "\n".join(lines) + "\n"


def _finding(row: dict[str, Any]) -> Finding:
    year = row.get("year")
    return Finding(str(row["severity"]), str(row["kind"]), row.get("blocLabel"),
                   int(year) if year is not None else None, row.get("unitLabel"), row.get("fact"), row.get("source"),
                   str(row["detail"]))


def unplaced_units(store: Store, source_prefix: str = "") -> tuple[PlaceFinding, ...]:
    """Units whose name names a place (a district, a province) that no administrative unit matches alone:
    the place, why (ambiguous: the provinces it is in; unknown), the candidates, and the sources."""
    from tdkt.queries.library import run_query

    sources: dict[tuple[str, str, str | None], list[str]] = {}
    for row in run_query(store, "unplaced-units").dicts():  # one row per source, in the order of the labels
        found = sources.setdefault((str(row["unit"]), str(row["label"]), _province_name(row["province"])), [])
        if row["source"] is not None:
            found.append(str(row["source"]).removeprefix(source_prefix))
    out = []
    for (unit, label, province), names in sources.items():
        place = check_place(label, province)
        if place is not None:
            out.append(PlaceFinding(unit, label, province, place.place, place.reason, place.candidates,
                                    tuple(names)))
    return tuple(out)


def _province_name(area: object) -> str | None:
    """The register's name of a province from its area IRI (``…/area/pre2025/province-12``)."""
    found = re.search(r"/province-(\d+)$", str(area or ""))
    province = register().provinces.get(found.group(1)) if found else None
    return province.name if province else None


def check(store: Store, bloc: str | None = None, kind: str | None = None,
          source_prefix: str = "") -> ConflictReport:
    """Run the ``conflicts`` query (for one bloc and kind, or all) and sort its findings; for the whole graph,
    also the units whose place is ambiguous or unknown."""
    from tdkt.queries.library import run_query

    values = {k: v for k, v in (("bloc", bloc), ("kind", kind)) if v}
    findings = tuple(_finding(r) for r in run_query(store, "conflicts", values).dicts())
    return ConflictReport(findings, () if bloc or kind else unplaced_units(store, source_prefix))

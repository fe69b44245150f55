"""Awards checked against the law: the ``law-findings`` query's rows, one finding per award and check.

The query gives one row per rule a finding cites (CHK-01 may cite several
clauses that each list who confers an award); a finding joins them, takes the
strictest severity, and reads as one line: recipient, award, year, rule ids,
articles, what is missing, and the regime with how its date was known.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from tdkt.graph.store.base import Store

VIOLATION = "violation"
WARNING = "warning"
_ORDER = {VIOLATION: 0, WARNING: 1}


@dataclass(frozen=True)
class LawFinding:
    severity: str
    check: str
    rules: tuple[str, ...]
    articles: tuple[str, ...]
    recipient: str
    recipient_label: str
    award: str
    award_name: str
    year: int
    decision: str | None
    decided: str | None
    law_date: str
    inferred: bool
    regime: str | None
    missing: tuple[str, ...]

    @property
    def basis(self) -> str:
        """How the regime was picked: the decision date, or the achievement year."""
        regime = f"regime {self.regime}" if self.regime else "no regime"
        if self.inferred:
            return f"{regime}, inferred from achievement year {self.year}"
        return f"{regime}, decided {self.decided or self.law_date}"

    def line(self) -> str:
        cited = ", ".join(f"{rule} ({article})" for rule, article in zip(self.rules, self.articles, strict=True))
        decision = f" {self.decision}" if self.decision else ""
        return (f"{self.severity:<9} {self.check}  {self.recipient_label} | {self.award_name}{decision} | "
                f"{self.year} | {cited} | {'; '.join(self.missing)} [{self.basis}]")

    def as_dict(self) -> dict[str, Any]:
        return {"severity": self.severity, "check": self.check, "rules": list(self.rules),
                "articles": list(self.articles), "recipient": self.recipient, "recipientLabel": self.recipient_label,
                "award": self.award, "awardName": self.award_name, "year": self.year, "decision": self.decision,
                "decided": self.decided, "lawDate": self.law_date, "inferred": self.inferred, "regime": self.regime,
                "missing": list(self.missing), "basis": self.basis}


@dataclass(frozen=True)
class LawReport:
    findings: tuple[LawFinding, ...]

    @property
    def violations(self) -> tuple[LawFinding, ...]:
        return tuple(f for f in self.findings if f.severity == VIOLATION)

    @property
    def warnings(self) -> tuple[LawFinding, ...]:
        return tuple(f for f in self.findings if f.severity == WARNING)

    def text(self) -> str:
        counts = Counter(f.check for f in self.findings)
        by_check = ", ".join(f"{k} {n}" for k, n in sorted(counts.items()))
        lines = [f"law: {len(self.violations)} violations, {len(self.warnings)} warnings"
                 + (f" ({by_check})" if by_check else "")]
        lines += [f"  {f.line()}" for f in self.findings]
        return "\n".join(lines) + "\n"


def _article(row: dict[str, Any]) -> str:
    parts = [str(row["article"])]
    if row.get("clause"):
        parts.append(str(row["clause"]))
    return " ".join(parts) + f", {row['instrument']}"


def findings_from_rows(rows: list[dict[str, Any]]) -> tuple[LawFinding, ...]:
    """One finding per award and check; its rules sorted, its severity the strictest of them."""
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault((str(row["award"]), str(row["checkId"])), []).append(row)
    out = []
    for (award, check), group in grouped.items():
        cited = sorted({(str(r["ruleId"]), _article(r)) for r in group})
        first = group[0]
        decided = first.get("decided")
        out.append(LawFinding(
            min((str(r["severity"]) for r in group), key=lambda s: _ORDER.get(s, 9)), check,
            tuple(c[0] for c in cited), tuple(c[1] for c in cited), str(first["recipient"]),
            str(first["recipientLabel"]), award, str(first["awardName"]), int(first["year"]),
            str(first["decision"]) if first.get("decision") else None, str(decided) if decided else None,
            str(first["lawDate"]), bool(first["inferred"]),
            str(first["regimeName"]) if first.get("regimeName") else None,
            tuple(sorted({str(r["missing"]) for r in group})),
        ))
    return tuple(sorted(out, key=lambda f: (_ORDER.get(f.severity, 9), f.recipient_label, f.year, f.check, f.award)))


def law_findings(store: Store, recipient: str | None = None, check: str | None = None) -> LawReport:
    """Run ``law-findings`` (for one recipient and check, or all) and join its rows into findings."""
    from tdkt.queries.library import run_query

    values = {k: v for k, v in (("recipient", recipient), ("checkId", check)) if v}
    return LawReport(findings_from_rows(run_query(store, "law-findings", values).dicts()))

"""Small helpers the views share: words for duties and statuses, year ranges, dates."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tdkt.kernel.codes import AWARD_STATUSES, BLOC_ROLES

DUTIES = tuple(BLOC_ROLES)
#: "trưởng khối (chair)": the ontology's labels of a code, Vietnamese then English
DUTY_WORDS = {**{code: f"{c.vi.lower()} ({c.en.lower()})" for code, c in BLOC_ROLES.items()},
              "member": "thành viên (member)", "ranking": "xếp hạng (ranking)",
              "organiser": "cơ quan tổ chức (organiser)"}
STATUS_WORDS = {code: f"{c.vi.lower()} ({c.en.lower()})" for code, c in AWARD_STATUSES.items()}


def years_text(years: Iterable[Any]) -> str:
    """2019, 2020, 2021, 2023 → '2019–2021, 2023'."""
    values = sorted({int(y) for y in years if y is not None})
    if not values:
        return ""
    parts: list[str] = []
    start = prev = values[0]
    for y in [*values[1:], None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if y is not None:
            start = prev = y
    return ", ".join(parts)


def day(value: Any) -> str:
    """A date or dateTime value as YYYY-MM-DD."""
    return str(value)[:10] if value else ""


def title_with_province(label: str, province: Any) -> str:
    return f"{label} ({province})" if province else label

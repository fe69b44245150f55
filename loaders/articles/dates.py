"""Dates and years as reports write them, including dates without a year.

"Sáng ngày 22/7" or "Chiều nay (12/1)" leave the year to the reader; it is
resolved from the emulation year under review: a year-end review (tổng kết)
held in January or February is held the year after the year it reviews.
Fractions such as "9/9 huyện" are not dates: a day/month pair is only read
after a cue ("ngày", "sáng", "chiều nay").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

YEAR_RE = re.compile(r"(?<![\d/.])((?:19[5-9]|20[0-9])\d)(?![\d/])")
NAM_YEAR_RE = re.compile(r"\b[Nn]ăm\s+((?:19[5-9]|20[0-9])\d)\b")
_FULL = re.compile(r"(?<![\d/])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d{2})(?![\d/])")
_WORDY = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+((?:19|20)\d{2}))?", re.IGNORECASE)
_CUE = r"(?:(?:sáng|chiều|tối|trưa|đêm)(?:\s+(?:nay|qua|hôm nay|hôm qua|ngày|mai))?|hôm nay|hôm qua|ngày|nay)"
_PARTIAL = re.compile(
    rf"(?<!\w){_CUE}\s*(?:\(\s*)?(?:ngày\s*)?(\d{{1,2}})\s*/\s*(\d{{1,2}})(?!\s*[/\d])\s*\)?",
    re.IGNORECASE,
)
_RELATIVE = re.compile(r"(?<!\w)(?:sáng|chiều|tối|trưa)\s+(?:nay|hôm nay)(?!\s*\()|(?<!\w)hôm nay(?!\s*\()",
                       re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    """A date as written: ``year`` is None when the text leaves it out."""

    day: int
    month: int
    year: int | None
    start: int
    relative: bool = False


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """A real calendar date, or None (31/2 is not a date)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def dates_in(text: str) -> list[DateMention]:
    """Every full or partial date in ``text``, in order."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for m in _FULL.finditer(text):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if make_date(year, month, day):
            found.append(DateMention(day, month, year, m.start()))
            taken.append(m.span())
    for m in _WORDY.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        day, month = int(m.group(1)), int(m.group(2))
        written = int(m.group(3)) if m.group(3) else None
        if make_date(written or 2000, month, day):
            found.append(DateMention(day, month, written, m.start()))
            taken.append(m.span())
    for m in _PARTIAL.finditer(text):
        if any(s <= m.start(1) < e for s, e in taken):
            continue
        day, month = int(m.group(1)), int(m.group(2))
        if make_date(2000, month, day):
            found.append(DateMention(day, month, None, m.start()))
    found.sort(key=lambda d: d.start)
    return found


def is_relative(text: str) -> bool:
    """"Sáng nay", "hôm nay" without a date: the day the article was published."""
    return bool(_RELATIVE.search(text))


def resolve(mention: DateMention, *, reviewed: int | None, kind: str | None,
            published: dt.date | None) -> dt.date | None:
    """The full date of a mention, inferring a missing year from the review cycle."""
    if mention.year is not None:
        return make_date(mention.year, mention.month, mention.day)
    if published is not None:
        year = published.year
        candidate = make_date(year, mention.month, mention.day)
        if candidate and candidate > published:
            candidate = make_date(year - 1, mention.month, mention.day)
        return candidate
    if reviewed is None:
        return None
    if kind == "tổng kết" and mention.month <= 6:
        return make_date(reviewed + 1, mention.month, mention.day)
    return make_date(reviewed, mention.month, mention.day)


def years_in(text: str) -> list[int]:
    """Years written as "năm YYYY" in ``text``."""
    return [int(y) for y in NAM_YEAR_RE.findall(text)]

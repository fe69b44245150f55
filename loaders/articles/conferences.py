"""The bloc's conference: its kind, date, place and the emulation year it reviews.

The year under review decides the year of almost every other fact, so it is
found first: stated with the conference ("tổng kết ... năm 2021"), else one
year before the covenant signed for the coming year, else the year most
written. Conferences mentioned in passing ("tại Hội nghị tổng kết ... năm
2021 tại huyện X") are recorded too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import lru_cache

from tdkt.loaders.articles import dates
from tdkt.loaders.articles.entities import name_of
from tdkt.loaders.articles.lexicon import alternation, section
from tdkt.loaders.articles.model import Article, Sent

_YEAR_AFTER = re.compile(r"(?<!\w)năm(?:\s+học)?\s+(?:(?:19|20)\d{2}\s*[-–]\s*)?((?:19|20)\d{2})(?!\d)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _other_kinds() -> dict[str, str]:
    return {" ".join(w.lower().split()): kind for kind, words in section("conference_other_kinds").items()
            for w in words}


_OTHER_KIND = re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in sorted(
    [w for ws in section("conference_other_kinds").values() for w in ws], key=len, reverse=True)), re.IGNORECASE)
_KIND = re.compile(r"(?<!\w)(tổng kết|sơ kết)(?!\w)", re.IGNORECASE)
_CONFERENCE = re.compile(r"(?<!\w)(?:hội nghị|lễ ký kết|lễ ký giao ước|hội nghị trực tuyến)(?!\w)", re.IGNORECASE)
_HELD = re.compile(r"(?<!\w)(?:tổ chức|tiến hành|diễn ra|khai mạc|dự|tham dự)(?!\w)", re.IGNORECASE)
_REVIEW_YEAR = re.compile(r"(?:tổng kết|sơ kết)[^.;]{0,90}?năm\s+((?:19|20)\d{2})", re.IGNORECASE)
_COVENANT_YEAR = re.compile(r"giao ước thi đua\s+(?:năm\s+)?((?:19|20)\d{2})", re.IGNORECASE)
_PART_YEAR = re.compile(r"(?<!\w)(?:6|sáu|9|chín)\s+tháng|(?<!\w)quý(?!\w)|giữa năm", re.IGNORECASE)


@lru_cache(maxsize=1)
def _year_review() -> re.Pattern[str]:
    """A meeting that reviews a whole year without saying "tổng kết": "giao ban … năm 2024", "bình xét thi đua
    … năm 2018" (a part of the year, "giao ban 6 tháng", is not one)."""
    return re.compile(rf"(?<!\w)(?:{alternation(section('conference_year_reviews'))})(?!\w)"
                      r"(?P<between>[^.;]{0,90}?)năm\s+(?P<year>(?:19|20)\d{2})(?!\d)", re.IGNORECASE)


_PASSING = re.compile(r"hội nghị\s+(tổng kết|sơ kết)([^.;]{0,90}?)năm\s+((?:19|20)\d{2})", re.IGNORECASE)


def _place(article: Article, sent: Sent, start: int, end: int) -> str | None:
    """A place after "tại" between ``start`` and ``end``, as "huyện X"."""
    for at in re.finditer(r"(?<!\w)tại\s+", sent.text[start:end]):
        pos = start + at.end()
        for m in sent.units:
            if m.start == pos and m.kind and m.place and m.kind != "tỉnh":
                return f"{m.kind} {m.place}"
    return None


def find(article: Article, title: str | None) -> None:
    """Set the article's main conference, reviewed year and date, and add conference records."""
    sentences = article.sentences
    lead = next((s for s in sentences[:6] if _CONFERENCE.search(s.text) and _HELD.search(s.text)), None) or next(
        (s for s in sentences[:6] if _CONFERENCE.search(s.text) and _KIND.search(s.text)),
        sentences[0] if sentences else None)
    texts = [t for t in (title, lead.text if lead else None) if t]
    kind, reviewed = _stated_kind_and_year(texts, sentences)
    kind, reviewed = _inferred_kind_and_year(article, title, lead, kind, reviewed)
    article.reviewed, article.kind = reviewed, kind
    main = article.main
    if main is None or reviewed is None or lead is None:
        return
    article.conference_date = _date(article, texts, reviewed, kind)
    record: dict[str, object] = {"type": "conference", "bloc": main.name, "kind": kind or "other", "year": reviewed}
    if article.conference_date:
        record["date"] = article.conference_date.isoformat()
    place = _place(article, lead, 0, len(lead.text))
    if place:
        record["place"] = place
    article.add(record, lead, 0.8, main.name, kind or "other", reviewed)
    _host_from_place(article, lead, place, reviewed, kind)
    _passing(article, main.name, kind, reviewed)


def _stated_kind_and_year(texts: list[str], sentences: list[Sent]) -> tuple[str | None, int | None]:
    """The kind and the reviewed year the title and lead state ("tổng kết ... năm 2021"), or a conference of
    another kind named in them or the first sentences (a covenant signing names the year it plans)."""
    kind = next((k.group(1).lower() for k in map(_KIND.search, texts) if k), None)
    reviewed = next((int(y.group(1)) for y in map(_REVIEW_YEAR.search, texts) if y), None)
    if kind is None:
        whole = next((m for text in texts for m in _year_review().finditer(text)
                      if not _PART_YEAR.search(m.group("between"))), None)
        if whole is not None:
            kind, reviewed = "tổng kết", reviewed or int(whole.group("year"))
    if kind is None:
        for text in [*texts, *(s.text for s in sentences[:3])]:
            named = _OTHER_KIND.search(text)
            if named:
                kind = _other_kinds()[" ".join(named.group(0).lower().split())]
                planned = [int(m.group(1)) for m in _YEAR_AFTER.finditer(text, named.end())]
                if reviewed is None and planned and kind == "ký kết giao ước":
                    reviewed = planned[0]
                break
    return kind, reviewed


def _inferred_kind_and_year(article: Article, title: str | None, lead: Sent | None, kind: str | None,
                            reviewed: int | None) -> tuple[str | None, int | None]:
    """What the text does not state: the year before the covenant signed for the coming year, else the year most
    written, else the publication's; a review when the text speaks of covenants, handovers or chairs."""
    sentences = article.sentences
    covenant_years = [int(m.group(1)) for s in sentences for m in _COVENANT_YEAR.finditer(s.text)]
    if reviewed is None and covenant_years and kind not in ("sơ kết", "ký kết giao ước"):
        reviewed = max(Counter(covenant_years).most_common(), key=lambda c: (c[1], -c[0]))[0] - 1
        kind = kind or "tổng kết"
    if reviewed is None:
        years = Counter(y for s in sentences for y in dates.years_in(s.text))
        if title:
            years.update(dates.years_in(title) * 2)
        if years:
            reviewed = years.most_common(1)[0][0]
    if reviewed is None and article.published:
        reviewed = article.published.year - (1 if kind == "tổng kết" and article.published.month <= 6 else 0)
    if kind is None and lead is not None and re.search(r"giao ước|bàn giao|trưởng khối|cụm trưởng", " ".join(
            s.text for s in sentences), re.IGNORECASE):
        kind = "tổng kết"
    return kind, reviewed


def _date(article: Article, texts: list[str], reviewed: int, kind: str | None) -> dt.date | None:
    """The conference's date: the first written in the title or lead, or the publication's for "hôm nay"."""
    date = None
    for text in texts:
        found = dates.dates_in(text)
        if found:
            date = dates.resolve(found[0], reviewed=reviewed, kind=kind, published=article.published)
            break
    if date is None and article.published and dates.is_relative(" ".join(texts)):
        date = article.published
    return date


def _passing(article: Article, bloc: str, kind: str | None, reviewed: int) -> None:
    """Conferences mentioned in passing ("tại Hội nghị tổng kết ... năm 2021 tại huyện X"), other than the main one."""
    for sent in article.sentences:
        for m in _PASSING.finditer(sent.text):
            other_kind, year = m.group(1).lower(), int(m.group(3))
            if (other_kind, year) == (kind, reviewed):
                continue
            other: dict[str, object] = {"type": "conference", "bloc": bloc, "kind": other_kind, "year": year}
            where = _place(article, sent, m.start(), min(len(sent.text), m.end() + 40))
            if where:
                other["place"] = where
            article.add(other, sent, 0.6, bloc, other_kind, year)
            _host_from_place(article, sent, where, year, other_kind)


def _host_from_place(article: Article, sent: Sent, place: str | None, year: int, kind: str | None) -> None:
    """In a bloc of local governments, the place of the year-end review is its host."""
    main = article.main
    if not place or kind != "tổng kết" or main is None or not main.tail.startswith("các "):
        return
    for m in sent.units:
        if m.kind and m.place and f"{m.kind} {m.place}" == place and m.head is None:
            unit = name_of(m, article.scope)
            if unit:
                article.add({"type": "role", "bloc": main.name, "unit": unit, "role": "host", "year": year},
                            sent, 0.6, main.name, unit, "host", year)
                if article.reviewed is not None:  # a locality that hosts the bloc's meeting is one of its members
                    article.add({"type": "membership", "bloc": main.name, "unit": unit, "year": article.reviewed},
                                None, 0.6, main.name, unit)
            return

"""Rotating duties (chair, vice-chair, host) tied to units by the shapes the genre uses.

A duty word ("Cụm trưởng", "Phó Khối", "đơn vị Trưởng khối") reaches its unit
in one of a few ways: in brackets after the unit ("A (Khối trưởng)"), in
apposition after it or after a person's title chain ("N, Giám đốc Sở A,
Khối trưởng"; "A – đơn vị Cụm trưởng"), through a linking verb ("bầu A làm
Cụm trưởng", "do A làm Trưởng khối", "A là trưởng cụm"), or before it
("Trưởng cụm năm 2031 là A", "Cụm trưởng xã A"). The unit is read with the
open name model of :mod:`loaders.articles.lists`. The year is resolved in
its own pass: the year written with the duty, else the year of an election
clause, else the year under review (the next one for an election at a
year-end review). The host is the unit that organises the meeting ("do A tổ
chức", "A (…) vừa tổ chức hội nghị", "A đăng cai") or the member locality
the meeting is held in.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from tdkt.loaders.articles import geo, lists, units
from tdkt.loaders.articles.lexicon import UPPER, alternation, section, words
from tdkt.loaders.articles.model import Article, Sent


def _lex(*path: str) -> Any:
    return section(*path, name="duties")


@lru_cache(maxsize=1)
def _res() -> dict[str, re.Pattern[str]]:
    roles = _lex("roles")
    assert isinstance(roles, dict)
    alts = [f"(?P<{name}>{alternation(words)})" for name, words in roles.items()]
    heads = sorted(section("org_heads", name="lists"), key=len, reverse=True)
    kinds = alternation(v for vs in section("place_kinds").values() for v in vs if v not in ("thị",))
    titles = words("people", "title_words")
    w = _words
    number = rf"(?:{w('number_word')}\s+)?(?:\d{{1,2}}|[IVX]{{1,4}})(?!\w)"
    year = rf"{w('year_words')}\s+(?P<year>(?:19|20)\d{{2}})(?:\s*[-–]\s*(?P<year2>(?:19|20)\d{{2}}))?"
    unit = rf"(?:(?:{w('unit_word', 'duties')})\s+)?"
    return {
        "role": re.compile(rf"(?<!\w)(?:{'|'.join(alts)})(?!\w)", re.IGNORECASE),
        "role_tail": re.compile(
            rf"(?:\s+{w('ordinal', 'duties')})?(?:\s+{number})?"
            rf"(?:\s*(?:{w('of', 'duties')}\s+)?{w('bloc_heads')}(?:\s+{w('emulation')})?(?:\s+{number})?)?"
            rf"(?:\s*{w('emulation')})?(?:\s+{year})?"
        ),
        "link": re.compile(rf"(?<!\w)(?:{w('links', 'duties')})\s*(?:{w('task', 'duties')}\s+)?"
                           rf"(?:{w('copula', 'duties')}\s+)?{unit}$", re.IGNORECASE),
        "apposition": re.compile(rf"(?:,|\s[-–—]|[-–—]\s|(?<!\w){w('apposition', 'duties')})\s*"
                                 rf"(?:{w('copula', 'duties')}\s+)?{unit}$"),
        "paren": re.compile(rf"\(\s*(?:{w('copula', 'duties')}\s+)?{unit}$"),
        "election": re.compile(rf"(?<!\w){w('elections', 'duties')}(?!\w)", re.IGNORECASE),
        "after": re.compile(rf"\s*(?:(?:{w('copula', 'duties')}|{w('to', 'duties')}|:|-|–)\s*"
                            rf"|(?=\s*(?:{kinds})\s+[{UPPER}\d])){unit}",
                            re.IGNORECASE),
        "head": re.compile(rf"(?<!\w)(?!{alternation(section('not_heads', name='lists'))}(?!\w))"
                           rf"(?:{'|'.join(re.escape(h) for h in heads)})(?!\w)(?!\s+(?i:{titles})(?!\w))"),
        "kind": re.compile(rf"(?<!\w)(?i:{kinds})\s+(?=[{UPPER}\d])"),
        "organises": re.compile(rf"[\s)]*(?:{w('bloc_heads')}[^,;()]{{0,60}}?)?(?:,\s*)?"
                                rf"(?:{w('organise_verbs', 'duties')})(?!\w)", re.IGNORECASE),
        "organise": re.compile(rf"(?<!\w)(?:{w('organise_verbs', 'duties')})(?!\w)"),
        "by": re.compile(rf"(?<!\w){w('by', 'duties')}\s+", re.IGNORECASE),
        "year": re.compile(rf"(?<!\w){w('year_words')}\s+((?:19|20)\d{{2}})(?:\s*[-–]\s*((?:19|20)\d{{2}}))?",
                           re.IGNORECASE),
        "place_at": re.compile(rf"(?<!\w){w('at', 'duties')}\s+(?:(?P<kind>(?i:{kinds}))\s+)?"
                               rf"(?P<name>[{UPPER}\d][\w'’.]*(?:\s+[{UPPER}\d][\w'’]*){{0,4}})"),
        "handed": re.compile(rf"(?:\s+{w('meeting', 'duties')}[^,;]{{0,40}}?)?(?:\s+{year})?\s+{w('to', 'duties')}\s+",
                             re.IGNORECASE),
        "meeting_words": re.compile(rf"(?i:{w('meeting_words', 'duties')})"),
        "meeting_nouns": re.compile(rf"(?<!\w)(?i:{w('meeting_nouns', 'duties')})(?!\w)"),
    }


def _words(key: str, name: str = "patterns") -> str:
    return words(name, key)


def _clause(text: str, pos: int) -> tuple[int, int]:
    start = max(text.rfind(";", 0, pos), text.rfind(". ", 0, pos)) + 1
    ends = [i for i in (text.find(";", pos), text.find(". ", pos)) if i >= 0]
    return start, min(ends) if ends else len(text)


def unit_before(text: str, end: int, *, lo: int | None = None) -> tuple[int, str] | None:
    """The unit name that ends at ``end``: the longest span from a head (or a place word, or a bare place)
    to ``end`` that reads as one list item."""
    lo = max(0, end - 140) if lo is None else lo
    segment_start = max(text.rfind(ch, lo, end) for ch in (";", "(", ")", ":")) + 1
    lo = max(lo, segment_start)
    r = _res()
    starts = sorted({m.start() for m in r["head"].finditer(text, lo, end)} | {m.start() for m in r["kind"].finditer(
        text, lo, end)})
    for s in starts:
        span = text[s:end].strip()
        if not span or lists.stop_in(span):
            continue
        items = lists.split_items(text, s, end, None)
        if len(items) == 1 and items[0].text and _covers(items[0].text, span):
            return s, items[0].text
    m = re.search(rf"([{UPPER}][\w'’]*(?:\s+[{UPPER}][\w'’]*){{0,3}})\s*$", text[lo:end])
    if m:
        return lo + m.start(1), m.group(1)
    return None


def _covers(item: str, span: str) -> bool:
    return len(item) >= len(span.strip(" ,-–")) - 3


def unit_after(text: str, start: int) -> tuple[int, str] | None:
    """The unit name that starts at ``start`` (the first item of what follows)."""
    clause_end = _clause(text, start)[1]
    items = lists.split_items(text, start, clause_end, None, bare=False)
    if not items:
        return None
    first = items[0]
    if not first.text or not (first.text[0].isupper() or _res()["kind"].match(first.text)):
        return None
    return first.end, first.text


def _year(article: Article, text: str, role_end_year: str | None, role_end_year2: str | None,
          at: int) -> int | None:
    """The duty's year: written with it, else in its election clause, else the year under review (the next one
    when the clause elects or hands over at a year-end review)."""
    if role_end_year:
        return int(role_end_year2 or role_end_year)
    start, end = _clause(text, at)
    election = _res()["election"].search(text, start, at) or _res()["election"].search(text, at, end)
    if election:
        years = [m for m in _res()["year"].finditer(text, start, end)]
        if years:
            y = years[-1]
            return int(y.group(2) or y.group(1))
    if article.reviewed is None:
        return None
    if election and article.kind in (None, "tổng kết"):
        return article.reviewed + 1
    return article.reviewed


def find(article: Article) -> None:
    """Add chair, vice-chair and host records, and the members that hold them."""
    main = article.main
    if main is None:
        return
    for sent in article.sentences:
        _duties_in(article, sent)
    _host_by_place(article)


def _ctx(article: Article) -> units.Context:
    main = article.main
    context_text = " ".join(t for t in (article.title or "", main.name if main else "") if t)
    return units.Context(article.province, article.scope.year or article.reviewed, units.member_head(context_text))


def _add(article: Article, sent: Sent, raw: str, role: str, year: int | None, conf: float) -> str | None:
    main = article.main
    if main is None or year is None:
        return None
    name = units.resolve(lists.Item(raw, 0, len(raw)), _ctx(article))
    if not name or len(name) > 160:
        return None
    article.add({"type": "role", "bloc": main.name, "unit": name, "role": role, "year": year}, sent, conf,
                main.name, name, role, year)
    if article.reviewed is not None and (role != "host" or year == article.reviewed):
        article.add({"type": "membership", "bloc": main.name, "unit": name, "year": article.reviewed}, None, 0.7,
                    main.name, name)
    return name


def _duties_in(article: Article, sent: Sent) -> None:
    text = sent.text
    r = _res()
    for m in r["role"].finditer(text):
        role = m.lastgroup or "chair"
        if role == "host":
            _host_handed(article, sent, m.end())
            continue
        tail = r["role_tail"].match(text, m.end())
        role_end = tail.end() if tail else m.end()
        year = _year(article, text, tail.group("year") if tail else None, tail.group("year2") if tail else None,
                     m.start())
        left = text[max(0, m.start() - 160):m.start()]
        base = m.start() - len(left)
        found: tuple[int, str] | None = None
        conf = 0.8
        paren = r["paren"].search(left)
        link = r["link"].search(left)
        appo = r["apposition"].search(left)
        if paren:
            found = unit_before(text, base + paren.start())
            if found and not (_res()["head"].match(found[1]) or _res()["kind"].match(found[1])):
                continue  # a bare name in a list: the list stage reads it with its shared head
        elif link:
            found = unit_before(text, base + link.start())
        elif appo:
            found = unit_before(text, base + appo.start())
            conf = 0.75
        if found is None and not (paren or link or appo) and re.search(rf"[{UPPER}\d][\w'’]*\s+$", left):
            found = unit_before(text, m.start())  # "… UBND xã A cụm trưởng": apposition without a comma
            if found and not (r["head"].match(found[1]) or r["kind"].match(found[1])):
                found = None
            conf = 0.6
        if found is None:
            after = r["after"].match(text, role_end)
            if after:
                got = unit_after(text, after.end())
                if got:
                    found = (after.end(), got[1])
        if found is None:
            continue
        name = _add(article, sent, found[1], role, year, conf)
        if name and (paren or appo) and r["organises"].match(text, role_end + (1 if paren else 0)):
            _add(article, sent, found[1], "host", article.reviewed, 0.7)
    for m in r["organise"].finditer(text):
        bys = list(r["by"].finditer(text, max(0, m.start() - 120), m.start()))
        if not bys or re.search(r";|\.\s", text[bys[-1].end():m.start()]) \
                or not r["meeting_nouns"].search(text, max(0, bys[-1].start() - 160), bys[-1].start()):
            continue
        by = bys[-1]
        got = unit_before(text, m.start(), lo=by.end())
        if got and r["role"].search(got[1]):
            dash = re.split(r"\s*[-–]\s*", got[1])
            got = (got[0], dash[-1]) if len(dash) > 1 else None
        if got:
            _add(article, sent, got[1], "host", article.reviewed, 0.7)


def _host_handed(article: Article, sent: Sent, end: int) -> None:
    """"trao quyền đăng cai năm 2031 cho A": A hosts in that year."""
    m = _res()["handed"].match(sent.text[end:])
    if not m:
        return
    got = unit_after(sent.text, end + m.end())
    if got:
        year = int(m.group("year")) if m.group("year") else article.reviewed
        _add(article, sent, got[1], "host", year, 0.7)


def _host_by_place(article: Article) -> None:
    """A meeting held in a member locality ("tại huyện A") is hosted by that member."""
    main = article.main
    if main is None or article.reviewed is None:
        return
    if article.kind == "sơ kết":
        return  # a mid-term review is often held away from the host of the year
    members = [str(r["unit"]) for r in article.records if r["type"] == "membership" and r["bloc"] == main.name]
    for sent in article.sentences[:8]:
        if not _res()["meeting_words"].search(sent.text):
            continue
        for m in _res()["place_at"].finditer(sent.text):
            kind = (m.group("kind") or "").casefold().rstrip(".")
            kind = {"tp": "thành phố", "tx": "thị xã"}.get(kind, kind)
            name = m.group("name").strip()
            unit = _member_at(article, members, kind, name)
            if unit is None and not members and kind and kind not in ("tỉnh",) and article.province \
                    and _ctx(article).member_head is None:
                area = geo.place(kind, " ".join(name.split()[:3]), article.province)
                unit = f"Ủy ban nhân dân {area.kind.casefold()} {area.short}" if area else None
            if unit:
                article.add({"type": "role", "bloc": main.name, "unit": unit, "role": "host",
                             "year": article.reviewed}, sent, 0.6, main.name, unit, "host", article.reviewed)
                article.add({"type": "membership", "bloc": main.name, "unit": unit, "year": article.reviewed},
                            None, 0.6, main.name, unit)
                return


def _member_at(article: Article, members: list[str], kind: str, name: str) -> str | None:
    words = name.split()
    for n in range(len(words), 0, -1):
        candidate = " ".join(words[:n])
        province = geo.find_province(candidate) if kind in ("", "tỉnh", "thành phố") else None
        if province:
            phrase = geo.province_phrase(province, article.scope.year)
            hit = [u for u in members if u.endswith(phrase) or u.endswith(f"tỉnh {province}")]
            if hit:
                return hit[0]
            continue
        if not kind:
            continue
        phrase = f"{kind} {candidate}"
        hit = [u for u in members if u.endswith(phrase)]
        if hit:
            return hit[0]
        area = geo.place(kind, candidate, article.province) if article.province else None
        if area is not None:
            parent = geo.province_of(area)
            if parent is not None:
                hit = [u for u in members if u.endswith(f"tỉnh {parent.short}")]
                if len(hit) == 1 and len({geo.province_named_in(u) for u in members}) > 1:
                    return hit[0]
    return None

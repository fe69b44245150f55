"""Rotating duties, membership and rankings of the units of a bloc.

A duty is a role word ("Cụm trưởng", "Phó trưởng Khối", "đăng cai") tied to
a unit by a link ("X làm", "bầu X làm", "X (Cụm trưởng)", "X, đơn vị Phó
trưởng khối", "đăng cai ... cho X"). Its year is the one written next to it;
without one, a duty handed over at a year-end review is for the next year and
a duty stated as held is for the year under review (RECORDS.md).
"""

from __future__ import annotations

import re
from functools import lru_cache

from tdkt.loaders.articles import duties, lists, units
from tdkt.loaders.articles.entities import Mention
from tdkt.loaders.articles.lexicon import alternation, section
from tdkt.loaders.articles.model import Article, Sent

_YEAR = re.compile(r"(?<!\w)năm\s+((?:19|20)\d{2})(?!\d)", re.IGNORECASE)
_GOM = re.compile(r"(?<!\w)(?:gồm|bao gồm)(?:\s+có)?(?:\s+\d+)?(?:\s+(?:các\s+)?(?:đơn vị|thành viên))?\s*:?", re.I)
_ATTEND = re.compile(r"^\s*(?:dự|tham dự|đến dự|tới dự|về dự)\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _role_re() -> re.Pattern[str]:
    alts = [f"(?P<{name}>{alternation(words)})" for name, words in section("roles").items()]
    return re.compile(rf"(?<!\w)(?:{'|'.join(alts)})(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _link_end() -> re.Pattern[str]:
    links = alternation(section("role_links"))
    return re.compile(rf"(?<!\w){links}\s*(?:nhiệm vụ\s+)?(?:đơn vị\s+)?$", re.IGNORECASE)


def _unit_before(sent: Sent, pos: int, window: int = 30) -> Mention | None:
    """The unit mention that ends just before ``pos``."""
    best = None
    for m in sent.units:
        if m.end <= pos and pos - m.end <= window:
            best = m
    return best


def _unit_after(sent: Sent, pos: int, window: int = 12) -> list[Mention]:
    """The unit mention (or list) that starts just after ``pos``."""
    first = next((m for m in sent.units if 0 <= m.start - pos <= window), None)
    if first is None:
        return []
    if first.group >= 0:
        return [m for m in sent.units if m.group == first.group]
    return [first]


def _year(article: Article, sent: Sent, role_end: int, clause: tuple[int, int],
          handed: bool) -> tuple[int | None, bool]:
    """The year of a duty: written after it, or at the head of its clause, or implied."""
    rest = sent.text[role_end:clause[1]]
    stop = re.search(r"(?<!\w)(?:là|làm)(?!\w)|,", rest)
    m = _YEAR.search(rest[: stop.start()] if stop and stop.start() > 0 else rest)
    if m and (not stop or m.start() < stop.start() or stop.group() == ","):
        return int(m.group(1)), True
    head = sent.text[clause[0]:role_end]
    m = _YEAR.search(head)
    if m:
        return int(m.group(1)), True
    if article.reviewed is None:
        return None, False
    return article.reviewed + (1 if handed and article.kind != "sơ kết" else 0), False


def _add_role(article: Article, sent: Sent, unit: Mention, role: str, year: int | None, pos: int, conf: float) -> None:
    name = article.unit(unit)
    bloc = article.bloc_at(sent, pos)
    if name is None or bloc is None or year is None:
        if unit.garbled:
            article.note(f"Sentence {sent.index + 1}: the unit holding the {role} duty is garbled; no record made.")
        return
    article.add({"type": "role", "bloc": bloc.name, "unit": name, "role": role, "year": year}, sent, conf,
                bloc.name, name, role, year)


def find(article: Article) -> None:
    """Add role, membership and ranking records."""
    _membership(article)
    duties.find(article)
    _rankings(article)


_BLOC_WORD = re.compile(r"(?<!\w)(?:[Kk]hối|[Cc]ụm|KHỐI|CỤM)(?!\w)(?:\s+(?:thi đua|[Tt]hi đua))?"
                        r"(?:\s+(?:số\s+)?(?:\d{1,2}|[IVX]{1,4})(?!\w))?")


def _membership(article: Article) -> None:
    """Members listed as such ("Cụm gồm ...", "gồm 8 tỉnh: ...", "các Công đoàn huyện A, B"), and duty holders."""
    main = article.main
    if main is None or article.reviewed is None:
        return
    year = article.reviewed
    scope = article.scope
    context_text = " ".join(t for t in (article.title or "", main.name) if t)
    for sent in article.sentences:
        ends = sorted({m.end for m in sent.blocs} | {m.end() for m in _BLOC_WORD.finditer(sent.text)})
        found_lists = lists.find_lists(sent.text, ends, in_bloc_article=True)
        for found in found_lists:
            _list_members(article, sent, found, year, scope.province, context_text)
        if not found_lists and main.tail.startswith("các ") and _ATTEND.search(sent.text):
            _attending_places(article, sent, year)
    for record in list(article.records):
        if record["type"] == "role" and record["role"] != "host" and record["bloc"] == main.name:
            article.add({"type": "membership", "bloc": main.name, "unit": record["unit"], "year": record["year"]},
                        None, 0.7, main.name, record["unit"])


def _attending_places(article: Article, sent: Sent, year: int) -> None:
    """In a bloc of local governments, the places listed among those attending are its members."""
    groups: dict[int, list[Mention]] = {}
    for m in sent.units:
        if m.group >= 0 and m.kind not in (None, "tỉnh", "xã", "phường", "thị trấn"):
            groups.setdefault(m.group, []).append(m)
    for members in groups.values():
        if len(members) >= 2:
            for m in members:
                _member(article, sent, m, year, 0.6)


def _list_members(article: Article, sent: Sent, found: lists.MemberList, year: int, province: str | None,
                  context_text: str) -> None:
    main = article.main
    if main is None:
        return
    ctx = units.context_for(found, sent.text, context_text, province, article.scope.year or year)
    for item, name in units.members(found, ctx):
        article.add({"type": "membership", "bloc": main.name, "unit": name, "year": year}, sent, 0.8,
                    main.name, name)
        if item.paren:
            r = _role_re().search(item.paren)
            if r and r.lastgroup:
                ym = _YEAR.search(item.paren)
                role_year = int(ym.group(1)) if ym else article.reviewed
                if role_year is not None:
                    article.add({"type": "role", "bloc": main.name, "unit": name, "role": r.lastgroup,
                                 "year": role_year}, sent, 0.8, main.name, name, r.lastgroup, role_year)


def _member(article: Article, sent: Sent, m: Mention, year: int, conf: float) -> None:
    main = article.main
    name = article.unit(m)
    if name and main:
        article.add({"type": "membership", "bloc": main.name, "unit": name, "year": year}, sent, conf,
                    main.name, name)


@lru_cache(maxsize=1)
def _rank_re() -> re.Pattern[str]:
    alts = [f"(?P<r{rank}>{alternation(words)})" for rank, words in section("rank_words").items()]
    return re.compile(rf"(?<!\w)(?:{'|'.join(alts)})(?!\w)", re.IGNORECASE)


def _rankings(article: Article) -> None:
    """"X là đơn vị dẫn đầu Cụm", "suy tôn X dẫn đầu", "X xếp thứ Nhì"; the units after the rank word
    ("hai đơn vị nhì khối là A và B"); and the places that follow a first ("X đứng thứ nhất cụm, thứ nhì Y,
    ba là Z")."""
    if article.reviewed is None:
        return
    for sent in article.sentences:
        ranked = False
        for r in _rank_re().finditer(sent.text):
            rank = int((r.lastgroup or "r1")[1:])
            clause = sent.clause_at(r.start())
            left = sent.text[clause[0]:r.start()]
            if re.search(r"(?:cho|tặng|trao)\s+(?:các\s+)?(?:đơn vị|tập thể)\s*$|(?<!\w)cờ(?:\s+thi\s+đua)?\s*$",
                         left, re.IGNORECASE):
                continue  # "tặng cho đơn vị dẫn đầu", "cờ thi đua hạng nhì": an award, not a place
            after = _RANK_NAMES_AFTER.match(sent.text, r.end())
            if after is not None:
                named = _units_listed_after(sent, after.end())
            else:
                link = re.search(r"(?:là|được công nhận là|được suy tôn là|được bình chọn là|đạt|xếp|là đơn vị|"
                                 r"được công nhận)?\s*(?:đơn vị\s*)?$", left)
                unit = _unit_before(sent, clause[0] + (link.start() if link else len(left)), 20)
                named = [unit] if unit is not None else []
            ranked |= _add_rankings(article, sent, named, rank, r.end(), clause)
        if ranked:
            for r in _rank_following().finditer(sent.text):
                rank = _ordinals()[(r.group("a") or r.group("b") or r.group("c")).casefold()]
                named = _unit_after(sent, r.end(), 3)
                _add_rankings(article, sent, named[:1], rank, r.end(), sent.clause_at(r.start()))


# After a rank word, the units it names: "nhì khối là A và B", "dẫn đầu gồm: A, B".
_RANK_NAMES_AFTER = re.compile(r"\s*(?:là|gồm|gồm có)\s*:?\s*|\s*:\s*", re.IGNORECASE)


@lru_cache(maxsize=1)
def _ordinals() -> dict[str, int]:
    return {word.casefold(): int(rank) for rank, words in section("rank_ordinals").items() for word in words}


@lru_cache(maxsize=1)
def _rank_following() -> re.Pattern[str]:
    """A further place named after a first, in the same sentence: ", thứ nhì Y", ", nhì là Y", ", ba là Z"."""
    every = alternation(_ordinals())
    plain = alternation(section("rank_ordinals_never_counts"))
    return re.compile(rf"[,;]\s*(?:(?:xếp|đứng)\s+)?(?:(?:thứ|hạng|giải)\s+(?P<a>{every})(?:\s+(?:là|thuộc về))?"
                      rf"|(?P<b>{plain})(?:\s+(?:là|thuộc về))?|(?P<c>{every})\s+(?:là|thuộc về))\s*:?\s+(?=\S)",
                      re.IGNORECASE)


def _units_listed_after(sent: Sent, pos: int) -> list[Mention]:
    """The units named from ``pos`` on, one after another ("A và B", "A, B và C")."""
    named = _unit_after(sent, pos, 3)
    if len(named) != 1:
        return named
    for m in sent.units:
        if m.start >= named[-1].end and re.fullmatch(r"\s*(?:,|và|,\s*và)\s*", sent.text[named[-1].end:m.start]):
            named.append(m)
    return named


def _add_rankings(article: Article, sent: Sent, named: list[Mention], rank: int, end: int,
                  clause: tuple[int, int]) -> bool:
    """A ranking record for each unit named, in the bloc and year the sentence speaks of."""
    if not named:
        return False
    added = False
    bloc = article.bloc_at(sent, end)
    year, _ = _year(article, sent, end, clause, False)
    for mention in named:
        name = article.unit(mention)
        if name and bloc and year:
            article.add({"type": "ranking", "bloc": bloc.name, "unit": name, "rank": rank, "year": year},
                        sent, 0.7, bloc.name, name, year)
            added = True
    return added

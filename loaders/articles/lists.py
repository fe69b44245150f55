"""Member lists of a bloc: where a list is and how it splits into items.

A bloc's members are listed in a few shapes: after a cue ("gồm", "bao gồm",
"với sự tham gia của"), after a count and a place kind ("gồm 8 tỉnh: A, B"),
under a shared head ("các Công đoàn huyện A, B và thành phố C"), or in
brackets after the bloc. Items are separated by ",", ";" and "và", but names
contain those too ("Sở Văn hóa, Thể thao và Du lịch"); a piece joins the
previous one unless it starts an item of its own (a head, a place, a sector).
What unit each item names is :mod:`tdkt.loaders.articles.units`. Words are
data (``lists.yml``); nothing here names a particular unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from tdkt.kernel.names import expand_abbreviations, fix_tone_marks
from tdkt.loaders.articles import geo
from tdkt.loaders.articles.lexicon import UPPER, alternation, section


def lex(*path: str) -> Any:
    return section(*path, name="lists")


@dataclass(frozen=True)
class Item:
    """One item of a list as written, with the words in brackets after it."""

    text: str
    start: int
    end: int
    paren: str | None = None


@dataclass(frozen=True)
class MemberList:
    """A list of members: the words that introduce it and its items."""

    start: int
    end: int
    header: str
    kind: str | None
    items: tuple[Item, ...]

    @property
    def exact(self) -> bool:
        """Whether the header names one place kind only ("các huyện", not "các huyện, thị xã")."""
        m = patterns()["count"].search(self.header)
        return m is not None and "," not in m.group("kind") and " và " not in m.group("kind")


@lru_cache(maxsize=1)
def patterns() -> dict[str, re.Pattern[str]]:
    cues = alternation(lex("list_cues"))
    stops = alternation(lex("list_stops"))
    heads = sorted(lex("org_heads"), key=len, reverse=True)
    duties = [w for ws in section("roles", name="duties").values() for w in ws]
    kinds = {v: k for k, vs in lex("list_kinds").items() for v in vs}
    place_kinds = alternation(v for vs in section("place_kinds").values() for v in vs if v not in ("thị",))
    return {
        "cue": re.compile(rf"(?<!\w){cues}(?!\w)\s*:?", re.IGNORECASE),
        "example": re.compile(rf"(?<!\w){alternation(lex('example_lead'))}(?!\w)[^.;:]{{0,120}}?"
                              rf"\s(?:{alternation(lex('example_cues'))})\s*:?\s+(?=[{UPPER}]|sở\s)", re.IGNORECASE),
        "phrase": re.compile(rf"(?<!\w){alternation(lex('member_list_phrases'))}(?!\w)\s*:?",
                             re.IGNORECASE),
        "stop": re.compile(rf"(?<!\w)(?:{stops}|(?i:{alternation(duties)}))(?!\w)"),
        "head": re.compile(rf"^(?!{alternation(lex('not_heads'))}(?!\w))"
                           rf"(?:{'|'.join(re.escape(h) for h in heads)})(?!\w)"),
        "kind_word": re.compile(rf"^(?i:{place_kinds})(?=\s+[{UPPER}\d])"),
        "count": re.compile(rf"(?:(?<!\w)các|\d+)\s+(?P<kind>(?i:{alternation(kinds)}))(?!\w)\s*"),
        "distributive": re.compile(rf"(?<!\w)các\s+(?P<head>(?:{'|'.join(re.escape(h) for h in heads)})(?!\w)"
                                   rf"[^,;:.()]{{0,40}}?\s(?i:{place_kinds})\s+[{UPPER}\d])"),
        "colon_list": re.compile(rf"(?:(?<!\w)các|\d+)\s+(?P<kind>(?i:{alternation(kinds)}))(?!\w)"
                                 r"[^:.;()]{0,60}:\s*"),
    }


@lru_cache(maxsize=1)
def _kind_of_count() -> dict[str, str]:
    return {v.casefold(): k for k, vs in lex("list_kinds").items() for v in vs}


@lru_cache(maxsize=1)
def _sectors() -> list[str]:
    return sorted({_flat(s) for s in lex("department_sectors")}, key=len, reverse=True)


def _flat(text: str) -> str:
    """A comparison form: dashes regularised, spaces single, case folded."""
    return " ".join(text.replace("–", "-").replace(" - ", " - ").split()).casefold()


def is_sector(text: str) -> bool:
    return _flat(text) in _sectors()


def starts_item(piece: str, province: str | None) -> bool:
    """Whether a piece of a list opens an item of its own."""
    piece = piece.strip()
    if not piece:
        return False
    r = patterns()
    if r["head"].match(piece) or r["kind_word"].match(piece) or is_sector(piece):
        return True
    if piece[0].isdigit():
        return True
    return bare_place(piece, None, province) is not None


def _joins_sector(prev: str, sep: str, piece: str) -> bool:
    """Whether ``prev sep piece`` continues a sector name across the separator ("Văn hóa, Thể thao")."""
    joined = _flat(f"{prev}, {piece}" if sep == "," else f"{prev} {sep} {piece}")
    words = joined.split()
    for i in range(len(words)):
        tail = " ".join(words[i:])
        if any(s.startswith(tail) for s in _sectors()) and len(tail) > len(_flat(piece)):
            return True
    return False


_SEP = re.compile(r"\s*(;|,|(?<=\s)và(?=\s))\s*")


_SEMI = re.compile(r"\s*(;|(?<=\s)và(?=\s+[^\W\d_]+\s+[^\W\d_]+\s*$))\s*")


def _top_level_semicolons(text: str, start: int, end: int) -> int:
    depth, n = 0, 0
    for ch in text[start:end]:
        depth += ch == "("
        depth -= ch == ")"
        n += ch == ";" and depth == 0
    return n


_PAREN = re.compile(r"\s*\(([^()]{0,120})\)")


Piece = tuple[str, int, int, str | None, str]  # text, start, end, paren, separator before


def split_items(text: str, start: int, end: int, province: str | None, *, bare: bool | None = None,
                keep_cut: bool = True) -> list[Item]:
    """The items of the list in ``text[start:end]``; stops at the first item a verb cuts short."""
    pieces = _pieces(text, start, end)
    if bare is None:
        bare = sum(1 for p in pieces if p[4] != "và" and not patterns()["head"].match(p[0])) > len(pieces) / 2
    return _cut_items(_joined(pieces, province, bare), keep_cut)


def _pieces(text: str, start: int, end: int) -> list[Piece]:
    """``text[start:end]`` cut at every separator, each piece with the words in brackets after it."""
    pieces: list[Piece] = []
    pos, sep = start, ""
    sep_re = _SEMI if _top_level_semicolons(text, start, end) >= 2 else _SEP
    while pos < end:
        m = sep_re.search(text, pos, end)
        stop_at = m.start() if m else end
        paren_m = re.search(r"\(", text[pos:stop_at])
        paren = None
        piece_end = stop_at
        if paren_m:
            p = _PAREN.match(text, pos + paren_m.start())
            if p:
                paren = p.group(1).strip()
                piece_end = pos + paren_m.start()
                m = sep_re.search(text, p.end(), end)
                stop_at = m.start() if m else end
                if text[p.end():stop_at].strip():
                    # words after the brackets: the list goes on in prose
                    tail = text[p.end():stop_at]
                    pieces.append((text[pos:piece_end].strip(), pos, piece_end, paren, sep))
                    pieces.append((tail.strip(), p.end(), stop_at, None, ""))
                    break
        pieces.append((text[pos:piece_end].strip(), pos, piece_end, paren, sep))
        if not m:
            break
        sep = m.group(1)
        pos = m.end()
    return pieces


def _joined(pieces: list[Piece], province: str | None, bare: bool) -> list[list[Any]]:
    """The pieces with each one that continues a name joined to the one before: [text, start, end, paren]."""
    items: list[list[Any]] = []
    for piece, s, e, paren, sep in pieces:
        if items and sep != ";" and piece and (
            (piece[0].islower() and not patterns()["kind_word"].match(piece) and not piece.startswith("các ")
             and not patterns()["head"].match(piece[0].upper() + piece[1:]))
            or (sep == "và" and any(str(items[-1][0]).startswith(h + " ") for h in lex("compound_heads"))
                and patterns()["head"].match(piece))
            or _joins_sector(str(items[-1][0]), sep, piece)
            or (sep == "và" and not bare and not starts_item(piece, province))
        ) and items[-1][3] is None:
            joiner = ", " if sep == "," else f" {sep} "
            items[-1][0] = f"{items[-1][0]}{joiner}{piece}"
            items[-1][2] = e
            items[-1][3] = paren
            continue
        items.append([piece, s, e, paren])
    return items


def _cut_items(items: list[list[Any]], keep_cut: bool) -> list[Item]:
    """The items without fillers, up to the first one a verb cuts short (kept cut unless ``keep_cut`` is off and
    the verb has the words before it as its subject)."""
    out: list[Item] = []
    for piece, s, e, paren in items:
        text_ = str(piece)
        cut = patterns()["stop"].search(text_)
        if cut and not keep_cut and word_pattern("subject_verbs", r"\s*", "").match(text_[cut.start():]):
            break  # the words before such a verb are its subject, not an item
        if cut:
            text_ = re.sub(r"(?:\s+(?:và|cùng|với|,))+$", "", text_[: cut.start()].strip(" ,-–"))
        text_ = _strip_fillers(text_)
        if text_:
            out.append(Item(text_, int(s), int(e), paren if isinstance(paren, str) else None))
        if cut:
            break
    return out


def strip_fillers(text: str) -> str:
    """An item without the filler words before it ("các", "đơn vị", counts)."""
    return _strip_fillers(text)


def _strip_fillers(text: str) -> str:
    text = _fillers().sub("", text.strip())
    return text.strip(" ,.:;-–\"“”")


def find_lists(text: str, bloc_ends: list[int], *, in_bloc_article: bool) -> list[MemberList]:
    """Member lists in a sentence: after a cue near a bloc mention, after "các/N <kind>:", or under a
    distributive head ("các Công đoàn huyện A, B")."""
    r = patterns()
    found: list[MemberList] = []
    taken: list[tuple[int, int]] = []

    def add(cue_start: int, list_start: int, header: str, kind: str | None) -> None:
        if any(a <= list_start < b for a, b in taken):
            return
        end = _list_end(text, list_start)
        items = split_items(text, list_start, end, None)
        if len(items) >= 1:
            found.append(MemberList(cue_start, end, header, kind, tuple(items)))
            taken.append((cue_start, end))

    for m in r["phrase"].finditer(text):
        add(m.start(), m.end(), "", None)
    for m in r["example"].finditer(text):
        add(m.start(), m.end(), "", None)
    for b in bloc_ends:
        bracket = re.match(r"\s*\(\s*", text[b:])
        if bracket:
            inner_end = _list_end(text, b + bracket.end())
            items = split_items(text, b + bracket.end(), inner_end, None)
            if len(items) >= 2 and not any(a <= b + bracket.end() < e for a, e in taken):
                found.append(MemberList(b, inner_end, "", None, tuple(items)))
                taken.append((b, inner_end))
    for m in r["cue"].finditer(text):
        if not any(0 <= m.start() - b <= 160 for b in bloc_ends):
            continue
        rest = text[m.end(): m.end() + 200]
        colon = rest.find(":")
        header = ""
        start = m.end()
        if 0 <= colon <= 90 and "." not in rest[:colon] and ";" not in rest[:colon]:
            header = rest[:colon]
            start = m.end() + colon + 1
        else:
            c = r["count"].match(text, m.end() + len(rest) - len(rest.lstrip()))
            if c:
                header = c.group(0)
                start = c.end()
        add(m.start(), start, header.strip(), _header_kind(header))
    if in_bloc_article:
        for m in r["distributive"].finditer(text):
            items = split_items(text, m.start("head"), _list_end(text, m.start("head")), None)
            if len(items) >= 2 and not any(a <= m.start("head") < b for a, b in taken):
                end = items[-1].end
                found.append(MemberList(m.start(), end, "", None, tuple(items)))
                taken.append((m.start(), end))
        for m in r["colon_list"].finditer(text):
            header = text[max(0, m.start() - 60): m.end()]
            add(m.start(), m.end(), header, _header_kind(m.group(0)))
    return found


def _header_kind(header: str) -> str | None:
    m = patterns()["count"].search(header)
    if not m:
        return None
    return _kind_of_count().get(" ".join(m.group("kind").split()).casefold())


def _list_end(text: str, start: int) -> int:
    """The end of a list: the sentence's end, or a closing bracket of a bracketed list."""
    depth = 0
    for i in range(start, len(text)):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                return i
            depth -= 1
        elif ch == "." and depth == 0 and not re.match(r"\.\s*[a-zđ\d]", text[i:i + 3]) \
                and not re.search(r"(?:TP|Tp|TX|TT)$", text[max(0, i - 2):i]):
            return i
    return len(text)


def bare_place(name: str, kind: str | None, province: str | None) -> tuple[str, str] | None:
    """(kind, name) of a bare place in the register: a province, or a district/commune of the province."""
    name = name.strip()
    if not name or (not name[0].isupper() and not name[0].isdigit()):
        return None
    if len(name.split()) > 5:
        return None
    if kind in (None, "tỉnh", "any", "thành phố"):
        p = geo.find_province(name)
        if p and (kind in ("tỉnh", "thành phố", "any") or province is None or p != province or kind is None) and (
                kind != "thành phố" or p in section("central_cities")):
            return "tỉnh", p
    if province:
        area = geo.place(None if kind in (None, "any", "tỉnh") else kind, name, province)
        if area is not None:
            return area.kind.casefold(), area.short
    return None


def starts_with_head(text: str) -> bool:
    return bool(patterns()["head"].match(text.strip()))


def canonical(text: str) -> str:
    """Abbreviations written out and tone marks placed as in official names."""
    return fix_tone_marks(expand_abbreviations(" ".join(text.split())))


def stop_in(text: str) -> bool:
    """Whether a span holds a word that ends names (a verb or a preposition)."""
    return bool(patterns()["stop"].search(text))


def is_bare_head(name: str) -> bool:
    """Whether a name is only a head, with no words of its own ("Sở", "Đảng ủy")."""
    m = patterns()["head"].match(name.strip())
    return m is not None and m.end() == len(name.strip())


@cache
def word_pattern(name: str, before: str, after: str) -> re.Pattern[str]:
    """A word list of ``lists.yml`` as a pattern, between ``before`` and ``after``."""
    return re.compile(rf"{before}{alternation(lex(name))}{after}(?!\w)")


@lru_cache(maxsize=1)
def _fillers() -> re.Pattern[str]:
    return re.compile(rf"^(?:(?:{alternation(lex('item_fillers'))}|\d+)\s+)+", re.IGNORECASE)

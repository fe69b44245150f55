"""Member lists of a bloc: where a list is, how it splits into items, and what unit each item names.

A bloc's members are listed in a few shapes: after a cue ("gồm", "bao gồm",
"với sự tham gia của"), after a count and a place kind ("gồm 8 tỉnh: A, B"),
under a shared head ("các Công đoàn huyện A, B và thành phố C"), or in
brackets after the bloc. Items are separated by ",", ";" and "và", but names
contain those too ("Sở Văn hóa, Thể thao và Du lịch"); a piece joins the
previous one unless it starts an item of its own (a head, a place, a sector).
Each item then becomes a unit name: an organisation as written with its
place made explicit, or a bare place as the member kind's branch there
("Liên đoàn Lao động huyện A", "Ủy ban nhân dân tỉnh B"). Words are data
(``lists.yml``); nothing here names a particular unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from tdkt.kernel.names import expand_abbreviations, fix_tone_marks
from tdkt.loaders.articles import geo
from tdkt.loaders.articles.lexicon import UPPER, alternation, district_kinds, place_kinds, section


def _lex(*path: str) -> Any:
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
        m = _res()["count"].search(self.header)
        return m is not None and "," not in m.group("kind") and " và " not in m.group("kind")


@lru_cache(maxsize=1)
def _res() -> dict[str, re.Pattern[str]]:
    cues = alternation(_lex("list_cues"))
    stops = alternation(_lex("list_stops"))
    heads = sorted(_lex("org_heads"), key=len, reverse=True)
    duties = [w for ws in section("roles", name="duties").values() for w in ws]
    kinds = {v: k for k, vs in _lex("list_kinds").items() for v in vs}
    place_kinds = alternation(v for vs in section("place_kinds").values() for v in vs if v not in ("thị",))
    return {
        "cue": re.compile(rf"(?<!\w){cues}(?!\w)\s*:?", re.IGNORECASE),
        "example": re.compile(rf"(?<!\w){alternation(_lex('example_lead'))}(?!\w)[^.;:]{{0,120}}?"
                              rf"\s(?:{alternation(_lex('example_cues'))})\s*:?\s+(?=[{UPPER}]|sở\s)", re.IGNORECASE),
        "phrase": re.compile(rf"(?<!\w){alternation(_lex('member_list_phrases'))}(?!\w)\s*:?",
                             re.IGNORECASE),
        "stop": re.compile(rf"(?<!\w)(?:{stops}|(?i:{alternation(duties)}))(?!\w)"),
        "head": re.compile(rf"^(?!{alternation(_lex('not_heads'))}(?!\w))"
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
    return {v.casefold(): k for k, vs in _lex("list_kinds").items() for v in vs}


@lru_cache(maxsize=1)
def _sectors() -> list[str]:
    return sorted({_flat(s) for s in _lex("department_sectors")}, key=len, reverse=True)


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
    r = _res()
    if r["head"].match(piece) or r["kind_word"].match(piece) or is_sector(piece):
        return True
    if piece[0].isdigit():
        return True
    return _bare_place(piece, None, province) is not None


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


def split_items(text: str, start: int, end: int, province: str | None, *, bare: bool | None = None,
                keep_cut: bool = True) -> list[Item]:
    """The items of the list in ``text[start:end]``; stops at the first item a verb cuts short."""
    pieces: list[tuple[str, int, int, str | None, str]] = []  # text, start, end, paren, separator before
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
    if bare is None:
        bare = sum(1 for p in pieces if p[4] != "và" and not _res()["head"].match(p[0])) > len(pieces) / 2
    items: list[list[Any]] = []
    for piece, s, e, paren, sep in pieces:
        if items and sep != ";" and piece and (
            (piece[0].islower() and not _res()["kind_word"].match(piece) and not piece.startswith("các ")
             and not _res()["head"].match(piece[0].upper() + piece[1:]))
            or (sep == "và" and any(str(items[-1][0]).startswith(h + " ") for h in _lex("compound_heads"))
                and _res()["head"].match(piece))
            or _joins_sector(str(items[-1][0]), sep, piece)
            or (sep == "và" and not bare and not starts_item(piece, province))
        ) and items[-1][3] is None:
            joiner = ", " if sep == "," else f" {sep} "
            items[-1][0] = f"{items[-1][0]}{joiner}{piece}"
            items[-1][2] = e
            items[-1][3] = paren
            continue
        items.append([piece, s, e, paren])
    out: list[Item] = []
    for piece, s, e, paren in items:
        text_ = str(piece)
        cut = _res()["stop"].search(text_)
        if cut and not keep_cut and _words("subject_verbs", r"\s*", "").match(text_[cut.start():]):
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
    r = _res()
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
    m = _res()["count"].search(header)
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


def _bare_place(name: str, kind: str | None, province: str | None) -> tuple[str, str] | None:
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


@lru_cache(maxsize=1)
def _kind_prefix() -> re.Pattern[str]:
    """A place word (or its abbreviation) and the name after it."""
    abbreviations = alternation(v for vs in section("place_kinds").values() for v in vs if v.isupper() or "." in v
                                or v[:1].isupper())
    return re.compile(rf"^(?P<kind>(?i:{place_kinds()})|{abbreviations})\s+(?P<name>[{UPPER}\d].*)$")


@dataclass
class Context:
    """What an item is resolved against."""

    province: str | None
    year: int | None
    member_head: str | None  # the branch head of bare places ("Hội Nông dân")
    shared_head: str | None = None  # a head given once before bare names ("Trường THPT")
    kind: str | None = None  # the place kind a count gave ("8 tỉnh")
    exact: bool = False  # the header names that kind only: it overrides the register's kind
    party: str | None = None  # the Party committee a list's organs belong to ("Tỉnh ủy")


def _place_phrase(kind: str, name: str, year: int | None) -> str:
    if kind == "tỉnh":
        return geo.province_phrase(name, year)
    return f"{kind} {name}"


def _branch(head: str, kind: str, name: str, year: int | None) -> str:
    """The branch of ``head`` in a place: "Hội Nông dân huyện A", "Tỉnh đoàn B"."""
    special: dict[str, dict[str, str]] = _lex("provincial_branch")
    if kind == "tỉnh" and head in special:
        phrase = geo.province_phrase(name, year)
        level = "thành phố" if phrase.startswith("thành phố") else "tỉnh"
        return f"{special[head][level]} {geo.province_label(name, year)}"
    return f"{head} {_place_phrase(kind, name, year)}"


def _place_name(name: str, kind: str, province: str | None) -> str:
    """A place name cut to what the register knows, or to two words when it does not know it (a person's
    name may follow: "phường A B Nguyễn Văn C")."""
    words = name.split()
    for n in range(min(len(words), 4), 0, -1):
        if geo.place(kind, " ".join(words[:n]), province) is not None:
            return " ".join(words[:n])
    if len(words) >= 4 and not any(w[0].isdigit() for w in words):
        return " ".join(words[:2])
    return name


def resolve(item: Item, ctx: Context, previous: str | None = None) -> str | None:
    """The unit an item names, or None when it is not a unit the text makes clear."""
    raw = geo.expand_city_abbreviations(_item_abbreviations(" ".join(item.text.split())))
    if raw and raw[0].islower() and _res()["head"].match(raw[0].upper() + raw[1:]):
        raw = raw[0].upper() + raw[1:]
    if ctx.shared_head:
        if canonical(raw).startswith(ctx.shared_head):
            return canonical(raw)
        if _res()["head"].match(raw):
            inner = _with_place(canonical(raw), ctx)
            return f"{ctx.shared_head} {inner}" if inner else None
        return f"{ctx.shared_head} {canonical(raw)}"
    if not raw or not (raw[0].isupper() or raw[0].isdigit() or _kind_prefix().match(raw)):
        return None
    text = fix_tone_marks(expand_abbreviations(raw))
    text = re.sub(r"\s*[–—]\s*", " - ", text)
    text = re.sub(r"(?<=\w)-(?=[A-ZĐ])", " - ", text)
    text = re.sub(r"\s+-(?=[A-ZĐ])", " - ", text)
    head_m = _res()["head"].match(text) or _res()["head"].match(raw)
    kp = _kind_prefix().match(text)
    if kp:
        kind = kp.group("kind").casefold().rstrip(".")
        kind = {"tp": "thành phố", "tx": "thị xã"}.get(kind, kind)
        name = kp.group("name")
        if (kind == "tỉnh" or (kind == "thành phố" and geo.find_province(name) in section("central_cities"))) \
                and geo.find_province(name):
            p = geo.find_province(name)
            return _branch(ctx.member_head or "Ủy ban nhân dân", "tỉnh", p, ctx.year) if p else None
        if kind == "tỉnh":
            return None
        return f"{_branch_head(ctx, previous)} {kind} {_place_name(name, kind, ctx.province)}"
    if head_m:
        if is_bare_head(text) and text not in _lex("province_level"):
            return None
        return _with_place(text, ctx)
    if is_sector(text) and ctx.province:
        return f"Sở {text} {geo.province_phrase(ctx.province, ctx.year)}"
    place = _bare_place(text, ctx.kind, ctx.province)
    if place is not None:
        kind, name = place
        if ctx.exact and ctx.kind and kind != "tỉnh" and ctx.kind not in ("any", "tỉnh") and \
                (kind in ("xã", "phường", "thị trấn")) == (ctx.kind in ("xã", "phường", "thị trấn")):
            kind = ctx.kind
        return _branch(_branch_head(ctx, previous), kind, name, ctx.year)
    if ctx.kind and ctx.kind not in ("any", "tỉnh") and len(text.split()) <= 4 and not re.search(r"\d", text):
        kind = "huyện" if ctx.kind == "huyện" else ctx.kind
        return f"{_branch_head(ctx, previous)} {kind} {text}"
    return None


def _branch_head(ctx: Context, previous: str | None) -> str:
    if previous:
        m = re.match(rf"^(.*?)\s+(?:{place_kinds()})"
                     rf"(?:\s+[{UPPER}\d][\w'’.-]*)+$", previous)
        if m and m.group(1):
            return m.group(1)
    return ctx.member_head or "Ủy ban nhân dân"


@lru_cache(maxsize=1)
def _place_in() -> re.Pattern[str]:
    """A place written inside a name, or a national body's words."""
    return re.compile(rf"(?<!\w)(?i:{place_kinds()})\s+[{UPPER}\d]|(?i:{alternation(_lex('national_words'))})")


def _with_place(name: str, ctx: Context) -> str | None:
    """An organisation's name with its place made explicit."""
    if _words("plural_words", r"(?<!\w)các\s+", "").search(name):
        return None
    name = _cut_person(name)
    label = geo.province_label(ctx.province, ctx.year) if ctx.province else None
    phrase = geo.province_phrase(ctx.province, ctx.year) if ctx.province else None
    m = _words("party_committees", r"(?<!\w)(", ")$").search(name)
    if m:
        if not name.startswith(m.group(1)) or m.group(1).casefold().startswith("tỉnh"):
            return f"{name} {label}" if label and m.group(1).casefold().startswith("tỉnh") else name
        return None
    if re.search(r"(?<!\w)tỉnh$", name):
        return f"{name[:-len('tỉnh')]}{phrase}" if phrase else name
    if re.search(r"(?<!\w)(?:thành phố|TP)$", name) and ctx.province in section("central_cities"):
        return re.sub(r"(?:thành phố|TP)$", phrase or "", name)
    if re.search(rf"(?<!\w)(?:{district_kinds()})$", name):
        return None  # a district's body whose district is not written
    if _place_in().search(name):
        return name
    if any(geo.find_province(" ".join(name.split()[-n:])) for n in (1, 2, 3, 4) if len(name.split()) > n):
        return name
    if label and name in _lex("province_level"):
        return f"{name} {label}"
    if ctx.party and _words("party_organs", "^", "").match(name):
        return f"{name} {ctx.party} {label}" if label else f"{name} {ctx.party}"
    provincial = sorted(_lex("provincial_heads"), key=len, reverse=True)
    if phrase and any(name == h or name.startswith(h + " ") for h in provincial):
        return f"{name} {phrase}"
    return name


def party_of(items: list[Item]) -> str | None:
    """The Party committee the list's last items name ("…, Văn phòng Tỉnh ủy"), if any."""
    for item in items:
        m = _words("party_committees", r"(?<!\w)(", ")$").search(item.text.strip())
        if m:
            return fix_tone_marks(m.group(1))
    return None


@lru_cache(maxsize=1)
def _member_heads() -> tuple[re.Pattern[str], dict[str, str]]:
    heads: dict[str, str] = _lex("member_heads")
    forms = sorted(heads, key=len, reverse=True)
    alts = "|".join(f"(?i:{re.escape(f)})" if " " in f else re.escape(f) for f in forms)
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)"), {f.casefold(): heads[f] for f in forms}


def member_head(text: str) -> str | None:
    """The branch head named last in ``text`` ("Hội CCB Việt Nam cụm số 11" → "Hội Cựu chiến binh")."""
    pattern, heads = _member_heads()
    last = None
    for m in pattern.finditer(text):
        last = m
    return heads.get(" ".join(last.group(0).split()).casefold()) if last else None


def starts_with_head(text: str) -> bool:
    return bool(_res()["head"].match(text.strip()))


def canonical(text: str) -> str:
    """Abbreviations written out and tone marks placed as in official names."""
    return fix_tone_marks(expand_abbreviations(" ".join(text.split())))


@lru_cache(maxsize=1)
def not_member_re() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){alternation(_lex('not_member'))}(?!\w)", re.IGNORECASE)


def _item_abbreviations(text: str) -> str:
    table: dict[str, str] = _lex("item_abbreviations")
    words = text.split()
    i = 0
    while i < len(words) and words[i] in table:
        words[i] = table[words[i]]
        i += 1
    return " ".join(words)


def stop_in(text: str) -> bool:
    """Whether a span holds a word that ends names (a verb or a preposition)."""
    return bool(_res()["stop"].search(text))


def is_bare_head(name: str) -> bool:
    """Whether a name is only a head, with no words of its own ("Sở", "Đảng ủy")."""
    m = _res()["head"].match(name.strip())
    return m is not None and m.end() == len(name.strip())


@lru_cache(maxsize=1)
def _person_after_place() -> re.Pattern[str]:
    family = alternation(section("family_names", name="people"))
    kinds = place_kinds()
    return re.compile(rf"(?<!\w)((?:{kinds})\s+[{UPPER}][\w]*(?:\s+[{UPPER}][\w]*)*?)\s+(?:{family})"
                      rf"(?:\s+[{UPPER}][\w]*){{1,3}}$")


def _cut_person(name: str) -> str:
    """A place name that runs into a person's name ("phường A B Nguyễn Văn C") cut before the person."""
    m = _person_after_place().search(name)
    return name[: m.end(1)] if m else name


@cache
def _words(name: str, before: str, after: str) -> re.Pattern[str]:
    """A word list of ``lists.yml`` as a pattern, between ``before`` and ``after``."""
    return re.compile(rf"{before}{alternation(_lex(name))}{after}(?!\w)")


@lru_cache(maxsize=1)
def _fillers() -> re.Pattern[str]:
    return re.compile(rf"^(?:(?:{alternation(_lex('item_fillers'))}|\d+)\s+)+", re.IGNORECASE)


@lru_cache(maxsize=1)
def _head_over_count() -> re.Pattern[str]:
    heads = sorted(_lex("org_heads"), key=len, reverse=True)
    kinds = {v for vs in _lex("list_kinds").values() for v in vs}
    return re.compile(rf"(?<!\w)(?P<head>(?:{'|'.join(re.escape(h) for h in heads)})(?!\w)[^,;:()]{{0,50}}?)"
                      rf"\s+(?:{alternation(_lex('item_fillers'))}|\d+)\s+(?i:{alternation(kinds)})(?!\w)")


def head_over_count(header: str) -> str | None:
    """The branch head written before a count or "các" over places ("Hội A các tỉnh:" → "Hội A"): an open name,
    so associations missing from any list are read too."""
    found = list(_head_over_count().finditer(header))
    if not found:
        return None
    head = canonical(found[-1].group("head"))
    mapped = member_head(head)
    if mapped and len(mapped.split()) >= len(head.split()):
        return mapped
    return None if is_bare_head(head) or stop_in(head) else head


def context_for(found: MemberList, sentence: str, context_text: str, province: str | None,
                year: int | None) -> Context:
    """What a list's items are resolved against: a shared head written in its header ("các Trường THPT:"), the
    branch head over its places (header, then the sentence before it, then the article's title and bloc), the
    place kind its count gives, the Party committee its organs belong to."""
    header = strip_fillers(found.header)
    header = header[:1].upper() + header[1:]
    shared = None
    if header and starts_with_head(header) and found.kind is None and not stop_in(header):
        shared = canonical(header)
    head = (head_over_count(found.header) or member_head(found.header) or member_head(sentence[:found.start])
            or member_head(context_text))
    return Context(province, year, head, shared, found.kind, found.exact, party_of(list(found.items)))


def members(found: MemberList, ctx: Context) -> list[tuple[Item, str]]:
    """The units a list names (guests in brackets left out), each with its item."""
    out: list[tuple[Item, str]] = []
    previous = None
    for item in found.items:
        if item.paren and not_member_re().search(item.paren):
            continue
        name = resolve(item, ctx, previous)
        if name:
            out.append((item, name))
            previous = name
    return out

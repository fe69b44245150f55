"""The unit each item of a member list names.

An item becomes a unit name: an organisation as written with its place made
explicit, or a bare place as the member kind's branch there ("Liên đoàn Lao
động huyện A", "Ủy ban nhân dân tỉnh B"). The branch head comes from the
list's header, the sentence before it, or the article's title and bloc
(:func:`context_for`). Words are data (``lists.yml``); nothing here names a
particular unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tdkt.kernel.names import expand_abbreviations, fix_tone_marks
from tdkt.loaders.articles import geo
from tdkt.loaders.articles.lexicon import UPPER, alternation, district_kinds, place_kinds, section
from tdkt.loaders.articles.lists import (
    Item,
    MemberList,
    bare_place,
    canonical,
    is_bare_head,
    is_sector,
    lex,
    patterns,
    starts_with_head,
    stop_in,
    strip_fillers,
    word_pattern,
)


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
    special: dict[str, dict[str, str]] = lex("provincial_branch")
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
    if raw and raw[0].islower() and patterns()["head"].match(raw[0].upper() + raw[1:]):
        raw = raw[0].upper() + raw[1:]
    if ctx.shared_head:
        if canonical(raw).startswith(ctx.shared_head):
            return canonical(raw)
        if patterns()["head"].match(raw):
            inner = _with_place(canonical(raw), ctx)
            return f"{ctx.shared_head} {inner}" if inner else None
        return f"{ctx.shared_head} {canonical(raw)}"
    if not raw or not (raw[0].isupper() or raw[0].isdigit() or _kind_prefix().match(raw)):
        return None
    text = fix_tone_marks(expand_abbreviations(raw))
    text = re.sub(r"\s*[–—]\s*", " - ", text)
    text = re.sub(r"(?<=\w)-(?=[A-ZĐ])", " - ", text)
    text = re.sub(r"\s+-(?=[A-ZĐ])", " - ", text)
    head_m = patterns()["head"].match(text) or patterns()["head"].match(raw)
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
        if is_bare_head(text) and text not in lex("province_level"):
            return None
        return _with_place(text, ctx)
    if is_sector(text) and ctx.province:
        return f"Sở {text} {geo.province_phrase(ctx.province, ctx.year)}"
    place = bare_place(text, ctx.kind, ctx.province)
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
    return re.compile(rf"(?<!\w)(?i:{place_kinds()})\s+[{UPPER}\d]|(?i:{alternation(lex('national_words'))})")


def _with_place(name: str, ctx: Context) -> str | None:
    """An organisation's name with its place made explicit."""
    if word_pattern("plural_words", r"(?<!\w)các\s+", "").search(name):
        return None
    name = _cut_person(name)
    label = geo.province_label(ctx.province, ctx.year) if ctx.province else None
    phrase = geo.province_phrase(ctx.province, ctx.year) if ctx.province else None
    m = word_pattern("party_committees", r"(?<!\w)(", ")$").search(name)
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
    if label and name in lex("province_level"):
        return f"{name} {label}"
    if ctx.party and word_pattern("party_organs", "^", "").match(name):
        return f"{name} {ctx.party} {label}" if label else f"{name} {ctx.party}"
    provincial = sorted(lex("provincial_heads"), key=len, reverse=True)
    if phrase and any(name == h or name.startswith(h + " ") for h in provincial):
        return f"{name} {phrase}"
    return name


def party_of(items: list[Item]) -> str | None:
    """The Party committee the list's last items name ("…, Văn phòng Tỉnh ủy"), if any."""
    for item in items:
        m = word_pattern("party_committees", r"(?<!\w)(", ")$").search(item.text.strip())
        if m:
            return fix_tone_marks(m.group(1))
    return None


@lru_cache(maxsize=1)
def _member_heads() -> tuple[re.Pattern[str], dict[str, str]]:
    heads: dict[str, str] = lex("member_heads")
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


@lru_cache(maxsize=1)
def not_member_re() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){alternation(lex('not_member'))}(?!\w)", re.IGNORECASE)


def _item_abbreviations(text: str) -> str:
    table: dict[str, str] = lex("item_abbreviations")
    words = text.split()
    i = 0
    while i < len(words) and words[i] in table:
        words[i] = table[words[i]]
        i += 1
    return " ".join(words)


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


@lru_cache(maxsize=1)
def _head_over_count() -> re.Pattern[str]:
    heads = sorted(lex("org_heads"), key=len, reverse=True)
    kinds = {v for vs in lex("list_kinds").values() for v in vs}
    return re.compile(rf"(?<!\w)(?P<head>(?:{'|'.join(re.escape(h) for h in heads)})(?!\w)[^,;:()]{{0,50}}?)"
                      rf"\s+(?:{alternation(lex('item_fillers'))}|\d+)\s+(?i:{alternation(kinds)})(?!\w)")


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

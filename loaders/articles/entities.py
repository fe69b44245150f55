"""Organisations and places named in a sentence, in canonical form.

Reports name units in a handful of shapes: a head and a place ("Hội Nông dân
huyện Phong Thổ", "Liên đoàn Lao động tỉnh"), a head over a list ("Hội Nông
dân các huyện: A (Cụm trưởng), B, C"), a bare place standing for its
government ("huyện Nậm Nhùn"), or a count over a list ("02 huyện (A và B)").
Heads come from ``patterns.yml``; place names are checked against the
administrative-unit register, which also decides where a name ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from tdkt.kernel.names import canonical_name, expand_abbreviations, fix_tone_marks
from tdkt.loaders.articles import geo
from tdkt.loaders.articles.lexicon import UPPER, alternation, section
from tdkt.loaders.articles.spam import GARBLED, boundary_words, fold

_NAME_WORD = rf"(?:[{UPPER}][\w'’]*|\d{{1,3}}(?![\d/.,]\d))"
_WORDS = re.compile(rf"\s*({_NAME_WORD})")
_STOP_CAPS = {"Khối", "Cụm", "Hội", "Ủy", "UBND", "HĐND", "Đồng", "Chủ", "Phó", "Bí", "Giám", "Trưởng", "Ban",
              "Sở", "Phòng", "Đoàn", "Liên", "Công", "Huyện", "Thị", "Thành", "Tỉnh", "Xã", "Phường", "Các", "Năm",
              "Tại", "Trong", "Ông", "Bà", "Đ/c", "Nhân", "Hội nghị", "MTTQ", "TUV", "BT", "CT", "PCT"}


@dataclass(frozen=True)
class Scope:
    """What names are resolved against: the province, the bloc's kind of member, the home places."""

    province: str | None = None
    member_head: str | None = None
    home: dict[str, str] = field(default_factory=dict)
    year: int | None = None

    @property
    def provincial(self) -> str | None:
        """The place phrase of the province's bodies ("tỉnh Lai Châu", "thành phố Hà Nội")."""
        return geo.province_phrase(self.province, self.year) if self.province else None

    @property
    def label(self) -> str | None:
        return geo.province_label(self.province, self.year) if self.province else None


@dataclass(frozen=True)
class Mention:
    """A unit or place named in a text; ``head`` None is a bare place."""

    start: int
    end: int
    head: str | None
    kind: str | None = None
    place: str | None = None
    paren: str | None = None
    group: int = -1
    garbled: bool = False
    known: bool = True  # the place is in the register


@lru_cache(maxsize=1)
def _kinds() -> tuple[dict[str, str], str]:
    table: dict[str, str] = {}
    for canon, variants in section("place_kinds").items():
        for v in variants:
            if v not in ("thị", "TT", "TT."):
                table[v.casefold()] = canon
    return table, alternation(table)


def kind_of(raw: str) -> str:
    """The canonical place kind of a written one ("TP." → "thành phố")."""
    return _kinds()[0].get(" ".join(raw.split()).casefold(), raw.casefold())


@lru_cache(maxsize=1)
def _head_re() -> re.Pattern[str]:
    heads = section("unit_heads")
    multi = [h for h in [*heads["closed"], *heads["open"]] if " " in h]
    single = [h for h in [*heads["closed"], *heads["open"]] if " " not in h]
    organs = alternation(heads["organs"])
    return re.compile(
        rf"(?<![\w])(?:(?P<organ>{organs})\s+)?(?P<head>(?i:{alternation(multi)})|{alternation(single)})"
        r"(?!\w)(?!\s+viên\b)"
    )


@lru_cache(maxsize=1)
def _sets() -> dict[str, frozenset[str]]:
    heads = section("unit_heads")
    return {k: frozenset(str(h).casefold() for h in heads[k])
            for k in ("open", "bare_place", "province_level", "needs_place", "provincial_default", "lower_qualifier")}


@lru_cache(maxsize=1)
def _stops() -> re.Pattern[str]:
    return re.compile(rf"(?i:{alternation(section('name_stops'))})(?!\w)")


def canonical_head(raw: str) -> str:
    """The head as records write it ("UBND" → "Ủy ban nhân dân", "Ban TĐKT" → "Ban Thi đua - Khen thưởng")."""
    text = " ".join(raw.split())
    aliases = _aliases()
    if text.casefold() in aliases:
        return aliases[text.casefold()]
    return canonical_name(text)


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    heads = section("unit_heads")
    table = {str(h).casefold(): canonical_name(str(h)) for h in heads["closed"] if not str(h).isupper()}
    table.update({str(k).casefold(): str(v) for k, v in heads["aliases"].items()})
    return table


def _trim(text: str, pos: int, kind: str | None, scope: Scope) -> tuple[int, str | None, bool]:
    """Where a place name starting at ``pos`` ends: (end, canonical name, known to the register)."""
    words: list[tuple[int, str]] = []
    at = pos
    while len(words) < 4:
        m = _WORDS.match(text, at)
        if not m:
            break
        words.append((m.end(), m.group(1)))
        at = m.end()
    if not words:
        return pos, None, False
    for n in range(len(words), 0, -1):
        name = expand_abbreviations(" ".join(w for _, w in words[:n]))
        if kind == "tỉnh":
            found = geo.find_province(name)
            if found:
                return words[n - 1][0], found, True
            continue
        area = geo.place(kind, name, scope.province)
        if area is not None:
            return words[n - 1][0], area.short, True
    n = 0
    for _, w in words[:3]:
        if w in _STOP_CAPS or (w.isdigit() and n):
            break
        n += 1
    if n == 0 or kind == "tỉnh":
        return pos, None, False
    return words[n - 1][0], fix_tone_marks(expand_abbreviations(" ".join(w for _, w in words[:n]))), False


_LIST_SEP = re.compile(r"\s*(?:,|;|\bvà\b|-)\s*")
_PAREN = re.compile(r"\s*\(([^()]{1,60})\)")


def _items(text: str, pos: int, kind: str | None, scope: Scope, head: str | None, group: int) -> list[Mention]:
    """The places of a list ("Nậm Nhùn (Cụm trưởng), Phong Thổ và Thị xã Mường Lay")."""
    kind_re = re.compile(rf"\s*((?i:{_kinds()[1]}))\s+(?=[{UPPER}\d])")
    out: list[Mention] = []
    while True:
        start = pos + len(text[pos:]) - len(text[pos:].lstrip())
        km = kind_re.match(text, pos)
        item_kind = kind_of(km.group(1)) if km else kind
        name_at = km.end() if km else pos
        end, name, known = _trim(text, name_at, item_kind, scope)
        if name is None:
            break
        paren = _PAREN.match(text, end)
        out.append(Mention(start, end, head, item_kind, name, paren.group(1) if paren else None, group,
                           known=known))
        pos = paren.end() if paren else end
        sep = _LIST_SEP.match(text, pos)
        if not sep or not (kind_re.match(text, sep.end()) or _WORDS.match(text, sep.end())):
            break
        if sep.group().strip() == "-" and not out[-1].known:
            break
        pos = sep.end()
    return out


def _qualifier(text: str, pos: int, lower_ok: bool) -> tuple[int, str]:
    """The own words of an open head ("Sở" + "Giáo dục và Đào tạo")."""
    kinds = re.compile(rf"\s+(?i:{_kinds()[1]})(?!\w)|\s+các\s")
    word = re.compile(r"\s*(,\s*|\s-\s|\s–\s|&\s*)?([^\W_][\w&'’]*)")
    taken: list[str] = []
    end = pos
    while len(taken) < 8:
        if kinds.match(text, end) or _stops().match(text, end + len(text[end:]) - len(text[end:].lstrip())):
            break
        m = word.match(text, end)
        if not m:
            break
        joiner, w = m.group(1), m.group(2)
        if joiner and (not taken or not w[0].isupper() or _head_re().match(text, m.start(2))
                       or w in ("Trưởng", "Phó", "Khối", "Cụm", "Chủ", "Bí", "Giám", "Tỉnh", "Huyện")):
            break
        if w[0].isdigit() or (not taken and w[0].islower() and not lower_ok):
            break
        if not taken and w.casefold() in ("trưởng", "phó", "thường"):
            break
        if w == "và" and _head_re().match(text, m.end() + 1):
            break
        if joiner and joiner.strip() == ",":
            taken[-1] += ","
        elif joiner:
            taken.append("-")
        taken.append(w)
        end = m.end()
    while taken and taken[-1] in ("và", "-", "của"):
        taken.pop()
    return end, " ".join(taken)


def scan(text: str, scope: Scope, exclude: list[tuple[int, int]] | None = None) -> list[Mention]:
    """Every unit and place named in ``text``, in order; spans in ``exclude`` are skipped."""
    taken = list(exclude or [])
    out: list[Mention] = []
    sets = _sets()
    group = 0

    def free(s: int, e: int) -> bool:
        return not any(s < b and e > a for a, b in taken)

    for m in _head_re().finditer(text):
        if not free(m.start(), m.end()):
            continue
        raw = m.group("head")
        head = canonical_head(raw)
        pos = m.end("head")
        if raw.casefold() in sets["open"]:
            pos, qualifier = _qualifier(text, pos, raw.casefold() in sets["lower_qualifier"])
            if not qualifier:
                continue
            head = canonical_name(f"{head} {qualifier}")
        if m.group("organ"):
            head = f"{canonical_head(m.group('organ'))} {head}"
        found = _after_head(text, pos, head, raw, scope, group)
        group += 1
        found = [Mention(m.start() if i == 0 else f.start, f.end, f.head, f.kind, f.place, f.paren, f.group,
                         f.garbled, f.known) for i, f in enumerate(found)]
        out.extend(found)
        taken.append((m.start(), max(f.end for f in found)))
    kinds = _kinds()[1]
    patterns = [
        re.compile(rf"(?<!\w)(?:các|những)\s+(?P<kind>(?i:{kinds}))(?:\s*,\s*(?i:{kinds}))*\s*:?\s*(?=[{UPPER}])"),
        re.compile(rf"(?<!\w)\d+\s+(?P<kind>(?i:{kinds}))\s*(?=\()"),
        re.compile(rf"(?<![\w-])(?P<kind>(?i:{kinds}))\s+(?=[{UPPER}\d])"),
    ]
    for n, pattern in enumerate(patterns):
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()):
                continue
            kind = kind_of(m.group("kind"))
            if n == 1:
                close = text.find(")", m.end())
                if close < 0:
                    continue
                items = _items(text, m.end() + 1, kind, scope, None, group)
            elif n == 0:
                items = _items(text, m.end(), kind, scope, None, group)
            else:
                end, name, known = _trim(text, m.end(), kind, scope)
                items = [Mention(m.start(), end, None, kind, name, known=known)] if name else []
            group += 1
            if not items or not free(m.start(), items[-1].end):
                continue
            out.extend(items)
            taken.append((m.start(), items[-1].end))
    return sorted(out, key=lambda x: x.start)


def _after_head(text: str, pos: int, head: str, raw: str, scope: Scope, group: int) -> list[Mention]:
    """The place (or list of places) after a head that ends at ``pos``."""
    kinds = _kinds()[1]
    sets = _sets()
    distributive = re.compile(rf"\s+các\s+(?P<kind>(?i:{kinds}))(?:\s*,\s*(?i:{kinds}))*\s*:?\s*")
    d = distributive.match(text, pos)
    if d:
        items = _items(text, d.end(), kind_of(d.group("kind")), scope, head, group)
        if items:
            return items
    k = re.compile(rf"\s+(?P<kind>(?i:{kinds}))(?!\w)").match(text, pos)
    if k:
        kind = kind_of(k.group("kind"))
        end, name, known = _trim(text, k.end(), kind, scope)
        if name is None:
            garbled = kind != "tỉnh" and _garbled_after(text, k.end())
            return [Mention(pos, k.end(), head, kind, None, garbled=garbled)]
        return [Mention(pos, end, head, kind, name, known=known)]
    if raw.casefold() in sets["bare_place"] or head.casefold() in sets["bare_place"]:
        end, name, known = _trim(text, pos, None, scope)
        if name is not None and (known or geo.find_province(name)):
            return [Mention(pos, end, head, None, name, known=known)]
    return [Mention(pos, pos, head, garbled=_garbled_after(text, pos))]


def _garbled_after(text: str, pos: int) -> bool:
    """A name slot followed by the garbled marker or by words that are no name at all."""
    rest = text[pos:pos + 40].lstrip()
    if rest.startswith(GARBLED):
        return True
    m = re.match(r"([^\W\d_]+)\s+([^\W\d_]+)", rest)
    if not m or not m.group(1)[0].islower() or _stops().match(rest):
        return False
    return fold(m.group(1)) not in boundary_words()


def name_of(m: Mention, scope: Scope, *, as_unit: bool = True, use_home: bool = False) -> str | None:
    """The canonical name of a mention, or None when it is incomplete or garbled."""
    if m.garbled:
        return None
    sets = _sets()
    if m.head is None:
        if not as_unit or m.place is None or m.kind == "tỉnh":
            return None
        head = scope.member_head or "Ủy ban nhân dân"
        return f"{head} {m.kind} {m.place}"
    head_key = m.head.casefold()
    if m.kind and m.place:
        return f"{m.head} {m.kind} {m.place}"
    if m.place:
        return f"{m.head} {m.place}"
    if m.kind == "tỉnh":
        return f"{m.head} {scope.provincial}" if scope.province else None
    if m.kind:
        home = scope.home.get(m.kind) if use_home else None
        return f"{m.head} {m.kind} {home}" if home else None
    if use_home and head_key in ("huyện ủy", "thành ủy", "thị ủy", "huyện đoàn") and scope.home.get("huyện"):
        return f"{m.head} {scope.home['huyện']}"
    if head_key in sets["province_level"] or any(head_key.endswith(" " + p) for p in sets["province_level"]):
        # "Tỉnh ủy", and an organ of it ("Ban Tổ chức Tỉnh ủy"): the province's, named after it
        return f"{m.head} {scope.label}" if scope.province else None
    first = " ".join(m.head.split()[:1]).casefold()
    if head_key in sets["provincial_default"] or (first in sets["provincial_default"] and first not in ("ban",)):
        return f"{m.head} {scope.provincial}" if scope.province else m.head
    if first == "ban" and not m.head.startswith(("Ban Chấp hành", "Ban Thường vụ", "Ban Chỉ đạo")):
        return f"{m.head} {scope.provincial}" if scope.province else m.head
    if head_key in sets["needs_place"] or any(head_key.endswith(" " + n) for n in sets["needs_place"]):
        return None
    return m.head

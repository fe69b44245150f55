"""Emulation blocs (Khối thi đua, Cụm thi đua): their mentions and one name for each.

A report names its bloc in several ways ("Khối thi đua các huyện, thành phố,
thị xã", "khối huyện, thị xã, thành phố", "Khối", "toàn Cụm"). Mentions are
parsed into a bloc word and a tail, tails that list place kinds are written
in one order ("các huyện, thị xã, thành phố"), and mentions that agree are
merged; a bare "Khối" or "Cụm" refers to the bloc the article is about.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from tdkt.kernel.names import canonical_name, key
from tdkt.loaders.articles.lexicon import UPPER, alternation, place_kinds, section
from tdkt.loaders.articles.spam import fold

_BLOC = re.compile(r"(?<![\w])(?P<word>[Kk]hối|[Cc]ụm|KHỐI|CỤM)(?P<td>\s+(?:[Tt]hi\s+đua|THI\s+ĐUA|TĐ))?(?!\w)")
_PAREN_ABBR = re.compile(r"\s*\(\s*[A-ZĐ&\-]{2,12}\s*\)")
_NUMBER = re.compile(r"\s+(?:số\s+)?(\d{1,2}|[IVX]{1,4})(?!\w)")
_ROLE_AFTER = re.compile(r"\s+(?:trưởng|phó)(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class BlocMention:
    """A bloc named in a sentence; an empty ``tail`` refers to the article's bloc."""

    start: int
    end: int
    word: str  # "Khối" or "Cụm"
    tail: str
    full: bool  # written with "thi đua"


@lru_cache(maxsize=1)
def _kind_list() -> re.Pattern[str]:
    variants = [v for vs in section("place_kinds").values() for v in vs if v not in ("tỉnh", "TT", "TT.")]
    kind = alternation(variants)
    return re.compile(rf"\s+(?:các\s+)?(?P<kinds>(?i:{kind})(?:\s*(?:,|và|-)?\s*(?i:{kind})(?!\s+[{UPPER}]))*)(?!\w)")


@lru_cache(maxsize=1)
def _stop() -> re.Pattern[str]:
    return re.compile(rf"\s+(?i:{alternation(section('name_stops'))})(?!\w)")


def _canonical_kinds(text: str) -> list[str]:
    order = section("kind_order")
    aliases = {v.casefold(): k for k, vs in section("place_kinds").items() for v in vs}
    aliases["thị"] = "thị xã"
    found = re.findall(rf"(?<!\w){alternation(aliases)}(?!\w)", text.casefold())
    kinds = {aliases.get(" ".join(f.split()), f) for f in found}
    return sorted((k for k in kinds if k in order), key=order.index)


def _qualifier(text: str, pos: int) -> tuple[int, str]:
    """Words after a kind list that tell blocs apart ("vùng thấp", "khu vực I")."""
    words: list[str] = []
    end = pos
    word = re.compile(r"\s+([^\W\d_][\w]*|[IVX]{1,4}|\d{1,2})(?!\w)")
    while len(words) < 4:
        if _stop().match(text, end):
            break
        m = word.match(text, end)
        if not m or m.group(1).casefold() in ("các", "khối", "cụm", "tỉnh", "tháng", "quý"):
            break
        if m.group(1).isdigit() and not (words and words[-1] in ("số", "vực", "vùng")):
            break
        if m.group(1).casefold() in ("huyện", "quận", "thị", "thành") and words:
            break
        words.append(m.group(1))
        end = m.end()
    return end, " ".join(words)


def _org_tail(text: str, pos: int) -> tuple[int, str]:
    """A tail naming organisations ("Mặt trận Tổ quốc và các tổ chức chính trị - xã hội tỉnh")."""
    end = pos
    words: list[str] = []
    token = re.compile(r"\s*(\(|-|–|,|[^\W_][\w&]*)")
    while len(words) < 16:
        paren = _PAREN_ABBR.match(text, end)
        if paren:
            end = paren.end()
            continue
        if _stop().match(text, end) and not (words and words[-1] in ("các", "những")):
            break
        m = token.match(text, end)
        if not m or m.group(1) in ("(", ","):
            break
        words.append(m.group(1))
        end = m.end()
        if m.group(1).casefold() == "tỉnh":
            break
    while words and words[-1] in ("-", "–", "và"):
        words.pop()
    tail = " ".join(words).replace(" – ", " - ")
    if not words or not (words[0][0] in UPPER or words[0] in ("các", "doanh")) or not _bloc_words().search(tail):
        return pos, ""
    return end, tail


@lru_cache(maxsize=1)
def _bloc_words() -> re.Pattern[str]:
    """Words that an organisational bloc tail holds (and a person's name does not)."""
    heads = section("unit_heads")
    vocab = [*section("bloc_words"), *heads["closed"], *heads["open"]]
    return re.compile(rf"(?<!\w)(?i:{alternation(vocab)})(?!\w)")


def mentions(text: str) -> list[BlocMention]:
    """Every bloc mention in ``text``."""
    out: list[BlocMention] = []
    for m in _BLOC.finditer(text):
        word = "Khối" if m.group("word").casefold() == "khối" else "Cụm"
        full = bool(m.group("td"))
        pos = m.end()
        if not full and _ROLE_AFTER.match(text, pos):
            continue  # "Cụm trưởng", "Khối phó": a duty, not a bloc
        paren = _PAREN_ABBR.match(text, pos)
        pos = paren.end() if paren else pos
        number = _NUMBER.match(text, pos)
        kinds = _kind_list().match(text, pos)
        sector = _sector_number().match(text, pos)
        if number and (full or "số" in number.group(0) or not _unit_after_number().match(text, number.end())):
            n = number.group(1)
            tail = f"số {n}" if "số" in number.group(0) else n
            end = number.end()
            org = _organiser_after(text, end)
            local = rf"(?<!\w)(?:{place_kinds()})(?!\w)"
            if org and not re.search(rf"{local}(?:\s+[A-ZĐ]\w*)*$", org[1]) and not re.match(
                    rf"\s*{local}", text[org[0]:]) and _national_organiser(org[1]):
                end, extra = org
                tail = f"{tail} {extra}"
            out.append(BlocMention(m.start(), end, word, tail, full))
        elif kinds and _canonical_kinds(kinds.group("kinds")):
            end, qualifier = _qualifier(text, kinds.end())
            tail = "các " + ", ".join(_canonical_kinds(kinds.group("kinds")))
            out.append(BlocMention(m.start(), end, word, f"{tail} {qualifier}".strip(), full))
        elif _PROVINCES.match(text, pos):
            p = _PROVINCES.match(text, pos)
            assert p is not None
            end, qualifier = _qualifier(text, p.end())
            out.append(BlocMention(m.start(), end, word, f"các tỉnh {qualifier}".strip(), full))
        elif sector and not _stop().match(text, pos) and _bloc_words().search(sector.group(1)) \
                and not _unit_after_number().match(text, sector.end()):
            out.append(BlocMention(m.start(), sector.end(), word, " ".join(sector.group(1).split()), full))
        elif full or m.group("word")[0].isupper():
            end, tail = _org_tail(text, pos)
            if tail and not full and not tail[0].isupper():
                tail, end = "", pos
            if not tail and full:
                end, tail = _place_tail(text, pos)
            out.append(BlocMention(m.start(), end if tail else pos, word, canonical_tail(tail), full))
    return out


_PROVINCES = re.compile(r"\s+các\s+tỉnh(?:,?\s+thành(?:\s+phố)?)?(?!\w)")


@lru_cache(maxsize=1)
def _unit_after_number() -> re.Pattern[str]:
    """Words after "khối 3"/"cụm 5" that make the number a count, not a bloc's number."""
    return re.compile(rf"\s*(?i:{alternation(section('bloc_number_counts'))})(?!\w)")


@lru_cache(maxsize=1)
def _sector_number() -> re.Pattern[str]:
    """"khối ngân hàng I": up to three sector words, then the bloc's number."""
    return re.compile(r"\s+((?:[^\W\d_]+\s+){1,3}?(?:số\s+)?(?:\d{1,2}|[IVX]{1,4}))(?!\w)")


def _organiser_after(text: str, pos: int) -> tuple[int, str] | None:
    """An organiser written after a bloc's number ("số IX Tòa án nhân dân", "số VI - Sở Công Thương …")."""
    from tdkt.loaders.articles import lists

    dash = re.match(r"\s*[-–]\s*|\s+", text[pos:])
    if not dash:
        return None
    at = pos + dash.end()
    if not lists.starts_with_head(text[at:at + 60]):
        return None
    end, tail = _org_tail(text, at - 1 if text[at - 1] == " " else at)
    if not tail:
        words = re.match(rf"(?:[{UPPER}][\w]*\s*){{1,5}}", text[at:])
        if not words:
            return None
        end, tail = at + len(words.group(0).rstrip()), words.group(0).strip()
    sep = " - " if "-" in text[pos:at] or "–" in text[pos:at] else " "
    return end, (sep.strip() + " " if sep != " " else "") + canonical_tail(tail)


def _national_organiser(tail: str) -> bool:
    """Whether an organiser after a bloc's number is part of its name: a body organised across provinces
    ("Tòa án nhân dân", "Sở Công Thương các tỉnh khu vực …"), not a provincial organiser."""
    from tdkt.loaders.articles.geo import spans_provinces

    return spans_provinces(tail) or bool(re.match(
        rf"[-–\s]*(?:{alternation(section('sector_organisers'))})(?!\w)", tail, re.IGNORECASE))


def _place_tail(text: str, pos: int) -> tuple[int, str]:
    """A regional name after "Cụm thi đua": capitalised words and the lower-case words of place names
    ("Tây Nam sông Hậu", "Tây Nguyên")."""
    lower = set(section("bloc_tail_words"))
    words: list[str] = []
    end = pos
    for m in re.finditer(r"\s+([^\W\d_][\w]*)", text[pos:pos + 80]):
        if pos + m.start() != end:
            break
        w = m.group(1)
        if not (w[0].isupper() or w in lower) or _stop().match(text, end):
            break
        words.append(w)
        end = pos + m.end()
        if len(words) >= 6:
            break
    while words and not words[-1][0].isupper():
        end -= len(words[-1]) + 1
        words.pop()
    if not words or not words[0][0].isupper():
        return pos, ""
    return end, " ".join(words)


def canonical_tail(tail: str) -> str:
    """A tail with abbreviations written out and spacing made regular."""
    if not tail:
        return ""
    text = canonical_name(tail)
    return text[0].lower() + text[1:] if tail[0].islower() else text


def bloc_name(word: str, tail: str) -> str:
    """The canonical name: "Cụm thi đua số 01", "Khối thi đua các huyện, thành phố"."""
    return f"{word} thi đua {tail}".strip()


def _tokens(tail: str) -> set[str]:
    return {t for t in fold(key(tail)).split("-") if t not in ("cac", "va", "thi", "dua", "so", "")}


def same_bloc(a: str, b: str) -> bool:
    """Whether two tails name the same bloc."""
    if key(a) == key(b):
        return True
    x, y = _tokens(a), _tokens(b)
    if not x or not y:
        return False
    dx, dy = {t.lstrip("0") for t in x if t.isdigit()}, {t.lstrip("0") for t in y if t.isdigit()}
    if dx and dy:
        return dx == dy and (x - dx <= y - dy or y - dy <= x - dx)
    return x <= y or y <= x or len(x & y) / len(x | y) >= 0.6


@dataclass
class Bloc:
    """A bloc the article speaks of, with the mentions that name it."""

    name: str
    word: str
    tail: str
    weight: float
    mentions: int


def cluster(found: list[tuple[BlocMention, float]]) -> list[Bloc]:
    """Merge mentions into blocs, heaviest first; each bloc takes its most complete name."""
    groups: list[list[tuple[BlocMention, float]]] = []
    for mention, weight in found:
        if not mention.tail:
            continue
        for group in groups:
            if any(same_bloc(mention.tail, other.tail) for other, _ in group):
                group.append((mention, weight))
                break
        else:
            groups.append([(mention, weight)])
    blocs = []
    for group in groups:
        words = Counter(m.word for m, _ in group if m.full) or Counter(m.word for m, _ in group)
        first_full = next((m.word for m, _ in group if m.full), group[0][0].word)
        top = max(words.values())
        word = first_full if words[first_full] == top else words.most_common(1)[0][0]
        tails = Counter(m.tail for m, _ in group)
        tail = max(tails, key=lambda t: (len(key(t).split("-")), tails[t], -_first(group, t)))
        blocs.append(Bloc(bloc_name(word, tail), word, tail, sum(w for _, w in group), len(group)))
    return sorted(blocs, key=lambda b: -b.weight)


def _first(group: list[tuple[BlocMention, float]], tail: str) -> int:
    return next(i for i, (m, _) in enumerate(group) if m.tail == tail)


def resolve(tail: str, blocs: list[Bloc]) -> Bloc | None:
    """The bloc a mention's tail refers to; an empty tail is the main bloc."""
    if not blocs:
        return None
    if not tail:
        return blocs[0]
    return next((b for b in blocs if same_bloc(tail, b.tail)), None)


_SLUG = re.compile(r"(?:^|[/-])(khoi|cum)-thi-dua-(so-)?(\d{1,2}|[ivx]{1,4})(?=[-./?]|$)")


def from_slug(url: str | None) -> str | None:
    """A numbered bloc named only in the address ("…/tong-ket-cum-thi-dua-so-11-…" → "Cụm thi đua số 11")."""
    if not url:
        return None
    m = _SLUG.search(url.lower())
    if not m:
        return None
    word = "Khối" if m.group(1) == "khoi" else "Cụm"
    number = m.group(3).upper() if not m.group(3).isdigit() else m.group(3)
    return f"{word} thi đua {'số ' if m.group(2) else ''}{number}"

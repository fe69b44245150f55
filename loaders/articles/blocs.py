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

from loaders.articles.lexicon import UPPER, alternation, section
from loaders.articles.spam import fold
from loaders.names import canonical_name, key

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
        if number and (full or "số" in number.group(0)):
            out.append(BlocMention(m.start(), number.end(), word, f"số {number.group(1)}", full))
        elif kinds and _canonical_kinds(kinds.group("kinds")):
            end, qualifier = _qualifier(text, kinds.end())
            tail = "các " + ", ".join(_canonical_kinds(kinds.group("kinds")))
            out.append(BlocMention(m.start(), end, word, f"{tail} {qualifier}".strip(), full))
        elif full or m.group("word")[0].isupper():
            end, tail = _org_tail(text, pos)
            if tail and not full and not tail[0].isupper():
                tail, end = "", pos
            out.append(BlocMention(m.start(), end if tail else pos, word, canonical_tail(tail), full))
    return out


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

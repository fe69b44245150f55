"""Officials: "đồng chí NAME - TITLE ORG, TITLE ORG" into one position per post.

A person is introduced by a cue ("đồng chí", "ông") or written "NAME - TITLE".
The titles after the name are split into posts; each post takes the
organisation written with it, or, for a bare "Phó Bí thư" before "Chủ tịch
UBND huyện", the Party committee of the next post's place; "Tỉnh ủy viên"
(TUV) names its own organisation. A post whose organisation is garbled or
unknown gives no record.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from tdkt.kernel.names import canonical_title
from tdkt.loaders.articles.blocs import resolve
from tdkt.loaders.articles.lexicon import LOWER, UPPER, alternation, section
from tdkt.loaders.articles.model import Article, Sent

_ORG_START = re.compile(r"(?:Hội|Ủy|Ban|Sở|Phòng|Liên|Khối|Cụm|Đoàn|Văn phòng|Trung tâm|Công|Huyện|Tỉnh|Thành|Thị|Lãnh|"
                        r"Đại|Các|Những|Tại|Trong|Năm|Theo|Dự|Hội nghị)(?!\w)")
_NAME_WORD = re.compile(rf"\s*([{UPPER}][\w'’]*)")
_SEP = re.compile(r"\s*(?:[-–:]|,)\s*|\s+")
_END = re.compile(r";|\.\s|\.$|\(|,\s*(?:các\s+)?(?:đồng chí|ông|bà|đ/c|Đ/c)\s"
                  r"|\s(?:và các đồng chí|cùng|nhấn mạnh|phát biểu|đồng chủ trì|chủ trì|kết luận|cho biết|"
                  r"tặng|trao|đã|khẳng định|đề nghị|yêu cầu|chúc mừng|ghi nhận|biểu dương|có|về dự|tới dự|"
                  r"và|tại|trong|năm)(?!\w)")


@lru_cache(maxsize=1)
def _titles() -> tuple[re.Pattern[str], dict[str, tuple[str, str]], dict[str, str]]:
    t = section("titles")
    implied: dict[str, tuple[str, str]] = {}
    for title, spec in t["implied"].items():
        for form in [title, *spec.get("abbr", [])]:
            implied[form.casefold()] = (title, spec["org"])
    abbr = {k: v for k, v in t["abbr"].items()}
    base = alternation(t["base"])
    forms = alternation(implied)
    pattern = re.compile(
        rf"(?P<implied>(?i:{forms}))(?!\w)"
        rf"|(?P<abbr>{alternation(abbr)})(?![\w])"
        rf"|(?P<title>(?i:phó\s+)?(?i:{base})(?:\s+(?i:thường\s+trực))?)(?!\w)"
    )
    return pattern, implied, abbr


def _person(text: str, pos: int) -> tuple[int, str] | None:
    """A person's name starting at ``pos``: 2 to 5 capitalised words (the last may be lower-case)."""
    words: list[str] = []
    at = pos
    title_re = _titles()[0]
    if title_re.match(text, pos) or _ORG_START.match(text, pos):
        return None
    while len(words) < 5:
        if title_re.match(text, at + len(text[at:]) - len(text[at:].lstrip())) and words:
            break
        m = _NAME_WORD.match(text, at)
        if not m or (m.group(1).isupper() and len(m.group(1)) > 1):
            break
        words.append(m.group(1))
        at = m.end()
    lower = re.match(rf"\s+([{LOWER}][\w]*)(?=\s*[-–,:]|\s+(?:[{UPPER}]))", text[at:])
    if 2 <= len(words) <= 3 and lower and not title_re.match(text, at + 1):
        words.append(lower.group(1))
        at += lower.end()
    if len(words) < 2:
        return None
    name = " ".join(w[0].upper() + w[1:].lower() if not w.isupper() else w for w in words)
    return at, name


@lru_cache(maxsize=1)
def _cue() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?i:{alternation(section('person_cues'))})\s*:?\s+(?=[{UPPER}])")


def find(article: Article) -> None:
    """Add position records."""
    for sent in article.sentences:
        starts: list[int] = [m.end() for m in _cue().finditer(sent.text)]
        starts += [m.end() for m in re.finditer(r"(?:^|[:;]\s*)(?=[" + UPPER + r"])", sent.text)]
        done: set[int] = set()
        for pos in sorted(set(starts)):
            found = _person(sent.text, pos)
            if not found or found[0] in done:
                continue
            end, person = found
            chain = _chain(sent, end)
            if chain is None:
                continue
            done.add(end)
            _posts(article, sent, person, *chain)


def _chain(sent: Sent, end: int) -> tuple[int, int] | None:
    """The span of titles after a name, if the name is followed by one."""
    m = re.match(r"\s*(?:[-–:,]\s*)?", sent.text[end:])
    start = end + (m.end() if m else 0)
    if not _titles()[0].match(sent.text, start):
        return None
    stop = _END.search(sent.text, start)
    return start, stop.start() if stop else len(sent.text)


def _posts(article: Article, sent: Sent, person: str, start: int, end: int) -> None:
    """Split a title chain into posts and add one position record for each."""
    pattern, implied, abbr = _titles()
    text = sent.text
    found: list[tuple[int, int, str, str | None]] = []  # (start, end, title, implied org)
    pos = start
    while pos < end:
        at = pos + len(text[pos:]) - len(text[pos:].lstrip())
        m = None if _org_starts(sent, at) else pattern.match(text, pos)
        if not m:
            nxt = _SEP.match(text, pos)
            if nxt and nxt.end() > pos and not _org_here(sent, pos):
                pos = nxt.end()
                continue
            org_end = _org_end(sent, pos, end)
            if org_end <= pos:
                break
            pos = org_end
            continue
        if m.group("implied"):
            title, org = implied[m.group("implied").casefold()]
            found.append((m.start(), m.end(), title, org))
        elif m.group("abbr"):
            found.append((m.start(), m.end(), abbr[m.group("abbr")], None))
        else:
            found.append((m.start(), m.end(), canonical_title(m.group("title")), None))
        pos = m.end()
    posts: list[tuple[str, str | None]] = []
    for i, (_start, t_end, post, implied_org) in enumerate(found):
        if implied_org:
            posts.append((post, _implied(article, implied_org)))
            continue
        upto = found[i + 1][0] if i + 1 < len(found) else end
        where = _org_between(article, sent, t_end, upto, post)
        if post.endswith("Thường trực") and where is None and i + 1 < len(found):
            continue
        posts.append((post, where))
    # A bare Party title takes the committee of the next organisation's place.
    for i, (post, where) in enumerate(posts):
        if where is None and post.split()[-1] == "thư" and i + 1 < len(posts):
            posts[i] = (post, _party_of(posts[i + 1][1]))
    year = article.year
    if year is None:
        return
    person = re.sub(r"^(?:Ông|Bà|Anh|Chị)\s+", "", person)
    if person.split()[0].casefold() in ("phường", "xã", "huyện", "quận", "tỉnh", "thành", "thị", "hội", "ban", "sở"):
        return
    if any(r["type"] == "position" and r["person"] == person for r in article.records):
        return  # the open reading of people.py has this person already
    for post, where in posts:
        if where is None or post in ("Ban", "Trưởng", "Ủy viên"):
            continue
        record: dict[str, Any] = {"type": "position", "person": person, "title": post, "organisation": where,
                                  "year": year}
        article.add(record, sent, 0.75, person, where)


def _org_starts(sent: Sent, pos: int) -> bool:
    return any(m.start == pos for m in sent.units) or any(b.start == pos and b.tail for b in sent.blocs)


def _org_here(sent: Sent, pos: int) -> bool:
    return any(m.start <= pos < m.end for m in sent.units) or any(b.start <= pos < b.end for b in sent.blocs)


def _org_end(sent: Sent, pos: int, end: int) -> int:
    for m in sent.units:
        if m.start <= pos < m.end:
            return m.end
    for b in sent.blocs:
        if b.start <= pos < b.end:
            return b.end
    word = re.match(r"\s*\S+", sent.text[pos:end])
    return pos + word.end() if word else pos


def _org_between(article: Article, sent: Sent, lo: int, hi: int, title: str) -> str | None:
    """The organisation written between a title and the next one."""
    if re.search(r"(?i:trưởng khối|trưởng cụm|khối trưởng|cụm trưởng|khối phó|cụm phó)", title):
        bloc = next((b for b in sent.blocs if b.start <= hi and b.end >= lo - 30), None)
        found = resolve(bloc.tail, article.blocs) if bloc else article.main
        return found.name if found else None
    bloc = next((b for b in sent.blocs if lo <= b.start < hi and b.tail), None)
    unit = next((m for m in sent.units if lo <= m.start < hi), None)
    if bloc and (unit is None or bloc.start < unit.start):
        found = resolve(bloc.tail, article.blocs)
        return found.name if found else None
    if unit is None:
        return None
    if unit.garbled:
        article.note(f"Sentence {sent.index + 1}: the organisation of a post is garbled; no record made.")
        return None
    return article.unit(unit, use_home=True)


def _implied(article: Article, org: str) -> str | None:
    if org == "Tỉnh ủy":
        return f"Tỉnh ủy {article.province}" if article.province else None
    if org in ("Huyện ủy", "Thành ủy"):
        home = article.scope.home.get("huyện")
        return f"{org} {home}" if home else None
    return org


def _party_of(org: str | None) -> str | None:
    """The Party committee of the place an organisation serves."""
    if not org:
        return None
    committees = section("titles", "party_committee")
    m = re.search(r"\b(tỉnh|huyện|quận|thị xã|thành phố|xã|phường|thị trấn)\s+(.+)$", org)
    if not m:
        return None
    return f"{committees[m.group(1)]} {m.group(2)}"

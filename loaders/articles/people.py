"""Officials and their posts: "đồng chí N, TITLE ORG, TITLE ORG" and "TITLE ORG N" into one position per post.

A person is introduced by a cue ("đồng chí", "ông", a military rank) or is a
capitalised run that starts with a family name. The chain of titles is read
either after the name or, when the title comes first, before it. A chain is
cut into posts where a separator is followed by a title; each post's body is
read with the open name model of :mod:`loaders.articles.lists`, or is implied
by the title ("Tỉnh ủy viên", "Phó Chủ tịch nước"); a bare "Bí thư" takes the
Party committee of the next post's place. A duty word in the chain
("Khối trưởng") is a post in the bloc itself.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from tdkt.loaders.articles import blocs, lists, units
from tdkt.loaders.articles.lexicon import UPPER, alternation, district_kinds, place_kinds, section, words
from tdkt.loaders.articles.model import Article, Sent


def _lex(*path: str) -> Any:
    return section(*path, name="people")


_NAME_WORD = rf"[{UPPER}][\w'’]*"


@lru_cache(maxsize=1)
def _res() -> dict[str, re.Pattern[str]]:
    prefixes = alternation(_lex("title_prefixes"))
    suffixes = alternation(_lex("title_suffixes"))
    base = alternation(_lex("titles"))
    implied = alternation(_lex("implied_titles"))
    abbr = alternation(_lex("title_abbreviations"))
    roles = [w for ws in section("roles", name="duties").values() for w in ws]
    family = alternation(_lex("family_names"))
    stops = alternation(_lex("chain_stops"))
    title = (rf"(?:(?P<implied>{implied})(?!\w)"
             rf"|(?P<role>(?:(?:đơn vị|Đơn vị)\s+)?(?i:{alternation(roles)}))(?!\w)"
             rf"|(?P<title>(?:{prefixes}\s+)?(?i:{base})(?:\s+{suffixes})?)(?!\w)"
             rf"|(?P<abbr>{abbr})(?![\w]))")
    return {
        "title": re.compile(title),
        "duty": re.compile(rf"\s(?i:{alternation(roles)})(?!\w)"),
        "cue": re.compile(rf"(?<!\w)(?:{alternation(_lex('person_cues'))})\s*:?\s+(?=[{UPPER}])"),
        "name": re.compile(rf"(?:{family})(?:\s+{_NAME_WORD}){{1,3}}(?!\w)"),
        "any_name": re.compile(rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}}(?!\w)"),
        "sep": re.compile(rf"\s*(?:,|\s[-–—]\s?|[-–—]\s|(?<=[{UPPER}])-(?=[{UPPER}])|\bkiêm\b|:)\s*"),
        "stop": re.compile(rf"\s(?:{stops})(?!\w)|;|\.\s|\.$|\(|\)|\svà\s+(?![{UPPER}])"
                           rf"|,\s*(?:{alternation(_lex('chain_end_after_comma'))})(?!\w)"
                           r"|,\s*(?:các\s+)?(?:đồng chí|ông|bà|đ/c|Đ/c|Ông|Bà|Đồng chí)\s"),
        "family": re.compile(rf"(?<!\w)(?:{family})\s+{_NAME_WORD}"),
    }


def _person_at(text: str, pos: int, *, cued: bool) -> tuple[int, str] | None:
    """A person's name starting at ``pos``: a family name and up to three more capitalised words (any
    capitalised run after a cue)."""
    m = (_res()["any_name"] if cued else _res()["name"]).match(text, pos)
    if not m:
        return None
    words = m.group(0).split()
    # a title or a head right after the name is not part of it
    for i, w in enumerate(words[1:], 1):
        if _res()["title"].match(" ".join(words[i:])) or w in ("Phó", "Chủ", "Giám", "Bí"):
            words = words[:i]
            break
    if len(words) < 2 and not (cued and len(words) == 1 and False):
        return None
    if lists.starts_with_head(words[0]) or _res()["title"].match(words[0]):
        return None
    return pos + len(" ".join(words)), " ".join(words)


def _chain(text: str, pos: int) -> list[tuple[int, int, re.Match[str]]]:
    """Titles of a chain starting at ``pos``: (title start, body end, title match)."""
    r = _res()
    stop = r["stop"].search(text, pos)
    end = stop.start() if stop else len(text)
    out: list[tuple[int, int, re.Match[str]]] = []
    at = pos
    while at < end:
        sep = r["sep"].match(text, at)
        if sep and sep.end() > at:
            at = sep.end()
        t = r["title"].match(text, at)
        if not t:
            break
        gap = re.match(r"\s+", text[t.end():end])
        if gap and r["title"].match(text, t.end() + gap.end()) and not t.group("role"):
            out.append((t.start(), t.end(), t))  # titles written one after the other ("TUV BT …")
            at = t.end() + gap.end()
            continue
        body_end = end
        for s in r["sep"].finditer(text, t.end(), end):
            if r["title"].match(text, s.end()):
                body_end = s.start()
                break
        duty = r["duty"].search(text, t.end(), body_end)
        if duty and not t.group("role"):
            body_end = duty.start()  # "Chủ tịch UBND xã A cụm trưởng": the duty ends the body
        out.append((t.start(), body_end, t))
        at = body_end
    return out


def find(article: Article) -> None:
    """Add position records."""
    if article.year is None:
        return
    for sent in article.sentences:
        _read(article, sent)


def _read(article: Article, sent: Sent) -> None:
    text = sent.text
    r = _res()
    used: list[tuple[int, int]] = []
    for c in r["cue"].finditer(text):
        found = _person_at(text, c.end(), cued=True)
        if found:
            used.extend(_name_first(article, sent, found[1], found[0]))
    for m in r["family"].finditer(text):
        if any(a <= m.start() < b for a, b in used):
            continue
        before = text[max(0, m.start() - 3):m.start()]
        if m.start() and not re.search(r"(?:^|[,;:(]\s*|\s)$", before):
            continue
        found = _person_at(text, m.start(), cued=False)
        if found:
            used.extend(_name_first(article, sent, found[1], found[0]))
    # titles before the name: "Phó trưởng ban … Ban Nội chính Tỉnh ủy N"
    for m in re.finditer(r"(?:^|[;:]\s*|\bcó\s+|,\s*)", text):
        at = m.end()
        if any(a <= at < b for a, b in used):
            continue
        chain = _chain(text, at)
        if not chain:
            continue
        last_start, last_end, last = chain[-1]
        body = text[last.end():last_end]
        names = list(r["name"].finditer(body))
        if not names:
            continue
        name = names[-1]
        if body[name.end():].strip(" ,"):
            continue
        person = name.group(0)
        chain[-1] = (last_start, last.end() + name.start(), last)
        _posts(article, sent, person, chain)
        used.append((at, last_end))


def _name_first(article: Article, sent: Sent, person: str, end: int) -> list[tuple[int, int]]:
    chain = _chain(sent.text, end)
    if not chain:
        return []
    _posts(article, sent, person, chain)
    return [(end - len(person), chain[-1][1])]


def _posts(article: Article, sent: Sent, person: str, chain: list[tuple[int, int, re.Match[str]]]) -> None:
    text = sent.text
    posts: list[tuple[str, str | None]] = []
    for _start, body_end, t in chain:
        body = text[t.end():body_end].strip(" ,-–")
        if t.group("implied"):
            template = str(_lex("implied_titles")[" ".join(t.group("implied").split())])
            posts.append((t.group("implied"), _fill(article, template, text[t.end():chain[-1][1]])))
            continue
        if t.group("role"):
            if re.match(r"(?i:đơn vị)", t.group("role")) or article.main is None:
                continue
            posts.append((t.group("role"), article.main.name))
            continue
        title = t.group("title") or str(_lex("title_abbreviations")[t.group("abbr")])
        head = _title_head(title)
        if body and _words_re("party_titles").search(title) and re.match(rf"(?:{place_kinds()})\s", body):
            posts.append((" ".join(title.split()), _committee(article, body)))
            continue
        if head and body and not lists.starts_with_head(body[:1].upper() + body[1:]):
            body = f"{head} {body}"
        org = _org(article, body) if body else None
        posts.append((" ".join(title.split()), org))
    for i, (title, org) in enumerate(posts):
        following = posts[i + 1][1] if i + 1 < len(posts) else None
        if org in _lex("party_bodies") and following:
            posts[i] = (title, f"{org} {following}")
        elif org in _lex("party_bodies"):
            posts[i] = (title, None)
        elif org is None and following and any(title.casefold() == c.casefold() for c in _lex("committee_titles")):
            committee = re.search(rf"{alternation(_lex('committees'))}(?: [{UPPER}]\w*)*", str(following))
            posts[i] = (title, committee.group(0) if committee else _committee(article, str(following)))
        elif org is None and title.split()[-1].casefold() == "thư" and following:
            posts[i] = (title, _committee(article, str(following)))
    year = article.year
    for title, org in posts:
        if not org or year is None:
            continue
        record = {"type": "position", "person": person, "title": title, "organisation": org, "year": year}
        article.add(record, sent, 0.75, person, org)


@cache
def _words_re(key: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?i:{words('people', key)})(?!\w)")


def _bloc_in(article: Article, body: str) -> str | None:
    """The bloc a post belongs to when its body is an organ of the bloc ("Ban Chỉ đạo Cụm thi đua số N")."""
    for m in blocs.mentions(body):
        if m.tail and not lists.starts_with_head(body):
            found = blocs.resolve(m.tail, article.blocs)
            return found.name if found else None
    return None


def _title_head(title: str) -> str | None:
    heads: dict[str, str] = _lex("title_heads")
    for form, head in heads.items():
        if title.endswith(form) or title.casefold().endswith(form.casefold()):
            return head
    return None


def _org(article: Article, body: str) -> str | None:
    bloc = _bloc_in(article, body)
    if bloc:
        return bloc
    item = lists.Item(body, 0, len(body))
    ctx = units.Context(article.province, article.scope.year or article.year, None)
    if body in _lex("party_bodies"):
        return body
    body = body[0].upper() + body[1:]
    home = article.scope.home
    bare_kind = re.match(rf"^(.*\S)\s+({district_kinds()})$", body)
    if bare_kind and lists.starts_with_head(bare_kind.group(1)):
        place = home.get(bare_kind.group(2))
        return f"{lists.canonical(bare_kind.group(1))} {bare_kind.group(2)} {place}" if place else None
    if lists.canonical(body).casefold() in {c.casefold() for c in _lex("district_committees")}:
        place = home.get("huyện")
        return f"{lists.canonical(body)} {place}" if place else None
    item = lists.Item(body, 0, len(body))
    name = units.resolve(item, ctx)
    if name and lists.is_bare_head(name):
        return None
    if name:
        name = re.sub(rf"(?<!\w)({alternation(_lex('district_committees'))}) (?:{district_kinds()}) ", r"\1 ", name)
    if name and (lists.starts_with_head(name) or name.startswith(("Hội đồng", "Nhà nước"))):
        return name
    return None


def _fill(article: Article, template: str, rest: str) -> str | None:
    if "{province}" in template:
        label = article.scope.label
        return template.replace("{province}", label) if label else None
    if "{district}" in template:
        m = re.search(rf"(?:{district_kinds()})\s+({_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})", rest)
        district = m.group(1) if m else article.scope.home.get("huyện")
        return template.replace("{district}", district) if district else None
    return template


def _committee(article: Article, org: str) -> str | None:
    """The Party committee of an organisation's place ("Ủy ban nhân dân huyện A" → "Huyện ủy A")."""
    committees: dict[str, str] = section("titles", "party_committee")
    m = re.search(rf"(?:^|\s)({place_kinds()})\s+(.+)$", org)
    if not m:
        return None
    kind, place = m.group(1), m.group(2)
    committee = committees.get(kind)
    return f"{committee} {place}" if committee else None

"""Awards to named recipients, read over the open name model.

An award form ("Cờ thi đua", "Bằng khen", a title) is a fact only next to a
verb that proposes or confers it. Its recipients are written after it ("…
tặng Bằng khen cho A, B và C", "Cờ thi đua là A") or before it ("A nhận Cờ
thi đua", "A, B được đề nghị tặng Bằng khen"). The status is "proposed" when
the clause (or an earlier clause of the sentence: the status carries across
";") proposes, nominates or elects, else "conferred". The year is the one
written with the award, else the year under review. A grantor is read from
"của X" or "X tặng" and left empty when the text names none.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from tdkt.loaders.articles import lists, units
from tdkt.loaders.articles.lexicon import UPPER, alternation, district_kinds, place_kinds, section, words
from tdkt.loaders.articles.model import Article, Sent


def _lex(*path: str) -> Any:
    return section(*path, name="honours")


@lru_cache(maxsize=1)
def _forms() -> list[tuple[re.Pattern[str], str | None, str | None]]:
    return [(re.compile(rf"(?<!\w)(?:{f['pattern']})(?!\w)", re.IGNORECASE), f.get("name"), f.get("grantor"))
            for f in _lex("forms")]


def _w(key: str, name: str = "honours") -> str:
    return words(name, key)


@lru_cache(maxsize=1)
def _res() -> dict[str, re.Pattern[str]]:
    w = _w
    give = rf"(?:{w('assess')}\s+)?{w('give')}"
    national = rf"{w('national_grantor_heads')}[^,;.]{{0,40}}?{w('national_words', 'lists')}"
    ministry = rf"{w('ministry')} [{UPPER}][\w]*(?: [{UPPER}][\w]*){{0,3}}"
    return {
        "propose": re.compile(rf"(?<!\w){w('propose')}(?!\w)", re.IGNORECASE),
        "confer": re.compile(rf"(?<!\w){w('confer')}(?!\w)", re.IGNORECASE),
        "skip": re.compile(rf"(?<!\w){w('skip')}(?!\w)", re.IGNORECASE),
        "receive": re.compile(rf"(?:(?<!\w)(?:{w('receive')})(?:\s+{w('receive_tail')})?"
                              rf"|(?<!\w)(?:{w('purpose')}\s+)?{w('ask')}\s+[^,;]{{0,40}}?\s+{give}"
                              rf"|(?<!\w){w('passive')}\s+(?:[^,;]{{0,30}}?\s+)?{w('nominate')}\s+"
                              rf"(?:{w('copula', 'duties')}\s+)?(?:{w('unit_word', 'duties')}\s+)?{w('take')}"
                              rf"(?:\s+{w('passive')})?)\s*$", re.IGNORECASE),
        "to": re.compile(rf"^(?:[^;:]{{0,70}}?\s(?:{w('to')})"
                         rf"|[^;:,]{{0,20}}?\s(?:{w('to_near')}))(?!\w)\s*:?\s*", re.IGNORECASE),
        "year": re.compile(rf"[^;,.]{{0,40}}?{w('year_words', 'patterns')}\s+((?:19|20)\d{{2}})(?!\d)", re.IGNORECASE),
        "of": re.compile(rf"\s*(?:{w('of', 'duties')}\s+)?(?P<g>(?:{w('grantor_heads')}|{national}|{ministry})"
                         rf"(?:\s+(?:{w('province_words')})(?:\s+[{UPPER}][\w]*(?:\s+[{UPPER}][\w]*){{0,2}})?)?)"),
        "by": re.compile(rf"{w('ask')}\s+(?P<g>[^,;]{{3,60}}?)\s+{give}\s*$", re.IGNORECASE),
        "openers": re.compile(rf"(?<!\w){w('recipient_openers')}(?!\w)"),
        "elected": re.compile(rf"{w('elect')}\s+(.+?)\s+{w('copula', 'duties')}\s+{w('unit_word', 'duties')}"),
        "grant_verb": re.compile(rf"(?:\s{w('tense')})?\s{w('grant')}\s*$"),
        "not_subject": re.compile(rf"(?<!\w)(?:{w('passive')}|{w('to')})(?!\w)"),
        "leader": re.compile(rf"^{w('leaders')}\s+(?={w('grantor_heads')})"),
        "organ": re.compile(rf"^({w('organs')})\s+(.+)$"),
    }


def _mentions(text: str) -> list[tuple[int, int, str | None, str | None]]:
    out: list[tuple[int, int, str | None, str | None]] = []
    for pattern, name, grantor in _forms():
        for m in pattern.finditer(text):
            if any(s <= m.start() < e or m.start() <= s < m.end() for s, e, _, _ in out):
                continue
            out.append((m.start(), m.end(), name, grantor))
    return sorted(out)


def find(article: Article) -> set[int]:
    """Add award records; the indexes of the sentences that gave one."""
    done: set[int] = set()
    for sent in article.sentences:
        if _read(article, sent):
            done.add(sent.index)
    return done


def _read(article: Article, sent: Sent) -> bool:
    text = sent.text
    r = _res()
    found = _mentions(text)
    added = False
    carried: str | None = None
    ends: list[int] = []
    for i, (start, end, name, implied) in enumerate(found):
        if ends and start < ends[-1]:
            continue
        if name is None:
            continue
        clause_start = max(text.rfind(";", 0, start), 0)
        left = text[max(clause_start, start - 120):start]
        if r["skip"].search(left[-40:]):
            continue
        whole_left = text[:start]
        proposing = r["propose"].search(text[clause_start:start]) or (
            carried == "proposed" and not r["confer"].search(text[clause_start:start]))
        confers = r["confer"].search(left[-60:])
        receive = r["receive"].search(left)
        if not (proposing or confers or receive or carried):
            continue
        status = "proposed" if proposing or (r["propose"].search(whole_left) and not re.search(
            r"(?<!\w)(?:đã|được)\s+(?:trao|tặng)", left[-40:])) else "conferred"
        carried = status
        of = r["of"].match(text, end)
        end = of.end() if of else end
        ends.append(end)
        nxt = found[i + 1][0] if i + 1 < len(found) else len(text)
        added = True  # this sentence's awards are read here, found or not
        recipients = _after(article, text, end, nxt)
        if not recipients and receive:
            lo = max(clause_start, ends[-2] if len(ends) > 1 else 0)
            recipients = _before(article, text, max(clause_start, start - len(left)) + receive.start(), lo)
        if not recipients:
            continue
        y = r["year"].match(text, end)
        year = int(y.group(1)) if y else article.reviewed
        if year is None:
            continue
        grantor = implied or _grantor(article, text, end, left)
        proposer = article.main.name if status == "proposed" and article.main else None
        for recipient in recipients:
            record: dict[str, Any] = {"type": "award", "recipient": recipient, "award": name, "grantor": grantor,
                                      "year": year, "status": status}
            if proposer:
                record["proposer"] = proposer
            article.add(record, sent, 0.7, recipient, name, year, status, grantor or "")
    return added


def _ctx(article: Article) -> units.Context:
    main = article.main
    context_text = " ".join(t for t in (article.title or "", main.name if main else "") if t)
    return units.Context(article.province, article.scope.year or article.reviewed, units.member_head(context_text))


def _resolve_all(article: Article, items: list[lists.Item]) -> list[str]:
    return _resolve_with(_ctx(article), items)


def _resolve_with(ctx: units.Context, items: list[lists.Item]) -> list[str]:
    out: list[str] = []
    previous = None
    for item in items:
        text = item.text[0].upper() + item.text[1:] if item.text else item.text
        if text != item.text and not lists.starts_with_head(text):
            text = item.text
        name = units.resolve(lists.Item(text, item.start, item.end, item.paren), ctx, previous)
        if name and name not in out and len(name) < 160:
            out.append(name)
            previous = name
    return out


def _after(article: Article, text: str, end: int, nxt: int) -> list[str]:
    """Recipients written after the award: "… cho A, B và C", "… là A"."""
    m = _res()["to"].match(text[end:nxt])
    if not m:
        return []
    start = end + m.end()
    count = re.match(rf"(?:{alternation(_lex('count_fillers'))}\s+)?(?:\d+\s+)?{alternation(_lex('count_nouns'))}"
                     r"\s*:?\s*", text[start:nxt])
    listed = False
    if count:
        start += count.end()
        listed = count.group(0).rstrip().endswith(":")
    bracket = re.match(rf"(?:{alternation(_lex('count_fillers'))}\s+)?\d+\s+(?P<kind>{place_kinds()}"
                       rf"|{alternation(_lex('count_nouns'))})\s*\(", text[start:nxt])
    if bracket:
        close = text.find(")", start + bracket.end())
        if close > 0:
            items = lists.split_items(text, start + bracket.end(), close, None, bare=True)
            kind = bracket.group("kind")
            ctx = _ctx(article)
            ctx.kind = kind if kind not in _lex("count_nouns") else None
            return _resolve_with(ctx, items)
    stop = re.search(r"\.\s" if listed else r";|\.\s", text[start:nxt])
    items = lists.split_items(text, start, start + stop.start() if stop else nxt, None, keep_cut=False)
    return _resolve_all(article, items)


def _before(article: Article, text: str, at: int, lo: int) -> list[str]:
    """Recipients written before "nhận"/"được tặng": the list that ends there."""
    seg_start = lo
    for pattern in (re.compile(":"), _res()["openers"]):
        hits = [m.end() for m in pattern.finditer(text[lo:at])]
        if hits:
            seg_start = max(seg_start, lo + hits[-1])
    items = lists.split_items(text, seg_start, at, None)
    names = _resolve_all(article, items)
    if names:
        return names
    elected = _res()["elected"].search(text[lo:at])
    if elected:
        return _resolve_all(article, [lists.Item(elected.group(1), 0, 0)])
    from tdkt.loaders.articles.duties import unit_before

    found = unit_before(text, at, lo=lo)
    return _resolve_all(article, [lists.Item(found[1], 0, 0)]) if found else []


def _grantor(article: Article, text: str, end: int, left: str) -> str | None:
    """The body that grants: "AWARD của G", "đề nghị G tặng AWARD", or the subject of "G (đã) trao AWARD"."""
    ctx = _ctx(article)
    m = _res()["of"].match(text, end)
    raw = m.group("g") if m else None
    if raw is None:
        b = _res()["by"].search(left)
        raw = b.group("g") if b else None
    if raw is None:
        verb = _res()["grant_verb"].search(left)
        if verb and not _res()["not_subject"].search(left[max(0, verb.start() - 8):verb.start()]):
            from tdkt.loaders.articles.duties import unit_before

            clause_start = max(left.rfind(";"), left.rfind(","), 0)
            found = unit_before(left, verb.start(), lo=clause_start)
            raw = found[1] if found else None
    if raw is None:
        return None
    return _body(article, ctx, raw)


def _body(article: Article, ctx: units.Context, raw: str) -> str | None:
    """A grantor's name: "Chủ tịch UBND huyện" is the district's People's Committee, "Ban Chấp hành X" keeps its
    organ."""
    raw = _res()["leader"].sub("", raw.strip())
    organ = _res()["organ"].match(raw)
    if organ:
        inner = _body(article, ctx, organ.group(2))
        return f"{organ.group(1)} {inner}" if inner else None
    bare = re.match(rf"^(.*\S)\s+({district_kinds()})$", raw)
    if bare and article.scope.home.get(bare.group(2)):
        raw = f"{raw} {article.scope.home[bare.group(2)]}"
    return units.resolve(lists.Item(raw, 0, len(raw)), ctx)

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

from loaders.articles import lists
from loaders.articles.lexicon import alternation, section
from loaders.articles.model import Article, Sent


def _lex(*path: str) -> Any:
    return section(*path, name="honours")


@lru_cache(maxsize=1)
def _forms() -> list[tuple[re.Pattern[str], str | None, str | None]]:
    return [(re.compile(rf"(?<!\w)(?:{f['pattern']})(?!\w)", re.IGNORECASE), f.get("name"), f.get("grantor"))
            for f in _lex("forms")]


@lru_cache(maxsize=1)
def _res() -> dict[str, re.Pattern[str]]:
    return {
        "propose": re.compile(rf"(?<!\w){alternation(_lex('propose'))}(?!\w)", re.IGNORECASE),
        "confer": re.compile(rf"(?<!\w){alternation(_lex('confer'))}(?!\w)", re.IGNORECASE),
        "skip": re.compile(rf"(?<!\w){alternation(_lex('skip'))}(?!\w)", re.IGNORECASE),
        "receive": re.compile(rf"(?:(?<!\w)(?:{alternation(_lex('receive'))})(?:\s+(?:danh hiệu|các|là))?"
                              r"|(?<!\w)(?:để\s+)?(?:đề nghị|đề xuất|trình)\s+[^,;]{0,40}?\s+(?:xét\s+)?tặng"
                              r"|(?<!\w)được\s+(?:[^,;]{0,30}?\s+)?(?:suy tôn|bình chọn|đề nghị|bình xét)\s+"
                              r"(?:là\s+)?(?:đơn vị\s+)?(?:nhận|tặng)(?:\s+được)?)\s*$", re.IGNORECASE),
        "to": re.compile(rf"^(?:[^;:]{{0,70}}?\s(?:{alternation(_lex('to'))})"
                         rf"|[^;:,]{{0,20}}?\s(?:{alternation(_lex('to_near'))}))(?!\w)\s*:?\s*", re.IGNORECASE),
        "year": re.compile(r"[^;,.]{0,40}?năm\s+((?:19|20)\d{2})(?!\d)", re.IGNORECASE),
        "of": re.compile(r"\s*(?:của\s+)?(?P<g>(?:Ủy ban nhân dân|UBND|Uỷ ban nhân dân|Chủ tịch UBND|Chính phủ|"
                         r"Thủ tướng Chính phủ|Trung ương Hội[^,;.]{0,40}?Việt Nam|Bộ [A-ZĐ][\w]*(?: [A-ZĐ][\w]*){0,3})"
                         r"(?:\s+(?:tỉnh|thành phố|TP)(?:\s+[A-ZĐ][\w]*(?:\s+[A-ZĐ][\w]*){0,2})?)?)"),
        "by": re.compile(r"(?:đề nghị|đề xuất|trình)\s+(?P<g>[^,;]{3,60}?)\s+(?:xét\s+)?tặng\s*$", re.IGNORECASE),
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


def _ctx(article: Article) -> lists.Context:
    main = article.main
    context_text = " ".join(t for t in (article.title or "", main.name if main else "") if t)
    return lists.Context(article.province, article.scope.year or article.reviewed, lists.member_head(context_text))


def _resolve_all(article: Article, items: list[lists.Item]) -> list[str]:
    return _resolve_with(_ctx(article), items)


def _resolve_with(ctx: lists.Context, items: list[lists.Item]) -> list[str]:
    out: list[str] = []
    previous = None
    for item in items:
        text = item.text[0].upper() + item.text[1:] if item.text else item.text
        if text != item.text and not lists.starts_with_head(text):
            text = item.text
        name = lists.resolve(lists.Item(text, item.start, item.end, item.paren), ctx, previous)
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
    count = re.match(r"(?:các\s+)?(?:\d+\s+)?(?:đơn vị|tập thể|cá nhân)\s*:?\s*", text[start:nxt])
    if count:
        start += count.end()
    bracket = re.match(r"(?:các\s+)?\d+\s+(?P<kind>huyện|xã|phường|tỉnh|quận|thị xã|thành phố|đơn vị|tập thể)"
                       r"\s*\(", text[start:nxt])
    if bracket:
        close = text.find(")", start + bracket.end())
        if close > 0:
            items = lists.split_items(text, start + bracket.end(), close, None, bare=True)
            kind = bracket.group("kind")
            ctx = _ctx(article)
            ctx.kind = kind if kind not in ("đơn vị", "tập thể") else None
            return _resolve_with(ctx, items)
    stop = re.search(r";|\.\s", text[start:nxt])
    items = lists.split_items(text, start, start + stop.start() if stop else nxt, None, keep_cut=False)
    return _resolve_all(article, items)


def _before(article: Article, text: str, at: int, lo: int) -> list[str]:
    """Recipients written before "nhận"/"được tặng": the list that ends there."""
    seg_start = lo
    for pattern in (r":", r"(?<!\w)(?:gồm|là|bầu|suy tôn|bình xét|đó là|trong đó)(?!\w)", r"[,;]\s*(?=\S)"):
        hits = [m.end() for m in re.finditer(pattern, text[lo:at])]
        if hits and pattern != r"[,;]\s*(?=\S)":
            seg_start = max(seg_start, lo + hits[-1])
    items = lists.split_items(text, seg_start, at, None)
    names = _resolve_all(article, items)
    if names:
        return names
    elected = re.search(r"(?:bầu|suy tôn|bình chọn)\s+(.+?)\s+là\s+đơn vị", text[lo:at])
    if elected:
        return _resolve_all(article, [lists.Item(elected.group(1), 0, 0)])
    from loaders.articles.duties import unit_before

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
        verb = re.search(r"(?:\s(?:đã|vừa|sẽ))?\s(?:trao tặng|trao|tặng|tặng thưởng)\s*$", left)
        if verb and not re.search(r"(?<!\w)(?:được|cho)(?!\w)", left[max(0, verb.start() - 8):verb.start()]):
            from loaders.articles.duties import unit_before

            clause_start = max(left.rfind(";"), left.rfind(","), 0)
            found = unit_before(left, verb.start(), lo=clause_start)
            raw = found[1] if found else None
    if raw is None:
        return None
    return _body(article, ctx, raw)


def _body(article: Article, ctx: lists.Context, raw: str) -> str | None:
    """A grantor's name: "Chủ tịch UBND huyện" is the district's People's Committee, "Ban Chấp hành X" keeps its
    organ."""
    raw = re.sub(r"^(?:Chủ tịch|Thủ trưởng)\s+(?=(?:UBND|Ủy ban|Uỷ ban))", "", raw.strip())
    organ = re.match(r"^(Ban Chấp hành|Ban Thường vụ|Hội đồng Thi đua - Khen thưởng)\s+(.+)$", raw)
    if organ:
        inner = _body(article, ctx, organ.group(2))
        return f"{organ.group(1)} {inner}" if inner else None
    bare = re.match(r"^(.*\S)\s+(huyện|quận|thị xã|thành phố)$", raw)
    if bare and article.scope.home.get(bare.group(2)):
        raw = f"{raw} {article.scope.home[bare.group(2)]}"
    return lists.resolve(lists.Item(raw, 0, len(raw)), ctx)

"""Awards: who received, or was proposed for, which form of commendation from whom.

An award form ("Cờ thi đua", "Bằng khen", "Giấy khen", a Huân chương) is a
fact only next to a verb that confers it ("tặng", "trao") or proposes it
("đề nghị", "bình xét", "suy tôn"); a registration ("đăng ký Cờ thi đua") or
a target is not. Named recipients give one ``award`` each; counts only
("04 tập thể và 01 hộ gia đình") give an ``award_count``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from tdkt.loaders.articles.entities import Mention
from tdkt.loaders.articles.lexicon import alternation, section, words_re
from tdkt.loaders.articles.model import Article, Sent
from tdkt.loaders.articles.spam import GARBLED

_YEAR = re.compile(r"(?<!\w)năm\s+((?:19|20)\d{2})(?!\d)", re.IGNORECASE)
_FOR = re.compile(r"\s*(?:năm\s+\d{4}\s*)?(?:của\s+[^,;]{1,60}?\s+)?(?:cho|tới|đến|đối với)\s+", re.IGNORECASE)


@lru_cache(maxsize=1)
def _awards() -> list[tuple[re.Pattern[str], str | None, str | None]]:
    return [(re.compile(rf"(?<!\w){a['pattern']}(?!\w)", re.IGNORECASE), a.get("name"), a.get("grantor"))
            for a in section("awards")]


def _find_awards(text: str) -> list[tuple[int, int, str, str | None]]:
    """Award forms in text: (start, end, canonical name, implied grantor), longest first at each place."""
    out: list[tuple[int, int, str, str | None]] = []
    for pattern, name, grantor in _awards():
        for m in pattern.finditer(text):
            if any(s <= m.start() < e for s, e, _, _ in out):
                continue
            label = name or m.group(0)[0].upper() + m.group(0)[1:]
            out.append((m.start(), m.end(), label, grantor))
    return sorted(out)


@lru_cache(maxsize=1)
def _counts() -> re.Pattern[str]:
    nouns = section("count_nouns")
    alts = "|".join(f"(?P<{k}>{alternation(v)})" for k, v in nouns.items())
    return re.compile(rf"(\d+)\s*(?:lượt\s+)?(?:{alts})(?!\w)", re.IGNORECASE)


def _grantor(article: Article, sent: Sent, lo: int, verb: int) -> str | None:
    """The body that grants: "đề nghị X tặng", else the subject before the verb."""
    for m in reversed(sent.units):
        if lo <= m.start and m.end <= verb:
            name = article.unit(m, use_home=True)
            if name:
                return name
    for b in reversed(sent.blocs):
        if lo <= b.start and b.end <= verb:
            bloc = article.bloc_at(sent, b.start, window=0)
            return bloc.name if bloc else None
    return None


def find(article: Article, skip: set[int] | None = None) -> None:
    """Add award and award_count records (named awards only in sentences not in ``skip``)."""
    confer, propose, skip_words = words_re("award_confer"), words_re("award_propose"), words_re("award_skip")
    for sent in article.sentences:
        named = sent.index not in (skip or set())
        previous: dict[str, Any] = {}
        for start, end, award, implied in _find_awards(sent.text):
            clause = sent.clause_at(start)
            left = sent.text[max(clause[0], start - 90):start]
            if skip_words.search(left[-30:]):
                continue
            verbs = list(confer.finditer(left))
            if not verbs and not previous:
                continue
            verb_at = start - len(left) + verbs[-1].start() if verbs else start
            status = "proposed" if propose.search(sent.text[clause[0]:start]) or (
                not verbs and previous.get("status") == "proposed") else "conferred"
            if not verbs:
                status = previous.get("status", status)
            grantor = implied or _of_grantor(article, sent, end) or _grantor(
                article, sent, max(clause[0], start - 90), verb_at)
            if grantor is None and previous:
                grantor, status = previous["grantor"], previous["status"]
            year_m = _YEAR.search(sent.text, end)
            year = int(year_m.group(1)) if year_m else article.reviewed
            if year is None:
                continue
            recipients, counts = _recipients(article, sent, start, end, clause, verb_at)
            confidence = 0.75
            if grantor is None:
                confidence = 0.6  # the text names no grantor: the field stays empty
            previous = {"grantor": grantor, "status": status}
            proposer = article.main.name if status == "proposed" and article.main else None
            for name in recipients if named else []:
                record: dict[str, Any] = {"type": "award", "recipient": name, "award": award, "grantor": grantor,
                                          "year": year, "status": status}
                if proposer:
                    record["proposer"] = proposer
                article.add(record, sent, confidence, name, award, year, status)
            if counts and not recipients:
                count: dict[str, Any] = {"type": "award_count", "award": award, "grantor": grantor,
                                         "collectives": counts.get("collectives", 0),
                                         "individuals": counts.get("individuals", 0), "year": year}
                if "households" in counts:
                    count["households"] = counts["households"]
                article.add(count, sent, confidence, award, grantor, year, count["collectives"],
                            count["individuals"])


def _of_grantor(article: Article, sent: Sent, end: int) -> str | None:
    """"Bằng khen của Chủ tịch UBND tỉnh": the body named after "của"."""
    m = re.match(r"\s+của\s+(?:Chủ tịch\s+)?", sent.text[end:])
    if not m:
        return None
    for u in sent.units:
        if u.start == end + m.end() or u.start == end + len(m.group(0).rstrip()) + 1:
            return article.unit(u)
    return None


def _recipients(article: Article, sent: Sent, start: int, end: int, clause: tuple[int, int],
                verb_at: int) -> tuple[list[str], dict[str, int]]:
    """Named recipients after "cho" (or before "được"/"đề nghị"), and counts."""
    text = sent.text
    counts: dict[str, int] = {}
    names: list[str] = []
    after = _FOR.match(text, end)
    if after:
        zone_end = clause[1]
        nxt = re.search(r"[,;]?\s*(?:là|đã|được|nhằm|vì|do|về)\s|\.\s", text[after.end():zone_end])
        zone_end = after.end() + nxt.start() if nxt else zone_end
        for m in _counts().finditer(text, after.end(), zone_end):
            kind = next(k for k in ("collectives", "individuals", "households") if m.group(k))
            counts[kind] = counts.get(kind, 0) + int(m.group(1))
        names = _names(article, sent, after.end(), zone_end, contiguous=True)
        return names, counts
    # "A và B được tặng X" / "bình xét A và B đề nghị X tặng"
    left = text[clause[0]:verb_at]
    cut = re.search(r"(?<!\w)(?:được|đề nghị|vinh dự)(?!\w)", left)
    if cut:
        lo = clause[0]
        colon = text.rfind(":", clause[0], clause[0] + cut.start())
        if colon >= 0:
            lo = colon + 1
        names = _names(article, sent, lo, clause[0] + cut.start())
    return names, counts


def _names(article: Article, sent: Sent, lo: int, hi: int, *, contiguous: bool = False) -> list[str]:
    out: list[str] = []
    mentions: list[Mention] = [m for m in sent.units if lo <= m.start < hi]
    if contiguous:
        chain: list[Mention] = []
        at = lo
        for m in mentions:
            gap = sent.text[at:m.start].replace(GARBLED, "")
            if chain and not (m.group >= 0 and m.group == chain[-1].group) and not re.fullmatch(
                    r"\s*(?:,|;|và|,\s*và)?\s*", gap):
                break
            if not chain and len(gap) > 16:
                break
            if re.match(r"\s*(?:đã\s+|cũng\s+|tiếp tục\s+)?(?:tặng|trao)(?!\w)", sent.text[m.end:]):
                break  # the subject of the next conferral, not a recipient
            chain.append(m)
            at = m.end + (len(m.paren) + 2 if m.paren else 0)
            close = re.match(r"\s*\)", sent.text[at:])
            at += close.end() if close else 0
        mentions = chain
    for m in mentions:
        name = article.unit(m)
        if name is None:
            if m.garbled:
                article.note(f"Sentence {sent.index + 1}: an award recipient's name is garbled; no record made.")
            continue
        if name not in out:
            out.append(name)
    return out

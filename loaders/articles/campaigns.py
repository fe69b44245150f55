"""Campaigns (phong trào thi đua, cuộc vận động) and emulation covenants.

A campaign is a quoted name right after a campaign word ("phong trào thi đua
“...”"), one that a campaign word introduces as an example ("các phong trào
thi đua do ... phát động như “...”"), or a quote that continues a list of
them; a quote elsewhere ("thực hiện tốt “4 xin, 4 luôn”") is not. Quotes left
open by the writer end at the clause. A covenant is the signing of "giao ước
thi đua" for a year.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tdkt.kernel.names import fix_tone_marks
from tdkt.loaders.articles.lexicon import alternation, section
from tdkt.loaders.articles.model import Article, Sent

_OPEN = "“\"«„‘"
_CLOSE = "”\"»“’"
_SIGN = re.compile(r"(?<!\w)(?:ký|ký kết|kí|kí kết)(?!\w)[^.;]{0,60}?giao ước(?:\s+thi đua)?", re.IGNORECASE)
_YEAR_AFTER = re.compile(r"^(?:\s+thi đua)?\s*(?:năm\s+)?((?:19|20)\d{2})")
_AT_REVIEW = re.compile(r"^[^.;]{0,20}?(?:tại\s+)?hội nghị\s+tổng kết[^.;]{0,80}?năm\s+((?:19|20)\d{2})", re.I)
_GOAL_YEAR = re.compile(r"^[^.;,]{0,120}?năm\s+((?:19|20)\d{2})")


@lru_cache(maxsize=1)
def _cue() -> re.Pattern[str]:
    return re.compile(rf"(?i:{alternation([*section('campaign_cues'), 'gắn với chương trình'])})\s*:?\s*$")


@lru_cache(maxsize=1)
def _cue_then_examples() -> re.Pattern[str]:
    """A campaign word, then words that introduce its examples: "các phong trào thi đua do Thủ tướng phát động
    như “…”", "nhiều phong trào thi đua thiết thực như: “…”"."""
    return re.compile(rf"(?i:{alternation(section('campaign_cues'))})[^.;:“”\"«»]{{0,90}}?"
                      rf"\s(?i:{alternation(section('campaign_examples'))})\s*:?\s*$")


def _quotes(text: str) -> list[tuple[int, int]]:
    """Spans of quoted text; an unclosed quote ends at the clause."""
    spans = []
    pos = 0
    while pos < len(text):
        if text[pos] in _OPEN:
            close = next((i for i in range(pos + 1, len(text)) if text[i] in _CLOSE), -1)
            stop = min([i for i in (text.find(";", pos), len(text)) if i > 0])
            end = close if 0 < close < stop else stop
            spans.append((pos + 1, end))
            pos = end + 1
        else:
            pos += 1
    return spans


def find(article: Article) -> None:
    """Add campaign and covenant records."""
    for sent in article.sentences:
        _campaigns(article, sent)
        _covenants(article, sent)


def _campaigns(article: Article, sent: Sent) -> None:
    text = sent.text
    last_end = -10
    for start, end in _quotes(text):
        name = fix_tone_marks(text[start:end]).strip(" ,.;:").replace("–", "-")
        before = text[max(0, start - 60):start - 1]
        lead = text[max(0, start - 160):start - 1]
        chained = start - 1 - last_end <= 4 and re.fullmatch(r"[\s”\"»]*[;,]?\s*(?:và\s*)?", text[last_end:start - 1])
        starts_campaign = re.match(r"(?i:phong trào|cuộc vận động)\s", name)
        if not (_cue().search(before) or chained or starts_campaign or _cue_then_examples().search(lead)):
            continue
        if len(name.split()) < 2 or len(name) > 300:
            continue
        last_end = end + 1
        article.add({"type": "campaign", "name": name}, sent, 0.8, name)


def _covenants(article: Article, sent: Sent) -> None:
    main = article.main
    if main is None:
        return
    for m in _SIGN.finditer(sent.text):
        rest = sent.text[m.end():]
        year = None
        explicit = _YEAR_AFTER.match(rest)
        at_review = _AT_REVIEW.match(rest)
        goal = _GOAL_YEAR.match(rest)
        if explicit:
            year = int(explicit.group(1))
        elif at_review:
            year = int(at_review.group(1)) + 1
        elif goal:
            year = int(goal.group(1))
        elif article.reviewed is not None:
            year = article.reviewed + (0 if article.kind == "sơ kết" else 1)
        if year is not None:
            article.add({"type": "covenant", "bloc": main.name, "year": year}, sent, 0.8, main.name, year)

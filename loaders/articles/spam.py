"""Garbled spans: spam injected into a page in place of real words.

Hacked portals get gambling or betting phrases pasted over names ("UBND" +
a casino slogan instead of a district). Such a span must never become an
entity. A span is found from the vocabulary of ``spam.yml`` (matched without
tone marks), grown over the neighbouring lower-case words up to the words
that belong to the sentence around it, and replaced by :data:`GARBLED` before
any pattern runs, so a name slot that held it is left empty and its record is
dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tdkt.loaders.articles.lexicon import LOWER, alternation, section

GARBLED = "[…]"


@dataclass(frozen=True)
class Garble:
    """A garbled span of one sentence and the spam phrase that betrayed it."""

    text: str
    phrase: str


def fold(text: str) -> str:
    """Lower case, one character for one (so offsets still hold), tone marks kept:
    without them "cược" (bet) would be "cuộc" and "đánh bài" "đánh bại"."""
    folded = text.lower()
    return folded if len(folded) == len(text) else "".join(c.lower()[:1] for c in text)


@lru_cache(maxsize=1)
def _lexicon() -> tuple[re.Pattern[str], frozenset[str]]:
    phrases = [fold(str(p)) for p in section("phrases", name="spam")]
    pattern = re.compile(rf"(?<![\w]){alternation(phrases)}(?![\w])")
    boundary = frozenset(fold(str(w)) for w in section("boundary_words", name="spam"))
    return pattern, boundary


_WORD = re.compile(r"[^\W\d_]+|\S")


def boundary_words() -> frozenset[str]:
    """Folded words that belong to the sentence around a garbled span."""
    return _lexicon()[1]


def _grow(text: str, start: int, end: int, boundary: frozenset[str]) -> tuple[int, int]:
    """Extend [start, end) over adjacent lower-case words that are not sentence words."""
    tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    inside = [i for i, (s, e, _) in enumerate(tokens) if s < end and e > start]
    if not inside:
        return start, end
    lo, hi = inside[0], inside[-1]

    def spammy(i: int) -> bool:
        word = tokens[i][2]
        return word[0] in LOWER and word.isalpha() and fold(word) not in boundary

    while lo > 0 and spammy(lo - 1):
        lo -= 1
    while hi + 1 < len(tokens) and spammy(hi + 1):
        hi += 1
    return tokens[lo][0], tokens[hi][1]


def redact(sentence: str) -> tuple[str, list[Garble]]:
    """The sentence with garbled spans replaced by :data:`GARBLED`, and the spans found."""
    pattern, boundary = _lexicon()
    folded = fold(sentence)
    spans: list[tuple[int, int, str]] = []
    for m in pattern.finditer(folded):
        start, end = _grow(sentence, m.start(), m.end(), boundary)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]), spans[-1][2])
        else:
            spans.append((start, end, sentence[m.start():m.end()]))
    if not spans:
        return sentence, []
    out, found, last = [], [], 0
    for start, end, hit in spans:
        out.append(sentence[last:start])
        out.append(GARBLED)
        found.append(Garble(sentence[start:end], hit))
        last = end
    out.append(sentence[last:])
    return "".join(out), found

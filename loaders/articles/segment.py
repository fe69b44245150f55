"""An article's lines sorted into title, body sentences, captions, bylines and chrome.

Portal pages carry menus, counters, polls and "related news" around the story;
none of that may produce facts. Lines are classified one by one with the
patterns of ``patterns.yml``: chrome is dropped, the page is cut at the first
footer widget, bylines feed the source metadata, captions are kept apart
(they may state facts, but weakly), and the body is split into sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from tdkt.kernel.names import fix_tone_marks
from tdkt.loaders.articles.lexicon import CAP_WORD, LOWER, UPPER, alternation, section, words_re

_ABBREVIATED = re.compile(rf"(?:\b(?:TP|Tp|TX|TT|ThS|TS|PGS|GS|BS|KS|CN|Đ/c|đ/c|Th\.S|P|Q|St|v\.v)|\b[{UPPER}])\.$")
_SENTENCE_END = re.compile(rf"(?<=[.!?…])[\"”»’)]*\s+(?=[\"“«‘(]?[{UPPER}\d])")
_PERSON = re.compile(rf"^{CAP_WORD}(?:\s+{CAP_WORD}){{1,4}}$")
_DATE_LINE = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d{2})")


@dataclass(frozen=True)
class Sentence:
    """One sentence of the body; ``caption`` when it comes from an image caption."""

    text: str
    index: int
    caption: bool = False


@dataclass
class Layout:
    """The parts of an article."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    publisher: str | None = None
    source_line: str | None = None
    date_line: str | None = None
    sentences: list[Sentence] = field(default_factory=list)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    chrome = re.compile("|".join(f"(?:{p})" for p in section("boilerplate_lines")), re.IGNORECASE)
    footer = re.compile(rf"^{alternation(section('footer_markers'))}\b\s*:?", re.IGNORECASE)
    caption = re.compile("|".join(f"(?:{p})" for p in section("caption_lines")), re.IGNORECASE)
    labels = section("byline_labels")
    all_labels = [w for group in labels.values() for w in group]
    byline = re.compile(rf"(?:^|[-–|]\s*)({alternation(all_labels)})\s*:\s*", re.IGNORECASE)
    org = re.compile(rf"^{alternation(section('publisher_heads'))}\b", re.IGNORECASE)
    return chrome, footer, caption, byline, org


def split_sentences(text: str) -> list[str]:
    """Sentences of one paragraph; abbreviations such as "TP." do not end a sentence."""
    pieces = _SENTENCE_END.split(text)
    out: list[str] = []
    for piece in pieces:
        if out and _ABBREVIATED.search(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return [p.strip() for p in out if p.strip()]


def _is_prose(line: str) -> bool:
    return line.endswith((".", "!", "?", "…", ":", ";", "./.")) or len(line.split()) >= 25


def _byline(line: str, layout: Layout) -> bool:
    """Read "Tác giả: X", "Tin: X - Ảnh: Y", "Nguồn: Z" lines into the layout."""
    byline = _patterns()[3]
    matches = list(byline.finditer(line))
    if not matches or matches[0].start() != 0:
        return False
    labels = section("byline_labels")
    if matches[0].group(1).casefold() in labels["photo"] and len(matches) == 1:
        value = line[matches[0].end():].strip(" .")
        if not _PERSON.match(value):
            return False  # "Ảnh: Các đại biểu dự hội nghị" is a caption, not a credit
    for i, m in enumerate(matches):
        value = line[m.end(): matches[i + 1].start() if i + 1 < len(matches) else len(line)].strip(" -–|,.")
        label = m.group(1).casefold()
        if label in labels["author"] or label in labels["photo"]:
            for name in re.split(r"\s*(?:,|;|\bvà\b|\s-\s|–)\s*", value):
                name = name.strip(" .-–")
                if _PERSON.match(name) and name not in layout.authors:
                    layout.authors.append(name)
        elif label in labels["source"]:
            layout.source_line = value.split()[0] if value else None
        elif label in labels["date"]:
            layout.date_line = value
    return True


def _clean_lines(text: str) -> list[str]:
    chrome, footer, _caption, _byline_re, _org = _patterns()
    lines: list[str] = []
    prose_seen = False
    for raw in text.split("\n"):
        line = fix_tone_marks(raw)
        if not line:
            lines.append("")
            continue
        if prose_seen and footer.match(line) and len(line.split()) <= 8:
            break
        if chrome.search(line) and len(line.split()) <= 12:
            continue
        prose_seen = prose_seen or (_is_prose(line) and len(line.split()) >= 12)
        lines.append(line)
    return lines


def segment(text: str, *, title_hint: str | None = None) -> Layout:
    """Sort an article's lines into a :class:`Layout`."""
    _chrome, _footer, caption_re, _byline_re, org_re = _patterns()
    layout = Layout()
    blocks: list[tuple[str, str]] = []  # (kind, text); kind in title/prose/caption/short
    previous_line = ""  # a long line that stops mid-sentence was wrapped by hand; a capital does not end it
    for line in _clean_lines(text):
        if not line:
            continue
        if _byline(line, layout):
            continue
        cap = caption_re.match(line)
        if cap:
            body = line[cap.end():].strip()
            if body:
                blocks.append(("caption", body))
            continue
        starts_lower = line[0] in LOWER or line[0] in ",;)"
        wrapped = (len(blocks) > 1 and blocks[-1][0] in ("prose", "short") and len(previous_line) >= 50
                   and previous_line[-1:].isalpha() and previous_line[-1:] in LOWER + UPPER and line[0] in UPPER)
        previous_line = line
        if (starts_lower or wrapped) and blocks and blocks[-1][0] in ("prose", "short"):
            kind, previous = blocks[-1]
            joined = f"{previous}{line}" if line[0] in ",;)" else f"{previous} {line}"
            blocks[-1] = ("prose" if _is_prose(joined) else kind, joined)
            continue
        blocks.append(("prose" if _is_prose(line) else "short", line))
    # Title: the first block, if it is a heading rather than prose.
    if title_hint:
        layout.title = fix_tone_marks(title_hint)
        if blocks and blocks[0][1].casefold() == layout.title.casefold():
            blocks.pop(0)
    elif blocks and blocks[0][0] == "short" and 3 <= len(blocks[0][1].split()) <= 40:
        layout.title = blocks.pop(0)[1].rstrip(" .")
    # Signature: short lines after the last prose block name the author and the publisher.
    last_prose = max((i for i, b in enumerate(blocks) if b[0] == "prose"), default=-1)
    tail = blocks[last_prose + 1:]
    del blocks[last_prose + 1:]
    for kind, line in tail:
        bare = line.strip(" |.")
        if not bare:
            continue
        if _PERSON.match(bare) and len(bare.split()) <= 5 and not org_re.match(bare):
            if bare not in layout.authors:
                layout.authors.append(bare)
        elif org_re.match(bare) and len(bare.split()) <= 15:
            layout.publisher = layout.publisher or bare
        else:
            blocks.append((kind if kind == "caption" else "caption", bare))
    index = 0
    for kind, line in blocks:
        caption = kind in ("caption", "short")
        for sentence in split_sentences(line):
            layout.sentences.append(Sentence(sentence, index, caption))
            index += 1
    return layout


def date_in(text: str | None) -> tuple[int, int, int] | None:
    """The first day/month/year written in a byline or metadata value."""
    if not text:
        return None
    iso = re.search(r"((?:19|20)\d{2})-(\d{2})-(\d{2})", text)
    if iso:
        return int(iso.group(3)), int(iso.group(2)), int(iso.group(1))
    m = _DATE_LINE.search(text)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def person_cue() -> re.Pattern[str]:
    """Words that introduce a person ("đồng chí", "ông")."""
    return words_re("person_cues")

"""The state an article is read into, shared by the fact finders.

Each finder (conferences, roles, awards, officials, campaigns) reads the
sentences with their bloc and unit mentions and adds plain record dicts; the
extractor validates them all at the end with ``loaders.records``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from tdkt.kernel.names import key
from tdkt.loaders.articles import blocs as bloc_names
from tdkt.loaders.articles.blocs import Bloc, BlocMention
from tdkt.loaders.articles.entities import Mention, Scope, name_of
from tdkt.loaders.articles.spam import GARBLED

# Clauses: a sentence splits at semicolons (lists of facts are written that way).
_CLAUSE = re.compile(r"\s*;\s*")


@dataclass
class Sent:
    """A sentence with spam redacted and its mentions found."""

    text: str
    index: int
    caption: bool
    blocs: list[BlocMention]
    units: list[Mention]

    def clauses(self) -> list[tuple[int, int]]:
        """Spans of the clauses of the sentence."""
        spans, start = [], 0
        for m in _CLAUSE.finditer(self.text):
            spans.append((start, m.start()))
            start = m.end()
        spans.append((start, len(self.text)))
        return spans

    def clause_at(self, pos: int) -> tuple[int, int]:
        return next(((s, e) for s, e in self.clauses() if s <= pos <= e), (0, len(self.text)))

    @property
    def evidence(self) -> str:
        return self.text


@dataclass
class Article:
    """Everything known about the article while its records are found."""

    source_id: str
    sentences: list[Sent]
    scope: Scope
    blocs: list[Bloc]
    published: dt.date | None = None
    title: str | None = None
    reviewed: int | None = None
    kind: str | None = None  # kind of the main conference
    conference_date: dt.date | None = None
    notes: list[str] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    used_blocs: set[str] = field(default_factory=set)
    _seen: set[tuple[Any, ...]] = field(default_factory=set)

    @property
    def province(self) -> str | None:
        return self.scope.province

    @property
    def main(self) -> Bloc | None:
        return self.blocs[0] if self.blocs else None

    @property
    def year(self) -> int | None:
        """The year the article's statements are made in."""
        if self.conference_date:
            return self.conference_date.year
        if self.published:
            return self.published.year
        return self.reviewed

    def bloc_at(self, sent: Sent, pos: int, *, after: bool = True, window: int = 80) -> Bloc | None:
        """The bloc a mention near ``pos`` names, else the article's bloc."""
        for m in sent.blocs:
            near = 0 <= m.start - pos <= window if after else 0 <= pos - m.end <= window
            if near and m.tail:
                return bloc_names.resolve(m.tail, self.blocs) or self.main
        return self.main

    def unit(self, m: Mention, *, use_home: bool = False) -> str | None:
        return name_of(m, self.scope, use_home=use_home)

    def add(self, record: dict[str, Any], sent: Sent | None, confidence: float, *identity: Any) -> None:
        """Add a record once; ``identity`` says which fields make it the same fact."""
        ident = (record["type"], *(key(str(i)) for i in identity))
        if ident in self._seen:
            return
        if any(GARBLED in str(v) for v in record.values()):
            return
        self._seen.add(ident)
        for name in ("bloc", "proposer", "grantor", "organisation"):
            value = record.get(name)
            if isinstance(value, str):
                self.used_blocs.add(value)
        if sent is not None:
            record["evidence"] = sent.evidence
            confidence *= 0.85 if sent.caption else 1.0
        record["confidence"] = round(confidence, 2)
        self.records.append(record)

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

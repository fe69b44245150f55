"""Answers computed once per snapshot: the named queries marked ``cache: snapshot`` (whole-graph answers
without parameters: the statistics, the sources, the units without a place).

``dataset-totals`` and ``dataset-properties`` read every triple of the store
(at 1M quads, 1–2 s each), and their answer changes only when the store does.
``tdkt serve`` reads a snapshot of the store that nothing writes
(:mod:`tdkt.web.snapshots`), so the pool computes these answers on each new
snapshot *before* it serves that snapshot, and answers the same query text
from them while the snapshot is current: a load or a build makes a new
snapshot, whose answers are computed afresh, so an answer is never older than
the data the other queries read.

A request is answered here only when its text, comment lines aside, is the
named query's text and it names no dataset of its own; any other text (a
changed query, another query) goes to an engine as before.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tdkt.queries.catalogue import load_queries, without_comment_lines

Ask = Callable[[dict[str, Any]], dict[str, Any]]


def per_snapshot() -> dict[str, str]:
    """The texts of the named queries computed once per snapshot, by name."""
    return {q.name: q.sparql for q in load_queries().values() if q.cache == "snapshot"}


@dataclass
class Prepared:
    """The answers for one snapshot generation, and how long each took to compute (uncached)."""

    generation: int
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)  # by normal text
    seconds: dict[str, float] = field(default_factory=dict)  # by query name
    errors: dict[str, str] = field(default_factory=dict)  # by query name
    answered: int = 0  # requests answered from these


class SnapshotAnswers:
    """The answers of the current snapshot; :meth:`prepare` computes them for the next one."""

    def __init__(self) -> None:
        self._texts = per_snapshot()
        self._kept: dict[int, Prepared] = {}  # the newest two: the current snapshot's, and the one before it
        self._lock = threading.Lock()

    def prepare(self, generation: int, ask: Ask) -> Prepared:
        """Compute every answer for ``generation`` with ``ask`` (an engine on that snapshot); a query that
        fails is left out (its requests go to an engine) and its error kept for /health."""
        prepared = Prepared(generation)
        for name, text in self._texts.items():
            start = time.perf_counter()
            try:
                answer = ask({"query": text, "check": False, "max_rows": None})
            except Exception as exc:  # an engine past its deadline or gone: serve this one uncached
                prepared.errors[name] = f"{type(exc).__name__}: {exc}"
                continue
            prepared.seconds[name] = round(time.perf_counter() - start, 3)
            if "error" in answer:
                prepared.errors[name] = str(answer.get("message", ""))
            else:
                prepared.answers[without_comment_lines(text)] = answer
        return prepared

    def publish(self, prepared: Prepared) -> None:
        """Keep ``prepared`` (its snapshot becomes current next) and the previous generation's answers, which
        requests already sent to the previous snapshot still read."""
        with self._lock:
            self._kept[prepared.generation] = prepared
            self._kept = {g: p for g, p in self._kept.items() if g >= max(self._kept) - 1}

    def lookup(self, generation: int, request: dict[str, Any]) -> dict[str, Any] | None:
        """The prepared answer to ``request`` on ``generation``, cut to its row limit; None if there is none."""
        if request.get("kind") or request.get("default_graphs") or request.get("named_graphs"):
            return None
        with self._lock:
            prepared = self._kept.get(generation)
        if prepared is None or not prepared.answers:
            return None
        answer = prepared.answers.get(without_comment_lines(str(request.get("query", ""))))
        if answer is None:
            return None
        with self._lock:
            prepared.answered += 1
        limit = request.get("max_rows")
        lines: list[bytes] = answer["lines"]
        header = 1 if answer["form"] == "SELECT" else 0
        if limit and len(lines) - header > limit:
            return {**answer, "lines": lines[: header + limit], "truncated": True}
        return answer

    def state(self) -> dict[str, Any] | None:
        """For /health: the newest generation prepared, the seconds each answer took to compute (uncached),
        errors, and how many requests it answered."""
        with self._lock:
            current = self._kept[max(self._kept)] if self._kept else None
        if current is None:
            return None
        return {"generation": current.generation, "seconds": current.seconds, "errors": current.errors,
                "answered": current.answered}

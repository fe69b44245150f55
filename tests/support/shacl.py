"""One SHACL report per distinct graph in a test session.

pySHACL takes seconds for the gold graph (most of it the admin-units register), and many
tests validate that same graph: through ``validate_store``, ``tdkt validate`` on a built, loaded or remote store.
:func:`validate_once` stands in for ``tdkt.graph.validate.validate_quads`` during the session: the first
validation of a graph runs pySHACL for real; a graph with exactly the same quads gets that report again. A graph
that differs by one quad is validated afresh.
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

from tdkt.graph.validate import ValidationReport

Validate = Callable[[list[ox.Quad]], ValidationReport]


class SharedReports:
    """The reports already made, by graph; ``runs`` counts the real pySHACL validations."""

    def __init__(self, validate: Validate) -> None:
        self._validate = validate
        self._reports: dict[frozenset[ox.Quad], ValidationReport] = {}
        self.runs = 0

    def __call__(self, quads: list[ox.Quad]) -> ValidationReport:
        key = frozenset(quads)
        report = self._reports.get(key)
        if report is None:
            self.runs += 1
            report = self._reports[key] = self._validate(quads)
        return report

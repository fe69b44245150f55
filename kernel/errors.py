"""One exception tree for the whole project.

The CLI catches only :class:`TdktError` and prints its message on one line;
any other exception is a bug and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class TdktError(Exception):
    """Root of every error a user can act on."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is, which field, and why."""

    file: str
    location: str
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.location}" if self.location else self.file
        field = f", field '{self.field}'" if self.field else ""
        return f"{where}{field}: {self.reason}"


class RecordError(TdktError):
    """A records document (or other input) was rejected; nothing was loaded."""

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("RecordError needs at least one problem")
        self.problems = problems
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}")


class PlaceError(TdktError):
    """A place name could not be tied to one administrative unit."""


class EncodingError(TdktError):
    """Text is in an encoding that cannot be read or converted."""


class StoreError(TdktError):
    """The store or endpoint refused an operation or could not be opened."""


class ShapeViolation(TdktError):
    """The graph does not conform to its SHACL shapes."""

    def __init__(self, report: str, count: int) -> None:
        self.report = report
        self.count = count
        super().__init__(f"{count} SHACL violation(s):\n{report}")


class QueryError(TdktError):
    """A query, its name or its parameters are wrong."""

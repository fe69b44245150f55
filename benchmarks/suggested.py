"""The speed-ups suggested for files this benchmark does not own, applied at run time for measurement only.

    from benchmarks.suggested import apply; apply()

1. ``loaders.names.key`` behind an ``lru_cache`` (slugify/unidecode are ~65% of the mapping time,
   and the same few thousand names are keyed again and again).
2. ``loaders.records`` validating each record against its own ``$defs/<type>`` schema instead of the
   ``allOf`` of ten ``if/then`` branches (every record is tried against all ten ``if``s).

Each is a small change in its own module; see docs/performance.md, "Suggested changes".
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError


class PerTypeValidator:
    """The records schema, checked record by record with the validator of each record's type."""

    def __init__(self, schema: dict[str, Any]) -> None:
        top = copy.deepcopy(schema)
        kinds = schema["$defs"]["record"]["properties"]["type"]
        top["properties"]["records"] = {"type": "array", "items": {
            "type": "object", "required": ["type"], "properties": {"type": kinds}}}
        checker = FormatChecker()
        self.top = Draft202012Validator(top, format_checker=checker)
        self.by_type = {name: Draft202012Validator({**spec, "$defs": schema["$defs"]}, format_checker=checker)
                        for name, spec in schema["$defs"].items() if name != "record"}

    def iter_errors(self, data: Any) -> Iterator[ValidationError]:
        yield from self.top.iter_errors(data)
        records = data.get("records") if isinstance(data, dict) else None
        for i, record in enumerate(records if isinstance(records, list) else []):
            validator = self.by_type.get(record.get("type")) if isinstance(record, dict) else None
            for error in validator.iter_errors(record) if validator else ():
                error.path.appendleft(i)
                error.path.appendleft("records")
                yield error


def apply() -> None:
    import loaders.names
    import loaders.records

    original = loaders.names.key
    cached = lru_cache(maxsize=1 << 18)(original)
    for module in list(sys.modules.values()):
        if getattr(module, "key", None) is original:
            module.key = cached  # type: ignore[attr-defined]
    validator = PerTypeValidator(loaders.records.schema())
    loaders.records._validator = lambda: validator  # type: ignore[assignment]

"""Records documents: the typed, validated seam between sources and the graph.

A document is checked whole against ``ontology/records.schema.json`` and a few
rules the schema cannot state; any problem rejects the whole document, with
the file, the record and the field named.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from tdkt.kernel.errors import Problem, RecordError
from tdkt.kernel.names import canonical_name, key, nfc
from tdkt.ontology import ontology_text

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError  # imported when a document is invalid

RECORD_TYPES = (
    "bloc", "conference", "membership", "role", "ranking",
    "award", "award_count", "position", "campaign", "covenant",
)
BLOC_FIELDS = {"conference": "bloc", "membership": "bloc", "role": "bloc", "ranking": "bloc", "covenant": "bloc"}


@dataclass(frozen=True)
class Source:
    """Where a document's facts come from."""

    id: str
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    province: str | None = None


@dataclass(frozen=True)
class Record:
    """One typed fact. ``location`` says where it stands in its file, for messages."""

    type: str
    fields: Mapping[str, Any]
    index: int
    location: str
    evidence: str | None = None
    confidence: float | None = None

    def text(self, name: str) -> str:
        value = self.fields[name]
        assert isinstance(value, str)
        return value

    def optional_text(self, name: str) -> str | None:
        value = self.fields.get(name)
        return value if isinstance(value, str) else None

    def integer(self, name: str) -> int:
        value = self.fields[name]
        assert isinstance(value, int)
        return value

    def optional_integer(self, name: str) -> int | None:
        value = self.fields.get(name)
        return value if isinstance(value, int) else None


@dataclass(frozen=True)
class RecordsDocument:
    """All the records one source states, with the file they were read from."""

    source: Source
    records: tuple[Record, ...]
    notes: tuple[str, ...] = ()
    must_not_appear: tuple[str, ...] = ()
    origin: str = "<memory>"

    def of_type(self, kind: str) -> Iterator[Record]:
        return (r for r in self.records if r.type == kind)

    def bloc_names(self) -> dict[str, Record]:
        """Bloc records by identity key of their canonical name."""
        province = self.source.province
        return {key(canonical_name(r.text("name"), province)): r for r in self.of_type("bloc")}

    def to_json(self) -> dict[str, Any]:
        """The document as plain JSON data, in the records format."""
        src: dict[str, Any] = {"id": self.source.id}
        for name in ("title", "url", "publisher", "province"):
            value = getattr(self.source, name)
            if value:
                src[name] = value
        if self.source.published:
            src["published"] = self.source.published.isoformat()
        if self.source.authors:
            src["authors"] = list(self.source.authors)
        records = []
        for r in self.records:
            item: dict[str, Any] = {"type": r.type, **r.fields}
            if r.evidence is not None:
                item["evidence"] = r.evidence
            if r.confidence is not None:
                item["confidence"] = r.confidence
            records.append(item)
        out: dict[str, Any] = {"source": src, "records": records}
        if self.notes:
            out["notes"] = list(self.notes)
        if self.must_not_appear:
            out["must_not_appear"] = list(self.must_not_appear)
        return out


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The records JSON Schema shipped in ``ontology/``."""
    text = ontology_text("records.schema.json")
    data = json.loads(text)
    assert isinstance(data, dict)
    return data


def _type_defs(record_schema: Mapping[str, Any]) -> dict[str, str]:
    """Record type → its ``$defs`` entry, read from the ``if type == X then $ref`` branches of ``$defs/record``.

    Any other kind of branch would be lost when the branches are dropped, so it is refused.
    """
    found: dict[str, str] = {}
    for branch in record_schema.get("allOf", ()):
        kind = branch.get("if", {}).get("properties", {}).get("type", {}).get("const")
        ref = branch.get("then", {}).get("$ref", "")
        if set(branch) != {"if", "then"} or not isinstance(kind, str) or not ref.startswith("#/$defs/"):
            raise ValueError(f"$defs/record/allOf: expected 'if type is X then $ref', got {branch}")
        found[kind] = ref.removeprefix("#/$defs/")
    return found


def _with_records(full: Mapping[str, Any], record: Mapping[str, Any]) -> dict[str, Any]:
    """The document schema with ``record`` in place of the ``$ref`` of its records (inline is faster)."""
    records = full["properties"]["records"]
    if records.get("items") != {"$ref": "#/$defs/record"}:
        raise ValueError(f"properties/records: expected items to be $defs/record, got {records}")
    return {**full, "properties": {**full["properties"], "records": {**records, "items": record}}}


class RecordsValidator:
    """The records schema, checked with one validator per record type.

    Checking every record against all the ``if/then`` branches of ``$defs/record`` costs
    ~40 validator calls per record; here the document is checked with the branches dropped
    (the ``type`` enum stays) and each record once, with the validator of its own type.
    Both are derived from the schema, so it stays the single source of truth.
    """

    def __init__(self, full: Mapping[str, Any]) -> None:
        from jsonschema import Draft202012Validator, FormatChecker  # only for an invalid document's messages

        defs = full["$defs"]
        checker = FormatChecker()
        kinds = _type_defs(defs["record"])
        record = {k: v for k, v in defs["record"].items() if k != "allOf"}
        self.document = Draft202012Validator(_with_records(full, record), format_checker=checker)
        self.by_type = {kind: Draft202012Validator({**defs[name], "$defs": defs}, format_checker=checker)
                        for kind, name in kinds.items()}

    def iter_errors(self, data: Any) -> Iterator[ValidationError]:
        """Errors of the document, then of each record, with paths from the document's root."""
        yield from self.document.iter_errors(data)
        records = data.get("records") if isinstance(data, dict) else None
        for i, record in enumerate(records if isinstance(records, list) else ()):
            for error in self._record_errors(record):
                error.path.extendleft((i, "records"))
                yield error

    def _record_errors(self, record: Any) -> Iterator[ValidationError]:
        """A record of no known type has no validator: the document's ``type`` enum reports it."""
        kind = record.get("type") if isinstance(record, dict) else None
        validator = self.by_type.get(kind) if isinstance(kind, str) else None
        return validator.iter_errors(record) if validator is not None else iter(())


@lru_cache(maxsize=1)
def _validator() -> RecordsValidator:
    return RecordsValidator(schema())


@lru_cache(maxsize=1)
def _fast_validator() -> Any:
    """The same schema in jsonschema-rs (Rust): it says whether a document is valid ~90x faster (a 50 MB
    document: 1 s instead of 90 s). Only its verdict is used; the messages of an invalid document come from
    :class:`RecordsValidator` (tests/unit/loaders/test_records.py checks both agree on every example)."""
    import jsonschema_rs

    return jsonschema_rs.validator_for(schema(), validate_formats=True)


def schema_problems(data: Any) -> Iterator[ValidationError]:
    """The schema's errors in a document (none, quickly, when the fast validator finds it valid)."""
    if _fast_validator().is_valid(data):
        return iter(())
    return _validator().iter_errors(data)


_nfc = lru_cache(maxsize=1 << 16)(nfc)  # names and values repeat across records and documents


def _normalise(value: Any) -> Any:
    """NFC every string; dates parsed by YAML become ISO strings again."""
    if isinstance(value, str):
        return _nfc(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _normalise(v) for k, v in value.items()}
    return value


def _deepest(error: ValidationError) -> ValidationError:
    """For anyOf/oneOf the useful message is in the innermost context."""
    while error.context:
        error = min(error.context, key=lambda e: len(list(e.absolute_path)))
    return error


def _problem(origin: str, error: ValidationError, locations: Sequence[str]) -> Problem:
    error = _deepest(error)
    path = list(error.absolute_path)
    location, field_name = "", ""
    if len(path) >= 2 and path[0] == "records" and isinstance(path[1], int):
        location = locations[path[1]] if path[1] < len(locations) else f"record {path[1]}"
        field_name = ".".join(str(p) for p in path[2:])
    elif path:
        location = str(path[0])
        field_name = ".".join(str(p) for p in path[1:])
    reason = error.message
    if error.validator == "required" and isinstance(error.instance, dict):
        required: list[str] = list(error.validator_value)  # type: ignore[arg-type]
        missing = [f for f in required if f not in error.instance]
        field_name = ".".join(x for x in (field_name, missing[0] if missing else "") if x)
        reason = "is required"
    elif error.validator == "additionalProperties" and isinstance(error.instance, dict):
        schema_part: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
        allowed = set(schema_part.get("properties", {}))
        extra = sorted(set(error.instance) - allowed)
        field_name = ".".join(x for x in (field_name, extra[0] if extra else "") if x)
        reason = f"is not a field of this record type (allowed: {', '.join(sorted(allowed))})"
    return Problem(origin, location, field_name, reason)


def parse_document(data: Any, origin: str, locations: Sequence[str] | None = None) -> RecordsDocument:
    """Validate plain data as a records document; raise RecordError naming every problem.

    ``locations`` names where each record stands in its file ("line 12"); by
    default "record N".
    """
    data = _normalise(data)
    records_data = data.get("records") if isinstance(data, dict) else None
    n = len(records_data) if isinstance(records_data, list) else 0
    locs = list(locations) if locations is not None else [f"record {i}" for i in range(n)]
    problems = [
        _problem(origin, e, locs)
        for e in sorted(schema_problems(data), key=lambda e: [str(p) for p in e.absolute_path])
    ]
    if problems:
        raise RecordError(problems)
    src = data["source"]
    source = Source(
        id=src["id"], title=src.get("title"), url=src.get("url"),
        published=dt.date.fromisoformat(src["published"]) if src.get("published") else None,
        publisher=src.get("publisher"), authors=tuple(src.get("authors", ())), province=src.get("province"),
    )
    records = []
    for i, item in enumerate(data["records"]):
        fields = {k: v for k, v in item.items() if k not in ("type", "evidence", "confidence")}
        records.append(Record(item["type"], fields, i, locs[i], item.get("evidence"), item.get("confidence")))
    doc = RecordsDocument(source, tuple(records), tuple(data.get("notes", ())),
                          tuple(data.get("must_not_appear", ())), origin)
    _check_references(doc)
    return doc


def _check_references(doc: RecordsDocument) -> None:
    """Rules the schema cannot state: blocs are declared, dates are real, names are not spam."""
    problems: list[Problem] = []
    blocs = doc.bloc_names()
    province = doc.source.province
    for r in doc.records:
        bloc_field = BLOC_FIELDS.get(r.type)
        if bloc_field and key(canonical_name(r.text(bloc_field), province)) not in blocs:
            problems.append(Problem(doc.origin, r.location, bloc_field,
                                    f"no bloc record named '{r.text(bloc_field)}' in this document"))
        if r.type == "conference" and r.optional_text("date"):
            try:
                dt.date.fromisoformat(r.text("date"))
            except ValueError:
                problems.append(Problem(doc.origin, r.location, "date", f"'{r.text('date')}' is not a real date"))
        for bad in doc.must_not_appear:
            for name, value in r.fields.items():
                if isinstance(value, str) and key(bad) and key(bad) in key(value):
                    problems.append(Problem(doc.origin, r.location, name,
                                            f"contains '{bad}', which this document lists as must_not_appear"))
    if problems:
        raise RecordError(problems)

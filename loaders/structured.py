"""Records documents from structured files: JSON, YAML, or a folder of CSV files.

A CSV document is a folder holding ``source.yaml`` (or ``source.json``) with the
source metadata and one ``<type>.csv`` per record type, whose header row names
the fields. Every error names the file, the line or record, and the field.

Every reader first checks the input bounds of :mod:`loaders.limits` (size,
nesting depth, YAML aliases), so hostile input is refused before anything is
built from it.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from tdkt.kernel.errors import Problem, RecordError
from tdkt.kernel.limits import InputLimits, check_depth, check_size, check_yaml_events, too_deep
from tdkt.loaders.decisions import is_decision_table, read_decision
from tdkt.loaders.records import RECORD_TYPES, RecordsDocument, parse_document, schema

SUFFIXES = {".json", ".yaml", ".yml", ".xlsx", ".csv"}  # .xlsx, .csv: award decision tables


def _text(path: Path, limits: InputLimits) -> str:
    check_size(path, limits)
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise RecordError([Problem(str(path), "", "", f"is not UTF-8 text ({exc.reason})")]) from exc


def load_json(path: Path, limits: InputLimits | None = None) -> Any:
    """A JSON file's data, within the size and depth limits."""
    limits = limits or InputLimits.from_env()
    text = _text(path, limits)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError([Problem(str(path), f"line {exc.lineno}", "", f"invalid JSON: {exc.msg}")]) from exc
    except RecursionError:
        raise too_deep(str(path), limits) from None
    check_depth(data, str(path), limits)
    return data


def read_json(path: Path, limits: InputLimits | None = None) -> RecordsDocument:
    return parse_document(load_json(path, limits), str(path))


def _record_lines(node: yaml.Node | None) -> list[str] | None:
    """Line numbers of each item under ``records``, from YAML's node tree."""
    if not isinstance(node, yaml.MappingNode):
        return None
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == "records" and isinstance(v, yaml.SequenceNode):
            return [f"line {item.start_mark.line + 1}" for item in v.value]
    return None


def load_yaml(path: Path, limits: InputLimits | None = None) -> tuple[Any, yaml.Node | None]:
    """A YAML file's data and its node tree, within the size, depth and alias limits."""
    limits = limits or InputLimits.from_env()
    text = _text(path, limits)
    try:
        check_yaml_events(text, str(path), limits)
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        problem = " ".join(str(exc).split())  # libyaml's messages span lines
        raise RecordError([Problem(str(path), where, "", f"invalid YAML: {problem}")]) from exc
    return data, node


def read_yaml(path: Path, limits: InputLimits | None = None) -> RecordsDocument:
    data, node = load_yaml(path, limits)
    return parse_document(data, str(path), _record_lines(node))


def _field_types(kind: str) -> dict[str, str]:
    """Field → its JSON type, the non-null one of a nullable field."""
    props = schema()["$defs"][kind]["properties"]
    types: dict[str, str] = {}
    for name, spec in props.items():
        declared = spec.get("type", "string")
        options = [declared] if isinstance(declared, str) else [t for t in declared if t != "null"]
        types[name] = str(options[0]) if options else "string"
    return types


def _required_nullable(kind: str) -> set[str]:
    """Fields a record must carry that may be null: an empty CSV cell is their null, not their absence."""
    spec = schema()["$defs"][kind]
    props = spec["properties"]
    return {name for name in spec.get("required", ())
            if "null" in (props[name].get("type") or ()) or None in (props[name].get("enum") or ())}


def _csv_rows(path: Path, kind: str) -> Iterator[tuple[int, dict[str, Any]]]:
    types = _field_types(kind)
    nullable = _required_nullable(kind)
    check_size(path, InputLimits.from_env())
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        unknown = [h for h in reader.fieldnames or [] if h not in types or h == "type"]
        if unknown:
            raise RecordError([Problem(str(path), "line 1", unknown[0], f"is not a field of {kind} records")])
        for row in reader:
            item: dict[str, Any] = {"type": kind}
            for name, value in row.items():
                if name is not None and value == "" and name in nullable:
                    item[name] = None
                    continue
                if value is None or value == "":
                    continue
                if name is None:
                    raise RecordError([Problem(str(path), f"line {reader.line_num}", "", "more cells than headers")])
                item[name] = _coerce(value, types[name], path, reader.line_num, name)
            yield reader.line_num, item


def _coerce(value: str, kind: str, path: Path, line: int, name: str) -> Any:
    try:
        if kind == "integer":
            return int(value)
        if kind == "number":
            return float(value)
    except ValueError as exc:
        article = "an" if kind[0] in "aeiou" else "a"
        raise RecordError([Problem(str(path), f"line {line}", name, f"'{value}' is not {article} {kind}")]) from exc
    if kind == "array":
        return [v.strip() for v in value.split(";") if v.strip()]
    return value


def read_csv_folder(folder: Path) -> RecordsDocument:
    meta_files = [folder / n for n in ("source.yaml", "source.yml", "source.json") if (folder / n).exists()]
    if not meta_files:
        raise RecordError([Problem(str(folder), "", "source", "a CSV document needs source.yaml or source.json")])
    meta = load_json(meta_files[0]) if meta_files[0].suffix == ".json" else load_yaml(meta_files[0])[0]
    if not isinstance(meta, dict):
        raise RecordError([Problem(str(meta_files[0]), "", "", "must be a mapping of source fields")])
    notes = meta.pop("notes", [])
    records: list[dict[str, Any]] = []
    locations: list[str] = []
    for kind in RECORD_TYPES:
        path = folder / f"{kind}.csv"
        if path.exists():
            for line, item in _csv_rows(path, kind):
                records.append(item)
                locations.append(f"{path.name} line {line}")
    strays = sorted(p.name for p in folder.glob("*.csv") if p.stem not in RECORD_TYPES)
    if strays:
        raise RecordError([Problem(str(folder / strays[0]), "", "", "is not named after a record type")])
    return parse_document({"source": meta, "records": records, "notes": notes}, str(folder), locations)


def read_document(path: Path) -> RecordsDocument:
    """Read one records document, choosing the reader by the path."""
    if path.is_dir():
        return read_csv_folder(path)
    if path.suffix == ".json":
        return read_json(path)
    if path.suffix in (".yaml", ".yml"):
        return read_yaml(path)
    if is_decision_table(path):
        return read_decision(path)
    raise RecordError([Problem(str(path), "", "", "is not a records document (.json, .yaml, a CSV folder, "
                                                  "or an award decision as .xlsx or .csv)")])


def find_documents(folder: Path) -> list[Path]:
    """Records documents in a data folder: JSON/YAML files and CSV folders, sorted."""
    found = [p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file()]
    found += [p for p in folder.iterdir() if p.is_dir() and any(p.glob("source.*"))]
    return sorted(found)

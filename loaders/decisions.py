"""Award decisions (Quyết định khen thưởng) kept as spreadsheets → one records document per decision.

A decision table is an XLSX workbook (read with openpyxl) or a CSV file. The
decision's particulars (number, date, grantor; optionally the province, and
an award or achievement year that holds for every row) stand in label/value
rows above the recipients' table, in a line such as "Quyết định số
231/QĐ-TTg ngày 14/3/2023 của Thủ tướng Chính phủ", or in a sheet of their
own ("Quyết định"); the province, when given, scopes the recipients' names
as a records document's province does (else it is the grantor's province,
if the grantor is a provincial body). The table starts at the row whose headings include STT
and a recipient column; its usual Vietnamese headings are data
(``loaders/decisions.yml``). Every row becomes one ``award`` record,
conferred by the decision, with ``decision`` and ``decided`` set, so the
checks pick the law in force on the decision's date.

Any problem rejects the whole file, naming the sheet, row, column and reason;
nothing is loaded.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from slugify import slugify

from tdkt.kernel.errors import Problem, RecordError
from tdkt.kernel.names import key, nfc
from tdkt.kernel.places import register
from tdkt.kernel.yamlload import load_yaml
from tdkt.loaders.records import RecordsDocument, parse_document

REQUIRED_PARTICULARS = ("decision", "decided", "grantor")
_TITLE_LINE = re.compile(r"quyết định\s+(?:số\s*:?\s*)?(?P<number>\d+[^\s,;]*)", re.IGNORECASE)
_TITLE_DATE = re.compile(r"ngày\s+(?P<date>\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}"
                         r"|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})", re.IGNORECASE)
_TITLE_GRANTOR = re.compile(r"\bcủa\s+(?P<grantor>.+?)\s*$", re.IGNORECASE)
_PROVINCE_IN_NAME = re.compile(r"\b(?:tỉnh|thành phố)\s+(?P<name>.+?)\s*$", re.IGNORECASE)
_SECTION = re.compile(r"^(?:[IVXLC]+|[A-ZĐ])[.)]?$")


@dataclass(frozen=True)
class Vocabulary:
    columns: dict[str, str]  # key(heading) -> column name
    particulars: dict[str, str]  # key(label) -> particular name
    sheets: frozenset[str]  # key(sheet name) of particulars sheets


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    data = load_yaml(resources.files("tdkt.loaders").joinpath("decisions.yml").read_text(encoding="utf-8"))
    columns = {key(h): name for name, headings in data["columns"].items() for h in headings}
    particulars = {key(h): name for name, labels in data["particulars"].items() for h in labels}
    return Vocabulary(columns, particulars, frozenset(key(s) for s in data["particulars_sheets"]))


@dataclass
class Sheet:
    """The rows of one sheet (or of a CSV file) as text cells."""

    name: str | None
    rows: list[list[Any]]

    def where(self, row: int, column: int | None = None, heading: str | None = None) -> str:
        parts = [f"sheet '{self.name}'"] if self.name is not None else []
        parts.append(f"row {row}")
        if column is not None:
            letter = _column_letter(column) if self.name is not None else str(column + 1)
            parts.append(f"column {letter}" + (f" '{heading}'" if heading else ""))
        return ", ".join(parts)


@dataclass
class Reading:
    """What one decision file says, gathered before any record is made."""

    origin: str
    particulars: dict[str, tuple[Any, str]] = field(default_factory=dict)  # name -> (value, where)
    problems: list[Problem] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)

    def problem(self, where: str, name: str, reason: str) -> None:
        self.problems.append(Problem(self.origin, where, name, reason))


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)).strip()


def parse_date(value: Any) -> dt.date:
    """A cell's date: a spreadsheet date, ISO, dd/mm/yyyy, or "ngày 14 tháng 3 năm 2023"."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value).lower().removeprefix("ngày").strip()
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if iso:
        return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
    dmy = re.fullmatch(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", text)
    if dmy:
        return dt.date(int(dmy[3]), int(dmy[2]), int(dmy[1]))
    words = re.fullmatch(r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", text)
    if words:
        return dt.date(int(words[3]), int(words[2]), int(words[1]))
    raise ValueError(f"'{_text(value)}' is not a date (write 14/03/2023 or 2023-03-14)")


def parse_year(value: Any) -> int:
    """An achievement year: 2023, "Năm 2023", or a school year "2022-2023" (which is 2023)."""
    text = _text(value)
    found = re.fullmatch(r"(?:năm\s+(?:học\s+)?)?(\d{4})(?:\s*[-–/]\s*(\d{4}))?", text, flags=re.IGNORECASE)
    if not found:
        raise ValueError(f"'{text}' is not a year")
    year = int(found[2] or found[1])
    if found[2] and int(found[2]) != int(found[1]) + 1:
        raise ValueError(f"'{text}' is not a school year (two years in a row)")
    if not 1945 <= year <= 2100:
        raise ValueError(f"{year} is not a year between 1945 and 2100")
    return year


def _label(cell: str) -> tuple[str | None, str]:
    """A particular's name and the value after a colon in the same cell ("Số: 231/QĐ-TTg"), if any."""
    label, sep, rest = cell.partition(":")
    name = vocabulary().particulars.get(key(label.strip()))
    if name:
        return name, rest.strip() if sep else ""
    return None, ""


def _read_particulars(sheet: Sheet, rows: Iterable[int], reading: Reading) -> None:
    """Label/value rows ("Số quyết định" | "231/QĐ-TTg") and title lines, for the rows given (0-based)."""
    for i in rows:
        cells = [c for c in sheet.rows[i]]
        filled = [(j, c) for j, c in enumerate(cells) if _text(c)]
        if not filled:
            continue
        j, first = filled[0]
        name, value = _label(_text(first))
        if name and not value and len(filled) > 1:
            j, value = filled[1][0], filled[1][1]
        if name and value not in ("", None):
            reading.particulars.setdefault(name, (value, sheet.where(i + 1, j)))
            continue
        _read_title_line(" ".join(_text(c) for _, c in filled), sheet.where(i + 1), reading)


def _read_title_line(line: str, where: str, reading: Reading) -> None:
    """'Quyết định số 231/QĐ-TTg ngày 14/3/2023 của Thủ tướng Chính phủ': what it names and nothing else gave."""
    number = _TITLE_LINE.search(line)
    if not number:
        return
    reading.particulars.setdefault("decision", (number["number"], where))
    date = _TITLE_DATE.search(line)
    if date:
        reading.particulars.setdefault("decided", (date["date"], where))
    grantor = _TITLE_GRANTOR.search(line[(date.end() if date else number.end()):])
    if grantor:
        reading.particulars.setdefault("grantor", (grantor["grantor"].strip(" ).;"), where))


def _header_row(sheet: Sheet) -> tuple[int, dict[str, int], dict[int, str]] | None:
    """The table's heading row (0-based), its columns by name, and each column's heading as written."""
    columns = vocabulary().columns
    for i, row in enumerate(sheet.rows):
        found: dict[str, int] = {}
        headings: dict[int, str] = {}
        for j, cell in enumerate(row):
            name = columns.get(key(_text(cell))) if _text(cell) else None
            if name and name not in found:
                found[name] = j
                headings[j] = _text(cell)
        if "stt" in found and "recipient" in found:
            return i, found, headings
    return None


def _is_section(cells: dict[str, str]) -> bool:
    """A heading inside the table ("I. Tập thể", "B | Cá nhân"): a letter or numeral and at most a title."""
    stt = cells.get("stt", "")
    others = [v for k, v in cells.items() if k not in ("stt", "recipient") and v]
    return bool(stt) and bool(_SECTION.match(stt)) and not others


def _read_table(sheet: Sheet, reading: Reading) -> bool:
    """Rows of the recipients' table → award fields (particulars are added later); False if no table."""
    header = _header_row(sheet)
    if header is None:
        return False
    start, columns, headings = header
    _read_particulars(sheet, range(start), reading)
    for i in range(start + 1, len(sheet.rows)):
        raw = sheet.rows[i]
        cells = {name: _text(raw[j]) if j < len(raw) else "" for name, j in columns.items()}
        if not any(cells.values()) or _is_section(cells):
            continue
        row: dict[str, Any] = {"_where": sheet.where(i + 1)}

        def bad(name: str, reason: str, i: int = i) -> None:
            j = columns.get(name)
            reading.problem(sheet.where(i + 1, j, headings.get(j) if j is not None else None), name, reason)

        if not cells["recipient"]:
            bad("recipient", "no recipient (tập thể or cá nhân) in a row of the table")
        row["recipient"] = cells["recipient"]
        if "award" in columns:
            if cells["award"]:
                row["award"] = cells["award"]
            else:
                bad("award", "no award (hình thức khen thưởng) in this row")
        if "year" in columns:
            j = columns["year"]
            try:
                row["year"] = parse_year(raw[j] if j < len(raw) else None)
            except ValueError as exc:
                bad("year", str(exc))
        row["_stt"] = cells["stt"]
        row["_post"] = cells.get("post", "")
        row["_columns"] = (columns, headings, i)
        reading.records.append(row)
    return True


def _particular(reading: Reading, name: str) -> Any:
    found = reading.particulars.get(name)
    return found[0] if found else None


def _finish(reading: Reading, tables: Sequence[Sheet]) -> RecordsDocument:
    """The particulars checked and spread over the rows; one records document, or every problem at once."""
    decided, shared_year = _checked_particulars(reading)
    shared_award = _text(_particular(reading, "award")) or None
    if not tables:
        reading.problem("", "recipient", "no table of recipients: no row has the headings STT and a recipient "
                                         "column (Họ và tên, Tên tập thể, Tập thể, cá nhân...)")
    elif not reading.records:
        reading.problem("", "recipient", "the table of recipients has no rows")
    grantor = _text(_particular(reading, "grantor"))
    number = _text(_particular(reading, "decision"))
    records = [_award(reading, row, decided, shared_year, shared_award, grantor, number) for row in reading.records]
    locations = [row["_where"] for row in reading.records]
    if reading.problems:
        raise RecordError(reading.problems)
    assert decided is not None
    return parse_document({"source": _source(reading, number, decided, grantor), "records": records},
                          reading.origin, locations)


def _checked_particulars(reading: Reading) -> tuple[dt.date | None, int | None]:
    """The required particulars present, and the decision's date and the shared achievement year read."""
    for name in REQUIRED_PARTICULARS:
        if _particular(reading, name) in (None, ""):
            what = {"decision": "number", "decided": "date"}.get(name, name)
            reading.problem("", name, f"the decision's {what} is missing: write a row '{_example(name)}' above "
                                      "the table or in a sheet 'Quyết định'")
    decided: dt.date | None = None
    if _particular(reading, "decided") not in (None, ""):
        value, where = reading.particulars["decided"]
        try:
            decided = parse_date(value)
        except ValueError as exc:
            reading.problem(where, "decided", str(exc))
    shared_year: int | None = None
    if _particular(reading, "year") not in (None, ""):
        value, where = reading.particulars["year"]
        try:
            shared_year = parse_year(value)
        except ValueError as exc:
            reading.problem(where, "year", str(exc))
    return decided, shared_year


def _award(reading: Reading, row: dict[str, Any], decided: dt.date | None, shared_year: int | None,
           shared_award: str | None, grantor: str, number: str) -> dict[str, Any]:
    """One row of the table as a conferred award, its award and year from the row or the decision."""
    columns, headings, _row = row["_columns"]
    where = row["_where"]
    award = row.get("award") or shared_award
    year = row.get("year", shared_year)
    if "award" not in columns and not shared_award:
        reading.problem(where, "award", "no award: the table has no Hình thức khen thưởng column and the "
                                        "decision names none above it")
    if "year" not in columns and shared_year is None:
        reading.problem(where, "year", "no achievement year: the table has no Năm thành tích column and the "
                                       "decision names none above it")
    if decided is not None and isinstance(year, int) and year > decided.year:
        j = columns.get("year")
        reading.problem(where + (f", column {_column_letter(j)} '{headings.get(j)}'" if j is not None else ""),
                        "year", f"achievement year {year} is after the decision's date ({decided.isoformat()})")
    evidence = " | ".join(p for p in (f"STT {row['_stt']}" if row["_stt"] else "", row["recipient"],
                                      row["_post"], award or "", str(year or "")) if p)
    return {"type": "award", "recipient": row["recipient"], "award": award, "grantor": grantor or None,
            "year": year, "status": "conferred", "decision": number or None,
            "decided": decided.isoformat() if decided else None,
            "evidence": f"{number}: {evidence}"}


def _source(reading: Reading, number: str, decided: dt.date, grantor: str) -> dict[str, Any]:
    """The decision as the records' source: its number, date, grantor and province."""
    province = _text(_particular(reading, "province")) or _province_of(grantor)
    source: dict[str, Any] = {
        "id": _source_id(number, decided, province or grantor),
        "title": f"Quyết định số {number} ngày {decided.day:02d}/{decided.month:02d}/{decided.year} của {grantor}",
        "published": decided.isoformat(),
        "publisher": grantor,
    }
    if province:
        source["province"] = province
    return source


def _example(name: str) -> str:
    return {"decision": "Số quyết định | 231/QĐ-TTg", "decided": "Ngày quyết định | 14/03/2023",
            "grantor": "Cấp quyết định | Thủ tướng Chính phủ"}[name]


def _province_of(grantor: str) -> str | None:
    """The province a grantor's name ends with ("Ủy ban nhân dân tỉnh Lai Châu" → "Lai Châu"), if it is one."""
    found = _PROVINCE_IN_NAME.search(grantor)
    area = register().find_province(found["name"]) if found else None
    return area.short if area is not None else None


def _source_id(number: str, decided: dt.date, where: str) -> str:
    """Stable per decision: numbers repeat across provinces and years, so the date and place are part of it."""
    return slugify(f"decision {number} {decided.isoformat()} {where}", lowercase=True)[:200]


def read_xlsx(path: Path) -> RecordsDocument:
    """A decision workbook: particulars above the table or in a sheet 'Quyết định'; tables in any sheet."""
    from openpyxl import load_workbook

    reading = Reading(str(path))
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError and XML errors alike for a bad file
        raise RecordError([Problem(str(path), "", "", f"is not a readable XLSX workbook ({exc})")]) from exc
    try:
        sheets = [Sheet(ws.title, [list(r) for r in ws.iter_rows(values_only=True)]) for ws in workbook.worksheets]
    finally:
        workbook.close()
    tables = []
    for sheet in sheets:
        if key(sheet.name or "") in vocabulary().sheets:
            _read_particulars(sheet, range(len(sheet.rows)), reading)
        elif _read_table(sheet, reading):
            tables.append(sheet)
        else:
            _read_particulars(sheet, range(len(sheet.rows)), reading)
    return _finish(reading, tables)


def read_csv(path: Path) -> RecordsDocument:
    """A decision as one CSV file (UTF-8; comma, semicolon or tab): particulars, then the table."""
    reading = Reading(str(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RecordError([Problem(str(path), "", "", f"is not UTF-8 text ({exc.reason})")]) from exc
    # the delimiter is the one whose reading has the table's heading row (headings may hold commas)
    candidates = sorted(",;\t", key=lambda d: -text.count(d))
    sheets = [Sheet(None, [list(r) for r in csv.reader(io.StringIO(text), delimiter=d)]) for d in candidates]
    sheet = next((s for s in sheets if _header_row(s) is not None), sheets[0])
    tables = [sheet] if _read_table(sheet, reading) else []
    if not tables:
        _read_particulars(sheet, range(len(sheet.rows)), reading)
    return _finish(reading, tables)


def is_decision_table(path: Path) -> bool:
    """Whether a path is read as a decision table: an .xlsx workbook or a single .csv file."""
    return path.is_file() and path.suffix.lower() in (".xlsx", ".csv")


def read_decision(path: Path) -> RecordsDocument:
    return read_xlsx(path) if path.suffix.lower() == ".xlsx" else read_csv(path)

"""Award decisions as spreadsheets (XLSX, CSV) → records: the particulars, the table, the usual headings, errors
that name sheet, row and column, a bad file rejected whole."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from tdkt.kernel.errors import RecordError
from tdkt.loaders.decisions import parse_date, parse_year
from tdkt.loaders.structured import find_documents, read_document
from tests.support.paths import DATA

DECISIONS = DATA / "decisions"
HEADINGS = ["STT", "Họ và tên", "Chức vụ, đơn vị công tác", "Hình thức khen thưởng", "Năm thành tích"]


def awards(path: Path) -> list[tuple[str, str, int, str | None, str | None, str | None]]:
    doc = read_document(path)
    return [(r.text("recipient"), r.text("award"), r.integer("year"), r.optional_text("grantor"),
             r.optional_text("decision"), r.optional_text("decided")) for r in doc.records]


# -- reading --------------------------------------------------------------------------------------------------

def test_particulars_above_the_table() -> None:
    doc = read_document(DECISIONS / "qd-512-ttg-2025.xlsx")
    assert doc.source.id == "decision-512-qd-ttg-2025-04-02-lai-chau"
    assert doc.source.title == "Quyết định số 512/QĐ-TTg ngày 02/04/2025 của Thủ tướng Chính phủ"
    assert doc.source.province == "Lai Châu"
    grantor, number, day = "Thủ tướng Chính phủ", "512/QĐ-TTg", "2025-04-02"
    assert awards(DECISIONS / "qd-512-ttg-2025.xlsx") == [
        ("Trung tâm Văn hóa Hoa Ban", "Cờ thi đua của Chính phủ", 2024, grantor, number, day),
        ("Trung tâm Y tế Hoa Ban", "Cờ thi đua của Chính phủ", 2024, grantor, number, day),
        ("Nguyễn Thị Thu Hà", "Bằng khen của Thủ tướng Chính phủ", 2024, grantor, number, day)]
    assert {r.text("status") for r in doc.records} == {"conferred"}
    assert doc.records[2].evidence == ("512/QĐ-TTg: STT 3 | Nguyễn Thị Thu Hà | Giám đốc Trung tâm Văn hóa Hoa Ban | "
                                       "Bằng khen của Thủ tướng Chính phủ | 2024")


def test_a_particulars_sheet_two_tables_section_rows_and_school_years() -> None:
    grantor, number, day = "Ủy ban nhân dân tỉnh Lai Châu", "88/QĐ-UBND", "2023-02-10"
    doc = read_document(DECISIONS / "qd-88-ubnd-lai-chau-2023.xlsx")
    assert doc.source.province == "Lai Châu"  # from the grantor's name
    assert awards(DECISIONS / "qd-88-ubnd-lai-chau-2023.xlsx") == [
        ("Trường Tiểu học Hoa Ban", "Bằng khen", 2022, grantor, number, day),
        ("Trung tâm Y tế Hoa Ban", "Cờ thi đua", 2022, grantor, number, day),
        ("Lò Văn Khánh", "Bằng khen", 2022, grantor, number, day),
        ("Tòng Thị Phương", "Chiến sĩ thi đua toàn quốc", 2022, grantor, number, day)]


def test_csv_with_a_title_line_and_an_award_for_every_row() -> None:
    grantor, number, day = "Ủy ban nhân dân huyện Tam Đường", "1502/QĐ-UBND", "2025-08-15"
    assert awards(DECISIONS / "qd-1502-ubnd-tam-duong-2025.csv") == [
        ("Vàng Thị Mỷ", "Giấy khen", 2025, grantor, number, day),
        ("Lò Văn Sướng", "Giấy khen", 2025, grantor, number, day)]
    assert read_document(DECISIONS / "qd-1502-ubnd-tam-duong-2025.csv").source.province == "Lai Châu"


def test_csv_with_semicolons_and_commas_in_headings() -> None:
    grantor, number, day = "Ủy ban nhân dân huyện Tam Đường", "233/QĐ-UBND", "2025-06-20"
    assert awards(DECISIONS / "qd-233-ubnd-tam-duong-2025.csv") == [
        ("Trường Tiểu học Hoa Ban", "Giấy khen", 2024, grantor, number, day),
        ("Hạng A Chu", "Giấy khen", 2024, grantor, number, day)]


def test_a_data_folder_lists_decision_tables() -> None:
    names = [p.name for p in find_documents(DECISIONS)]
    assert "qd-512-ttg-2025.xlsx" in names and "qd-233-ubnd-tam-duong-2025.csv" in names
    assert "make_samples.py" not in names


# -- errors ---------------------------------------------------------------------------------------------------

def test_a_bad_row_rejects_the_file_naming_sheet_row_and_column() -> None:
    with pytest.raises(RecordError) as err:
        read_document(DECISIONS / "invalid" / "qd-600-bad-year.xlsx")
    assert str(err.value) == (f"{DECISIONS / 'invalid' / 'qd-600-bad-year.xlsx'}: sheet 'Danh sách', row 6, "
                              "column E 'Năm thành tích', field 'year': 'hai nghìn hai mươi tư' is not a year")


def workbook(tmp_path: Path, rows: list[list[object]], name: str = "bad.xlsx") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


PARTICULARS: list[list[object]] = [["Số quyết định", "9/QĐ-UBND"], ["Ngày quyết định", "05/03/2025"],
                                   ["Cấp quyết định", "Ủy ban nhân dân tỉnh Lai Châu"]]


@pytest.mark.parametrize(("rows", "message"), [
    ([*PARTICULARS, HEADINGS, [1, "Lù Văn Sáng", "", "", 2024]],
     "sheet 'Danh sách', row 5, column D 'Hình thức khen thưởng', field 'award': no award (hình thức khen thưởng) "
     "in this row"),
    ([*PARTICULARS, HEADINGS, [1, "", "", "Bằng khen", 2024]],
     "sheet 'Danh sách', row 5, column B 'Họ và tên', field 'recipient': no recipient (tập thể or cá nhân) in a "
     "row of the table"),
    ([*PARTICULARS, HEADINGS, [1, "Lù Văn Sáng", "", "Bằng khen", 2026]],
     "sheet 'Danh sách', row 5, column E 'Năm thành tích', field 'year': achievement year 2026 is after the "
     "decision's date (2025-03-05)"),
    ([*PARTICULARS, HEADINGS, [1, "Lù Văn Sáng", "", "Bằng khen", "2023-2025"]],
     "sheet 'Danh sách', row 5, column E 'Năm thành tích', field 'year': '2023-2025' is not a school year (two "
     "years in a row)"),
    ([PARTICULARS[0], ["Ngày quyết định", "31/02/2025"], PARTICULARS[2], HEADINGS,
      [1, "Lù Văn Sáng", "", "Bằng khen", 2024]],
     "sheet 'Danh sách', row 2, column B, field 'decided': day is out of range for month"),
    ([PARTICULARS[0], PARTICULARS[2], HEADINGS, [1, "Lù Văn Sáng", "", "Bằng khen", 2024]],
     "field 'decided': the decision's date is missing: write a row 'Ngày quyết định | 14/03/2023' above the "
     "table or in a sheet 'Quyết định'"),
    ([*PARTICULARS, ["Danh sách khen thưởng"], [1, "Lù Văn Sáng"]],
     "field 'recipient': no table of recipients: no row has the headings STT and a recipient column (Họ và tên, "
     "Tên tập thể, Tập thể, cá nhân...)"),
])
def test_problems_name_where_they_are(tmp_path: Path, rows: list[list[object]], message: str) -> None:
    path = workbook(tmp_path, rows)
    with pytest.raises(RecordError) as err:
        read_document(path)
    where = f"{path}, " if message.startswith("field") else f"{path}: "  # a problem of the whole file has no place
    assert str(err.value).split(" (and ")[0] == where + message


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(RecordError, match=r"broken\.xlsx: is not a readable XLSX workbook"):
        read_document(path)


def test_every_problem_of_a_file_is_listed(tmp_path: Path) -> None:
    path = workbook(tmp_path, [*PARTICULARS, HEADINGS, [1, "", "", "Bằng khen", 2024], [2, "Lù Văn Sáng", "", "", "x"]])
    with pytest.raises(RecordError) as err:
        read_document(path)
    assert [p.field for p in err.value.problems] == ["recipient", "award", "year"]


@given(st.dates(min_value=dt.date(1945, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_dates_in_every_usual_writing(day: dt.date) -> None:
    for text in (f"{day.day}/{day.month}/{day.year}", f"{day.day:02d}/{day.month:02d}/{day.year}",
                 f"{day.day}-{day.month}-{day.year}", day.isoformat(),
                 f"ngày {day.day} tháng {day.month} năm {day.year}"):
        assert parse_date(text) == day
    assert parse_date(dt.datetime(day.year, day.month, day.day)) == day


@given(st.integers(min_value=1945, max_value=2100))
def test_years_and_school_years(year: int) -> None:
    assert parse_year(year) == year
    assert parse_year(float(year)) == year
    assert parse_year(f"Năm {year}") == year
    if year > 1945:
        assert parse_year(f"{year - 1}-{year}") == year
        assert parse_year(f"Năm học {year - 1} - {year}") == year

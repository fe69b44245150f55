"""Write the sample award decisions (XLSX) used by the tests; the names in them are invented.

Run from the repository root after changing a sample: python tests/data/decisions/make_samples.py
(the CSV samples beside them are written by hand).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
HEADINGS = ["STT", "Họ và tên, tên tập thể", "Chức vụ, đơn vị công tác", "Hình thức khen thưởng", "Năm thành tích"]


def save(workbook: Workbook, path: Path) -> None:
    # a fixed creation time in the workbook's properties (the zip entries still carry the time of writing)
    workbook.properties.created = workbook.properties.modified = dt.datetime(2026, 1, 1)
    workbook.save(path)


def government_2025() -> None:
    """Particulars above the table, as label/value rows; one sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["THỦ TƯỚNG CHÍNH PHỦ"])
    ws.append(["Số quyết định", "512/QĐ-TTg"])
    ws.append(["Ngày quyết định", dt.datetime(2025, 4, 2)])
    ws.append(["Cấp quyết định", "Thủ tướng Chính phủ"])
    ws.append(["Tỉnh", "Lai Châu"])  # the province the recipients' names belong to
    ws.append([])
    ws.append(["DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG"])
    ws.append(HEADINGS)
    ws.append([1, "Trung tâm Văn hóa Hoa Ban", "tỉnh Lai Châu", "Cờ thi đua của Chính phủ", 2024])
    ws.append([2, "Trung tâm Y tế Hoa Ban", "tỉnh Lai Châu", "Cờ thi đua của Chính phủ", 2024])
    ws.append([3, "Nguyễn Thị Thu Hà", "Giám đốc Trung tâm Văn hóa Hoa Ban", "Bằng khen của Thủ tướng Chính phủ",
               2024])
    save(wb, HERE / "qd-512-ttg-2025.xlsx")


def province_2023() -> None:
    """Particulars in a sheet of their own; collectives and individuals in two sheets, with section rows."""
    wb = Workbook()
    info = wb.active
    info.title = "Quyết định"
    info.append(["Số", "88/QĐ-UBND"])
    info.append(["Ngày ký", "10/02/2023"])
    info.append(["Người ký", "Ủy ban nhân dân tỉnh Lai Châu"])
    collectives = wb.create_sheet("Tập thể")
    collectives.append(["TT", "Tên tập thể", "Địa chỉ", "Danh hiệu", "Năm"])
    collectives.append(["I", "Khối các đơn vị sự nghiệp"])
    collectives.append([1, "Trường Tiểu học Hoa Ban", "huyện Tam Đường", "Bằng khen", 2022])
    collectives.append([2, "Trung tâm Y tế Hoa Ban", "huyện Tam Đường", "Cờ thi đua", 2022])
    people = wb.create_sheet("Cá nhân")
    people.append(["STT", "Họ và tên", "Chức vụ", "Hình thức khen thưởng", "Năm học"])
    people.append([1, "Lò Văn Khánh", "Hiệu trưởng Trường Tiểu học Hoa Ban", "Bằng khen", "2021-2022"])
    people.append([2, "Tòng Thị Phương", "Giáo viên Trường Tiểu học Hoa Ban", "Chiến sĩ thi đua toàn quốc", 2022])
    save(wb, HERE / "qd-88-ubnd-lai-chau-2023.xlsx")


def lineage() -> None:
    """Awards of two provincial departments whose provinces merged on 1 July 2025."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["Quyết định số 1190/QĐ-TTg ngày 12 tháng 9 năm 2022 của Thủ tướng Chính phủ"])
    ws.append(HEADINGS)
    ws.append([1, "Sở Tài chính tỉnh Yên Bái", "", "Cờ thi đua của Chính phủ", 2021])
    save(wb, HERE / "qd-1190-ttg-2022.xlsx")
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["Quyết định số 77/QĐ-UBND ngày 20/01/2026 của Ủy ban nhân dân tỉnh Lào Cai"])
    ws.append(HEADINGS)
    ws.append([1, "Sở Tài chính tỉnh Lào Cai", "", "Bằng khen", 2025])
    save(wb, HERE / "qd-77-ubnd-lao-cai-2026.xlsx")
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["Quyết định số 140/QĐ-UBND ngày 16/01/2023 của Ủy ban nhân dân tỉnh Lào Cai"])
    ws.append(HEADINGS)
    ws.append([1, "Sở Tài chính tỉnh Lào Cai", "", "Cờ thi đua", 2022])
    save(wb, HERE / "qd-140-ubnd-lao-cai-2023.xlsx")


def bad_year() -> None:
    """A decision with one bad row: the achievement year is written in words."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["Số quyết định", "600/QĐ-UBND"])
    ws.append(["Ngày quyết định", "05/03/2025"])
    ws.append(["Cấp quyết định", "Ủy ban nhân dân tỉnh Lai Châu"])
    ws.append(HEADINGS)
    ws.append([1, "Trường Mầm non Hoa Ban", "huyện Tam Đường", "Bằng khen", 2024])
    ws.append([2, "Lù Văn Sáng", "Giáo viên Trường Mầm non Hoa Ban", "Bằng khen", "hai nghìn hai mươi tư"])
    ws.append([3, "Pờ Thị Mai", "Giáo viên Trường Mầm non Hoa Ban", "Bằng khen", 2024])
    save(wb, HERE / "invalid" / "qd-600-bad-year.xlsx")


if __name__ == "__main__":
    government_2025()
    province_2023()
    lineage()
    bad_year()

"""What to generate and the distributions the synthetic generator draws from.

The distributions are documented in docs/performance.md ("Synthetic data") and checked by the synth tests.
"""

from __future__ import annotations

from dataclasses import dataclass

REORGANISATION_YEAR = 2025  # district level abolished and provinces merged on 1 July 2025

# -- distributions (docs/performance.md, "Synthetic data") --------------------------------
P_VICE_SUCCEEDS = 0.8  # the vice-chair of Y chairs in Y+1
HABITS = (("round-robin", 0.6), ("shuffled", 0.3), ("irregular", 0.1))
P_REPEAT_IRREGULAR = 0.5  # an irregular bloc whose vice-chair does not succeed keeps its chair
P_HOST_IS_CHAIR = 0.7
P_HOST_IS_VICE = 0.15  # else another member hosts
P_LEADER_IS_CHAIR = 0.5  # the rank-1 (leading) unit is that year's chair
P_MEMBERS_LISTED = 0.85  # a review article lists the members
P_NEXT_HOST = 0.5  # the review article also names next year's host
P_COVENANT = 0.8
P_MIDYEAR = 0.3  # a bloc-year also has a mid-year (sơ kết) article
P_CONFLICT = 0.03  # a bloc-year has a second source naming a different chair
P_VARIANT = 0.05  # a unit is written with an abbreviation (UBND, HND, LĐLĐ...)
P_CONFERRED = {"Cờ thi đua": 0.85, "Bằng khen": 0.9, "Cờ thi đua của Chính phủ": 0.6, "Bằng khen PM": 0.7}
P_HEAD_AWARD = 0.3  # the chair unit's head gets a Bằng khen of the province
P_POST_CHANGES_AT_TERM = 0.6  # a post changes holder at a term start (2011, 2016, 2021, 2026)
P_POST_CHANGES_MIDTERM = 0.05
P_MOVER = 0.5  # a new holder is someone who left another post (moves between posts)
TERM_STARTS = (2001, 2006, 2011, 2016, 2021, 2026, 2031)
CLUSTER_SIZE = 6  # mass-organisation clusters: n // 6 clusters of the n district branches (6–11 each)

SURNAMES = (("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 4), ("Phan", 4),
            ("Vũ", 4), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2), ("Dương", 1),
            ("Lý", 1), ("Lò", 1), ("Giàng", 1), ("Lường", 1), ("Tòng", 1))
MIDDLE = {"m": ("Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Xuân", "Thanh", "Ngọc", "Trung", "Việt"),
          "f": ("Thị", "Thu", "Thanh", "Ngọc", "Minh", "Thúy", "Hồng", "Kim")}
GIVEN = {"m": ("An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Huy", "Khánh", "Long", "Nam", "Phong", "Quân",
               "Sơn", "Thắng", "Trung", "Tuấn", "Việt", "Thành", "Hiếu", "Kiên", "Lâm", "Tùng"),
         "f": ("Hà", "Hương", "Lan", "Mai", "Ngọc", "Phương", "Thảo", "Trang", "Yến", "Hằng", "Linh", "Nhung",
               "Hạnh", "Thủy", "Vân", "Oanh")}

# (member name before the province, the head's title)
DEPARTMENT_BLOCS = {
    "Khối thi đua các sở, ngành kinh tế": (
        ("Sở Kế hoạch và Đầu tư", "Giám đốc"), ("Sở Tài chính", "Giám đốc"), ("Sở Công Thương", "Giám đốc"),
        ("Sở Nông nghiệp và Phát triển nông thôn", "Giám đốc"), ("Sở Xây dựng", "Giám đốc"),
        ("Sở Giao thông vận tải", "Giám đốc"), ("Sở Tài nguyên và Môi trường", "Giám đốc"),
        ("Sở Khoa học và Công nghệ", "Giám đốc"), ("Cục Thuế", "Cục trưởng"), ("Kho bạc Nhà nước", "Giám đốc")),
    "Khối thi đua các sở, ngành văn hóa - xã hội": (
        ("Sở Giáo dục và Đào tạo", "Giám đốc"), ("Sở Y tế", "Giám đốc"),
        ("Sở Văn hóa, Thể thao và Du lịch", "Giám đốc"), ("Sở Lao động - Thương binh và Xã hội", "Giám đốc"),
        ("Sở Thông tin và Truyền thông", "Giám đốc"), ("Đài Phát thanh và Truyền hình", "Giám đốc"),
        ("Bảo hiểm xã hội", "Giám đốc")),
    "Khối thi đua các cơ quan nội chính": (
        ("Sở Tư pháp", "Giám đốc"), ("Thanh tra", "Chánh Thanh tra"), ("Sở Nội vụ", "Giám đốc"),
        ("Công an", "Giám đốc"), ("Bộ Chỉ huy Quân sự", "Chỉ huy trưởng"), ("Tòa án nhân dân", "Chánh án"),
        ("Viện kiểm sát nhân dân", "Viện trưởng")),
    "Khối thi đua các cơ quan tổng hợp": (
        ("Văn phòng Ủy ban nhân dân", "Chánh Văn phòng"), ("Văn phòng Tỉnh ủy", "Chánh Văn phòng"),
        ("Ban Tổ chức Tỉnh ủy", "Trưởng ban"), ("Ban Tuyên giáo Tỉnh ủy", "Trưởng ban"),
        ("Ủy ban Kiểm tra Tỉnh ủy", "Chủ nhiệm"), ("Sở Ngoại vụ", "Giám đốc")),
}
MASS_BLOC = "Khối thi đua Mặt trận Tổ quốc và các tổ chức chính trị - xã hội"
MASS_ORGANISATIONS = (("Ủy ban Mặt trận Tổ quốc Việt Nam", "Chủ tịch"), ("Liên đoàn Lao động", "Chủ tịch"),
                      ("Hội Nông dân", "Chủ tịch"), ("Hội Liên hiệp Phụ nữ", "Chủ tịch"),
                      ("Hội Cựu chiến binh", "Chủ tịch"), ("Tỉnh đoàn", "Bí thư"))
CLUSTER_ORGANISERS = ("Hội Nông dân", "Hội Liên hiệp Phụ nữ", "Liên đoàn Lao động")
ABBREVIATIONS = (("Ủy ban nhân dân", "UBND"), ("Hội Nông dân", "HND"), ("Liên đoàn Lao động", "LĐLĐ"),
                 ("Hội Liên hiệp Phụ nữ", "HLHPN"))
PARTY_COMMITTEE = {"huyện": "Huyện ủy", "quận": "Quận ủy", "thị xã": "Thị ủy", "thành phố": "Thành ủy"}
NATIONAL_CAMPAIGNS = ("Cả nước chung sức xây dựng nông thôn mới",
                      "Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau",
                      "Toàn dân đoàn kết xây dựng đời sống văn hóa")


@dataclass(frozen=True)
class SynthConfig:
    """What to generate: the first ``provinces`` of the register (spread over the country), years, seed."""

    provinces: int = 63
    first_year: int = 2006
    last_year: int = 2025
    seed: int = 0

"""Case tables for each stage of the article extractor: a sentence in; mentions, lists or facts out.

Every name here is invented ("Sở Alpha", "Công ty Beta", people "Nguyễn Văn An"); places are real
units of the administrative-unit register, since the register decides where a place name ends. The
shapes are those of ../shared/brief/EXTRACTION.md.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tdkt.kernel.names import key
from tdkt.loaders.articles import blocs, duties, geo, lists, units
from tdkt.loaders.articles.extract import extract_text
from tdkt.loaders.articles.page import html_to_text, read_header
from tdkt.loaders.articles.segment import segment

# ---------------------------------------------------------------- document and metadata


@pytest.mark.parametrize(("text", "url", "title", "published"), [
    ("URL: https://a.example.vn/x\n\nThân bài.", "https://a.example.vn/x", None, None),
    ("URL: https://a.example.vn/x\nTitle: Tin A\nPublished: 2031-01-02\n\nThân bài.", "https://a.example.vn/x",
     "Tin A", "2031-01-02"),
])
def test_header_block(text: str, url: str, title: str | None, published: str | None) -> None:
    body, meta = read_header(text)
    assert body.strip() == "Thân bài."
    assert (meta.url, meta.title, meta.published) == (url, title, published)


def test_no_header_block_leaves_text_alone() -> None:
    body, meta = read_header("URL của trang không phải là tiêu đề.\nDòng hai.")
    assert body.startswith("URL của trang") and meta.url is None


def test_saved_html_canonical_and_published() -> None:
    page = ('<html><head><link rel="canonical" href="https://b.example.vn/tin"/>'
            '<meta property="og:url" content="https://b.example.vn/other"/>'
            '<meta property="article:published_time" content="2031-03-04T08:00:00+07:00"/>'
            '<title>Tin B</title></head><body><p>Thân bài.</p></body></html>')
    _, meta = html_to_text(page)
    assert meta.url == "https://b.example.vn/tin"
    assert meta.published and meta.published.startswith("2031-03-04")


@pytest.mark.parametrize(("url", "province"), [
    ("http://bbt.camau.gov.vn/tin/1", "Cà Mau"),
    ("https://baothainguyen.vn/tin-1.html", "Thái Nguyên"),
    ("http://ldldlaichau.org.vn/a", "Lai Châu"),
    ("https://cuc.example.gov.vn/hanoi/noidung/1", "Hà Nội"),
    ("https://laichaumoi.example.vn/tin", "Lai Châu"),
    ("https://tintuc.example.vn/tin", None),
    ("https://example.com/tin/1", None),
])
def test_host_names_the_province(url: str, province: str | None) -> None:
    found = geo.provinces_in_host(url)
    assert (found[0] if found else None) == province


@pytest.mark.parametrize(("url", "provinces"), [
    ("http://cuc.example.gov.vn/noi-dung/1/Tong-ket-Cum-1-cua-tinh-Tra-Vinh-nam-2011", ["Trà Vinh"]),
    ("https://example.vn/tong-ket-cum-thi-dua-so-11-tinh-dong-nai", ["Đồng Nai"]),
    ("https://example.vn/hoi-nghi-thanh-pho-ho-chi-minh-nam-2020.html", ["Hồ Chí Minh"]),
    ("https://example.vn/tp-hcm-tong-ket-nam-2020", ["Hồ Chí Minh"]),
    ("https://example.vn/cum-thi-dua-thanh-pho-hue-2025", ["Huế"]),
    ("https://example.vn/tin/cum-thi-dua-tinh-ba-ria-vung-tau-2019", ["Bà Rịa - Vũng Tàu"]),
    ("https://example.vn/tinh-than-thi-dua-yeu-nuoc-2020", []),
    ("https://example.vn/thanh-pho-quy-nhon-tong-ket-2020", []),
    ("https://example.vn/hoi-nghi-lai-chau-2020", []),
    ("https://example.vn/tinh-lai-chauu-2020", []),
    ("https://tinh-lai-chau.example.vn/tin", []),
])
def test_the_address_slug_names_the_province_after_tinh(url: str, provinces: list[str]) -> None:
    assert geo.provinces_in_slug(url) == provinces


@given(st.sampled_from(sorted({a.short for a in geo.register().provinces.values()})),
       st.lists(st.sampled_from(["tong", "ket", "cum", "thi", "dua", "so", "1"]), max_size=5),
       st.lists(st.integers(0, 2030).map(str), max_size=3))
def test_any_province_after_tinh_in_a_slug_is_found(short: str, before: list[str], after: list[str]) -> None:
    slug = "-".join([*before, "tinh", key(short), *after])
    assert geo.provinces_in_slug(f"https://example.vn/tin/{slug}.html") == [short]


def test_hard_wrapped_lines_are_joined() -> None:
    text = ("Cụm thi đua số 2 tổng kết năm 2030\n"
            "Hội nghị tổng kết của Cụm thi đua số 2 có Ủy ban MTTQ Việt\n"
            "Nam huyện Tam Đường và Hội Nông dân\nhuyện Phong Thổ tham dự.")
    layout = segment(text)
    joined = " ".join(s.text for s in layout.sentences)
    assert "Ủy ban MTTQ Việt Nam huyện Tam Đường" in joined
    assert "Hội Nông dân huyện Phong Thổ" in joined


# ---------------------------------------------------------------- bloc names


@pytest.mark.parametrize(("text", "tail"), [
    ("Khối thi đua số 5 tổ chức hội nghị", "số 5"),
    ("Cụm thi đua số IV tổng kết", "số IV"),
    ("Khối thi đua 7 ký giao ước", "7"),
    ("Cụm thi đua số 3 Tòa án nhân dân tổng kết", "số 3 Tòa án nhân dân"),
    ("Cụm thi đua số 2 Hội Nông dân tỉnh tổng kết", "số 2"),
    ("Khối thi đua Văn hóa – Xã hội ký kết", "Văn hóa - Xã hội"),
    ("Cụm thi đua các tỉnh miền Đông tổng kết", "các tỉnh miền Đông"),
    ("Cụm thi đua Tây Nam sông Lớn tổng kết", "Tây Nam sông Lớn"),
    ("các đơn vị thuộc khối ngân hàng II đã ký", "ngân hàng II"),
    ("các địa phương cụm 6 thực hiện tốt", "6"),
])
def test_bloc_mentions(text: str, tail: str) -> None:
    found = [m.tail for m in blocs.mentions(text) if m.tail]
    assert found and found[0] == tail


def test_duty_word_is_no_bloc() -> None:
    assert not [m for m in blocs.mentions("Sở Alpha làm Cụm trưởng năm 2031") if m.tail]


def test_bloc_above_the_province() -> None:
    assert geo.spans_provinces("Cụm thi đua các tỉnh miền núi phía Bắc")
    assert geo.spans_provinces("Cụm thi đua số 4 Liên minh Hợp tác xã Việt Nam")
    assert not geo.spans_provinces("Cụm thi đua số 4")


# ---------------------------------------------------------------- member lists


def _members(text: str, province: str | None = "Lai Châu", head_text: str = "") -> list[str]:
    ends = [m.end for m in blocs.mentions(text)] + [text.find("khối") + 4, text.find("cụm") + 3]
    out: list[str] = []
    for found in lists.find_lists(text, ends, in_bloc_article=True):
        ctx = units.context_for(found, text, head_text, province, 2031)
        out.extend(name for _, name in units.members(found, ctx))
    return out


@pytest.mark.parametrize(("text", "expected"), [
    # 11: "gồm các xã: A, B, C và D" (bare places are the local governments)
    ("Cụm thi đua số 2 gồm các xã: Bản Bo, Bình Lư và Nà Tăm.",
     ["Ủy ban nhân dân xã Bản Bo", "Ủy ban nhân dân xã Bình Lư", "Ủy ban nhân dân xã Nà Tăm"]),
    # 12: names that contain "Khối", "Kiểm tra"; a Party organ list ending in "Tỉnh ủy"
    ("Khối gồm 4 đơn vị: Ban Alpha, Ủy ban Kiểm tra, Văn phòng Tỉnh ủy, Đảng ủy Khối Beta tỉnh.",
     ["Ban Alpha Tỉnh ủy Lai Châu", "Ủy ban Kiểm tra Tỉnh ủy Lai Châu", "Văn phòng Tỉnh ủy Lai Châu",
      "Đảng ủy Khối Beta tỉnh Lai Châu"]),
    # 13: shared head over a list with no "các"
    ("Cụm thi đua số 1 gồm Hội Nông dân huyện Tam Đường, Phong Thổ và thành phố Lai Châu.",
     ["Hội Nông dân huyện Tam Đường", "Hội Nông dân huyện Phong Thổ", "Hội Nông dân thành phố Lai Châu"]),
    ("Cụm thi đua số 4 gồm các Trường THPT: Alpha, Beta Gamma và Delta.",
     ["Trường Trung học phổ thông Alpha", "Trường Trung học phổ thông Beta Gamma",
      "Trường Trung học phổ thông Delta"]),
    # 14: a sector's provincial branches (the members are "[Sector] tỉnh A", not UBND)
    ("Cụm thi đua số 5 Bảo hiểm xã hội gồm 3 tỉnh: Sơn La, Điện Biên và Lai Châu.",
     ["Bảo hiểm xã hội tỉnh Sơn La", "Bảo hiểm xã hội tỉnh Điện Biên", "Bảo hiểm xã hội tỉnh Lai Châu"]),
    # 15: a list in brackets after the bloc; legal forms and digits stay
    ("lãnh đạo các đơn vị thuộc Khối thi đua 9 (Công ty TNHH Alpha, Công ty CP Xây dựng số 2, Tổng Công ty Beta)",
     ["Công ty TNHH Alpha", "Công ty CP Xây dựng số 2", "Tổng Công ty Beta"]),
    # 18: ";" lists, commas inside names
    ("Cụm thi đua số 3 gồm các công đoàn cơ sở: Sở Văn hóa, Thể thao và Du lịch; Sở Nội vụ; Sở Y tế.",
     ["Công đoàn cơ sở Sở Văn hóa, Thể thao và Du lịch tỉnh Lai Châu", "Công đoàn cơ sở Sở Nội vụ tỉnh Lai Châu",
      "Công đoàn cơ sở Sở Y tế tỉnh Lai Châu"]),
    # sector names given bare
    ("Khối thi đua Văn hóa – Xã hội gồm: Giáo dục và Đào tạo, Y tế, Lao động – Thương binh và Xã hội.",
     ["Sở Giáo dục và Đào tạo tỉnh Lai Châu", "Sở Y tế tỉnh Lai Châu",
      "Sở Lao động - Thương binh và Xã hội tỉnh Lai Châu"]),
    # a guest in brackets is no member
    ("Cụm thi đua số 9 gồm Tòa án nhân dân các tỉnh: Sơn La, Lai Châu và Điện Biên (khách mời).",
     ["Tòa án nhân dân tỉnh Sơn La", "Tòa án nhân dân tỉnh Lai Châu"]),
])
def test_member_lists(text: str, expected: list[str]) -> None:
    assert _members(text) == expected


def test_provinces_of_a_national_cluster_have_no_home_province() -> None:
    text = "Cụm thi đua số 1 Hội Cựu chiến binh gồm các tỉnh: Sơn La, Điện Biên."
    assert _members(text, province=None) == ["Hội Cựu chiến binh tỉnh Sơn La", "Hội Cựu chiến binh tỉnh Điện Biên"]


def test_youth_union_branches_have_their_own_name() -> None:
    text = "Cụm Đoàn thanh niên gồm 2 tỉnh, thành: Hà Nội và Lai Châu."
    assert _members(text, province=None, head_text="Đoàn thanh niên") == ["Thành đoàn Hà Nội", "Tỉnh đoàn Lai Châu"]


# ---------------------------------------------------------------- duties (role)


def _duties(text: str, reviewed: int = 2030, kind: str = "tổng kết") -> set[tuple[str, str, int]]:
    doc = extract_text(f"Hội nghị {kind} Cụm thi đua số 2 tỉnh Lai Châu năm {reviewed}. {text}", source_id="d")
    return {(str(r.fields["unit"]), str(r.fields["role"]), int(str(r.fields["year"]))) for r in doc.of_type("role")}


@pytest.mark.parametrize(("text", "expected"), [
    # 21: brackets after one unit
    ("Sở Alpha (đơn vị Trưởng Khối) và Sở Beta (đơn vị Phó Khối) đồng chủ trì.",
     {("Sở Alpha tỉnh Lai Châu", "chair", 2030), ("Sở Beta tỉnh Lai Châu", "vice_chair", 2030)}),
    # 22: apposition; chair and host
    ("Hội Nông dân huyện Tam Đường – Cụm trưởng Cụm thi đua số 2 đã chủ trì tổ chức hội nghị.",
     {("Hội Nông dân huyện Tam Đường", "chair", 2030), ("Hội Nông dân huyện Tam Đường", "host", 2030)}),
    # 23: election with the year beside it
    ("Hội nghị bầu Sở Alpha làm Cụm trưởng, Sở Beta làm Cụm phó năm 2031.",
     {("Sở Alpha tỉnh Lai Châu", "chair", 2031), ("Sở Beta tỉnh Lai Châu", "vice_chair", 2031)}),
    # 23: election at a year-end review, no year written: the coming year
    ("Hội nghị bầu huyện Phong Thổ là trưởng cụm.", {("Ủy ban nhân dân huyện Phong Thổ", "chair", 2031)}),
    # the duty before its unit
    ("Hội nghị giới thiệu Trưởng cụm năm 2031 là Bệnh viện Alpha tỉnh và Phó trưởng cụm là Trung tâm Beta tỉnh.",
     {("Bệnh viện Alpha tỉnh Lai Châu", "chair", 2031), ("Trung tâm Beta tỉnh Lai Châu", "vice_chair", 2031)}),
    # 25: a duty held through a person
    ("Đồng chí Nguyễn Văn An, Giám đốc Sở Alpha, Khối trưởng phát biểu.", {("Sở Alpha tỉnh Lai Châu", "chair", 2030)}),
    # 24: hosting handed over
    ("Hội nghị trao quyền đăng cai năm 2031 cho huyện Phong Thổ.",
     {("Ủy ban nhân dân huyện Phong Thổ", "host", 2031)}),
    # 24: handover to a unit
    ("Hội nghị bàn giao Cụm trưởng cụm thi đua số 2 năm 2031 cho Sở Alpha đảm nhận.",
     {("Sở Alpha tỉnh Lai Châu", "chair", 2031)}),
    ("Sở Alpha nhận bàn giao Trưởng Khối thi đua năm 2031 từ Sở Beta – Trưởng Khối thi đua năm 2030.",
     {("Sở Alpha tỉnh Lai Châu", "chair", 2031), ("Sở Beta tỉnh Lai Châu", "chair", 2030)}),
    # 25: a duty after a person's title chain with no comma
    ("Ông Nguyễn Văn An, chủ tịch UBND xã Bản Bo cụm trưởng đã trình bày báo cáo.",
     {("Ủy ban nhân dân xã Bản Bo", "chair", 2030)}),
    # organiser: "do A tổ chức"
    ("Hội nghị diễn ra ngày 5/12 do Sở Alpha tỉnh tổ chức.", {("Sở Alpha tỉnh Lai Châu", "host", 2030)}),
])
def test_duties(text: str, expected: set[tuple[str, str, int]]) -> None:
    assert _duties(text) == expected


def test_organised_blocs_are_no_hosted_meeting() -> None:
    assert _duties("Theo quy chế, các cụm, khối thi đua do Ủy ban nhân dân tỉnh tổ chức và quản lý.") == set()


def test_unit_before_a_duty_skips_titles() -> None:
    text = "Ông Trần Văn Bình, Phó Viện trưởng VKSND tỉnh Sơn La – đơn vị Cụm phó"
    found = duties.unit_before(text, text.index(" – "))
    assert found and found[1] == "VKSND tỉnh Sơn La"


# ---------------------------------------------------------------- awards


def _awards(text: str) -> set[tuple[str, str, str, int]]:
    doc = extract_text(f"Hội nghị tổng kết Cụm thi đua số 2 tỉnh Lai Châu năm 2030. {text}", source_id="a")
    return {(str(r.fields["recipient"]), str(r.fields["award"]), str(r.fields["status"]), int(str(r.fields["year"])))
            for r in doc.of_type("award")}


@pytest.mark.parametrize(("text", "expected"), [
    # 28: no "tặng", status carried over ";"
    ("Cụm đề nghị Cờ thi đua của UBND tỉnh cho Sở Alpha; Bằng khen của UBND tỉnh cho Sở Beta, Sở Gamma.",
     {("Sở Alpha tỉnh Lai Châu", "Cờ thi đua", "proposed", 2030),
      ("Sở Beta tỉnh Lai Châu", "Bằng khen", "proposed", 2030),
      ("Sở Gamma tỉnh Lai Châu", "Bằng khen", "proposed", 2030)}),
    # 29: recipient before "nhận"
    ("Hội nghị suy tôn Sở Alpha nhận Cờ thi đua của UBND tỉnh, Sở Beta nhận Bằng khen của UBND tỉnh.",
     {("Sở Alpha tỉnh Lai Châu", "Cờ thi đua", "proposed", 2030),
      ("Sở Beta tỉnh Lai Châu", "Bằng khen", "proposed", 2030)}),
    # 31: a qualifier between the award and "cho"
    ("UBND tỉnh đã tặng Bằng khen đơn vị hoàn thành xuất sắc nhiệm vụ năm 2030 cho huyện Tam Đường và huyện Phong Thổ.",
     {("Ủy ban nhân dân huyện Tam Đường", "Bằng khen", "conferred", 2030),
      ("Ủy ban nhân dân huyện Phong Thổ", "Bằng khen", "conferred", 2030)}),
    # 32: "AWARD là X"
    ("Cụm thống nhất đề nghị Thủ tướng Chính phủ tặng cờ thi đua là Sở Alpha.",
     {("Sở Alpha tỉnh Lai Châu", "Cờ thi đua", "proposed", 2030)}),
    # 34: conferred; a second award elided from the verb; ";" after "cho N tập thể:"
    ("UBND tỉnh đã trao Cờ Thi đua cho tập thể Sở Alpha và Bằng khen UBND tỉnh cho 2 tập thể: Sở Beta; Sở Gamma.",
     {("Sở Alpha tỉnh Lai Châu", "Cờ thi đua", "conferred", 2030),
      ("Sở Beta tỉnh Lai Châu", "Bằng khen", "conferred", 2030),
      ("Sở Gamma tỉnh Lai Châu", "Bằng khen", "conferred", 2030)}),
    # 35: "cờ UBND tỉnh" is the provincial Cờ thi đua
    ("Đơn vị xã Bản Bo đề nghị Hội đồng TĐKT huyện xét tặng cờ UBND tỉnh.",
     {("Ủy ban nhân dân xã Bản Bo", "Cờ thi đua", "proposed", 2030)}),
    # a count in brackets
    ("UBND tỉnh đã tặng Bằng khen cho 02 huyện (Tam Đường và Phong Thổ).",
     {("Ủy ban nhân dân huyện Tam Đường", "Bằng khen", "conferred", 2030),
      ("Ủy ban nhân dân huyện Phong Thổ", "Bằng khen", "conferred", 2030)}),
])
def test_awards(text: str, expected: set[tuple[str, str, str, int]]) -> None:
    assert _awards(text) == expected


def test_a_registration_is_no_award() -> None:
    assert _awards("Các đơn vị đăng ký Cờ thi đua của Chính phủ cho năm 2031.") == set()


def test_grantor_left_empty_when_unnamed() -> None:
    doc = extract_text("Hội nghị tổng kết Cụm thi đua số 2 tỉnh Lai Châu năm 2030. Hội nghị suy tôn Sở Alpha "
                       "đạt danh hiệu thi đua xuất sắc.", source_id="g")
    awards = list(doc.of_type("award"))
    assert awards and all(a.fields["grantor"] is None for a in awards)


# ---------------------------------------------------------------- officials (position)


def _positions(text: str) -> set[tuple[str, str]]:
    doc = extract_text(f"Hội nghị tổng kết Cụm thi đua số 2 tỉnh Lai Châu năm 2030. {text}", source_id="p")
    return {(str(r.fields["person"]), str(r.fields["organisation"])) for r in doc.of_type("position")}


@pytest.mark.parametrize(("text", "expected"), [
    # a chain: one position per post, each with its own body
    ("Dự có đồng chí Nguyễn Văn An, Tỉnh ủy viên, Giám đốc Sở Alpha phát biểu.",
     {("Nguyễn Văn An", "Tỉnh ủy Lai Châu"), ("Nguyễn Văn An", "Sở Alpha tỉnh Lai Châu")}),
    # 37: a military rank before the name
    ("Dự có Thiếu tướng Trần Văn Bình, Phó Chủ tịch Hội Alpha Việt Nam.",
     {("Trần Văn Bình", "Hội Alpha Việt Nam")}),
    # 38: central titles that name their own body
    ("Dự có ông Lê Văn Cường, Bí thư Trung ương Đảng, Chủ tịch Ủy ban Trung ương Hội Beta Việt Nam.",
     {("Lê Văn Cường", "Ban Bí thư Trung ương Đảng"), ("Lê Văn Cường", "Ủy ban Trung ương Hội Beta Việt Nam")}),
    # a Party body written bare takes the next post's organisation
    ("Dự có đồng chí Phạm Thị Dung, Phó Bí thư Đảng ủy, Phó Cục trưởng Cục Alpha tỉnh.",
     {("Phạm Thị Dung", "Đảng ủy Cục Alpha tỉnh Lai Châu"), ("Phạm Thị Dung", "Cục Alpha tỉnh Lai Châu")}),
    # 39: a Party title with a bare place belongs to that place's Party committee
    ("Dự có đồng chí Trần Văn Bình, Phó Bí thư Thường trực tỉnh Sơn La.", {("Trần Văn Bình", "Tỉnh ủy Sơn La")}),
    # 40: the title before the name; the honorific is not part of the name
    ("Tham dự có Phó trưởng ban Thường trực Ban Alpha Tỉnh ủy Hoàng Văn Em.",
     {("Hoàng Văn Em", "Ban Alpha Tỉnh ủy Lai Châu")}),
])
def test_positions(text: str, expected: set[tuple[str, str]]) -> None:
    assert _positions(text) >= expected


# ---------------------------------------------------------------- assembly


def test_a_bloc_above_the_province_has_none_and_keeps_its_records() -> None:
    doc = extract_text("Cụm thi đua số 4 Hội Alpha các tỉnh miền núi tổng kết năm 2030. Cụm thi đua số 4 gồm "
                       "Hội Alpha các tỉnh: Sơn La, Điện Biên và Lai Châu. Hội nghị bầu Hội Alpha tỉnh Sơn La làm "
                       "Cụm trưởng năm 2031.", source_id="n")
    bloc = next(doc.of_type("bloc"))
    assert bloc.fields["province"] is None
    assert len(list(doc.of_type("membership"))) == 3
    assert {(r.fields["unit"], r.fields["year"]) for r in doc.of_type("role")} == {("Hội Alpha tỉnh Sơn La", 2031)}


def test_no_province_anywhere_still_gives_the_bloc() -> None:
    doc = extract_text("Khối thi đua số 3 tổng kết năm 2030. Khối gồm: Hội Alpha Việt Nam, Hội Beta Việt Nam.",
                       source_id="q")
    assert [b.fields["province"] for b in doc.of_type("bloc")] == [None]
    assert sorted(r.fields["unit"] for r in doc.of_type("membership")) == ["Hội Alpha Việt Nam", "Hội Beta Việt Nam"]


# ---------------------------------------------------------------- members implied by the duty holders


def test_the_branches_whose_leaders_attend_beside_the_chair_and_vice_chair_are_members() -> None:
    """No sector is named, but the chair and the vice-chair are both provincial procuracies: the other
    procuracies whose leaders attend are members; a court, and the supreme procuracy, are not."""
    doc = extract_text(
        "Cụm thi đua số 9 tổng kết công tác thi đua, khen thưởng năm 2030.\n"
        "Tham dự Hội nghị có đồng chí Nguyễn Văn Ánh, Viện trưởng VKSND tỉnh Lai Châu – đơn vị Cụm trưởng; "
        "đồng chí Trần Văn Bình, Phó Viện trưởng VKSND tỉnh Điện Biên – đơn vị Cụm phó; "
        "đồng chí Lê Thị Cúc, Viện trưởng VKSND tỉnh Sơn La; đồng chí Phạm Văn Dũng, Chánh án TAND tỉnh Sơn La; "
        "đồng chí Hoàng Văn Em, Vụ trưởng Vụ Thi đua VKSND tối cao.", source_id="m")
    members = {str(r.fields["unit"]) for r in doc.of_type("membership")}
    assert members == {"Viện kiểm sát nhân dân tỉnh Lai Châu", "Viện kiểm sát nhân dân tỉnh Điện Biên",
                       "Viện kiểm sát nhân dân tỉnh Sơn La"}


def test_duty_holders_of_different_kinds_imply_no_members() -> None:
    doc = extract_text(
        "Khối thi đua số 9 tổng kết công tác thi đua, khen thưởng năm 2030.\n"
        "Dự hội nghị có đồng chí Nguyễn Văn Ánh, Giám đốc Sở Tư pháp tỉnh Lai Châu – đơn vị Khối trưởng; "
        "đồng chí Trần Văn Bình, Cục trưởng Cục Thi hành án dân sự tỉnh Lai Châu – đơn vị Khối phó; "
        "đồng chí Lê Thị Cúc, Chánh án Tòa án nhân dân tỉnh Lai Châu.", source_id="n")
    members = {str(r.fields["unit"]) for r in doc.of_type("membership")}
    assert "Tòa án nhân dân tỉnh Lai Châu" not in members


# ---------------------------------------------------------------- rankings


def _rankings(text: str) -> set[tuple[str, int]]:
    doc = extract_text(f"Khối thi đua số 2 tỉnh Lai Châu tổng kết công tác thi đua năm 2030. {text}", source_id="k")
    assert all(r.fields["year"] == 2030 for r in doc.of_type("ranking"))
    return {(str(r.fields["unit"]), int(r.fields["rank"])) for r in doc.of_type("ranking")}


@pytest.mark.parametrize(("text", "expected"), [
    ("Hội nghị suy tôn huyện Tam Đường đứng thứ nhất khối, thứ nhì huyện Phong Thổ, ba là huyện Sìn Hồ.",
     {("Ủy ban nhân dân huyện Tam Đường", 1), ("Ủy ban nhân dân huyện Phong Thổ", 2),
      ("Ủy ban nhân dân huyện Sìn Hồ", 3)}),
    ("Hội nghị suy tôn Sở Nội vụ là đơn vị dẫn đầu khối, 02 đơn vị nhì khối là Sở Tư pháp và Sở Y tế.",
     {("Sở Nội vụ tỉnh Lai Châu", 1), ("Sở Tư pháp tỉnh Lai Châu", 2), ("Sở Y tế tỉnh Lai Châu", 2)}),
    # a count after the first is no place: "hai huyện" are two districts
    ("Huyện Tam Đường là đơn vị dẫn đầu khối, hai huyện Phong Thổ và Sìn Hồ được đề nghị tặng Bằng khen.",
     {("Ủy ban nhân dân huyện Tam Đường", 1)}),
    # an organ of the provincial Party committee is named with the committee and the province
    ("Hội nghị nhất trí bầu Ủy ban Kiểm tra Tỉnh ủy là đơn vị dẫn đầu, Ban Tổ chức Tỉnh ủy xếp thứ nhì.",
     {("Ủy ban Kiểm tra Tỉnh ủy Lai Châu", 1), ("Ban Tổ chức Tỉnh ủy Lai Châu", 2)}),
    # a flag of the second class is an award, not a place in the ranking
    ("Sở Nội vụ là đơn vị dẫn đầu khối; Sở Tài chính nhận cờ thi đua hạng nhì.", {("Sở Nội vụ tỉnh Lai Châu", 1)}),
])
def test_rankings_before_after_and_following_the_rank_word(text: str, expected: set[tuple[str, int]]) -> None:
    assert _rankings(text) == expected


# ---------------------------------------------------------------- campaigns


def _campaigns(text: str) -> set[str]:
    doc = extract_text(f"Khối thi đua số 2 tỉnh Lai Châu tổng kết công tác thi đua năm 2030. {text}", source_id="c")
    return {str(r.fields["name"]) for r in doc.of_type("campaign")}


@pytest.mark.parametrize(("text", "expected"), [
    ("Các đơn vị triển khai phong trào thi đua “Vườn cây ba tầng”.", {"Vườn cây ba tầng"}),
    # the campaign word, then the words that introduce its examples
    ("Các đơn vị hưởng ứng các phong trào thi đua do Ủy ban nhân dân tỉnh phát động như “Bản sạch đường đẹp”, "
     "“Mỗi xã một sản phẩm”.", {"Bản sạch đường đẹp", "Mỗi xã một sản phẩm"}),
    ("Năm 2030 có nhiều phong trào thi đua thiết thực, hiệu quả như: “Nông dân làm giàu”; “Đường sáng nhà xanh”.",
     {"Nông dân làm giàu", "Đường sáng nhà xanh"}),
    # a quote that no campaign word introduces is no campaign
    ("Các đơn vị thực hiện tốt “4 xin, 4 luôn” trong giao tiếp.", set()),
])
def test_campaigns_named_after_a_campaign_word_or_its_examples(text: str, expected: set[str]) -> None:
    assert _campaigns(text) == expected


# ---------------------------------------------------------------- conferences that review a year


@pytest.mark.parametrize(("text", "kind"), [
    ("Ngày 20/12/2030, Cụm thi đua số 2 tỉnh Lai Châu tổ chức hội nghị giao ban công tác thi đua năm 2030.",
     "tổng kết"),
    ("Ngày 15/12/2030, Cụm thi đua số 2 tỉnh Lai Châu tổ chức hội nghị bình xét thi đua, khen thưởng năm 2030.",
     "tổng kết"),
    # a part of the year is no review of it
    ("Ngày 20/7/2030, Cụm thi đua số 2 tỉnh Lai Châu tổ chức hội nghị giao ban 6 tháng đầu năm 2030.", "other"),
])
def test_a_meeting_that_reviews_the_whole_year_is_a_review(text: str, kind: str) -> None:
    doc = extract_text(text, source_id="g")
    assert [(r.fields["kind"], r.fields["year"]) for r in doc.of_type("conference")] == [(kind, 2030)]

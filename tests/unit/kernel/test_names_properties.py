"""Property tests: name normalisation is idempotent and canonical; the extractor never crashes."""

from __future__ import annotations

import re
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from underthesea.pipeline.text_normalize.token_normalize import token_normalize

from tdkt.kernel.errors import TdktError
from tdkt.kernel.names import canonical_name, fix_tone_marks, key, nfc
from tdkt.loaders.articles import extract_file, extract_text
from tdkt.loaders.records import RecordsDocument

# Vietnamese-looking text: letters with every tone and vowel mark, spaces and punctuation.
VIET = "aăâeêioôơuưyđAĂÂEÊIOÔƠUƯYĐbcdghklmnpqrstvx"
TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
syllable = st.builds(lambda a, t, b: unicodedata.normalize("NFC", a + t) + b,
                     st.sampled_from(VIET), st.sampled_from(TONES), st.text(alphabet="nhgtcmpiyuoa", max_size=3))
vietnamese = st.lists(st.one_of(syllable, st.sampled_from([" ", " ", ", ", " - ", "UBND", "HĐND", "TP", "Uỷ", "hoà"])),
                      max_size=12).map("".join)
OLD_STYLE = ("oà", "oá", "oả", "oã", "oạ", "oè", "oé", "oẻ", "oẽ", "oẹ", "uỳ", "uý", "uỷ", "uỹ", "uỵ")


@given(vietnamese)
def test_fix_tone_marks_idempotent_and_nfc(text: str) -> None:
    once = fix_tone_marks(text)
    assert fix_tone_marks(once) == once
    assert unicodedata.is_normalized("NFC", once)


@given(vietnamese)
def test_canonical_name_idempotent(text: str) -> None:
    once = canonical_name(text)
    assert canonical_name(once) == once
    assert unicodedata.is_normalized("NFC", once)


@given(st.text(max_size=60))
def test_nfc_idempotent(text: str) -> None:
    assert nfc(nfc(text)) == nfc(text)
    assert unicodedata.is_normalized("NFC", nfc(text))


@given(st.lists(st.sampled_from(["hoà", "thuỷ", "Uỷ", "khoẻ", "toà", "quý", "hòa", "Ủy"]), min_size=1, max_size=4))
def test_old_tone_placements_disappear(words: list[str]) -> None:
    out = fix_tone_marks(" ".join(words)).lower()
    # "quý" keeps its mark on y: qu is a consonant there
    assert not any(old in out.replace("quý", "") for old in OLD_STYLE)


@given(st.one_of(syllable, st.text(max_size=9), st.sampled_from(["hoà", "Uỷ", "thuỷ", "khoẻ", "nghành", "Ðồng"])))
def test_tone_marks_follow_underthesea_word_for_word(word: str) -> None:
    """fix_tone_marks reads underthesea's table without importing the package: it must agree with it."""
    for found in re.findall(r"\w+", unicodedata.normalize("NFC", word)):
        assert fix_tone_marks(found) == token_normalize(found)


@given(vietnamese)
def test_key_ignores_form_and_tone_placement(text: str) -> None:
    nfd = unicodedata.normalize("NFD", text)
    assert key(text) == key(nfd)
    assert key(text) == key(fix_tone_marks(text))


HOSTILE = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.builds(lambda s: "<script>" + s + "</script><p>" + s + "</p>", st.text(max_size=80)),
    st.builds(lambda s: "\x00\x01\x1b[31m" + s + "\u202e\ufeff", st.text(max_size=80)),
    st.builds(lambda s, n: (s + " ") * n, vietnamese, st.integers(1, 200)),
    st.builds(lambda s: "Khối thi đua " + s + " (Cụm trưởng) “" + s, vietnamese),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE)
def test_extract_text_never_crashes(text: str) -> None:
    try:
        doc = extract_text(text, source_id="fuzz")
    except TdktError:
        return
    assert isinstance(doc, RecordsDocument)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=2000), HOSTILE.map(lambda s: s.encode("utf-8", "surrogatepass"))))
def test_extract_file_never_crashes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "page.html"
        path.write_bytes(data)
        try:
            doc = extract_file(path)
        except TdktError:
            return
        assert isinstance(doc, RecordsDocument)


def test_huge_line_is_fast() -> None:
    text = "Khối thi đua các huyện " + "Ủy ban nhân dân huyện Tân Uyên, " * 5000
    doc = extract_text(text, source_id="huge")
    assert isinstance(doc, RecordsDocument)

"""Bytes and markup to clean Unicode text.

Saved pages come in UTF-8, Windows-1258 or the pre-Unicode Vietnamese font
encodings (TCVN3/ABC, VNI), sometimes already mis-decoded into Latin-1
"garbage" inside a UTF-8 file. Each is detected from the content (viparse's
character model) and converted; text that is none of these is refused with an
:class:`EncodingError`, never guessed.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import viparse
from viparse.normalize.frequency import vietnamese_score

from tdkt.kernel.errors import EncodingError

# Latin-1 characters that Unicode Vietnamese never uses but TCVN3/VNI text is full of.
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_LEGACY_MARKERS = frozenset(chr(c) for c in range(0xA1, 0x100)) - _VIETNAMESE_LATIN1
_VIETNAMESE_ONLY = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u206f\ufeff]")
# Below this mean log-probability under viparse's model, decoded bytes are not Vietnamese prose.
_MIN_SCORE = -3.8
_LEGACY = ("tcvn3", "vni")


def clean(text: str) -> str:
    """NFC, with control and invisible characters removed and line ends unified."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    return unicodedata.normalize("NFC", _CONTROL.sub("", text))


def _legacy_share(text: str) -> float:
    sample = text[:20000]
    markers = sum(1 for c in sample if c in _LEGACY_MARKERS)
    modern = len(_VIETNAMESE_ONLY.findall(sample))
    return markers / (markers + modern) if markers else 0.0


def repair_legacy(text: str) -> tuple[str, str | None]:
    """Convert TCVN3/VNI text that reached us as Latin-1 look-alikes; return (text, encoding)."""
    if _legacy_share(text) < 0.5:
        return text, None
    encoding = viparse.detect_text_encoding(text[:20000])
    if encoding not in _LEGACY:
        return text, None
    fixed = viparse.fix(text, encoding=encoding)
    return unicodedata.normalize("NFC", fixed), encoding


def _score(text: str) -> float:
    letters = re.sub(r"[\W\d_]+", " ", text[:20000])
    return vietnamese_score(letters) if letters.strip() else -99.0


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Decode a file's bytes; return (text, encoding name). Raise EncodingError if unreadable."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return clean(data.decode("utf-16")), "utf-16"
        except UnicodeDecodeError as exc:
            raise EncodingError(f"{name}: has a UTF-16 byte-order mark but is not UTF-16 ({exc.reason})") from exc
    if b"\x00" in data[:8192]:
        raise EncodingError(f"{name}: is binary data, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _decode_legacy_bytes(data, name)
    fixed, legacy = repair_legacy(clean(text))
    return fixed, f"utf-8+{legacy}" if legacy else "utf-8"


def _decode_legacy_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Bytes that are not UTF-8: Windows-1258, or TCVN3/VNI read through Latin-1."""
    candidates: list[tuple[float, str, str]] = []
    cp1258 = clean(data.decode("cp1258", errors="replace"))
    if cp1258.count("\ufffd") <= max(2, len(cp1258) // 500):
        candidates.append((_score(cp1258), "cp1258", cp1258))
    surface = clean(data.decode("latin-1"))
    encoding = viparse.detect_text_encoding(surface[:20000])
    if encoding in _LEGACY:
        converted = unicodedata.normalize("NFC", viparse.fix(surface, encoding=encoding))
        candidates.append((_score(converted) + 0.3, encoding, converted))
    if not candidates:
        raise EncodingError(f"{name}: is not UTF-8, Windows-1258, TCVN3 or VNI text")
    score, encoding, text = max(candidates)
    if score < _MIN_SCORE:
        raise EncodingError(
            f"{name}: is not UTF-8 and does not read as Vietnamese in Windows-1258, TCVN3 or VNI"
        )
    return text, encoding

"""Canonical Vietnamese names: one spelling per entity, whatever the source wrote.

Canonical names follow RECORDS.md: NFC, tone marks placed as in official
names (Ủy, hòa, thủy), abbreviations expanded, the implicit province made
explicit. Keys derived from them are what identity is built on.
"""

from __future__ import annotations

import importlib.util
import pickle
import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path

from slugify import slugify

from tdkt.kernel.yamlload import load_yaml

_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")
_LEADING_ZEROS = re.compile(r"(?<![\d])0+(?=\d)")


@lru_cache(maxsize=1)
def lookups() -> Mapping[str, object]:
    """The abbreviation tables in ``lookups.yml``."""
    text = resources.files("tdkt.kernel").joinpath("lookups.yml").read_text(encoding="utf-8")
    data = load_yaml(text)
    if not isinstance(data, dict):
        raise ValueError("kernel/lookups.yml must be a mapping")
    return data


def nfc(text: str) -> str:
    """Unicode NFC with runs of white space folded to one space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fix_tone_marks(text: str) -> str:
    """Place tone marks as in official names (Uỷ → Ủy, hoà → hòa), word by word."""
    return _WORD.sub(lambda m: _normal_word(m.group()), nfc(text))


# underthesea's tone-mark table (a pinned dependency). Read from its data file: importing the package loads its
# whole NLP pipeline (numpy, joblib; half a second of every command's start) for a 2,904-entry dictionary.
_TONE_TABLE = "pipeline/text_normalize/tn_rules_2023_07_14.bin"
_SHORTEST_UNTOUCHED = 7  # the table holds syllables; longer tokens are left as they are


@lru_cache(maxsize=1)
def _tone_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(character map, syllable map) of underthesea's text normaliser."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or spec.origin is None:
        raise RuntimeError("the underthesea package is not installed: pip install -e . installs it")
    path = Path(spec.origin).parent / _TONE_TABLE
    try:
        with path.open("rb") as table:
            data = pickle.load(table)  # an installed dependency's own data file, trusted as its code is
    except OSError as exc:
        raise RuntimeError(f"{path}: underthesea's tone-mark table is missing ({exc.strerror}); "
                           "reinstall the pinned version (pip install -e .)") from exc
    return dict(data["character"]), dict(data["token"])


@lru_cache(maxsize=65536)
def _normal_word(word: str) -> str:
    if len(word) >= _SHORTEST_UNTOUCHED:
        return word
    characters, syllables = _tone_tables()
    word = unicodedata.normalize("NFC", word)
    for odd, standard in characters.items():
        word = word.replace(odd, standard)
    return syllables.get(word, word)


def _abbreviation_pattern(table: Mapping[str, str]) -> re.Pattern[str]:
    # Longest first so that UBMTTQ wins over MTTQ; "&" and "-" may sit inside.
    keys = sorted(table, key=len, reverse=True)
    alternatives = "|".join(re.escape(k) for k in keys)
    return re.compile(rf"(?<![\w&-])(?:{alternatives})(?![\w&])\.?")


@lru_cache(maxsize=2)
def _expander(kind: str) -> tuple[re.Pattern[str], dict[str, str]]:
    tables = lookups()
    table: dict[str, str] = dict(tables["organisations"])  # type: ignore[call-overload]
    if kind == "titles":
        table.update(tables["titles"])  # type: ignore[call-overload]
    return _abbreviation_pattern(table), table


def expand_abbreviations(text: str, *, titles: bool = False) -> str:
    """Write out the abbreviations of ``lookups.yml`` (UBND → Ủy ban nhân dân)."""
    pattern, table = _expander("titles" if titles else "organisations")

    def full(match: re.Match[str]) -> str:
        after = match.string[match.end() : match.end() + 1]
        return table[match.group().rstrip(".")] + (" " if after.isalnum() else "")

    return pattern.sub(full, text).strip()


def _explicit_province(name: str, province: str | None) -> str:
    if not province:
        return name
    heads = lookups()["province_level_heads"]
    assert isinstance(heads, list)
    if re.search(r"\btỉnh$", name, flags=re.IGNORECASE):
        return f"{name} {province}"
    if any(name.casefold() == str(h).casefold() for h in heads):
        return f"{name} {province}"
    return name


@lru_cache(maxsize=65536)
def canonical_name(name: str, province: str | None = None) -> str:
    """The canonical spelling of an organisation or bloc name.

    >>> canonical_name("LĐLĐ tỉnh", "Lai Châu")
    'Liên đoàn Lao động tỉnh Lai Châu'
    >>> canonical_name("UBND  huyện Tân Uyên")
    'Ủy ban nhân dân huyện Tân Uyên'
    """
    text = fix_tone_marks(expand_abbreviations(nfc(name)))
    text = text.strip(" .,;:")
    if text and text[0].islower():
        text = text[0].upper() + text[1:]
    return _explicit_province(text, province)


def canonical_title(title: str) -> str:
    """The canonical spelling of an official's title (PCT → Phó Chủ tịch)."""
    text = fix_tone_marks(expand_abbreviations(nfc(title), titles=True)).strip(" .,;:")
    return text[:1].upper() + text[1:]


def canonical_person(name: str) -> str:
    """A person's name in NFC with official tone marks; all-caps becomes title case."""
    text = fix_tone_marks(name).strip(" .,;:")
    if text.isupper():
        text = " ".join(w[:1] + w[1:].lower() for w in text.split(" "))
    return text


@lru_cache(maxsize=1 << 18)
def key(text: str) -> str:
    """An ASCII key for identity: case, tone marks, đ and leading zeros folded.

    >>> key("Cụm Thi đua số 01") == key("cụm thi đua số 1")
    True
    """
    return _LEADING_ZEROS.sub("", slugify(nfc(text), lowercase=True))

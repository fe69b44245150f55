"""Administrative units from the vietnamadminunits package's own data files.

The package's parser guesses silently and geocodes streets online, so only its
data is used here: a read-only SQLite register of the units before 1 July 2025
(63 provinces, districts, communes, GSO codes, coordinates), the register from
1 July 2025 (34 provinces, communes) and its province conversion table.
Lookups never guess: an unknown or ambiguous name gives ``None`` or a
:class:`PlaceError` that says why.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib.util import find_spec
from pathlib import Path

from tdkt.kernel.errors import PlaceError
from tdkt.kernel.names import key, lookups, nfc

REORGANISATION_DATE = "2025-07-01"

_PLACE_WORDS = ("thành phố", "thị xã", "thị trấn", "tỉnh", "huyện", "quận", "xã", "phường")
_DISTRICT_WORDS = ("huyện", "quận", "thị xã", "thành phố")
_PLACE_IN_NAME = re.compile(
    r"\b(" + "|".join(_PLACE_WORDS) + r")\s+((?:[^\W_][\w'-]*\s*)+)$",
    flags=re.IGNORECASE,
)


@dataclass(frozen=True)
class Area:
    """An administrative unit in one edition of the register."""

    edition: str  # "pre2025" or "2025"
    level: str  # "province", "district" or "commune"
    code: str
    name: str  # full official name, e.g. "Huyện Nậm Nhùn"
    short: str  # e.g. "Nậm Nhùn"
    kind: str  # e.g. "Huyện", "Tỉnh", "Thành phố", "Xã"
    latitude: float | None
    longitude: float | None
    parent: str | None  # code of the containing unit in the same edition

    @property
    def key(self) -> str:
        return f"{self.edition}/{self.level}-{self.code}"


def _compact(text: str) -> str:
    return key(text).replace("-", "")


# a syllable of consonants then "y" (quý, lý, mỹ, kỳ) is also written with "i" (quí, lí, mĩ, kì)
_CONSONANTS_Y = re.compile(r"(qu|[bcdghklmnprstvx]+)y")
# the register tells same-named districts of a province apart in their short names: "Duyên Hải (Huyện)"
_KIND_SUFFIX = re.compile(r"\s*\((?:huyện|quận|thị xã|thành phố)\)$", flags=re.IGNORECASE)


def _name_key(text: str) -> str:
    """The key place names are matched on: ``key`` with "y" and "i" after consonants as one letter."""
    syllables = key(_KIND_SUFFIX.sub("", text)).split("-")
    return "".join(s[:-1] + "i" if _CONSONANTS_Y.fullmatch(s) else s for s in syllables)


def _data_dir() -> Path:
    spec = find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise PlaceError("the vietnamadminunits package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


class Register:
    """Both editions of the register, read once from the package's files."""

    def __init__(self, data_dir: Path | None = None) -> None:
        self._dir = data_dir or _data_dir()

    def _rows(self, sql: str) -> list[sqlite3.Row]:
        uri = f"file:{self._dir / 'dataset.db'}?mode=ro"
        with sqlite3.connect(uri, uri=True) as db:
            db.row_factory = sqlite3.Row
            return list(db.execute(sql))

    @cached_property
    def _legacy(self) -> list[sqlite3.Row]:
        return self._rows("SELECT * FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode")

    @cached_property
    def _legacy_districts(self) -> list[sqlite3.Row]:
        """A row per district (the register has one per commune, which a build does not need)."""
        return self._rows("SELECT DISTINCT provinceCode, province, provinceShort, provinceLat, provinceLon, "
                          "districtCode, district, districtShort, districtType, districtLat, districtLon "
                          "FROM admin_units_legacy ORDER BY provinceCode, districtCode")

    @cached_property
    def provinces(self) -> dict[str, Area]:
        """Provinces before 2025, by GSO code."""
        out: dict[str, Area] = {}
        for r in self._legacy_districts:
            if r["provinceCode"] not in out:
                kind = r["province"][: -len(r["provinceShort"])].strip()
                out[r["provinceCode"]] = Area("pre2025", "province", r["provinceCode"], r["province"],
                                              r["provinceShort"], kind, r["provinceLat"], r["provinceLon"], None)
        return out

    @cached_property
    def districts(self) -> dict[str, Area]:
        """Districts before 2025, by GSO code."""
        out: dict[str, Area] = {}
        for r in self._legacy_districts:
            if r["districtCode"] and r["districtCode"] not in out:
                out[r["districtCode"]] = Area("pre2025", "district", r["districtCode"], r["district"],
                                              r["districtShort"], r["districtType"], r["districtLat"],
                                              r["districtLon"], r["provinceCode"])
        return out

    @cached_property
    def communes(self) -> dict[str, Area]:
        """Communes, wards and townships before 2025, by GSO code."""
        out: dict[str, Area] = {}
        for r in self._legacy:
            if r["wardCode"]:
                out[r["wardCode"]] = Area("pre2025", "commune", r["wardCode"], r["ward"], r["wardShort"],
                                          r["wardType"], r["wardLat"], r["wardLon"], r["districtCode"])
        return out

    @cached_property
    def provinces_2025(self) -> dict[str, Area]:
        """Provinces from 1 July 2025, by GSO code."""
        out: dict[str, Area] = {}
        for r in self._rows("SELECT DISTINCT province, provinceShort, provinceCode, provinceLat, provinceLon "
                            "FROM admin_units ORDER BY provinceCode"):
            kind = r["province"][: -len(r["provinceShort"])].strip()
            out[r["provinceCode"]] = Area("2025", "province", r["provinceCode"], r["province"], r["provinceShort"],
                                          kind, r["provinceLat"], r["provinceLon"], None)
        return out

    @cached_property
    def province_successor(self) -> dict[str, str]:
        """Old province code → code of the province it became part of on 1 July 2025."""
        conversion = json.loads((self._dir / "converter_2025.json").read_text(encoding="utf-8"))["DICT_PROVINCE"]
        new_by_key = {_compact(a.name): code for code, a in self.provinces_2025.items()}
        old_by_key = {_compact(a.name): code for code, a in self.provinces.items()}
        out: dict[str, str] = {}
        for new_key, old_keys in conversion.items():
            for old_key in old_keys:
                out[old_by_key[old_key]] = new_by_key[new_key]
        return out

    @cached_property
    def _province_index(self) -> dict[str, str]:
        index: dict[str, str] = {}
        # each province's names once (the register has a row per commune), in register order
        provinces = self._rows("SELECT DISTINCT provinceCode, province, provinceShort, provinceKeywords "
                               "FROM admin_units_legacy ORDER BY provinceCode")
        for code, name, short, keywords in provinces:
            for n in [name, short, *json.loads(keywords or "[]")]:
                index.setdefault(_name_key(n), code)
        former = lookups().get("province_former_names") or {}
        assert isinstance(former, dict)
        for old, new in former.items():
            code = index.get(_name_key(str(new)))
            if code is None:
                raise ValueError(f"kernel/lookups.yml: province_former_names: '{new}' is not a province")
            index.setdefault(_name_key(str(old)), code)
        return index

    @cached_property
    def _district_index(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for code, a in self.districts.items():
            for n in {a.short, a.name}:
                codes = index.setdefault(_name_key(n), [])
                if code not in codes:
                    codes.append(code)
        return index

    def find_province(self, name: str) -> Area | None:
        """The pre-2025 province of that name ("Lai Châu", "tỉnh Lai Châu", "TP. Hà Nội"), or None."""
        text = re.sub(r"^(tỉnh|thành phố|tp\.?)\s+", "", nfc(name), flags=re.IGNORECASE)
        code = self._province_index.get(_name_key(text)) or self._province_index.get(_name_key(name))
        return self.provinces[code] if code else None

    def province(self, name: str) -> Area:
        """Like :meth:`find_province`, but an unknown name is an error."""
        found = self.find_province(name)
        if found is None:
            raise PlaceError(f"'{name}' is not a province of Vietnam in the register")
        return found

    def district_candidates(self, name: str) -> list[Area]:
        """Every district of that name in the country ("huyện Châu Thành": ten of them), by code.

        The kind narrows the names ("thị xã Duyên Hải", not the huyện); a kind no district of that name has
        is taken as an older one (the huyện became a thị xã after the article's year) and does not narrow.
        "quận 12" is matched whole: its name is its number."""
        text = nfc(name)
        kind = None
        match = re.match(r"^(huyện|quận|thị xã|thành phố)\s+(.+)$", text, flags=re.IGNORECASE)
        if match:
            kind, text = match.group(1).casefold(), match.group(2)
        codes = self._district_index.get(_name_key(text)) or self._district_index.get(_name_key(name), [])
        if kind:
            codes = [c for c in codes if self.districts[c].kind.casefold() == kind] or codes
        return [self.districts[c] for c in codes]

    def district(self, name: str, province: str | None) -> Area:
        """The district of that name; without a province, only if the name is unique in the country.

        ``name`` may carry its kind ("huyện Châu Thành", "thị xã Mường Lay").
        """
        candidates = self.district_candidates(name)
        if province:
            prov = self.province(province)
            candidates = [a for a in candidates if a.parent == prov.code]
            if not candidates:
                raise PlaceError(f"no district '{name}' in {prov.name}")
        if not candidates:
            raise PlaceError(f"no district '{name}' in the register")
        if len(candidates) > 1:
            where = ", ".join(sorted(self.provinces[a.parent or ""].short for a in candidates))
            raise PlaceError(f"'{name}' names districts in several provinces ({where}); give the province")
        return candidates[0]

    def province_of(self, area: Area) -> Area:
        """The province an area lies in (itself for a province)."""
        return area if area.level == "province" else self.province_of(self._parent(area))

    def _parent(self, area: Area) -> Area:
        if area.level == "district":
            return self.provinces[area.parent or ""]
        return self.districts[area.parent or ""]


@lru_cache(maxsize=1)
def register() -> Register:
    """The register of the installed package, read once per process."""
    return Register()


# Party committees and Youth Union committees name their place after the committee: "Huyện ủy Nậm Nhùn",
# "Tỉnh đoàn Lai Châu".
_PARTY_COMMITTEES = {"tỉnh ủy": "tỉnh", "thành ủy": "thành phố", "huyện ủy": "huyện", "thị ủy": "thị xã",
                     "quận ủy": "quận", "tỉnh đoàn": "tỉnh", "thành đoàn": "thành phố", "huyện đoàn": "huyện",
                     "thị đoàn": "thị xã", "quận đoàn": "quận"}
_PARTY_IN_NAME = re.compile(
    r"\b(" + "|".join(_PARTY_COMMITTEES) + r")\s+((?:[^\W_][\w'-]*\s*)+)$", flags=re.IGNORECASE
)


def place_in_name(name: str) -> tuple[str, str] | None:
    """The place a unit's name ends with: ("huyện", "Nậm Nhùn") for "Hội Nông dân huyện Nậm Nhùn".

    Party committees name their place after the committee: "Huyện ủy Nậm Nhùn".
    """
    text = nfc(name)
    party = _PARTY_IN_NAME.search(text)
    if party:
        return _PARTY_COMMITTEES[party.group(1).casefold()], party.group(2).strip()
    match = _PLACE_IN_NAME.search(text)
    if not match:
        return None
    return match.group(1).casefold(), match.group(2).strip()


@dataclass(frozen=True)
class PlaceCheck:
    """Why the place a unit's name names could not be tied to one administrative unit."""

    place: str  # as named: "huyện Châu Thành"
    reason: str
    candidates: tuple[str, ...]  # "Huyện Châu Thành (Tiền Giang)", ...


def check_place(name: str, province: str | None) -> PlaceCheck | None:
    """None when the name names no place or its place is one administrative unit; else why not, with the
    units it could be."""
    found = place_in_name(name)
    if found is None:
        return None
    try:
        area_of_unit(name, province)
        return None
    except PlaceError as exc:
        reason = str(exc)
    word, place = found
    reg = register()
    candidates: list[Area] = []
    if word in _DISTRICT_WORDS:
        candidates = reg.district_candidates(f"{word} {place}")
    labels = tuple(sorted(f"{a.name} ({reg.province_of(a).short})" for a in candidates))
    return PlaceCheck(f"{word} {place}", reason, labels)


def area_of_unit(name: str, province: str | None) -> Area | None:
    """The administrative unit a place-based unit serves, or None when its name names no place.

    A name whose place cannot be tied to exactly one unit raises PlaceError.
    """
    found = place_in_name(name)
    if found is None:
        return None
    word, place = found
    reg = register()
    if word == "tỉnh":
        return reg.province(place)
    if word == "thành phố" and reg.find_province(place) is not None:
        if province is None or reg.province(province).short == place:
            return reg.province(place)
        try:  # a city of the source's province; else, when no city has that name, the province of that name
            return reg.district(f"{word} {place}", province)
        except PlaceError:
            if reg.district_candidates(f"{word} {place}"):
                raise
            return reg.province(place)
    if word in _DISTRICT_WORDS:
        return reg.district(f"{word} {place}", province)
    return None

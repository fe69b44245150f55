"""Places in articles, checked against the administrative-unit register.

The province of an article is voted for by what the text says ("tỉnh X",
campaign names that open with the province), its publisher and its web
address; districts and communes are only accepted when the register knows
them in that province, which is also how a place slot filled with other
words is recognised as garbled.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from loaders.errors import PlaceError
from loaders.names import key
from loaders.places import Area, register

__all__ = ["Area", "register"]


def compact(text: str) -> str:
    """ASCII key without separators: "Lai Châu" → "laichau"."""
    return key(text).replace("-", "")


@lru_cache(maxsize=1)
def _province_re() -> re.Pattern[str]:
    names = sorted({a.short for a in register().provinces.values()}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)")


@lru_cache(maxsize=1)
def _places_by_key() -> dict[str, list[Area]]:
    """Districts and communes before 2025 by compact short name."""
    index: dict[str, list[Area]] = {}
    reg = register()
    for area in [*reg.districts.values(), *reg.communes.values()]:
        index.setdefault(compact(area.short), []).append(area)
    return index


def province_of(area: Area) -> Area | None:
    """The province that contains a district or commune."""
    reg = register()
    parent = area.parent
    if area.level == "commune" and parent:
        district = reg.districts.get(parent)
        parent = district.parent if district else None
    return reg.provinces.get(parent or "")


def find_province(name: str) -> str | None:
    """The short name of a province, or None."""
    area = register().find_province(name)
    return area.short if area else None


def provinces_in_host(url: str | None) -> list[str]:
    """Provinces named by the labels of a web address ("laichau.gov.vn")."""
    if not url:
        return []
    host = re.sub(r"^[a-z]+://", "", url.strip().lower()).split("/")[0]
    found = []
    for label in host.split("."):
        for area in register().provinces.values():
            if label in (compact(area.short), compact(area.short).replace("tinh", "")):
                found.append(area.short)
    return found


def district_in_host(url: str | None, province: str | None) -> Area | None:
    """A district named by a sub-domain ("tanuyen.laichau.gov.vn")."""
    if not url or not province:
        return None
    host = re.sub(r"^[a-z]+://", "", url.strip().lower()).split("/")[0]
    for label in host.split(".")[:-2]:
        for area in _places_by_key().get(label, []):
            if area.level == "district" and (p := province_of(area)) and p.short == province:
                return area
    return None


def detect_province(text: str, *, hints: list[str], urls: list[str]) -> str | None:
    """The province an article is about, by weighted votes; None when nothing says."""
    votes: Counter[str] = Counter()
    for url in urls:
        for name in provinces_in_host(url):
            votes[name] += 5
    for hint in hints:
        for m in _province_re().finditer(hint):
            votes[m.group(1)] += 3
    for m in _province_re().finditer(text):
        before = text[max(0, m.start() - 10): m.start()].lower()
        if re.search(r"(tỉnh|tp\.?|thành phố)\s*$", before):
            votes[m.group(1)] += 3 if "tỉnh" in before else 1
        elif not re.search(r"(huyện|thị xã|xã|phường|quận)\s*$", before):
            votes[m.group(1)] += 1
    for m in re.finditer(r"(?:huyện|thị xã|thành phố)\s+([A-ZĐ][\w]*(?:\s+[A-ZĐ][\w]*){0,3})", text):
        areas = [a for a in _places_by_key().get(compact(m.group(1)), []) if a.level == "district"]
        provinces = {p.short for a in areas if (p := province_of(a))}
        if len(provinces) == 1:
            votes[provinces.pop()] += 1
    if not votes:
        return None
    (best, score), *rest = [*votes.most_common(2), ("", 0)]
    return best if score >= 2 and score > rest[0][1] else None


def place(kind: str | None, name: str, province: str | None) -> Area | None:
    """The district or commune of that name in the province, or None when unknown or ambiguous."""
    candidates = _places_by_key().get(compact(name), [])
    if province:
        candidates = [a for a in candidates if (p := province_of(a)) and p.short == province]
    if not kind:
        districts = [a for a in candidates if a.level == "district"]
        candidates = districts or candidates
    else:
        level = "commune" if kind in ("xã", "phường", "thị trấn") else "district"
        same_level = [a for a in candidates if a.level == level]
        candidates = same_level or candidates
        same_kind = [a for a in candidates if a.kind.casefold() == kind]
        candidates = same_kind or candidates
    if len(candidates) == 1:
        return candidates[0]
    if not province or not kind:
        return None
    try:
        return register().district(f"{kind} {name}", province)
    except PlaceError:
        return None


def known_place_name(name: str) -> bool:
    """Whether any district, commune or province of the register has this name."""
    return bool(_places_by_key().get(compact(name))) or find_province(name) is not None

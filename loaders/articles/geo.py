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

from tdkt.kernel.errors import PlaceError
from tdkt.kernel.names import key
from tdkt.kernel.places import Area, register
from tdkt.loaders.articles.lexicon import alternation, section

__all__ = ["Area", "register"]


def compact(text: str) -> str:
    """ASCII key without separators: "Lai Châu" → "laichau"."""
    return key(text).replace("-", "")


@lru_cache(maxsize=1)
def _province_re() -> re.Pattern[str]:
    names = sorted({a.short for a in register().provinces.values()} | {str(k) for k in section("province_aliases")},
                   key=len, reverse=True)
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
    """The short name of a province (or of one of its usual other spellings, "TP.HCM"), or None."""
    area = register().find_province(name)
    if area:
        return area.short
    alias = section("province_aliases").get(" ".join(name.split()))
    return str(alias) if alias else None


def province_label(short: str, year: int | None = None) -> str:
    """How records write a province: "Thành phố Hồ Chí Minh", "Thừa Thiên Huế" before 2025, "Lai Châu"."""
    labels = section("province_labels")
    if short in labels:
        label = labels[short]
        if isinstance(label, dict):
            return str(label["before"] if year is None or year < int(label["from"]) else label["after"])
        return str(label)
    return short


def province_phrase(short: str, year: int | None = None) -> str:
    """The place phrase of a provincial body: "tỉnh Lai Châu", "thành phố Hà Nội"."""
    label = province_label(short, year)
    if label.startswith("Thành phố "):
        return "thành phố " + label[len("Thành phố "):]
    if short in section("central_cities"):
        return f"thành phố {label}"
    return f"tỉnh {label}"


def _host_and_path(url: str) -> tuple[str, list[str]]:
    rest = re.sub(r"^[a-z]+://", "", url.strip().lower())
    host, _, path = rest.partition("/")
    return host.split(":")[0], [p for p in re.split(r"[/?&=#]", path) if p]


@lru_cache(maxsize=1)
def _province_keys() -> list[tuple[str, str]]:
    """(compact key, short name) of every province, with the register's other spellings, longest first."""
    pairs = {(compact(a.short), a.short) for a in register().provinces.values()}
    pairs |= {(compact(a.name), a.short) for a in register().provinces.values()}
    pairs |= {(compact(str(k)), str(v)) for k, v in section("province_aliases").items()}
    return sorted(pairs, key=lambda p: -len(p[0]))


def provinces_in_host(url: str | None) -> list[str]:
    """Provinces named by a web address: a host label ("laichau.gov.vn"), a label that ends with the name
    ("baothainguyen.vn", "congdoanbinhthuan.org.vn"), or a path folder ("/hanoi/")."""
    if not url:
        return []
    host, path = _host_and_path(url)
    found = []
    labels = host.split(".")[:-1] if "." in host else [host]
    for label in labels:
        exact = [short for k, short in _province_keys() if label in (k, k.replace("tinh", ""))]
        inside = {short for k, short in _province_keys() if len(k) >= 5 and (label.endswith(k) or label.startswith(k))}
        if exact:
            found.append(exact[0])
        elif len(inside) == 1:
            found.append(inside.pop())
    for folder in path[:2]:
        for k, short in _province_keys():
            if folder == k and len(k) >= 5:
                found.append(short)
                break
    return found


@lru_cache(maxsize=1)
def _slug_province_leads() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(lead.split("-")) for lead in section("slug_province_leads"))


def provinces_in_slug(url: str | None) -> list[str]:
    """Provinces an address's slug names as such: "tinh-" (or "thanh-pho-", "tp-") and the province's words,
    ending at a word boundary. Slugs are titles folded to ASCII; a bare name is not taken ("...-ha-noi-..."
    may be a street or a person), and neither is a slug word that only begins like a province."""
    if not url:
        return []
    keys = dict(_province_keys())
    found = []
    for segment in _host_and_path(url)[1]:
        words = [w for w in re.split(r"[-_.+]", segment) if w]
        for i in range(len(words)):
            for lead in _slug_province_leads():
                if tuple(words[i:i + len(lead)]) != lead:
                    continue
                start = i + len(lead)
                for end in range(min(len(words), start + 4), start, -1):
                    joined = "".join(words[start:end])
                    if len(joined) >= 3 and joined in keys:
                        found.append(keys[joined])
                        break
    return found


def province_by_district_host(url: str | None) -> str | None:
    """The province of a district named by a host label ("quynhon.gov.vn"), when the name is unique."""
    if not url:
        return None
    host, _ = _host_and_path(url)
    for label in host.split(".")[:-1]:
        areas = [a for a in _places_by_key().get(label, []) if a.level == "district"]
        provinces = {p.short for a in areas if (p := province_of(a))}
        if len(provinces) == 1 and len(label) >= 6:
            return provinces.pop()
    return None


def district_in_host(url: str | None, province: str | None) -> Area | None:
    """A district named by a sub-domain ("tanuyen.laichau.gov.vn")."""
    if not url or not province:
        return None
    host = re.sub(r"^[a-z]+://", "", url.strip().lower()).split("/")[0]
    for raw in host.split(".")[:-2]:
        label = re.sub(r"^(?:huyen|quan|thixa|thanhpho|tp)(?=[a-z]{4})", "", raw)
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
        for name in provinces_in_slug(url):
            votes[name] += 3  # as the text's "tỉnh X"
        by_district = province_by_district_host(url)
        if by_district:
            votes[by_district] += 3
    for hint in hints:
        for m in _province_re().finditer(hint):
            votes[find_province(m.group(1)) or m.group(1)] += 3
    for m in _province_re().finditer(text):
        name = find_province(m.group(1)) or m.group(1)
        before = text[max(0, m.start() - 10): m.start()].lower()
        if re.search(r"(tỉnh|tp\.?|thành phố)\s*$", before):
            votes[name] += 3 if "tỉnh" in before else 1
        elif not re.search(r"(huyện|thị xã|xã|phường|quận)\s*$", before):
            votes[name] += 1
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


def spans_provinces(bloc_name: str) -> bool:
    """Whether a bloc's name places it above one province ("… các tỉnh …", "… Việt Nam")."""
    return bool(_multi_province().search(bloc_name))


@lru_cache(maxsize=1)
def _multi_province() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?i:{alternation(section('multi_province_words'))})(?!\w)")


def province_named_in(name: str) -> str | None:
    """The province a unit's name ends with ("Hội Nông dân tỉnh Lai Châu" → "Lai Châu")."""
    m = re.search(r"(?:tỉnh|thành phố|Thành phố)\s+(.+)$", name)
    if m:
        return find_province(m.group(1))
    return None


@lru_cache(maxsize=1)
def _city_abbreviations() -> re.Pattern[str]:
    forms = [str(k) for k in section("province_aliases") if (any(c.isupper() for c in str(k)[1:]) and " " not in str(k))
             or str(k).startswith("TP")]
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?!\w)")


def expand_city_abbreviations(text: str) -> str:
    """Abbreviated city names written out ("Thanh tra TP.HCM" → "Thanh tra Thành phố Hồ Chí Minh")."""
    def full(m: re.Match[str]) -> str:
        short = str(section("province_aliases")[m.group(0)])
        return province_label(short) if province_label(short) != short else province_phrase(short)

    return _city_abbreviations().sub(full, text)

"""Deterministic, readable IRIs: one entity, one IRI, whatever the spelling.

IRIs are built from identity keys of canonical names (``loaders.names``),
scoped by province where names repeat across provinces, so they are the same
across runs and machines. Facts (roles, memberships, awards...) get an IRI
hashed from the parts that make them the same fact, so two sources stating
one fact describe one node.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from pyoxigraph import NamedNode

from tdkt.graph.namespaces import DEFAULT_BASE as DEFAULT_BASE
from tdkt.kernel.errors import PlaceError
from tdkt.kernel.names import canonical_name, key, lookups
from tdkt.kernel.places import Area, register

NATIONAL = "vn"
UNPLACED = "unplaced"  # units of no known province: scoped by their source, so they never merge across sources
_MAX_SLUG = 120


@lru_cache(maxsize=1)
def _national() -> re.Pattern[str]:
    patterns = lookups()["national_patterns"]
    assert isinstance(patterns, list)
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags=re.IGNORECASE)


@lru_cache(maxsize=1)
def _organisation_heads() -> re.Pattern[str]:
    heads = lookups()["organisation_heads"]
    assert isinstance(heads, list)
    return re.compile(r"^(?:" + "|".join(re.escape(h) for h in heads) + r")\b", flags=re.IGNORECASE)


def is_national(name: str) -> bool:
    """Whether a canonical organisation name is a body of the whole country."""
    return bool(_national().search(name)) and not re.search(r"\b(tỉnh|huyện|xã)\b", name, flags=re.IGNORECASE)


def is_organisation(name: str) -> bool:
    """Whether a recipient's name names a collective rather than a person."""
    return bool(_organisation_heads().match(name))


def _slug(text: str) -> str:
    slug = key(text)
    if len(slug) <= _MAX_SLUG:
        return slug
    digest = hashlib.sha256(slug.encode()).hexdigest()[:8]
    return f"{slug[:_MAX_SLUG].rstrip('-')}-{digest}"


@lru_cache(maxsize=4096)
def province_short(name: str | None) -> str | None:
    """The register's short name of a province ("tỉnh Lai Châu" → "Lai Châu"), or None if unknown."""
    if not name:
        return None
    found = register().find_province(name)
    return found.short if found else None


@lru_cache(maxsize=16384)
def unit_province(canonical: str, context_province: str | None) -> str | None:
    """The province a unit belongs to: named in it ("... tỉnh Điện Biên"), or the source's."""
    for match in re.finditer(r"\b(?:tỉnh|thành phố)\s+((?:[A-ZĐÂĂÊÔƠƯ][\w'-]*\s*)+)", canonical):
        found = register().find_province(match.group(1).strip())
        if found and canonical.rstrip().endswith(match.group(1).strip()):
            return found.short
    if is_national(canonical):
        return None
    return province_short(context_province)


@lru_cache(maxsize=16384)
def placed_province(name: str) -> str | None:
    """The province of the one administrative unit a unit's name names, when there is exactly one."""
    area = unit_area(name, None)
    return register().province_of(area).short if area is not None else None


@dataclass(frozen=True)
class Identity:
    """Mints IRIs under one base."""

    base: str = DEFAULT_BASE

    def _iri(self, *parts: str) -> NamedNode:
        return NamedNode(self.base + "/".join(parts))

    def source(self, source_id: str) -> NamedNode:
        """A source document; also the name of the graph that holds what it states."""
        return self._iri("source", source_id)

    def graph(self, name: str) -> NamedNode:
        """A reference graph (ontology, awards, admin units)."""
        return self._iri("graph", name)

    def unit(self, name: str, province: str | None, source: str | None = None) -> NamedNode:
        """A unit, scoped by its province: the one its name names, its source's, or the province of the one
        district its name names. A unit of no known province that is not a national body is scoped by its
        ``source`` ("huyện Châu Thành" without a province is one of ten districts: two sources naming it
        may mean two of them)."""
        canonical = canonical_name(name, province)
        scope = unit_province(canonical, province)
        if scope is None and not is_national(canonical):
            scope = placed_province(name)
            if scope is None and source is not None:
                return self._iri("unit", UNPLACED, source, _slug(canonical))
        return self._iri("unit", _slug(scope) if scope else NATIONAL, _slug(canonical))

    def bloc(self, name: str, province: str | None, organiser: str | None = None) -> NamedNode:
        canonical = canonical_name(name, province)
        scope = _slug(province_short(province) or province or NATIONAL)
        if organiser:
            return self._iri("bloc", scope, _slug(canonical_name(organiser, province)), _slug(canonical))
        return self._iri("bloc", scope, _slug(canonical))

    def person(self, name: str, province: str | None) -> NamedNode:
        scope = province_short(province)
        return self._iri("person", _slug(scope) if scope else NATIONAL, _slug(name))

    def campaign(self, name: str) -> NamedNode:
        return self._iri("campaign", _slug(name))

    def title(self, title: str) -> NamedNode:
        return self._iri("title", _slug(title))

    def post(self, organisation: NamedNode, title: str) -> NamedNode:
        return NamedNode(f"{organisation.value}/post/{_slug(title)}")

    def year(self, year: int) -> NamedNode:
        return self._iri("year", str(year))

    def area(self, area: Area) -> NamedNode:
        return self._iri("area", area.edition, f"{area.level}-{area.code}")

    def fact(self, kind: str, *parts: object) -> NamedNode:
        """A fact node whose identity is the parts that make it the same fact."""
        digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:16]
        return self._iri(kind, digest)

    def derivation(self, fact: NamedNode, source_id: str) -> NamedNode:
        return NamedNode(f"{fact.value}/from/{source_id}")

    def change(self, kind: str, *parts: str) -> NamedNode:
        return self._iri("change", kind, *parts)


@lru_cache(maxsize=65536)
def unit_area(name: str, province: str | None) -> Area | None:
    """The administrative unit a place-based unit serves; None when unknown or ambiguous."""
    from tdkt.kernel.places import area_of_unit

    try:
        return area_of_unit(canonical_name(name, province), province_short(province) or province)
    except PlaceError:
        return None

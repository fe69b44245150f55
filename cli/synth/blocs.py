"""The blocs of one province (members, heads, conference places) and their rotation of duties."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from tdkt.cli.synth.config import (
    CLUSTER_ORGANISERS,
    CLUSTER_SIZE,
    DEPARTMENT_BLOCS,
    HABITS,
    MASS_BLOC,
    MASS_ORGANISATIONS,
    P_HOST_IS_CHAIR,
    P_HOST_IS_VICE,
    P_REPEAT_IRREGULAR,
    P_VICE_SUCCEEDS,
)
from tdkt.cli.synth.people import seeded_rng, weighted
from tdkt.kernel.places import Area


@dataclass
class Bloc:
    """One bloc over its lifetime, with its rotation."""

    name: str
    province: Area  # pre-2025 province, or the 2025 province for blocs after the reorganisation
    kind: str  # district, department, mass, cluster, commune
    members: list[str]
    heads: dict[str, tuple[str, str]]  # member -> (title, organisation) of its head
    places: dict[str, str]  # member -> place of a conference it hosts
    years: range
    organiser: str | None = None
    slug: str = ""
    rotation: dict[int, tuple[str, str, str]] = field(default_factory=dict)  # year -> chair, vice, host


def in_province(name: str, province: Area) -> str:
    """"Sở Tài chính" → "Sở Tài chính tỉnh Lai Châu"; party and youth bodies carry their own word
    ("Văn phòng Tỉnh ủy Lai Châu", "Thành đoàn Hà Nội")."""
    if name.endswith("Tỉnh ủy") or name == "Tỉnh đoàn":
        if province.kind == "Thành phố":
            name = name.replace("Tỉnh ủy", "Thành ủy").replace("Tỉnh đoàn", "Thành đoàn")
        return f"{name} {province.short}"
    return f"{name} {province.kind.lower()} {province.short}"


def district_unit(prefix: str, district: Area) -> str:
    return f"{prefix} {district.kind.lower()} {district.short}"


def rotate(rng: random.Random, members: Sequence[str], years: range, habit: str) -> dict[int, tuple[str, str, str]]:
    """Chair, vice-chair and host per year: cycles through the members; the vice-chair usually succeeds."""
    order = list(members)
    if habit != "round-robin":
        rng.shuffle(order)
    chair = order[0]
    chaired: set[str] = set()
    out: dict[int, tuple[str, str, str]] = {}
    for year in years:
        chaired.add(chair)
        if len(chaired) >= len(order):  # a new cycle
            chaired = {chair}
            if habit == "shuffled":
                rng.shuffle(order)
        at = order.index(chair)
        vice = next(m for m in order[at + 1:] + order[:at] if m not in chaired)
        roll = rng.random()
        host = chair if roll < P_HOST_IS_CHAIR else vice if roll < P_HOST_IS_CHAIR + P_HOST_IS_VICE else \
            rng.choice([m for m in order if m not in (chair, vice)] or [chair])
        out[year] = (chair, vice, host)
        if rng.random() < P_VICE_SUCCEEDS:
            chair = vice
        elif habit == "irregular" and rng.random() < P_REPEAT_IRREGULAR:
            pass  # the chair stays another year
        else:
            others = [m for m in order if m not in chaired and m != vice]
            chair = rng.choice(others or [m for m in order if m not in (chair, vice)] or [vice])
    return out



def _chunks(items: Sequence[str], k: int) -> list[list[str]]:
    """Split into ``k`` nearly equal runs (at least one)."""
    k = max(1, k)
    return [list(items[i * len(items) // k:(i + 1) * len(items) // k]) for i in range(k)]


def _district_bloc_name(districts: Sequence[Area]) -> str:
    kinds = [k for k in ("quận", "huyện", "thị xã", "thành phố") if any(d.kind.lower() == k for d in districts)]
    return "các " + ", ".join(kinds)


def plan_blocs(seed: int, province: Area, districts: Sequence[Area], communes: Sequence[Area],
               years: range, province_years: range) -> list[Bloc]:
    """The blocs of one province: district blocs, department blocs, the mass-organisation bloc,
    mass-organisation clusters of district branches, and commune clusters."""
    rng = seeded_rng(seed, "plan", province.edition, province.code)
    blocs: list[Bloc] = []
    ubnd = [district_unit("Ủy ban nhân dân", d) for d in districts]
    places = {district_unit(p, d): f"{d.kind.lower()} {d.short}" for d in districts
              for p in ("Ủy ban nhân dân", *CLUSTER_ORGANISERS)}
    heads = {u: ("Chủ tịch", u) for u in places}
    if districts:
        runs = _chunks(ubnd, -(-len(ubnd) // 10)) if len(ubnd) > 12 else [ubnd]
        label = _district_bloc_name(districts)
        for i, run in enumerate(runs, 1):
            name = f"Khối thi đua {label}" if len(runs) == 1 else f"Cụm thi đua {label} số {i}"
            blocs.append(Bloc(name, province, "district", run, heads, places, years))
    for name, units in DEPARTMENT_BLOCS.items():
        chosen = sorted(rng.sample(range(len(units)), rng.randint(min(5, len(units)), len(units))))
        members = [in_province(units[i][0], province) for i in chosen]
        dept_heads = {in_province(units[i][0], province): (units[i][1], in_province(units[i][0], province))
                      for i in chosen}
        blocs.append(Bloc(name, province, "department", members,
                          dept_heads, {}, province_years))
    mass = [in_province(n, province) for n, _ in MASS_ORGANISATIONS]
    blocs.append(Bloc(in_province(MASS_BLOC, province), province, "mass", mass,
                      {in_province(n, province): (t, in_province(n, province)) for n, t in MASS_ORGANISATIONS},
                      {}, province_years))
    for organiser in CLUSTER_ORGANISERS if districts else ():
        branches = [district_unit(organiser, d) for d in districts]
        for i, run in enumerate(_chunks(branches, len(branches) // CLUSTER_SIZE), 1):
            number = f"{i:02d}" if rng.random() < 0.5 else str(i)
            blocs.append(Bloc(f"Cụm thi đua số {number}", province, "cluster", run, heads, places, years,
                              in_province(organiser, province)))
    if communes:
        district = rng.choice(list(districts))
        names = [c for c in communes if c.parent == district.code]
        unique = [c for c in names if sum(1 for o in communes if o.short == c.short) == 1]
        members = [district_unit("Ủy ban nhân dân", c) for c in unique]
        commune_heads = {m: ("Chủ tịch", m) for m in members}
        commune_places = {m: f"{c.kind.lower()} {c.short}" for m, c in zip(members, unique, strict=True)}
        for i, run in enumerate(_chunks(members, -(-len(members) // 10)) if len(members) >= 5 else [], 1):
            blocs.append(Bloc(f"Cụm thi đua các xã, thị trấn số {i}", province, "commune", run, commune_heads,
                              commune_places, years, district_unit("Ủy ban nhân dân", district)))
    for i, bloc in enumerate(blocs):
        bloc.slug = f"{province.code}{'n' if province.edition == '2025' else ''}-b{i:02d}"
        brng = seeded_rng(seed, "rotation", bloc.slug)
        bloc.rotation = rotate(brng, bloc.members, bloc.years, weighted(brng, HABITS))
    return blocs

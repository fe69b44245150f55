"""Synthetic records documents shaped like the corpus, for benchmarks and scale tests.

Real provinces and districts come from the register (``loaders.places``); the
blocs, members, rotations, rankings, awards, officials and campaigns are drawn
from seeded random numbers, so one seed always gives byte-identical files.
Every document is one synthetic "article" and validates as a records document.
The distributions are module constants, documented in docs/performance.md
("Synthetic data") and checked by tests/test_synth.py.

>>> docs = list(generate(SynthConfig(provinces=1, first_year=2020, last_year=2021)))
>>> docs[0]["source"]["province"], docs[0]["records"][0]["type"]
('Hà Nội', 'bloc')
"""
# long: split pending: the synthetic generator moves to its users and is split in the CLI work of issue 15

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tdkt.kernel.names import key
from tdkt.kernel.places import Area, register

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


def _rng(seed: int, *parts: object) -> random.Random:
    return random.Random("/".join(str(p) for p in (seed, *parts)))


def _weighted(rng: random.Random, options: Sequence[tuple[str, float]]) -> str:
    return rng.choices([o for o, _ in options], [w for _, w in options])[0]


def person_name(rng: random.Random) -> str:
    """A Vietnamese name: surname by frequency, a middle name and a given name of one sex."""
    sex = rng.choice("mf")
    return f"{_weighted(rng, SURNAMES)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"


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


class Officials:
    """Who holds each post, year by year: holders change at term starts (and now and then between),
    and a new holder is often someone who left another post of the province."""

    def __init__(self, rng: random.Random, posts: Sequence[tuple[str, str]], years: range) -> None:
        self.index = {post: i for i, post in enumerate(posts)}
        self._by_year: dict[int, list[str]] = {}
        current = [person_name(rng) for _ in posts]
        for year in years:
            if year != years.start:
                chance = P_POST_CHANGES_AT_TERM if year in TERM_STARTS else P_POST_CHANGES_MIDTERM
                leaving = [i for i in range(len(current)) if rng.random() < chance]
                movers = [current[i] for i in leaving]
                rng.shuffle(movers)
                for i in leaving:
                    if movers and movers[-1] != current[i] and rng.random() < P_MOVER:
                        current[i] = movers.pop()
                    else:
                        current[i] = person_name(rng)
            self._by_year[year] = list(current)

    def holder(self, post: tuple[str, str], year: int) -> str:
        years = sorted(self._by_year)
        return self._by_year[min(max(year, years[0]), years[-1])][self.index[post]]


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
    rng = _rng(seed, "plan", province.edition, province.code)
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
        brng = _rng(seed, "rotation", bloc.slug)
        bloc.rotation = rotate(brng, bloc.members, bloc.years, _weighted(brng, HABITS))
    return blocs


def _variant(rng: random.Random, name: str) -> str:
    """Now and then the name as an article abbreviates it (UBND, HND...); canonical names fold it back."""
    if rng.random() < P_VARIANT:
        for full, short in ABBREVIATIONS:
            if name.startswith(full):
                return short + name[len(full):]
    return name


class Province:
    """The documents of one province (pre-2025, or a province formed on 1 July 2025)."""

    def __init__(self, cfg: SynthConfig, area: Area, districts: Sequence[Area], communes: Sequence[Area],
                 years: range, province_years: range) -> None:
        self.cfg, self.area = cfg, area
        self.blocs = [b for b in plan_blocs(cfg.seed, area, districts, communes, years, province_years) if b.years]
        self.ubnd = in_province("Ủy ban nhân dân", area)
        self.leader_posts = (("Chủ tịch", self.ubnd), ("Phó Chủ tịch", self.ubnd))
        posts = dict.fromkeys([*self.leader_posts, *(h for b in self.blocs for h in b.heads.values())])
        span = range(min(cfg.first_year, *years, *province_years), max(cfg.last_year, *years, *province_years) + 2)
        self.officials = Officials(_rng(cfg.seed, "officials", area.edition, area.code), list(posts), span)
        self.proposals: dict[int, list[dict[str, Any]]] = {}
        self.leaders: dict[int, list[str]] = {}
        self.persons: set[str] = set()
        slug = key(area.short)
        self.campaigns = [{"name": n} for n in NATIONAL_CAMPAIGNS] + [
            {"name": f"{area.short} chung sức xây dựng nông thôn mới", "launched_by": self.ubnd,
             "derived_from": NATIONAL_CAMPAIGNS[0]},
            {"name": f"{area.short} chung tay vì người nghèo - Không để ai bị bỏ lại phía sau",
             "launched_by": self.ubnd, "derived_from": NATIONAL_CAMPAIGNS[1]},
            {"name": f"Cán bộ, công chức, viên chức {area.kind.lower()} {area.short} thi đua thực hiện văn hóa công sở",
             "launched_by": self.ubnd}]
        self.url = f"https://{slug.replace('-', '')}.gov.vn/tin-tuc/"

    def documents(self) -> Iterator[dict[str, Any]]:
        for bloc in self.blocs:
            for year in bloc.years:
                rng = _rng(self.cfg.seed, "bloc-year", bloc.slug, year)
                if bloc.kind in ("district", "cluster", "commune") and year >= REORGANISATION_YEAR:
                    yield self.midyear(bloc, year, rng, final=True)
                    continue
                yield self.review(bloc, year, rng)
                if rng.random() < P_MIDYEAR:
                    yield self.midyear(bloc, year, rng)
                if rng.random() < P_CONFLICT:
                    yield self.conflict(bloc, year, rng)
        for year in sorted(self.proposals):
            yield self.decision(year, _rng(self.cfg.seed, "decision", self.area.edition, self.area.code, year))

    # -- pieces ------------------------------------------------------------------------

    def _source(self, sid: str, title: str, date: str, publisher: str, rng: random.Random) -> dict[str, Any]:
        return {"id": sid, "title": title, "url": self.url + sid, "published": date, "publisher": publisher,
                "authors": [person_name(rng)], "province": self.area.short}

    def _bloc(self, bloc: Bloc) -> dict[str, Any]:
        record = {"type": "bloc", "name": bloc.name, "province": self.area.short}
        if bloc.organiser:
            record["organiser"] = bloc.organiser
        return record

    def _position(self, post: tuple[str, str], year: int) -> dict[str, Any]:
        return {"type": "position", "person": self.officials.holder(post, year), "title": post[0],
                "organisation": post[1], "year": year}

    def _grantor(self, bloc: Bloc) -> str:
        if bloc.kind == "cluster":
            return f"Ban Chấp hành {bloc.organiser}"
        if bloc.kind == "commune":
            return bloc.organiser or self.ubnd
        return self.ubnd

    def review(self, bloc: Bloc, year: int, rng: random.Random) -> dict[str, Any]:
        """The year-end review (tổng kết): members, duties of Y and Y+1, ranking, awards, covenant, officials."""
        chair, vice, host = bloc.rotation[year]
        december = rng.random() < 0.5
        day = f"{year}-12-{rng.randint(10, 28):02d}" if december else f"{year + 1}-01-{rng.randint(5, 25):02d}"
        sid = f"synth-{bloc.slug}-{year}-tk"
        src = self._source(sid, f"{bloc.name} tổng kết công tác thi đua, khen thưởng năm {year}", day, host, rng)
        records: list[dict[str, Any]] = [self._bloc(bloc)]
        conference = {"type": "conference", "bloc": bloc.name, "kind": "tổng kết", "date": day, "year": year}
        if host in bloc.places:
            conference["place"] = bloc.places[host]
        records.append(conference)
        if rng.random() < P_MEMBERS_LISTED:
            records += [{"type": "membership", "bloc": bloc.name, "unit": _variant(rng, m), "year": year}
                        for m in bloc.members]
        for role, unit in (("chair", chair), ("vice_chair", vice), ("host", host)):
            records.append({"type": "role", "bloc": bloc.name, "unit": _variant(rng, unit), "role": role, "year": year})
        if year + 1 in bloc.rotation:
            nxt = bloc.rotation[year + 1]
            duties = [("chair", nxt[0]), ("vice_chair", nxt[1])]
            if rng.random() < P_NEXT_HOST:
                duties.append(("host", nxt[2]))
            records += [{"type": "role", "bloc": bloc.name, "unit": u, "role": r, "year": year + 1} for r, u in duties]
        leader = chair if rng.random() < P_LEADER_IS_CHAIR else rng.choice([m for m in bloc.members if m != chair])
        ranked = [leader, *rng.sample([m for m in bloc.members if m != leader], 2)]
        records += [{"type": "ranking", "bloc": bloc.name, "unit": _variant(rng, u), "rank": i, "year": year}
                    for i, u in enumerate(ranked, 1)]
        grantor = self._grantor(bloc)
        awards = [("Giấy khen" if bloc.kind == "commune" else "Cờ thi đua", ranked[0]),
                  *[("Giấy khen" if bloc.kind == "commune" else "Bằng khen", u) for u in ranked[1:]]]
        head_post = bloc.heads[chair]
        conference_year = int(day[:4])
        head_award = bloc.kind in ("district", "department", "mass") and rng.random() < P_HEAD_AWARD
        if head_award:
            awards.append(("Bằng khen", self.officials.holder(head_post, conference_year)))
            self.persons.add(awards[-1][1])
        status = "conferred" if bloc.kind in ("cluster", "commune") else "proposed"
        for award, recipient in awards:
            record = {"type": "award", "recipient": recipient, "award": award, "grantor": grantor, "year": year,
                      "status": status}
            if status == "proposed":
                record["proposer"] = bloc.name
                self.proposals.setdefault(year, []).append(record)
            records.append(record)
        if status == "proposed":
            self.leaders.setdefault(year, []).append(leader)
        if rng.random() < 0.5:
            count = {"type": "award_count", "award": "Giấy khen", "grantor": bloc.name,
                     "collectives": rng.randint(2, 10), "individuals": rng.randint(0, 15), "year": year}
            if rng.random() < 0.3:
                count["households"] = rng.randint(1, 3)
            records.append(count)
        if year + 1 in bloc.rotation and rng.random() < P_COVENANT:
            records.append({"type": "covenant", "bloc": bloc.name, "year": year + 1})
        records.append(self._position(head_post, conference_year))
        records.append(self._position(self.leader_posts[1], conference_year))
        if rng.random() < 0.5:
            records.append({"type": "campaign", **rng.choice(self.campaigns)})
        return {"source": src, "records": records}

    def midyear(self, bloc: Bloc, year: int, rng: random.Random, final: bool = False) -> dict[str, Any]:
        """The mid-year review (sơ kết); for district-level blocs in 2025, their last conference."""
        chair, _, host = bloc.rotation[year]
        day = f"{year}-06-{rng.randint(10, 28):02d}"
        title = f"{bloc.name} sơ kết công tác thi đua 6 tháng đầu năm {year}"
        src = self._source(f"synth-{bloc.slug}-{year}-sk", title, day, host, rng)
        records: list[dict[str, Any]] = [self._bloc(bloc)]
        conference = {"type": "conference", "bloc": bloc.name, "kind": "sơ kết", "date": day, "year": year}
        if host in bloc.places:
            conference["place"] = bloc.places[host]
        records.append(conference)
        if final or rng.random() < 0.5:
            records += [{"type": "membership", "bloc": bloc.name, "unit": m, "year": year} for m in bloc.members]
        records += [{"type": "role", "bloc": bloc.name, "unit": chair, "role": "chair", "year": year},
                    {"type": "role", "bloc": bloc.name, "unit": host, "role": "host", "year": year}]
        if not final and rng.random() < 0.5:
            records.append({"type": "covenant", "bloc": bloc.name, "year": year})
        doc: dict[str, Any] = {"source": src, "records": records}
        if final:
            doc["notes"] = ["The district level ended on 1 July 2025 (Resolution 202/2025/QH15); "
                            "this is the bloc's last conference."]
        return doc

    def conflict(self, bloc: Bloc, year: int, rng: random.Random) -> dict[str, Any]:
        """A second source that names a different chair for the year."""
        chair = bloc.rotation[year][0]
        other = rng.choice([m for m in bloc.members if m != chair])
        src = self._source(f"synth-{bloc.slug}-{year}-tk2", f"{other} dự hội nghị tổng kết khối thi đua năm {year}",
                           f"{year + 1}-01-{rng.randint(5, 28):02d}", other, rng)
        records = [self._bloc(bloc), {"type": "conference", "bloc": bloc.name, "kind": "tổng kết", "year": year},
                   {"type": "role", "bloc": bloc.name, "unit": other, "role": "chair", "year": year}]
        return {"source": src, "records": records, "notes": ["Names a different chair than the bloc's own report."]}

    def decision(self, year: int, rng: random.Random) -> dict[str, Any]:
        """The province's award decision for the year: conferrals of the blocs' proposals, national proposals."""
        day = f"{year + 1}-{rng.randint(2, 4):02d}-{rng.randint(1, 28):02d}"
        sid = f"synth-{self.area.code}{'n' if self.area.edition == '2025' else ''}-qd-{year}"
        src = self._source(sid, f"Khen thưởng thành tích xuất sắc trong phong trào thi đua năm {year}", day,
                           self.ubnd, rng)
        records: list[dict[str, Any]] = []
        for proposal in self.proposals[year]:
            if rng.random() < P_CONFERRED[proposal["award"]]:
                records.append({**{k: v for k, v in proposal.items() if k != "proposer"}, "status": "conferred"})
        conferred = [r["recipient"] for r in records]
        persons = sum(1 for r in conferred if r in self.persons)
        leaders = self.leaders.get(year, [])
        if leaders:
            best = rng.choice(leaders)
            records += self._national(best, "Cờ thi đua của Chính phủ", "Chính phủ", year, rng)
            for unit in sorted(set(leaders) & set(self.leaders.get(year - 1, []))):
                records += self._national(unit, "Bằng khen", "Thủ tướng Chính phủ", year, rng, "Bằng khen PM")
        records.append({"type": "award_count", "award": "Bằng khen", "grantor": self.ubnd,
                        "collectives": len(conferred) - persons + rng.randint(5, 40),
                        "individuals": persons + rng.randint(10, 80), "year": year})
        records.append(self._position(self.leader_posts[0], int(day[:4])))
        return {"source": src, "records": records}

    def _national(self, unit: str, award: str, grantor: str, year: int, rng: random.Random,
                  rate: str | None = None) -> list[dict[str, Any]]:
        proposed = {"type": "award", "recipient": unit, "award": award, "grantor": grantor, "year": year,
                    "status": "proposed", "proposer": self.ubnd}
        out = [proposed]
        if rng.random() < P_CONFERRED[rate or award]:
            out.append({**{k: v for k, v in proposed.items() if k != "proposer"}, "status": "conferred"})
        return out


def select_provinces(n: int) -> list[Area]:
    """``n`` provinces of the register spread evenly over its GSO order (all 63 for n >= 63)."""
    provinces = list(register().provinces.values())
    n = max(1, min(n, len(provinces)))
    return [provinces[i * len(provinces) // n] for i in range(n)]


def generate(cfg: SynthConfig) -> Iterator[dict[str, Any]]:
    """Every document of the dataset as plain records data, province by province."""
    reg = register()
    years = range(cfg.first_year, min(cfg.last_year, REORGANISATION_YEAR) + 1)
    successor = reg.province_successor
    merged = {code for code in successor.values() if list(successor.values()).count(code) > 1}
    selected = select_provinces(cfg.provinces)
    by_parent: dict[str, list[Area]] = {}
    for commune in reg.communes.values():
        by_parent.setdefault(commune.parent or "", []).append(commune)
    for area in selected:
        districts = [d for d in reg.districts.values() if d.parent == area.code]
        communes = [c for d in districts for c in by_parent.get(d.code, [])]
        last = REORGANISATION_YEAR - 1 if successor[area.code] in merged else cfg.last_year
        yield from Province(cfg, area, districts, communes, years, range(cfg.first_year, last + 1)).documents()
    if cfg.last_year >= REORGANISATION_YEAR:
        for code in sorted({successor[a.code] for a in selected} & merged):
            after = range(max(cfg.first_year, REORGANISATION_YEAR), cfg.last_year + 1)
            yield from Province(cfg, reg.provinces_2025[code], [], [], range(0), after).documents()


def write_dataset(cfg: SynthConfig, out_dir: Path) -> list[Path]:
    """Write one ``<source id>.json`` per document (sorted keys as generated, UTF-8, one space indent)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for doc in generate(cfg):
        path = out_dir / f"{doc['source']['id']}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(path)
    return written

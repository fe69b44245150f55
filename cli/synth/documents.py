"""The documents of one province: year-end and mid-year reviews, conflicting sources, award decisions."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from typing import Any

from tdkt.cli.synth.blocs import Bloc, in_province, plan_blocs
from tdkt.cli.synth.config import (
    ABBREVIATIONS,
    NATIONAL_CAMPAIGNS,
    P_CONFERRED,
    P_CONFLICT,
    P_COVENANT,
    P_HEAD_AWARD,
    P_LEADER_IS_CHAIR,
    P_MEMBERS_LISTED,
    P_MIDYEAR,
    P_NEXT_HOST,
    P_VARIANT,
    REORGANISATION_YEAR,
    SynthConfig,
)
from tdkt.cli.synth.people import Officials, person_name, seeded_rng
from tdkt.kernel.names import key
from tdkt.kernel.places import Area


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
        self.officials = Officials(seeded_rng(cfg.seed, "officials", area.edition, area.code), list(posts), span)
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
                rng = seeded_rng(self.cfg.seed, "bloc-year", bloc.slug, year)
                if bloc.kind in ("district", "cluster", "commune") and year >= REORGANISATION_YEAR:
                    yield self.midyear(bloc, year, rng, final=True)
                    continue
                yield self.review(bloc, year, rng)
                if rng.random() < P_MIDYEAR:
                    yield self.midyear(bloc, year, rng)
                if rng.random() < P_CONFLICT:
                    yield self.conflict(bloc, year, rng)
        for year in sorted(self.proposals):
            yield self.decision(year, seeded_rng(self.cfg.seed, "decision", self.area.edition, self.area.code, year))

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

"""Rotation analytics on the rows of the named queries: what SPARQL alone does poorly.

``rotation()`` reads the rows of the ``rotation`` query and, per bloc, gives
the rotation sequence, the members that have not chaired yet, how often the
vice-chair of a year chaired the next one, the cycle length, repeats within a
cycle, and the expected next chair with the rule that predicted it:

1. *vice-chair succession*, when the bloc follows it (the vice-chair of Y
   chaired Y+1 in most of the years where both are known) and the vice-chair
   of the last year is known;
2. otherwise *longest ago or never*: the members that never chaired, or else
   those whose last turn lies furthest back.

``awards_follow_rotation()`` counts the rows of ``awards-follow-rotation`` per
bloc; ``ladder()`` marks the steps of ``award-ladder`` that climb.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from itertools import pairwise
from typing import Any

from tdkt.graph.results import Rows
from tdkt.graph.store.base import Store
from tdkt.kernel.codes import BLOC_ROLES

RULE_VICE_CHAIR = "vice-chair succession"
RULE_LONGEST_AGO = "longest ago or never"
RULE_NONE = "none"
DUTY_NAMES = {code: duty.en.lower() for code, duty in BLOC_ROLES.items()}
#: the share of observed years in which the vice-chair must have chaired next, for the bloc to follow the rule
FOLLOWS_SHARE = 0.5


@dataclass(frozen=True, order=True)
class Unit:
    """A unit as the rows name it."""

    label: str
    iri: str


@dataclass(frozen=True)
class Prediction:
    """The expected chair of ``year``: one unit when the rule decides, else the tied candidates."""

    year: int
    units: tuple[Unit, ...]
    rule: str
    reason: str


@dataclass(frozen=True)
class Succession:
    """How often the vice-chair of Y chaired Y+1, over the years where both are known."""

    followed: int
    observed: int
    years: tuple[tuple[int, bool], ...]

    @property
    def follows(self) -> bool:
        return self.observed > 0 and self.followed / self.observed > FOLLOWS_SHARE


@dataclass(frozen=True)
class Repeat:
    """A unit that chaired again sooner than a full cycle through the members."""

    unit: Unit
    first: int
    again: int


@dataclass(frozen=True)
class Rotation:
    """The rotation of one bloc."""

    bloc: str
    label: str
    province: str | None
    duties: tuple[tuple[int, str, Unit], ...]  # (year, duty, unit), in year order
    members: tuple[Unit, ...]
    members_year: int | None  # the year of the member list the pool comes from
    not_chaired: tuple[Unit, ...]
    last_chaired: tuple[tuple[Unit, int], ...]
    succession: Succession
    cycle_length: int | None  # the most common gap between two turns of one unit
    repeats: tuple[Repeat, ...]
    expected: Prediction

    def as_dict(self) -> dict[str, Any]:
        """Plain data (for JSON), with the rotation sequence as 'chairs'."""
        data = asdict(self)
        data["chairs"] = [{"year": y, "units": [asdict(u) for u in units]} for y, units in self.chairs()]
        data["follows_vice_chair"] = self.succession.follows
        return data

    def chairs(self) -> tuple[tuple[int, tuple[Unit, ...]], ...]:
        """The rotation sequence: each year with a known chair, and its chair(s)."""
        years: dict[int, list[Unit]] = {}
        for year, duty, unit in self.duties:
            if duty == "chair":
                years.setdefault(year, []).append(unit)
        return tuple((y, tuple(sorted(u))) for y, u in sorted(years.items()))


def _dicts(rows: Rows | Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return list(rows.dicts() if isinstance(rows, Rows) else rows)


def _names(units: Iterable[Unit]) -> str:
    return ", ".join(u.label for u in sorted(units))


def _pool(duties: list[tuple[int, str, Unit]]) -> tuple[set[Unit], int | None]:
    """The units to rotate among: the latest member list and the duty holders since; else every duty holder."""
    listed = [year for year, duty, _ in duties if duty == "member"]
    if not listed:
        return {u for _, _, u in duties}, None
    latest = max(listed)
    pool = {u for year, duty, u in duties
            if (duty == "member" and year == latest) or (duty != "member" and year >= latest)}
    return pool, latest


def _succession(by_year: dict[tuple[int, str], set[Unit]]) -> Succession:
    years = []
    for year, duty in sorted(by_year):
        if duty == "vice_chair" and (year + 1, "chair") in by_year:
            years.append((year, bool(by_year[(year, duty)] & by_year[(year + 1, "chair")])))
    return Succession(sum(1 for _, f in years if f), len(years), tuple(years))


def _cycle(turns: dict[Unit, list[int]], members: int) -> tuple[int | None, tuple[Repeat, ...]]:
    gaps: Counter[int] = Counter()
    repeats = []
    for unit, years in sorted(turns.items()):
        for first, again in pairwise(years):
            gaps[again - first] += 1
            if members and again - first < members:
                repeats.append(Repeat(unit, first, again))
    cycle = min(gaps, key=lambda g: (-gaps[g], g)) if gaps else None
    return cycle, tuple(repeats)


def _predict(year: int, by_year: dict[tuple[int, str], set[Unit]], succession: Succession,
             pool: set[Unit], turns: dict[Unit, list[int]]) -> Prediction:
    previous = year - 1
    deputies = by_year.get((previous, "vice_chair"), set())
    note = ""
    if succession.follows:
        share = f"{succession.followed} of {succession.observed}"
        if deputies:
            return Prediction(year, tuple(sorted(deputies)), RULE_VICE_CHAIR,
                              f"the vice-chair of {previous} chairs in {year}: the bloc followed this rule in {share} "
                              "years where both are known")
        note = f"the bloc follows vice-chair succession ({share}), but no vice-chair of {previous} is recorded; "
    if not pool:
        return Prediction(year, (), RULE_NONE, note + "no members or duty holders are recorded")
    never = {u for u in pool if u not in turns}
    if never:
        return Prediction(year, tuple(sorted(never)), RULE_LONGEST_AGO,
                          note + ("this member has" if len(never) == 1 else f"these {len(never)} members have")
                          + " never chaired")
    oldest = min(max(turns[u]) for u in pool)
    due = {u for u in pool if max(turns[u]) == oldest}
    return Prediction(year, tuple(sorted(due)), RULE_LONGEST_AGO,
                      note + f"every member has chaired; the last turn furthest back was in {oldest}")


def _rotation(bloc: str, label: str, province: str | None, duties: list[tuple[int, str, Unit]]) -> Rotation:
    duties.sort(key=lambda d: (d[0], d[1], d[2]))
    by_year: dict[tuple[int, str], set[Unit]] = {}
    for year, duty, unit in duties:
        by_year.setdefault((year, duty), set()).add(unit)
    turns: dict[Unit, list[int]] = {}
    for year, duty, unit in duties:
        if duty == "chair":
            turns.setdefault(unit, []).append(year)
    pool, members_year = _pool(duties)
    succession = _succession(by_year)
    cycle, repeats = _cycle(turns, len(pool))
    chair_years = [y for y, d, _ in duties if d == "chair"]
    target = (max(chair_years) if chair_years else max(y for y, _, _ in duties)) + 1
    return Rotation(
        bloc, label, province, tuple(duties), tuple(sorted(pool)), members_year,
        tuple(sorted(u for u in pool if u not in turns)),
        tuple(sorted(((u, max(y)) for u, y in turns.items()), key=lambda t: (t[1], t[0]))),
        succession, cycle, repeats, _predict(target, by_year, succession, pool, turns),
    )


def rotation(rows: Rows | Iterable[Mapping[str, Any]]) -> list[Rotation]:
    """Per bloc, the analysis of the ``rotation`` query's rows (bloc, blocLabel, province, year, duty, unit, unitLabel).

    >>> rows = [{"bloc": "b", "blocLabel": "Khối A", "province": None, "year": y, "duty": d,
    ...          "unit": u, "unitLabel": u.upper()} for y, d, u in
    ...         [(2023, "member", "x"), (2023, "member", "y"), (2023, "member", "z"),
    ...          (2023, "chair", "x"), (2023, "vice_chair", "y"), (2024, "chair", "y"), (2024, "vice_chair", "z")]]
    >>> r = rotation(rows)[0]
    >>> [u.label for u in r.expected.units], r.expected.year, r.expected.rule
    (['Z'], 2025, 'vice-chair succession')
    """
    blocs: dict[str, tuple[str, str | None, list[tuple[int, str, Unit]]]] = {}
    for row in _dicts(rows):
        entry = blocs.setdefault(str(row["bloc"]), (str(row["blocLabel"]), row.get("province"), []))
        entry[2].append((int(row["year"]), str(row["duty"]), Unit(str(row["unitLabel"]), str(row["unit"]))))
    return [_rotation(bloc, label, province, sorted(set(duties)))
            for bloc, (label, province, duties) in sorted(blocs.items(), key=lambda b: (b[1][0], b[0]))]


def rotations(store: Store, bloc: str | None = None) -> list[Rotation]:
    """Run the ``rotation`` query (for one bloc, given by IRI or name, or for all) and analyse it."""
    from tdkt.queries.library import run_query

    return rotation(run_query(store, "rotation", {"bloc": bloc} if bloc else {}))


def describe_rotation(r: Rotation) -> str:
    """The rotation of one bloc as plain text, for the command line."""
    title = f"{r.label} ({r.province})" if r.province else r.label
    lines = [title, "  sequence:"]
    years: dict[int, list[str]] = {}
    for year, duty, unit in r.duties:
        if duty in DUTY_NAMES:
            years.setdefault(year, []).append(f"{DUTY_NAMES[duty]} {unit.label}")
    if not years:
        lines.append("    (no chair, vice-chair or host recorded)")
    for year in sorted(years):
        lines.append(f"    {year}  " + "; ".join(years[year]))
    where = f"member list of {r.members_year}" if r.members_year else "no member list; duty holders"
    lines.append(f"  members: {len(r.members)} ({where})")
    lines.append(f"  not yet chaired: {_names(r.not_chaired) or '-'}")
    s = r.succession
    if s.observed:
        shown = ", ".join(f"{y}→{y + 1} {'yes' if f else 'no'}" for y, f in s.years)
        lines.append(f"  vice-chair succession: followed in {s.followed} of {s.observed} ({shown})")
    else:
        lines.append("  vice-chair succession: not observed (no vice-chair of Y with a known chair of Y+1)")
    if r.cycle_length is None:
        lines.append("  cycle: no unit has chaired twice; a full cycle through the members takes "
                     f"{len(r.members)} years")
    else:
        lines.append(f"  cycle: {r.cycle_length} years between two turns of a unit (members: {len(r.members)})")
    repeats = "; ".join(f"{x.unit.label} {x.first} and {x.again}" for x in r.repeats)
    lines.append(f"  repeats within a cycle: {repeats or 'none'}")
    e = r.expected
    lines.append(f"  expected chair of {e.year}: {_names(e.units) or 'unknown'}")
    lines.append(f"    rule: {e.rule} - {e.reason}")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class AwardRotation:
    """How often the rotating chair of a bloc got the bloc's top award or ranking."""

    bloc: str
    label: str
    province: str | None
    chair_years: int
    award_years: int  # chair-years in which the bloc has a placed award
    chair_top_award: int
    ranking_years: int  # chair-years in which the chair's ranking is known
    chair_ranked_first: int


def awards_follow_rotation(rows: Rows | Iterable[Mapping[str, Any]]) -> list[AwardRotation]:
    """Per bloc and province, the counts behind the ``awards-follow-rotation`` rows.

    >>> rows = [{"bloc": "b", "blocLabel": "A", "province": "P", "year": 2023, "chair": "x",
    ...          "chairGetsTop": True, "chairRank": None, "chairRanksFirst": None}]
    >>> awards_follow_rotation(rows)[0].chair_top_award
    1
    """
    seen: dict[str, dict[tuple[int, str], Mapping[str, Any]]] = {}
    labels: dict[str, tuple[str, str | None]] = {}
    for row in _dicts(rows):
        bloc = str(row["bloc"])
        labels.setdefault(bloc, (str(row["blocLabel"]), row.get("province")))
        key = (int(row["year"]), str(row["chair"]))
        known = seen.setdefault(bloc, {})
        if key not in known or row.get("chairGetsTop"):  # a chair with several awards counts once, at its best
            known[key] = row
    out = []
    for bloc, years in seen.items():
        values = list(years.values())
        label, province = labels[bloc]
        out.append(AwardRotation(
            bloc, label, province, len(values),
            sum(1 for v in values if v.get("chairGetsTop") is not None),
            sum(1 for v in values if v.get("chairGetsTop")),
            sum(1 for v in values if v.get("chairRank") is not None),
            sum(1 for v in values if v.get("chairRanksFirst")),
        ))
    return sorted(out, key=lambda a: (a.label, a.bloc))


@dataclass(frozen=True)
class LadderStep:
    """One award on a recipient's ladder; ``climbed`` when it ranks above everything before it."""

    recipient: str
    label: str
    year: int
    award: str
    precedence: int | None
    climbed: bool


def ladder(rows: Rows | Iterable[Mapping[str, Any]]) -> list[LadderStep]:
    """The ``award-ladder`` rows as steps, marking each award that ranks above all earlier years' awards.

    >>> steps = ladder([{"recipient": "u", "recipientLabel": "U", "year": y, "awardTypeLabel": a,
    ...                  "awardName": a, "precedence": p} for y, a, p in
    ...                 [(2020, "Giấy khen", 70), (2021, "Bằng khen", 120), (2022, "Giấy khen", 70)]])
    >>> [s.climbed for s in steps]
    [True, True, False]
    """
    out = []
    earlier: dict[str, int] = {}  # the best award of the recipient's earlier years
    current: dict[str, tuple[int, int]] = {}  # (year, best award of that year) being read
    for row in sorted(_dicts(rows), key=lambda r: (str(r["recipient"]), int(r["year"]))):
        recipient, year = str(row["recipient"]), int(row["year"])
        if recipient in current and current[recipient][0] != year:
            earlier[recipient] = max(earlier.get(recipient, 0), current.pop(recipient)[1])
        value = row.get("precedence")
        precedence = int(value) if value is not None else None
        climbed = precedence is not None and precedence > earlier.get(recipient, 0)
        out.append(LadderStep(recipient, str(row["recipientLabel"]), year,
                              str(row.get("awardTypeLabel") or row.get("awardName")), precedence, climbed))
        if precedence is not None:
            current[recipient] = (year, max(current.get(recipient, (year, 0))[1], precedence))
    return out

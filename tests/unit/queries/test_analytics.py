"""Rotation analytics on hand-written query rows, and the campaign rule."""

from __future__ import annotations

from typing import Any

import pytest

from tdkt.graph.campaigns import derive_links
from tdkt.queries.analytics import (
    RULE_LONGEST_AGO,
    RULE_VICE_CHAIR,
    awards_follow_rotation,
    ladder,
    rotation,
)


def rows(*duties: tuple[int, str, str], bloc: str = "b") -> list[dict[str, Any]]:
    return [{"bloc": bloc, "blocLabel": bloc.upper(), "province": "P", "year": y, "duty": d, "unit": u,
             "unitLabel": u.upper()} for y, d, u in duties]


def members(year: int, *units: str) -> list[tuple[int, str, str]]:
    return [(year, "member", u) for u in units]


def labels(units: tuple[Any, ...]) -> list[str]:
    return [u.label for u in units]


def test_vice_chair_succession_predicts_when_the_bloc_follows_it() -> None:
    [r] = rotation(rows(*members(2020, "a", "b", "c", "d"),
                        (2020, "chair", "a"), (2020, "vice_chair", "b"),
                        (2021, "chair", "b"), (2021, "vice_chair", "c"),
                        (2022, "chair", "c"), (2022, "vice_chair", "d")))
    assert (r.succession.followed, r.succession.observed, r.succession.follows) == (2, 2, True)
    assert (r.expected.year, labels(r.expected.units), r.expected.rule) == (2023, ["D"], RULE_VICE_CHAIR)
    assert "2 of 2" in r.expected.reason


def test_a_bloc_that_does_not_follow_the_vice_chair_falls_back_to_longest_ago() -> None:
    [r] = rotation(rows(*members(2020, "a", "b", "c"),
                        (2020, "chair", "a"), (2020, "vice_chair", "b"),
                        (2021, "chair", "c"), (2021, "vice_chair", "a")))
    assert not r.succession.follows
    assert (labels(r.expected.units), r.expected.rule) == (["B"], RULE_LONGEST_AGO)
    assert labels(r.not_chaired) == ["B"]


def test_longest_ago_when_every_member_has_chaired() -> None:
    [r] = rotation(rows(*members(2019, "a", "b", "c"),
                        (2017, "chair", "b"), (2018, "chair", "c"), (2019, "chair", "a"), (2020, "chair", "c")))
    assert r.not_chaired == ()
    assert (r.expected.year, labels(r.expected.units)) == (2021, ["B"])
    assert "furthest back was in 2017" in r.expected.reason


def test_cycle_length_and_repeats_within_a_cycle() -> None:
    duties = members(2010, "a", "b", "c") + [(2010 + i, "chair", "abc"[i % 3]) for i in range(7)]
    [r] = rotation(rows(*duties, (2016, "chair", "a")))
    assert r.cycle_length == 3
    assert r.repeats == ()
    [again] = rotation(rows(*members(2010, "a", "b", "c"), (2010, "chair", "a"), (2011, "chair", "b"),
                            (2012, "chair", "a")))
    assert [(x.unit.label, x.first, x.again) for x in again.repeats] == [("A", 2010, 2012)]
    assert again.cycle_length == 2


def test_the_member_pool_is_the_latest_list_and_later_duty_holders() -> None:
    [r] = rotation(rows(*members(2018, "a", "b", "old"), *members(2020, "a", "b"), (2021, "host", "new"),
                        (2020, "chair", "a")))
    assert labels(r.members) == ["A", "B", "NEW"] and r.members_year == 2020
    assert labels(r.expected.units) == ["B", "NEW"]


def test_small_blocs() -> None:
    assert rotation([]) == []
    [alone] = rotation(rows((2020, "chair", "a")))
    assert (labels(alone.expected.units), alone.expected.rule) == (["A"], RULE_LONGEST_AGO)
    # the bloc followed the rule once, but nobody is vice-chair of 2021: fall back, and say why
    [r] = rotation(rows((2020, "chair", "a"), (2020, "vice_chair", "b"), (2021, "chair", "b")))
    assert r.succession.follows and r.expected.rule == RULE_LONGEST_AGO
    assert r.expected.reason.startswith("the bloc follows vice-chair succession (1 of 1), but no vice-chair of 2021")


def test_two_chairs_in_a_year_both_show_in_the_sequence() -> None:
    [r] = rotation(rows((2020, "chair", "a"), (2020, "chair", "b")))
    assert [(y, labels(u)) for y, u in r.chairs()] == [(2020, ["A", "B"])]


def test_awards_follow_rotation_counts_each_chair_year_once() -> None:
    base = {"bloc": "b", "blocLabel": "B", "province": "P", "chair": "x", "chairRank": None,
            "chairRanksFirst": None}
    summary = awards_follow_rotation([
        base | {"year": 2020, "chairGetsTop": False}, base | {"year": 2020, "chairGetsTop": True},
        base | {"year": 2021, "chairGetsTop": None, "chairRank": 1, "chairRanksFirst": True},
        base | {"year": 2022, "chairGetsTop": False, "chairRank": 2, "chairRanksFirst": False}])
    [b] = summary
    assert (b.chair_years, b.award_years, b.chair_top_award, b.ranking_years, b.chair_ranked_first) == (3, 2, 1, 2, 1)


def test_ladder_compares_with_earlier_years_only() -> None:
    steps = ladder([{"recipient": "u", "recipientLabel": "U", "year": y, "awardName": a, "precedence": p}
                    for y, a, p in [(2020, "Bằng khen", 120), (2020, "Giấy khen", 70), (2021, "x", None),
                                    (2022, "Giấy khen", 70), (2023, "Cờ thi đua", 150)]])
    assert [s.climbed for s in steps] == [True, True, False, False, True]


# -- campaign derivation ----------------------------------------------------------------------------

@pytest.mark.parametrize(("national", "provincial", "province"), [
    ("Cả nước chung sức xây dựng nông thôn mới", "Lai Châu chung sức xây dựng nông thôn mới", "Lai Châu"),
    ("Toàn quốc thi đua xây dựng xã hội học tập", "tỉnh Điện Biên thi đua xây dựng xã hội học tập", "Điện Biên"),
    ("Toàn dân đoàn kết xây dựng đời sống văn hóa", "Lào Cai đoàn kết xây dựng đời sống văn hóa", "Lào Cai"),
    ("Doanh nghiệp cả nước chung tay vì người nghèo", "Doanh nghiệp Thành phố Hà Nội chung tay vì người nghèo",
     "Hà Nội"),
    ("CẢ NƯỚC CHUNG SỨC XÂY DỰNG NÔNG THÔN MỚI", "lai chau chung suc xay dung nong thon moi", "Lai Châu"),
])
def test_campaign_rule_generalises(national: str, provincial: str, province: str) -> None:
    [link] = derive_links([("n", national), ("p", provincial)])
    assert (link.child, link.parent, link.province, link.confidence) == ("p", "n", province, "1.000")


def test_campaign_near_match_and_non_matches() -> None:
    near = derive_links([("n", "Cả nước chung tay vì người nghèo - không để ai bị bỏ lại phía sau"),
                         ("p", "Lai Châu chung tay vì người nghèo - không để ai bỏ lại phía sau")])
    assert [(x.child, x.extra_word, x.confidence) for x in near] == [("p", "bị", "0.800")]
    assert derive_links([("n", "Cả nước chung sức xây dựng nông thôn mới"),
                         ("p", "Chung sức xây dựng nông thôn mới"),
                         ("q", "Lai Châu chung sức xây dựng đô thị văn minh"),
                         ("r", "Lai Châu thi đua 2021"), ("s", "Cả nước thi đua 2020")]) == []

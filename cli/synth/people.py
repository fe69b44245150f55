"""Seeded randomness, Vietnamese person names, and who holds each post year by year."""

from __future__ import annotations

import random
from collections.abc import Sequence

from tdkt.cli.synth.config import (
    GIVEN,
    MIDDLE,
    P_MOVER,
    P_POST_CHANGES_AT_TERM,
    P_POST_CHANGES_MIDTERM,
    SURNAMES,
    TERM_STARTS,
)


def seeded_rng(seed: int, *parts: object) -> random.Random:
    return random.Random("/".join(str(p) for p in (seed, *parts)))


def weighted(rng: random.Random, options: Sequence[tuple[str, float]]) -> str:
    return rng.choices([o for o, _ in options], [w for _, w in options])[0]


def person_name(rng: random.Random) -> str:
    """A Vietnamese name: surname by frequency, a middle name and a given name of one sex."""
    sex = rng.choice("mf")
    return f"{weighted(rng, SURNAMES)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"


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

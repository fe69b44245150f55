"""Synthetic records documents shaped like the corpus, for benchmarks and scale tests.

Real provinces and districts come from the register (``kernel.places``); the
blocs, members, rotations, rankings, awards, officials and campaigns are drawn
from seeded random numbers, so one seed always gives byte-identical files.
Every document is one synthetic "article" and validates as a records document.
The distributions are the constants of ``cli.synth.config``, documented in docs/performance.md
("Synthetic data") and checked by the synth tests.

>>> docs = list(generate(SynthConfig(provinces=1, first_year=2020, last_year=2021)))
>>> docs[0]["source"]["province"], docs[0]["records"][0]["type"]
('Hà Nội', 'bloc')
"""

from tdkt.cli.synth.config import (
    P_CONFLICT,
    P_LEADER_IS_CHAIR,
    P_MEMBERS_LISTED,
    P_VICE_SUCCEEDS,
    REORGANISATION_YEAR,
    SynthConfig,
)
from tdkt.cli.synth.dataset import generate, select_provinces, write_dataset

__all__ = ["P_CONFLICT", "P_LEADER_IS_CHAIR", "P_MEMBERS_LISTED", "P_VICE_SUCCEEDS", "REORGANISATION_YEAR",
           "SynthConfig", "generate", "select_provinces", "write_dataset"]

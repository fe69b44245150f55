"""Articles per second of the extractor on one core (a script, not a test).

    python benchmarks/extract_speed.py [ROUNDS]

Reads the shared corpus, the dev set and the test articles, extracts each once
to warm up (lexicons and the admin-unit register load on first use), then times
ROUNDS passes over all of them. The rate is reported against the CPU time of
this process (one core, whatever else the machine is running) and against the
wall clock.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tdkt.loaders.articles import extract_file  # noqa: E402


def main(rounds: int) -> None:
    shared = ROOT.parent / "shared"
    paths = sorted((shared / "corpus").glob("*.txt")) + sorted((shared / "devset" / "articles").glob("*.txt"))
    paths += sorted(p for p in (ROOT / "tests" / "data" / "articles").iterdir() if p.suffix in (".txt", ".html"))
    start = time.perf_counter()
    for path in paths:
        extract_file(path)
    warm = time.perf_counter() - start
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(rounds):
        for path in paths:
            extract_file(path)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    n = rounds * len(paths)
    print(f"{len(paths)} articles, first pass {warm:.2f} s (includes loading data)")
    print(f"{n} extractions in {cpu:.2f} s of CPU: {n / cpu:.1f} articles/s on one core "
          f"(wall clock {wall:.2f} s: {n / wall:.1f} articles/s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)

"""Where the time of `tdkt build` goes: wall and CPU time per phase, in one process (a script, not a test).

    python benchmarks/build_split.py RECORDS [--repeats 3] [--json OUT]

Runs ``tdkt --store S build RECORDS -q`` in this process, `--repeats` times in
fresh processes, with the pipeline's steps wrapped by timers; a phase's time
is what elapsed while it was the innermost step running (a stack of phases),
so the phases add up to the whole. CPU time is the process's (every thread),
so a phase during which the two loading threads work shows more CPU than
wall. Python's own start, before this script runs, is not in it (about 20 ms).
Medians per phase; results: ``benchmarks/results/build-split.json``.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PHASES = ("imports", "read and check records", "map to N-Quads", "write text files", "reference graphs",
          "encode other graphs", "derived graphs", "bulk loads (2 threads)", "begin, commit, swap", "other")


class Clock:
    """Time attributed to the innermost phase running."""

    def __init__(self) -> None:
        self.stack = ["other"]
        self.spent: dict[str, list[float]] = {}
        self.mark = (time.perf_counter(), time.process_time())

    def switch(self, to: str | None) -> None:
        now = (time.perf_counter(), time.process_time())
        wall, cpu = self.spent.setdefault(self.stack[-1], [0.0, 0.0])
        self.spent[self.stack[-1]] = [wall + now[0] - self.mark[0], cpu + now[1] - self.mark[1]]
        self.mark = now
        if to is None:
            self.stack.pop()
        else:
            self.stack.append(to)

    def wrap(self, phase: str, f: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(f)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.switch(phase)
            try:
                return f(*args, **kwargs)
            finally:
                self.switch(None)

        return timed

    def wrap_iterator(self, phase: str, f: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
        @functools.wraps(f)
        def timed(*args: Any, **kwargs: Any) -> Iterator[Any]:
            items = f(*args, **kwargs)
            while True:
                self.switch(phase)
                try:
                    item = next(items)
                except StopIteration:
                    return
                finally:
                    self.switch(None)
                yield item

        return timed


def one_run(records: str, store: str) -> dict[str, list[float]]:
    """One instrumented build in this process."""
    clock = Clock()
    clock.switch("imports")
    import tdkt.cli.main as cli
    import tdkt.graph.build as build
    import tdkt.graph.bulk as bulk
    import tdkt.graph.mapping as mapping
    import tdkt.graph.reading as reading
    clock.switch(None)
    targets: list[tuple[Any, str, str]] = [
        (reading, "_read", "read and check records"), (reading, "document_nquads", "map to N-Quads"),
        (bulk, "nquads_with_default", "encode other graphs"), (bulk._Swap, "_load", "write text files"),
        (bulk._Swap, "_settle", "bulk loads (2 threads)"), (build, "reference_graphs", "reference graphs"),
        (bulk.FolderSwapWriter, "begin", "begin, commit, swap"), (bulk._Swap, "commit", "begin, commit, swap")]
    for owner, name, phase in targets:
        setattr(owner, name, clock.wrap(phase, getattr(owner, name)))
    for owner, name, phase in [(mapping.DocumentMapper, "nquads", "map to N-Quads")]:
        setattr(owner, name, clock.wrap_iterator(phase, getattr(owner, name)))
    pipeline: Any = build
    pipeline.DERIVATIONS = tuple(dataclasses.replace(d, derive=clock.wrap("derived graphs", d.derive))
                                 for d in pipeline.DERIVATIONS)
    try:
        cli.main(["--store", store, "build", records, "-q"])
    except SystemExit as exc:
        if exc.code:
            raise
    clock.switch(None)
    return clock.spent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("records")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path, default=REPO / "benchmarks" / "results" / "build-split.json")
    parser.add_argument("--one", metavar="STORE", help=argparse.SUPPRESS)  # a child run, printing its phases
    args = parser.parse_args()
    if args.one:
        start = time.perf_counter(), time.process_time()
        spent = one_run(args.records, args.one)
        spent["total"] = [time.perf_counter() - start[0], time.process_time() - start[1]]
        print(json.dumps(spent))
        return 0
    runs = []
    with tempfile.TemporaryDirectory(prefix="build-split-") as work:
        for _ in range(args.repeats):
            store = os.path.join(work, "store")
            shutil.rmtree(store, ignore_errors=True)
            out = subprocess.run([sys.executable, __file__, args.records, "--one", store], cwd=REPO, check=True,
                                 capture_output=True, text=True).stdout
            runs.append(json.loads(out.strip().splitlines()[-1]))
    phases = [p for p in (*PHASES, "total") if any(p in r for r in runs)]
    median = {p: {"wall_s": statistics.median(r.get(p, [0, 0])[0] for r in runs),
                  "cpu_s": statistics.median(r.get(p, [0, 0])[1] for r in runs)} for p in phases}
    result = {"command": " ".join(["python", "benchmarks/build_split.py", *sys.argv[1:]]),
              "load_average": os.getloadavg(), "median": median, "runs": runs}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"{'phase':26} {'wall s':>7} {'CPU s':>7}")
    for phase, m in median.items():
        print(f"{phase:26} {m['wall_s']:7.2f} {m['cpu_s']:7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

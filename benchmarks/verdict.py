"""Issue 14's speed bars, checked against the benchmarks' results (a script, not a test).

    python benchmarks/verdict.py [--run] [--store /tmp/store-1m] [--markdown]

Reads ``benchmarks/results/build-bench.json`` (build_bench.py), ``engines-1m.json``
(engine_bench.py, its embedded and virtuoso parts) and ``web-1m.json``
(web_bench.py) and says, bar by bar, whether it is met and by which figure:

* build within 1.5× of a raw bulk load of the same layout (wall time), and peak
  memory within 1.5× raw, at every scale build_bench measured;
* every named query on Virtuoso within max(3× the embedded time, 1 s), with the
  embedded store's row count;
* ``tdkt serve``: p95 < 1 s, nothing cancelled or failed; also each target's
  slowest request, which the overall p95 can hide.

With ``--run`` it first runs the three benchmarks, one after the other on the
same machine (the build at 100k and 1m, then the engines and the web on
``--store``), so that every figure comes from one run. The exit status is 0
when every bar is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tdkt.queries.library import load_queries

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "benchmarks" / "results"
BUILD_BAR = 1.5
VIRTUOSO_FACTOR, VIRTUOSO_FLOOR_S = 3.0, 1.0
WEB_P95_S = 1.0


@dataclass(frozen=True)
class Check:
    """One bar: what is measured, the figure, whether it is met."""

    bar: str
    figure: str
    met: bool


def _load(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise SystemExit(f"error: {path} is missing; run the benchmark that writes it (or --run)")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def build_checks(results: dict[str, Any]) -> list[Check]:
    checks = []
    for scale, figures in results["scales"].items():
        ratio = figures["build_over_raw"]
        checks.append(Check(f"build {scale}: wall ≤ {BUILD_BAR}× raw", f"{ratio['seconds']:.2f}×",
                            ratio["seconds"] <= BUILD_BAR))
        checks.append(Check(f"build {scale}: peak memory ≤ {BUILD_BAR}× raw", f"{ratio['peak_rss_mb']:.2f}×",
                            ratio["peak_rss_mb"] <= BUILD_BAR))
    return checks


def virtuoso_checks(results: dict[str, Any]) -> list[Check]:
    embedded, virtuoso = results.get("embedded", {}), results.get("virtuoso", {}).get("queries", {})
    if not virtuoso:
        return [Check("virtuoso: every named query measured", "no virtuoso part in the results", False)]
    measured = {case.split()[0] for case in virtuoso}
    missing = sorted(set(load_queries()) - measured)
    checks = [Check("virtuoso: every named query measured", f"missing: {', '.join(missing)}" if missing else
                    f"all {len(measured)}", not missing)]
    for case, runs in sorted(virtuoso.items()):
        checks.append(_virtuoso_check(case, runs, embedded.get(case, {})))
    return checks


def _virtuoso_check(case: str, runs: dict[str, Any], local: dict[str, Any]) -> Check:
    """The slowest parameter set, each timed the first time Virtuoso sees its text (engine_bench's ``first``,
    against the embedded time of the same set), else the median of later runs (older results)."""
    pairs = [({"median_s": f.get("s"), "rows": f.get("rows"), "error": f.get("error")}, mine)
             for f, mine in zip(runs.get("first", []), local.get("by_set", []), strict=False)]
    pairs = pairs or [(runs.get("values", {}), local.get("values", {}))]
    worst: Check | None = None
    worst_s = -1.0
    for remote, mine in pairs:
        if remote.get("median_s") is None or "median_s" not in mine:
            return Check(f"virtuoso {case}", f"not answered: {remote.get('error') or 'no time'}", False)
        limit = max(VIRTUOSO_FACTOR * mine["median_s"], VIRTUOSO_FLOOR_S)
        same = remote.get("rows") == mine.get("rows")
        figure = (f"{remote['median_s']:.3f} s (embedded {mine['median_s']:.3f} s, limit {limit:.2f} s; "
                  f"rows {remote.get('rows')} / {mine.get('rows')})")
        check = Check(f"virtuoso {case}", figure, remote["median_s"] <= limit and same)
        if worst is None or (worst.met and not check.met) or (worst.met == check.met and remote["median_s"] > worst_s):
            worst, worst_s = check, remote["median_s"]
    assert worst is not None
    return worst


def web_checks(results: dict[str, Any]) -> list[Check]:
    web = results["web"]
    checks = [
        Check(f"web: p95 < {WEB_P95_S} s", f"{web['p95_s']:.2f} s (p50 {web['p50_s']:.2f} s, "
              f"{web['requests']} requests, {web['clients']} clients)", web["p95_s"] < WEB_P95_S),
        Check("web: none cancelled or failed", f"{web['cancelled']} cancelled, {web['failed']} failed",
              web["cancelled"] == 0 and web["failed"] == 0),
    ]
    slow = {target: figures["max_s"] for target, figures in web.get("by_target", {}).items()
            if figures["max_s"] >= WEB_P95_S}
    listed = ", ".join(f"{target} {seconds:.2f} s" for target, seconds in sorted(slow.items(), key=lambda kv: -kv[1]))
    checks.append(Check(f"web: each target's slowest request < {WEB_P95_S} s", listed or "all under", not slow))
    return checks


def run_all(store: Path) -> None:
    python = sys.executable
    commands = [
        [python, "benchmarks/build_bench.py", "--scales", "100k,1m", "--repeats", "3"],
        [python, "benchmarks/engine_bench.py", "--store", str(store), "--parts", "embedded,virtuoso",
         "--bound-only", "--runs", "2", "--json", str(RESULTS / "engines-1m.json")],
        [python, "benchmarks/web_bench.py", "--store", str(store), "--json", str(RESULTS / "web-1m.json")],
    ]
    for command in commands:
        print("$", " ".join(command), file=sys.stderr, flush=True)
        subprocess.run(command, cwd=REPO, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--run", action="store_true", help="run the three benchmarks first")
    parser.add_argument("--store", type=Path, default=Path("/tmp/store-1m"), help="the 1m store (with --run)")
    parser.add_argument("--markdown", action="store_true", help="a table for docs/performance.md")
    args = parser.parse_args()
    if args.run:
        run_all(args.store)
    checks = (build_checks(_load(RESULTS / "build-bench.json"))
              + virtuoso_checks(_load(RESULTS / "engines-1m.json"))
              + web_checks(_load(RESULTS / "web-1m.json")))
    if args.markdown:
        print("| bar | figure | met |\n|---|---|---|")
        for check in checks:
            print(f"| {check.bar} | {check.figure} | {'yes' if check.met else '**no**'} |")
    else:
        for check in checks:
            print(f"{'ok  ' if check.met else 'MISS'} {check.bar}: {check.figure}")
    missed = sum(not check.met for check in checks)
    print(f"{len(checks) - missed} of {len(checks)} bars met", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())

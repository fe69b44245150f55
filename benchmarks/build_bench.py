"""`tdkt build` against a raw bulk load of the same store layout, and rdflib (a script, not a test).

    python benchmarks/build_bench.py [--scales 100k,1m] [--records-1m DIR] [--repeats 3] [--json OUT]

For each scale it runs, each in a fresh process and in turns (build, raw, build,
raw, ...; the machine is shared, so the two see the same load):

* ``tdkt --store S build RECORDS -q``: the command as users run it, from the
  records (JSON) to the store on disk;
* raw: pyoxigraph ``Store.bulk_load`` of an N-Quads dump of the store that
  build made (every quad of every graph, and each distinct triple once in the
  default graph: the same layout), into a new store folder;
* raw split: the same quads by the build's own means, as a baseline of the
  engine's share: the named graphs' quads and the default graph's triples in
  two files, two ``Store.bulk_load(lenient=True)`` side by side (no check of
  IRIs and language tags: the build's terms were checked when made). The
  issue's bar is the first baseline, the dump loaded as a user loads it;
* at 100k, rdflib: the same dump parsed into an in-memory ``rdflib.Dataset``
  (the slow baseline).

Each run reports wall time, CPU time (user + system of the process, its
threads and its children, from ``wait4``) and peak resident memory of the
process and its children (sampled every 50 ms). The ratios are medians of
build over medians of raw. Records at 100k come from ``tdkt synth
--provinces 2 --years 2019-2026``; at 1m from ``--records-1m`` (default
``/tmp/engines-1m/records``, made by ``tdkt synth --provinces 16 --years
2014-2025``) or synthesised. Results: ``benchmarks/results/build-bench.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SYNTH = {"100k": ("2", "2019-2026"), "1m": ("16", "2014-2025")}
RAW = """import sys, pyoxigraph as ox
ox.Store(sys.argv[1]).bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_QUADS)"""
RAW_SPLIT = """import sys, threading, pyoxigraph as ox
store = ox.Store(sys.argv[1])
load = lambda path: store.bulk_load(path=path, format=ox.RdfFormat.N_QUADS, lenient=True)
other = threading.Thread(target=load, args=(sys.argv[3],))
other.start(); load(sys.argv[2]); other.join()"""
RDFLIB = """import sys, rdflib
ds = rdflib.Dataset(default_union=False)
ds.parse(sys.argv[2], format="nquads")
assert len(ds) > 0"""


def tree_rss(pid: int) -> int:
    """Resident memory of a process and, recursively, its children (Linux /proc), in bytes."""
    total = 0
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        total += int(next((line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")), 0)) * 1024
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += tree_rss(int(child))
    except OSError:
        pass
    return total


def measured(command: list[str]) -> dict[str, Any]:
    """Run a command; its wall time, CPU time (with its threads and children) and peak memory (with children)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(process.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {errors.decode()[-2000:]}")
    return {"seconds": seconds, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_rss_mb": peak / 2**20}


def records(scale: str, work: Path, given: Path | None) -> Path:
    if given is not None and given.is_dir():
        return given
    folder = work / scale / "records"
    if not folder.is_dir():
        provinces, years = SYNTH[scale]
        subprocess.run([sys.executable, "-m", "tdkt", "synth", "--provinces", provinces, "--years", years,
                        "-o", str(folder)], cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    return folder


def dump(store: Path, target: Path) -> dict[str, int]:
    """The store in ``target``, and apart: its named graphs' quads and its default graph's triples."""
    import pyoxigraph as ox

    built = ox.Store.read_only(str(store))
    built.dump(output=str(target), format=ox.RdfFormat.N_QUADS)
    built.dump(output=str(target.with_suffix(".default.nq")), format=ox.RdfFormat.N_QUADS,
               from_graph=ox.DefaultGraph())
    with target.with_suffix(".named.nq").open("w", encoding="utf-8") as named:
        for quad in built.quads_for_pattern(None, None, None, None):
            if not isinstance(quad.graph_name, ox.DefaultGraph):
                named.write(f"{quad} .\n")
    default = sum(1 for _ in built.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    return {"stored_quads": len(built), "default_graph_triples": default, "source_quads": len(built) - default}


def median(runs: list[dict[str, Any]], key: str) -> float:
    return float(statistics.median(r[key] for r in runs))


def bench(scale: str, data: Path, work: Path, repeats: int, log: Any) -> dict[str, Any]:
    folder = work / scale
    folder.mkdir(parents=True, exist_ok=True)
    store, raw_store, nq = folder / "store", folder / "raw-store", folder / "dump.nq"
    build_cmd = [sys.executable, "-m", "tdkt", "--store", str(store), "build", str(data), "-q"]
    runs: dict[str, list[dict[str, Any]]] = {"build": [], "raw": [], "raw_split": [], "rdflib": []}
    out: dict[str, Any] = {"records": str(data), "documents": len(list(data.glob("*.json"))),
                           "load_average_before": os.getloadavg()}
    for i in range(repeats):
        shutil.rmtree(store, ignore_errors=True)
        runs["build"].append(measured(build_cmd))
        log(f"{scale} build {i + 1}: {runs['build'][-1]}")
        if i == 0:
            out |= dump(store, nq)
        for name, inputs in (("raw", [RAW, str(nq)]),
                             ("raw_split", [RAW_SPLIT, str(nq.with_suffix(".named.nq")),
                                            str(nq.with_suffix(".default.nq"))])):
            shutil.rmtree(raw_store, ignore_errors=True)
            runs[name].append(measured([sys.executable, "-c", inputs[0], str(raw_store), *inputs[1:]]))
            log(f"{scale} {name} {i + 1}: {runs[name][-1]}")
        if scale == "100k":
            runs["rdflib"].append(measured([sys.executable, "-c", RDFLIB, "", str(nq)]))
            log(f"{scale} rdflib {i + 1}: {runs['rdflib'][-1]}")
    out["load_average_after"] = os.getloadavg()
    out["runs"] = {k: v for k, v in runs.items() if v}
    out["median"] = {k: {m: median(v, m) for m in ("seconds", "cpu_s", "peak_rss_mb")} for k, v in runs.items() if v}
    b, r = out["median"]["build"], out["median"]["raw"]
    out["build_over_raw"] = {m: b[m] / r[m] for m in ("seconds", "cpu_s", "peak_rss_mb")}
    split = out["median"]["raw_split"]
    out["build_over_raw_split"] = {m: b[m] / split[m] for m in ("seconds", "cpu_s", "peak_rss_mb")}
    if runs["rdflib"]:
        out["rdflib_over_build"] = {m: out["median"]["rdflib"][m] / b[m] for m in ("seconds", "cpu_s", "peak_rss_mb")}
    shutil.rmtree(raw_store, ignore_errors=True)
    for path in (nq, nq.with_suffix(".named.nq"), nq.with_suffix(".default.nq")):
        path.unlink()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="100k,1m")
    parser.add_argument("--records-1m", type=Path, default=Path("/tmp/engines-1m/records"))
    parser.add_argument("--work", type=Path, default=Path("/tmp/tdkt-build-bench"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path, default=REPO / "benchmarks" / "results" / "build-bench.json")
    args = parser.parse_args()

    def log(text: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)

    import pyoxigraph as ox

    results: dict[str, Any] = {
        "command": " ".join(["python", "benchmarks/build_bench.py", *sys.argv[1:]]),
        "machine": {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count(),
                    "pyoxigraph": ox.__version__, "rdflib": __import__("rdflib").__version__},
        "scales": {}}
    for scale in args.scales.split(","):
        data = records(scale, args.work, args.records_1m if scale == "1m" else None)
        results["scales"][scale] = bench(scale, data, args.work, args.repeats, log)
        log(f"{scale}: build/raw {results['scales'][scale]['build_over_raw']}")
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Every named query on every engine, and the web under load (a script, not a test).

    python benchmarks/engine_bench.py --store STORE [--work DIR] [--runs 3] [--json OUT] [--bound-only]
                                      [--parts embedded,oxigraph,virtuoso,web] [--sets 3 --requests 0 --clients 4]
                                      [--only NAME,NAME]

On a store built by ``tdkt build`` (e.g. the 1m synthetic set of scale_bench.py):

* embedded: each named query through ``run_query`` (leading VALUES blocks),
  bound (values drawn from the data, as scale_bench.py draws them) and
  unbound, against the same text with pyoxigraph's substitutions;
* oxigraph: ``oxigraph serve-read-only`` on the store, through ``RemoteStore``
  (leading VALUES), and the same bound queries with a trailing VALUES block
  (the binding the remote backend and the web used before);
* virtuoso: Debian's Virtuoso on loopback, loaded with Virtuoso's own bulk
  loader from ``tdkt export --format nquads --default-graph-name`` (the load
  time is reported), queried in the named default-graph mode;
* web: ``tdkt serve`` on the store (web_bench.py): ``--clients`` threads send
  every named query (bound with ``--sets`` parameter sets drawn from the data,
  through /api/queries then /sparql; those without parameters unbound) and
  the entity pages of every kind; p50, p95, max, and each request that failed
  (URL, status, reason) or was cancelled (504).

Each query's row count is kept per engine, so a differing answer shows. Times
are medians of ``--runs`` runs after one warm-up; a run that fails or passes
``--timeout`` is recorded as such. Results go to a JSON file (default
``benchmarks/results/engines-<store name>.json``).

A server may keep what it compiled for a query text (Virtuoso does: a text it
has seen answers from its cached plan), while an analyst's text is new
whenever the parameter values are. So each bound query also runs with
``--sets`` parameter sets drawn from the data (web_bench.sample_sets; the
first is the one above) and each set's text is timed once, the first time
the server sees it (``first``: compile and run), against the embedded time of
the same set (``by_set``); ``values`` stays the median of later runs of the
first set's text (cached where the server caches). A query without
parameters has one text: its first run is the server's first ever.
``within`` judges each query by its slowest first-seen run against
max(3x the embedded time of that set, 1 s).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import pyoxigraph as ox  # noqa: E402
from scale_bench import machine, params_for  # noqa: E402
from web_bench import bench_web, sample_sets  # noqa: E402

from tdkt.graph.export import export_store  # noqa: E402
from tdkt.graph.store.base import Store  # noqa: E402
from tdkt.graph.store.oxigraph import OxigraphStore  # noqa: E402
from tdkt.graph.store.remote import RemoteStore  # noqa: E402
from tdkt.queries.library import bindings, load_queries, run_query  # noqa: E402
from tdkt.web import backend  # noqa: E402
from tests.support.virtuoso import DEFAULT_LAYOUTS, LARGE, running_virtuoso  # noqa: E402

DEFAULT = "urn:tdkt:default"


Case = tuple[str, str, list[dict[str, str]]]  # query, "bound" or "all", its parameter sets (the first as in docs)


def timed(run: Callable[[], int], runs: int) -> dict[str, Any]:
    """Median and spread of ``runs`` runs after a warm-up; the row count; or the error of the first failure."""
    try:
        rows = run()
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            rows = run()
            times.append(time.perf_counter() - start)
    except Exception as exc:
        return {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"}
    return {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times), "rows": rows}


def once(run: Callable[[], int]) -> dict[str, Any]:
    """One run, the first of its text: what an analyst meets on a server that caches compiled texts."""
    start = time.perf_counter()
    try:
        rows = run()
    except Exception as exc:
        return {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"}
    return {"s": time.perf_counter() - start, "rows": rows}


def cases(sets: list[dict[str, str]], bound_only: bool = False) -> list[Case]:
    """(query, "bound" or "all", parameter sets) for every named query (those without parameters as "all")."""
    out: list[Case] = []
    for name, query in sorted(load_queries().items()):
        bound = [params_for(query, one) for one in sets]
        if bound[0]:
            out.append((name, "bound", bound))
        if not any(p.required for p in query.params) and not (bound_only and bound[0]):
            out.append((name, "all", [{}]))
    return out


def trailing(sparql: str, terms: dict[str, Any]) -> str:
    """The old remote binding, for comparison: one VALUES block after the whole query."""
    names = sorted(terms)
    row = " ".join(str(terms[n]) for n in names)
    return f"{sparql.rstrip()}\nVALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }}\n"


def count_rows(store: Store, name: str, params: dict[str, str]) -> Callable[[], int]:
    return lambda: len(run_query(store, name, params))


def count_text(store: Store, text: str) -> int:
    return len(store.select(text))


def count_substituted(store: OxigraphStore, sparql: str, terms: dict[str, Any]) -> Callable[[], int]:
    subs = {ox.Variable(k): v for k, v in terms.items()}

    def run() -> int:
        solutions = store.raw.query(sparql, substitutions=subs)
        assert isinstance(solutions, ox.QuerySolutions)
        return sum(1 for _ in solutions)
    return run


def bench_embedded(store_path: Path, todo: list[Case], runs: int, log: Callable[[str], None],
                   substitution: bool = True) -> dict[str, Any]:
    """Each case on the embedded store: every set through ``run_query``, the first also by substitution (a
    baseline from before the binder, which some shapes make very slow: ``--no-substitution`` skips it)."""
    store = OxigraphStore.read_only(store_path)
    out: dict[str, Any] = {}
    try:
        for name, kind, sets in todo:
            query = load_queries()[name]
            by_set = [timed(count_rows(store, name, params), runs) for params in sets]
            row: dict[str, Any] = {"values": by_set[0], "by_set": by_set}
            terms = bindings(store, query, sets[0])
            if terms and substitution:
                row["substitution"] = timed(count_substituted(store, query.sparql, terms), runs)
            out[f"{name} {kind}"] = row
            log(f"embedded {name} {kind}: {row}")
    finally:
        store.close()
    return out


def bench_remote(store: RemoteStore, label: str, todo: list[Case], runs: int,
                 terms_of: dict[str, dict[str, Any]], log: Callable[[str], None],
                 compare_trailing: bool = False) -> dict[str, Any]:
    """Each set's text once, first (``first``), then the first set's text ``runs`` times more (``values``)."""
    out: dict[str, Any] = {}
    for name, kind, sets in todo:
        first = [once(count_rows(store, name, params)) for params in sets]
        row: dict[str, Any] = {"first": first, "values": timed(count_rows(store, name, sets[0]), runs)}
        terms = terms_of.get(f"{name} {kind}")
        if compare_trailing and terms:
            text = trailing(load_queries()[name].sparql, terms)
            row["trailing"] = timed(partial(count_text, store, text), 1)
        out[f"{name} {kind}"] = row
        log(f"{label} {name} {kind}: {row}")
    return out


def within(embedded: dict[str, Any], remote: dict[str, Any]) -> dict[str, Any]:
    """Per case: the slowest first-seen run against max(3x embedded of its set, 1 s), and whether rows agree."""
    out: dict[str, Any] = {}
    for case, row in remote.items():
        mine = embedded.get(case, {}).get("by_set", [])
        verdicts = []
        for k, got in enumerate(row.get("first", [])):
            base = mine[k] if k < len(mine) else {}
            if "s" not in got or "median_s" not in base:
                verdicts.append({"ok": False, "why": got.get("error") or base.get("error") or "no embedded time"})
                continue
            bound = max(3 * base["median_s"], 1.0)
            verdicts.append({"ok": got["s"] <= bound and got["rows"] == base["rows"], "s": got["s"],
                             "bound_s": bound, "rows_equal": got["rows"] == base["rows"]})
        out[case] = {"ok": bool(verdicts) and all(v["ok"] for v in verdicts), "sets": verdicts}
    return out


def bench_oxigraph(store_path: Path, todo: list[Case], runs: int, timeout: int,
                   terms_of: dict[str, dict[str, Any]], log: Callable[[str], None]) -> dict[str, Any]:
    port = backend.free_port()
    process = subprocess.Popen([backend.oxigraph_binary(), "serve-read-only", "--location", str(store_path),
                                "--bind", f"127.0.0.1:{port}", "--timeout-s", str(timeout)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/query"
        if not backend.wait_until_answers(f"{url}?query=ASK%7B%7D", 60, lambda: process.poll() is None):
            return {"error": "oxigraph serve-read-only did not start"}
        store = RemoteStore(url, timeout=timeout + 5)
        return bench_remote(store, "oxigraph", todo, runs, terms_of, log, compare_trailing=True)
    finally:
        process.terminate()
        process.wait(timeout=30)


def bench_virtuoso(store_path: Path, work: Path, todo: list[Case], runs: int, timeout: int, layouts: int,
                   terms_of: dict[str, dict[str, Any]], log: Callable[[str], None]) -> dict[str, Any]:
    """Virtuoso with the tests' config (tests/support/virtuoso.py) sized for 1m quads, ``layouts`` join orders
    per select, loaded by its bulk loader; at ``timeout`` it answers what it has so far as if complete."""
    if shutil.which("virtuoso-t") is None or shutil.which("isql-vt") is None:
        return {"error": "virtuoso-t or isql-vt missing: bash scripts/install-virtuoso.sh"}
    folder = work / "virtuoso"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    source = OxigraphStore.read_only(store_path)
    try:
        (folder / "tdkt.nq").write_bytes(export_store(source, "nquads", DEFAULT))
    finally:
        source.close()
    with running_virtuoso(folder, buffers=LARGE, timeout_s=timeout, max_rows=10_000_000,
                          layouts=layouts) as server:
        start = time.perf_counter()
        server.bulk_load("tdkt.nq")
        load_s = time.perf_counter() - start
        log(f"virtuoso bulk load: {load_s:.1f} s")
        store = RemoteStore(f"{server.url}/sparql", default_graph=DEFAULT, timeout=timeout + 5)
        result: dict[str, Any] = {"bulk_load_s": load_s, "quads": store.count(), "max_optimize_layouts": layouts}
        result["queries"] = bench_remote(store, "virtuoso", todo, runs, terms_of, log)
        return result


def _t(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"


def table(result: dict[str, Any]) -> str:
    """The Virtuoso table of docs/performance.md from a result file: per set, embedded and first-seen times."""
    embedded, remote = result.get("embedded", {}), result.get("virtuoso", {}).get("queries", {})
    verdicts = result.get("virtuoso_within", {})
    lines = ["| query (1m) | embedded, per set | Virtuoso, first time its text is seen | Virtuoso, seen before "
             "| within max(3× embedded, 1 s) |", "|---|---|---|---|---|"]
    for case, row in remote.items():
        mine = embedded.get(case, {}).get("by_set", [])
        emb = " / ".join(_t(m.get("median_s")) for m in mine)
        first = " / ".join(_t(f.get("s")) if "s" in f else "error" for f in row.get("first", []))
        verdict = verdicts.get(case, {})
        ok = "yes" if verdict.get("ok") else "**no**"
        if any(not v.get("rows_equal", True) for v in verdict.get("sets", [])):
            ok += " (rows differ)"
        name = case.replace(" bound", "").replace(" all", " (no parameters)")
        lines.append(f"| `{name}` | {emb} | {first} | {_t(row.get('values', {}).get('median_s'))} | {ok} |")
    return "\n".join(lines)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, required=True, help="a store built by tdkt build")
    parser.add_argument("--work", type=Path, default=Path("/tmp/tdkt-engine-bench"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=int, default=60, help="seconds per query on the servers")
    parser.add_argument("--parts", default="embedded,oxigraph,virtuoso,web")
    parser.add_argument("--requests", type=int, default=0, help="web: 0 sends every target twice")
    parser.add_argument("--sets", type=int, default=3, help="parameter sets drawn (web: and entities of each kind)")
    parser.add_argument("--layouts", type=int, default=DEFAULT_LAYOUTS,
                        help="Virtuoso's MaxOptimizeLayouts (join orders tried per select; its default 1000)")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--no-substitution", action="store_true",
                        help="embedded: skip the baseline of each query by pyoxigraph substitution")
    parser.add_argument("--bound-only", action="store_true", help="skip the unbound runs of queries with parameters")
    parser.add_argument("--only", default="", help="these named queries only (comma-separated; web: unaffected)")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--table", action="store_true", help="print the Virtuoso table of the --json file and stop")
    return parser.parse_args()


def main() -> int:
    args = arguments()
    parts = set(args.parts.split(","))
    args.work.mkdir(parents=True, exist_ok=True)
    out_path = args.json or REPO / "benchmarks" / "results" / f"engines-{args.store.name}.json"
    if args.table:
        print(table(json.loads(out_path.read_text())))
        return 0

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    store = OxigraphStore.read_only(args.store)
    try:
        drawn = sample_sets(store.raw, max(1, args.sets))
        todo = [c for c in cases(drawn, args.bound_only) if not args.only or c[0] in args.only.split(",")]
        terms_of = {f"{n} {k}": bindings(store, load_queries()[n], p[0]) for n, k, p in todo}
        source_quads = store.count()
    finally:
        store.close()
    result: dict[str, Any] = {"command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]), "machine": machine(),
                              "store": str(args.store), "source_quads": source_quads, "sample": drawn[0],
                              "sets": drawn}
    if out_path.exists():
        result = {**json.loads(out_path.read_text()), **result}

    def save() -> None:
        out_path.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    if "embedded" in parts:
        result["embedded"] = bench_embedded(args.store, todo, args.runs, log, not args.no_substitution)
        save()
    if "oxigraph" in parts:
        result["oxigraph"] = bench_oxigraph(args.store, todo, args.runs, args.timeout, terms_of, log)
        save()
    if "virtuoso" in parts:
        result["virtuoso"] = bench_virtuoso(args.store, args.work, todo, args.runs, args.timeout, args.layouts,
                                            terms_of, log)
        save()
    for engine in sorted(parts & {"oxigraph", "virtuoso"}):
        found = result.get(engine, {})
        found = found.get("queries", found)
        if "embedded" in result and isinstance(found, dict) and "error" not in found:
            result[f"{engine}_within"] = within(result["embedded"], found)
            log(f"{engine}: not within max(3x embedded, 1 s): "
                f"{sorted(c for c, v in result[f'{engine}_within'].items() if not v['ok'])}")
    result["load_average_at_end"] = os.getloadavg()
    save()
    if "web" in parts:
        result["web"] = bench_web(args.store, args.sets, args.requests, args.clients, 30, log, args.bound_only)
        save()
    log(f"wrote {out_path}")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("RUST_LOG", "warn")
    raise SystemExit(main())

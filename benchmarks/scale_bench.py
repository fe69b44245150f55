"""Build and query speed on synthetic data at a given scale (a script, not a test).

    python benchmarks/scale_bench.py --scale 100k [--work DIR] [--json OUT] [--skip-build] [--rdflib-timeout 120]

For one scale (100k, 1m or 10m triples) it writes the synthetic records
(``cli.synth``), then:

* build: records → the persistent store, each variant in its own process
  (time, quads/s, peak memory of the process and its workers): the normal
  ``graph.build.build`` (one SPARQL update; up to 1m), ``graph.bulk.bulk_build``
  with ``Store.bulk_load`` and with ``Store.load`` per chunk, in this process or
  with worker processes;
* queries: every named query (``queries.library.load_queries()``), with
  parameters drawn from the data ("bound": one bloc, one recipient, a year...)
  and with none ("all"), on rdflib's in-memory Dataset (in a killable worker,
  capped by ``--rdflib-timeout``), raw pyoxigraph in memory and on disk, and
  our query layer (``run_query``) over both; medians and spread of several runs.

Results go to a JSON file (default ``benchmarks/results/scale-<scale>.json``).
``benchmarks/report.py`` turns the JSON files into the tables of docs/performance.md.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import hashlib
import json
import multiprocessing
import os
import platform
import resource
import select
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pyoxigraph as ox  # noqa: E402

from tdkt.cli.synth import SynthConfig, write_dataset  # noqa: E402
from tdkt.graph.store.oxigraph import OxigraphStore  # noqa: E402
from tdkt.queries.library import NamedQuery, bindings, load_queries, run_query  # noqa: E402
from tdkt.viz import render_view  # noqa: E402

SCALES = {"100k": SynthConfig(2, 2019, 2026), "1m": SynthConfig(16, 2014, 2025), "10m": SynthConfig(63, 1994, 2026)}
NORMAL_BUILD_UP_TO = {"100k", "1m"}
RDFLIB_UP_TO = {"100k", "1m"}
PREFIXES = """PREFIX tdkt: <https://w3id.org/tdkt/ontology#> PREFIX org: <http://www.w3.org/ns/org#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/> """


def view_cases(sample: dict[str, str]) -> dict[str, tuple[str, dict[str, str]]]:
    """The views timed at each scale: label -> (view name, parameters drawn from the data)."""
    province = {"province": sample["province"]} if "province" in sample else {}
    return {"overview (province)": ("overview", province), "overview (whole graph)": ("overview", {}),
            "bloc": ("bloc", {"bloc": sample["bloc"]}), "unit": ("unit", {"unit": sample["recipient"]}),
            "awards (year, province)": ("awards", {"year": sample["year"], **province}),
            "lineage (province)": ("lineage", province)}


# -- build variants (each in a fresh process) -----------------------------------------------------------


def _rss(pid: int) -> int:
    """Resident memory of a process and, recursively, its children (Linux /proc), in bytes."""
    total = 0
    with contextlib.suppress(OSError):
        status = Path(f"/proc/{pid}/status").read_text()
        total += int(next((line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")), 0)) * 1024
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += _rss(int(child))
    return total


class PeakMemory:
    """Peak resident memory of this process plus its children, sampled every 0.1 s."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _rss(os.getpid()))
            self._stop.wait(0.1)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def build_variant(data: Path, store: Path, variant: str) -> dict[str, Any]:
    """Run one build variant in this process; ``variant`` is normal, or METHOD-wWORKERS."""
    shutil.rmtree(store, ignore_errors=True)
    with PeakMemory() as memory:
        start = time.perf_counter()
        if variant == "normal":
            from tdkt.graph.build import build

            target = OxigraphStore(store)
            build(target, data)
            target.close()
        else:
            from tdkt.graph.bulk import bulk_build

            method, workers = variant.split("-")[:2]
            bulk_build(store, data, method=method, workers=int(workers[1:]))
        seconds = time.perf_counter() - start
    built = ox.Store.read_only(str(store))
    stored = len(built)
    default = int(next(iter(built.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0].value)  # type: ignore[arg-type]
    quads = stored - default  # the source graphs' quads; the default graph repeats each distinct triple once
    return {"variant": variant, "seconds": seconds, "quads": quads, "quads_per_s": quads / seconds,
            "default_graph_triples": default, "peak_rss_mb": memory.peak / 2**20}


def run_build_variant(data: Path, store: Path, variant: str) -> dict[str, Any]:
    out = subprocess.run([sys.executable, __file__, "--build-variant", variant, "--data", str(data),
                          "--store", str(store)], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        return {"variant": variant, "error": out.stderr.strip().splitlines()[-1:]}
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


# -- killable query workers ----------------------------------------------------------------------------


def _plain(term: ox.NamedNode | ox.Literal | ox.BlankNode) -> tuple[str, str, str | None]:
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value, None)
    if isinstance(term, ox.Literal):
        return ("lang", term.value, term.language) if term.language else ("lit", term.value, term.datatype.value)
    raise TypeError(term)


def _rdflib_term(value: tuple[str, str, str | None]) -> Any:
    import rdflib

    kind, text, extra = value
    if kind == "iri":
        return rdflib.URIRef(text)
    if kind == "lang":
        return rdflib.Literal(text, lang=extra)
    return rdflib.Literal(text, datatype=rdflib.URIRef(extra) if extra else None)


def raw_rows(store: ox.Store, text: str, subs: dict[ox.Variable, Any]) -> int:
    result = store.query(text, substitutions=subs)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return len([[s[n] for n in names] for s in result])


def _worker(conn: Connection, kind: str, nquads_path: str, disk_path: str, timeout: float = 120.0) -> None:
    """Loads the data once, then runs (backend, query name, values) requests one run at a time."""
    # a query whose intermediate results explode must not take the shared machine down with it
    resource.setrlimit(resource.RLIMIT_DATA, (WORKER_MEMORY, WORKER_MEMORY))
    start = time.perf_counter()
    ds: Any = None
    stores: tuple[OxigraphStore, OxigraphStore] | None = None
    if kind == "rdflib":
        import rdflib

        ds = rdflib.Dataset(default_union=False)
        ds.parse(nquads_path, format="nquads")
        size = len(ds)
    else:
        memory = OxigraphStore(None)
        memory.raw.bulk_load(path=nquads_path, format=ox.RdfFormat.N_QUADS)
        stores = (memory, OxigraphStore(Path(disk_path)))
        size = len(memory.raw)
    conn.send((time.perf_counter() - start, size))
    queries = load_queries()
    while (message := conn.recv()) is not None:
        if kind == "rdflib":  # each query in a forked child, killed at the time limit: no reload after it
            conn.send(_forked(message, queries, ds, timeout))
            continue
        try:
            conn.send(_run_one(message, queries, ds, stores))
        except Exception as exc:  # a query the library refuses: reported, and the worker goes on
            print(f"{message[1]}: {exc}", file=sys.stderr)
            conn.send((-1.0, -1))


def _forked(message: tuple[str, str, Any], queries: dict[str, NamedQuery], ds: Any,
            timeout: float) -> tuple[float, int]:
    """Run one query in a fork of this process (copy-on-write data); (-2, -1) when it ran out of time."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        with contextlib.suppress(OSError, AttributeError):  # die with the worker (Linux prctl PR_SET_PDEATHSIG)
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)
        try:
            result = _run_one(message, queries, ds, None)
        except Exception as exc:
            print(f"{message[1]}: {exc}", file=sys.stderr)
            result = (-1.0, -1)
        os.write(write, json.dumps(result).encode())
        os._exit(0)
    os.close(write)
    ready, _, _ = select.select([read], [], [], timeout)
    if ready:
        seconds, rows = json.loads(os.read(read, 4096) or b"[-1, -1]")
    else:
        os.kill(pid, signal.SIGKILL)
        seconds, rows = -2.0, -1
    os.waitpid(pid, 0)
    os.close(read)
    return float(seconds), int(rows)


def _run_one(message: tuple[str, str, Any], queries: dict[str, NamedQuery], ds: Any,
             stores: tuple[OxigraphStore, OxigraphStore] | None) -> tuple[float, int]:
    backend, name, values = message
    start = time.perf_counter()
    if backend.startswith("view"):  # name is a view: query rows → networkx → the HTML page
        assert stores is not None
        html = render_view(stores[0] if backend.endswith("memory") else stores[1], name, values)
        return time.perf_counter() - start, len(html)
    query = queries[name]
    if stores is None:
        binds = {k: _rdflib_term(v) for k, v in values.items()}
        rows = len(list(ds.query(query.text, initBindings=binds)))
    else:
        store = stores[0] if backend.endswith("memory") else stores[1]
        if backend.startswith("layer"):
            rows = len(run_query(store, name, values))
        else:
            subs = {ox.Variable(k): v for k, v in bindings(store, query, values).items()}
            rows = raw_rows(store.raw, query.text, subs)
    return time.perf_counter() - start, rows


class Worker:
    """A worker process holding the data; a request over the time limit kills it (the next one reloads)."""

    def __init__(self, kind: str, nquads_path: Path, disk_path: Path, timeout: float) -> None:
        self.kind, self.args, self.timeout = kind, (str(nquads_path), str(disk_path)), timeout
        self.load_seconds: float | None = None
        self.process: Any = None
        self._start()

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker, args=(child, self.kind, *self.args, self.timeout),
                                       daemon=True)
        self.process.start()
        if not self.conn.poll(1800):
            self.close()
            raise TimeoutError(f"the {self.kind} worker did not load the data in 30 minutes")
        seconds, _ = self.conn.recv()
        self.load_seconds = self.load_seconds or seconds

    def run(self, backend: str, name: str, values: Any) -> tuple[float, int] | None:
        if not self.process.is_alive():
            self._start()
        self.conn.send((backend, name, values))
        if not self.conn.poll(self.timeout + 60 if self.kind == "rdflib" else self.timeout):
            self.close()
            return None
        try:
            seconds, rows = self.conn.recv()
        except EOFError:  # the worker died (a crash in the store): reported as an error, restarted next time
            self.close()
            return -1.0, -1
        return seconds, rows

    def timed(self, backend: str, name: str, values: Any, runs: int, budget: float = 30.0) -> dict[str, Any]:
        """Median and spread of up to ``runs`` runs (fewer when runs are slow); a timeout ends it."""
        times: list[float] = []
        rows = 0
        while len(times) < runs and sum(times) < budget:
            result = self.run(backend, name, values)
            if result is None:
                return {"timeout_s": self.timeout}
            if result[0] == -2:
                return {"timeout_s": self.timeout}
            if result[0] < 0:
                return {"error": "the query failed or its worker died (see the log)"}
            times.append(result[0])
            rows = result[1]
        return {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times),
                "runs": len(times), "rows": rows}

    def close(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.kill()
            self.process.join()


# -- queries --------------------------------------------------------------------------------------------


def _first(store: ox.Store, text: str) -> ox.NamedNode | ox.Literal | None:
    for solution in store.query(PREFIXES + text):  # type: ignore[union-attr]
        term = solution[0]
        return term if isinstance(term, ox.NamedNode | ox.Literal) else None
    return None


def sample_params(store: ox.Store) -> dict[str, str]:
    """Sensible parameter values by type, drawn from the data: the busiest bloc, recipient, person..."""
    bloc = _first(store, "SELECT ?b (COUNT(?r) AS ?n) WHERE { ?r a tdkt:BlocRole ; org:organization ?b } "
                         "GROUP BY ?b ORDER BY DESC(?n) ?b LIMIT 1")
    assert isinstance(bloc, ox.NamedNode)
    years = sorted(int(s[0].value) for s in store.query(  # type: ignore[union-attr]
        PREFIXES + f"SELECT DISTINCT ?y WHERE {{ ?r org:organization {bloc} ; a tdkt:BlocRole ; tdkt:year ?y }}"))
    recipient = _first(store, "SELECT ?u (COUNT(?a) AS ?n) WHERE { ?a tdkt:recipient ?u . ?u a tdkt:Unit } "
                              "GROUP BY ?u ORDER BY DESC(?n) ?u LIMIT 1")
    person = _first(store, "SELECT ?p (COUNT(?h) AS ?n) WHERE { ?h a tdkt:PostHolding ; org:member ?p } "
                           "GROUP BY ?p ORDER BY DESC(?n) ?p LIMIT 1")
    area = _first(store, f"SELECT ?a WHERE {{ {bloc} tdkt:province ?a }}")
    province = _first(store, f"SELECT ?n WHERE {{ {bloc} tdkt:province ?a . "
                             "?a <http://www.w3.org/2004/02/skos/core#altLabel> ?n }")
    campaign = _first(store, "SELECT ?c WHERE { ?c tdkt:derivedFrom ?p } ORDER BY ?c LIMIT 1")
    values = {"bloc": bloc, "year": years[len(years) // 2], "recipient": recipient, "person": person, "area": area,
              "campaign": campaign, "province": province}
    return {k: (v.value if isinstance(v, ox.NamedNode | ox.Literal) else str(v)) for k, v in values.items()
            if v is not None}


def params_for(query: NamedQuery, sample: dict[str, str]) -> dict[str, str]:
    """One value per parameter type (the first parameter of a type only: a second is often its partner)."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for p in query.params:
        if p.type in used:
            continue
        used.add(p.type)
        if p.type == "integer" and p.name.endswith("year"):
            out[p.name] = sample["year"]
        elif p.type == "role":
            out[p.name] = "chair"
        elif p.type == "status":
            out[p.name] = "conferred"
        elif p.type == "bloc":
            out[p.name] = sample["bloc"]
        elif p.type in ("entity", "unit", "organisation"):
            out[p.name] = sample["recipient"]
        elif p.type in ("person", "area", "campaign", "province") and p.type in sample:
            out[p.name] = sample[p.type]
    return out


WORKER_MEMORY = 12 << 30  # bytes of data a query worker may use (RLIMIT_DATA)
OX_BACKENDS = ("pyoxigraph memory", "layer memory", "pyoxigraph disk", "layer disk")
VIEW_BACKENDS = ("view memory", "view disk")  # the HTML page of a view, from our store layer


def query_bench(scale: str, disk_path: Path, work: Path, runs: int, timeouts: tuple[float, float],
                log: Callable[[str], None], bound_only: bool = False,
                checkpoint: Callable[[dict[str, Any]], None] | None = None,
                only: frozenset[str] = frozenset(), earlier: dict[str, Any] | None = None) -> dict[str, Any]:
    nq = work / f"{scale}.nq"
    if not nq.exists():
        ox.Store.read_only(str(disk_path)).dump(output=str(nq), format=ox.RdfFormat.N_QUADS)
    probe = OxigraphStore(None)  # in this process: to draw parameters, bind them for rdflib, run views
    probe.raw.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    sample = sample_params(probe.raw)
    out: dict[str, Any] = {"quads": probe.count(), "stored_quads": len(probe.raw), "params": sample,
                           "timeouts_s": timeouts,
                           "queries": dict((earlier or {}).get("queries", {}))}
    if scale not in RDFLIB_UP_TO:
        probe = OxigraphStore(None)  # free the memory: the workers need it at 10m
    oxigraph = Worker("oxigraph", nq, disk_path, timeouts[0])
    out["memory_load_s"] = oxigraph.load_seconds
    rdflib_worker = None
    if scale in RDFLIB_UP_TO:
        log("loading rdflib")
        rdflib_worker = Worker("rdflib", nq, disk_path, timeouts[1])
        out["rdflib_load_s"] = rdflib_worker.load_seconds
    try:
        for name, query in load_queries().items():
            if only and name not in only:
                continue
            for label, values in (("bound", params_for(query, sample)), ("all", {})):
                if label == "all" and (bound_only or any(p.required for p in query.params)):
                    continue
                entry: dict[str, Any] = {"params": values,
                                         "query_sha256": hashlib.sha256(query.text.encode()).hexdigest()[:12]}
                for backend in OX_BACKENDS:
                    if any("timeout_s" in v or "error" in v for v in entry.values() if isinstance(v, dict)):
                        entry[backend] = {"skipped": "a faster backend timed out"}
                        continue
                    entry[backend] = oxigraph.timed(backend, name, values, runs)
                if rdflib_worker is not None and (scale == "100k" or label == "bound"):
                    plain = {k: _plain(v) for k, v in bindings(probe, query, values).items()}
                    entry["rdflib memory"] = rdflib_worker.timed("rdflib", name, plain, 3, budget=5.0)
                out["queries"][f"{name} ({label})"] = entry
                if checkpoint is not None:
                    checkpoint(out)
                log(f"{name} ({label}): " + ", ".join(
                    f"{b} {v['median_s'] * 1000:.1f} ms" if "median_s" in v else f"{b} {v}"
                    for b, v in entry.items() if isinstance(v, dict) and b != "params"))
        out["views"] = dict((earlier or {}).get("views", {}))
        for label, (view, params) in view_cases(sample).items():
            if only and label not in only:
                continue
            out["views"][label] = {"view": view, "params": params,
                                   **{b: oxigraph.timed(b, view, params, runs) for b in VIEW_BACKENDS}}
            log(f"view {label}: " + ", ".join(f"{b} {v.get('median_s', v)}" for b, v in out["views"][label].items()
                                              if b in VIEW_BACKENDS))
            if checkpoint is not None:
                checkpoint(out)
    finally:
        oxigraph.close()
        if rdflib_worker is not None:
            rdflib_worker.close()
    return out


def machine() -> dict[str, Any]:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count(),
            "memory_gb": round(memory, 1), "pyoxigraph": ox.__version__,
            "rdflib": __import__("rdflib").__version__, "load_average_at_start": os.getloadavg()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="100k")
    parser.add_argument("--work", type=Path, default=Path("/tmp/tdkt-bench"))
    parser.add_argument("--json", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rdflib-timeout", type=float, default=120.0)
    parser.add_argument("--oxigraph-timeout", type=float, default=60.0)
    parser.add_argument("--variants", default="")
    parser.add_argument("--skip-build", action="store_true", help="Reuse the store built by the last run.")
    parser.add_argument("--bound-only", action="store_true", help="Run the queries with parameters only.")
    parser.add_argument("--queries", default="", help="Only these named queries (comma-separated); with "
                        "--skip-build the figures of the other queries of the last run are kept.")
    parser.add_argument("--build-variant", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_variant:
        print(json.dumps(build_variant(args.data, args.store, args.build_variant)))
        return 0

    def log(text: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)

    cfg = SCALES[args.scale]
    work = args.work / args.scale
    data, store = work / "records", work / "store"
    results: dict[str, Any] = {"scale": args.scale, "config": cfg.__dict__, "machine": machine(),
                               "command": " ".join(["python", "benchmarks/scale_bench.py", *sys.argv[1:]])}
    if not data.exists():
        start = time.perf_counter()
        write_dataset(cfg, data)
        results["synth_s"] = time.perf_counter() - start
    results["documents"] = len(list(data.glob("*.json")))
    log(f"{args.scale}: {results['documents']} documents in {data}")
    if not args.skip_build:
        variants = args.variants.split(",") if args.variants else [
            *(["normal"] if args.scale in NORMAL_BUILD_UP_TO else []),
            "bulk_load-w0", "bulk_load-w2", "load-w2"]
        results["build"] = []
        for variant in variants:
            results["build"].append(run_build_variant(data, work / f"store-{variant}", variant))
            log(f"build {results['build'][-1]}")
        bulk = [v for v in variants if v.startswith("bulk_load")]
        kept = work / f"store-{bulk[0] if bulk else variants[0]}"
        if kept.exists():
            shutil.rmtree(store, ignore_errors=True)
            kept.rename(store)
        for variant in variants:
            shutil.rmtree(work / f"store-{variant}", ignore_errors=True)
    target = args.json or REPO / "benchmarks" / "results" / f"scale-{args.scale}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(target.read_text(encoding="utf-8")) if target.exists() and args.skip_build else {}
    if "build" not in results and "build" in previous:
        results["build"] = previous["build"]

    def save(query: dict[str, Any]) -> None:
        results["query"] = query
        target.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    only = frozenset(q for q in args.queries.split(",") if q)
    earlier = previous.get("query") if only else None
    save(earlier or {})
    save(query_bench(args.scale, store, work, args.runs, (args.oxigraph_timeout, args.rdflib_timeout), log,
                     args.bound_only, save, only, earlier))
    log(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

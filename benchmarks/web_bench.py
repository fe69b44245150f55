"""``tdkt serve`` under load: every named query and every kind of entity page, several parameter sets.

Used by engine_bench.py (``--parts web``); on its own:

    python benchmarks/web_bench.py --store STORE [--sets 3] [--requests 0] [--clients 4] [--json OUT]

The targets are: each named query bound with each of ``--sets`` parameter
sets drawn from the data (the first set is the busiest bloc, unit and person,
as scale_bench.py draws them; the others are drawn at random with a fixed
seed), the named queries that take no parameters, and the entity pages
(/doc/...) of ``--sets`` entities of every kind the store holds (bloc, unit,
person, award, campaign, conference, area, source, ...). A named query is one
request as the query page makes it: /api/queries/NAME (the text with its
parameters bound) then /sparql; both count in its time. The server keeps no
result cache, so a repeated request is computed again, except its downloads
and the whole-graph statistics (the named queries marked ``cache: snapshot``),
which it computes once per snapshot of the store before serving it: their
time to compute (uncached) is read from /health into ``statistics``.

``--clients`` threads send the targets in a shuffled order (fixed seed), each
at least once (``--requests`` 0: every target twice). Every failed request is
recorded with its URL, status and the first line of the body; 504 counts as
cancelled.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import random
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import pyoxigraph as ox  # noqa: E402
from scale_bench import PREFIXES, machine, params_for, sample_params  # noqa: E402

from tdkt.queries.catalogue import NamedQuery  # noqa: E402
from tdkt.queries.library import load_queries  # noqa: E402
from tdkt.web import backend  # noqa: E402
from tests.support.virtuoso import running  # noqa: E402

IDS = "https://w3id.org/tdkt/id/"
SEED = 14
Target = tuple[str, str, str, dict[str, str]]  # (group, label, url, parameters)


def _column(store: ox.Store, text: str) -> list[str]:
    found = {s[0].value for s in store.query(PREFIXES + text) if s[0] is not None}  # type: ignore[union-attr]
    return sorted(found)


def sample_sets(store: ox.Store, count: int, seed: int = SEED) -> list[dict[str, str]]:
    """``count`` parameter sets: the busiest (scale_bench.sample_params) and others drawn at random."""
    sets = [sample_params(store)]
    rng = random.Random(seed)
    blocs = _column(store, "SELECT ?b WHERE { ?r a tdkt:BlocRole ; org:organization ?b }")
    units = _column(store, "SELECT ?u WHERE { ?a tdkt:recipient ?u . ?u a tdkt:Unit }")
    persons = _column(store, "SELECT ?p WHERE { ?h a tdkt:PostHolding ; org:member ?p }")
    campaigns = _column(store, "SELECT ?c WHERE { ?c tdkt:derivedFrom ?p }")
    while len(sets) < count:
        bloc = rng.choice(blocs)
        years = _column(store, f"SELECT ?y WHERE {{ ?r org:organization <{bloc}> ; a tdkt:BlocRole ; tdkt:year ?y }}")
        areas = _column(store, f"SELECT ?a WHERE {{ <{bloc}> tdkt:province ?a }}")
        names = _column(store, f"SELECT ?n WHERE {{ <{bloc}> tdkt:province ?a . "
                               "?a <http://www.w3.org/2004/02/skos/core#altLabel> ?n }")
        one = {"bloc": bloc, "year": rng.choice(years), "recipient": rng.choice(units),
               "person": rng.choice(persons), "campaign": rng.choice(campaigns)}
        one.update({"area": areas[0]} if areas else {})
        one.update({"province": names[0]} if names else {})
        sets.append(one)
    for one in sets:  # the bloc's name, for the query that resolves names (entity-labels)
        bloc = one["bloc"]
        labels = _column(store, f"SELECT ?l WHERE {{ <{bloc}> <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }}")
        one.update({"label": labels[0]} if labels else {})
    return sets


def entity_pages(store: ox.Store, sets: list[dict[str, str]], seed: int = SEED) -> dict[str, list[str]]:
    """Per kind of entity (the first segment of its path under the id base): ``len(sets)`` IRIs."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for iri in _column(store, "SELECT ?s WHERE { GRAPH ?g { ?s a ?t } }"):
        if iri.startswith(IDS):
            by_kind[iri[len(IDS):].split("/")[0]].append(iri)
    rng = random.Random(seed)
    chosen = {"bloc": [s["bloc"] for s in sets], "unit": [s["recipient"] for s in sets],
              "person": [s["person"] for s in sets]}
    out: dict[str, list[str]] = {}
    for kind, iris in sorted(by_kind.items()):
        picked = [i for i in dict.fromkeys(chosen.get(kind, [])) if i in set(iris)]
        rest = [i for i in iris if i not in picked]
        picked += rng.sample(rest, min(len(rest), len(sets) - len(picked)))
        out[kind] = picked[: len(sets)]
    return out


def web_params(query: NamedQuery, one: dict[str, str]) -> dict[str, str]:
    """scale_bench.params_for, and the province by name where a query takes it as a string, and a label."""
    params = params_for(query, one)
    for p in query.params:
        if p.type == "string" and p.name == "province" and "province" in one:
            params[p.name] = one["province"]
        elif p.type == "label" and "label" in one:
            params[p.name] = one["label"]
    return params


def targets(base: str, sets: list[dict[str, str]], pages: dict[str, list[str]], bound_only: bool) -> list[Target]:
    """Every named query with each parameter set (and unbound when it needs none), and every entity page."""
    out: list[Target] = []
    for name, query in sorted(load_queries().items()):
        seen: list[dict[str, str]] = []
        for one in sets:
            params = web_params(query, one)
            if params and params not in seen:
                seen.append(params)
        if not query.params or (not (bound_only and seen) and not any(p.required for p in query.params)):
            seen.append({})
        for params in seen:
            url = f"{base}/api/queries/{name}?{urllib.parse.urlencode(params)}"
            out.append(("query", name, url, params))
    for kind, iris in pages.items():
        out += [("page", kind, f"{base}/doc/{iri[len(IDS):]}", {}) for iri in iris]
    return out


def _first_line(body: bytes) -> str:
    text = body.decode("utf-8", errors="replace").strip()
    return text.splitlines()[0][:300] if text else ""


def request(base: str, target: Target, timeout: float) -> dict[str, Any]:
    """One request (a named query: its bound text, then /sparql): time, status, and for a failure the body."""
    group, label, url, params = target
    start = time.perf_counter()
    status, body, rows = 0, b"", None
    try:
        if group == "query":
            with urllib.request.urlopen(url, timeout=timeout) as reply:
                text = json.loads(reply.read())["sparql"]
            url = f"{base}/sparql"
            data = urllib.parse.urlencode({"query": text}).encode()
            post = urllib.request.Request(url, data=data, headers={"Accept": "application/sparql-results+json"})
            with urllib.request.urlopen(post, timeout=timeout) as reply:
                reply.read()
                status, rows = reply.status, int(reply.headers.get("X-Tdkt-Rows", "0"))
        else:
            with urllib.request.urlopen(url, timeout=timeout) as reply:
                reply.read()
                status = reply.status
    except urllib.error.HTTPError as exc:
        status, body = exc.code, exc.read()
    except OSError as exc:
        body = str(exc).encode()
    out: dict[str, Any] = {"group": group, "label": label, "url": target[2], "params": params,
                           "seconds": time.perf_counter() - start, "status": status, "rows": rows}
    if status != 200:
        out["error"] = _first_line(body)
    return out


def percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[max(0, min(len(ordered) - 1, int(len(ordered) * share + 0.5) - 1))]


def summary(results: list[dict[str, Any]]) -> dict[str, Any]:
    """p50, p95, max, failures (each with URL, status, reason) and the slowest targets by label."""
    times = [r["seconds"] for r in results]
    by_label: dict[str, list[float]] = defaultdict(list)
    for r in results:
        by_label[f"{r['group']} {r['label']}"].append(r["seconds"])
    labels = {k: {"n": len(v), "median_s": round(statistics.median(v), 3), "max_s": round(max(v), 3)}
              for k, v in by_label.items()}
    failures = [{k: r[k] for k in ("url", "params", "status", "error", "seconds")} for r in results
                if r["status"] != 200]
    return {"requests": len(results), "p50_s": percentile(times, 0.5), "p95_s": percentile(times, 0.95),
            "max_s": max(times), "failed": len(failures), "cancelled": sum(1 for r in results if r["status"] == 504),
            "failures": failures,
            "slowest": dict(sorted(labels.items(), key=lambda kv: -kv[1]["max_s"])[:10]),
            "by_target": dict(sorted(labels.items()))}


def rounds(todo: list[Target], count: int) -> list[Target]:
    """``count`` requests in shuffled rounds of every target: each is sent once before any is sent twice."""
    rng = random.Random(SEED)
    order: list[Target] = []
    while len(order) < count:
        one = list(todo)
        rng.shuffle(one)
        order += one
    return order[:count]


def bench_web(store_path: Path, sets: int, requests: int, clients: int, timeout: int, log: Callable[[str], None],
              bound_only: bool = True, serve_args: tuple[str, ...] = ()) -> dict[str, Any]:
    """Start ``tdkt serve`` on the store, send the targets from ``clients`` threads, and sum up."""
    store = ox.Store.read_only(str(store_path))
    drawn = sample_sets(store, sets)
    pages = entity_pages(store, drawn)
    del store
    port = backend.free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "tdkt", "--store", str(store_path), "serve", "--port", str(port),
               "--timeout", str(timeout), *serve_args]
    try:
        with running(command, f"{base}/api/queries", 120):
            todo = targets(base, drawn, pages, bound_only)
            order = rounds(todo, requests or 2 * len(todo))
            with concurrent.futures.ThreadPoolExecutor(clients) as pool:
                results = list(pool.map(lambda t: request(base, t, timeout + 10), order))
            with urllib.request.urlopen(f"{base}/health", timeout=30) as reply:
                prepared = json.loads(reply.read()).get("statistics")
    except RuntimeError as exc:  # it did not start
        return {"error": str(exc)}
    out = {"clients": clients, "sets": drawn, "targets": len(todo), "timeout_s": timeout,
           "serve_args": list(serve_args), "load_average_at_end": list(os.getloadavg()),
           "statistics": prepared, **summary(results)}
    log(f"web: p50 {out['p50_s']:.2f} s, p95 {out['p95_s']:.2f} s, max {out['max_s']:.2f} s, "
        f"{out['failed']} failed, {out['cancelled']} cancelled of {out['requests']}; statistics per snapshot "
        f"(uncached s): {(prepared or {}).get('seconds')}")
    return out

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--sets", type=int, default=3, help="parameter sets (and entities of each kind)")
    parser.add_argument("--requests", type=int, default=0, help="0: every target twice")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--timeout", type=int, default=30)
    parser.add_argument("--all", action="store_true", help="also the unbound runs of queries with parameters")
    parser.add_argument("--serve-arg", action="append", default=[], help="passed to tdkt serve (repeatable)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    result = {"command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]), "machine": machine(),
              "store": str(args.store)}
    result["web"] = bench_web(args.store, args.sets, args.requests, args.clients, args.timeout,
                              lambda text: print(text, file=sys.stderr, flush=True), not args.all,
                              tuple(args.serve_arg))
    out_path = args.json or REPO / "benchmarks" / "results" / f"web-{args.store.name}.json"
    out_path.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out_path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

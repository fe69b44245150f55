"""The named queries on a deduplicated default graph instead of the union of the source graphs.

    python benchmarks/union_dedup.py --scale 1m [--timeout 60]

Every source graph restates the entities it mentions (a unit's type, label,
area in every document that names it), and Oxigraph's union default graph
(``use_default_graph_as_union=True``) yields one solution per graph that holds
a triple: joins on labels and types multiply. This loads the N-Quads that
``scale_bench.py`` dumped, copies every triple once into the default graph
(``INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }``), and runs each named
query with the parameters of that scale's results on the default graph only;
the named graphs stay for ``GRAPH ?source`` provenance patterns. The figures
are merged into ``benchmarks/results/scale-<scale>.json`` as the backend
"pyoxigraph memory, deduplicated default graph".
"""

from __future__ import annotations

import argparse
import json
import os
import select
import signal
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import pyoxigraph as ox  # noqa: E402

from graph.store.oxigraph import OxigraphStore  # noqa: E402
from queries.library import bindings, load_queries  # noqa: E402

BACKEND = "pyoxigraph memory, deduplicated default graph"


def _timed(store: ox.Store, text: str, subs: dict[ox.Variable, Any], runs: int, timeout: float) -> dict[str, Any]:
    """Runs in a fork so that a slow query can be killed at the time limit."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        times: list[float] = []
        rows = 0
        while len(times) < runs and sum(times) < 30:
            start = time.perf_counter()
            result = store.query(text, use_default_graph_as_union=False, substitutions=subs)
            assert isinstance(result, ox.QuerySolutions)
            names = [v.value for v in result.variables]
            rows = len([[s[n] for n in names] for s in result])
            times.append(time.perf_counter() - start)
        os.write(write, json.dumps({"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times),
                                    "runs": len(times), "rows": rows}).encode())
        os._exit(0)
    os.close(write)
    ready, _, _ = select.select([read], [], [], timeout)
    if ready:
        out: dict[str, Any] = json.loads(os.read(read, 65536))
    else:
        os.kill(pid, signal.SIGKILL)
        out = {"timeout_s": timeout}
    os.waitpid(pid, 0)
    os.close(read)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="1m")
    parser.add_argument("--work", type=Path, default=Path("/tmp/tdkt-bench"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    from scale_bench import params_for

    target = REPO / "benchmarks" / "results" / f"scale-{args.scale}.json"
    results = json.loads(target.read_text(encoding="utf-8"))
    sample = results["query"]["params"]
    store = OxigraphStore(None)
    store.raw.bulk_load(path=str(args.work / args.scale / f"{args.scale}.nq"), format=ox.RdfFormat.N_QUADS)
    start = time.perf_counter()
    store.raw.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    results["query"]["dedup_copy_s"] = time.perf_counter() - start
    results["query"]["dedup_default_graph_triples"] = len(store.raw) - results["query"]["quads"]
    for name, query in load_queries().items():
        for label, values in (("bound", params_for(query, sample)), ("all", {})):
            key = f"{name} ({label})"
            if key not in results["query"]["queries"]:
                continue
            subs = {ox.Variable(k): v for k, v in bindings(store, query, values).items()}
            entry = _timed(store.raw, query.text, subs, args.runs, args.timeout)
            results["query"]["queries"][key][BACKEND] = entry
            print(key, entry, flush=True)
    target.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

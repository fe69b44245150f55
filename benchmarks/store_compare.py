"""Load and query speed of the candidate stores on the sample data scaled up (a script, not a test).

    python benchmarks/store_compare.py [--copies N] [--runs R] [--json OUT]

The gold records are copied N times under new source ids, bloc names and
years (so the graph grows like a real collection, not by duplicates), mapped
to quads once, then loaded and queried on each backend in the same process:
rdflib's in-memory Dataset (the baseline), pyoxigraph in memory, and
pyoxigraph on disk (the default store). Ratios are against rdflib.
"""

from __future__ import annotations

import argparse
import copy
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tdkt.cli.commands.build import sample_dir  # noqa: E402
from tdkt.graph.identity import Identity  # noqa: E402
from tdkt.graph.mapping import document_quads  # noqa: E402
from tdkt.graph.reference import reference_graphs  # noqa: E402
from tdkt.loaders.records import parse_document  # noqa: E402

QUERIES = {
    "chairs of one bloc": """
        PREFIX tdkt: <https://w3id.org/tdkt/ontology#> PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?y ?label WHERE { ?r org:organization ?b ; org:role tdkt:Chair ; tdkt:year ?y ; org:member ?u .
          ?u skos:prefLabel ?label
          FILTER(?b = <https://w3id.org/tdkt/id/bloc/lai-chau/hoi-nong-dan-tinh-lai-chau/cum-thi-dua-so-1-ban-7>) }""",
    "vice-chair of Y chairs in Y+1": """
        PREFIX tdkt: <https://w3id.org/tdkt/ontology#> PREFIX org: <http://www.w3.org/ns/org#>
        SELECT DISTINCT ?b ?u ?y WHERE {
          ?v org:role tdkt:ViceChair ; org:organization ?b ; org:member ?u ; tdkt:year ?y .
          BIND(?y + 1 AS ?y2) ?c org:role tdkt:Chair ; org:organization ?b ; org:member ?u ; tdkt:year ?y2 }""",
    "members per bloc-year": """
        PREFIX tdkt: <https://w3id.org/tdkt/ontology#> PREFIX org: <http://www.w3.org/ns/org#>
        SELECT ?b ?y (COUNT(DISTINCT ?u) AS ?n) WHERE { ?m a tdkt:BlocMembership ; org:organization ?b ;
          org:member ?u ; tdkt:year ?y } GROUP BY ?b ?y""",
}


def scaled_documents(copies: int) -> list[Any]:
    docs = []
    for path in sorted(sample_dir().glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for i in range(copies):
            d = copy.deepcopy(data)
            d["source"]["id"] = f"{d['source']['id']}-copy{i}"
            for r in d["records"]:
                for field in ("name", "bloc"):
                    if field in r and r["type"] in ("bloc", "conference", "membership", "role", "ranking", "covenant"):
                        r[field] = f"{r[field]} bản {i}"
                if r.get("proposer"):
                    r["proposer"] = f"{r['proposer']} bản {i}"
                if "year" in r:
                    r["year"] = r["year"] + (i % 10)
            docs.append(parse_document(d, f"{path.name}#{i}"))
    return docs


def timed(fn: Any, runs: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    ids = Identity()
    documents = {ids.source(d.source.id): document_quads(d, ids) for d in scaled_documents(args.copies)}
    graphs = reference_graphs(ids) | documents
    quads = [q for qs in graphs.values() for q in qs]
    nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    results: dict[str, Any] = {"quads": len(quads), "copies": args.copies, "machine": platform.platform(),
                               "python": platform.python_version(), "backends": {}}

    def rdflib_load() -> rdflib.Dataset:
        ds = rdflib.Dataset(default_union=True)
        ds.parse(data=nquads, format="nquads")
        return ds

    def ox_load(path: str | None) -> ox.Store:
        store = ox.Store(path) if path else ox.Store()
        store.load(nquads, format=ox.RdfFormat.N_QUADS)
        return store

    with tempfile.TemporaryDirectory() as tmp:
        backends = {
            "rdflib memory": (rdflib_load, lambda s, q: len(list(s.query(q)))),
            "pyoxigraph memory": (lambda: ox_load(None),
                                  lambda s, q: len(list(s.query(q, use_default_graph_as_union=True)))),
            "pyoxigraph disk (default)": (lambda: ox_load(f"{tmp}/store"),
                                          lambda s, q: len(list(s.query(q, use_default_graph_as_union=True)))),
        }
        for name, (load, run) in backends.items():
            load_time, store = timed(load, 1)
            entry: dict[str, Any] = {"load_s": load_time, "load_quads_per_s": len(quads) / load_time, "queries": {}}
            for qname, text in QUERIES.items():
                runs = 1 if name.startswith("rdflib") else args.runs
                seconds, rows = timed(lambda text=text, run=run, store=store: run(store, text), runs)
                entry["queries"][qname] = {"median_s": seconds, "rows": rows}
            results["backends"][name] = entry
            del store

    base = results["backends"]["rdflib memory"]
    print(f"{results['quads']} quads ({args.copies} copies of the sample records)\n")
    print(f"{'backend':<28}{'load q/s':>12}{'load ×':>9}" + "".join(f"{q[:24]:>27}" for q in QUERIES))
    for name, entry in results["backends"].items():
        cells = ""
        for q in QUERIES:
            seconds = entry["queries"][q]["median_s"]
            cells += f"{seconds * 1000:>14.1f} ms ({base['queries'][q]['median_s'] / seconds:>5.0f}×)"
        print(f"{name:<28}{entry['load_quads_per_s']:>12,.0f}{base['load_s'] / entry['load_s']:>8.1f}×{cells}")
    for q in QUERIES:
        counts = {e["queries"][q]["rows"] for e in results["backends"].values()}
        if len(counts) != 1:
            print(f"warning: backends disagree on '{q}': {counts}", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

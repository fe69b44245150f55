"""Where the time of records → quads goes, stage by stage, in a fresh process so caches start cold.

    python benchmarks/mapping_profile.py [--provinces 4] [--years 2016-2025] [--json OUT]

Single process, no store: read the JSON, validate against the schema, the
rest of ``parse_document`` (NFC, references), ``document_quads``, and the
N-Quads text the bulk build writes (each quad with and without its graph).
Writes ``{"as-is": …}`` to ``benchmarks/results/mapping-profile-now.json``;
``mapping-profile.json`` keeps the first round's profile (the code then, and
with the two changes it suggested, both since made), which report.py shows
beside it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def stages(folder: Path) -> dict[str, Any]:
    import tdkt.loaders.records as records
    from tdkt.graph.bulk import nquads_with_default
    from tdkt.graph.identity import Identity
    from tdkt.graph.mapping import document_quads

    paths = sorted(folder.glob("*.json"))
    out: dict[str, Any] = {"documents": len(paths)}
    start = time.perf_counter()
    data = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    out["read_json_s"] = time.perf_counter() - start
    start = time.perf_counter()
    normalised = [records._normalise(d) for d in data]
    out["normalise_s"] = time.perf_counter() - start
    start = time.perf_counter()
    for d in normalised:
        assert not list(records._validator().iter_errors(d))
    out["schema_s"] = time.perf_counter() - start
    start = time.perf_counter()
    docs = [records.parse_document(d, str(p)) for d, p in zip(data, paths, strict=True)]
    out["parse_document_s"] = time.perf_counter() - start
    ids = Identity()
    start = time.perf_counter()
    mapped = [document_quads(d, ids) for d in docs]
    out["map_s"] = time.perf_counter() - start
    out["quads"] = sum(len(q) for q in mapped)
    start = time.perf_counter()
    mapped = [document_quads(d, ids) for d in docs]
    out["map_warm_s"] = time.perf_counter() - start
    start = time.perf_counter()
    size = sum(len(t.named) + len(t.default) for t in map(nquads_with_default, mapped))
    out["nquads_s"] = time.perf_counter() - start
    out["nquads_mb"] = size / 2**20
    total = out["read_json_s"] + out["parse_document_s"] + out["map_s"] + out["nquads_s"]
    out["records_to_text_quads_per_s"] = out["quads"] / total
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provinces", type=int, default=4)
    parser.add_argument("--years", default="2016-2025")
    parser.add_argument("--work", type=Path, default=Path("/tmp/tdkt-bench/profile"))
    parser.add_argument("--json", type=Path, default=REPO / "benchmarks" / "results" / "mapping-profile-now.json")
    parser.add_argument("--stage", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        print(json.dumps(stages(args.work)))
        return 0
    from tdkt.cli.synth import SynthConfig, write_dataset

    first, last = (int(y) for y in args.years.split("-"))
    if not args.work.exists():
        write_dataset(SynthConfig(args.provinces, first, last), args.work)
    results: dict[str, Any] = {"command": " ".join(["python", "benchmarks/mapping_profile.py", *sys.argv[1:]])}
    out = subprocess.run([sys.executable, __file__, "--stage", "--work", str(args.work)],
                         capture_output=True, text=True, check=True)
    results["as-is"] = json.loads(out.stdout)
    print(json.dumps(results["as-is"], indent=1))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Where the time of records → quads goes, stage by stage, as is and with the suggested changes.

    python benchmarks/mapping_profile.py [--provinces 4] [--years 2016-2025] [--json OUT]

Single process, no store: read the JSON, validate against the schema, the
rest of ``parse_document`` (NFC, references), ``document_quads``, N-Quads text.
Each stage is timed on the same documents as is, then with
``benchmarks/suggested.py`` applied (nothing at present: the ``key`` cache
and per-type validation are in the code), each in a fresh process so caches
start cold.
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


def stages(folder: Path, suggested: bool) -> dict[str, Any]:
    if suggested:
        from benchmarks.suggested import apply

        apply()
    import loaders.records as records
    from graph.bulk import nquads
    from graph.identity import Identity
    from graph.mapping import document_quads

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
    size = sum(len(nquads(q)) for q in mapped)
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
    parser.add_argument("--json", type=Path, default=REPO / "benchmarks" / "results" / "mapping-profile.json")
    parser.add_argument("--stage", choices=["as-is", "suggested"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        print(json.dumps(stages(args.work, args.stage == "suggested")))
        return 0
    from loaders.synth import SynthConfig, write_dataset

    first, last = (int(y) for y in args.years.split("-"))
    if not args.work.exists():
        write_dataset(SynthConfig(args.provinces, first, last), args.work)
    results: dict[str, Any] = {"command": " ".join(["python", "benchmarks/mapping_profile.py", *sys.argv[1:]])}
    for stage in ("as-is", "suggested"):
        out = subprocess.run([sys.executable, __file__, "--stage", stage, "--work", str(args.work)],
                             capture_output=True, text=True, check=True)
        results[stage] = json.loads(out.stdout)
        print(stage, json.dumps(results[stage], indent=1))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

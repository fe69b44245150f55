"""Load one large records document with ``tdkt load`` and print its time and peak memory.

The document is synthetic: one source with a few hundred blocs and hundreds of
thousands of membership records (about 115 bytes each, as in a real bulk
export). It is written to a temporary folder, loaded into a fresh store by a
separate ``tdkt`` process, and that process's peak resident memory is read
from the kernel (``getrusage`` of the child). Usage::

    python benchmarks/large_document.py --mb 50 [--keep DIR]

A baseline in the same run: the same load of a document of ``--baseline-mb``
(default 5 MB), so the ratio of memory to document size can be compared.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def write_document(path: Path, megabytes: float) -> int:
    """A records document of about ``megabytes`` MB; returns the number of records."""
    target = int(megabytes * 1_000_000)
    blocs = [f"Cụm thi đua số {i:03d}" for i in range(1, 301)]
    with path.open("w", encoding="utf-8") as f:
        f.write('{"source": {"id": "bench-large", "title": "Synthetic bulk export", "province": "Lai Châu"},\n')
        f.write(' "records": [\n')
        for bloc in blocs:
            f.write(json.dumps({"type": "bloc", "name": bloc, "province": "Lai Châu"}, ensure_ascii=False) + ",\n")
        written, n = f.tell(), 0
        while written < target:
            bloc = blocs[n % len(blocs)]
            item = {"type": "membership", "bloc": bloc, "unit": f"Ủy ban nhân dân xã Số {n // 30 % 20000:05d}",
                    "year": 1990 + n // 600000 + (n % 30)}
            line = json.dumps(item, ensure_ascii=False)
            written += len(line.encode()) + 2
            n += 1
            f.write(line + (",\n" if written < target else "\n"))
        f.write("]}\n")
    return n + len(blocs)


MEASURE = ("import resource, subprocess, sys; "
           "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True); "
           "sys.stderr.write(done.stderr); "
           "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def run_load(store: Path, document: Path) -> tuple[float, float, str]:
    """Seconds, peak MB of the ``tdkt load`` process, and its last line.

    Each load runs under its own small launcher, whose children's peak is that load's alone."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", MEASURE, sys.executable, "-m", "tdkt", "--store", str(store),
                           "load", str(document)], cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    code, peak_kb = done.stdout.split()
    if int(code) != 0:
        raise SystemExit(f"tdkt load failed: {done.stderr.strip()[-2000:]}")
    return seconds, int(peak_kb) / 1024, done.stderr.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="size of the document (MB)")
    parser.add_argument("--baseline-mb", type=float, default=5.0, help="size of the baseline document (MB)")
    parser.add_argument("--keep", type=Path, help="keep the documents and stores in this folder")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="tdkt-large-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    for mb in sorted({args.baseline_mb, args.mb}):
        doc = work / f"records-{mb:g}mb.json"
        records = write_document(doc, mb)
        size = doc.stat().st_size / 1e6
        seconds, peak, line = run_load(work / f"store-{mb:g}mb", doc)
        results.append({"document_mb": round(size, 1), "records": records, "seconds": round(seconds, 1),
                        "peak_mb": round(peak), "peak_per_document_mb": round(peak / size, 1), "tdkt": line})
        print(f"{size:7.1f} MB, {records:>8} records: {seconds:7.1f} s, peak {peak:7.0f} MB "
              f"({peak / size:.1f}x the document)  [{line}]", flush=True)
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()

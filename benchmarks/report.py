"""Markdown tables from the JSON results of scale_bench.py and mapping_profile.py (for docs/performance.md).

    python benchmarks/report.py [benchmarks/results] > tables.md
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ORDER = ("100k", "1m", "10m")


def _ms(entry: dict[str, Any] | None) -> str:
    if not entry:
        return "—"
    if "timeout_s" in entry:
        return f"> {entry['timeout_s']:.0f} s"
    if "median_s" not in entry:
        return "(not run)" if "error" not in entry else "error"
    if entry["median_s"] < 0 or entry.get("rows", 0) < 0:  # a worker's own time limit (older runs)
        return "> 120 s"
    seconds = float(entry["median_s"])
    text = f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"
    if entry.get("runs", 1) > 1 and entry["max_s"] > 1.5 * entry["min_s"] and entry["max_s"] - entry["min_s"] > 0.002:
        text += f" ({entry['min_s'] * 1000:.0f}–{entry['max_s'] * 1000:.0f})" if seconds < 1 else \
            f" ({entry['min_s']:.1f}–{entry['max_s']:.1f})"
    return text


def _ratio(a: dict[str, Any] | None, b: dict[str, Any] | None) -> str:
    if not a or not b or "median_s" not in b or not ("median_s" in a or "timeout_s" in a):
        return "—"
    if "timeout_s" in a or a["median_s"] < 0:
        return f"> {a.get('timeout_s', 120) / b['median_s']:,.0f}×"
    return f"{a['median_s'] / b['median_s']:,.0f}×" if a["median_s"] >= b["median_s"] else \
        f"{a['median_s'] / b['median_s']:.2f}×"


def build_table(results: list[dict[str, Any]]) -> str:
    lines = ["| scale | quads | documents | variant | time | quads/s | peak memory |", "|---|---|---|---|---|---|---|"]
    # quads: the source graphs' quads (the default graph's copy of each distinct triple is not counted)
    for r in results:
        for b in r.get("build", []):
            if "error" in b:
                lines.append(f"| {r['scale']} | | {r['documents']} | {b['variant']} | failed: {b['error']} | | |")
                continue
            speed, peak = b["quads_per_s"] / 1000, b["peak_rss_mb"] / 1024
            lines.append(f"| {r['scale']} | {b['quads']:,} | {r['documents']:,} | {b['variant']} "
                         f"| {b['seconds']:.1f} s | {speed:,.0f}k | {peak:.2f} GB |")
    return "\n".join(lines)


TARGET_S = {"100k": None, "1m": 0.5, "10m": 5.0}


def _median(entry: dict[str, Any]) -> float | None:
    value = entry.get("median_s")
    return float(value) if value is not None and value >= 0 else None


def summary(r: dict[str, Any]) -> str:
    """The targets, counted over the queries of one scale."""
    entries = r["query"]["queries"]
    lines = []
    for backend in ("layer disk", "layer memory", "pyoxigraph disk", "pyoxigraph memory"):
        times = {n: _median(e[backend]) for n, e in entries.items() if backend in e}
        if not times:
            continue
        done = [t for t in times.values() if t is not None]
        timed_out = sorted(n for n, e in entries.items() if "timeout_s" in e.get(backend, {}))
        line = f"- {backend}: {len(done)} of {len(times)} query runs finished"
        if done:
            line += f", median of medians {sorted(done)[len(done) // 2] * 1000:.0f} ms, slowest {max(done):.2f} s"
        target = TARGET_S.get(r["scale"])
        if target is not None:
            over = sorted(n for n, t in times.items() if t is None or t >= target)
            line += f"; {len(times) - len(over)} under the {target} s target" + (
                f" (over: {', '.join(over)})" if over else "")
        if timed_out:
            line += f"; over the time limit: {', '.join(timed_out)}"
        lines.append(line)
    for backend in ("pyoxigraph memory", "pyoxigraph disk"):
        ratios = []
        for e in entries.values():
            rdf, ox = e.get("rdflib memory"), _median(e.get(backend, {}))
            if rdf and ox:
                if "timeout_s" in rdf or (rdf.get("median_s", 0) < 0):
                    ratios.append(float(rdf.get("timeout_s", 120)) / ox)
                elif _median(rdf):
                    ratios.append(float(rdf["median_s"]) / ox)
        if ratios:
            lines.append(f"- rdflib ÷ {backend}: {sum(x >= 100 for x in ratios)} of {len(ratios)} at least 100×; "
                         f"lowest {min(ratios):.0f}×, median {sorted(ratios)[len(ratios) // 2]:.0f}× "
                         "(a time-out counts as the limit)")
    for layer, raw in (("layer disk", "pyoxigraph disk"), ("layer memory", "pyoxigraph memory")):
        pairs = [(_median(e.get(layer, {})), _median(e.get(raw, {}))) for e in entries.values()]
        over = sorted((a / b - 1) * 100 for a, b in pairs if a and b and b >= 0.02)
        if over:
            lines.append(f"- {layer} over {raw} (queries of 20 ms or more): median {over[len(over) // 2]:+.0f}%, "
                         f"range {over[0]:+.0f}% to {over[-1]:+.0f}%; {sum(o > 30 for o in over)} above +30%")
    return "\n".join(lines)


def query_table(r: dict[str, Any]) -> str:
    q = r["query"]
    lines = [f"**{r['scale']}** ({q['quads']:,} quads; parameters: {json.dumps(q['params'], ensure_ascii=False)})",
             "",
             "| query | rows | rdflib memory | pyoxigraph memory | pyoxigraph disk | run_query disk | run_query memory "
             "| rdflib ÷ ox memory | rdflib ÷ ox disk | layer overhead (disk / memory) |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for name, e in q["queries"].items():
        mem, disk = e["pyoxigraph memory"], e["pyoxigraph disk"]
        lmem, ldisk = e["layer memory"], e["layer disk"]
        rdf = e.get("rdflib memory")
        overhead = " / ".join(f"{(layer['median_s'] / raw['median_s'] - 1) * 100:+.0f}%"
                              if "median_s" in layer and "median_s" in raw else "—"
                              for layer, raw in ((ldisk, disk), (lmem, mem)))
        rows = next((f"{v['rows']:,}" for v in (mem, disk, rdf or {}) if "rows" in v), "—")
        lines.append(f"| {name} | {rows} | {_ms(rdf)} | {_ms(mem)} | {_ms(disk)} | {_ms(ldisk)} | {_ms(lmem)} "
                     f"| {_ratio(rdf, mem)} | {_ratio(rdf, disk)} | {overhead} |")
    return "\n".join(lines)


def view_table(r: dict[str, Any]) -> str:
    """View generation: the view's named queries, the networkx graph and the HTML page, from our store layer."""
    lines = [f"**{r['scale']}** views", "", "| view | parameters | memory store | disk store | HTML |",
             "|---|---|---|---|---|"]
    for label, e in r["query"].get("views", {}).items():
        size = next((v["rows"] for v in (e.get("view memory", {}), e.get("view disk", {})) if "rows" in v), None)
        params = json.dumps(e.get("params", {}), ensure_ascii=False)
        lines.append(f"| {label} | {params} | {_ms(e.get('view memory'))} | {_ms(e.get('view disk'))} "
                     f"| {f'{size / 1024:,.0f} KB' if size else '—'} |")
    return "\n".join(lines)


def profile_table(profile: dict[str, Any], now: dict[str, Any] | None = None) -> str:
    """The first round's profile (the code then, and with the changes it suggested) and ``now``, the code as it is."""
    head = "| stage | first version | with key() cached and per-type validation |"
    lines = [head + (" now (also list-based mapping) |" if now else ""), "|---|---|---|" + ("---|" if now else "")]
    a, s = profile["as-is"], profile["suggested"]
    n = now["as-is"] if now else None
    for key, label in (("read_json_s", "read JSON"), ("normalise_s", "NFC (_normalise)"),
                       ("schema_s", "schema validation"), ("parse_document_s", "parse_document (all of it)"),
                       ("map_s", "document_quads (cold caches)"), ("map_warm_s", "document_quads (warm)"),
                       ("nquads_s", "N-Quads text")):
        lines.append(f"| {label} | {a[key]:.2f} s | {s[key]:.2f} s ({a[key] / s[key]:.1f}×) |"
                     + (f" {n[key]:.2f} s ({a[key] / n[key]:.1f}×) |" if n else ""))
    speed = "records_to_text_quads_per_s"
    lines.append(f"| records → N-Quads text, quads/s (one core) | {a[speed] / 1000:.0f}k | {s[speed] / 1000:.0f}k |"
                 + (f" {n[speed] / 1000:.0f}k |" if n else ""))
    return f"{a['documents']} documents, {a['quads']:,} quads\n\n" + "\n".join(lines)


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "results"
    results = [json.loads((folder / f"scale-{s}.json").read_text(encoding="utf-8")) for s in ORDER
               if (folder / f"scale-{s}.json").exists()]
    print("### Build\n\n" + build_table(results) + "\n")
    print("### Queries\n")
    for r in results:
        if r.get("query", {}).get("queries"):
            print(query_table(r) + "\n\n" + summary(r) + "\n")
        if r.get("query", {}).get("views"):
            print(view_table(r) + "\n")
    if (folder / "mapping-profile.json").exists():
        later = folder / "mapping-profile-now.json"
        now = json.loads(later.read_text()) if later.exists() else None
        print("### Mapping profile\n\n" + profile_table(json.loads((folder / "mapping-profile.json").read_text()), now))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

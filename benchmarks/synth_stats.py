"""What the synthetic generator produces, counted (for docs/performance.md, "Synthetic data").

    python benchmarks/synth_stats.py [--provinces 63] [--years 2006-2025] [--seed 0]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tdkt.cli.synth import SynthConfig, generate  # noqa: E402

ABBREVIATED = ("UBND ", "HND ", "LĐLĐ ", "HLHPN ")


def _full(name: str) -> str:
    for short, full in (("UBND", "Ủy ban nhân dân"), ("HND", "Hội Nông dân"), ("LĐLĐ", "Liên đoàn Lao động"),
                        ("HLHPN", "Hội Liên hiệp Phụ nữ")):
        if name.startswith(short + " "):
            return full + name[len(short):]
    return name


def stats(docs: list[dict[str, Any]]) -> dict[str, Any]:
    kinds = Counter(d["source"]["id"].rsplit("-", 1)[-1] if d["source"]["id"].split("-")[-2] != "qd"
                    else "qd" for d in docs)
    records = Counter(r["type"] for d in docs for r in d["records"])
    members: dict[str, int] = {}
    duties: dict[tuple[str, int], dict[str, str]] = defaultdict(dict)
    blocs_by_province: dict[str, set[str]] = defaultdict(set)
    for d in docs:
        sid = d["source"]["id"]
        if not sid.endswith("-tk"):
            continue
        slug = "-".join(sid.split("-")[1:3])
        blocs_by_province[sid.split("-")[1]].add(slug)
        listed = [r for r in d["records"] if r["type"] == "membership"]
        if listed:
            members[slug] = len(listed)
        for r in d["records"]:
            if r["type"] == "role" and r["role"] != "host":
                duties[(slug, r["year"])].setdefault(r["role"], _full(r["unit"]))
    pairs = [(d["vice_chair"], duties[(s, y + 1)]["chair"]) for (s, y), d in duties.items()
             if "vice_chair" in d and "chair" in duties.get((s, y + 1), {})]
    repeats = [(d["chair"], duties[(s, y + 1)]["chair"]) for (s, y), d in duties.items()
               if "chair" in d and "chair" in duties.get((s, y + 1), {})]
    awards = Counter((r["award"], r["grantor"].split(" ")[0], r["status"]) for d in docs for r in d["records"]
                     if r["type"] == "award")
    posts: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for d in docs:
        for r in d["records"]:
            if r["type"] == "position":
                posts[r["person"]].add((r["title"], r["organisation"]))
    abbreviated = sum(1 for d in docs for r in d["records"] if r["type"] in ("membership", "role", "ranking")
                      and str(r.get("unit", "")).startswith(ABBREVIATED))
    unit_mentions = sum(records[t] for t in ("membership", "role", "ranking"))
    sizes = list(members.values())
    return {
        "documents": len(docs), "documents_by_kind": dict(kinds), "records": dict(records),
        "provinces_with_blocs": len(blocs_by_province),
        "blocs_per_province": statistics.mean(len(b) for b in blocs_by_province.values()),
        "members_per_bloc": {"min": min(sizes), "median": statistics.median(sizes), "max": max(sizes)},
        "vice_chair_succession_share": sum(v == c for v, c in pairs) / len(pairs),
        "chair_repeat_share": sum(a == b for a, b in repeats) / len(repeats),
        "awards": {f"{a} / {g}… / {s}": n for (a, g, s), n in sorted(awards.items())},
        "persons": len(posts), "persons_with_several_posts": sum(1 for p in posts.values() if len(p) > 1),
        "abbreviated_unit_mentions_share": abbreviated / unit_mentions,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provinces", type=int, default=63)
    parser.add_argument("--years", default="2006-2025")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    first, last = (int(y) for y in args.years.split("-"))
    result = stats(list(generate(SynthConfig(args.provinces, first, last, args.seed))))
    for name, value in result.items():
        print(f"{name}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

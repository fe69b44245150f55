"""Time to first drawing of an offline view in Debian's Chromium, by size.

Views are drawn by vis-network in the browser; the test suite checks that a
500-node view draws and paints, and this script measures how long it takes:
the view's own ``drawnAt`` (ms from navigation start to the first drawing)
and the wall time to ``ready``, for 50, 200 and 500 nodes, with the ratio to
the 50-node view in the same run as the baseline.

    python benchmarks/view_draw.py [--repeat 3] [--json results/view-draw.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from tdkt.viz import render
from tdkt.viz.views import overview

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SIZES = {50: (5, 8), 200: (10, 18), 500: (25, 18)}  # nodes: (blocs, members per bloc)


def overview_rows(blocs: int, members: int) -> list[dict[str, Any]]:
    """Rows of view-overview: blocs in a ring, neighbours sharing one unit."""
    rows: list[dict[str, Any]] = []
    for b in range(blocs):
        base: dict[str, Any] = {"bloc": f"urn:bloc:{b}", "blocLabel": f"Khối thi đua số {b:02d}",
                                "province": "Lai Châu", "duties": "", "chairs": 0}
        rows.append({**base, "unit": None, "unitLabel": None, "years": None})
        units = [f"{b}-{i}" for i in range(members)] + [f"bridge-{b}", f"bridge-{(b + 1) % blocs}"]
        rows += [{**base, "unit": f"urn:unit:{u}", "unitLabel": f"Ủy ban nhân dân huyện {u}", "years": "2024"}
                 for u in units]
    return rows


def measure(browser: Any, path: Path) -> tuple[float, float, int]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
    page = context.new_page()
    start = time.monotonic()
    page.goto(path.as_uri())
    page.wait_for_function("window.tdktView && window.tdktView.ready", timeout=60_000)
    wall = time.monotonic() - start
    drawn = float(page.evaluate("window.tdktView.drawnAt"))
    nodes = int(page.evaluate("window.tdktView.nodes.length"))
    context.close()
    return drawn, wall * 1000, nodes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for size, (blocs, members) in SIZES.items():
            view = overview.build({"blocs": overview_rows(blocs, members), "officials": []}, {})
            path = Path(tmp) / f"overview-{size}.html"
            path.write_text(render(view), encoding="utf-8")
            runs = [measure(browser, path) for _ in range(args.repeat)]
            results[str(size)] = {"nodes": runs[0][2], "drawn_ms": statistics.median(r[0] for r in runs),
                                  "wall_ms": statistics.median(r[1] for r in runs)}
        browser.close()
    base = results[str(min(SIZES))]["drawn_ms"] or 1.0
    print(f"{'nodes':>6} {'drawn ms':>9} {'wall ms':>8} {'x 50':>6}")
    for r in results.values():
        r["ratio"] = round(r["drawn_ms"] / base, 2)
        print(f"{r['nodes']:>6} {r['drawn_ms']:>9.0f} {r['wall_ms']:>8.0f} {r['ratio']:>6}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

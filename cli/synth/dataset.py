"""The whole synthetic country: provinces spread over the register, before and after the 2025 reorganisation."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tdkt.cli.synth.config import REORGANISATION_YEAR, SynthConfig
from tdkt.cli.synth.documents import Province
from tdkt.kernel.places import Area, register


def select_provinces(n: int) -> list[Area]:
    """``n`` provinces of the register spread evenly over its GSO order (all 63 for n >= 63)."""
    provinces = list(register().provinces.values())
    n = max(1, min(n, len(provinces)))
    return [provinces[i * len(provinces) // n] for i in range(n)]


def generate(cfg: SynthConfig) -> Iterator[dict[str, Any]]:
    """Every document of the dataset as plain records data, province by province."""
    reg = register()
    years = range(cfg.first_year, min(cfg.last_year, REORGANISATION_YEAR) + 1)
    successor = reg.province_successor
    merged = {code for code in successor.values() if list(successor.values()).count(code) > 1}
    selected = select_provinces(cfg.provinces)
    by_parent: dict[str, list[Area]] = {}
    for commune in reg.communes.values():
        by_parent.setdefault(commune.parent or "", []).append(commune)
    for area in selected:
        districts = [d for d in reg.districts.values() if d.parent == area.code]
        communes = [c for d in districts for c in by_parent.get(d.code, [])]
        last = REORGANISATION_YEAR - 1 if successor[area.code] in merged else cfg.last_year
        yield from Province(cfg, area, districts, communes, years, range(cfg.first_year, last + 1)).documents()
    if cfg.last_year >= REORGANISATION_YEAR:
        for code in sorted({successor[a.code] for a in selected} & merged):
            after = range(max(cfg.first_year, REORGANISATION_YEAR), cfg.last_year + 1)
            yield from Province(cfg, reg.provinces_2025[code], [], [], range(0), after).documents()


def write_dataset(cfg: SynthConfig, out_dir: Path) -> list[Path]:
    """Write one ``<source id>.json`` per document (sorted keys as generated, UTF-8, one space indent)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for doc in generate(cfg):
        path = out_dir / f"{doc['source']['id']}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(path)
    return written

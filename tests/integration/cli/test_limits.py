"""Input bounds (loaders.limits): alias bombs, deep nesting and oversized files are refused in one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tdkt.kernel.errors import RecordError
from tdkt.loaders.structured import read_document
from tests.support.paths import REPO
from tests.unit.kernel.test_limits import alias_bomb

ROOT = REPO


def deep_json(path: Path, depth: int = 50_000) -> Path:
    path.write_text('{"source": {"id": "deep"}, "records": ' + "[" * depth + "]" * depth + "}", encoding="utf-8")
    return path


MEASURE = ("import resource, subprocess, sys; "
           "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
           "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def peak_mb_of(command: list[str]) -> tuple[int, str, float]:
    """Exit code, stderr and peak resident memory (MB) of a command.

    Measured by a small launcher process: a child started by this (large) test process would count this
    process's size in its own peak, whether forked or spawned."""
    done = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True,
                          timeout=120, check=True)
    code, peak_kb = done.stdout.split()
    return int(code), done.stderr, int(peak_kb) / 1024


def test_alias_bomb_through_tdkt_load_is_one_line_and_small(tmp_path: Path) -> None:
    bomb = alias_bomb(tmp_path / "bomb.yaml")
    code, err, peak = peak_mb_of([sys.executable, "-m", "tdkt", "--store", str(tmp_path / "s"), "load", str(bomb)])
    assert code == 1
    assert err.strip().count("\n") == 0 and err.startswith("error: ") and "alias" in err
    assert peak < 400, f"tdkt load of an alias bomb peaked at {peak:.0f} MB"


def test_deep_json_gives_one_line(tmp_path: Path) -> None:
    deep = deep_json(tmp_path / "deep.json")
    done = subprocess.run([sys.executable, "-m", "tdkt", "--store", str(tmp_path / "s"), "load", str(deep)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert done.stderr == f"error: {deep}: is nested deeper than the limit of 64 levels (TDKT_MAX_DEPTH)\n"


def test_deep_json_ld_and_deep_yaml_give_one_line(tmp_path: Path) -> None:
    deep = deep_json(tmp_path / "deep.jsonld", 5_000)
    done = subprocess.run([sys.executable, "-m", "tdkt", "--store", str(tmp_path / "s"), "load", str(deep)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "nested deeper than the limit" in done.stderr
    yaml_path = tmp_path / "deep.yaml"
    yaml_path.write_text("source: {id: deep}\nrecords: " + "[" * 100 + "]" * 100 + "\n", encoding="utf-8")
    with pytest.raises(RecordError, match=r"deep.yaml: line 2: is nested deeper than the limit of 64 levels"):
        read_document(yaml_path)

"""The graph built from the dev set's real articles: it validates, and the rotation view shows the blocs' chairs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tdkt.loaders.articles import extract_file
from tests.support.paths import SHARED

DEVSET = SHARED / "devset" / "articles"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tdkt", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=900)


def test_devset_graph_validates_and_shows_chairs(tmp_path: Path) -> None:
    if not DEVSET.is_dir():
        pytest.skip(f"the dev set is not at {DEVSET}")
    chaired: set[str] = set()
    for path in sorted(DEVSET.glob("*.txt")):
        doc = extract_file(path)
        chaired |= {str(r.fields["bloc"]) for r in doc.of_type("role") if r.fields["role"] == "chair"}
    assert len(chaired) >= 10
    store = str(tmp_path / "store")
    built = run("--store", store, "build", "--articles", str(DEVSET), cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    valid = run("--store", store, "validate", cwd=tmp_path)
    assert valid.returncode == 0, valid.stdout + valid.stderr
    assert "conforms" in valid.stdout + valid.stderr
    rotation = run("--store", store, "rotation", cwd=tmp_path)
    assert rotation.returncode == 0, rotation.stderr
    shown = {name for name in chaired if f"{name}" in rotation.stdout}
    assert shown == chaired
    assert rotation.stdout.count(" chair ") >= len(chaired)

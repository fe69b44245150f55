"""The wheel carries the ontology, shapes, schema, queries and sample data, and runs outside the repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.support.paths import REPO

# Built from a copy without caches or earlier builds: other tests' processes write byte code into the source
# folders while the build lists and copies them (a build in place failed once so).
NOT_SOURCES = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    source = tmp_path_factory.mktemp("source") / "tdkt-graph"
    shutil.copytree(REPO, source, ignore=NOT_SOURCES)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                            str(out), str(source)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-3000:]
    [found] = out.glob("tdkt_graph-*.whl")
    return found


def test_wheel_ships_the_data_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("ontology/tdkt.ttl", "ontology/awards.ttl", "ontology/shapes.ttl", "ontology/records.schema.json",
                     "ontology/context.jsonld", "queries/bloc-roles.rq", "kernel/lookups.yml",
                     "cli/sample/000_722c592d168ed647.json"):
        assert f"tdkt/{required}" in names, required
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"tdkt"}, f"the wheel installs other top-level names: {sorted(tops - {'tdkt'})}"


def test_installed_wheel_builds_the_sample_graph_outside_the_repository(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run([sys.executable, "-m", "tdkt", "--store", str(tmp_path / "store"), "build"],
                            cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Hội Nông dân huyện Phong Thổ" in result.stdout
    probe = "import tdkt.ontology, tdkt; print(tdkt.ontology.__file__, tdkt.__file__)"
    where = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True,
                           check=True).stdout
    assert str(REPO) not in where and str(target) in where
    installed = {p.name for p in target.iterdir() if not p.name.endswith(".dist-info")}
    assert installed - {"bin", "__pycache__"} == {"tdkt"}, sorted(installed)
    for generic in ("queries", "graph", "loaders", "viz", "web", "ontology", "kernel", "cli"):
        probe = subprocess.run([sys.executable, "-c", f"import {generic}"], cwd=tmp_path, env=env,
                               capture_output=True, text=True)
        assert "ModuleNotFoundError" in probe.stderr, f"'import {generic}' should fail outside the repository"


def test_generated_vocabulary_is_current() -> None:
    result = subprocess.run([sys.executable, "-m", "tdkt.kernel.vocabgen", "--check"], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr

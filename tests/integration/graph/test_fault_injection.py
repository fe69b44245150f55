"""Fault injection: ``tdkt load`` and ``tdkt build`` killed (SIGKILL) at every phase boundary and at random
points leave the store as it was before or as it is after, and it opens; the next command leaves no
temporary folder behind.

Phase boundaries are the calls that write: the SPARQL updates of an in-place write, the bulk load of a new
store folder, the folder exchange, the removal of the old folder. ``tests/support/fault_runner.py`` kills the
process before and after each of them; random points are drawn over the run's duration (seeded, a bounded
count). After every kill the store is opened by this process, its named graphs compared with the states
before and after, and its default graph checked to hold exactly the triples of the named graphs; then the
command runs again to the end and the store's folder must be alone in its parent.
"""

from __future__ import annotations

import json
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.support.paths import REPO, TESTS

pytestmark = pytest.mark.slow
ROOT = REPO
RUNNER = TESTS / "support" / "fault_runner.py"


def tdkt(store: Path, *args: str, fault: str = "", timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {"TDKT_FAULT": fault, "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, str(RUNNER), "--store", str(store), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)


def state(store: Path) -> tuple[str, ...]:
    """The store's named graphs as sorted N-Quads lines; fails if it does not open or if its default graph is
    not exactly the union of its named graphs."""
    opened = ox.Store(str(store))
    try:
        quads = list(opened)  # one pass: iterating the store is most of this check's time
    finally:
        del opened
    named = [q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)]
    default = {q.triple for q in quads if isinstance(q.graph_name, ox.DefaultGraph)}
    union = {q.triple for q in named}
    assert default == union, f"default graph: {len(default - union)} extra, {len(union - default)} missing"
    return tuple(sorted(str(q) for q in named))


def leftovers(store: Path) -> list[str]:
    return sorted(p.name for p in store.parent.iterdir() if p.name != store.name and p.name.startswith("."))


@dataclass
class Scenario:
    name: str
    args: tuple[str, ...]
    before: tuple[str, ...]
    after: tuple[str, ...]
    template: Path
    seconds: float


def documents(gold_dir: Path, folder: Path) -> Path:
    """The gold documents, one of them changed and one new document: a load or build that changes the graph."""
    folder.mkdir(parents=True)
    for path in sorted(gold_dir.glob("*.json")):
        shutil.copy(path, folder / path.name)
    first = sorted(folder.glob("*.json"))[0]
    data = json.loads(first.read_text(encoding="utf-8"))
    data["records"] = [r for r in data["records"] if r["type"] != "membership"]
    first.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    new = {"source": {"id": "fault-new", "province": "Lai Châu"},
           "records": [{"type": "bloc", "name": "Cụm thi đua số 07", "province": "Lai Châu"},
                       {"type": "membership", "bloc": "Cụm thi đua số 07", "unit": "Hội Nông dân huyện Tân Uyên",
                        "year": 2022},
                       {"type": "role", "bloc": "Cụm thi đua số 07", "unit": "Hội Nông dân huyện Tân Uyên",
                        "role": "chair", "year": 2022},
                       # two names the derived campaign graph links: a load must recompute it with the documents
                       {"type": "campaign", "name": "Cả nước chung sức bảo vệ rừng đầu nguồn bền vững"},
                       {"type": "campaign", "name": "Lai Châu chung sức bảo vệ rừng đầu nguồn bền vững",
                        "launched_by": "Hội Nông dân huyện Tân Uyên"}]}
    (folder / "fault-new.json").write_text(json.dumps(new, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def base(gold_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A store built from the gold documents (the state before), and the changed documents."""
    work = tmp_path_factory.mktemp("fault")
    store = work / "template" / "store"
    done = tdkt(store, "build", str(gold_dir), "-q")
    assert done.returncode == 0, done.stderr
    return store, documents(gold_dir, work / "docs")


def scenario(name: str, base: tuple[Path, Path], tmp: Path, *args: str) -> Scenario:
    template, docs = base
    real_args: tuple[str, ...] = ()
    for a in args:
        real_args += tuple(map(str, sorted(docs.glob("*.json")))) if a == "DOCS/*" else (a.replace("DOCS", str(docs)),)
    trial = tmp / "trial" / "store"
    shutil.copytree(template, trial)
    before = state(trial)
    start = time.monotonic()
    done = tdkt(trial, *real_args)
    seconds = time.monotonic() - start
    assert done.returncode == 0, done.stderr
    after = state(trial)
    assert after != before
    assert leftovers(trial) == []
    shutil.rmtree(trial.parent)
    return Scenario(name, real_args, before, after, template, seconds)


def killed_run(s: Scenario, tmp: Path, fault: str = "", at: float | None = None) -> str:
    """Run the scenario's command killed at ``fault`` (or ``at`` seconds in); check the store; run it again."""
    store = tmp / f"run-{time.monotonic_ns()}" / "store"
    shutil.copytree(s.template, store)
    if at is None:
        done = tdkt(store, *s.args, fault=fault)
        outcome = "killed" if done.returncode == -signal.SIGKILL else f"exit {done.returncode}"
    else:
        env = {"TDKT_FAULT": "", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
        process = subprocess.Popen([sys.executable, str(RUNNER), "--store", str(store), *s.args], cwd=ROOT, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(at)
        process.send_signal(signal.SIGKILL)
        process.wait()
        outcome = "killed" if process.returncode == -signal.SIGKILL else f"exit {process.returncode}"
    found = state(store)
    assert found in (s.before, s.after), f"{s.name} {fault or f'at {at:.2f} s'}: the store is neither before nor after"
    again = tdkt(store, *s.args)
    assert again.returncode == 0, again.stderr
    assert state(store) == s.after
    assert leftovers(store) == [], f"{s.name} {fault or at}: left {leftovers(store)}"
    shutil.rmtree(store.parent)
    return f"{outcome}, {'before' if found == s.before else 'after'}"


# the phase boundaries of graph.build.run with each writer: mapped, derived, committed, cleaned up
IN_PLACE = [
    "tdkt.graph.transaction:_Transaction.write:after:1", "tdkt.graph.transaction:_Transaction.view:after:1",
    "tdkt.graph.transaction:_Transaction.commit:before:1",
    *(f"tdkt.graph.store.oxigraph:OxigraphStore._update:{when}:1" for when in ("before", "after")),
    "tdkt.graph.transaction:_Transaction.commit:after:1",
]
SWAP = [
    "tdkt.graph.bulk:_Swap.write:after:1", "tdkt.graph.bulk:_Swap._carry:after:1", "tdkt.graph.bulk:_Swap.view:after:1",
    "tdkt.graph.bulk:_Swap.commit:before:1",
    *(f"tdkt.graph.bulk:exchange:{when}:1" for when in ("before", "after")),
    "shutil:rmtree:before:1", "shutil:rmtree:before:2", "shutil:rmtree:after:2",
    "tdkt.graph.bulk:_Swap.commit:after:1",
]
# Each kind of boundary is killed once per writer: the in-place build shares load's mapping and derivation
# (write, view) and is killed where its writes differ; the bulk load shares build's new-folder phases and is
# killed from the commit on. One random kill per command (38 -> 29 killed runs: the suite's slowest test).
CASES = {  # command, phase boundaries, random kills
    "load": (("load", "DOCS/*"), IN_PLACE, 1),
    "load-bulk": (("load", "--bulk", "DOCS/*"), SWAP[3:7], 1),
    "build": (("build", "DOCS", "--no-bulk", "-q"), IN_PLACE[2:], 1),
    "build-bulk": (("build", "DOCS", "--bulk", "-q"), SWAP, 1),
}


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.timeout(600)  # up to 12 killed runs, two commands each: over the suite's 300 s when 2 cores are shared
def test_killed_at_every_phase_boundary_and_at_random(name: str, base: tuple[Path, Path], tmp_path: Path) -> None:
    args, boundaries, random_kills = CASES[name]
    s = scenario(name, base, tmp_path, *args)
    outcomes = {fault: killed_run(s, tmp_path, fault=fault) for fault in boundaries}
    assert all(o.startswith("killed") for o in outcomes.values()), outcomes  # every boundary is reached
    rng = random.Random(f"fault-{name}")
    for _ in range(random_kills):
        at = rng.uniform(0.5, s.seconds * 0.9)
        outcomes[f"at {at:.2f} s"] = killed_run(s, tmp_path, at=at)
    print(name, json.dumps(outcomes, indent=1))

"""``tdkt build`` in bulk (graph.bulk): the same store as the normal build, the same errors, the old store kept
on failure, refused with a remote endpoint, and a summary instead of every rotation when there are many blocs."""

from __future__ import annotations

import json
import shlex
import shutil
import socket
from pathlib import Path

import pyoxigraph as ox
import pytest

import tdkt.cli.commands.build
import tdkt.graph.write
from tdkt.cli.main import main
from tdkt.cli.synth import SynthConfig, write_dataset
from tdkt.graph.store.oxigraph import OxigraphStore
from tests.support.paths import DATA

ARTICLES = DATA / "articles"


@pytest.fixture(scope="module")
def synth_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One province over 2024–2025: 60 documents, 25 blocs (the reorganisation year included)."""
    folder = tmp_path_factory.mktemp("synth")
    write_dataset(SynthConfig(provinces=1, first_year=2024, last_year=2025), folder)
    return folder


@pytest.fixture(scope="module")
def small_dir(synth_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first 12 of those documents (each declares the blocs it names)."""
    folder = tmp_path_factory.mktemp("small")
    for path in sorted(synth_dir.glob("*.json"))[:12]:
        shutil.copy(path, folder / path.name)
    return folder


def tdkt_run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the command in this process (as ``tdkt`` does); exit code, stdout, stderr."""
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def store_content(path: Path) -> tuple[list[str], list[str]]:
    """Every quad of the named graphs, and the default graph (which the store keeps as their union)."""
    store = OxigraphStore(path)
    try:
        default = sorted(str(q) for q in store.raw.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        return [str(q) for q in store.quads()], default
    finally:
        store.close()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_bulk_build_writes_the_same_store_and_output_as_the_normal_build(
        synth_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bulk, normal = tmp_path / "bulk", tmp_path / "normal"
    code, bulk_out, bulk_err = tdkt_run(capsys, "--store", str(bulk), "build", str(synth_dir), "--bulk",
                                        "--articles", str(ARTICLES))
    assert code == 0, bulk_err
    code, normal_out, normal_err = tdkt_run(capsys, "--store", str(normal), "build", str(synth_dir), "--no-bulk",
                                            "--articles", str(ARTICLES))
    assert code == 0, normal_err
    bulk_quads, bulk_default = store_content(bulk)
    normal_quads, normal_default = store_content(normal)
    assert len(bulk_quads) > 30_000 and len(bulk_default) > 20_000
    assert bulk_quads == normal_quads
    assert bulk_default == normal_default
    # the same report line (reference and derived graphs included) and, with 25 blocs, every rotation as before
    assert bulk_err == normal_err
    assert bulk_err.startswith("built 66 documents into 69 graphs (")
    assert bulk_out == normal_out
    assert "Cụm thi đua các quận, huyện, thị xã số 1 (Hà Nội)\n  2024  chair       Ủy ban nhân dân quận Ba Đình\n" \
        in bulk_out
    assert leftovers(tmp_path) == []


def test_a_build_of_any_size_is_in_bulk_and_a_load_from_bulk_from_documents_on(
        small_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "store"
    build = ("--store", str(store), "build", str(small_dir), "-q")
    assert tdkt_run(capsys, *build, "--no-bulk")[0] == 0
    before = store_content(store)
    inode = store.stat().st_ino
    code, out, err = tdkt_run(capsys, *build)  # 12 documents: a new folder swapped in, with the same quads
    assert code == 0, err
    assert store.stat().st_ino != inode
    assert out == "" and err.startswith("built 12 documents into 14 graphs")
    assert store_content(store) == before
    inode = store.stat().st_ino
    assert tdkt_run(capsys, *build, "--no-bulk")[0] == 0  # --no-bulk: in place
    assert store.stat().st_ino == inode
    assert store_content(store) == before
    load = ("--store", str(store), "load", *map(str, sorted(small_dir.glob("*.json"))))
    monkeypatch.setattr(tdkt.graph.write, "BULK_FROM", 13)  # a load of 12 documents: in place
    assert tdkt_run(capsys, *load)[0] == 0
    assert store.stat().st_ino == inode
    monkeypatch.setattr(tdkt.graph.write, "BULK_FROM", 12)  # at the threshold: a new folder swapped in
    assert tdkt_run(capsys, *load)[0] == 0
    assert store.stat().st_ino != inode
    assert store_content(store) == before
    assert leftovers(tmp_path) == []


def test_a_bad_document_under_bulk_is_one_line_and_leaves_the_old_store(
        synth_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    shutil.copytree(synth_dir, data)
    store = tmp_path / "store"
    assert tdkt_run(capsys, "--store", str(store), "build", str(data), "--bulk", "-q")[0] == 0
    before = store_content(store)
    first, second = sorted(data.glob("*.json"))[:2]
    for path, field, value in ((first, "year", "2021"), (second, "unit", "")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        record = next(i for i, r in enumerate(doc["records"]) if field in r)
        doc["records"][record][field] = value
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, out, err = tdkt_run(capsys, "--store", str(store), "build", str(data), "--bulk")
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(f"error: {first}: record ")
    assert "field 'year': '2021' is not of type 'integer'" in err and "(and 1 more problems)" in err
    assert "Traceback" not in err
    assert store_content(store) == before
    assert leftovers(tmp_path) == []
    # exactly the error of the normal build, which leaves the store as it was too
    assert tdkt_run(capsys, "--store", str(store), "build", str(data), "--no-bulk") == (1, "", err)
    assert store_content(store) == before


def test_bulk_with_a_remote_endpoint_is_refused(synth_dir: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "store"
    endpoint = "http://127.0.0.1:9/query"
    code, out, err = tdkt_run(capsys, "--store", str(store), "--endpoint", endpoint, "build", str(synth_dir), "--bulk")
    assert (code, out) == (1, "")
    assert err == "error: --bulk writes the embedded store (--store); it cannot be used with --endpoint " \
                  "or TDKT_ENDPOINT\n"
    assert not store.exists()


def test_a_remote_endpoint_is_never_built_in_bulk(synth_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setattr(tdkt.graph.write, "BULK_FROM", 1)
    store = tmp_path / "store"
    code, _, err = tdkt_run(capsys, "--store", str(store), "--endpoint", f"http://127.0.0.1:{port}/query",
                            "build", str(synth_dir))
    assert code == 1 and err.startswith(f"error: cannot reach http://127.0.0.1:{port}/query")
    assert not store.exists()  # the normal build went to the endpoint; nothing was built in bulk


def test_many_blocs_print_a_summary_and_the_rotation_command(
        synth_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tdkt.cli.commands.build, "SUMMARY_ABOVE", 24)  # the data has 25 blocs
    store = tmp_path / "my store"
    code, out, err = tdkt_run(capsys, "--store", str(store), "build", str(synth_dir), "--bulk")
    assert code == 0, err
    summary, hint, example = out.splitlines()
    quads = err.split("(")[1].split()[0]
    assert summary.startswith(f"60 documents, {quads} quads, 25 blocs, 63 named graphs; built in ")
    assert summary.endswith(" quads/s)")
    assert hint == f"The rotations of 25 blocs are not listed; one bloc's rotation: " \
                   f"tdkt --store '{store}' rotation BLOC, e.g."
    assert example == f"  tdkt --store '{store}' rotation 'Cụm thi đua các quận, huyện, thị xã số 1 (Hà Nội)'"
    # the command as printed shows that bloc's rotation
    code, out, err = tdkt_run(capsys, *shlex.split(example)[1:])
    assert code == 0, err
    assert out.startswith("Cụm thi đua các quận, huyện, thị xã số 1 (Hà Nội)\n  sequence:\n    2024  chair ")
    assert tdkt_run(capsys, "--store", str(store), "build", str(synth_dir), "--bulk", "-q")[1] == ""

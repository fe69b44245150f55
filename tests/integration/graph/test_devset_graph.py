"""The graph built from the dev set's real articles: it validates, and the rotation view shows the blocs' chairs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tdkt.cli.main import main
from tdkt.loaders.articles import extract_file
from tests.support.paths import SHARED

DEVSET = SHARED / "devset" / "articles"


def tdkt(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_devset_graph_validates_and_shows_chairs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not DEVSET.is_dir():
        pytest.skip(f"the dev set is not at {DEVSET}")
    chaired: set[str] = set()
    for path in sorted(DEVSET.glob("*.txt")):
        doc = extract_file(path)
        chaired |= {str(r.fields["bloc"]) for r in doc.of_type("role") if r.fields["role"] == "chair"}
    assert len(chaired) >= 10
    store = str(tmp_path / "store")
    code, _, err = tdkt(capsys, "--store", store, "build", "--articles", str(DEVSET))
    assert code == 0, err
    code, out, err = tdkt(capsys, "--store", store, "validate")
    assert code == 0, out + err
    assert "conforms" in out + err
    code, rotation, err = tdkt(capsys, "--store", store, "rotation")
    assert code == 0, err
    shown = {name for name in chaired if f"{name}" in rotation}
    assert shown == chaired
    assert rotation.count(" chair ") >= len(chaired)

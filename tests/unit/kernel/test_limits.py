"""Input bounds (kernel.limits), in process: alias bombs, deep nesting and oversized files are refused in one line."""

from __future__ import annotations

import json
import time
import tracemalloc
from pathlib import Path

import pytest

from tdkt.kernel.errors import RecordError
from tdkt.kernel.limits import InputLimits
from tdkt.loaders.structured import read_document


def alias_bomb(path: Path, levels: int = 9, width: int = 9) -> Path:
    """The billion-laughs shape: each anchor lists ``width`` uses of the one before (9 x 9: 9^9 leaves)."""
    lines = [f"a0: &a0 [{', '.join(['lol'] * width)}]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]" for i in range(1, levels + 1)]
    path.write_text("\n".join(lines) + "\nsource: {id: bomb}\nrecords: []\n", encoding="utf-8")
    return path


def test_yaml_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    bomb = alias_bomb(tmp_path / "bomb.yaml")
    tracemalloc.start()
    start = time.perf_counter()
    with pytest.raises(RecordError) as info:
        read_document(bomb)
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert seconds < 2.0
    assert peak < 400 * 2**20
    message = str(info.value)
    assert message.startswith(f"{bomb}: line 2: uses a YAML alias (*a0)")
    assert "TDKT_YAML_ALIASES" in message


def test_yaml_alias_budget_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "anchored.yaml"
    path.write_text("source: &s {id: anchored, province: Lai Châu}\nrecords: []\nnotes: [*s]\n", encoding="utf-8")
    with pytest.raises(RecordError, match="no aliases are allowed"):
        read_document(path)
    monkeypatch.setenv("TDKT_YAML_ALIASES", "1")
    with pytest.raises(RecordError, match="notes"):  # read now, and checked: a note must be text
        read_document(path)


def test_depth_and_size_limits_are_configurable(gold_dir: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    gold = sorted(gold_dir.glob("*.json"))[0]
    assert read_document(gold).records
    monkeypatch.setenv("TDKT_MAX_DEPTH", "2")
    with pytest.raises(RecordError, match="deeper than the limit of 2 levels"):
        read_document(gold)
    monkeypatch.delenv("TDKT_MAX_DEPTH")
    monkeypatch.setenv("TDKT_MAX_DOCUMENT_MB", "0.001")
    with pytest.raises(RecordError, match=r"bytes, over the limit of 1048 bytes \(TDKT_MAX_DOCUMENT_MB\)"):
        read_document(gold)
    monkeypatch.setenv("TDKT_MAX_DOCUMENT_MB", "lots")
    with pytest.raises(RecordError, match="TDKT_MAX_DOCUMENT_MB: 'lots' is not a non-negative number"):
        InputLimits.from_env()


def test_csv_folder_source_is_bounded_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "csv-doc"
    folder.mkdir()
    (folder / "source.yaml").write_text("id: &x csv-doc\ntitle: *x\n", encoding="utf-8")
    with pytest.raises(RecordError, match=r"source.yaml: line 2: uses a YAML alias"):
        read_document(folder)
    (folder / "source.yaml").unlink()
    (folder / "source.json").write_text(json.dumps({"id": "csv-doc", "title": [[[[[["x"]]]]]]}), encoding="utf-8")
    monkeypatch.setenv("TDKT_MAX_DEPTH", "3")
    with pytest.raises(RecordError, match=r"source\.json: is nested deeper than the limit of 3 levels"):
        read_document(folder)

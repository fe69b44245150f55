"""The README's command reference is generated from the CLI, and its check fails when the README is stale."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from tdkt.cli import reference
from tdkt.cli.main import cli
from tests.support.paths import REPO


def _check(readme: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tdkt.cli.reference", "--check", "--readme", str(readme)],
                          capture_output=True, text=True, timeout=120)


def test_the_readme_reference_is_current() -> None:
    result = _check(REPO / "README.md")
    assert result.returncode == 0, result.stderr


def test_every_command_and_option_is_in_the_reference() -> None:
    text = reference.render()
    for name, command in cli.commands.items():
        assert f"\ntdkt {name}" in text
        for param in command.params:
            if isinstance(param, click.Option) and not {"--store", "--help"} & set(param.opts):
                assert any(opt in text for opt in param.opts), (name, param.opts)
    assert "--bulk|--no-bulk" in text and "[-p KEY=VALUE ...]" in text and "-o DIR [--force]" in text


def test_a_stale_readme_fails_the_check_and_is_rewritten(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    shutil.copy(REPO / "README.md", readme)
    current = readme.read_text(encoding="utf-8")
    readme.write_text(current.replace("tdkt stats\n", "tdkt stats [--verbose]\n", 1), encoding="utf-8")
    result = _check(readme)
    assert result.returncode == 1
    assert result.stderr == (f"error: the command reference in {readme} is out of date: "
                             "run python -m tdkt.cli.reference\n")
    assert reference.main(["--readme", str(readme)]) == 0
    assert readme.read_text(encoding="utf-8") == current
    assert _check(readme).returncode == 0


def test_a_changed_option_changes_the_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reference follows the command's own parameters: an option added to a command shows up."""
    before = reference.render()
    stats = cli.commands["stats"]
    monkeypatch.setattr(stats, "params", [*stats.params, click.Option(["--top"], metavar="N")])
    after = reference.render()
    assert after != before and "tdkt stats [--top N]" in after


def test_a_readme_without_the_markers_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# TĐKT Graph\n", encoding="utf-8")
    assert reference.main(["--check", "--readme", str(readme)]) == 1
    assert "no command reference section" in capsys.readouterr().err
    assert readme.read_text(encoding="utf-8") == "# TĐKT Graph\n"

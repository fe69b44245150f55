"""The house stays readable: no module over 400 lines, no function over 60, unless a reason is written beside it.

The reason is a comment ``# long: <reason>``: on the ``def`` line for a function,
on a line of its own at the module's top level (column 0) for a module. The
sizes are measured on the packages' source with ``ast`` (a function from its
first decorator to its last line, nested functions counted in their parent too).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("kernel", "ontology", "loaders", "graph", "queries", "viz", "web", "cli")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
#: the written reason: at least a few words after "# long:"
MARKER = re.compile(r"#\s*long:\s*(?P<reason>\S.{9,})$")


def sources() -> list[Path]:
    found = [p for package in PACKAGES for p in sorted((REPO / package).rglob("*.py"))]
    return found + sorted((REPO / "tdkt").glob("*.py"))


def module_reason(lines: list[str]) -> str | None:
    """A module's own reason: a ``# long:`` comment at column 0."""
    for line in lines:
        m = MARKER.match(line) if line.startswith("#") else None
        if m:
            return m["reason"]
    return None


def oversized(path: Path, root: Path = REPO) -> list[str]:
    """The module itself and each function in it that is over the limit without a written reason."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    name = path.relative_to(root).as_posix()
    out = []
    if len(lines) > MAX_MODULE_LINES and module_reason(lines) is None:
        out.append(f"{name}: {len(lines)} lines (limit {MAX_MODULE_LINES}; split it, or write '# long: <reason>')")
    for node in ast.walk(ast.parse(text, filename=name)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        size = (node.end_lineno or node.lineno) - start + 1
        if size > MAX_FUNCTION_LINES and not MARKER.search(lines[node.lineno - 1]):
            out.append(f"{name}:{node.lineno} {node.name}: {size} lines (limit {MAX_FUNCTION_LINES}; split it, "
                       "or write '# long: <reason>' on its def line)")
    return out


def test_no_module_or_function_is_over_its_limit_without_a_reason() -> None:
    found = [problem for path in sources() for problem in oversized(path)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize(("source", "expected"), [
    ("def f():\n" + "    x = 1\n" * 60, ["f: 61 lines"]),
    ("def f():  # long: one table of sixty cases reads best whole\n" + "    x = 1\n" * 60, []),
    ("def f():  # long: short\n" + "    x = 1\n" * 60, ["f: 61 lines"]),  # a reason is more than a word
    ("@decorator\ndef f():\n" + "    x = 1\n" * 59, ["f: 61 lines"]),
    ("def f():\n" + "    x = 1\n" * 59, []),
    ("x = 1\n" * 401, ["401 lines"]),
    ("# long: generated from the ontology, one line per term\n" + "x = 1\n" * 401, []),
    ("def f():\n    # long: a comment inside the body is not beside the def\n" + "    x = 1\n" * 60, ["f: 62 lines"]),
])
def test_the_measure_counts_lines_and_reads_the_reason(tmp_path: Path, source: str, expected: list[str]) -> None:
    path = tmp_path / "m.py"
    path.write_text(source, encoding="utf-8")
    found = oversized(path, tmp_path)
    assert len(found) == len(expected)
    for problem, part in zip(found, expected, strict=True):
        assert part in problem

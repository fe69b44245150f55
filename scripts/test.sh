#!/usr/bin/env bash
# The test command: sets up everything the tests need on a fresh machine, then
# runs the linters and the test suite (tests/unit, then tests/integration). CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip "setuptools>=69" wheel
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'

echo "== browser for the view and web tests"
bash scripts/install-browser.sh
echo "== Virtuoso for the engine tests"
bash scripts/install-virtuoso.sh

echo "== ruff"
.venv/bin/ruff check .
echo "== mypy --strict"
.venv/bin/mypy
.venv/bin/mypy benchmarks  # the benchmark scripts, run by hand, so nothing else would check them
echo "== import layers"
.venv/bin/lint-imports
echo "== generated vocabulary"
.venv/bin/python -m tdkt.kernel.vocabgen --check
echo "== command reference in README.md"
.venv/bin/python -m tdkt.cli.reference --check
echo "== pytest"
# Two workers (pytest-xdist); each integration module stays on one worker (tests/conftest.py). TDKT_TEST_WORKERS=0
# runs in this process; arguments pick what to run: `bash scripts/test.sh tests/unit` is the fast tier.
exec .venv/bin/python -m pytest -n "${TDKT_TEST_WORKERS:-2}" --dist loadgroup "$@"

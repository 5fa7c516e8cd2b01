#!/usr/bin/env bash
# The test command for a new user and for CI: installs the Python checkers the tests
# cross-check against (rdflib) into .venv, then runs the whole Rust test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r tests/python/requirements.txt
export CPSU_KG_PYTHON="$PWD/.venv/bin/python"

cargo test --locked --no-fail-fast

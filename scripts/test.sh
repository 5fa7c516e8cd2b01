#!/usr/bin/env bash
# The test command for a new user and for CI. It installs what the tests drive:
# - headless Chromium and Graphviz from Debian's packages (with sudo when not root),
# - the Python checkers (rdflib, the Oxigraph CLI) into .venv,
# then runs the whole Rust test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null || ! command -v dot >/dev/null; then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends chromium graphviz fonts-dejavu-core >/dev/null
fi

python=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r tests/python/requirements.txt
export CPSU_KG_PYTHON="$PWD/.venv/bin/python"

cargo test --locked --no-fail-fast

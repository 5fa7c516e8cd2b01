#!/usr/bin/env bash
# Benchmarks cpsu-kg against the tools a user would otherwise run: the Oxigraph CLI and
# rdflib (installed here into bench/.venv). Everything runs from this one process group,
# contenders alternating run by run. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet --bin cpsu-kg --example load
if [[ ! -x bench/.venv/bin/python ]]; then
  python3 -m venv bench/.venv
fi
bench/.venv/bin/python -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
exec bench/.venv/bin/python bench/bench.py "$@"

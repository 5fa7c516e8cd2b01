#!/usr/bin/env bash
# Runs each fuzz target for SECONDS (default 600). The targets need cargo-fuzz
# (`cargo install cargo-fuzz`); RUSTC_BOOTSTRAP lets the stable toolchain build with the
# sanitizer flags cargo-fuzz passes. A crash is saved under fuzz/artifacts/<target>/;
# commit it as a regression fixture (see docs/fuzzing.md).
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
mkdir -p corpus/load_data corpus/query
# Seeds: the real data files, joined as the load_data target splits them, and the named queries.
python3 - <<'PY'
import pathlib
names = ["sources", "persons", "organizations", "offices", "tenures", "congresses", "events", "places"]
data = b"\xff".join((pathlib.Path("../data") / f"{n}.toml").read_bytes() for n in names)
pathlib.Path("corpus/load_data/real-data").write_bytes(data)
for query in pathlib.Path("../queries").rglob("*.rq"):
    pathlib.Path("corpus/query", query.stem).write_bytes(query.read_bytes())
PY
for target in load_data query; do
  RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$target" -- -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096
done

#!/usr/bin/env bash
# The test command for a new user and for CI. It installs what the tests drive:
# - headless Chromium, Graphviz, OpenSSL (for a test certificate), Virtuoso, the DejaVu fonts, Python's venv module,
#   Jena (libapache-jena-java, for the SHACL cross-check; with Java and Debian's xerces) from Debian's
#   packages (with sudo when not root), each only when it is missing,
# - the Python checkers (rdflib, pySHACL, SPARQLWrapper, PyLD, the Oxigraph CLI; pinned in
#   tests/python/requirements.txt) into .venv,
# then runs the whole Rust test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v virtuoso-t >/dev/null || missing+=(virtuoso-opensource)
command -v dot >/dev/null || missing+=(graphviz)
command -v openssl >/dev/null || missing+=(openssl)
[[ -d /usr/share/fonts/truetype/dejavu ]] || missing+=(fonts-dejavu-core)
command -v "$python" >/dev/null || missing+=(python3)
"$python" -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
command -v java >/dev/null || missing+=(default-jre-headless)
[[ -e /usr/share/java/jena-shacl.jar ]] || missing+=(libapache-jena-java)
[[ -e /usr/share/java/xercesImpl.jar ]] || missing+=(libxerces2-java)
if ((${#missing[@]})); then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ ! -x .venv/bin/python ]]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r tests/python/requirements.txt
export CPSU_KG_PYTHON="$PWD/.venv/bin/python"
# Debian's Jena does not start from all of /usr/share/java; see the script.
CPSU_KG_JENA_CLASSPATH="$(scripts/jena-classpath.sh)"
export CPSU_KG_JENA_CLASSPATH

cargo test --locked --no-fail-fast

#!/usr/bin/env bash
# The Python demo (called by scripts/demo): install the package into a venv
# (build-python/venv, not committed) and run examples/python.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
VENV="$ROOT/build-python/venv"
export PIP_DISABLE_PIP_VERSION_CHECK=1
[ -x "$VENV/bin/python" ] || "${PYTHON:-python3}" -m venv "$VENV"
echo "== installing nbtls into $VENV (pip install .)"
"$VENV/bin/pip" install -q .
for ex in examples/python/*.py; do
    echo "== $ex"
    "$VENV/bin/python" "$ex"
done

#!/usr/bin/env bash
# The Python suite (called by scripts/test): builds and installs the nbtls
# package into a venv (build-python/venv, not committed), runs mypy --strict,
# checks that `pip wheel .` gives a wheel that works in a fresh venv without
# the source tree and that `pip install -e .` works, then runs pytest (whose
# summary line ends the output).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
PY=${PYTHON:-python3}
VENV="$ROOT/build-python/venv"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
export PIP_DISABLE_PIP_VERSION_CHECK=1
export MYPY_CACHE_DIR="$ROOT/build-python/.mypy_cache"

echo "== python: venv $VENV"
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/pip" install -q pytest cryptography mypy build
echo "== python: pip install . (scikit-build-core + CMake + cffi)"
"$VENV/bin/pip" install -q --force-reinstall --no-deps .
"$VENV/bin/pip" install -q .   # dependencies (cffi)

echo "== python: mypy --strict"
(cd bindings/python && "$VENV/bin/mypy" --strict nbtls tests ffi_build.py)
"$VENV/bin/mypy" --strict examples/python bench/python

echo "== python: pip wheel . -> fresh venv, outside the source tree"
"$VENV/bin/pip" wheel -q --no-deps -w "$TMP/wheels" .
"$PY" -m venv "$TMP/fresh"
cat >"$TMP/smoke.py" <<'PYEOF'
import asyncio, hashlib, sys
import nbtls
root = sys.argv[1]
assert not nbtls.__file__.startswith(root), nbtls.__file__
key = nbtls.P256PrivateKey.generate().run()
digest = hashlib.sha256(b"wheel").digest()
sig = key.sign(digest).run()
key.public_key().verify(digest, sig).run()
async def main() -> bytes:
    return await key.sign(digest)
key.public_key().verify(digest, asyncio.run(main())).run()
try:
    key.public_key().verify(digest, sig[:-1] + bytes([sig[-1] ^ 1])).run()
    raise SystemExit("a bad signature verified")
except nbtls.InvalidSignature:
    pass
print(f"{sys.argv[2]} ok: nbtls {nbtls.__version__} from {nbtls.__file__}")
PYEOF
"$TMP/fresh/bin/pip" install -q "$TMP/wheels"/nbtls-*.whl
(cd "$TMP" && "$TMP/fresh/bin/python" smoke.py "$ROOT" wheel)

echo "== python: sdist -> wheel -> the same fresh venv"
"$VENV/bin/python" -m build -q --sdist -o "$TMP/sdist" . >/dev/null
"$TMP/fresh/bin/pip" install -q --force-reinstall --no-deps "$TMP/sdist"/nbtls-*.tar.gz
(cd "$TMP" && "$TMP/fresh/bin/python" smoke.py "$ROOT" sdist)

echo "== python: pip install -e . (editable) in another venv"
"$PY" -m venv "$TMP/edit"
"$TMP/edit/bin/pip" install -q -e .
(cd "$TMP" && "$TMP/edit/bin/python" - "$ROOT" <<'PYEOF'
import sys
import nbtls
assert nbtls.__file__.startswith(sys.argv[1] + "/bindings/python/nbtls/"), nbtls.__file__
k = nbtls.P256PrivateKey.generate().run()
k.public_key().verify(b"e" * 32, k.sign(b"e" * 32).run()).run()
print(f"editable ok: {nbtls.__file__}")
PYEOF
)

echo "== python: pytest"
cd "$ROOT"
"$VENV/bin/python" -m pytest -p no:cacheprovider --rootdir "$ROOT" -c "$ROOT/pyproject.toml" bindings/python/tests

#!/usr/bin/env bash
# The Python suite (called by scripts/test): builds the nbtls wheel
# (`pip wheel .`) and installs it into a venv (build-python/venv, not
# committed), runs mypy --strict, checks that the wheel works in a fresh venv
# without the source tree, that the sdist builds a working wheel and that
# `pip install -e .` works, then runs pytest (whose summary line ends the
# output).
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
echo "== python: pip wheel . (scikit-build-core + CMake + cffi) -> the test venv"
# The core is compiled once here for the wheel; the test venv gets that wheel
# (not a second `pip install .` build).
"$VENV/bin/pip" wheel -q --no-deps -w "$TMP/wheels" .
"$VENV/bin/pip" install -q --force-reinstall --no-deps "$TMP/wheels"/nbtls-*.whl
"$VENV/bin/pip" install -q "$TMP/wheels"/nbtls-*.whl   # dependencies (cffi)

echo "== python: mypy --strict"
(cd bindings/python && "$VENV/bin/mypy" --strict nbtls tests ffi_build.py)
"$VENV/bin/mypy" --strict examples/python bench/python

echo "== python: the wheel in a fresh venv, outside the source tree"
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
# scripts/test passes the C suite's build (NBTLS_C_BUILD): the editable
# build links its libnbtls.a instead of compiling the core a third time.
edit_cfg=()
if [ -n "${NBTLS_C_BUILD:-}" ] && [ -f "$NBTLS_C_BUILD/libnbtls.a" ]; then
    edit_cfg=(--config-settings="cmake.define.NBTLS_CORE_LIBRARY=$NBTLS_C_BUILD/libnbtls.a")
    echo "(core: $NBTLS_C_BUILD/libnbtls.a)"
fi
"$PY" -m venv "$TMP/edit"
"$TMP/edit/bin/pip" install -q -e . "${edit_cfg[@]}"
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
# With NBTLS_REQUIRE_PEERS=1 (scripts/test on CI, where every peer and the
# source tree are there) a skipped test fails the suite: -rs lists why.
set +e
"$VENV/bin/python" -m pytest -p no:cacheprovider -rs --rootdir "$ROOT" -c "$ROOT/pyproject.toml" \
    bindings/python/tests 2>&1 | tee "$TMP/pytest.log"
rc=${PIPESTATUS[0]}
set -e
if [ "${NBTLS_REQUIRE_PEERS:-0}" = 1 ] && grep -qE '^SKIPPED|[0-9]+ skipped' "$TMP/pytest.log"; then
    echo "python: tests skipped with NBTLS_REQUIRE_PEERS=1 (see SKIPPED above): FAILED" >&2
    exit 1
fi
exit "$rc"

#!/usr/bin/env bash
# The Lua binding's tests (called by scripts/test):
#   1. SWIG drift: the committed nbtls_wrap.c is what SWIG makes of nbtls.i
#      and include/nbtls/ (fails on any difference);
#   2. build + install with luarocks for Lua 5.4 and for LuaJIT 2.1, into
#      build-lua/5.4 and build-lua/luajit (git-ignored);
#   3. the test suite (tests/run.lua) on both interpreters.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

echo "== SWIG drift check"
bash "$here/regen.sh" --check

bash "$here/build.sh" 5.4 luajit

status=0
for t in 5.4 luajit; do
    # shellcheck source=/dev/null
    . "$here/env.sh" "$t"
    echo "== tests on $NBTLS_LUA"
    if ! "$NBTLS_LUA" "$here/tests/run.lua" "$root"; then
        echo "!! Lua tests failed on $NBTLS_LUA" >&2
        status=1
    fi
done
exit $status

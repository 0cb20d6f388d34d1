#!/usr/bin/env bash
# The Lua demo (called by scripts/demo): builds the rock, then runs
# examples/lua/gateway.lua -- a cqueues loop where a heartbeat keeps its
# rhythm while a loopback signing server answers clients -- on Lua 5.4, and
# on LuaJIT too when cqueues loads there; and examples/lua/sign_file.lua
# (TLS 1.3 schemes over a 1 MiB message, P-256 and P-384) on both.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
ran=0
for t in 5.4 luajit; do
    # shellcheck source=/dev/null
    . "$here/env.sh" "$t"
    command -v "$NBTLS_LUA" >/dev/null 2>&1 || continue
    bash "$here/build.sh" "$t" # luarocks make: cheap, and never a stale module
    echo "== examples/lua/sign_file.lua on $NBTLS_LUA"
    "$NBTLS_LUA" examples/lua/sign_file.lua
    if ! "$NBTLS_LUA" -e 'require("cqueues")' >/dev/null 2>&1; then
        echo "(no cqueues for $NBTLS_LUA: gateway.lua skipped)"
        continue
    fi
    echo "== examples/lua/gateway.lua on $NBTLS_LUA"
    "$NBTLS_LUA" examples/lua/gateway.lua "$@"
    ran=$((ran + 1))
done
[ "$ran" -gt 0 ] || { echo "no Lua with cqueues found (apt-get install lua-cqueues)" >&2; exit 1; }

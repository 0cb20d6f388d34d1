#!/usr/bin/env bash
# Build and install the Lua binding with luarocks into local trees:
#   build-lua/5.4     for Lua 5.4   (luarocks make run from bindings/lua)
#   build-lua/luajit  for LuaJIT 2.1 (luarocks make run from the repo root,
#                     so both ways of calling the rockspec stay tested)
# Usage: bindings/lua/build.sh [5.4] [luajit]   (default: both)
# Prints nothing but errors unless VERBOSE=1.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rockspec=bindings/lua/nbtls-scm-1.rockspec
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(5.4 luajit)
quiet() { if [ "${VERBOSE:-0}" = 1 ]; then "$@"; else
    local log; log=$(mktemp); if ! "$@" >"$log" 2>&1; then cat "$log" >&2; rm -f "$log"; return 1; fi; rm -f "$log"; fi; }
for t in "${targets[@]}"; do
    case "$t" in
    5.4)
        echo "== luarocks make (Lua 5.4) -> build-lua/5.4"
        (cd "$root/bindings/lua" &&
            quiet luarocks --lua-version=5.4 --tree "$root/build-lua/5.4" make nbtls-scm-1.rockspec)
        ;;
    luajit)
        inc=$(pkg-config --variable=includedir luajit 2>/dev/null || true)
        [ -n "$inc" ] && [ -f "$inc/lua.h" ] || inc=/usr/include/luajit-2.1
        echo "== luarocks make (LuaJIT, Lua 5.1 API, $inc) -> build-lua/luajit"
        (cd "$root" &&
            quiet luarocks --lua-version=5.1 --lua-dir=/usr --tree "$root/build-lua/luajit" \
                make "$rockspec" LUA_INCDIR="$inc")
        ;;
    *) echo "unknown target $t (5.4 or luajit)" >&2; exit 2 ;;
    esac
done

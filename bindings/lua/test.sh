#!/usr/bin/env bash
# The Lua binding's tests (called by scripts/test):
#   1. SWIG drift: the committed nbtls_wrap.c is what SWIG makes of nbtls.i
#      and include/nbtls/ (fails on any difference); the wrapper compiles
#      warning-free (-Wall -Wextra -Werror) with gcc and clang against the
#      Lua 5.4 and the LuaJIT headers;
#   2. build + install with luarocks for Lua 5.4 and for LuaJIT 2.1, into
#      build-lua/5.4 and build-lua/luajit (git-ignored);
#   3. the test suite (tests/run.lua) on both interpreters;
#   4. the same suite on both against an ASan+UBSan build of the module,
#      the sanitizer runtimes preloaded into the interpreter (not into the
#      openssl/python3 children); the leak checker catches C objects that a
#      collected handle failed to free.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

echo "== SWIG drift check"
bash "$here/regen.sh" --check

echo "== typemap coverage"
# Every parameter of the public API must be mapped to a Lua type: a byte
# pointer, length pointer or out-param that reached SWIG's generic pointer
# conversion means a new (pointer, length) name missing from nbtls.i.
bad=$(awk '/^static int _wrap_/ { fn = $3; sub(/\(.*/, "", fn) }
    /SWIG_ConvertPtr\(L,[0-9]+,\(void\*\*\)&arg[0-9]+,SWIGTYPE_p_/ {
        t = $0; sub(/.*SWIGTYPE_p_/, "", t); sub(/[^A-Za-z0-9_].*/, "", t)
        if (t != "nbtls_op" && t != "nbtls_key" && t != "nbtls_hash_ctx" && t != "nbtls_aead" &&
            t != "nbtls_x509" && t != "nbtls_trust")
            print "  " fn ": " t
    }' "$here/nbtls_wrap.c" | sort -u)
if [ -n "$bad" ]; then
    echo "unmapped parameters in nbtls_wrap.c (add their names to nbtls.i):" >&2
    echo "$bad" >&2
    exit 1
fi

echo "== wrapper warnings (gcc, clang x Lua 5.4, LuaJIT headers)"
jit_inc=$(pkg-config --variable=includedir luajit 2>/dev/null || true)
[ -n "$jit_inc" ] && [ -f "$jit_inc/lua.h" ] || jit_inc=/usr/include/luajit-2.1
for cc in gcc clang; do
    command -v "$cc" >/dev/null 2>&1 || continue
    for inc in /usr/include/lua5.4 "$jit_inc"; do
        "$cc" -std=c11 -Wall -Wextra -Werror -fsyntax-only -I"$root/include" -I"$inc" \
            "$here/nbtls_wrap.c"
    done
done

bash "$here/build.sh" 5.4 luajit

# With NBTLS_REQUIRE_PEERS=1 (scripts/test on CI, where the openssl command
# and python3 `cryptography` are installed), a skipped test fails the run
# unless its reason is one of these, which no installed peer can change
# (the interpreter's own limits, a sanitized build, a module built without a
# feature). A new skip reason fails on CI until it is listed here.
allowed_skips='PUC Lua 5\.1 cannot|cqueues not available for Lua 5\.1|sanitized build|cannot load the sanitized module|no /proc/self/statm|this nbtls\.core has no'
check_skips() { # check_skips LOG
    [ "${NBTLS_REQUIRE_PEERS:-0}" = 1 ] || return 0
    local bad
    bad=$(grep -E '^skip - ' "$1" | grep -Ev "$allowed_skips" || true)
    if [ -n "$bad" ]; then
        echo "!! skipped with NBTLS_REQUIRE_PEERS=1 (a peer is missing):" >&2
        echo "$bad" >&2
        return 1
    fi
}
lua_log=$(mktemp)
trap 'rm -f "$lua_log"' EXIT

status=0
for t in 5.4 luajit; do
    # shellcheck source=/dev/null
    . "$here/env.sh" "$t"
    echo "== tests on $NBTLS_LUA"
    if ! "$NBTLS_LUA" "$here/tests/run.lua" "$root" | tee "$lua_log"; then
        echo "!! Lua tests failed on $NBTLS_LUA" >&2
        status=1
    fi
    check_skips "$lua_log" || status=1
done

asan=$(gcc -print-file-name=libasan.so)
ubsan=$(gcc -print-file-name=libubsan.so)
if [ -f "$asan" ] && [ -f "$ubsan" ]; then
    for t in 5.4 luajit; do
        . "$here/env.sh" "$t"
        inc=/usr/include/lua5.4
        [ "$t" = luajit ] && inc=$jit_inc
        b="$root/build-lua/asan-$t"
        echo "== ASan+UBSan module on $NBTLS_LUA"
        # The sanitized core is compiled once (for 5.4, with its static
        # library) and linked into the LuaJIT module too.
        core=()
        [ "$t" = luajit ] && core=(-DNBTLS_CORE_LIBRARY="$root/build-lua/asan-5.4/nbtls/libnbtls.a")
        cmake -S "$here" -B "$b" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DLUA_INCDIR="$inc" \
            -DCMAKE_C_COMPILER=gcc -DNBTLS_WERROR=ON "${core[@]}" \
            -DCMAKE_C_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
            -DNBTLS_LUA_LIBDIR="$b/inst/lib" -DNBTLS_LUA_LUADIR="$b/inst/lua" >/dev/null
        targets=(nbtls_lua_core)
        [ "$t" = 5.4 ] && targets+=(nbtls_static)
        cmake --build "$b" --target "${targets[@]}" >/dev/null
        cmake --install "$b" --component lua >/dev/null
        if ! LUA_PATH="$b/inst/lua/?.lua;;" LUA_CPATH="$b/inst/lib/?.so;;" \
            LD_PRELOAD="$asan:$ubsan" ASAN_OPTIONS=detect_leaks=1 NBTLS_LUA_SANITIZED=1 \
            "$NBTLS_LUA" "$here/tests/run.lua" "$root" | tee "$lua_log" | grep -v '^ok '; then
            echo "!! sanitized Lua tests failed on $NBTLS_LUA" >&2
            status=1
        fi
        check_skips "$lua_log" || status=1
    done
else
    echo "(no libasan/libubsan for gcc: sanitized run skipped)"
fi
exit $status

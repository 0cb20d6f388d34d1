#!/usr/bin/env bash
# Regenerate the committed SWIG wrapper bindings/lua/nbtls_wrap.c from
# nbtls.i and include/nbtls/. With --check, regenerate into a temporary file
# and fail if it differs from the committed one (run by test.sh).
# NBTLS_INCLUDE=DIR takes the headers from DIR instead of include/ (e.g. a
# `git archive HEAD include` export, to generate from committed headers only
# while others edit the working tree).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="$here/nbtls_wrap.c"
gen() { # gen OUTFILE
    (cd "$here" && swig -lua -nomoduleglobal -I"${NBTLS_INCLUDE:-$root/include}" -o "$1" nbtls.i)
}
if [ "${1:-}" = --check ]; then
    want=$(sed -n 's/^ \* Version \([0-9.]*\)$/\1/p' "$out" | head -1)
    have=$(swig -version | sed -n 's/^SWIG Version \([0-9.]*\).*/\1/p')
    if [ "$want" != "$have" ]; then
        echo "swig drift check: nbtls_wrap.c was made by SWIG $want, this is SWIG $have:" \
            "the outputs cannot be compared" >&2
        if [ "${NBTLS_SKIP_SWIG_DRIFT:-0}" = 1 ]; then
            echo "swig drift check SKIPPED (NBTLS_SKIP_SWIG_DRIFT=1)" >&2
            exit 0
        fi
        echo "install SWIG $want, or set NBTLS_SKIP_SWIG_DRIFT=1 to skip this check" >&2
        exit 1
    fi
    tmp=$(mktemp /tmp/nbtls_wrap.XXXXXX.c)
    trap 'rm -f "$tmp"' EXIT
    gen "$tmp"
    if ! diff -u "$out" "$tmp" >/dev/null; then
        diff -u "$out" "$tmp" | head -40 >&2 || true
        echo "swig drift: bindings/lua/nbtls_wrap.c is not what $(swig -version | grep -i version) makes of nbtls.i + include/nbtls; run bindings/lua/regen.sh and commit" >&2
        exit 1
    fi
    echo "swig drift check: nbtls_wrap.c is current"
else
    gen "$out"
    echo "wrote $out"
fi

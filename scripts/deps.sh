#!/usr/bin/env bash
# Install what the demo and the tests need, on a fresh Debian machine.
# Idempotent and quiet when everything is already there. Needs root (or sudo)
# for apt-get; Rust is expected from rustup (checked, not installed here).
set -euo pipefail

need_pkgs=()
want() { # want COMMAND-or-FILE DEBIAN-PACKAGE
    case "$1" in
    /*) [ -e "$1" ] || need_pkgs+=("$2") ;;
    *) command -v "$1" >/dev/null 2>&1 || need_pkgs+=("$2") ;;
    esac
}
want cmake cmake
want ninja ninja-build
want gcc gcc
want clang clang
want clang-format clang-format
want valgrind valgrind
want openssl openssl
want pkg-config pkg-config
want /usr/include/openssl/evp.h libssl-dev
want /usr/include/valgrind/memcheck.h valgrind
# libFuzzer and the sanitizer runtimes for clang
want /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a libclang-rt-14-dev
# Rust bindings: bindgen needs libclang
want /usr/lib/llvm-14/lib/libclang.so libclang-dev
# scripts/test-c.sh cross builds: a real 32-bit target (i686) and a big-endian
# one (s390x, its tests under qemu-user). Debian's cross compilers, not
# gcc-multilib (gcc -m32), which conflicts with them.
want i686-linux-gnu-gcc gcc-i686-linux-gnu
want s390x-linux-gnu-gcc gcc-s390x-linux-gnu
want qemu-s390x qemu-user
want qemu-i386 qemu-user
# Lua bindings
want swig swig
want lua5.4 lua5.4
want /usr/include/lua5.4/lua.h liblua5.4-dev
want luajit luajit
want /usr/include/luajit-2.1/lua.h libluajit-5.1-dev
want luarocks luarocks
want make make # luarocks make runs CMake with its default (Makefile) generator
want /usr/lib/x86_64-linux-gnu/lua/5.4/_cqueues.so lua-cqueues
# the Lua AEAD differential test asks Python `cryptography` (any python3 that has it)
want /usr/lib/python3/dist-packages/cryptography/__init__.py python3-cryptography
want python3 python3
# TLS interop peers (tests/interop): GnuTLS's gnutls-serv/gnutls-cli. Go is
# expected at /usr/local/go/bin (checked below, not installed); rustls comes
# from crates.io and tlslite-ng from PyPI into a venv, both by the harness.
want gnutls-cli gnutls-bin
# Python headers for the CFFI build: ask the interpreter where they live.
if ! python3 -c 'import os,sysconfig,sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"],"Python.h")))' 2>/dev/null; then
    need_pkgs+=(python3-dev python3-venv)
fi
# bindings/python/test.sh and demo.sh make venvs: Debian's python3 needs python3-venv.
python3 -c 'import ensurepip' 2>/dev/null || need_pkgs+=(python3-venv)

if [ "$(uname -m)" != x86_64 ]; then
    # Paths above are the x86-64 Debian ones; elsewhere rely on commands.
    need_pkgs=($(printf '%s\n' "${need_pkgs[@]}" | grep -v -e libclang-rt -e lua-cqueues || true))
fi

if [ ${#need_pkgs[@]} -gt 0 ]; then
    # de-duplicate
    mapfile -t need_pkgs < <(printf '%s\n' "${need_pkgs[@]}" | sort -u)
    echo "deps: installing ${need_pkgs[*]}"
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
    [ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
fi
command -v cargo >/dev/null 2>&1 || echo "deps: warning: no cargo (install Rust with rustup)" >&2
command -v go >/dev/null 2>&1 || [ -x /usr/local/go/bin/go ] ||
    echo "deps: warning: no go (tests/interop's Go peer needs it; /usr/local/go/bin is searched)" >&2
exit 0

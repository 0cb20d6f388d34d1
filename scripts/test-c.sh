#!/usr/bin/env bash
# The C core's tests: -Werror builds with gcc and clang, a real 32-bit build
# (i686 cross compiler), a big-endian build (s390x cross compiler, tests
# under qemu-user), an ASan+UBSan build, the valgrind constant-time build,
# and a ThreadSanitizer build of the thread tests.
# Each build runs its ctest suite.
#
# NBTLS_REQUIRE_PEERS=1 (scripts/test sets it when CI=true; CI installs every
# peer): a test that skips (exit 77: python3 `cryptography`, the openssl
# command missing) fails the run instead of passing silently.
# The last line is "c: N passed, N failed" over every build's ctest run.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}
REQUIRE_PEERS=${NBTLS_REQUIRE_PEERS:-0}
LOGDIR=$(mktemp -d "${TMPDIR:-/tmp}/nbtls-c.XXXXXX")
trap 'rm -rf "$LOGDIR"' EXIT
total_passed=0
total_failed=0

run_build() { # run_build DIR CC [cmake args...] [-- ctest args...]
    local dir=$1 cc=$2
    shift 2
    local cmake_args=() ctest_args=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do cmake_args+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    ctest_args=("$@")
    echo "== C build: $dir ($cc ${cmake_args[*]})"
    local peers=()
    [ "$REQUIRE_PEERS" = 1 ] && peers=(-DNBTLS_REQUIRE_PEERS=ON)
    CC=$cc cmake -S . -B "$dir" -G Ninja -DNBTLS_WERROR=ON "${peers[@]}" \
        "${cmake_args[@]}" >/dev/null
    cmake --build "$dir" -j "$JOBS"
    local log="$LOGDIR/$(basename "$dir").log" rc=0
    ctest --test-dir "$dir" -j "$JOBS" --output-on-failure "${ctest_args[@]}" \
        2>&1 | tee "$log" || rc=1
    local p f
    p=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\2 \1/p' "$log" |
        awk '{ print $1 - $2 }')
    f=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of.*/\1/p' "$log")
    total_passed=$((total_passed + ${p:-0}))
    total_failed=$((total_failed + ${f:-1}))
    if [ "$REQUIRE_PEERS" = 1 ] && grep -qE '\*\*\*Skipped|\(Skipped\)|\*\*\*Not Run' "$log"; then
        echo "!! $dir: tests skipped with NBTLS_REQUIRE_PEERS=1 (a peer is missing):" >&2
        grep -E '\*\*\*Skipped|\(Skipped\)|\*\*\*Not Run' "$log" >&2
        total_failed=$((total_failed + 1))
        rc=1
    fi
    if [ "$rc" != 0 ]; then
        echo "c: $total_passed passed, $total_failed failed"
        exit 1
    fi
}

# Cross builds: the test programs (linked statically) run natively where the
# kernel can (i386 on x86-64), else under qemu-user.
emulator_for() { # emulator_for ARCH QEMU: prints -DCMAKE_CROSSCOMPILING_EMULATOR=... or nothing
    local probe="$LOGDIR/probe-$1"
    printf 'int main(void) { return 0; }\n' >"$probe.c"
    "$1-linux-gnu-gcc" -static -o "$probe" "$probe.c"
    if ! "$probe" 2>/dev/null; then
        echo "-DCMAKE_CROSSCOMPILING_EMULATOR=$(command -v "$2")"
    fi
}
# Excluded in cross runs, where the host's python3 cannot load or start
# the target's programs:
#   test_p256_cryptography, test_p384_cryptography: ctypes loads libnbtls.so
#     (a target ELF) into the host's python3;
#   p384_arith, test_sym_diff, x509_differential, test_x509_cli,
#     test_tls_cli_client: a host script (python3, sh) starts a target
#     program itself (not through the emulator; they run where the kernel
#     runs the target, e.g. i386 on x86-64). The X.509 and TLS logic they
#     drive runs under the emulator in test_x509_parse, test_x509_chain and
#     test_tls_client.
# Every other test runs, including those that start the host's openssl and
# python3 from the target program (popen works under qemu-user).
CROSS_EXCLUDE='^(test_p256_cryptography|test_p384_cryptography)$'
CROSS_EXCLUDE_EMULATED='^(test_p256_cryptography|test_p384_cryptography|p384_arith|test_sym_diff|x509_differential|test_x509_cli|test_tls_cli_client)$'

# clang-format is the style: fail on any drift.
if command -v clang-format >/dev/null 2>&1; then
    files=$(git ls-files 'core/*.c' 'core/*.h' 'include/*.h' 2>/dev/null || true)
    if [ -n "$files" ]; then
        echo "== clang-format check"
        clang-format --dry-run --Werror $files
    fi
fi

run_build build gcc -DCMAKE_BUILD_TYPE=RelWithDebInfo

# TLS interop, CI set (tests/interop/README.md): the real `nbtls client`
# against every server peer (openssl, gnutls, go, rustls, tlslite-ng,
# Python ssl) on loopback. The harness builds the rustls peer and the
# tlslite-ng venv itself on first use (cold: about a minute more). A peer
# that cannot be found or built fails the run with NBTLS_REQUIRE_PEERS=1,
# and is a skip otherwise.
if [ -x build/apps/nbtls/nbtls ]; then
    echo "== TLS interop: nbtls client x server peers (CI set)"
    missing=(--allow-missing)
    [ "$REQUIRE_PEERS" = 1 ] && missing=()
    log="$LOGDIR/interop.log" rc=0
    python3 tests/interop/run_matrix.py --ci --nbtls build/apps/nbtls/nbtls \
        --clients nbtls --servers openssl,gnutls,go,rustls,tlslite,python \
        "${missing[@]}" 2>&1 | tee "$log" || rc=1
    p=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' "$log")
    f=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' "$log")
    total_passed=$((total_passed + ${p:-0}))
    total_failed=$((total_failed + ${f:-1}))
    if [ "$rc" != 0 ]; then
        echo "c: $total_passed passed, $total_failed failed"
        exit 1
    fi
elif [ "$REQUIRE_PEERS" = 1 ]; then
    echo "!! TLS interop: no build/apps/nbtls/nbtls (NBTLS_REQUIRE_PEERS=1)" >&2
    echo "c: $total_passed passed, $((total_failed + 1)) failed"
    exit 1
fi
run_build build-clang clang -DCMAKE_BUILD_TYPE=RelWithDebInfo
# A real 32-bit target (4-byte size_t and pointers, no 64x64->128 product,
# so the 32-bit limb arithmetic), with NBTLS_SMALL; scripts/deps.sh installs
# gcc-i686-linux-gnu. (gcc -m32 would need gcc-multilib, which Debian cannot
# install next to the s390x cross compiler.)
emu=$(emulator_for i686 qemu-i386)
excl=$CROSS_EXCLUDE
[ -n "$emu" ] && excl=$CROSS_EXCLUDE_EMULATED
run_build build-32 i686-linux-gnu-gcc --toolchain cmake/toolchains/i686-linux-gnu.cmake \
    ${emu:+"$emu"} -DNBTLS_SMALL=ON -DNBTLS_BUILD_BENCH=OFF -DNBTLS_BUILD_EXAMPLES=OFF \
    -DNBTLS_FORCE_GETRANDOM_SYSCALL=ON -- -E "$excl"
# Big-endian 64-bit (s390x), tests under qemu-s390x (qemu-user).
emu=$(emulator_for s390x qemu-s390x)
run_build build-s390x s390x-linux-gnu-gcc --toolchain cmake/toolchains/s390x-linux-gnu.cmake \
    ${emu:+"$emu"} -DNBTLS_BUILD_BENCH=OFF -DNBTLS_BUILD_EXAMPLES=OFF \
    -- -E "$CROSS_EXCLUDE_EMULATED"
run_build build-asan clang -DCMAKE_BUILD_TYPE=Debug \
    -DNBTLS_SANITIZE=address,undefined -DNBTLS_BUILD_BENCH=OFF
run_build build-ct gcc -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNBTLS_CTGRIND=ON \
    -DNBTLS_BUILD_BENCH=OFF -DNBTLS_BUILD_EXAMPLES=OFF

# ThreadSanitizer: only the tests that share keys between threads (built
# alone, a few seconds).
echo "== C build: build-tsan (clang, thread tests only)"
CC=clang cmake -S . -B build-tsan -G Ninja -DNBTLS_WERROR=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNBTLS_SANITIZE=thread \
    -DNBTLS_BUILD_BENCH=OFF -DNBTLS_BUILD_EXAMPLES=OFF >/dev/null
cmake --build build-tsan -j "$JOBS" --target test_threads test_p256_threads
ctest --test-dir build-tsan -R 'threads$' --output-on-failure

# Real fuzzing runs (libFuzzer, clang) of every tests/fuzz target, only when
# FUZZ_SECONDS (per target) is set: the default run keeps the corpus replay
# ctests above (every build) and leaves long fuzzing out. Needs clang with
# libFuzzer (libclang-rt-14-dev, installed by scripts/deps.sh). A crash
# fails the run.
FUZZ_SECONDS=${FUZZ_SECONDS:-0}
if [ "$FUZZ_SECONDS" != 0 ] && command -v clang >/dev/null 2>&1; then
    echo "== libFuzzer runs (${FUZZ_SECONDS}s per target)"
    CC=clang cmake -S . -B build-fuzz -G Ninja -DNBTLS_FUZZ=ON \
        -DNBTLS_BUILD_BENCH=OFF -DNBTLS_BUILD_EXAMPLES=OFF >/dev/null
    fuzz_targets=()
    for f in tests/fuzz/fuzz_*.c; do
        t=$(basename "$f" .c)
        [ "$t" = fuzz_replay_main ] || fuzz_targets+=("$t")
    done
    if grep -q '^NBTLS_HAVE_LIBFUZZER:INTERNAL=1' build-fuzz/CMakeCache.txt; then
        cmake --build build-fuzz -j "$JOBS" --target "${fuzz_targets[@]}"
        for t in "${fuzz_targets[@]}"; do
            mkdir -p "build-fuzz/corpus/$t"
            seeds=()
            [ -d "tests/fuzz/corpus/$t" ] && seeds=("tests/fuzz/corpus/$t")
            echo "-- $t"
            "build-fuzz/tests/fuzz/$t" -max_total_time="$FUZZ_SECONDS" \
                "build-fuzz/corpus/$t" "${seeds[@]}" 2>&1 | tail -n 2
        done
    else
        echo "libFuzzer not available to clang: fuzzing runs skipped"
    fi
fi

echo "c: $total_passed passed, $total_failed failed"

#!/usr/bin/env bash
# The C core's tests: -Werror builds with gcc and clang, the forced 32-bit
# limb build, an ASan+UBSan build, the valgrind constant-time build, and a
# ThreadSanitizer build of the thread tests.
# Each build runs its ctest suite.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}

run_build() { # run_build DIR CC [cmake args...]
    local dir=$1 cc=$2
    shift 2
    echo "== C build: $dir ($cc $*)"
    CC=$cc cmake -S . -B "$dir" -G Ninja -DNBTLS_WERROR=ON "$@" >/dev/null
    cmake --build "$dir" -j "$JOBS"
    ctest --test-dir "$dir" -j "$JOBS" --output-on-failure
}

# clang-format is the style: fail on any drift.
if command -v clang-format >/dev/null 2>&1; then
    files=$(git ls-files 'core/*.c' 'core/*.h' 'include/*.h' 2>/dev/null || true)
    if [ -n "$files" ]; then
        echo "== clang-format check"
        clang-format --dry-run --Werror $files
    fi
fi

run_build build gcc -DCMAKE_BUILD_TYPE=RelWithDebInfo
run_build build-clang clang -DCMAKE_BUILD_TYPE=RelWithDebInfo
run_build build-32 gcc -DNBTLS_FORCE_32BIT=ON -DNBTLS_SMALL=ON -DNBTLS_BUILD_BENCH=OFF
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

# Short real fuzzing runs (libFuzzer, clang) of every tests/fuzz target,
# after the replay drivers above have run in each build. FUZZ_SECONDS per
# target (default 20; 0 skips). Skipped when clang cannot link libFuzzer
# (libclang-rt-14-dev, installed by scripts/deps.sh). A crash fails the run.
FUZZ_SECONDS=${FUZZ_SECONDS:-20}
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

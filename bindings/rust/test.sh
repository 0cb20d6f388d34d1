#!/usr/bin/env bash
# The Rust suite (called by scripts/test): formatting, clippy (warnings and
# missing docs are errors), every test of the workspace (unit, integration,
# doctests, the bindgen drift check), rustdoc, the packaged nbtls-sys crate
# building on its own, a crate outside the repository using nbtls on tokio,
# the `system` feature (libnbtls from pkg-config), and the example program.
set -euo pipefail
cd "$(dirname "$0")"
RUST_DIR=$(pwd)
REPO=$(cd ../.. && pwd)
[ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v cargo >/dev/null 2>&1; then
    echo "rust: no cargo (install Rust with rustup): FAILED" >&2
    exit 1
fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$RUST_DIR/target}"
export CARGO_TERM_COLOR=never
# The C core compiles with the C suite's warnings, as errors (build.rs).
export NBTLS_SYS_WERROR=1
JOBS=${JOBS:-$(nproc)}
[ "$JOBS" -gt 2 ] && JOBS=2
CARGO_FLAGS=(-j "$JOBS" --locked)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/nbtls-rust.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
LOG="$TMP/test.log"

step() { echo "== rust: $*"; }

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy --all-targets -D warnings (missing docs included)"
cargo clippy "${CARGO_FLAGS[@]}" --workspace --all-targets -- -D warnings

step "cargo test --workspace (unit, integration, doctests, bindgen drift check)"
set +e
cargo test "${CARGO_FLAGS[@]}" --workspace --no-fail-fast 2>&1 | tee "$LOG"
test_rc=${PIPESTATUS[0]}
set -e
passed=$(awk '/^test result:/ { for (i = 1; i < NF; i++) if ($(i + 1) ~ /^passed/) s += $i } END { print s + 0 }' "$LOG")
failed=$(awk '/^test result:/ { for (i = 1; i < NF; i++) if ($(i + 1) ~ /^failed/) s += $i } END { print s + 0 }' "$LOG")

step "rustdoc -D warnings"
RUSTDOCFLAGS="-D warnings" cargo doc "${CARGO_FLAGS[@]}" --no-deps -p nbtls -p nbtls-sys

step "example program (examples/rust)"
cargo run "${CARGO_FLAGS[@]}" -q -p nbtls-example-tokio

step "cargo package -p nbtls-sys (the packaged crate carries the C core and builds alone)"
# --allow-dirty: the test runs on working trees too; CI checks out clean.
# --no-verify: the extracted package is built and run just below (pkgcheck),
# so cargo's own verification build would compile the core once more.
cargo package "${CARGO_FLAGS[@]}" -p nbtls-sys --allow-dirty --no-verify
PKG="$CARGO_TARGET_DIR/package/nbtls-sys-0.1.0"
rm -rf "$PKG"
tar -xzf "$PKG.crate" -C "$CARGO_TARGET_DIR/package"
tar -tzf "$PKG.crate" >"$TMP/crate-files.txt"
grep -qx 'nbtls-sys-0.1.0/core/op/op.c' "$TMP/crate-files.txt"
grep -qx 'nbtls-sys-0.1.0/include/nbtls/nbtls.h' "$TMP/crate-files.txt"
grep -qx 'nbtls-sys-0.1.0/src/bindings.rs' "$TMP/crate-files.txt"
grep -qx 'nbtls-sys-0.1.0/cmake/nbtls-core-build.txt' "$TMP/crate-files.txt"
grep -qx 'nbtls-sys-0.1.0/LICENSE-APACHE' "$TMP/crate-files.txt"
grep -qx 'nbtls-sys-0.1.0/LICENSE-MIT' "$TMP/crate-files.txt"
echo "packaged: $(grep -c '\.c$' "$TMP/crate-files.txt") C files, $(wc -l <"$TMP/crate-files.txt") files in all"
# Link and run something from the extracted package, outside the repository.
mkdir -p "$TMP/pkgcheck/src"
cat >"$TMP/pkgcheck/Cargo.toml" <<EOF
[package]
name = "pkgcheck"
version = "0.0.0"
edition = "2021"
publish = false
[dependencies]
nbtls-sys = { path = "$PKG" }
[workspace]
EOF
cat >"$TMP/pkgcheck/build.rs" <<'EOF'
// nbtls-sys exports its header folder to dependents' build scripts.
fn main() {
    let inc = std::env::var("DEP_NBTLS_INCLUDE").expect("DEP_NBTLS_INCLUDE is set");
    let h = std::path::Path::new(&inc).join("nbtls").join("nbtls.h");
    assert!(h.is_file(), "{} missing", h.display());
    println!("cargo:rustc-env=NBTLS_HEADER={}", h.display());
}
EOF
cat >"$TMP/pkgcheck/src/main.rs" <<'EOF'
fn main() {
    let mut key = std::ptr::null_mut();
    let mut scalar = [0u8; 32];
    scalar[31] = 1;
    let mut point = [0u8; 65];
    let mut len = 0usize;
    // SAFETY: valid out-pointers and buffers with their sizes; key freed once.
    unsafe {
        let v = std::ffi::CStr::from_ptr(nbtls_sys::nbtls_version());
        assert_eq!(nbtls_sys::nbtls_key_p256_from_private(&mut key, scalar.as_ptr()), 0);
        assert_eq!(
            nbtls_sys::nbtls_key_export_public(key, point.as_mut_ptr(), 65, &mut len),
            0
        );
        nbtls_sys::nbtls_key_free(key);
        println!(
            "packaged nbtls-sys: nbtls {}; 1*G = {:02x}{:02x}..; DEP_NBTLS_INCLUDE gave {}",
            v.to_str().unwrap(),
            point[1],
            point[2],
            env!("NBTLS_HEADER")
        );
    }
    assert_eq!(&point[..3], &[0x04, 0x6b, 0x17]); // G's x starts 6B17D1F2
}
EOF
cp "$RUST_DIR/Cargo.lock" "$TMP/pkgcheck/Cargo.lock"
(cd "$TMP/pkgcheck" && cargo run -j "$JOBS" -q --config 'profile.dev.package.nbtls-sys.opt-level=2')

step "a crate outside the repository depends on nbtls by path and awaits ops on tokio"
mkdir -p "$TMP/outside/src"
cat >"$TMP/outside/Cargo.toml" <<EOF
[package]
name = "outside"
version = "0.0.0"
edition = "2021"
publish = false
[dependencies]
nbtls = { path = "$RUST_DIR/nbtls" }
tokio = { version = "1", default-features = false, features = ["rt", "macros", "time"] }
[workspace]
EOF
cat >"$TMP/outside/src/main.rs" <<'EOF'
use nbtls::p256::PrivateKey;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), nbtls::Error> {
    let key = PrivateKey::generate().await?;
    let digest = [7u8; 32];
    let (a, b) = tokio::join!(key.sign(&digest).budget(8), key.sign(&digest).budget(8));
    let (a, b) = (a?, b?);
    for sig in [&a, &b] {
        key.public_key().verify(&digest, sig.as_ref()).await?;
    }
    let bad = key.public_key().verify(&[8u8; 32], a.as_ref()).await;
    assert_eq!(bad, Err(nbtls::Error::BadSignature));
    println!("outside crate: nbtls {} on tokio: ok", nbtls::version());
    Ok(())
}
EOF
cp "$RUST_DIR/Cargo.lock" "$TMP/outside/Cargo.lock"
# Same profile for nbtls-sys as the workspace, so its artifacts are reused.
(cd "$TMP/outside" && cargo run -j "$JOBS" -q --config 'profile.dev.package.nbtls-sys.opt-level=2')

step "feature \`system\`: link an installed libnbtls found by pkg-config"
if command -v cmake >/dev/null && command -v pkg-config >/dev/null; then
    # scripts/test passes the C suite's build (NBTLS_C_BUILD): install that
    # instead of compiling the core once more.
    cbuild=${NBTLS_C_BUILD:-}
    if [ -z "$cbuild" ] || [ ! -f "$cbuild/CMakeCache.txt" ]; then
        cbuild="$TMP/cbuild"
        cmake -S "$REPO" -B "$cbuild" -G Ninja -DCMAKE_BUILD_TYPE=Release \
            -DNBTLS_BUILD_TESTS=OFF -DNBTLS_BUILD_BENCH=OFF -DNBTLS_BUILD_EXAMPLES=OFF \
            >/dev/null
        cmake --build "$cbuild" -j "$JOBS" >/dev/null
    fi
    echo "(libnbtls from $cbuild)"
    cmake --install "$cbuild" --prefix "$TMP/prefix" >/dev/null
    pcdir=$(dirname "$(find "$TMP/prefix" -name nbtls.pc | head -1)")
    PKG_CONFIG_PATH="$pcdir" NBTLS_SYS_STATIC=1 \
        cargo test "${CARGO_FLAGS[@]}" -p nbtls --features system \
        --test vectors --test bad_inputs --test scheme 2>&1 | tee -a "$TMP/system.log"
    grep -E '^test result:' "$TMP/system.log" | grep -qv ' 0 passed'
else
    echo "(skipped: needs cmake and pkg-config)"
fi

echo "rust: cargo test: $passed passed, $failed failed (plus fmt, clippy, rustdoc," \
    "example, package, outside-crate and system-library checks)"
if [ "$test_rc" != 0 ] || [ "$failed" != 0 ]; then
    echo "rust: cargo test FAILED (exit $test_rc)" >&2
    exit 1
fi

#!/usr/bin/env bash
# The Rust demo (called by scripts/demo): examples/rust, a tokio program in
# which eight tasks sign and verify with P-256 while a heartbeat task keeps
# running on the same thread, then the same work with blocking-like ops.
set -euo pipefail
cd "$(dirname "$0")"
[ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$(pwd)/target}"
JOBS=${JOBS:-$(nproc)}
[ "$JOBS" -gt 2 ] && JOBS=2
cargo run -q --release --locked -j "$JOBS" -p nbtls-example-tokio

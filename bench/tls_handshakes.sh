#!/usr/bin/env bash
# Client TLS 1.3 handshakes per second against a local `openssl s_server
# -tls1_3 -www` (P-256 chain, x25519, AES-128-GCM; 127.0.0.1), each one a
# full handshake with chain and hostname checks, then "GET /" and the answer:
#   nbtls     examples/c/tls_many.c (one thread, a poll() loop): sequential
#             (one connection at a time) and 50 at once, at budgets 0 and 8;
#   openssl   `openssl s_time -new -tls1_3 -www /` against the same server
#             (sequential, blocking; its chain check on, no hostname check).
# s_server serves one connection at a time: both clients share its cost, so
# handshakes per second is end to end; "CPU per handshake" is the client's.
# Not a test: figures only, noisy on a shared machine (the load is printed).
# Usage: bench/tls_handshakes.sh [BUILD_DIR] [CONNECTIONS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
n=${2:-500}
secs=${3:-5}
many=$build/examples/c/example_tls_many
[ -x "$many" ] || { echo "build $many first" >&2; exit 2; }

. scripts/tls-server.sh
tmp=$(mktemp -d)
trap 'tls_server_stop; rm -rf "$tmp"' EXIT
tls_server_start "$tmp"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server: $(openssl version), s_server -tls1_3 -www on 127.0.0.1:$TLS_PORT"

for at_once in 1 50; do
    for budget in 0 8; do
        echo "===== nbtls: $n connections, $at_once at once, budget $budget"
        "$many" "127.0.0.1:$TLS_PORT" "$TLS_CA" "$n" "$budget" "$at_once"
    done
done

echo "===== openssl s_time -new -tls1_3 -www / for $secs s"
t0=$(date +%s.%N)
out=$(openssl s_time -connect "127.0.0.1:$TLS_PORT" -new -tls1_3 -www / \
    -CAfile "$TLS_CA" -verify 2 -time "$secs" 2>&1)
t1=$(date +%s.%N)
echo "$out" | grep -E 'connections|bytes read' || true
conns=$(echo "$out" | sed -n 's/^\([0-9]*\) connections in [0-9]* real.*/\1/p')
[ -n "$conns" ] && awk -v c="$conns" -v a="$t0" -v b="$t1" \
    'BEGIN { printf "  handshakes per second  %.1f (%.2f s wall, measured here)\n", c / (b - a), b - a }'
echo "(openssl s_time: 'connections/user sec' counts the client's CPU only;"
echo " OpenSSL's memory per connection is not measured here)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

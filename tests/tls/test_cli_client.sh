#!/usr/bin/env bash
# `nbtls client` against `openssl s_server -tls1_3 -rev` on 127.0.0.1:
# exit 0 and the reversed line for a good chain (also at --budget 1 with
# ChaCha20-Poly1305 and --quiet), 1 with the alert named on stderr for a
# wrong name and an untrusted root, 2 for usage errors; the issue's spelling
# (HOST:PORT --cafile --ciphers --insecure) beside the older one.
# Usage: test_cli_client.sh NBTLS_BINARY (exit 77 without openssl).
set -u
NBTLS=$1
command -v openssl >/dev/null 2>&1 || { echo "skipped: no openssl"; exit 77; }
D=$(mktemp -d)
SRV=
trap '[ -n "$SRV" ] && kill $SRV 2>/dev/null; rm -rf "$D"' EXIT
cd "$D" || exit 1
cat > ext.cnf <<'CNF'
[req]
distinguished_name=dn
[dn]
[x_ca]
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
[x_leaf]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
CNF
{
    for k in ca leaf other; do openssl ecparam -name prime256v1 -genkey -noout -out $k.key; done
    openssl req -x509 -new -key ca.key -subj /CN=cli-root -days 2 -out ca.pem -extensions x_ca -config ext.cnf
    openssl req -x509 -new -key other.key -subj /CN=cli-other -days 2 -out other.pem -extensions x_ca -config ext.cnf
    openssl req -new -key leaf.key -subj /CN=localhost -out leaf.csr -config ext.cnf
    openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -set_serial 7 -days 2 \
        -extfile ext.cnf -extensions x_leaf -out leaf.pem
} > /dev/null 2>&1 || { echo "cannot mint certificates"; exit 1; }
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
# keep s_server's stdin open with a fifo (the trap ends it)
mkfifo in.fifo
openssl s_server -tls1_3 -rev -quiet -accept 127.0.0.1:$PORT -cert leaf.pem \
    -key leaf.key -groups secp256r1:x25519 < in.fifo > /dev/null 2>&1 &
SRV=$!
exec 3> in.fifo
for _ in $(seq 50); do
    (exec 4<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break
    sleep 0.1
done
fail=0
check() { # check NAME WANT_STATUS GOT_STATUS
    if [ "$2" != "$3" ]; then echo "FAIL $1: exit $3, want $2"; fail=1; else echo "ok   $1"; fi
}
out=$(echo abc | "$NBTLS" client --trust ca.pem --servername localhost 127.0.0.1 $PORT 2>err)
check "good chain" 0 $?
[ "$out" = "cba" ] || { echo "FAIL echo: '$out'"; fail=1; }
grep -q "TLSv1.3 TLS_AES_128_GCM_SHA256 x25519" err || { echo "FAIL summary: $(cat err)"; fail=1; }
out=$(echo abc | "$NBTLS" client --quiet --budget 1 --groups x25519,secp256r1 --shares 1 \
    --suites TLS_CHACHA20_POLY1305_SHA256 --trust ca.pem --servername localhost 127.0.0.1 $PORT 2>err)
check "budget 1, chacha20" 0 $?
[ "$out" = "cba" ] || { echo "FAIL echo at budget 1: '$out'"; fail=1; }
[ -s err ] && { echo "FAIL --quiet printed: $(cat err)"; fail=1; }
out=$(echo xyz | "$NBTLS" client --quiet --trust ca.pem --servername localhost 127.0.0.1:$PORT)
check "HOST:PORT" 0 $?
[ "$out" = "zyx" ] || { echo "FAIL echo HOST:PORT: '$out'"; fail=1; }
echo abc | "$NBTLS" client --trust ca.pem --servername wrong.example 127.0.0.1 $PORT 2>err >/dev/null
check "wrong name" 1 $?
grep -q "bad_certificate" err || { echo "FAIL wrong name message: $(cat err)"; fail=1; }
echo abc | "$NBTLS" client --trust other.pem --servername localhost 127.0.0.1 $PORT 2>err >/dev/null
check "untrusted root" 1 $?
grep -q "unknown_ca" err || { echo "FAIL untrusted message: $(cat err)"; fail=1; }
out=$(echo abc | "$NBTLS" client --insecure-no-verify --servername wrong.example 127.0.0.1 $PORT 2>/dev/null)
check "insecure" 0 $?
# the issue's spelling: HOST:PORT first, --cafile, --ciphers (IANA and short
# names), --insecure; the summary names version, suite, group, scheme, ALPN,
# polls and units
out=$(echo def | "$NBTLS" client 127.0.0.1:$PORT --servername localhost --cafile ca.pem \
    --ciphers TLS_AES_256_GCM_SHA384 --groups secp256r1 --alpn h2,http/1.1 2>err)
check "issue spelling" 0 $?
[ "$out" = "fed" ] || { echo "FAIL echo issue spelling: '$out'"; fail=1; }
for w in TLSv1.3 TLS_AES_256_GCM_SHA384 secp256r1 ecdsa_secp256r1_sha256 alpn=- polls= units=; do
    grep -q -- "$w" err || { echo "FAIL summary lacks $w: $(cat err)"; fail=1; }
done
out=$(echo ghi | "$NBTLS" client 127.0.0.1:$PORT --quiet --servername localhost --cafile ca.pem \
    --ciphers chacha20_poly1305_sha256,aes_128_gcm_sha256 2>/dev/null)
check "short cipher names" 0 $?
[ "$out" = "ihg" ] || { echo "FAIL echo short names: '$out'"; fail=1; }
out=$(echo abc | "$NBTLS" client 127.0.0.1:$PORT --insecure --servername wrong.example 2>/dev/null)
check "--insecure" 0 $?
[ "$out" = "cba" ] || { echo "FAIL echo --insecure: '$out'"; fail=1; }
"$NBTLS" client 127.0.0.1:$PORT --ciphers TLS_AES_128_CCM_SHA256 --cafile ca.pem 2>/dev/null
check "unknown cipher" 2 $?
"$NBTLS" client --trust ca.pem 2>/dev/null
check "usage" 2 $?
"$NBTLS" client --groups x448 --trust ca.pem localhost $PORT 2>/dev/null
check "bad group" 2 $?
exit $fail

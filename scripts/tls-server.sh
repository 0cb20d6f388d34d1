# Sourced by scripts/demo and bench/tls_handshakes.sh: a local TLS 1.3
# server for the client demos. Loopback only.
#   tls_server_start DIR   makes a P-256 chain in DIR (a root, then a leaf
#                          for localhost and 127.0.0.1), starts
#                          `openssl s_server -tls1_3 -www` on 127.0.0.1 on a
#                          free port; sets TLS_PORT, TLS_CA (the root's PEM)
#                          and TLS_SERVER_PID.
#   tls_server_stop        kills it (call it from an EXIT trap).
# s_server quits when its stdin ends: its stdin is a FIFO this shell keeps
# open until tls_server_stop.

tls_server_start() {
    local d=$1
    (
        cd "$d"
        openssl ecparam -name prime256v1 -genkey -noout -out ca.key
        openssl req -x509 -new -key ca.key -sha256 -days 2 \
            -subj /CN=nbtls-demo-root \
            -addext basicConstraints=critical,CA:TRUE \
            -addext keyUsage=critical,keyCertSign -out ca.pem
        openssl ecparam -name prime256v1 -genkey -noout -out leaf.key
        openssl req -new -key leaf.key -subj /CN=localhost -out leaf.csr
        printf '%s\n' 'subjectAltName=DNS:localhost,IP:127.0.0.1' \
            'basicConstraints=CA:FALSE' \
            'keyUsage=critical,digitalSignature' \
            'extendedKeyUsage=serverAuth' >leaf.ext
        openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key \
            -CAcreateserial -days 2 -sha256 -extfile leaf.ext -out leaf.pem
    ) >"$d/gen.log" 2>&1 || { cat "$d/gen.log" >&2; return 1; }
    mkfifo "$d/stdin"
    exec 8<>"$d/stdin"
    openssl s_server -accept 127.0.0.1:0 -tls1_3 -www \
        -cert "$d/leaf.pem" -key "$d/leaf.key" <&8 >"$d/server.log" 2>&1 &
    TLS_SERVER_PID=$!
    TLS_CA=$d/ca.pem
    TLS_PORT=
    for _ in $(seq 100); do
        TLS_PORT=$(sed -n 's/^ACCEPT 127\.0\.0\.1:\([0-9]*\)$/\1/p' \
            "$d/server.log")
        [ -n "$TLS_PORT" ] && return 0
        kill -0 "$TLS_SERVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "tls-server.sh: openssl s_server did not start:" >&2
    cat "$d/server.log" >&2
    return 1
}

tls_server_stop() {
    if [ -n "${TLS_SERVER_PID:-}" ]; then
        kill "$TLS_SERVER_PID" 2>/dev/null || true
        wait "$TLS_SERVER_PID" 2>/dev/null || true
        TLS_SERVER_PID=
    fi
    exec 8>&- 2>/dev/null || true
}

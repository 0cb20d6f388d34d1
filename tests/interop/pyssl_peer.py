#!/usr/bin/env python3
"""Python `ssl` (the stdlib module over the system OpenSSL) as a TLS 1.3
echo server for the interop harness:

    pyssl_peer.py server --port N --cert CHAIN --key KEY [--client-ca FILE]
                  [--alpn P] [--groups G] [--suites S]

Listens on 127.0.0.1:N; each connection (a thread each) echoes every byte
until the client's close_notify, then logs `CLOSE_NOTIFY received` and
answers with its own (SSLSocket.unwrap). A bare TCP close is logged as
`TCP close without close_notify`. After each handshake it logs
`NEGOTIATED version=.. suite=.. alpn=..` (the ssl module does not report
the group). --groups: the first group's curve through set_ecdh_curve
(OpenSSL's named-curve list; x25519 cannot be named there, so an x25519
case leaves the defaults and the client's offer decides). --suites: the
ssl module cannot choose TLS 1.3 suites, so the client's offer decides.
"""

import argparse
import socket
import ssl
import sys
import threading

CURVES = {"secp256r1": "prime256v1", "secp384r1": "secp384r1"}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def serve_one(ctx, raw):
    try:
        conn = ctx.wrap_socket(raw, server_side=True)
    except (ssl.SSLError, OSError) as e:
        log(f"handshake failed: {e}")
        raw.close()
        return
    alpn = conn.selected_alpn_protocol() or ""
    log(f"NEGOTIATED version={conn.version()} suite={conn.cipher()[0]} "
        f"alpn={alpn}")
    try:
        while True:
            data = conn.recv(65536)
            if not data:  # close_notify (a bare close raises SSLEOFError)
                log("CLOSE_NOTIFY received")
                conn.unwrap()
                break
            conn.sendall(data)
    except ssl.SSLEOFError:
        log("TCP close without close_notify")
    except (ssl.SSLError, OSError) as e:
        log(f"connection error: {e}")
    finally:
        conn.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("role", choices=["server"])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--client-ca")
    ap.add_argument("--alpn")
    ap.add_argument("--groups")
    ap.add_argument("--suites")  # accepted, not settable (see above)
    a = ap.parse_args()
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    ctx.load_cert_chain(a.cert, a.key)
    ctx.num_tickets = 0  # nothing to resume here; less to read past
    if a.client_ca:
        ctx.verify_mode = ssl.CERT_REQUIRED
        ctx.load_verify_locations(a.client_ca)
    if a.alpn:
        ctx.set_alpn_protocols(a.alpn.split(","))
    if a.groups:
        first = a.groups.split(",")[0]
        if first in CURVES:
            ctx.set_ecdh_curve(CURVES[first])
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", a.port))
    srv.listen(16)
    while True:
        raw, _ = srv.accept()
        threading.Thread(target=serve_one, args=(ctx, raw), daemon=True).start()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass

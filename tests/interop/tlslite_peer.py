"""tlslite-ng interop peer (run with the harness's venv interpreter).

server: tlslite_peer.py server --port N --cert F --key F [--client-ca F]
        [--alpn L] [--groups L] [--suites L]
client: tlslite_peer.py client --trust F [--cert F --key F] [--alpn L]
        [--groups L] [--suites L] [--servername N] [--key-update] HOST PORT

Same behaviour as the other peers: the server echoes and answers
close_notify with close_notify; the client copies stdin to the connection,
sends close_notify at stdin's end and copies the connection to stdout until
the server's close_notify (exit 0) or a bare TCP close (exit 1).

tlslite-ng limits, reported by peers.py: it does not validate the server's
chain against trust anchors (the client compares the chain the server sent
with the trust file's CA instead: issuer name of the last certificate) and
its server does not verify client certificates against a CA (it only
requires one).
"""

import argparse
import os
import select
import socket
import sys

from tlslite.api import (HandshakeSettings, TLSConnection, X509, X509CertChain,
                         parsePEMKey)
from tlslite.constants import (AlertDescription, AlertLevel, CipherSuite,
                               KeyUpdateMessageType)
from tlslite.messages import Alert

SUITES = {
    "TLS_AES_128_GCM_SHA256": "aes128gcm",
    "TLS_AES_256_GCM_SHA384": "aes256gcm",
    "TLS_CHACHA20_POLY1305_SHA256": "chacha20-poly1305",
}


def settings(args):
    s = HandshakeSettings()
    s.minVersion = (3, 4)
    s.maxVersion = (3, 4)
    # tlslite-ng 0.8.2's client picks the compression of its own Certificate
    # from its own ClientHello, not from the CertificateRequest, and so sends
    # a CompressedCertificate to servers that never offered it: no compression.
    s.certificate_compression_send = []
    if args.groups:
        gs = args.groups.split(",")
        s.eccCurves = gs
        s.keyShares = gs[:1]  # a share for the first only: HRR when refused
    if args.suites:
        s.cipherNames = [SUITES[x] for x in args.suites.split(",")]
    return s


def chain(path):
    text = open(path).read()
    certs = []
    for part in text.split("-----END CERTIFICATE-----")[:-1]:
        x = X509()
        x.parse(part + "-----END CERTIFICATE-----\n")
        certs.append(x)
    return X509CertChain(certs)


def key(path):
    return parsePEMKey(open(path).read(), private=True)


def report(conn):
    name = CipherSuite.ietfNames.get(conn.session.cipherSuite, "?")
    group = ""  # tlslite-ng does not expose the negotiated group
    ver = "TLSv1.3" if conn.version == (3, 4) else repr(conn.version)
    proto = conn.session.appProto
    alpn = proto.decode() if proto else ""
    print(f"NEGOTIATED version={ver} suite={name} group={group} alpn={alpn}",
          file=sys.stderr, flush=True)


def send_close_notify(conn):
    for _ in conn._sendMsg(Alert().create(AlertDescription.close_notify,
                                          AlertLevel.warning)):
        pass


def serve(args):
    lsock = socket.socket()
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind(("127.0.0.1", args.port))
    lsock.listen(8)
    certs, pkey = chain(args.cert), key(args.key)
    alpn = [p.encode() for p in args.alpn.split(",")] if args.alpn else None
    print(f"LISTENING {args.port}", file=sys.stderr, flush=True)
    while True:
        raw, _ = lsock.accept()
        raw.settimeout(20)
        conn = TLSConnection(raw)
        try:
            conn.handshakeServer(certChain=certs, privateKey=pkey,
                                 reqCert=bool(args.client_ca),
                                 settings=settings(args), alpn=alpn)
            report(conn)
            while True:
                data = conn.read()
                if not data:
                    break
                conn.write(data)
            print("CLOSE_NOTIFY received", file=sys.stderr, flush=True)
            send_close_notify(conn)
        except Exception as e:  # a test server: log and serve the next one
            print(f"error: {type(e).__name__}: {e}", file=sys.stderr, flush=True)
        finally:
            raw.close()


def client(args):
    raw = socket.create_connection((args.host, int(args.port)), timeout=30)
    conn = TLSConnection(raw)
    cert = chain(args.cert) if args.cert else None
    ckey = key(args.key) if args.key else None
    name = args.servername or args.host
    sni = None if name.replace(".", "").isdigit() else name
    alpn = [p.encode() for p in args.alpn.split(",")] if args.alpn else None
    try:
        conn.handshakeClientCert(cert, ckey, settings=settings(args),
                                 serverName=sni, alpn=alpn)
    except Exception as e:
        print(f"tlslite-client: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    # No path validation in tlslite-ng: check at least that the chain's top
    # was issued by one of the trust file's certificates (by name).
    anchors = chain(args.trust).x509List
    top = conn.session.serverCertChain.x509List[-1]
    names = {bytes(a.subject) for a in anchors}
    if bytes(top.issuer) not in names and bytes(top.subject) not in names:
        print("tlslite-client: server chain not issued by the trust anchors",
              file=sys.stderr)
        return 1
    report(conn)
    if args.key_update:
        for _ in conn.send_keyupdate_request(KeyUpdateMessageType.update_requested):
            pass
        print("KEYUPDATE sent", file=sys.stderr, flush=True)
    # Non-blocking from here: a blocking read() that has consumed a
    # NewSessionTicket waits for application data that only comes once this
    # loop sends stdin, so reads run as tlslite's resumable generators.
    raw.setblocking(False)
    stdin_open = True
    out = sys.stdout.buffer
    reader = None
    debug = os.environ.get("TLSLITE_PEER_DEBUG")
    while True:
        fds = [raw] + ([sys.stdin.buffer] if stdin_open else [])
        r, _, _ = select.select(fds, [], [], 30)
        if not r:
            print("tlslite-client: timeout", file=sys.stderr)
            return 1
        try:
            if stdin_open and sys.stdin.buffer in r:
                data = os.read(sys.stdin.fileno(), 16384)
                if debug:
                    print(f"stdin {len(data)}", file=sys.stderr, flush=True)
                if data:
                    drive(raw, conn.writeAsync(data))
                else:
                    drive(raw, close_notify_msg(conn))
                    stdin_open = False
            # tlslite-ng keeps records it has already taken from the socket,
            # so read until it would block, not once per readable socket
            if raw in r:
                while True:
                    reader = reader or conn.readAsync(max=16384, min=1)
                    try:
                        res = next(reader)
                    except StopIteration:
                        reader = None
                        break
                    if isinstance(res, int):  # 0/1: would block, resume later
                        break
                    reader = None
                    if not res and conn.closed:
                        print("CLOSE_NOTIFY received", file=sys.stderr)
                        return 0
                    out.write(res)
                    out.flush()
                    if debug:
                        print(f"got {len(res)}", file=sys.stderr, flush=True)
        except Exception as e:
            print(f"tlslite-client: {type(e).__name__}: {e}", file=sys.stderr)
            return 1


def close_notify_msg(conn):
    return conn._sendMsg(Alert().create(AlertDescription.close_notify,
                                        AlertLevel.warning))


def drive(sock, gen):
    """Runs a tlslite write generator on a non-blocking socket to its end."""
    for res in gen:
        if res == 1:
            select.select([], [sock], [], 30)
        elif res == 0:
            select.select([sock], [], [], 30)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("role", choices=["server", "client"])
    p.add_argument("--port", type=int)
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--client-ca")
    p.add_argument("--trust")
    p.add_argument("--alpn")
    p.add_argument("--groups")
    p.add_argument("--suites")
    p.add_argument("--servername")
    p.add_argument("--key-update", action="store_true")
    p.add_argument("host", nargs="?")
    p.add_argument("port_pos", nargs="?")
    a = p.parse_intermixed_args()
    if a.role == "server":
        serve(a)
        return 0
    a.port = a.port_pos
    return client(a)


if __name__ == "__main__":
    sys.exit(main())

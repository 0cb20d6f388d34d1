#!/usr/bin/env python3
"""A stand-in for `nbtls verify`, to test the test harnesses without nbtls.

Same command line and exit statuses as the real program (see README.md):
  standin_nbtls.py verify [--trust FILE]... [--untrusted FILE]...
      [--hostname NAME | --ip ADDR] [--time UNIX_SECONDS]
      [--purpose server|client] [--max-depth N] [--budget N] LEAF_FILE
exit 0 valid, 1 rejected (one line on stderr, starting with a detail name),
2 usage or I/O error. The verdict comes from pyca/cryptography's verifier;
the detail name is a rough guess from its message. This is NOT a reference:
it only lets limbo_harness.py and test_differential.py exercise their nbtls
code paths (argument building, exit-status mapping) before nbtls exists.
"""

from __future__ import annotations

import argparse
import datetime
import ipaddress
import sys


class Usage(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # exit 2 like the real program
        print(f"nbtls: usage: {message}", file=sys.stderr)
        sys.exit(2)


def load(path: str) -> list:
    from cryptography import x509

    try:
        data = open(path, "rb").read()
    except OSError as e:
        raise Usage(f"{path}: {e.strerror}") from e
    if b"-----BEGIN" in data:
        return x509.load_pem_x509_certificates(data)
    return [x509.load_der_x509_certificate(data)]


def detail(msg: str) -> str:
    m = msg.lower()
    m = m.split(" (encountered processing")[0]
    for key, name in (("name constraint", "constraints"), ("eku", "usage"),
                      ("key usage", "usage"), ("signature", "bad_signature"),
                      ("critical", "unsupported_critical_extension"),
                      ("not valid at validation time", "expired"),
                      ("basicconstraints", "constraints"), ("path length", "constraints"),
                      ("depth", "too_costly"), ("subjectaltname", "name_mismatch"),
                      ("san", "name_mismatch"), ("issuer", "unknown_issuer")):
        if key in m:
            return name
    return "unknown_issuer"


def main() -> int:
    ap = Parser(prog="nbtls")
    sub = ap.add_subparsers(dest="cmd", required=True)
    v = sub.add_parser("verify")
    v.error = ap.error  # type: ignore[method-assign]
    v.add_argument("--trust", action="append", default=[])
    v.add_argument("--untrusted", action="append", default=[])
    g = v.add_mutually_exclusive_group()
    g.add_argument("--hostname")
    g.add_argument("--ip")
    v.add_argument("--time", type=int)
    v.add_argument("--purpose", choices=["server", "client"], default="server")
    v.add_argument("--max-depth", type=int)
    v.add_argument("--budget", type=int)
    v.add_argument("leaf")
    a = ap.parse_args()

    from cryptography import x509
    from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

    try:
        roots = [c for f in a.trust for c in load(f)]
        inter = [c for f in a.untrusted for c in load(f)]
        try:
            leaf = load(a.leaf)[0]
        except ValueError as e:
            print(f"malformed: {e}", file=sys.stderr)
            return 1
    except Usage as e:
        print(f"nbtls: {e}", file=sys.stderr)
        return 2
    except ValueError as e:
        print(f"nbtls: cannot read certificates: {e}", file=sys.stderr)
        return 2
    if not roots:
        print("unknown_issuer: no trust anchors", file=sys.stderr)
        return 1
    b = PolicyBuilder().store(Store(roots))
    if a.time is not None:
        b = b.time(datetime.datetime.fromtimestamp(a.time, datetime.timezone.utc))
    if a.max_depth is not None:
        b = b.max_chain_depth(a.max_depth)
    try:
        if a.purpose == "client":
            ver = b.build_client_verifier()
        elif a.ip is not None:
            ver = b.build_server_verifier(x509.IPAddress(ipaddress.ip_address(a.ip)))
        elif a.hostname is not None:
            ver = b.build_server_verifier(x509.DNSName(a.hostname))
        else:
            print("nbtls: the stand-in needs --hostname or --ip for server purpose",
                  file=sys.stderr)
            return 2
        ver.verify(leaf, inter)
    except (VerificationError, ValueError) as e:
        print(f"{detail(str(e))}: {str(e).splitlines()[0] if str(e) else ''}", file=sys.stderr)
        return 1
    if a.budget is not None:
        print("polls: 1")
    return 0


if __name__ == "__main__":
    sys.exit(main())

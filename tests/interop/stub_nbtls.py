#!/usr/bin/env python3
"""A stand-in for the future `nbtls client` / `nbtls server` subcommands that
runs the rustls peer behind the command lines README.md documents, so that
`run_matrix.py --nbtls tests/interop/stub_nbtls.py` checks the harness's nbtls
plumbing before nbtls has a TLS engine. Not a test of nbtls."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.join(HERE, "rustls", "target", "release")


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("client", "server"):
        print("usage: stub_nbtls.py client|server ...", file=sys.stderr)
        return 2
    role, args = sys.argv[1], sys.argv[2:]
    if role == "client":
        os.execv(os.path.join(BIN, "rustls-client"), ["rustls-client", *args])
    # server: --cert LEAF [--chain EXTRA] -> rustls-server --cert LEAF+EXTRA
    out, cert, chain = [], None, None
    it = iter(args)
    for a in it:
        if a == "--cert":
            cert = next(it)
        elif a == "--chain":
            chain = next(it)
        else:
            out.append(a)
    both = cert + ".stub-chain.pem"  # beside the harness's temporary PKI
    with open(both, "w") as f:
        for p in (cert, chain):
            if p:
                with open(p) as g:
                    f.write(g.read())
    os.execv(os.path.join(BIN, "rustls-server"),
             ["rustls-server", "--cert", both, *out])


if __name__ == "__main__":
    sys.exit(main())

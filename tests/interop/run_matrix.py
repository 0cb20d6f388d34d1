#!/usr/bin/env python3
"""Interop matrix: every server peer x every client peer x case.

Cases: the P-256 chain with each (group, suite) of GROUPS x SUITES, then with
default parameters: the P-384 chain, the RSA self-signed certificate, ALPN,
client authentication, an IP-address name, a client KeyUpdate, HRR (the
server takes only the client's second group), 64 KiB and 1 MiB each way, and one
negative case each way (the client trusts another root; the client presents
a certificate from no trusted CA): the exchange must fail. A cell that a peer cannot do is skipped with the
reason (a capability, not a failure). Prints a table per case family and the
closing line 'N passed, N failed, N skipped'; exit status 1 on any failure.

  run_matrix.py [--nbtls PATH] [--servers a,b] [--clients a,b] [--quick]
                [--allow-missing] [--no-netns] [-v]

Runs in a private network namespace (unshare -n, loopback only) when it
can, since gnutls-serv cannot be told to listen on loopback only.
"""

import argparse
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers as P  # noqa: E402


def cases(quick, ci=False):
    if ci:
        return ci_cases()
    out = []
    for g in P.GROUPS:
        for s in P.SUITES:
            out.append(P.Case(group=g, suite=s))
            if quick:
                break
    out += [P.Case(cert="p384"), P.Case(cert="rsa"), P.Case(cert="rsa-ca"), P.Case(alpn="h2"),
            P.Case(client_auth=True), P.Case(servername="127.0.0.1"),
            P.Case(key_update=True),
            # the client's first group is refused: HelloRetryRequest where
            # the client sent a share for its first group only
            P.Case(group="secp256r1", client_groups="x25519,secp256r1"),
            P.Case(bulk=64 << 10), P.Case(bulk=1 << 20),
            # negative: the client must reject a chain from another root
            P.Case(trust="p384", expect_fail=True),
            # negative: and a valid chain for another name
            P.Case(servername="wrong.example", expect_fail=True),
            # negative: the server must reject a client cert from no trusted CA
            P.Case(client_auth=True, client_cert="rogue", expect_fail=True)]
    return out


def ci_cases():
    """--ci: each group once and each suite once (group i with suite i), the
    P-384 and RSA chains, ALPN, client authentication, an IP name, HRR,
    64 KiB each way and the three negative cases."""
    out = [P.Case(group=g, suite=P.SUITES[i % len(P.SUITES)])
           for i, g in enumerate(P.GROUPS)]
    out += [P.Case(cert="p384"), P.Case(cert="rsa"), P.Case(cert="rsa-ca"), P.Case(alpn="h2"),
            P.Case(client_auth=True), P.Case(servername="127.0.0.1"),
            P.Case(group="secp256r1", client_groups="x25519,secp256r1"),
            P.Case(bulk=64 << 10),
            P.Case(trust="p384", expect_fail=True),
            P.Case(servername="wrong.example", expect_fail=True),
            P.Case(client_auth=True, client_cert="rogue", expect_fail=True)]
    return out


# Cells that fail for a named bug outside the harness: (server, client,
# predicate on the case) -> the bug. Such a cell prints "xfail" and counts as
# skipped; if it passes it prints "XPASS" and fails the run (drop the entry).
KNOWN_FAILURES = [
    # (server, client, predicate(case), why): none known now.
]


KNOWN_TIMEOUT = 8.0


def known_failure(srv, cli, case):
    for s, c, pred, why in KNOWN_FAILURES:
        if s == srv.name and c == cli.name and pred(case):
            return why
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nbtls", help="path of the nbtls binary (adds peer nbtls)")
    ap.add_argument("--servers", help="comma-separated server peers")
    ap.add_argument("--clients", help="comma-separated client peers")
    ap.add_argument("--quick", action="store_true", help="one suite per group")
    ap.add_argument("--ci", action="store_true",
                    help="the short CI set: each group and each suite once, "
                         "64 KiB bulk, the negative cases")
    ap.add_argument("--allow-missing", action="store_true",
                    help="a peer that cannot be built or found is a skip, not a failure")
    ap.add_argument("--no-netns", dest="netns", action="store_false",
                    help="do not run in a private network namespace")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    peers = P.all_peers(a.nbtls)
    names = [p.name for p in peers]
    pick = lambda lst: [p for p in peers if not lst or p.name in lst.split(",")]
    servers, clients = pick(a.servers), pick(a.clients)
    passed = failed = skipped = 0
    failures = []
    xfails = set()
    if a.netns and not P.isolated():
        # build/fetch here (the namespace has no network), then run the
        # matrix in a private network namespace: servers reachable from
        # nowhere else, whatever address they bind
        for p in [p for p in peers if p in servers or p in clients]:
            try:
                p.prepare()
            except Exception:
                pass  # reported by the run inside
        P.enter_netns([sys.executable, os.path.abspath(__file__), *sys.argv[1:]])
        print("note: no private network namespace here (unshare): "
              "gnutls-serv cells are n/a", flush=True)
        if (os.environ.get("NBTLS_REQUIRE_PEERS") == "1"
                and any(p.name == "gnutls" for p in servers)):
            # CI promises every peer: a gnutls server that cannot run is a
            # missing peer there, not a skip
            failed += 1
            failures.append("gnutls server unavailable: no private network "
                            "namespace (NBTLS_REQUIRE_PEERS=1)")
    if P.isolated():
        P.loopback_up()
        print("running in a private network namespace (loopback only)", flush=True)
    for p in [p for p in peers if p in servers or p in clients]:
        t = time.monotonic()
        try:
            p.prepare()
        except Exception as e:  # a missing tool or a failed build
            msg = f"peer {p.name} unavailable: {e}"
            print(("SKIP " if a.allow_missing else "FAIL ") + msg, flush=True)
            if a.allow_missing:
                skipped += 1
            else:
                failed += 1
                failures.append(msg)
            servers = [x for x in servers if x is not p]
            clients = [x for x in clients if x is not p]
            continue
        if a.verbose:
            print(f"prepared {p.name} in {time.monotonic() - t:.1f}s", flush=True)
    width = max(len(n) for n in names) + 1
    if not servers or not clients:
        print(f"{passed} passed, {failed} failed, {skipped} skipped")
        return 1 if failed else 0
    with tempfile.TemporaryDirectory(prefix="nbtls-interop-") as d:
        certs = P.mint_certs(os.path.join(d, "pki"))
        print(f"{'case':44} {'server':{width}} " + " ".join(f"{c.name:>{width}}" for c in clients))
        for case in cases(a.quick, a.ci):
            for srv in servers:
                row = []
                try:
                    srv.need(case, "server")
                except P.Unsupported as e:
                    row = ["n/a"] * len(clients)
                    skipped += len(clients)
                    print(f"{case.label():44} {srv.name:{width}} " + " ".join(f"{x:>{width}}" for x in row)
                          + f"   ({e})")
                    continue
                with P.Server(srv, case, certs, d) as server:
                    try:
                        server.start(certs)
                    except RuntimeError as e:
                        failed += len(clients)
                        failures.append(f"{srv.name} server [{case.label()}]: {e}")
                        print(f"{case.label():44} {srv.name:{width}} server did not start")
                        continue
                    for cli in clients:
                        try:
                            cli.need(case, "client")
                            if case.suite and srv.caps.get("suite") and cli.caps.get("suite"):
                                raise P.Unsupported("neither peer can choose the suite")
                        except P.Unsupported as e:
                            row.append("n/a")
                            skipped += 1
                            if a.verbose:
                                print(f"  skip {srv.name}->{cli.name} [{case.label()}]: {e}")
                            continue
                        # a known failure (a stall, typically) gets a short
                        # timeout: enough for the cell once the bug is fixed
                        known = known_failure(srv, cli, case)
                        r = P.run_client(cli, server, case, certs,
                                         timeout=KNOWN_TIMEOUT if known else P.CLIENT_TIMEOUT)
                        if known and r.ok:
                            failed += 1
                            row.append("XPASS")
                            failures.append(f"{srv.name} server / {cli.name} client [{case.label()}]: "
                                            f"passes but is listed as a known failure: {known}")
                        elif known:
                            skipped += 1
                            row.append("xfail")
                            xfails.add(known)
                        elif r.ok:
                            passed += 1
                            row.append("ok")
                        else:
                            failed += 1
                            row.append("FAIL")
                            failures.append(f"{srv.name} server / {cli.name} client [{case.label()}]: {r.detail}")
                print(f"{case.label():44} {srv.name:{width}} " + " ".join(f"{x:>{width}}" for x in row), flush=True)
    for f in failures:
        print("FAIL " + f)
    for x in sorted(xfails):
        print("known failure (xfail): " + x)
    print("notes: " + "; ".join(f"{p.name}: {', '.join(f'{k}: {v}' for k, v in p.caps.items() if v)}"
                                for p in peers if any(p.caps.values())))
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

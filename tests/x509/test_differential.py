#!/usr/bin/env python3
"""Differential X.509 test: chains from gen_chains.py through several verifiers.

Every case has an expected verdict written from the RFCs / Web PKI rules
(gen_chains.py). Verifiers:
  nbtls         `nbtls verify` (--nbtls PATH): MUST give the expected verdict on
                every case (and, with --nbtls-budget N, the same verdict when
                driven in slices); any difference fails the test.
  openssl       `openssl verify` (x509_strict, no partial chains, -attime, -purpose)
  cryptography  pyca/cryptography's x509.verification (PolicyBuilder/Store)
The independent verifiers are references, not oracles: where one disagrees
with the expected verdict it is printed as a known difference (their quirk,
listed in KNOWN_DIFFERENCES with the reason) and does not fail the test. An
unlisted difference is printed as UNEXPECTED; with --strict it fails (use that
to check the generator itself).

Exit status: 0 pass, 1 failure, 77 skipped (no `cryptography` to generate the
chains, or nothing to compare).
Usage: test_differential.py [--nbtls PATH] [--nbtls-budget N]... [--no-openssl]
                            [--no-cryptography] [--strict] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime
import ipaddress
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# (case, verifier) -> why that verifier differs from the rules. Measured with
# OpenSSL 3.0 and cryptography 48; re-check when a difference disappears.
KNOWN_DIFFERENCES = {
    ("ok_trusted_intermediate_anchor", "openssl"):
        "without -partial_chain OpenSSL only accepts self-signed anchors",
    ("leaf_notafter_exact", "openssl"):
        "OpenSSL treats notAfter as exclusive (limbo rfc5280::validity::notafter-exact)",
    ("cn_only_no_san", "openssl"):
        "`openssl verify -verify_hostname` falls back to the subject CN without a SAN",
    ("wildcard_partial_label", "openssl"):
        "OpenSSL allows partial-label wildcards unless X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, "
        "which `openssl verify` cannot set",
    ("sha1_signed_intermediate", "openssl"):
        "OpenSSL accepts SHA-1 signatures at its default security level 1",
}


def load_cases(d: str) -> list[dict]:
    with open(os.path.join(d, "cases.json")) as f:
        return json.load(f)


def first_line(s: str) -> str:
    for line in s.splitlines():
        if line.strip():
            return line.strip()[:200]
    return ""


def run_nbtls(path: str, case: dict, d: str, budget: int | None) -> tuple[str, str]:
    cmd = [path, "verify"]
    for t in case["trust"]:
        cmd += ["--trust", os.path.join(d, t)]
    for u in case["untrusted"]:
        cmd += ["--untrusted", os.path.join(d, u)]
    if case["hostname"] is not None:
        cmd += ["--hostname", case["hostname"]]
    if case["ip"] is not None:
        cmd += ["--ip", case["ip"]]
    cmd += ["--time", str(case["time"]), "--purpose", case["purpose"]]
    if budget is not None:
        cmd += ["--budget", str(budget)]
    cmd.append(os.path.join(d, case["leaf"]))
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return "error", "timed out"
    if p.returncode == 0:
        return "valid", ""
    if p.returncode == 1:
        return "rejected", first_line(p.stderr)
    return "error", f"exit {p.returncode}: {first_line(p.stderr)}"


def run_openssl(path: str, case: dict, d: str) -> tuple[str, str]:
    cmd = [path, "verify", "-no-CApath", "-no-CAstore", "-x509_strict"]
    for t in case["trust"]:
        cmd += ["-CAfile", os.path.join(d, t)]
    for u in case["untrusted"]:
        cmd += ["-untrusted", os.path.join(d, u)]
    if case["hostname"] is not None:
        cmd += ["-verify_hostname", case["hostname"]]
    if case["ip"] is not None:
        cmd += ["-verify_ip", case["ip"]]
    cmd += ["-attime", str(case["time"]),
            "-purpose", "sslserver" if case["purpose"] == "server" else "sslclient",
            os.path.join(d, case["leaf"])]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if p.returncode == 0 and p.stdout.strip().endswith(": OK"):
        return "valid", ""
    msg = [x for x in (p.stderr + p.stdout).splitlines() if x.startswith("error ")]
    return "rejected", (msg[0] if msg else first_line(p.stderr))


def run_cryptography(case: dict, d: str) -> tuple[str, str]:
    from cryptography import x509
    from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

    def certs(fn: str) -> list:
        data = open(os.path.join(d, fn), "rb").read()
        if fn.endswith(".der"):
            return [x509.load_der_x509_certificate(data)]
        return x509.load_pem_x509_certificates(data)

    try:
        roots = [c for t in case["trust"] for c in certs(t)]
        inter = [c for u in case["untrusted"] for c in certs(u)]
        leaf = certs(case["leaf"])[0]
    except ValueError as e:
        return "rejected", f"load: {e}"
    b = PolicyBuilder().store(Store(roots)).time(
        datetime.datetime.fromtimestamp(case["time"], datetime.timezone.utc))
    try:
        if case["purpose"] == "client":
            v = b.build_client_verifier()
        elif case["ip"] is not None:
            v = b.build_server_verifier(x509.IPAddress(ipaddress.ip_address(case["ip"])))
        else:
            v = b.build_server_verifier(x509.DNSName(case["hostname"]))
        v.verify(leaf, inter)
        return "valid", ""
    except (VerificationError, ValueError) as e:
        return "rejected", str(e)[:200]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nbtls", help="the nbtls program: must match every expected verdict")
    ap.add_argument("--nbtls-budget", type=int, action="append", default=[],
                    help="also run nbtls with --budget N (repeatable); same verdict required")
    ap.add_argument("--openssl", default=shutil.which("openssl"))
    ap.add_argument("--no-openssl", action="store_true")
    ap.add_argument("--no-cryptography", action="store_true")
    ap.add_argument("--strict", action="store_true",
                    help="fail on an independent verifier's unlisted difference")
    ap.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it")
    ap.add_argument("--only", help="run only cases whose name contains this")
    args = ap.parse_args()

    try:
        import cryptography
    except ImportError as e:
        print(f"SKIP: Python `cryptography` (needed to make the chains) unavailable: {e}")
        return 77
    have_verifier = True
    try:  # cryptography >= 43 (client verifier); Debian 12 has 38: run without it
        from cryptography.x509.verification import PolicyBuilder
        PolicyBuilder.build_client_verifier  # noqa: B018
    except (ImportError, AttributeError):
        have_verifier = False
        if not args.no_cryptography:
            print(f"note: cryptography {cryptography.__version__} has no x509.verification "
                  "client/server verifiers (>= 43): that reference is not run")
    sys.path.insert(0, HERE)
    import gen_chains

    verifiers = []
    if args.nbtls:
        if not os.access(args.nbtls, os.X_OK):
            print(f"FAIL: {args.nbtls} is not an executable")
            return 1
        verifiers.append("nbtls")
        verifiers += [f"nbtls/budget={b}" for b in args.nbtls_budget]
    if args.openssl and not args.no_openssl:
        verifiers.append("openssl")
    if not args.no_cryptography and have_verifier:
        verifiers.append("cryptography")
    if not verifiers:
        print("SKIP: no verifier to run")
        return 77

    out = args.keep or tempfile.mkdtemp(prefix="nbtls-x509-diff-")
    try:
        gen_chains.build(out)
        cases = load_cases(out)
        if args.only:
            cases = [c for c in cases if args.only in c["name"]]
        failures, unexpected, known, details = [], [], [], []
        agree = {v: 0 for v in verifiers}
        w = max(len(c["name"]) for c in cases)
        print(f"{'case':<{w}}  {'expect':<8}  " + "  ".join(f"{v:<14}" for v in verifiers))
        for c in cases:
            d = os.path.join(out, c["name"])
            row = {}
            for v in verifiers:
                if v == "nbtls":
                    row[v] = run_nbtls(args.nbtls, c, d, None)
                elif v.startswith("nbtls/budget="):
                    row[v] = run_nbtls(args.nbtls, c, d, int(v.split("=")[1]))
                elif v == "openssl":
                    row[v] = run_openssl(args.openssl, c, d)
                else:
                    row[v] = run_cryptography(c, d)
            cells = []
            for v in verifiers:
                verdict, why = row[v]
                mark = "" if verdict == c["expect"] else " X"
                cells.append(f"{verdict + mark:<14}")
                if verdict == c["expect"]:
                    agree[v] += 1
                    if v.startswith("nbtls") and verdict == "rejected" and c["detail"] \
                            and why.split(":")[0].strip() not in c["detail"].split("|"):
                        details.append(f"{c['name']} [{v}]: expected detail {c['detail']}, "
                                       f"got: {why}")
                    continue
                line = f"{c['name']} [{v}]: expected {c['expect']}, got {verdict}" \
                       + (f" ({why})" if why else "") + f"; rule: {c['why']}"
                if v.startswith("nbtls"):
                    failures.append(line)
                elif (c["name"], v) in KNOWN_DIFFERENCES:
                    known.append(line + f"; known quirk: {KNOWN_DIFFERENCES[(c['name'], v)]}")
                else:
                    unexpected.append(line)
            print(f"{c['name']:<{w}}  {c['expect']:<8}  " + "  ".join(cells))
        print()
        for v in verifiers:
            print(f"{v}: {agree[v]}/{len(cases)} agree with the expected verdicts")
        stale = [k for k in KNOWN_DIFFERENCES
                 if k[1] in verifiers and (not args.only or args.only in k[0])
                 and not any(line.startswith(f"{k[0]} [{k[1]}]") for line in known)]
        for title, lines in (("known differences (independent verifiers' quirks)", known),
                             ("UNEXPECTED differences of an independent verifier", unexpected),
                             ("known differences that did not occur (stale?)",
                              [f"{a} [{b}]" for a, b in stale]),
                             ("nbtls rejected with another detail than expected (warning)",
                              details),
                             ("FAILURES: nbtls differs from the expected verdict", failures)):
            if lines:
                print(f"\n== {title}: {len(lines)}")
                for line in lines:
                    print("  " + line)
        if failures:
            return 1
        if args.strict and unexpected:
            return 1
        print("\nPASS")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Run the x509-limbo path-validation suite through a verifier backend.

The suite JSON (limbo.json, built by x509-limbo's own Python package: see
tests/x509/README.md and tests/x509/limbo.sh) is read from --limbo or from
stdin; a results JSON in limbo's result protocol (the shape its Go harness
prints: {"version": 1, "harness": ..., "results": [{"id", "actual_result",
"context"}]}) is written to stdout or --output, so `limbo harness` and its
site tooling can consume it. A per-namespace summary goes to stderr:
pass / false accept / false reject / skipped / error, with every false
accept, false reject and error listed by id and reason, and every skip
reason counted (nothing is hidden).

Backends:
  nbtls         the `nbtls verify` command (--nbtls PATH), one process per case
  openssl       the `openssl verify` command (--openssl PATH), configured like
                x509-limbo's own OpenSSL harness (x509_strict, partial_chain,
                auth_level 2) plus -purpose sslserver
  cryptography  pyca/cryptography's x509.verification, in process

Only the standard library is needed, except for the cryptography backend.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import Counter, defaultdict

SUCCESS, FAILURE, SKIPPED, HANG = "SUCCESS", "FAILURE", "SKIPPED", "HANG"
# Not part of limbo's protocol: the backend could not give a verdict (crash,
# usage/I/O error). Written to the results JSON as FAILURE with the context
# "harness error: ...", but counted separately in the summary.
ERROR = "ERROR"

# limbo features whose cases we do not run, per backend, with the reason.
# nbtls: no revocation checking (issue 12 has none).
DEFAULT_UNSUPPORTED = {
    "nbtls": {"has-crl": "CRLs/revocation not supported"},
    "openssl": {},
    # The same list as limbo's own pyca harness, so the figures are comparable.
    "cryptography": {
        "pedantic-public-suffix-wildcard": "upstream pyca harness skips it",
        "name-constraint-dn": "DN name constraints not supported",
        "pedantic-webpki-eku": "upstream pyca harness skips it",
        "pedantic-webpki-subscriber-key": "upstream pyca harness skips it",
        "pedantic-rfc5280": "upstream pyca harness skips it",
        "rfc5280-incompatible-with-webpki": "upstream pyca harness skips it",
        "has-policy-constraints": "policy constraints not supported",
        "has-crl": "CRLs not supported",
    },
}


# Cases limbo's own pyca harness skips by id (its LIMBO_SKIP_TESTCASES, with
# its reasons), so that our cryptography figures compare with the published
# ones. Only used by the cryptography backend.
CRYPTOGRAPHY_SKIP_IDS = {
    "pathlen::self-issued-certs-pathlen": "counts self-issued certs for pathlen",
    "pathlen::max-chain-depth-1-self-issued": "counts self-issued certs for depth",
    "rfc5280::serial::zero": "allows serial number zero",
    "rfc5280::ski::root-missing-ski": "allows CAs without SKI",
    "rfc5280::ski::intermediate-missing-ski": "allows CAs without SKI",
    "rfc5280::aki::intermediate-missing-aki": "allows intermediates without AKI",
    "webpki::aki::root-with-aki-ski-mismatch": "allows roots with AKI/SKI mismatch",
    "webpki::forbidden-rsa-not-divisable-by-8-in-root": "allows RSA sizes not divisible by 8",
    "rfc5280::ca-as-leaf": "rejects CAs as leaves",
    "pathlen::validation-ignores-pathlen-in-leaf": "rejects CAs as leaves",
    "pathological::pathological-chain-same-subject-same-key": "hangs (not fixed upstream)",
}


def namespace(tc_id: str) -> str:
    return tc_id.split("::", 1)[0]


def unix_time(tc: dict) -> int | None:
    t = tc.get("validation_time")
    if t is None:
        return None
    dt = datetime.datetime.fromisoformat(t.replace("Z", "+00:00"))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=datetime.timezone.utc)
    return int(dt.timestamp())


def common_skip(tc: dict, backend: str, unsupported: dict[str, str]) -> str | None:
    """The reason this case is not run, or None. The same rules for every
    backend, except where a backend can express more."""
    for f in tc.get("features") or []:
        if f in unsupported:
            return f"feature {f}: {unsupported[f]}"
    if tc["validation_kind"] != "SERVER":
        return f"validation_kind {tc['validation_kind']} not supported"
    if tc.get("signature_algorithms"):
        return "signature_algorithms restriction not supported"
    ku = tc.get("key_usage") or []
    # A TLS server's leaf signs; the Go harness treats digitalSignature the
    # same way. Any other required keyUsage cannot be expressed.
    if ku and ku != ["digitalSignature"]:
        return f"key_usage {ku} not supported"
    eku = tc.get("extended_key_usage") or []
    if eku not in ([], ["serverAuth"]):
        return f"extended_key_usage {eku} not supported for SERVER validation"
    if tc.get("expected_peer_names"):
        return "expected_peer_names (client validation) not supported"
    peer = tc.get("expected_peer_name")
    if peer is not None and peer["kind"] not in ("DNS", "IP"):
        return f"peer name kind {peer['kind']} not supported"
    return None


def write_case(tc: dict, d: str) -> dict[str, str]:
    files = {}

    def put(name: str, pems: list[str]) -> None:
        p = os.path.join(d, name)
        with open(p, "w") as f:
            f.write("".join(pems))
        files[name] = p

    put("trusted.pem", tc["trusted_certs"])
    if tc["untrusted_intermediates"]:
        put("untrusted.pem", tc["untrusted_intermediates"])
    put("leaf.pem", [tc["peer_certificate"]])
    if tc.get("crls"):
        put("crls.pem", tc["crls"])
    return files


def run(cmd: list[str], timeout: float) -> tuple[int | None, str, str]:
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return None, "", ""


def one_line(s: str) -> str:
    lines = [x.strip() for x in s.strip().splitlines() if x.strip()]
    return " | ".join(lines)[:300]


class NbtlsBackend:
    name = "nbtls"

    def __init__(self, args: argparse.Namespace):
        if not args.nbtls:
            sys.exit("limbo_harness: --backend nbtls needs --nbtls PATH")
        self.path = args.nbtls
        self.extra = args.nbtls_arg or []
        self.depth_offset = args.nbtls_max_depth_offset
        self.depth_range = None
        if args.nbtls_max_depth_range:
            lo, hi = args.nbtls_max_depth_range.split(":")
            self.depth_range = (int(lo), int(hi))
        self.timeout = args.timeout

    def harness_name(self) -> str:
        return "nbtls"

    def command(self, tc: dict, files: dict[str, str]) -> list[str]:
        cmd = [self.path, "verify", "--trust", files["trusted.pem"]]
        if "untrusted.pem" in files:
            cmd += ["--untrusted", files["untrusted.pem"]]
        peer = tc.get("expected_peer_name")
        if peer is not None:
            cmd += ["--hostname" if peer["kind"] == "DNS" else "--ip", peer["value"]]
        t = unix_time(tc)
        if t is not None:
            cmd += ["--time", str(t)]
        cmd += ["--purpose", "server"]
        if tc.get("max_chain_depth") is not None:
            # limbo's max_chain_depth is the number of intermediates allowed.
            cmd += ["--max-depth", str(tc["max_chain_depth"] + self.depth_offset)]
        return cmd + self.extra + [files["leaf.pem"]]

    def evaluate(self, tc: dict, d: str) -> tuple[str, str]:
        if tc.get("max_chain_depth") is not None and self.depth_range is not None:
            n = tc["max_chain_depth"] + self.depth_offset
            lo, hi = self.depth_range
            if not lo <= n <= hi:
                return SKIPPED, f"--max-depth {n} outside the declared range {lo}..{hi}"
        files = write_case(tc, d)
        rc, out, err = run(self.command(tc, files), self.timeout)
        out, err = out.replace(d + os.sep, ""), err.replace(d + os.sep, "")
        if rc is None:
            return HANG, f"no verdict within {self.timeout}s"
        if rc == 0:
            return SUCCESS, one_line(err) or "chain validated"
        if rc == 1:
            return FAILURE, one_line(err)
        return ERROR, f"exit status {rc}: {one_line(err)}"


class OpensslBackend:
    name = "openssl"

    def __init__(self, args: argparse.Namespace):
        self.path = args.openssl or shutil.which("openssl")
        if not self.path:
            sys.exit("limbo_harness: openssl not found")
        self.limbo_compat = args.openssl_limbo_compat
        self.partial_chain = not args.openssl_no_partial_chain
        self.timeout = args.timeout
        self.version = subprocess.run(
            [self.path, "version"], capture_output=True, text=True
        ).stdout.strip()

    def harness_name(self) -> str:
        return "openssl-verify " + self.version

    def command(self, tc: dict, files: dict[str, str]) -> list[str]:
        # Only the given anchors: never the default file, directory or store.
        cmd = [self.path, "verify", "-no-CApath", "-no-CAstore",
               "-CAfile", files["trusted.pem"], "-x509_strict", "-auth_level", "2"]
        if self.partial_chain:
            # As in limbo's OpenSSL harness: every trusted cert is an anchor,
            # self-signed or not (how other path builders work).
            cmd.append("-partial_chain")
        if "untrusted.pem" in files:
            cmd += ["-untrusted", files["untrusted.pem"]]
        if "crls.pem" in files:
            cmd += ["-CRLfile", files["crls.pem"], "-crl_check_all"]
        t = unix_time(tc)
        if t is not None:
            cmd += ["-attime", str(t)]
        else:
            cmd.append("-no_check_time")
        peer = tc.get("expected_peer_name")
        if peer is not None:
            cmd += ["-verify_hostname" if peer["kind"] == "DNS" else "-verify_ip", peer["value"]]
        # limbo's harness sets a purpose only when the case names an EKU;
        # by default we always check for a TLS server, as a TLS client does.
        if not self.limbo_compat or tc.get("extended_key_usage"):
            cmd += ["-purpose", "sslserver"]
        if tc.get("max_chain_depth") is not None:
            cmd += ["-verify_depth", str(tc["max_chain_depth"])]
        return cmd + [files["leaf.pem"]]

    def evaluate(self, tc: dict, d: str) -> tuple[str, str]:
        files = write_case(tc, d)
        rc, out, err = run(self.command(tc, files), self.timeout)
        out, err = out.replace(d + os.sep, ""), err.replace(d + os.sep, "")
        if rc is None:
            return HANG, f"no verdict within {self.timeout}s"
        ok = rc == 0 and out.strip().endswith(": OK")
        if ok:
            return SUCCESS, "OK"
        # openssl verify exits 2 on a verification failure, and on a file it
        # cannot load; both are a rejection by this verifier.
        return FAILURE, one_line(err) or one_line(out) or f"exit status {rc}"


class CryptographyBackend:
    name = "cryptography"

    def __init__(self, args: argparse.Namespace):
        try:
            import cryptography
            from cryptography import x509  # noqa: F401
            from cryptography.x509 import verification  # noqa: F401
        except ImportError as e:
            sys.exit(f"limbo_harness: cryptography backend unavailable: {e}")
        self.version = cryptography.__version__
        self.timeout = args.timeout

    def harness_name(self) -> str:
        return "pyca-cryptography-" + self.version

    def evaluate(self, tc: dict, d: str) -> tuple[str, str]:
        if "denial-of-service" not in (tc.get("features") or []):
            return self._evaluate(tc)
        # A case made to be slow: in a child process, with the timeout.
        import multiprocessing as mp

        ctx = mp.get_context("fork")
        recv, send = ctx.Pipe(duplex=False)

        def child() -> None:
            send.send(self._evaluate(tc))

        p = ctx.Process(target=child, daemon=True)
        p.start()
        send.close()
        try:
            if recv.poll(self.timeout):
                try:
                    return recv.recv()
                except EOFError:
                    p.join()
                    return ERROR, f"verifier died (exit status {p.exitcode})"
            return HANG, f"no verdict within {self.timeout}s"
        finally:
            if p.is_alive():
                p.terminate()
            p.join()
            recv.close()

    def _evaluate(self, tc: dict) -> tuple[str, str]:
        import ipaddress

        from cryptography import x509
        from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

        try:
            roots = [x509.load_pem_x509_certificate(c.encode()) for c in tc["trusted_certs"]]
            inter = [x509.load_pem_x509_certificate(c.encode())
                     for c in tc["untrusted_intermediates"]]
            leaf = x509.load_pem_x509_certificate(tc["peer_certificate"].encode())
        except ValueError as e:
            return FAILURE, f"load: {e}"
        if tc["id"] in CRYPTOGRAPHY_SKIP_IDS:
            return SKIPPED, "upstream pyca harness skips this id: " + CRYPTOGRAPHY_SKIP_IDS[tc["id"]]
        peer = tc.get("expected_peer_name")
        if peer is None:
            return SKIPPED, "no expected_peer_name (server verifier needs one)"
        if peer["kind"] == "DNS":
            subject = x509.DNSName(peer["value"])
        else:
            subject = x509.IPAddress(ipaddress.ip_address(peer["value"]))
        builder = PolicyBuilder().store(Store(roots))
        t = unix_time(tc)
        if t is not None:
            builder = builder.time(datetime.datetime.fromtimestamp(t, datetime.timezone.utc))
        if tc.get("max_chain_depth") is not None:
            builder = builder.max_chain_depth(tc["max_chain_depth"])
        try:
            verifier = builder.build_server_verifier(subject)
        except ValueError as e:
            return FAILURE, str(e)
        try:
            verifier.verify(leaf, inter)
            return SUCCESS, "chain built"
        except VerificationError as e:
            return FAILURE, str(e)


BACKENDS = {"nbtls": NbtlsBackend, "openssl": OpensslBackend,
            "cryptography": CryptographyBackend}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limbo", default="-", help="suite JSON (default: stdin)")
    ap.add_argument("--backend", choices=sorted(BACKENDS), required=True)
    ap.add_argument("--nbtls", help="path to the nbtls program")
    ap.add_argument("--nbtls-arg", action="append", metavar="ARG",
                    help="extra argument for `nbtls verify` (repeatable), e.g. --budget=1")
    ap.add_argument("--nbtls-max-depth-offset", type=int, default=0, metavar="K",
                    help="pass limbo's max_chain_depth (intermediates allowed) + K as "
                         "--max-depth, if nbtls counts the depth differently")
    ap.add_argument("--nbtls-max-depth-range", metavar="LO:HI",
                    help="skip (with the reason) cases whose --max-depth value would be "
                         "outside LO..HI, if nbtls limits it (default: pass any value)")
    ap.add_argument("--openssl", help="path to the openssl program (default: PATH)")
    ap.add_argument("--openssl-limbo-compat", action="store_true",
                    help="check the TLS server purpose only when the case names an EKU, "
                         "as limbo's own OpenSSL harness does")
    ap.add_argument("--openssl-no-partial-chain", action="store_true",
                    help="do not treat non-self-signed trusted certs as anchors")
    ap.add_argument("--unsupported-feature", action="append", default=[], metavar="FEATURE",
                    help="also skip cases with this limbo feature (repeatable)")
    ap.add_argument("--include", help="only ids matching this glob")
    ap.add_argument("--exclude", help="leave out ids matching this glob")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per case")
    ap.add_argument("--output", help="results JSON file (default: stdout)")
    ap.add_argument("--summary-json", help="also write the summary counts here")
    ap.add_argument("--quiet", action="store_true",
                    help="summary table only, no per-case lists")
    ap.add_argument("--max-false-accepts", type=int,
                    help="exit 1 if there are more false accepts than this")
    ap.add_argument("--max-false-rejects", type=int,
                    help="exit 1 if there are more false rejects than this")
    args = ap.parse_args()

    src = sys.stdin if args.limbo == "-" else open(args.limbo)
    with src:
        suite = json.load(src)
    if suite.get("version") != 1:
        print(f"limbo_harness: unexpected suite version {suite.get('version')}", file=sys.stderr)
    cases = suite["testcases"]
    if args.include:
        cases = [t for t in cases if fnmatch.fnmatch(t["id"], args.include)]
    if args.exclude:
        cases = [t for t in cases if not fnmatch.fnmatch(t["id"], args.exclude)]

    backend = BACKENDS[args.backend](args)
    unsupported = dict(DEFAULT_UNSUPPORTED[args.backend])
    for f in args.unsupported_feature:
        unsupported.setdefault(f, "declared unsupported on the command line")

    tmp = tempfile.mkdtemp(prefix="limbo-")
    lock = threading.Lock()
    done = [0]

    def evaluate(i_tc: tuple[int, dict]) -> tuple[str, str]:
        i, tc = i_tc
        reason = common_skip(tc, args.backend, unsupported)
        if reason is not None:
            res = (SKIPPED, reason)
        else:
            d = os.path.join(tmp, str(i))
            os.mkdir(d)
            try:
                res = backend.evaluate(tc, d)
            except Exception as e:  # a harness bug must not look like a verdict
                res = (ERROR, f"harness exception: {type(e).__name__}: {e}")
            finally:
                shutil.rmtree(d, ignore_errors=True)
        with lock:
            done[0] += 1
            if done[0] % 1000 == 0:
                print(f"limbo_harness: {done[0]}/{len(cases)}", file=sys.stderr)
        return res

    try:
        if args.backend == "cryptography" or args.jobs <= 1:
            verdicts = [evaluate(x) for x in enumerate(cases)]
        else:
            with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
                verdicts = list(ex.map(evaluate, enumerate(cases)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    results = []
    table: dict[str, Counter] = defaultdict(Counter)
    lists: dict[str, list[str]] = defaultdict(list)
    skip_reasons: dict[str, Counter] = defaultdict(Counter)
    for tc, (actual, context) in zip(cases, verdicts):
        ns = namespace(tc["id"])
        exp = tc["expected_result"]
        if actual == SKIPPED:
            kind = "skipped"
            skip_reasons[ns][context] += 1
        elif actual in (ERROR, HANG):
            kind = "error"
        elif actual == exp:
            kind = "pass"
        elif actual == SUCCESS:
            kind = "false_accept"
        else:
            kind = "false_reject"
        table[ns][kind] += 1
        if kind in ("false_accept", "false_reject", "error"):
            lists[kind].append(f"{tc['id']}: {context}")
        out_result = FAILURE if actual == ERROR else actual
        out_ctx = f"harness error: {context}" if actual == ERROR else context
        results.append({"id": tc["id"], "actual_result": out_result, "context": out_ctx})

    out = {"version": 1, "harness": backend.harness_name(), "results": results}
    if args.output:
        with open(args.output, "w") as f:
            json.dump(out, f, indent=1)
    else:
        json.dump(out, sys.stdout)
        sys.stdout.write("\n")

    e = sys.stderr
    if not args.quiet:
        for kind in ("false_accept", "false_reject", "error"):
            if lists[kind]:
                print(f"\n== {kind} ({len(lists[kind])})", file=e)
                for line in lists[kind]:
                    print("  " + line, file=e)
        print("\n== skipped, by reason", file=e)
        for ns in sorted(skip_reasons):
            for reason, n in skip_reasons[ns].most_common():
                print(f"  {ns}: {n} x {reason}", file=e)
    cols = ("pass", "false_accept", "false_reject", "skipped", "error")
    print(f"\n== {backend.harness_name()}: {len(cases)} cases", file=e)
    print(f"{'namespace':<14}" + "".join(f"{c:>14}" for c in cols) + f"{'total':>8}", file=e)
    total: Counter = Counter()
    for ns in sorted(table):
        total.update(table[ns])
        print(f"{ns:<14}" + "".join(f"{table[ns][c]:>14}" for c in cols)
              + f"{sum(table[ns].values()):>8}", file=e)
    print(f"{'TOTAL':<14}" + "".join(f"{total[c]:>14}" for c in cols)
          + f"{sum(total.values()):>8}", file=e)
    if args.summary_json:
        with open(args.summary_json, "w") as f:
            json.dump({"harness": backend.harness_name(),
                       "namespaces": {ns: dict(c) for ns, c in table.items()},
                       "total": dict(total),
                       "false_accepts": lists["false_accept"],
                       "false_rejects": lists["false_reject"],
                       "errors": lists["error"]}, f, indent=1)

    status = 0
    if total["error"]:
        print(f"limbo_harness: {total['error']} case(s) without a verdict", file=e)
        status = 1
    if args.max_false_accepts is not None and total["false_accept"] > args.max_false_accepts:
        status = 1
    if args.max_false_rejects is not None and total["false_reject"] > args.max_false_rejects:
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())

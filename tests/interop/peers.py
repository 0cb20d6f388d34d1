"""TLS 1.3 interop peers for nbtls: start any peer as a server, run any peer
as a client, check an echo exchange and close_notify, with timeouts on
everything and no process left behind.

Stdlib only. Peers: openssl (s_server/s_client), gnutls (gnutls-serv/-cli),
go (tests/interop/go, built on first use), rustls (tests/interop/rustls,
built once into its target/), tlslite (tlslite-ng in a venv the harness makes
under tests/interop/.venv) and, with NBTLS set, nbtls (the `nbtls client` /
`nbtls server` subcommands, see README.md).

Exchange: the client is fed one line on stdin; the server sends it back (the
openssl server reverses it: `s_server -rev`); once the answer is on the
client's stdout the harness closes the client's stdin, the client sends
close_notify and the server answers with its own. Peers that can tell print
`CLOSE_NOTIFY received` on stderr; peers print `NEGOTIATED version=..
suite=.. group=.. alpn=..` after the handshake where they can, and the
harness checks it against what was asked.
"""

import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
GO = shutil.which("go") or "/usr/local/go/bin/go"
CARGO = shutil.which("cargo") or os.path.expanduser("~/.cargo/bin/cargo")
GROUPS = ["x25519", "secp256r1", "secp384r1"]
SUITES = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256"]
START_TIMEOUT = 60.0  # first start may build (go) or import (tlslite)
CLIENT_TIMEOUT = 30.0


class Unsupported(Exception):
    """The peer cannot do what the case asks (a capability, not a failure)."""


# --------------------------------------------------------------- certificates

def _openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, timeout=60,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def mint_certs(d):
    """Writes the test PKI into directory d and returns {name: path}.

    rsa-root (RSA-2048 CA) -> p256-int (P-256 CA) -> p256 leaf "localhost" +
    IP 127.0.0.1 (chain file: leaf + intermediate); p384-root -> p384 leaf;
    rsa-self (RSA-2048 self-signed "localhost", the tlsfuzzer-style server
    cert); client-root (P-256) -> client leaf (clientAuth)."""
    os.makedirs(d, exist_ok=True)
    ext = os.path.join(d, "ext.cnf")
    with open(ext, "w") as f:
        f.write("[ca]\nbasicConstraints=critical,CA:TRUE\n"
                "keyUsage=critical,keyCertSign,cRLSign\n"
                "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
                "[server]\nbasicConstraints=critical,CA:FALSE\n"
                "keyUsage=critical,digitalSignature,keyEncipherment\n"
                "extendedKeyUsage=serverAuth\n"
                "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
                "[self]\nbasicConstraints=critical,CA:FALSE\n"
                "keyUsage=critical,digitalSignature,keyEncipherment\n"
                "extendedKeyUsage=serverAuth\n"
                "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                "subjectKeyIdentifier=hash\n"
                "[client]\nbasicConstraints=critical,CA:FALSE\n"
                "keyUsage=critical,digitalSignature\n"
                "extendedKeyUsage=clientAuth\n"
                "subjectAltName=DNS:client.test\n"
                "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n")
    algs = {"rsa": ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
            "p256": ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
            "p384": ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"]}

    def key(name, alg):
        _openssl("genpkey", *algs[alg], "-out", f"{name}.key", cwd=d)

    def selfsign(name, alg, cn, section):
        key(name, alg)
        _openssl("req", "-new", "-x509", "-key", f"{name}.key", "-out",
                 f"{name}.pem", "-days", "30", "-subj", f"/CN={cn}",
                 "-config", ext, "-extensions", section, "-sha256", cwd=d)

    def issue(name, alg, cn, section, ca):
        key(name, alg)
        _openssl("req", "-new", "-key", f"{name}.key", "-out", f"{name}.csr",
                 "-subj", f"/CN={cn}", cwd=d)
        _openssl("x509", "-req", "-in", f"{name}.csr", "-CA", f"{ca}.pem",
                 "-CAkey", f"{ca}.key", "-CAcreateserial", "-out",
                 f"{name}.pem", "-days", "30", "-extfile", ext,
                 "-extensions", section, "-sha256", cwd=d)

    selfsign("rsa-root", "rsa", "nbtls interop RSA root", "ca")
    issue("p256-int", "p256", "nbtls interop P-256 intermediate", "ca", "rsa-root")
    issue("p256", "p256", "localhost", "server", "p256-int")
    selfsign("p384-root", "p384", "nbtls interop P-384 root", "ca")
    issue("p384", "p384", "localhost", "server", "p384-root")
    selfsign("rsa-self", "rsa", "localhost", "self")
    issue("rsa-leaf", "rsa", "localhost", "server", "rsa-root")
    selfsign("rogue", "p256", "rogue client", "client")  # no trusted issuer
    selfsign("client-root", "p256", "nbtls interop client root", "ca")
    issue("client", "p256", "client.test", "client", "client-root")

    def cat(out, *parts):
        with open(os.path.join(d, out), "w") as f:
            for p in parts:
                with open(os.path.join(d, p)) as g:
                    f.write(g.read())

    cat("p256-chain.pem", "p256.pem", "p256-int.pem")
    cat("p256-chain.pem.extra", "p256-int.pem")
    cat("p384-chain.pem", "p384.pem")
    cat("rsa-self-chain.pem", "rsa-self.pem")
    cat("rsa-ca-chain.pem", "rsa-leaf.pem")
    cat("client-chain.pem", "client.pem")
    cat("rogue-chain.pem", "rogue.pem")
    j = lambda n: os.path.join(d, n)
    return {
        # name: (chain, key, trust anchor for clients)
        "p256": (j("p256-chain.pem"), j("p256.key"), j("rsa-root.pem")),
        "p384": (j("p384-chain.pem"), j("p384.key"), j("p384-root.pem")),
        "rsa": (j("rsa-self-chain.pem"), j("rsa-self.key"), j("rsa-self.pem")),
        "rsa-ca": (j("rsa-ca-chain.pem"), j("rsa-leaf.key"), j("rsa-root.pem")),
        "client": (j("client-chain.pem"), j("client.key"), j("client-root.pem")),
        "rogue": (j("rogue-chain.pem"), j("rogue.key"), j("rogue.pem")),
    }


# ---------------------------------------------------------------- the cases

@dataclass
class Case:
    """What one handshake asks of both ends."""
    cert: str = "p256"          # server certificate: p256 | p384 | rsa | rsa-ca
    group: str = None           # None: peers' defaults
    suite: str = None
    alpn: str = None            # one protocol, offered and accepted
    client_auth: bool = False   # the server requires a client certificate
    client_cert: str = "client"  # which one the client presents
    servername: str = "localhost"
    key_update: bool = False    # the client sends KeyUpdate(update_requested) first
    trust: str = None           # the client's anchor: that of another cert
    expect_fail: bool = False   # the handshake must fail (client rejects)
    client_groups: str = None   # the client's groups when not `group` (HRR)
    bulk: int = 0               # bytes each way instead of one short line

    def anchor(self):
        return self.trust or self.cert

    def label(self):
        parts = [self.cert, self.group or "-", self.suite or "-"]
        if self.key_update:
            parts.append("keyupdate")
        if self.client_groups:
            parts.append(f"client-groups={self.client_groups}")
        if self.bulk:
            parts.append(f"bulk={self.bulk // 1024}KiB")
        if self.trust:
            parts.append(f"trust={self.trust}")
        if self.expect_fail:
            parts.append("(must fail)")
        if self.alpn:
            parts.append("alpn=" + self.alpn)
        if self.client_auth:
            parts.append("mtls" if self.client_cert == "client" else f"mtls:{self.client_cert}")
        if self.servername != "localhost":
            parts.append("name=" + self.servername)
        return " ".join(parts)


# ------------------------------------------------------------------- peers

GNUTLS_CIPHER = {"TLS_AES_128_GCM_SHA256": "AES-128-GCM",
                 "TLS_AES_256_GCM_SHA384": "AES-256-GCM",
                 "TLS_CHACHA20_POLY1305_SHA256": "CHACHA20-POLY1305"}
GNUTLS_GROUP = {"x25519": "GROUP-X25519", "secp256r1": "GROUP-SECP256R1",
                "secp384r1": "GROUP-SECP384R1"}


class Peer:
    name = "?"
    # capability -> None (supported) or the reason it is not
    caps = {}
    # the client can tell close_notify from a bare TCP close
    client_close_notify = False
    server_close_notify = False
    max_bulk = 1 << 30
    # the exit status a client must end with on a case that must fail
    # (None: any; nbtls client: 1, a TLS/certificate failure)
    fail_status = None

    def groups(self, case, role):
        """The comma-separated groups this end is given, or None."""
        return (case.client_groups or case.group) if role == "client" else case.group

    def need(self, case, role):
        """Raises Unsupported when this peer cannot play role in case."""
        # a suite the peer cannot choose is forced by the other end
        # (run_matrix skips a pair where neither end can)
        if (case.client_auth and case.client_cert != "client" and role == "server"
                and self.caps.get("client-ca")):
            raise Unsupported(self.caps["client-ca"])
        if case.key_update and role == "client" and self.caps.get("keyupdate"):
            raise Unsupported(self.caps["keyupdate"])
        if case.bulk > self.max_bulk:
            raise Unsupported(self.caps["bulk"])

    def answer(self, line):
        return line  # echo

    def preamble(self, case):
        """Bytes the client is fed before the line (and a pause)."""
        return b""

    def client_report(self, out, err):
        """(NEGOTIATED dict or None, close_notify seen: True/False/None
        when this client cannot tell) from a client's output."""
        cn = ("CLOSE_NOTIFY received" in err) if self.client_close_notify else None
        return parse_negotiated(err), cn

    def server_report(self, log):
        """NEGOTIATED dict or None from what the server logged for one
        connection."""
        return parse_negotiated(log)

    def prepare(self):
        pass


def is_ip(name):
    try:
        socket.inet_pton(socket.AF_INET6 if ":" in name else socket.AF_INET, name)
        return True
    except OSError:
        return False


def _common_args(case, certs, role):
    a = []
    if case.alpn:
        a += ["--alpn", case.alpn]
    groups = Peer.groups(None, case, role)
    if groups:
        a += ["--groups", groups]
    if case.suite:
        a += ["--suites", case.suite]
    if role == "server":
        chain, key, _ = certs[case.cert]
        a += ["--cert", chain, "--key", key]
        if case.client_auth:
            a += ["--client-ca", certs["client"][2]]
    else:
        a += ["--trust", certs[case.anchor()][2]]
        if case.client_auth:
            a += ["--cert", certs[case.client_cert][0], "--key", certs[case.client_cert][1]]
        a += ["--servername", case.servername]
        if case.key_update:
            a += ["--key-update"]
    return a


class OpenSSL(Peer):
    name = "openssl"
    caps = {"keyupdate": None,
            "close-notify": "s_client -quiet does not report the server's close_notify"}

    def prepare(self):
        if not shutil.which("openssl"):
            raise RuntimeError("no openssl command")

    def answer(self, line):
        # s_server -rev: the line without its newline, reversed
        return b"".join(x[::-1] + b"\n" for x in line.split(b"\n")[:-1])

    def server_report(self, log):
        # s_server -rev: "Protocol version: TLSv1.3", "Ciphersuite: TLS_.."
        neg = {}
        for line in log.splitlines():
            if line.startswith("Protocol version: "):
                neg["version"] = line.split(": ", 1)[1].strip()
            elif line.startswith("Ciphersuite: "):
                neg["suite"] = line.split(": ", 1)[1].strip()
        return neg or None

    def preamble(self, case):
        # s_client: a line "K" sends KeyUpdate(update_requested), "KEYUPDATE"
        # on stderr; it must come alone in its read of stdin, hence the pause
        return b"K\n" if case.key_update else b""

    def server_argv(self, case, certs, port):
        chain, key, _ = certs[case.cert]
        a = ["openssl", "s_server", "-accept", f"127.0.0.1:{port}", "-tls1_3",
             "-cert", chain, "-key", key, "-rev", "-quiet"]
        if os.path.exists(chain + ".extra"):  # s_server sends only -cert's first
            a += ["-cert_chain", chain + ".extra"]
        if case.group:
            a += ["-groups", case.group]
        if case.suite:
            a += ["-ciphersuites", case.suite]
        if case.alpn:
            a += ["-alpn", case.alpn]
        if case.client_auth:
            a += ["-Verify", "2", "-CAfile", certs["client"][2],
                  "-verify_return_error"]
        return a

    def client_argv(self, case, certs, host, port):
        a = ["openssl", "s_client", "-connect", f"{host}:{port}", "-tls1_3",
             "-CAfile", certs[case.anchor()][2], "-verify_return_error",
             "-quiet", "-no_ign_eof"]
        if self.groups(case, "client"):
            a += ["-groups", self.groups(case, "client").replace(",", ":")]
        if is_ip(case.servername):  # no SNI for an IP literal (RFC 6066 3)
            a += ["-verify_ip", case.servername, "-noservername"]
        else:
            a += ["-verify_hostname", case.servername, "-servername", case.servername]
        if case.suite:
            a += ["-ciphersuites", case.suite]
        if case.alpn:
            a += ["-alpn", case.alpn]
        if case.client_auth:
            a += ["-cert", certs[case.client_cert][0], "-key", certs[case.client_cert][1]]
        return a


class GnuTLS(Peer):
    """gnutls-serv has no option to listen on loopback only (it binds every
    address): run_matrix.py runs in a private network namespace, and a
    gnutls server without one is n/a."""
    name = "gnutls"
    caps = {"keyupdate": "gnutls-cli has no way here to send KeyUpdate "
                         "(the server answers one)"}
    client_close_notify = True  # "- Peer has closed the GnuTLS connection"

    def prepare(self):
        if not (shutil.which("gnutls-serv") and shutil.which("gnutls-cli")):
            raise RuntimeError("no gnutls-serv/gnutls-cli (Debian gnutls-bin)")

    def client_report(self, out, err):
        text = out + err
        neg = None
        for line in text.splitlines():
            # - Description: (TLS1.3-X.509)-(ECDHE-X25519)-(ECDSA-..)-(AES-128-GCM)
            if line.startswith("- Description: (TLS1.3"):
                parts = line.split("(")
                group = parts[2].split(")")[0].replace("ECDHE-", "").lower()
                cipher = parts[-1].split(")")[0]
                suite = {v: k for k, v in GNUTLS_CIPHER.items()}.get(cipher, cipher)
                neg = {"version": "TLSv1.3", "suite": suite, "group": group}
            elif line.startswith("- Description: "):
                neg = {"version": line.split("(")[1].split("-")[0]}
            elif line.startswith("- Application protocol: ") and neg is not None:
                neg["alpn"] = line.split(": ", 1)[1].strip()
        return neg, "- Peer has closed the GnuTLS connection" in text

    def server_report(self, log):
        return self.client_report(log, "")[0]  # the same "- Description:" lines

    def priority(self, case, role):
        p = "NORMAL:-VERS-ALL:+VERS-TLS1.3"
        groups = self.groups(case, role)
        if groups:
            p += ":-GROUP-ALL" + "".join(":+" + GNUTLS_GROUP[g] for g in groups.split(","))
        if case.suite:
            p += ":-CIPHER-ALL:+" + GNUTLS_CIPHER[case.suite]
        return p

    def need(self, case, role):
        super().need(case, role)
        if role == "server" and not isolated():
            raise Unsupported("gnutls-serv listens on every address: only "
                              "inside a private network namespace")

    def server_argv(self, case, certs, port):
        chain, key, _ = certs[case.cert]
        a = ["gnutls-serv", "--port", str(port), "--echo", "--x509certfile",
             chain, "--x509keyfile", key, "--priority", self.priority(case, "server"),
             "--disable-client-cert"]
        if case.alpn:
            a += ["--alpn", case.alpn, "--alpn-fatal"]
        if case.client_auth:
            a.remove("--disable-client-cert")
            a += ["--require-client-cert", "--verify-client-cert",
                  "--x509cafile", certs["client"][2]]
        return a

    def client_argv(self, case, certs, host, port):
        a = ["gnutls-cli", "--port", str(port), "--x509cafile",
             certs[case.anchor()][2], "--priority", self.priority(case, "client"),
             "--verify-hostname", case.servername, host]
        if not is_ip(case.servername):
            a[-1:-1] = ["--sni-hostname", case.servername]
        if case.alpn:
            a += ["--alpn", case.alpn]
        if case.client_auth:
            a += ["--x509certfile", certs[case.client_cert][0], "--x509keyfile",
                  certs[case.client_cert][1]]
        return a


class Go(Peer):
    name = "go"
    caps = {"suite": "Go cannot choose TLS 1.3 cipher suites",
            "keyupdate": "Go cannot send KeyUpdate",
            "close-notify": "Go reports close_notify and a bare TCP close alike"}
    bindir = os.path.join(HERE, "go", "bin")

    def prepare(self):
        env = dict(os.environ, GOFLAGS="-mod=mod", GOTOOLCHAIN="local",
                   CGO_ENABLED="0")
        env.setdefault("GOCACHE", os.path.join(HERE, "go", ".cache"))
        subprocess.run([GO, "build", "-o", self.bindir + "/", "./server",
                        "./client"], cwd=os.path.join(HERE, "go"), env=env,
                       check=True, timeout=600)

    def server_argv(self, case, certs, port):
        c = Case(**{**case.__dict__, "suite": None})
        return [os.path.join(self.bindir, "server"), "--port", str(port),
                *_common_args(c, certs, "server")]

    def client_argv(self, case, certs, host, port):
        c = Case(**{**case.__dict__, "suite": None})
        return [os.path.join(self.bindir, "client"),
                *_common_args(c, certs, "client"), host, str(port)]


class Rustls(Peer):
    name = "rustls"
    caps = {"keyupdate": None}
    client_close_notify = True
    server_close_notify = True
    target = os.path.join(HERE, "rustls", "target", "release")

    def prepare(self):
        subprocess.run([CARGO, "build", "--release", "--quiet"]
                       + (["--offline"] if isolated() else []),
                       cwd=os.path.join(HERE, "rustls"), check=True,
                       timeout=1800)

    def server_argv(self, case, certs, port):
        return [os.path.join(self.target, "rustls-server"), "--port",
                str(port), *_common_args(case, certs, "server")]

    def client_argv(self, case, certs, host, port):
        return [os.path.join(self.target, "rustls-client"),
                *_common_args(case, certs, "client"), host, str(port)]


class TLSLite(Peer):
    name = "tlslite"
    max_bulk = 64 << 10
    caps = {"bulk": "tlslite-ng's pure-Python AEAD is too slow for 1 MiB "
                    "within the timeout (64 KiB cells run)",
            "path-validation": "tlslite-ng does not validate the server chain "
                               "(the client checks the top's issuer name only)",
            "client-ca": "tlslite-ng's server requires a client certificate "
                         "but cannot verify it against a CA",
            "hostname": "tlslite-ng's client does not check the server's name"}
    client_close_notify = True
    server_close_notify = True
    venv = os.path.join(HERE, ".venv")

    def need(self, case, role):
        super().need(case, role)
        if (role == "client" and case.expect_fail
                and case.servername not in ("localhost", "127.0.0.1")):
            raise Unsupported(self.caps["hostname"])

    @property
    def python(self):
        return os.path.join(self.venv, "bin", "python")

    def prepare(self):
        if not os.path.exists(self.python):
            subprocess.run([sys.executable, "-m", "venv", self.venv],
                           check=True, timeout=300)
        ok = subprocess.run([self.python, "-c", "import tlslite"],
                            capture_output=True).returncode == 0
        if not ok:
            subprocess.run([self.python, "-m", "pip", "install", "-q",
                            "tlslite-ng==0.8.2"], check=True, timeout=600)

    def server_argv(self, case, certs, port):
        return [self.python, os.path.join(HERE, "tlslite_peer.py"), "server",
                "--port", str(port), *_common_args(case, certs, "server")]

    def client_argv(self, case, certs, host, port):
        return [self.python, os.path.join(HERE, "tlslite_peer.py"), "client",
                *_common_args(case, certs, "client"), host, str(port)]


class NbTLS(Peer):
    """nbtls's own `nbtls client` (apps/nbtls/client.c); there is no
    `nbtls server` yet (issue 14), so nbtls plays clients only.

    The client's contract (client.c): stdin to the connection, the
    connection to stdout; at stdin's end it sends close_notify and ends at
    the server's close_notify or its TCP close after ours (so it cannot tell
    the two apart: no `CLOSE_NOTIFY received` line; the server's side is
    checked where the server can tell). Exit status 0 on a clean close, 1
    on a TLS or certificate failure (the reason on stderr), 2 on usage or
    I/O errors: a case that must fail must exit 1, not 2. After the
    handshake it prints a one-line summary on stderr; its wording is not a
    contract, so it is parsed only when it can be (see client_report).
    Spellings accepted by both the first client and issue 13's
    (HOST:PORT, --trust, --suites, --groups, --alpn, --servername,
    --cert/--key)."""
    name = "nbtls"
    caps = {"keyupdate": "nbtls client has no option to send a KeyUpdate",
            "server": "nbtls has no server role yet (issue 14)",
            "leaf-anchor": "nbtls trusts CA certificates only: a self-signed "
                           "cA=FALSE leaf is no trust anchor (the rsa-ca case "
                           "covers RSA)"}
    fail_status = 1

    def __init__(self, path):
        self.path = os.path.abspath(path)

    def prepare(self):
        if not os.access(self.path, os.X_OK):
            raise RuntimeError(f"no nbtls binary at {self.path}")

    def need(self, case, role):
        if role == "server":
            raise Unsupported(self.caps["server"])
        if case.cert == "rsa" and case.anchor() == "rsa":
            raise Unsupported(self.caps["leaf-anchor"])
        super().need(case, role)

    def client_report(self, out, err):
        return parse_nbtls_summary(err), None

    def server_argv(self, case, certs, port):
        raise Unsupported(self.caps["server"])

    def client_argv(self, case, certs, host, port):
        a = [self.path, "client", "--trust", certs[case.anchor()][2],
             "--servername", case.servername]
        if case.client_auth:
            a += ["--cert", certs[case.client_cert][0], "--key", certs[case.client_cert][1]]
        return a + _opt_lists(case, "client") + [f"{host}:{port}"]


def parse_nbtls_summary(err):
    """NEGOTIATED-style dict from nbtls client's summary line, or None.

    Reads the line leniently (`nbtls client: TLSv1.3 <suite> <group> ...
    alpn=<p> ...`, any order): a `NEGOTIATED` line wins; otherwise the
    first stderr line holding `TLSv1.3` gives the version, a `TLS_*` word
    the suite, a known group name the group, `alpn=` the ALPN (`-` or empty:
    none). Nothing found: None (no check)."""
    neg = parse_negotiated(err)
    if neg:
        return neg
    for line in err.splitlines():
        words = line.replace(",", " ").split()
        if "TLSv1.3" not in words and "version=TLSv1.3" not in words:
            continue
        neg = {"version": "TLSv1.3"}
        for w in words:
            k, _, v = w.partition("=")
            if not _ and w.startswith("TLS_"):
                neg["suite"] = w
            elif not _ and w in ("x25519", "secp256r1", "secp384r1"):
                neg["group"] = w
            elif _ and k in ("suite", "group"):
                neg[k] = v
            elif _ and k == "alpn":
                neg["alpn"] = "" if v in ("-", "none") else v
        return neg
    return None


class PySSL(Peer):
    """Python's `ssl` module (the system OpenSSL behind the stdlib API) as
    an echo server (pyssl_peer.py); server only."""
    name = "python"
    caps = {"suite": "Python's ssl cannot choose TLS 1.3 cipher suites",
            "client": "python is a server peer only here"}
    server_close_notify = True

    def need(self, case, role):
        if role == "client":
            raise Unsupported(self.caps["client"])
        super().need(case, role)

    def server_argv(self, case, certs, port):
        c = Case(**{**case.__dict__, "suite": None})
        return [sys.executable, os.path.join(HERE, "pyssl_peer.py"), "server",
                "--port", str(port), *_common_args(c, certs, "server")]


def _opt_lists(case, role):
    a = []
    if case.alpn:
        a += ["--alpn", case.alpn]
    groups = Peer.groups(None, case, role)
    if groups:
        a += ["--groups", groups]
    if case.suite:
        a += ["--suites", case.suite]
    return a


def all_peers(nbtls=None):
    peers = [OpenSSL(), GnuTLS(), Go(), Rustls(), TLSLite(), PySSL()]
    if nbtls:
        peers.append(NbTLS(nbtls))
    return peers


# --------------------------------------------------------------- processes

NETNS_ENV = "NBTLS_INTEROP_NETNS"


def isolated():
    """True inside the private network namespace run_matrix.py makes."""
    return os.environ.get(NETNS_ENV) == "1"


def enter_netns(argv):
    """Re-executes argv in a new network namespace (only a loopback, brought
    up first), so no server of the run can be reached from outside. Returns
    only if that is not possible here (no unshare, no privilege)."""
    unshare = shutil.which("unshare")
    if not unshare or sys.platform != "linux":
        return
    flags = ["-n"] if os.geteuid() == 0 else ["-r", "-n"]
    probe = subprocess.run([unshare, *flags, "true"], capture_output=True)
    if probe.returncode != 0:
        return
    env = dict(os.environ, **{NETNS_ENV: "1"})
    os.execve(unshare, [unshare, *flags, "--", *argv], env)


def loopback_up():
    """Brings `lo` up (a new network namespace starts with it down)."""
    import fcntl
    import struct
    SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        ifr = fcntl.ioctl(s, SIOCGIFFLAGS, struct.pack("16sh", b"lo", 0))
        flags = struct.unpack("16sh", ifr[:18])[1]
        fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sh", b"lo", flags | IFF_UP))

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port):
    """True when something listens on 127.0.0.1:port (or 0.0.0.0:port)."""
    try:
        with open("/proc/net/tcp") as f:
            for line in f.readlines()[1:]:
                parts = line.split()
                addr, st = parts[1], parts[3]
                ip, p = addr.split(":")
                if st == "0A" and int(p, 16) == port and ip in ("0100007F", "00000000"):
                    return True
        with open("/proc/net/tcp6") as f:
            for line in f.readlines()[1:]:
                parts = line.split()
                ip, p = parts[1].split(":")
                if parts[3] == "0A" and int(p, 16) == port and set(ip) == {"0"}:
                    return True
        return False
    except OSError:  # no /proc: probe (servers here survive a bare connect)
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return True
        except OSError:
            return False


def _kill(proc):
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


class Server:
    """A running peer server; use as a context manager. Its stdin stays open
    (OpenSSL's s_server quits when its stdin ends); stdout+stderr go to a log
    file read by new_log()."""

    def __init__(self, peer, case, certs, logdir):
        self.peer, self.case = peer, case
        self.argv = None
        self.proc = None
        self.log_path = tempfile.mktemp(prefix=f"{peer.name}-server-", dir=logdir)
        self.log_pos = 0

    def start(self, certs):
        last = ""
        for _attempt in range(3):  # a free port can be taken in between
            self.port = free_port()
            self.argv = self.peer.server_argv(self.case, certs, self.port)
            log = open(self.log_path, "ab")
            self.proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE,
                                         stdout=log, stderr=log,
                                         start_new_session=True)
            log.close()
            deadline = time.monotonic() + START_TIMEOUT
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    break
                if _listening(self.port):
                    return self
                time.sleep(0.05)
            _kill(self.proc)
            last = self.new_log()
        raise RuntimeError(f"{self.peer.name} server did not start: "
                           f"{' '.join(self.argv)}\n{last[-2000:]}")

    def new_log(self):
        """What the server logged since the last call."""
        with open(self.log_path, "rb") as f:
            f.seek(self.log_pos)
            data = f.read()
        self.log_pos += len(data)
        return data.decode(errors="replace")

    def stop(self):
        if self.proc:
            if self.proc.stdin:
                try:
                    self.proc.stdin.close()
                except OSError:
                    pass
            _kill(self.proc)

    def __exit__(self, *exc):
        self.stop()
        try:
            os.unlink(self.log_path)
        except OSError:
            pass

    def __enter__(self):
        return self


@dataclass
class Result:
    ok: bool
    detail: str = ""
    notes: list = field(default_factory=list)


def parse_negotiated(text):
    for line in text.splitlines():
        if line.startswith("NEGOTIATED "):
            return dict(kv.split("=", 1) for kv in line.split()[1:])
    return None


def check_negotiated(neg, case, who):
    """Compares a NEGOTIATED line with the case; returns an error or None."""
    if neg is None:
        return None
    if neg.get("version") != "TLSv1.3":
        return f"{who}: version {neg.get('version')}"
    if case.suite and neg.get("suite") and neg["suite"] != case.suite:
        return f"{who}: suite {neg['suite']} != {case.suite}"
    if case.group and neg.get("group") and neg["group"] != case.group:
        return f"{who}: group {neg['group']} != {case.group}"
    if case.alpn is not None and "alpn" in neg and neg["alpn"] != case.alpn:
        return f"{who}: alpn {neg['alpn']!r} != {case.alpn!r}"
    return None


def run_client(client, server, case, certs, line=None, host="127.0.0.1",
               timeout=CLIENT_TIMEOUT):
    """Runs client against server (a started Server) for one echo exchange
    (timeout: seconds for the whole client run)."""
    if line is None and case.bulk:
        # lines of 63 hex digits + newline: no s_client command letters
        line = b"".join(os.urandom(32).hex()[:63].encode() + b"\n"
                        for _ in range(case.bulk // 64))
    line = line or (b"nbtls-interop %d %s\n" % (os.getpid(), os.urandom(6).hex().encode()))
    want = server.peer.answer(line)
    argv = client.client_argv(case, certs, host, server.port)
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    out, err = b"", b""
    deadline = time.monotonic() + timeout
    try:
        pre = client.preamble(case)
        if pre:
            proc.stdin.write(pre)
            proc.stdin.flush()
            time.sleep(0.5)
        # Feed stdin and drain stdout/stderr together: a bulk payload would
        # otherwise fill both pipes and stall client, server and harness.
        pending = memoryview(line)
        win = proc.stdin.fileno()
        os.set_blocking(win, False)
        stdin_closed = False
        out, err = bytearray(), bytearray()
        fds = {proc.stdout.fileno(): "out", proc.stderr.fileno(): "err"}
        while fds and time.monotonic() < deadline:
            if (not stdin_closed and not pending and len(out) >= len(want)
                    and want in out):
                proc.stdin.close()  # the client sends close_notify now
                stdin_closed = True
            wfds = [win] if pending and not stdin_closed else []
            r, w, _ = select.select(list(fds), wfds, [], 0.1)
            if w:
                try:
                    n = os.write(win, pending[:65536])
                    pending = pending[n:]
                except BlockingIOError:
                    pass
                except BrokenPipeError:  # the client is gone
                    pending = memoryview(b"")
                    proc.stdin.close()
                    stdin_closed = True
            for fd in r:
                chunk = os.read(fd, 65536)
                if not chunk:
                    del fds[fd]
                elif fds[fd] == "out":
                    out += chunk
                else:
                    err += chunk
        out, err = bytes(out), bytes(err)
        try:
            rc = proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            rc = None
    except BrokenPipeError:
        rc = proc.wait(timeout=10)
    finally:
        _kill(proc)
    time.sleep(0.05)  # let the server log the connection's end
    slog = server.new_log()
    errs = err.decode(errors="replace")
    tail = (errs.strip().splitlines() or [""])[-1][:160]
    if case.expect_fail:
        if rc is None:
            return Result(False, "timeout instead of a failed handshake")
        # the decisive sign is the missing echo: in TLS 1.3 a client whose
        # certificate the server rejects has finished its handshake already
        if want in out:
            return Result(False, f"exchange succeeded (rc={rc}) but must fail")
        if client.fail_status is not None and rc != client.fail_status:
            return Result(False, f"client exit {rc} (must be {client.fail_status}): {tail}")
        return Result(True, "", ["rejected"])
    if rc is None:
        return Result(False, f"timeout ({timeout:.0f}s); got {out[:80]!r}; {tail}")
    if want not in out:
        return Result(False, f"no echo (rc={rc}): {tail} | server: "
                      + (slog.strip().splitlines() or [""])[-1][:160])
    if rc != 0:
        return Result(False, f"client exit {rc}: {tail}")
    cneg, ccn = client.client_report(out.decode(errors="replace"), errs)
    notes = []
    for who, neg in (("client", cneg), ("server", server.peer.server_report(slog))):
        e = check_negotiated(neg, case, who)
        if e:
            return Result(False, e)
        if neg:
            notes.append("neg:" + who)
    if case.key_update and "KEYUPDATE" not in errs:
        return Result(False, "client: no KeyUpdate sent")
    # Peers that can tell close_notify from a bare close say so; every peer
    # sends close_notify at its end, so one must have arrived.
    if ccn is False:
        return Result(False, "client: no close_notify from the server")
    if ccn:
        notes.append("cn>")
    if server.peer.server_close_notify:
        if "CLOSE_NOTIFY received" not in slog:
            return Result(False, "server: no close_notify from the client: "
                          + (slog.strip().splitlines() or [""])[-1][:160])
        notes.append("cn<")
    return Result(True, "", notes)

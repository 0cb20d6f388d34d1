#!/usr/bin/env python3
"""Cross-check every value of the P-256 vector files in tests/vectors with
independent implementations: Python `cryptography` and the openssl command.
A vector file that disagrees with them fails this check (run by ctest as
vectors_crosscheck). Exit 77 (skipped) when `cryptography` is missing.
Prints "N passed, N failed" like the C tests."""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

try:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, utils
except ImportError:
    print("SKIP: Python `cryptography` is not installed")
    sys.exit(77)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import testlib  # noqa: E402
from testlib import Checks  # noqa: E402

HERE = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
OPENSSL = shutil.which("openssl")
check = Checks()


def records(name):
    return testlib.records(os.path.join(HERE, name))


def pub_from_priv(d):
    return ec.derive_private_key(d, ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


def openssl_verify(pub65, digest, sig64):
    if not OPENSSL:
        return True
    pub = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), pub65)
    pem = pub.public_bytes(serialization.Encoding.PEM,
                           serialization.PublicFormat.SubjectPublicKeyInfo)
    der = utils.encode_dss_signature(int.from_bytes(sig64[:32], "big"),
                                     int.from_bytes(sig64[32:], "big"))
    with tempfile.TemporaryDirectory() as d:
        open(d + "/pub.pem", "wb").write(pem)
        open(d + "/dg", "wb").write(digest)
        open(d + "/sig", "wb").write(der)
        res = subprocess.run([OPENSSL, "pkeyutl", "-verify", "-pubin", "-inkey",
                              d + "/pub.pem", "-in", d + "/dg", "-sigfile",
                              d + "/sig"], capture_output=True)
        return res.returncode == 0


HASHES = {"SHA-1": hashes.SHA1(), "SHA-224": hashes.SHA224(), "SHA-256": hashes.SHA256(),
          "SHA-384": hashes.SHA384(), "SHA-512": hashes.SHA512()}

# ---- p256_params.txt: G is 1*G, n*G fails (n is the order) ------------------
prm = records("p256_params.txt")[0]
p, n = int(prm["p"], 16), int(prm["n"], 16)
gx, gy = int(prm["Gx"], 16), int(prm["Gy"], 16)
check(pub_from_priv(1) == b"\x04" + bytes.fromhex(prm["Gx"] + prm["Gy"]), "1*G == G")
check((gy * gy - (gx ** 3 + int(prm["a"], 16) * gx + int(prm["b"], 16))) % p == 0, "G on curve")
try:
    ec.derive_private_key(n, ec.SECP256R1())
    check(False, "cryptography rejects the scalar n")
except ValueError:
    check(True, "")
check(pub_from_priv(n - 1) == b"\x04" + bytes.fromhex(prm["Gx"]) + (p - gy).to_bytes(32, "big"),
      "(n-1)*G == -G")

# ---- p256_rfc6979.txt ---------------------------------------------------------
recs = records("p256_rfc6979.txt")
key = recs[0]
x = int(key["x"], 16)
check(pub_from_priv(x) == b"\x04" + bytes.fromhex(key["Ux"] + key["Uy"]), "RFC 6979 U = xG")
priv = ec.derive_private_key(x, ec.SECP256R1())
for rec in recs[1:]:
    h = HASHES[rec["hash"]]
    digest = bytes.fromhex(rec["digest"])
    check(digest == hashlib.new(h.name, rec["msg"].encode()).digest(), "digest " + rec["hash"])
    check(len(digest) == int(rec["hash_len"]), "hash_len")
    der = priv.sign(rec["msg"].encode(), ec.ECDSA(h, deterministic_signing=True))
    r, s = utils.decode_dss_signature(der)
    check((r, s) == (int(rec["r"], 16), int(rec["s"], 16)),
          "RFC 6979 %s %s deterministic signature" % (rec["hash"], rec["msg"]))
    der2 = priv.sign(digest, ec.ECDSA(utils.Prehashed(h), deterministic_signing=True))
    check(der2 == der, "Prehashed deterministic signature " + rec["hash"])
    check(openssl_verify(pub_from_priv(x), digest, bytes.fromhex(rec["r"] + rec["s"])),
          "openssl verifies RFC 6979 " + rec["hash"])
    # k: r is the x coordinate of kG mod n
    kx = int.from_bytes(pub_from_priv(int(rec["k"], 16))[1:33], "big")
    check(kx % n == int(rec["r"], 16), "r == (kG).x mod n " + rec["hash"])

# ---- p256_rfc5903.txt ---------------------------------------------------------
v = records("p256_rfc5903.txt")[0]
i_, r_ = int(v["i"], 16), int(v["r"], 16)
check(pub_from_priv(i_) == b"\x04" + bytes.fromhex(v["gix"] + v["giy"]), "RFC 5903 g^i")
check(pub_from_priv(r_) == b"\x04" + bytes.fromhex(v["grx"] + v["gry"]), "RFC 5903 g^r")
for a_, peer in ((i_, v["grx"] + v["gry"]), (r_, v["gix"] + v["giy"])):
    pk = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), bytes.fromhex("04" + peer))
    shared = ec.derive_private_key(a_, ec.SECP256R1()).exchange(ec.ECDH(), pk)
    check(shared == bytes.fromhex(v["girx"]), "RFC 5903 shared secret")
if OPENSSL:
    with tempfile.TemporaryDirectory() as d:
        k = ec.derive_private_key(i_, ec.SECP256R1())
        open(d + "/i.pem", "wb").write(k.private_bytes(serialization.Encoding.PEM,
                                                       serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
        pk = ec.EllipticCurvePublicKey.from_encoded_point(
            ec.SECP256R1(), bytes.fromhex("04" + v["grx"] + v["gry"]))
        open(d + "/r.pem", "wb").write(pk.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
        out = subprocess.run([OPENSSL, "pkeyutl", "-derive", "-inkey", d + "/i.pem",
                              "-peerkey", d + "/r.pem"], capture_output=True).stdout
        check(out == bytes.fromhex(v["girx"]), "openssl pkeyutl -derive RFC 5903")

# ---- p256_points.txt ----------------------------------------------------------
for rec in records("p256_points.txt"):
    enc = bytes.fromhex(rec.get("sec1", ""))
    try:
        pk = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), enc)
        ok = True
    except ValueError:
        ok = False
    check(ok == (rec["valid"] == "1"), "point validity: " + rec["name"])
    if ok:
        full = pk.public_bytes(serialization.Encoding.X962,
                               serialization.PublicFormat.UncompressedPoint)
        check(full == bytes.fromhex(rec["uncompressed"]), "uncompressed: " + rec["name"])

# ---- p256_ecdsa_digests.txt ---------------------------------------------------
recs = records("p256_ecdsa_digests.txt")
q = bytes.fromhex(recs[0]["Q"])
check(pub_from_priv(int(recs[0]["d"], 16)) == q, "digests file: Q = dG")
pub = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), q)
high_s = 0
for rec in recs[1:]:
    digest = bytes.fromhex(rec["digest"])
    sig = bytes.fromhex(rec["sig"])
    check(len(digest) == int(rec["digest_len"]), "digest_len")
    if int.from_bytes(sig[32:], "big") > n // 2:
        high_s += 1
    # cryptography verifies the truncated/padded 32-byte form
    e32 = digest.rjust(32, b"\0")[:32]
    der = utils.encode_dss_signature(int.from_bytes(sig[:32], "big"),
                                     int.from_bytes(sig[32:], "big"))
    try:
        pub.verify(der, e32, ec.ECDSA(utils.Prehashed(hashes.SHA256())))
        check(True, "")
    except Exception:
        check(False, "cryptography verifies digest_len %s" % rec["digest_len"])
    if len(digest) <= 64:
        check(openssl_verify(q, digest, sig), "openssl verifies digest_len %s" % rec["digest_len"])
check(high_s >= 8, "at least 8 signatures with s > n/2")

# ---- p256_ecdsa_special.txt ---------------------------------------------------
recs = records("p256_ecdsa_special.txt")
det_key = None
nvalid = ninvalid = ndet = 0
for rec in recs:
    if "x" in rec:
        det_key = ec.derive_private_key(int(rec["x"], 16), ec.SECP256R1())
        check(pub_from_priv(int(rec["x"], 16)) == bytes.fromhex(rec["Q"]), "special: Q = xG")
        continue
    digest = bytes.fromhex(rec["digest"])
    sig = bytes.fromhex(rec["sig"])
    r, s = int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big")
    if "valid" in rec:
        pub = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(),
                                                           bytes.fromhex(rec["Q"]))
        ok = False
        if 1 <= r < n and 1 <= s < n:
            try:
                pub.verify(utils.encode_dss_signature(r, s), digest,
                           ec.ECDSA(utils.Prehashed(hashes.SHA256())))
                ok = True
            except Exception:
                ok = False
        check(ok == (rec["valid"] == "1"), "special: " + rec["name"])
        if ok:
            nvalid += 1
        else:
            ninvalid += 1
        if 1 <= r < n and 1 <= s < n:
            check(openssl_verify(bytes.fromhex(rec["Q"]), digest, sig) == ok,
                  "special (openssl): " + rec["name"])
    else:
        check(det_key is not None, "special: deterministic records follow x")
        der = det_key.sign(digest, ec.ECDSA(utils.Prehashed(hashes.SHA256()),
                                            deterministic_signing=True))
        check(utils.decode_dss_signature(der) == (r, s), "special: " + rec["name"])
        ndet += 1
check(nvalid >= 10 and ninvalid >= 10 and ndet >= 10, "special: enough cases")

check.finish()

#!/usr/bin/env python3
"""Generate the P-256 edge-case vector files of tests/vectors from
independent sources:

  p256_params.txt      curve constants, parsed from
                       `openssl ecparam -name prime256v1 -param_enc explicit`;
  p256_points.txt      SEC1 public-point encodings, valid and invalid, each
                       classified by Python `cryptography`
                       (EllipticCurvePublicKey.from_encoded_point);
  p256_ecdsa_digests.txt  ECDSA signatures over digests of 1..100 bytes made
                       by `cryptography` (Prehashed) or the openssl command,
                       each verified by the other one.

The generated files are committed; rerunning this script gives new random
keys and signatures (equally valid). tests/vectors/check_vectors.py
re-checks every committed value. Run: python3 gen_p256_edge.py [outdir]
"""
import os
import re
import subprocess
import sys
import tempfile

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, utils

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))


def openssl_params():
    txt = subprocess.run(
        ["openssl", "ecparam", "-name", "prime256v1", "-param_enc", "explicit",
         "-text", "-noout"], check=True, capture_output=True, text=True).stdout
    fields = {}
    cur = None
    for line in txt.splitlines():
        m = re.match(r"^(\w[\w ()]*):\s*(.*)$", line)
        if m and not line.startswith(" "):
            cur = m.group(1)
            fields[cur] = m.group(2).strip()
        elif cur:
            fields[cur] += line.strip()
    def num(s):
        return int(s.split("(")[0].replace(":", "").strip() or "0", 16)
    g = bytes.fromhex(fields["Generator (uncompressed)"].replace(":", ""))
    assert g[0] == 4 and len(g) == 65
    return dict(p=num(fields["Prime"]), a=num(fields["A"]), b=num(fields["B"]),
                gx=int.from_bytes(g[1:33], "big"), gy=int.from_bytes(g[33:], "big"),
                n=num(fields["Order"]))


P = openssl_params()
p, a, b, n = P["p"], P["a"], P["b"], P["n"]
assert (P["gy"] ** 2 - (P["gx"] ** 3 + a * P["gx"] + b)) % p == 0
assert a == p - 3
# 1*G from cryptography is the generator openssl printed.
_g = ec.derive_private_key(1, ec.SECP256R1()).public_key().public_numbers()
assert (_g.x, _g.y) == (P["gx"], P["gy"])


def h32(v):
    return "%064X" % v


def rhs(x):
    return (x * x * x + a * x + b) % p


def is_qr(v):
    return v == 0 or pow(v, (p - 1) // 2, p) == 1


def sqrt(v):  # p = 3 mod 4
    r = pow(v, (p + 1) // 4, p)
    return r if r * r % p == v else None


def crypto_accepts(enc):
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), enc)
        return True
    except ValueError:
        return False


def write(name, header, records):
    with open(os.path.join(OUT, name), "w") as f:
        f.write(header.rstrip() + "\n")
        for rec in records:
            f.write("\n")
            for k, v in rec:
                f.write("%s = %s\n" % (k, v))


# ---- p256_params.txt -----------------------------------------------------
write("p256_params.txt", """\
# NIST P-256 (secp256r1, prime256v1) domain parameters, big-endian hex.
# Source: the output of `openssl ecparam -name prime256v1 -param_enc
# explicit -text` (OpenSSL 3.0), parsed by tests/vectors/gen_p256_edge.py,
# which also checks that G is on y^2 = x^3 + ax + b, that a = p - 3, and that
# Python `cryptography` 48 gives G as the public point of the scalar 1.
# The same values are in FIPS 186-5 / SP 800-186 and SEC 2.
# Format: `key = value` lines; '#' starts a comment line.""",
      [[("p", h32(p)), ("a", h32(a)), ("b", h32(b)), ("Gx", h32(P["gx"])),
        ("Gy", h32(P["gy"])), ("n", h32(n))]])

# ---- p256_points.txt -----------------------------------------------------
gx, gy = P["gx"], P["gy"]
def unc(x, y):
    return "04" + h32(x) + h32(y)

def comp(x, odd):
    return ("03" if odd else "02") + h32(x)

# a point with a small x (so x + p < 2^256): the first x >= 1 on the curve
sx = 1
while not is_qr(rhs(sx)):
    sx += 1
sy = sqrt(rhs(sx))
# an x < p with no square root of x^3 - 3x + b (no point has that x)
nx = gx
while is_qr(rhs(nx)):
    nx += 1
# an x >= p with no point: x = p + (small x whose rhs is a non-residue)
nsx = 0
while is_qr(rhs(nsx)):
    nsx += 1
gy_even = gy % 2 == 0

points = [
    # name, encoding hex, valid, expected uncompressed (for valid ones)
    ("G uncompressed", unc(gx, gy), 1, unc(gx, gy)),
    ("G compressed", comp(gx, not gy_even), 1, unc(gx, gy)),
    ("-G compressed (other parity)", comp(gx, gy_even), 1, unc(gx, p - gy)),
    ("-G uncompressed", unc(gx, p - gy), 1, unc(gx, p - gy)),
    ("small-x point uncompressed", unc(sx, sy), 1, unc(sx, sy)),
    ("small-x point compressed", comp(sx, sy % 2), 1, unc(sx, sy)),
    ("G with y+1: off the curve", unc(gx, (gy + 1) % p), 0, ""),
    ("G with x+1: off the curve", unc(gx + 1, gy), 0, ""),
    ("small-x point with x+p (x >= p, on the curve mod p)", unc(sx + p, sy), 0, ""),
    ("small-x point compressed with x+p", comp(sx + p, sy % 2), 0, ""),
    ("x = p, y = Gy", unc(p, gy), 0, ""),
    ("x = Gx, y = p", unc(gx, p), 0, ""),
    ("x = Gx, y = Gy + p would overflow: y = 2^256-1", unc(gx, 2**256 - 1), 0, ""),
    ("x = 2^256-1, y = Gy", unc(2**256 - 1, gy), 0, ""),
    ("x = p compressed", comp(p, 0), 0, ""),
    ("x = 2^256-1 compressed", comp(2**256 - 1, 1), 0, ""),
    ("x with no square root, compressed 02", comp(nx, 0), 0, ""),
    ("x with no square root, compressed 03", comp(nx, 1), 0, ""),
    ("x = p + x' with no square root, compressed", comp(p + nsx, 0), 0, ""),
    ("infinity: single 0x00", "00", 0, ""),
    ("infinity: 65 zero bytes", "00" * 65, 0, ""),
    ("0x04 with x = y = 0", "04" + "00" * 64, 0, ""),
    ("compressed x = 0 prefix 02", comp(0, 0), None, ""),
    ("format 0x05", "05" + h32(gx) + h32(gy), 0, ""),
    ("hybrid 0x06 (G)", "06" + h32(gx) + h32(gy), 0, ""),
    ("hybrid 0x07 (G)", "07" + h32(gx) + h32(gy), 0, ""),
    ("0x04 with 33 bytes", "04" + h32(gx), 0, ""),
    ("0x02 with 65 bytes", "02" + h32(gx) + h32(gy), 0, ""),
    ("0x03 with 65 bytes", "03" + h32(gx) + h32(gy), 0, ""),
    ("uncompressed G truncated to 64 bytes", unc(gx, gy)[:-2], 0, ""),
    ("uncompressed G plus a trailing byte", unc(gx, gy) + "00", 0, ""),
    ("compressed G truncated to 32 bytes", comp(gx, not gy_even)[:-2], 0, ""),
    ("compressed G plus a trailing byte", comp(gx, not gy_even) + "00", 0, ""),
    ("X || Y without the format byte", h32(gx) + h32(gy), 0, ""),
    ("one byte 0x04", "04", 0, ""),
    ("one byte 0x02", "02", 0, ""),
]
recs = []
for name, enc, valid, full in points:
    got = crypto_accepts(bytes.fromhex(enc))
    if valid is None:  # whether x = 0 is on the curve: ask the curve
        valid = 1 if is_qr(rhs(0)) else 0
        if valid:
            y0 = sqrt(rhs(0))
            full = unc(0, y0 if y0 % 2 == 0 else p - y0)
    # cryptography is the judge; this generator must agree with it.
    assert got == bool(valid), (name, got)
    rec = [("name", name), ("sec1", enc), ("valid", str(valid))]
    if valid:
        rec.append(("uncompressed", full))
    recs.append(rec)
write("p256_points.txt", """\
# SEC1 encodings of P-256 public points, valid and invalid, for
# nbtls_key_p256_from_public and nbtls_ecdh_start (Wycheproof-style cases
# rebuilt from SEC 1 v2 section 2.3.4 and the curve equation).
# Generated by tests/vectors/gen_p256_edge.py from the constants of
# p256_params.txt; every encoding's validity was decided by Python
# `cryptography` 48 (EllipticCurvePublicKey.from_encoded_point) and must agree
# with the generator's own arithmetic; tests/vectors/check_vectors.py checks
# them again. `uncompressed` is the 65-byte form a valid point exports to.
# Format: records of `key = value` lines separated by blank lines; `sec1`
# may be empty (zero-length input is tested in C, not here).""", recs)

# ---- p256_ecdsa_digests.txt ------------------------------------------------


def run(args, data=None):
    return subprocess.run(args, check=True, capture_output=True, input=data).stdout


def der_to_raw(der):
    r, s = utils.decode_dss_signature(der)
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def openssl_verify(pem_pub, digest, sig_raw):
    """Verify with the openssl command over a raw digest (<= 64 bytes)."""
    r = int.from_bytes(sig_raw[:32], "big")
    s = int.from_bytes(sig_raw[32:], "big")
    with tempfile.TemporaryDirectory() as d:
        open(d + "/pub.pem", "wb").write(pem_pub)
        open(d + "/dg", "wb").write(digest)
        open(d + "/sig", "wb").write(utils.encode_dss_signature(r, s))
        res = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey",
                              d + "/pub.pem", "-in", d + "/dg", "-sigfile",
                              d + "/sig"], capture_output=True)
        return res.returncode == 0


def openssl_sign(pem_priv, digest):
    with tempfile.TemporaryDirectory() as d:
        open(d + "/k.pem", "wb").write(pem_priv)
        open(d + "/dg", "wb").write(digest)
        return der_to_raw(run(["openssl", "pkeyutl", "-sign", "-inkey", d + "/k.pem",
                               "-in", d + "/dg"]))


key = ec.generate_private_key(ec.SECP256R1())
pub = key.public_key()
priv_hex = "%064X" % key.private_numbers().private_value
pub_hex = pub.public_bytes(serialization.Encoding.X962,
                           serialization.PublicFormat.UncompressedPoint).hex().upper()
pem_priv = key.private_bytes(serialization.Encoding.PEM,
                             serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())
pem_pub = pub.public_bytes(serialization.Encoding.PEM,
                           serialization.PublicFormat.SubjectPublicKeyInfo)
HASH_OF_LEN = {20: hashes.SHA1(), 28: hashes.SHA224(), 32: hashes.SHA256(),
               48: hashes.SHA384(), 64: hashes.SHA512()}
recs = [[("d", priv_hex), ("Q", pub_hex)]]
for ln in (1, 20, 31, 32, 33, 48, 64, 100):
    digest = os.urandom(ln)
    if ln in HASH_OF_LEN:
        sig = der_to_raw(key.sign(digest, ec.ECDSA(utils.Prehashed(HASH_OF_LEN[ln]))))
        who = "cryptography Prehashed(%s)" % HASH_OF_LEN[ln].name
        assert openssl_verify(pem_pub, digest, sig)
    elif ln <= 64:
        sig = openssl_sign(pem_priv, digest)
        who = "openssl pkeyutl -sign (raw %d-byte digest)" % ln
        # cryptography cannot take this length; the truncation rule (FIPS
        # 186-5 6.4.1: e = leftmost min(256, 8*len) bits) makes a short
        # digest equal to its zero-left-padded 32-byte form, a long one to
        # its leftmost 32 bytes.
        key.public_key().verify(
            utils.encode_dss_signature(int.from_bytes(sig[:32], "big"),
                                       int.from_bytes(sig[32:], "big")),
            digest.rjust(32, b"\0")[:32], ec.ECDSA(utils.Prehashed(hashes.SHA256())))
    else:
        # neither tool takes > 64 bytes: sign the leftmost 32 bytes, which
        # is exactly what the truncation rule makes of the long digest.
        sig = der_to_raw(key.sign(digest[:32], ec.ECDSA(utils.Prehashed(hashes.SHA256()))))
        who = "cryptography Prehashed(sha256) over the leftmost 32 bytes"
        assert openssl_verify(pem_pub, digest[:32], sig)
    s = int.from_bytes(sig[32:], "big")
    recs.append([("digest_len", str(ln)), ("digest", digest.hex().upper()),
                 ("sig", sig.hex().upper()), ("signer", who)])
    # the same signature with s' = n - s: also valid (ECDSA has no low-s rule)
    sig2 = sig[:32] + (n - s).to_bytes(32, "big")
    if ln <= 64:
        assert openssl_verify(pem_pub, digest, sig2)
    recs.append([("digest_len", str(ln)), ("digest", digest.hex().upper()),
                 ("sig", sig2.hex().upper()),
                 ("signer", "the previous signature with s replaced by n - s "
                  "(valid: no low-s rule); checked with openssl")])
write("p256_ecdsa_digests.txt", """\
# ECDSA P-256 signatures over digests of 1, 20, 31, 32, 33, 48, 64 and 100
# bytes, all valid, with their public key Q (SEC1 uncompressed) and private
# key d. Each `sig` is r || s (32 + 32 bytes, big-endian). Every digest
# length appears twice: once as signed, once with s replaced by n - s (one
# of the two has s > n/2; ECDSA has no low-s rule, so both verify).
# Generated by tests/vectors/gen_p256_edge.py with Python `cryptography` 48
# (utils.Prehashed) and the openssl 3.0 command (pkeyutl -sign over a raw
# digest); `signer` says which. Each signature was verified by the other
# implementation at generation time and again by check_vectors.py.
# Digests longer than 32 bytes are truncated to their leftmost 256 bits
# (FIPS 186-5, 6.4.1); shorter ones are taken whole.
# Format: records of `key = value` lines separated by blank lines; the first
# record holds the key.""", recs)
print("wrote p256_params.txt, p256_points.txt, p256_ecdsa_digests.txt in", OUT)

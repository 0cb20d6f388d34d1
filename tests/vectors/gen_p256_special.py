#!/usr/bin/env python3
"""Generate tests/vectors/p256_ecdsa_special.txt: ECDSA P-256 verification
cases that hit the corners of the verification equation R = u1*G + u2*Q,
plus exact deterministic (RFC 6979 with HMAC-SHA-256) signatures of 32-byte
digests at the edges of the scalar range. Rebuilt from FIPS 186-5 6.4.2
(Wycheproof-style) with small affine point arithmetic written here; every
record's validity is then decided by Python `cryptography` (verify), which
must agree, and tests/vectors/check_vectors.py checks it again.

Cases:
  * R.x >= n: a valid signature whose r = R.x - n (verifiers must reduce
    R.x mod n), and the same with r = R.x (out of range: invalid);
  * u1*G == u2*Q (the addition inside verification is a doubling): valid;
  * u1*G == -u2*Q (R is the point at infinity): invalid;
  * e = 0, e = n, e = n + 1, e = 2^256 - 1 (the digest reduced mod n);
  * structured u1 = e/s, u2 = r/s (2^k, 2^k - 1, n - 2^k, 1, n - 1);
  * deterministic signatures (cryptography, deterministic_signing=True,
    Prehashed SHA-256) of digests 0, 1, n - 1, n, n + 1, 2^256 - 1 and
    random ones, under the RFC 6979 A.2.5 key.
"""
import os
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, utils

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import testlib  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def records(name):
    return testlib.records(os.path.join(HERE, name))


prm = records("p256_params.txt")[0]
p, a, b, n = (int(prm[k], 16) for k in ("p", "a", "b", "n"))
G = (int(prm["Gx"], 16), int(prm["Gy"], 16))
E = testlib.Curve(p, a)
add, mul, neg = E.add, E.mul, E.neg


def enc(P):
    return b"\x04" + P[0].to_bytes(32, "big") + P[1].to_bytes(32, "big")


def crypto_pub(d):
    nums = ec.derive_private_key(d, ec.SECP256R1()).public_key().public_numbers()
    return (nums.x, nums.y)


# the arithmetic here agrees with cryptography's
for k in (1, 2, 3, 0xDEADBEEF, n - 1, n // 3):
    assert mul(k, G) == crypto_pub(k), k


def h32(v):
    return "%064X" % v


def crypto_verifies(Q, digest32, r, s):
    pub = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), enc(Q))
    try:
        pub.verify(utils.encode_dss_signature(r, s), digest32,
                   ec.ECDSA(utils.Prehashed(hashes.SHA256())))
        return True
    except InvalidSignature:
        return False


recs = []


def add_case(name, Q, e_bytes, r, s, valid):
    # out-of-range r or s cannot be DER-encoded meaningfully: those are
    # invalid by definition (FIPS 186-5 6.4.2 step 1)
    if 1 <= r < n and 1 <= s < n:
        assert crypto_verifies(Q, e_bytes, r, s) == bool(valid), name
    else:
        assert not valid
    recs.append([("name", name), ("Q", enc(Q).hex().upper()),
                 ("digest", e_bytes.hex().upper()),
                 ("sig", h32(r) + h32(s)), ("valid", str(valid))])


# 1. R.x >= n. Find a point R with n <= x < p, choose e, r = x - n, s; then
#    solve Q = u2^-1 * (R - u1*G).
x = n
while True:
    rhs = (x ** 3 + a * x + b) % p
    y = pow(rhs, (p + 1) // 4, p)
    if y * y % p == rhs:
        break
    x += 1
assert n <= x < p
R = (x, y)
for i, (e, s) in enumerate(((0x1234567 << 200, 0x5A5A5A5A), (n - 5, n - 2))):
    r = x - n
    w = pow(s, -1, n)
    u1, u2 = e * w % n, r * w % n
    Q = mul(pow(u2, -1, n), add(R, neg(mul(u1, G))))
    assert add(mul(u1, G), mul(u2, Q)) == R
    add_case("R.x >= n, r = R.x - n (valid) #%d" % i, Q, e.to_bytes(32, "big"),
             r, s, 1)
    add_case("R.x >= n, r = R.x unreduced (out of range) #%d" % i, Q,
             e.to_bytes(32, "big"), x, s, 0)

# 2. u1*G == u2*Q with Q = G (d = 1): e = r; pick k, R = kG, r = R.x mod n,
#    s = 2r/k. Then u1 = u2 = k/2 and R = (k/2)G + (k/2)G: a doubling.
for k in (7, 0xC0FFEE12345):
    Rk = mul(k, G)
    r = Rk[0] % n
    s = 2 * r * pow(k, -1, n) % n
    add_case("u1*G == u2*Q (doubling in verify), Q = G", G,
             r.to_bytes(32, "big"), r, s, 1)
    # Q = 2G and e = 2r: u1 = 2r/s, u2 = r/s, u1*G = u2*Q
    Q2 = mul(2, G)
    s2 = 4 * r * pow(k, -1, n) % n
    add_case("u1*G == u2*Q (doubling in verify), Q = 2G", Q2,
             (2 * r % n).to_bytes(32, "big"), r, s2, 1)

# 3. R = infinity: Q = G, e = n - r, so u1 + u2 = 0 mod n
for r, s in ((0x42, 0x99), (n // 2, 3)):
    add_case("u1*G == -u2*Q (R at infinity), Q = G", G,
             (n - r).to_bytes(32, "big"), r, s, 0)
    add_case("u1*G == -u2*Q (R at infinity), Q = -G", neg(G),
             r.to_bytes(32, "big"), r, s, 0)

# 4. digests at the edges of the range, signed by cryptography (random k)
rfc = records("p256_rfc6979.txt")[0]
x6979 = int(rfc["x"], 16)
key = ec.derive_private_key(x6979, ec.SECP256R1())
Q6979 = crypto_pub(x6979)
edge_digests = [("0", 0), ("1", 1), ("n - 1", n - 1), ("n", n),
                ("n + 1", n + 1), ("2^256 - 1", 2 ** 256 - 1)]
for label, v in edge_digests:
    dg = v.to_bytes(32, "big")
    r, s = utils.decode_dss_signature(
        key.sign(dg, ec.ECDSA(utils.Prehashed(hashes.SHA256()))))
    add_case("digest = %s (cryptography, random k)" % label, Q6979, dg, r, s, 1)
    # the same signature does not verify for the neighbouring digest, unless
    # both reduce to the same e (n and 0; n + 1 and 1)
    other = (v + 2) % (2 ** 256)
    add_case("digest = %s + 2, signature of %s" % (label, label), Q6979,
             other.to_bytes(32, "big"), r, s, 0)

# 5. deterministic signatures (RFC 6979, HMAC-SHA-256, as cryptography does
#    for Prehashed SHA-256) of 32-byte digests, for exact comparison
det = []
for label, v in edge_digests + [("random %d" % i, int.from_bytes(os.urandom(32), "big"))
                                for i in range(6)]:
    dg = v.to_bytes(32, "big")
    r, s = utils.decode_dss_signature(key.sign(
        dg, ec.ECDSA(utils.Prehashed(hashes.SHA256()), deterministic_signing=True)))
    assert crypto_verifies(Q6979, dg, r, s)
    det.append([("name", "deterministic, digest " + label), ("digest", dg.hex().upper()),
                ("sig", h32(r) + h32(s))])

# 6. structured u1 = e/s and u2 = r/s (2^k, 2^k - 1, n - 2^k, 1, n - 1):
#    valid signatures built backwards from (u1, u2) under the RFC 6979 key:
#    R = (u1 + u2 x) G, r = R.x mod n, s = r / u2, e = u1 s. They stress the
#    recoding of both scalars in verification's double multiplication.


def structured(i):
    k = (i * 37) % 256
    return (1 << k, (1 << k) - 1 if k else 1, n - (1 << k), 1, n - 1)[i % 5] % n or 1


for i in range(40):
    u1, u2 = structured(i), structured(i * 7 + 3)
    Rs = (u1 + u2 * x6979) % n
    if Rs == 0:
        continue
    r = crypto_pub(Rs)[0] % n
    s = r * pow(u2, -1, n) % n
    e = u1 * s % n
    add_case("structured u1, u2 #%d (valid)" % i, Q6979, e.to_bytes(32, "big"), r, s, 1)
    add_case("structured u1, u2 #%d, s + 1 (invalid)" % i, Q6979, e.to_bytes(32, "big"),
             r, s % (n - 1) + 1, 0)

with open(os.path.join(HERE, "p256_ecdsa_special.txt"), "w") as f:
    f.write("""\
# ECDSA P-256 verification corner cases (Wycheproof-style, rebuilt from
# FIPS 186-5 6.4.2) and exact deterministic signatures of edge digests.
# Generated by tests/vectors/gen_p256_special.py: the cases are built with
# affine point arithmetic written there (checked against Python
# `cryptography` 48 on known multiples of G), and the validity of every
# record was decided by `cryptography`'s verify, which must agree; the
# deterministic signatures are `cryptography`'s (deterministic_signing=True,
# Prehashed(SHA256): RFC 6979 with HMAC-SHA-256) under the RFC 6979 A.2.5
# key x. check_vectors.py re-checks every record.
# Records: name, Q (SEC1 uncompressed public key), digest (32 bytes), sig
# (r || s), valid (1/0). Then, after a record `x = ...` (the private key
# for the deterministic ones), records of name, digest, sig.
""")
    for rec in recs:
        f.write("\n")
        for k, v in rec:
            f.write("%s = %s\n" % (k, v))
    f.write("\nx = %s\nQ = %s\n" % (h32(x6979), enc(Q6979).hex().upper()))
    for rec in det:
        f.write("\n")
        for k, v in rec:
            f.write("%s = %s\n" % (k, v))
print("wrote p256_ecdsa_special.txt: %d verification cases, %d deterministic"
      % (len(recs), len(det)))

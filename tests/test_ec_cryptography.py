#!/usr/bin/env python3
"""Differential test of nbtls's P-256 or P-384 against Python `cryptography`,
through the C ABI of libnbtls.so (ctypes). Usage:
    test_ec_cryptography.py p256|p384 path/to/libnbtls.so
(ctests test_p256_cryptography and test_p384_cryptography). Random keys and
digests, per case:
  * the public point of d equals cryptography's;
  * nbtls's deterministic signature equals cryptography's RFC 6979 one
    (deterministic_signing=True) for 20/28/32/48/64-byte digests
    (SHA-1/224/256/384/512 Prehashed: the HMAC hash follows the length);
  * nbtls's hedged signature verifies with cryptography, cryptography's
    random one with nbtls; a flipped bit is rejected;
  * ECDH both ways equals cryptography's exchange(), also with the peer's
    compressed encoding; a key imported compressed is the same point;
  * digests of other lengths (shorter, one byte either side of the curve
    size, longer) are refused by signing (INVALID_ARG), and nbtls verifies
    cryptography's signature of the integer bits2int makes of them;
then point decoding (random compressed x, perturbed uncompressed points)
agrees with cryptography, and nbtls keygen's key works with cryptography.
Exit 77 (skipped) without `cryptography`. Prints "N passed, N failed"."""
import ctypes
import os
import sys
from typing import Dict, Optional, Tuple

try:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, utils
except ImportError:
    print("SKIP: Python `cryptography` is not installed")
    sys.exit(77)

from testlib import Checks  # noqa: E402

# tag -> (cryptography curve, scalar bytes, scheme hash, default case count)
CURVES: Dict[str, Tuple[ec.EllipticCurve, int, hashes.HashAlgorithm, int]] = {
    "p256": (ec.SECP256R1(), 32, hashes.SHA256(), 40),
    "p384": (ec.SECP384R1(), 48, hashes.SHA384(), 30),
}
if len(sys.argv) < 3 or sys.argv[1] not in CURVES or not os.path.exists(sys.argv[2]):
    print("usage: test_ec_cryptography.py p256|p384 path/to/libnbtls.so")
    sys.exit(2)
TAG = sys.argv[1]
CURVE, L, SCHEME_HASH, DEFAULT_CASES = CURVES[TAG]
PUB_LEN, SIG_LEN = 1 + 2 * L, 2 * L
E_INVALID_ARG, E_BAD_KEY, E_BAD_SIGNATURE = -1, -5, -6

lib = ctypes.CDLL(sys.argv[2])
vp, sz, u8p = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p
for name, args in {
    "nbtls_key_%s_from_private" % TAG: [ctypes.POINTER(vp), u8p],
    "nbtls_key_%s_from_public" % TAG: [ctypes.POINTER(vp), u8p, sz],
    "nbtls_key_export_public": [vp, u8p, sz, ctypes.POINTER(sz)],
    "nbtls_key_export_private": [vp, u8p, sz, ctypes.POINTER(sz)],
    "nbtls_ecdsa_sign_deterministic_start": [ctypes.POINTER(vp), vp, u8p, sz],
    "nbtls_ecdsa_sign_start": [ctypes.POINTER(vp), vp, u8p, sz, vp, vp],
    "nbtls_ecdsa_verify_start": [ctypes.POINTER(vp), vp, u8p, sz, u8p, sz],
    "nbtls_ecdh_start": [ctypes.POINTER(vp), vp, u8p, sz],
    "nbtls_%s_keygen_start" % TAG: [ctypes.POINTER(vp), vp, vp],
    "nbtls_op_poll": [vp, ctypes.c_uint32],
    "nbtls_op_result": [vp, u8p, sz, ctypes.POINTER(sz)],
    "nbtls_op_take_key": [vp, ctypes.POINTER(vp)],
}.items():
    getattr(lib, name).argtypes = args
    getattr(lib, name).restype = ctypes.c_int
lib.nbtls_op_free.argtypes = [vp]
lib.nbtls_op_free.restype = None
lib.nbtls_key_free.argtypes = [vp]
lib.nbtls_key_free.restype = None
from_private = getattr(lib, "nbtls_key_%s_from_private" % TAG)
from_public = getattr(lib, "nbtls_key_%s_from_public" % TAG)
keygen_start = getattr(lib, "nbtls_%s_keygen_start" % TAG)

check = Checks()


def run(op: ctypes.c_void_p, budget: int) -> int:
    while True:
        rc = lib.nbtls_op_poll(op, budget)
        if rc != 1:  # NBTLS_IN_PROGRESS
            return rc


def finish(rc: int, op: ctypes.c_void_p, budget: int, outlen: int) -> Tuple[int, Optional[bytes]]:
    """Run a started op; return (status, bytes or None); frees the op."""
    if rc != 0:
        return rc, None
    rc = run(op, budget)
    out = None
    if rc == 0 and outlen:
        buf = ctypes.create_string_buffer(outlen)
        n = sz()
        rc = lib.nbtls_op_result(op, buf, outlen, ctypes.byref(n))
        out = buf.raw[:n.value]
    lib.nbtls_op_free(op)
    return rc, out


def key_priv(d: bytes) -> Optional[ctypes.c_void_p]:
    k = vp()
    rc = from_private(ctypes.byref(k), d)
    return k if rc == 0 else None


def pub_of(k: ctypes.c_void_p) -> bytes:
    buf = ctypes.create_string_buffer(PUB_LEN)
    n = sz()
    assert lib.nbtls_key_export_public(k, buf, PUB_LEN, ctypes.byref(n)) == 0
    return buf.raw


def sign_det(k: ctypes.c_void_p, dg: bytes, budget: int) -> Tuple[int, Optional[bytes]]:
    op = vp()
    return finish(lib.nbtls_ecdsa_sign_deterministic_start(ctypes.byref(op), k, dg, len(dg)),
                  op, budget, SIG_LEN)


def sign_hedged(k: ctypes.c_void_p, dg: bytes, budget: int) -> Tuple[int, Optional[bytes]]:
    op = vp()
    return finish(lib.nbtls_ecdsa_sign_start(ctypes.byref(op), k, dg, len(dg), None, None),
                  op, budget, SIG_LEN)


def verify(k: ctypes.c_void_p, dg: bytes, sig: bytes, budget: int) -> int:
    op = vp()
    return finish(lib.nbtls_ecdsa_verify_start(ctypes.byref(op), k, dg, len(dg), sig, len(sig)),
                  op, budget, 0)[0]


def ecdh(k: ctypes.c_void_p, peer: bytes, budget: int) -> Tuple[int, Optional[bytes]]:
    op = vp()
    return finish(lib.nbtls_ecdh_start(ctypes.byref(op), k, peer, len(peer)), op, budget, L)


def raw(der_sig: bytes) -> bytes:
    r, s = utils.decode_dss_signature(der_sig)
    return r.to_bytes(L, "big") + s.to_bytes(L, "big")


def der(sig: Optional[bytes]) -> bytes:
    assert sig is not None
    return utils.encode_dss_signature(int.from_bytes(sig[:L], "big"),
                                      int.from_bytes(sig[L:], "big"))


def point(pub: ec.EllipticCurvePublicKey, fmt: serialization.PublicFormat) -> bytes:
    return pub.public_bytes(serialization.Encoding.X962, fmt)


UNCOMPRESSED = serialization.PublicFormat.UncompressedPoint
COMPRESSED = serialization.PublicFormat.CompressedPoint
HASH_OF_LEN = {20: hashes.SHA1(), 28: hashes.SHA224(), 32: hashes.SHA256(),
               48: hashes.SHA384(), 64: hashes.SHA512()}
CASES = int(os.environ.get("NBTLS_DIFF_CASES", str(DEFAULT_CASES)))
for i in range(CASES):
    ck = ec.generate_private_key(CURVE)
    d = ck.private_numbers().private_value.to_bytes(L, "big")
    cpub = point(ck.public_key(), UNCOMPRESSED)
    k = key_priv(d)
    check(k is not None, "import d")
    if k is None:
        continue
    check(pub_of(k) == cpub, "public point")
    budget = i % 4
    dlen = (20, 28, 32, 48, 64)[i % 5]
    h = HASH_OF_LEN[dlen]
    dg = os.urandom(dlen)
    rc, sig = sign_det(k, dg, budget)
    check(rc == 0, "sign_det rc")
    want = raw(ck.sign(dg, ec.ECDSA(utils.Prehashed(h), deterministic_signing=True)))
    check(sig == want, "deterministic signature, %d-byte digest" % dlen)
    rc, sig = sign_hedged(k, dg, budget)
    check(rc == 0, "sign rc")
    try:
        ck.public_key().verify(der(sig), dg, ec.ECDSA(utils.Prehashed(h)))
        check(True, "")
    except InvalidSignature:
        check(False, "cryptography verifies nbtls's hedged signature")
    csig = raw(ck.sign(dg, ec.ECDSA(utils.Prehashed(h))))
    check(verify(k, dg, csig, budget) == 0, "nbtls verifies cryptography's signature")
    bad = bytearray(csig)
    bad[i % SIG_LEN] ^= 1 << (i % 8)
    check(verify(k, dg, bytes(bad), 0) == E_BAD_SIGNATURE, "flipped bit rejected")
    # ECDH both ways
    peer = ec.generate_private_key(CURVE)
    ppub = point(peer.public_key(), UNCOMPRESSED)
    rc, sec = ecdh(k, ppub, budget)
    check(rc == 0 and sec == ck.exchange(ec.ECDH(), peer.public_key()), "ECDH")
    pk = key_priv(peer.private_numbers().private_value.to_bytes(L, "big"))
    rc, sec2 = ecdh(pk, cpub, 1)
    check(rc == 0 and sec2 == sec, "ECDH other way")
    lib.nbtls_key_free(pk)
    # the compressed encoding of the same peer gives the same secret
    cpeer = point(peer.public_key(), COMPRESSED)
    rc, sec3 = ecdh(k, cpeer, budget)
    check(rc == 0 and sec3 == sec, "ECDH compressed peer")
    # a public key imported compressed is the uncompressed one
    ck2 = vp()
    check(from_public(ctypes.byref(ck2), cpeer, len(cpeer)) == 0
          and pub_of(ck2) == ppub, "compressed import")
    lib.nbtls_key_free(ck2)
    # digests of other lengths: bits2int of the leftmost bits of the order
    olen = (1, 17, L - 1, L + 1, 100)[i % 5]
    odg = os.urandom(olen)
    rc, osig = sign_hedged(k, odg, budget)
    check(rc == E_INVALID_ARG and osig is None,
          "signing refuses a %d-byte digest" % olen)
    # cryptography's Prehashed needs a known hash size: it signs the
    # integer the digest stands for, through an L-byte "digest"
    e = int.from_bytes(odg, "big")
    if olen > L:
        e >>= 8 * (olen - L)
    osig = raw(ck.sign(e.to_bytes(L, "big"), ec.ECDSA(utils.Prehashed(SCHEME_HASH))))
    check(verify(k, odg, osig, budget) == 0,
          "nbtls verifies a %d-byte-digest signature" % olen)
    lib.nbtls_key_free(k)

# Point decoding agrees with cryptography: random compressed x (about
# half are not on the curve: no square root) and perturbed uncompressed
# points; accepted ones decode to the same point.
rejected = 0
for i in range(60):
    if i % 3 == 2:
        enc_b = bytearray(point(ec.generate_private_key(CURVE).public_key(), UNCOMPRESSED))
        enc_b[1 + (i * 7) % SIG_LEN] ^= 1 << (i % 8)
        enc = bytes(enc_b)
    else:
        enc = bytes([2 + (i & 1)]) + os.urandom(L)
    want_pt: Optional[bytes]
    try:
        want_pt = point(ec.EllipticCurvePublicKey.from_encoded_point(CURVE, enc), UNCOMPRESSED)
    except ValueError:
        want_pt = None
    k = vp()
    rc = from_public(ctypes.byref(k), enc, len(enc))
    if want_pt is None:
        rejected += 1
        check(rc == E_BAD_KEY, "rejects an encoding cryptography rejects (%s)" % enc.hex())
    else:
        check(rc == 0 and pub_of(k) == want_pt, "decodes as cryptography (%s)" % enc.hex())
    if rc == 0:
        lib.nbtls_key_free(k)
check(10 < rejected < 60, "some encodings were invalid")

# nbtls keygen: cryptography accepts the key and its signatures
for i in range(5):
    op = vp()
    check(keygen_start(ctypes.byref(op), None, None) == 0, "keygen start")
    check(run(op, 2) == 0, "keygen")
    k = vp()
    check(lib.nbtls_op_take_key(op, ctypes.byref(k)) == 0, "take_key")
    lib.nbtls_op_free(op)
    buf = ctypes.create_string_buffer(L)
    n = sz()
    check(lib.nbtls_key_export_private(k, buf, L, ctypes.byref(n)) == 0, "export")
    ck = ec.derive_private_key(int.from_bytes(buf.raw, "big"), CURVE)
    check(point(ck.public_key(), UNCOMPRESSED) == pub_of(k), "keygen public point")
    dg = os.urandom(L)
    rc, sig = sign_det(k, dg, 0)
    want = raw(ck.sign(dg, ec.ECDSA(utils.Prehashed(SCHEME_HASH), deterministic_signing=True)))
    check(rc == 0 and sig == want, "keygen key signs as cryptography")
    lib.nbtls_key_free(k)

check.finish(CURVE.name + ": ")

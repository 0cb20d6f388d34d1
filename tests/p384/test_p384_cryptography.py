#!/usr/bin/env python3
"""Differential test of nbtls's P-384 against Python `cryptography`, through
the C ABI of libnbtls.so (ctypes; argv[1] is the library's path). Random
keys and digests, per case:
  * the public point of d equals cryptography's;
  * nbtls's deterministic signature equals cryptography's RFC 6979 one
    (deterministic_signing=True) for 20/28/32/48/64-byte digests
    (SHA-1/224/256/384/512 Prehashed: the HMAC hash follows the length);
  * nbtls's hedged signature verifies with cryptography, cryptography's
    random one with nbtls; a flipped bit is rejected;
  * ECDH both ways equals cryptography's exchange();
  * nbtls keygen's key works with cryptography.
Exit 77 (skipped) without `cryptography`. Prints "N passed, N failed"."""
import ctypes
import os
import sys

try:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, utils
except ImportError:
    print("SKIP: Python `cryptography` is not installed")
    sys.exit(77)

if len(sys.argv) < 2 or not os.path.exists(sys.argv[1]):
    print("usage: test_p384_cryptography.py path/to/libnbtls.so")
    sys.exit(2)

lib = ctypes.CDLL(sys.argv[1])
vp, sz, u8p = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p
for name, args in {
    "nbtls_key_p384_from_private": [ctypes.POINTER(vp), u8p],
    "nbtls_key_p384_from_public": [ctypes.POINTER(vp), u8p, sz],
    "nbtls_key_export_public": [vp, u8p, sz, ctypes.POINTER(sz)],
    "nbtls_key_export_private": [vp, u8p, sz, ctypes.POINTER(sz)],
    "nbtls_ecdsa_sign_deterministic_start": [ctypes.POINTER(vp), vp, u8p, sz],
    "nbtls_ecdsa_sign_start": [ctypes.POINTER(vp), vp, u8p, sz, vp, vp],
    "nbtls_ecdsa_verify_start": [ctypes.POINTER(vp), vp, u8p, sz, u8p, sz],
    "nbtls_ecdh_start": [ctypes.POINTER(vp), vp, u8p, sz],
    "nbtls_p384_keygen_start": [ctypes.POINTER(vp), vp, vp],
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

passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what, file=sys.stderr)


def run(op, budget):
    while True:
        rc = lib.nbtls_op_poll(op, budget)
        if rc != 1:  # NBTLS_IN_PROGRESS
            return rc


def finish(rc, op, budget, outlen):
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


def key_priv(d):
    k = vp()
    rc = lib.nbtls_key_p384_from_private(ctypes.byref(k), d)
    return k if rc == 0 else None


def pub_of(k):
    buf = ctypes.create_string_buffer(97)
    n = sz()
    assert lib.nbtls_key_export_public(k, buf, 97, ctypes.byref(n)) == 0
    return buf.raw


def sign_det(k, dg, budget):
    op = vp()
    return finish(lib.nbtls_ecdsa_sign_deterministic_start(ctypes.byref(op), k, dg, len(dg)),
                  op, budget, 96)


def sign_hedged(k, dg, budget):
    op = vp()
    return finish(lib.nbtls_ecdsa_sign_start(ctypes.byref(op), k, dg, len(dg), None, None),
                  op, budget, 96)


def verify(k, dg, sig, budget):
    op = vp()
    return finish(lib.nbtls_ecdsa_verify_start(ctypes.byref(op), k, dg, len(dg), sig, len(sig)),
                  op, budget, 0)[0]


def ecdh(k, peer, budget):
    op = vp()
    return finish(lib.nbtls_ecdh_start(ctypes.byref(op), k, peer, len(peer)), op, budget, 48)


def raw(der):
    r, s = utils.decode_dss_signature(der)
    return r.to_bytes(48, "big") + s.to_bytes(48, "big")


def der(sig):
    return utils.encode_dss_signature(int.from_bytes(sig[:48], "big"),
                                      int.from_bytes(sig[48:], "big"))


HASH_OF_LEN = {20: hashes.SHA1(), 28: hashes.SHA224(), 32: hashes.SHA256(),
               48: hashes.SHA384(), 64: hashes.SHA512()}
CASES = int(os.environ.get("NBTLS_DIFF_CASES", "30"))
for i in range(CASES):
    ck = ec.generate_private_key(ec.SECP384R1())
    d = ck.private_numbers().private_value.to_bytes(48, "big")
    cpub = ck.public_key().public_bytes(serialization.Encoding.X962,
                                        serialization.PublicFormat.UncompressedPoint)
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
    bad[i % 96] ^= 1 << (i % 8)
    check(verify(k, dg, bytes(bad), 0) == -6, "flipped bit rejected")
    # ECDH both ways
    peer = ec.generate_private_key(ec.SECP384R1())
    ppub = peer.public_key().public_bytes(serialization.Encoding.X962,
                                          serialization.PublicFormat.UncompressedPoint)
    rc, sec = ecdh(k, ppub, budget)
    check(rc == 0 and sec == ck.exchange(ec.ECDH(), peer.public_key()), "ECDH")
    pk = key_priv(peer.private_numbers().private_value.to_bytes(48, "big"))
    rc, sec2 = ecdh(pk, cpub, 1)
    check(rc == 0 and sec2 == sec, "ECDH other way")
    # the compressed encoding of the same peer gives the same secret
    cpeer = peer.public_key().public_bytes(serialization.Encoding.X962,
                                           serialization.PublicFormat.CompressedPoint)
    rc, sec3 = ecdh(k, cpeer, budget)
    check(rc == 0 and sec3 == sec, "ECDH compressed peer")
    # a public key imported compressed verifies like the uncompressed one
    ck2 = vp()
    check(lib.nbtls_key_p384_from_public(ctypes.byref(ck2), cpeer, len(cpeer)) == 0
          and pub_of(ck2) == ppub, "compressed import")
    lib.nbtls_key_free(ck2)
    # digests of other lengths: bits2int of the leftmost 384 bits
    olen = (1, 17, 47, 49, 100)[i % 5]
    odg = os.urandom(olen)
    rc, osig = sign_hedged(k, odg, budget)
    check(rc == 0, "sign %d-byte digest" % olen)
    # cryptography's Prehashed needs a known hash size: check with the
    # integer the digest stands for, through a 48-byte SHA-384 "digest"
    e = int.from_bytes(odg, "big")
    if olen > 48:
        e >>= 8 * (olen - 48)
    try:
        ck.public_key().verify(der(osig), e.to_bytes(48, "big"),
                               ec.ECDSA(utils.Prehashed(hashes.SHA384())))
        check(True, "")
    except InvalidSignature:
        check(False, "cryptography verifies a %d-byte-digest signature" % olen)
    lib.nbtls_key_free(pk)
    lib.nbtls_key_free(k)

# Point decoding agrees with cryptography: random compressed x (about
# half are not on the curve: no square root) and perturbed uncompressed
# points; accepted ones decode to the same point.
rejected = 0
for i in range(60):
    if i % 3 == 2:
        pk = ec.generate_private_key(ec.SECP384R1()).public_key()
        enc = bytearray(pk.public_bytes(serialization.Encoding.X962,
                                        serialization.PublicFormat.UncompressedPoint))
        enc[1 + (i * 7) % 96] ^= 1 << (i % 8)
        enc = bytes(enc)
    else:
        enc = bytes([2 + (i & 1)]) + os.urandom(48)
    try:
        want = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP384R1(), enc)
        want = want.public_bytes(serialization.Encoding.X962,
                                 serialization.PublicFormat.UncompressedPoint)
    except ValueError:
        want = None
    k = vp()
    rc = lib.nbtls_key_p384_from_public(ctypes.byref(k), enc, len(enc))
    if want is None:
        rejected += 1
        check(rc == -5, "rejects an encoding cryptography rejects (%s)" % enc.hex())
    else:
        check(rc == 0 and pub_of(k) == want, "decodes as cryptography (%s)" % enc.hex())
    if rc == 0:
        lib.nbtls_key_free(k)
check(10 < rejected < 60, "some encodings were invalid")

# nbtls keygen: cryptography accepts the key and its signatures
for i in range(5):
    op = vp()
    check(lib.nbtls_p384_keygen_start(ctypes.byref(op), None, None) == 0, "keygen start")
    check(run(op, 2) == 0, "keygen")
    k = vp()
    check(lib.nbtls_op_take_key(op, ctypes.byref(k)) == 0, "take_key")
    lib.nbtls_op_free(op)
    buf = ctypes.create_string_buffer(48)
    n = sz()
    check(lib.nbtls_key_export_private(k, buf, 48, ctypes.byref(n)) == 0, "export")
    ck = ec.derive_private_key(int.from_bytes(buf.raw, "big"), ec.SECP384R1())
    check(ck.public_key().public_bytes(serialization.Encoding.X962,
                                       serialization.PublicFormat.UncompressedPoint)
          == pub_of(k), "keygen public point")
    dg = os.urandom(48)
    rc, sig = sign_det(k, dg, 0)
    want = raw(ck.sign(dg, ec.ECDSA(utils.Prehashed(hashes.SHA384()), deterministic_signing=True)))
    check(rc == 0 and sig == want, "keygen key signs as cryptography")
    lib.nbtls_key_free(k)

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed or not passed else 0)

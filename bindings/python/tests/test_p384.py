"""P-384 (keys, ECDSA over digests, ECDH, the ecdsa_secp384r1_sha384 scheme)
against pyca/cryptography (OpenSSL), as test_differential
does for P-256."""

from __future__ import annotations

import asyncio
import hashlib
import os

import pytest
from cryptography.exceptions import InvalidSignature as CryptoInvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric import ec, utils

import nbtls
from nbtls import SignatureScheme as S
from nbtls import _lowlevel as ll

N_CASES = int(os.environ.get("NBTLS_PY_DIFF_CASES", "200")) // 2
UNCOMPRESSED = (ser.Encoding.X962, ser.PublicFormat.UncompressedPoint)
COMPRESSED = (ser.Encoding.X962, ser.PublicFormat.CompressedPoint)
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973


def _ck() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP384R1())


def _priv(k: ec.EllipticCurvePrivateKey) -> bytes:
    return k.private_numbers().private_value.to_bytes(48, "big")


def _der_to_raw(der: bytes) -> bytes:
    r, s = utils.decode_dss_signature(der)
    return r.to_bytes(48, "big") + s.to_bytes(48, "big")


def _raw_to_der(raw: bytes) -> bytes:
    return utils.encode_dss_signature(int.from_bytes(raw[:48], "big"), int.from_bytes(raw[48:], "big"))


def _prehashed(digest: bytes, deterministic: bool = False) -> ec.ECDSA:
    alg = {20: hashes.SHA1(), 28: hashes.SHA224(), 32: hashes.SHA256(), 48: hashes.SHA384(), 64: hashes.SHA512()}[len(digest)]
    return ec.ECDSA(utils.Prehashed(alg), deterministic_signing=deterministic)


def test_constants() -> None:
    # N is the group order (checked against `openssl ecparam -name secp384r1
    # -param_enc explicit -text`): cryptography accepts n - 1, whose public
    # key is -G, and refuses n.
    g = ec.derive_private_key(1, ec.SECP384R1()).public_key().public_numbers()
    neg = ec.derive_private_key(N - 1, ec.SECP384R1()).public_key().public_numbers()
    assert neg.x == g.x and neg.y != g.y
    with pytest.raises(ValueError):
        ec.derive_private_key(N, ec.SECP384R1())
    assert (ll.P384_PRIVATE_LEN, ll.P384_PUBLIC_LEN, ll.P384_PUBLIC_COMPRESSED_LEN) == (48, 97, 49)
    assert (ll.P384_SIGNATURE_LEN, ll.P384_SECRET_LEN, ll.KEY_P384) == (96, 48, 4)


def test_import_export_matches() -> None:
    for i in range(N_CASES // 4):
        ck = _ck()
        key = nbtls.P384PrivateKey.from_bytes(_priv(ck)) if i % 2 else nbtls.P384PrivateKey.from_bytes_op(_priv(ck)).run()
        pub = ck.public_key().public_bytes(*UNCOMPRESSED)
        assert key.public_key().to_bytes() == pub and len(pub) == 97
        assert key.private_bytes() == _priv(ck)
        assert ll.key_type(key._key) == ll.KEY_P384
        comp = ck.public_key().public_bytes(*COMPRESSED)
        assert nbtls.P384PublicKey.from_bytes(comp).to_bytes() == pub
        assert nbtls.P384PublicKey.from_bytes(pub) == key.public_key()


def test_sign_here_verify_there() -> None:
    lens = [48, 48, 32, 64, 20, 28, 49, 1]
    for i in range(N_CASES):
        ck = _ck()
        key = nbtls.P384PrivateKey.from_bytes(_priv(ck))
        digest = os.urandom(lens[i % len(lens)])
        if len(digest) not in (20, 28, 32, 48, 64):
            # signing takes only the digest lengths of supported hashes
            with pytest.raises(nbtls.InvalidArgument):
                key.sign(digest)
            continue
        sig = key.sign(digest).run()
        assert len(sig) == 96
        ck.public_key().verify(_raw_to_der(sig), digest, _prehashed(digest))
        bad = bytearray(sig)
        bad[i % 96] ^= 1 << (i % 8)
        with pytest.raises(CryptoInvalidSignature):
            ck.public_key().verify(_raw_to_der(bytes(bad)), digest, _prehashed(digest))
        key.public_key().verify(digest, sig).run()


def test_sign_there_verify_here() -> None:
    for i in range(N_CASES):
        ck = _ck()
        pk = nbtls.P384PublicKey.from_bytes(ck.public_key().public_bytes(*UNCOMPRESSED))
        digest = hashlib.sha384(os.urandom(16)).digest()
        raw = _der_to_raw(ck.sign(digest, _prehashed(digest)))
        pk.verify(digest, raw).run()
        bad = bytearray(raw)
        bad[(i * 7) % 96] ^= 0x80 >> (i % 8)
        with pytest.raises(nbtls.InvalidSignature):
            pk.verify(digest, bytes(bad)).run()
        with pytest.raises(nbtls.InvalidSignature):
            pk.verify(hashlib.sha384(digest).digest(), raw).run()


def test_deterministic_matches_cryptography() -> None:
    for i in range(N_CASES // 4):
        ck = _ck()
        key = nbtls.P384PrivateKey.from_bytes(_priv(ck))
        h = [hashlib.sha1, hashlib.sha224, hashlib.sha256, hashlib.sha384, hashlib.sha512][i % 5]
        digest = h(os.urandom(8)).digest()
        want = _der_to_raw(ck.sign(digest, _prehashed(digest, deterministic=True)))
        assert key.sign(digest, deterministic=True).run() == want


def test_ecdh_both_directions() -> None:
    for _ in range(N_CASES // 2):
        ca, cb = _ck(), _ck()
        a = nbtls.P384PrivateKey.from_bytes(_priv(ca))
        pb = nbtls.P384PublicKey.from_bytes(cb.public_key().public_bytes(*COMPRESSED))
        want = ca.exchange(ec.ECDH(), cb.public_key())
        assert len(want) == 48
        assert a.exchange(pb).run() == want
        b = nbtls.P384PrivateKey.from_bytes(_priv(cb))
        assert b.exchange(a.public_key()).run() == cb.exchange(ec.ECDH(), ca.public_key())


def test_generated_keys_work_there() -> None:
    async def main() -> None:
        keys = await asyncio.gather(*(nbtls.P384PrivateKey.generate() for _ in range(N_CASES // 8)))
        for k in keys:
            ck = ec.derive_private_key(int.from_bytes(k.private_bytes(), "big"), ec.SECP384R1())
            assert ck.public_key().public_bytes(*UNCOMPRESSED) == k.public_key().to_bytes()
            digest = hashlib.sha384(k.private_bytes()).digest()
            sig = await k.sign(digest)
            ck.public_key().verify(_raw_to_der(sig), digest, _prehashed(digest))
            der = await k.sign_message(b"generated")
            ck.public_key().verify(der, b"generated", ec.ECDSA(hashes.SHA384()))
        assert len({k.private_bytes() for k in keys}) == len(keys)

    asyncio.run(main())


def test_scheme_both_ways() -> None:
    for i in range(N_CASES // 4):
        ck = _ck()
        key = nbtls.P384PrivateKey.from_bytes(_priv(ck))
        msg = os.urandom([0, 1, 511, 512, 513, 2000][i % 6])
        der = key.sign_message(msg).run() if i % 2 else key.sign_message(msg, S.ECDSA_SECP384R1_SHA384).run()
        assert len(der) <= nbtls.SIGNATURE_MAX_LEN
        ck.public_key().verify(der, msg, ec.ECDSA(hashes.SHA384()))
        theirs = ck.sign(msg, ec.ECDSA(hashes.SHA384()))
        key.public_key().verify_message(msg, theirs).run()
        key.public_key().verify_message(msg, theirs, 0x0503).run()
        with pytest.raises(nbtls.InvalidSignature):
            key.public_key().verify_message(msg + b"x", theirs).run()
        bad = bytearray(theirs)
        bad[-1] ^= 1
        with pytest.raises(nbtls.InvalidSignature):
            key.public_key().verify_message(msg, bytes(bad)).run()
        # a P-384 key does not take the P-256 scheme (nor RSA)
        for scheme in (S.ECDSA_SECP256R1_SHA256, S.RSA_PSS_RSAE_SHA384):
            with pytest.raises(nbtls.InvalidKey):
                key.public_key().verify_message(msg, theirs, scheme)
            with pytest.raises(nbtls.InvalidKey):
                key.sign_message(msg, scheme)


def test_largest_der_signature_fits() -> None:
    # r and s with the top bit set need 49-byte INTEGERs: 104 bytes in all.
    ck = _ck()
    key = nbtls.P384PrivateKey.from_bytes(_priv(ck))
    longest = max(len(key.sign_message(bytes([i])).run()) for i in range(64))
    assert 100 <= longest <= 104
    assert nbtls.SIGNATURE_MAX_LEN == 512  # room for RSA-4096 signatures


@pytest.mark.parametrize("n", [0, 32, 47, 49, 64])
def test_private_key_length(n: int) -> None:
    for make in (nbtls.P384PrivateKey.from_bytes, nbtls.P384PrivateKey.from_bytes_op):
        with pytest.raises(nbtls.InvalidKey) as ei:
            make(b"\x01" * n)
        assert str(ei.value) == f"P-384 private key must be 48 bytes, got {n}"


@pytest.mark.parametrize("scalar", [0, N, N + 1, (1 << 384) - 1], ids=["0", "n", "n+1", "2^384-1"])
def test_private_key_range(scalar: int) -> None:
    b = scalar.to_bytes(48, "big")
    with pytest.raises(nbtls.InvalidKey, match=r"P-384 private key is out of range.*\[1, n-1\]"):
        nbtls.P384PrivateKey.from_bytes(b)
    with pytest.raises(nbtls.InvalidKey, match="out of range"):
        nbtls.P384PrivateKey.from_bytes_op(b)
    # n - 1 is valid: its public key is -G, G's x with the other y
    g = nbtls.P384PrivateKey.from_bytes((1).to_bytes(48, "big")).public_key().to_bytes()
    neg = nbtls.P384PrivateKey.from_bytes((N - 1).to_bytes(48, "big")).public_key().to_bytes()
    assert neg[:49] == g[:49] and neg != g


def test_public_key_errors() -> None:
    g = nbtls.P384PrivateKey.from_bytes((1).to_bytes(48, "big")).public_key().to_bytes()
    for n in (0, 33, 65, 96, 98):
        with pytest.raises(nbtls.InvalidKey) as ei:
            nbtls.P384PublicKey.from_bytes(b"\x04" * n)
        assert str(ei.value) == f"P-384 public key must be 97 bytes (uncompressed) or 49 bytes (compressed), got {n}"
    with pytest.raises(nbtls.InvalidKey, match="bad SEC1 format byte 0x02 for a 97-byte point"):
        nbtls.P384PublicKey.from_bytes(b"\x02" + g[1:])
    with pytest.raises(nbtls.InvalidKey, match="not a point on the curve"):
        nbtls.P384PublicKey.from_bytes(g[:-1] + bytes([g[-1] ^ 1]))
    # a P-256 point is not a P-384 point, and the curves do not mix
    p256 = nbtls.P256PrivateKey.from_bytes(bytes(31) + b"\x01")
    with pytest.raises(nbtls.InvalidKey):
        nbtls.P384PublicKey.from_bytes(p256.public_key().to_bytes())
    k = nbtls.P384PrivateKey.from_bytes((7).to_bytes(48, "big"))
    with pytest.raises(TypeError, match="peer must be a P384PublicKey, not P256PublicKey"):
        k.exchange(p256.public_key())  # type: ignore[arg-type]
    assert k.public_key() != p256.public_key()
    op = k.public_key().verify(b"d" * 48, bytes(64))  # wrong length: the operation fails
    with pytest.raises(nbtls.InvalidSignature, match="P-384 ECDSA verify"):
        op.run()
    with pytest.raises(nbtls.InvalidSignature):
        k.public_key().verify(b"d" * 48, N.to_bytes(48, "big") + (1).to_bytes(48, "big")).run()

"""Differential tests against pyca/cryptography (OpenSSL): keys, signatures
and shared secrets must agree on hundreds of random cases."""

from __future__ import annotations

import asyncio
import hashlib
import os

import pytest
from cryptography.exceptions import InvalidSignature as CryptoInvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, utils

import nbtls

N_CASES = int(os.environ.get("NBTLS_PY_DIFF_CASES", "200"))
UNCOMPRESSED = (serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
COMPRESSED = (serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint)


def _crypto_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _priv_bytes(k: ec.EllipticCurvePrivateKey) -> bytes:
    return k.private_numbers().private_value.to_bytes(32, "big")


def _der_to_raw(der: bytes) -> bytes:
    r, s = utils.decode_dss_signature(der)
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def _raw_to_der(raw: bytes) -> bytes:
    return utils.encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))


def _prehashed(digest: bytes, deterministic: bool = False) -> ec.ECDSA:
    alg = {20: hashes.SHA1(), 28: hashes.SHA224(), 32: hashes.SHA256(), 48: hashes.SHA384(), 64: hashes.SHA512()}[len(digest)]
    return ec.ECDSA(utils.Prehashed(alg), deterministic_signing=deterministic)


def test_import_export_matches() -> None:
    for _ in range(N_CASES // 4):
        ck = _crypto_key()
        key = nbtls.P256PrivateKey.from_bytes(_priv_bytes(ck))
        pub = ck.public_key().public_bytes(*UNCOMPRESSED)
        assert key.public_key().to_bytes() == pub
        assert key.private_bytes() == _priv_bytes(ck)
        comp = ck.public_key().public_bytes(*COMPRESSED)
        assert nbtls.P256PublicKey.from_bytes(comp).to_bytes() == pub


def test_sign_here_verify_there() -> None:
    for i in range(N_CASES):
        ck = _crypto_key()
        key = nbtls.P256PrivateKey.from_bytes(_priv_bytes(ck))
        digest = hashlib.sha256(os.urandom(16) + bytes([i % 256])).digest()
        sig = key.sign(digest).run()
        assert len(sig) == 64
        ck.public_key().verify(_raw_to_der(sig), digest, _prehashed(digest))
        # a flipped bit is rejected there too
        bad = bytearray(sig)
        bad[i % 64] ^= 1 << (i % 8)
        with pytest.raises(CryptoInvalidSignature):
            ck.public_key().verify(_raw_to_der(bytes(bad)), digest, _prehashed(digest))


def test_sign_there_verify_here() -> None:
    for i in range(N_CASES):
        ck = _crypto_key()
        pk = nbtls.P256PublicKey.from_bytes(ck.public_key().public_bytes(*UNCOMPRESSED))
        digest = hashlib.sha256(os.urandom(16)).digest()
        raw = _der_to_raw(ck.sign(digest, _prehashed(digest)))
        pk.verify(digest, raw).run()
        bad = bytearray(raw)
        bad[(i * 7) % 64] ^= 0x80 >> (i % 8)
        with pytest.raises(nbtls.InvalidSignature):
            pk.verify(digest, bytes(bad)).run()
        with pytest.raises(nbtls.InvalidSignature):
            pk.verify(hashlib.sha256(digest).digest(), raw).run()


def test_deterministic_matches_cryptography() -> None:
    # RFC 6979 is a function of (key, digest): both must give the same (r, s).
    for i in range(N_CASES // 4):
        ck = _crypto_key()
        key = nbtls.P256PrivateKey.from_bytes(_priv_bytes(ck))
        h = [hashlib.sha1, hashlib.sha224, hashlib.sha256, hashlib.sha384, hashlib.sha512][i % 5]
        digest = h(os.urandom(8)).digest()
        want = _der_to_raw(ck.sign(digest, _prehashed(digest, deterministic=True)))
        assert key.sign(digest, deterministic=True).run() == want


def test_ecdh_both_directions() -> None:
    for _ in range(N_CASES):
        ca, cb = _crypto_key(), _crypto_key()
        a = nbtls.P256PrivateKey.from_bytes(_priv_bytes(ca))
        pb = nbtls.P256PublicKey.from_bytes(cb.public_key().public_bytes(*UNCOMPRESSED))
        want = ca.exchange(ec.ECDH(), cb.public_key())
        assert a.exchange(pb).run() == want
        b = nbtls.P256PrivateKey.from_bytes(_priv_bytes(cb))
        assert b.exchange(a.public_key()).run() == cb.exchange(ec.ECDH(), ca.public_key())


def test_generated_keys_work_there() -> None:
    async def main() -> None:
        keys = await asyncio.gather(*(nbtls.P256PrivateKey.generate() for _ in range(N_CASES // 4)))
        for k in keys:
            d = k.private_bytes()
            ck = ec.derive_private_key(int.from_bytes(d, "big"), ec.SECP256R1())
            assert ck.public_key().public_bytes(*UNCOMPRESSED) == k.public_key().to_bytes()
            digest = hashlib.sha256(d).digest()
            sig = await k.sign(digest)
            ck.public_key().verify(_raw_to_der(sig), digest, _prehashed(digest))
        assert len({k.private_bytes() for k in keys}) == len(keys)

    asyncio.run(main())

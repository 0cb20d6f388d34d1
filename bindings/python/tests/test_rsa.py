"""RSA verification against signatures made by pyca/cryptography."""

from __future__ import annotations

import asyncio
import hashlib
import os
from typing import Callable, Dict

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils

import nbtls

HASHES: Dict[str, Callable[[], hashes.HashAlgorithm]] = {
    "sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512}


@pytest.fixture(scope="module", params=[2048, 3072])
def keypair(request: pytest.FixtureRequest) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=request.param)


def _pad(name: str, h: str) -> padding.AsymmetricPadding:
    if name == "pss":
        return padding.PSS(mgf=padding.MGF1(HASHES[h]()), salt_length=padding.PSS.DIGEST_LENGTH)
    return padding.PKCS1v15()


def test_rsa_verify_matches_cryptography(keypair: rsa.RSAPrivateKey) -> None:
    spki = keypair.public_key().public_bytes(ser.Encoding.PEM, ser.PublicFormat.SubjectPublicKeyInfo)
    pub = nbtls.load_pem_key(spki)
    assert isinstance(pub, nbtls.RSAPublicKey)
    pkcs1 = keypair.public_key().public_bytes(ser.Encoding.DER, ser.PublicFormat.PKCS1)
    assert pub.to_der() == pkcs1
    assert nbtls.load_der_key(pkcs1) == pub
    for h in HASHES:
        for pad in ("pss", "pkcs1v15"):
            digest = hashlib.new(h, os.urandom(32)).digest()
            sig = keypair.sign(digest, _pad(pad, h), utils.Prehashed(HASHES[h]()))
            pub.verify(digest, sig, padding=pad, hash=h).run()

            async def go() -> None:
                await pub.verify(digest, sig, padding=pad, hash=h)

            asyncio.run(go())
            bad = bytearray(sig)
            bad[len(sig) // 2] ^= 4
            with pytest.raises(nbtls.InvalidSignature):
                pub.verify(digest, bytes(bad), padding=pad, hash=h).run()
            with pytest.raises(nbtls.InvalidSignature):
                pub.verify(bytes(len(digest)), sig, padding=pad, hash=h).run()
            other = "pkcs1v15" if pad == "pss" else "pss"
            with pytest.raises(nbtls.InvalidSignature):
                pub.verify(digest, sig, padding=other, hash=h).run()


def test_rsa_errors(keypair: rsa.RSAPrivateKey) -> None:
    pub = nbtls.load_der_key(keypair.public_key().public_bytes(ser.Encoding.DER, ser.PublicFormat.SubjectPublicKeyInfo))
    assert isinstance(pub, nbtls.RSAPublicKey)
    d = bytes(32)
    with pytest.raises(nbtls.InvalidArgument, match="unknown RSA padding 'oaep'"):
        pub.verify(d, b"", padding="oaep")
    with pytest.raises(nbtls.Unsupported, match="unknown hash 'sha1'"):
        pub.verify(d, b"", hash="sha1")
    with pytest.raises(nbtls.InvalidArgument, match="a sha384 digest must be 48 bytes, got 32"):
        pub.verify(d, b"", hash="sha384")
    with pytest.raises(nbtls.InvalidSignature):  # a wrong-length signature is a bad one
        pub.verify(d, b"\x01" * 10).run()  # signature length != modulus length (C check)
    priv = keypair.private_bytes(ser.Encoding.DER, ser.PrivateFormat.PKCS8, ser.NoEncryption())
    with pytest.raises(nbtls.Unsupported):
        nbtls.load_der_key(priv)  # RSA private keys are not supported

"""The symmetric layer (sym.h) against hashlib, hmac and pyca/cryptography,
plus RFC 5869's first HKDF test case and negative tests."""

from __future__ import annotations

import hashlib
import hmac as std_hmac
import os
from typing import Callable, Dict

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF, HKDFExpand

import nbtls
from nbtls import _lowlevel as ll

HASHES = ["sha256", "sha384", "sha512"]
LENGTHS = [0, 1, 55, 56, 63, 64, 65, 111, 112, 127, 128, 129, 1000, 4096 + 3]
CRYPTO_HASH: Dict[str, Callable[[], hashes.HashAlgorithm]] = {
    "sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512}


@pytest.mark.parametrize("name", HASHES)
def test_hash_matches_hashlib(name: str) -> None:
    for n in LENGTHS:
        data = os.urandom(n)
        want = hashlib.new(name, data).digest()
        assert nbtls.hash(name, data) == want
        h = nbtls.Hash(name)
        for i in range(0, n, 37):
            h.update(data[i : i + 37])
        snap = h.copy()
        assert h.digest() == want and h.digest() == want  # digest() keeps the state
        h.update(b"more")
        assert h.hexdigest() == hashlib.new(name, data + b"more").hexdigest()
        assert snap.digest() == want
        assert h.digest_size == len(want)


@pytest.mark.parametrize("name", HASHES)
def test_hmac_matches_stdlib(name: str) -> None:
    for klen in (0, 1, 32, 64, 127, 128, 129, 200):
        key, data = os.urandom(klen), os.urandom(klen * 3 + 1)
        assert nbtls.hmac(name, key, data) == std_hmac.new(key, data, name).digest()


def test_hkdf_rfc5869_case1() -> None:
    # RFC 5869 appendix A.1 (SHA-256), values from the RFC text and checked
    # against cryptography's HKDF below.
    ikm = bytes.fromhex("0b" * 22)
    salt = bytes.fromhex("000102030405060708090a0b0c")
    info = bytes.fromhex("f0f1f2f3f4f5f6f7f8f9")
    prk = nbtls.hkdf_extract("sha256", salt, ikm)
    okm = nbtls.hkdf_expand("sha256", prk, info, 42)
    assert okm == HKDF(hashes.SHA256(), 42, salt, info).derive(ikm)
    assert prk.hex() == "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"
    assert okm.hex() == (
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
    )


@pytest.mark.parametrize("name", HASHES)
def test_hkdf_matches_cryptography(name: str) -> None:
    alg = CRYPTO_HASH[name]
    for _ in range(20):
        ikm, salt, info = os.urandom(40), os.urandom(int.from_bytes(os.urandom(1), "big") % 80), os.urandom(20)
        length = 1 + int.from_bytes(os.urandom(2), "big") % 400
        want = HKDF(alg(), length, salt or None, info).derive(ikm)
        prk = nbtls.hkdf_extract(name, salt, ikm)
        assert nbtls.hkdf_expand(name, prk, info, length) == want
        assert nbtls.hkdf_expand(name, prk, info, length) == HKDFExpand(alg(), length, info).derive(prk)


def _expand_label(name: str, secret: bytes, label: bytes, context: bytes, length: int) -> bytes:
    # RFC 8446 section 7.1, built here on cryptography's HKDF-Expand.
    full = b"tls13 " + label
    info = length.to_bytes(2, "big") + bytes([len(full)]) + full + bytes([len(context)]) + context
    return HKDFExpand(CRYPTO_HASH[name](), length, info).derive(secret)


@pytest.mark.parametrize("name", ["sha256", "sha384"])
def test_tls13_helpers(name: str) -> None:
    hlen = hashlib.new(name).digest_size
    for label, ctx, length in [(b"key", b"", 16), (b"iv", b"", 12), (b"c hs traffic", os.urandom(hlen), hlen), (b"finished", b"", hlen)]:
        secret = os.urandom(hlen)
        assert nbtls.tls13_hkdf_expand_label(name, secret, label, ctx, length) == _expand_label(name, secret, label, ctx, length)
        th = hashlib.new(name, os.urandom(50)).digest()
        assert nbtls.tls13_derive_secret(name, secret, label, th) == _expand_label(name, secret, label, th, hlen)


@pytest.mark.parametrize("name,cls,klen", [
    ("aes-128-gcm", AESGCM, 16), ("aes-256-gcm", AESGCM, 32), ("chacha20-poly1305", ChaCha20Poly1305, 32)])
def test_aead_matches_cryptography(name: str, cls: type, klen: int) -> None:
    for n in (0, 1, 15, 16, 17, 64, 255, 256, 1000, 4099):
        key, nonce, aad, pt = os.urandom(klen), os.urandom(12), os.urandom(n % 37), os.urandom(n)
        ours = nbtls.AEAD(name, key)
        theirs = cls(key)
        ct = ours.seal(nonce, pt, aad)
        assert ct == theirs.encrypt(nonce, pt, aad or None)
        assert ours.open(nonce, ct, aad) == pt
        assert theirs.decrypt(nonce, ct, aad or None) == pt
        bad = bytearray(ct)
        bad[n % len(ct)] ^= 1
        with pytest.raises(nbtls.DecryptError) as ei:
            ours.open(nonce, bytes(bad), aad)
        assert ei.value.code == ll.E_DECRYPT
        with pytest.raises(InvalidTag):
            theirs.decrypt(nonce, bytes(bad), aad or None)
        with pytest.raises(nbtls.DecryptError):
            ours.open(nonce, ct, aad + b"x")


def test_sym_errors() -> None:
    with pytest.raises(nbtls.Unsupported, match="unknown hash 'md5'"):
        nbtls.hash("md5", b"")
    with pytest.raises(nbtls.Unsupported, match="unknown AEAD 'aes-128-cbc'"):
        nbtls.AEAD("aes-128-cbc", bytes(16))
    with pytest.raises(nbtls.InvalidArgument, match="aes-128-gcm key must be 16 bytes, got 32"):
        nbtls.AEAD("aes-128-gcm", bytes(32))
    with pytest.raises(nbtls.InvalidArgument, match="chacha20-poly1305 key must be 32 bytes, got 16"):
        nbtls.AEAD("chacha20-poly1305", bytes(16))
    a = nbtls.AEAD("aes-256-gcm", bytes(32))
    with pytest.raises(nbtls.InvalidArgument, match="AEAD nonce must be 12 bytes, got 8"):
        a.seal(bytes(8), b"x")
    with pytest.raises(nbtls.DecryptError, match="at least 16 bytes"):
        a.open(bytes(12), bytes(15))
    with pytest.raises(nbtls.InvalidArgument, match=r"HKDF-Expand output length must be in \[1, 8160\], got 0"):
        nbtls.hkdf_expand("sha256", bytes(32), b"", 0)
    with pytest.raises(nbtls.InvalidArgument, match="got 8161"):
        nbtls.hkdf_expand("sha256", bytes(32), b"", 8161)
    with pytest.raises(nbtls.InvalidArgument):
        nbtls.hkdf_expand("sha256", bytes(31), b"", 32)  # PRK shorter than the hash (C check)
    with pytest.raises(TypeError, match="data must be bytes, not str"):
        nbtls.hash("sha256", "abc")  # type: ignore[arg-type]
    assert set(nbtls.sym_accel()) == {"aes-gcm", "sha256", "chacha20"}

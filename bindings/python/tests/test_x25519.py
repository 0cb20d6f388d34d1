"""X25519: RFC 7748 vectors (tests/vectors/x25519.txt), small-order peers,
and a differential test against pyca/cryptography."""

from __future__ import annotations

import asyncio
import os
from typing import List, Tuple

import pytest
from cryptography.hazmat.primitives.asymmetric import x25519

import nbtls
from conftest import VECTORS


def _lines(kind: str) -> List[List[str]]:
    path = os.path.join(VECTORS, "x25519.txt")
    if not os.path.exists(path):
        pytest.skip("tests/vectors/x25519.txt not present")
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if parts and parts[0] == kind:
                out.append(parts[1:])
    assert out, kind
    return out


def test_rfc7748_vectors() -> None:
    for k, u, want in _lines("x"):
        key = nbtls.X25519PrivateKey.from_bytes(bytes.fromhex(k))
        peer = nbtls.X25519PublicKey.from_bytes(bytes.fromhex(u))
        assert key.exchange(peer).run() == bytes.fromhex(want)
        assert key.private_bytes() == bytes.fromhex(k)


def test_rfc7748_iterated_once() -> None:
    (n, want), *_ = _lines("iter")
    assert n == "1"
    nine = bytes([9]) + bytes(31)
    k = nbtls.X25519PrivateKey.from_bytes(nine)
    assert k.exchange(nbtls.X25519PublicKey.from_bytes(nine)).run() == bytes.fromhex(want)


def test_small_order_peers_raise() -> None:
    key = nbtls.X25519PrivateKey.generate().run()
    for (u,) in _lines("zero"):
        peer = nbtls.X25519PublicKey.from_bytes(bytes.fromhex(u))  # accepted here
        with pytest.raises(nbtls.InvalidKey) as ei:
            key.exchange(peer).run()
        assert str(ei.value).startswith("X25519: ")


def test_differential_cryptography() -> None:
    async def main() -> List[Tuple[bytes, bytes, bytes]]:
        ours = await asyncio.gather(*(nbtls.X25519PrivateKey.generate() for _ in range(50)))
        res = []
        for k in ours:
            theirs = x25519.X25519PrivateKey.generate()
            tp = nbtls.X25519PublicKey.from_bytes(theirs.public_key().public_bytes_raw())
            s1 = await k.exchange(tp)
            s2 = theirs.exchange(x25519.X25519PublicKey.from_public_bytes(k.public_key().to_bytes()))
            # the public key from our private bytes matches theirs
            mirror = x25519.X25519PrivateKey.from_private_bytes(k.private_bytes())
            res.append((s1, s2, mirror.public_key().public_bytes_raw()))
            assert k.public_key().to_bytes() == res[-1][2]
        return res

    for s1, s2, _ in asyncio.run(main()):
        assert s1 == s2


def test_x25519_errors() -> None:
    with pytest.raises(nbtls.InvalidKey, match="X25519 private key must be 32 bytes, got 31"):
        nbtls.X25519PrivateKey.from_bytes(bytes(31))
    with pytest.raises(nbtls.InvalidKey, match="X25519 public key must be 32 bytes, got 33"):
        nbtls.X25519PublicKey.from_bytes(bytes(33))
    k = nbtls.X25519PrivateKey.from_bytes(os.urandom(32))
    with pytest.raises(TypeError, match="peer must be an X25519PublicKey, not P256PublicKey"):
        k.exchange(nbtls.P256PrivateKey.generate().run().public_key())  # type: ignore[arg-type]
    # top bit ignored: cleared in the stored key
    u = bytearray(k.public_key().to_bytes())
    u[31] |= 0x80
    assert nbtls.X25519PublicKey.from_bytes(bytes(u)) == k.public_key()

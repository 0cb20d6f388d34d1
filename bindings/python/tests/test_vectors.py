"""Known-answer tests from the RFCs (RFC 6979 A.2.5, RFC 5903 8.1) and the
edge-case vectors of tests/vectors, through the Python binding."""

from __future__ import annotations

import asyncio

import pytest

import nbtls
from conftest import flip_bit, read_records, unhex


def _rfc6979() -> tuple[bytes, bytes, list[dict[str, str]]]:
    recs = read_records("p256_rfc6979.txt")
    key = recs[0]
    pub = b"\x04" + unhex(key["Ux"]) + unhex(key["Uy"])
    return unhex(key["x"]), pub, recs[1:]


def test_rfc6979_key_pair() -> None:
    x, pub, _ = _rfc6979()
    key = nbtls.P256PrivateKey.from_bytes(x)
    assert key.public_key().to_bytes() == pub
    assert key.private_bytes() == x
    # The restartable import gives the same key.
    key2 = nbtls.P256PrivateKey.from_bytes_op(x).run()
    assert key2.public_key().to_bytes() == pub


def test_rfc6979_deterministic_signatures() -> None:
    x, pub, cases = _rfc6979()
    assert len(cases) == 10
    key = nbtls.P256PrivateKey.from_bytes(x)
    for c in cases:
        digest = unhex(c["digest"])
        assert len(digest) == int(c["hash_len"])
        want = unhex(c["r"]) + unhex(c["s"])
        assert key.sign(digest, deterministic=True).run() == want, (c["hash"], c["msg"])
        # Same through asyncio and by hand.
        assert asyncio.run(_await(key.sign(digest, deterministic=True))) == want
        op = key.sign(digest, deterministic=True)
        while op.poll(3) != nbtls.Status.DONE:
            pass
        assert op.result() == want


async def _await(op: nbtls.Operation[bytes]) -> bytes:
    return await op


def test_rfc6979_verify_and_negatives() -> None:
    _, pub, cases = _rfc6979()
    pk = nbtls.P256PublicKey.from_bytes(pub)
    for c in cases:
        digest = unhex(c["digest"])
        sig = unhex(c["r"]) + unhex(c["s"])
        assert pk.verify(digest, sig).run() is None
        for bit in (0, 255, 256, 511):
            with pytest.raises(nbtls.InvalidSignature):
                pk.verify(digest, flip_bit(sig, bit)).run()
        with pytest.raises(nbtls.InvalidSignature):
            pk.verify(flip_bit(digest, 7), sig).run()


def test_hedged_signatures_differ_but_verify() -> None:
    x, pub, cases = _rfc6979()
    key = nbtls.P256PrivateKey.from_bytes(x)
    digest = unhex(cases[2]["digest"])
    s1 = key.sign(digest).run()
    s2 = key.sign(digest).run()
    assert s1 != s2  # hedged with fresh randomness
    for s in (s1, s2):
        key.public_key().verify(digest, s).run()


def test_rfc5903_ecdh() -> None:
    v = read_records("p256_rfc5903.txt")[0]
    i = nbtls.P256PrivateKey.from_bytes(unhex(v["i"]))
    r = nbtls.P256PrivateKey.from_bytes(unhex(v["r"]))
    assert i.public_key().to_bytes() == b"\x04" + unhex(v["gix"]) + unhex(v["giy"])
    assert r.public_key().to_bytes() == b"\x04" + unhex(v["grx"]) + unhex(v["gry"])
    want = unhex(v["girx"])
    assert i.exchange(r.public_key()).run() == want
    assert asyncio.run(_await(r.exchange(i.public_key()))) == want


def test_points() -> None:
    recs = [r for r in read_records("p256_points.txt") if "sec1" in r]
    assert recs
    valid = invalid = 0
    for r in recs:
        sec1 = unhex(r["sec1"])
        if r["valid"] == "1":
            pk = nbtls.P256PublicKey.from_bytes(sec1)
            assert pk.to_bytes() == unhex(r["uncompressed"]), r["name"]
            valid += 1
        else:
            with pytest.raises(nbtls.InvalidKey):
                nbtls.P256PublicKey.from_bytes(sec1)
            invalid += 1
    assert valid > 0 and invalid > 0


def test_ecdsa_digest_lengths() -> None:
    recs = read_records("p256_ecdsa_digests.txt")
    key = recs[0]
    d = nbtls.P256PrivateKey.from_bytes(unhex(key["d"]))
    pk = nbtls.P256PublicKey.from_bytes(unhex(key["Q"]))
    assert d.public_key() == pk
    for r in recs[1:]:
        digest, sig = unhex(r["digest"]), unhex(r["sig"])
        assert len(digest) == int(r["digest_len"])
        pk.verify(digest, sig).run()
        with pytest.raises(nbtls.InvalidSignature):
            pk.verify(digest, flip_bit(sig, 100)).run()
        # Our own signature over the same digest verifies too; signing
        # takes only the digest lengths of supported hashes.
        if len(digest) in (20, 28, 32, 48, 64):
            pk.verify(digest, d.sign(digest).run()).run()
        else:
            with pytest.raises(nbtls.InvalidArgument):
                d.sign(digest)

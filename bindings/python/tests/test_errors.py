"""Bad inputs raise the right exception class, code and message."""

from __future__ import annotations

import asyncio

import pytest

import nbtls
from nbtls import _lowlevel as ll

N_HEX = "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551"
G = bytes.fromhex(
    "046B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296"
    "4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5"
)
KEY = bytes(31) + b"\x01"  # the scalar 1: public key G


def test_hierarchy() -> None:
    assert issubclass(nbtls.InvalidKey, ValueError)
    assert issubclass(nbtls.InvalidArgument, ValueError)
    assert issubclass(nbtls.NoMemory, MemoryError)
    for cls in (nbtls.InvalidKey, nbtls.InvalidSignature, nbtls.BadState, nbtls.BufferTooSmall,
                nbtls.RandomError, nbtls.Unsupported, nbtls.DecryptError, nbtls.InternalError):
        assert issubclass(cls, nbtls.Error)


@pytest.mark.parametrize(
    "code,cls",
    [
        (ll.E_INVALID_ARG, nbtls.InvalidArgument),
        (ll.E_NO_MEMORY, nbtls.NoMemory),
        (ll.E_BAD_STATE, nbtls.BadState),
        (ll.E_BUFFER_TOO_SMALL, nbtls.BufferTooSmall),
        (ll.E_BAD_KEY, nbtls.InvalidKey),
        (ll.E_BAD_SIGNATURE, nbtls.InvalidSignature),
        (ll.E_RNG, nbtls.RandomError),
        (ll.E_UNSUPPORTED, nbtls.Unsupported),
        (ll.E_DECRYPT, nbtls.DecryptError),
        (ll.E_INTERNAL, nbtls.InternalError),
    ],
)
def test_every_code_maps(code: int, cls: "type[nbtls.Error]") -> None:
    with pytest.raises(cls) as ei:
        ll.check(code, "some context")
    e = ei.value
    assert type(e) is cls
    assert e.code == code
    assert e.reason == ll.strerror(code) and e.reason and e.reason != "unknown error"
    assert str(e) == f"some context: {e.reason}"


def test_unknown_code_and_statuses() -> None:
    with pytest.raises(nbtls.Error) as ei:
        ll.check(-1000, "ctx")
    assert type(ei.value) is nbtls.Error and ei.value.code == -1000
    assert "unknown error" in str(ei.value) and "-1000" in str(ei.value)
    assert ll.check(ll.IN_PROGRESS, "ctx") == ll.IN_PROGRESS
    assert ll.check(ll.DONE, "ctx") == ll.DONE


@pytest.mark.parametrize("n", [0, 1, 31, 33, 64])
def test_private_key_length(n: int) -> None:
    for make in (nbtls.P256PrivateKey.from_bytes, nbtls.P256PrivateKey.from_bytes_op):
        with pytest.raises(nbtls.InvalidKey) as ei:
            make(b"\x01" * n)
        assert str(ei.value) == f"P-256 private key must be 32 bytes, got {n}"
        assert ei.value.code == ll.E_BAD_KEY


@pytest.mark.parametrize("scalar", ["00" * 32, N_HEX, "FF" * 32])
def test_private_key_range(scalar: str) -> None:
    with pytest.raises(nbtls.InvalidKey, match=r"out of range.*\[1, n-1\]"):
        nbtls.P256PrivateKey.from_bytes(bytes.fromhex(scalar))
    with pytest.raises(nbtls.InvalidKey, match=r"out of range"):
        nbtls.P256PrivateKey.from_bytes_op(bytes.fromhex(scalar))


def test_private_key_edges_accepted() -> None:
    assert nbtls.P256PrivateKey.from_bytes(KEY).public_key().to_bytes() == G
    n_minus_1 = (int(N_HEX, 16) - 1).to_bytes(32, "big")
    neg_g = nbtls.P256PrivateKey.from_bytes(n_minus_1).public_key().to_bytes()
    assert neg_g[:33] == G[:33] and neg_g != G


def test_types() -> None:
    with pytest.raises(TypeError, match="P-256 private key must be bytes, not str"):
        nbtls.P256PrivateKey.from_bytes("00" * 32)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="must be bytes, not int"):
        nbtls.P256PublicKey.from_bytes(4)  # type: ignore[arg-type]
    key = nbtls.P256PrivateKey.from_bytes(bytearray(KEY))
    with pytest.raises(TypeError, match="digest must be bytes, not NoneType"):
        key.sign(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="peer must be a P256PublicKey, not bytes"):
        key.exchange(G)  # type: ignore[arg-type]
    # bytearray and memoryview are accepted
    assert len(key.sign(memoryview(b"x" * 32)).run()) == 64


@pytest.mark.parametrize("n", [0, 1, 32, 64, 66])
def test_public_key_length(n: int) -> None:
    with pytest.raises(nbtls.InvalidKey) as ei:
        nbtls.P256PublicKey.from_bytes(b"\x04" * n)
    assert str(ei.value) == f"P-256 public key must be 65 bytes (uncompressed) or 33 bytes (compressed), got {n}"


@pytest.mark.parametrize("prefix,n", [(0x02, 65), (0x06, 65), (0x07, 65), (0x00, 65), (0x04, 33), (0x05, 33)])
def test_public_key_format_byte(prefix: int, n: int) -> None:
    data = bytes([prefix]) + G[1:n]
    with pytest.raises(nbtls.InvalidKey, match=f"bad SEC1 format byte 0x{prefix:02x} for a {n}-byte point"):
        nbtls.P256PublicKey.from_bytes(data)


def test_public_key_off_curve() -> None:
    bad = G[:-1] + bytes([G[-1] ^ 1])
    with pytest.raises(nbtls.InvalidKey, match="not a point on the curve"):
        nbtls.P256PublicKey.from_bytes(bad)


def test_empty_digest() -> None:
    key = nbtls.P256PrivateKey.from_bytes(KEY)
    for call in (lambda: key.sign(b""), lambda: key.sign(b"", deterministic=True),
                 lambda: key.public_key().verify(b"", bytes(64))):
        with pytest.raises(nbtls.InvalidArgument, match="the digest must not be empty") as ei:
            call()
        assert ei.value.code == ll.E_INVALID_ARG


@pytest.mark.parametrize("n", [0, 63, 65, 72])
def test_signature_length(n: int) -> None:
    pk = nbtls.P256PrivateKey.from_bytes(KEY).public_key()
    op = pk.verify(b"d" * 32, b"\x01" * n)  # a bad signature: the operation says so
    with pytest.raises(nbtls.InvalidSignature) as ei:
        op.run()
    assert str(ei.value) == f"P-256 ECDSA verify: {ll.strerror(ll.E_BAD_SIGNATURE)}"
    assert ei.value.code == ll.E_BAD_SIGNATURE


def test_signature_out_of_range() -> None:
    pk = nbtls.P256PrivateKey.from_bytes(KEY).public_key()
    n = bytes.fromhex(N_HEX)
    one = bytes(31) + b"\x01"
    for sig in (bytes(64), one + bytes(32), bytes(32) + one, n + one, one + n, b"\xff" * 64):
        with pytest.raises(nbtls.InvalidSignature) as ei:
            pk.verify(b"d" * 32, sig).run()
        assert str(ei.value) == f"P-256 ECDSA verify: {ll.strerror(ll.E_BAD_SIGNATURE)}"
        assert ei.value.code == ll.E_BAD_SIGNATURE
        # also through asyncio

        async def go() -> None:
            await pk.verify(b"d" * 32, sig)

        with pytest.raises(nbtls.InvalidSignature):
            asyncio.run(go())


def test_failed_op_stays_failed() -> None:
    pk = nbtls.P256PrivateKey.from_bytes(KEY).public_key()
    op = pk.verify(b"d" * 32, b"\x01" * 64)
    with pytest.raises(nbtls.InvalidSignature):
        op.run()
    assert op.closed and not op.done
    # the error is sticky, as in C: every later call raises it again
    for call in (op.run, op.result, lambda: op.poll(1)):
        with pytest.raises(nbtls.InvalidSignature):
            call()

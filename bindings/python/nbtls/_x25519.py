"""X25519 keys (RFC 7748 ECDH) in the friendly layer; the same shape as the
P-256 classes and as pyca/cryptography's X25519 classes."""

from __future__ import annotations

from typing import Optional

from . import _lowlevel as _ll
from ._operation import Operation
from ._ec import BytesLike, _as_bytes

__all__ = ["X25519PrivateKey", "X25519PublicKey"]


def _check_len(b: bytes, what: str) -> None:
    if len(b) != _ll.X25519_KEY_LEN:
        _ll.fail(_ll.E_BAD_KEY, "", f"X25519 {what} key must be {_ll.X25519_KEY_LEN} bytes, got {len(b)}")


class X25519PublicKey:
    """An X25519 public key: a 32-byte little-endian u coordinate (immutable)."""

    __slots__ = ("_key", "_raw")

    def __init__(self, handle: _ll.Handle, raw: bytes) -> None:
        """Not called by users: use :meth:`from_bytes` or
        :meth:`X25519PrivateKey.public_key`."""
        self._key = handle
        self._raw = raw

    @classmethod
    def from_bytes(cls, data: BytesLike) -> "X25519PublicKey":
        """Import a 32-byte u coordinate. As RFC 7748 says, the top bit is
        ignored (cleared) and non-canonical values are accepted; a small-order
        point is accepted here and refused by :meth:`X25519PrivateKey.exchange`."""
        b = _as_bytes(data, "X25519 public key")
        _check_len(b, "public")
        h = _ll.key_x25519_from_public(b)
        return cls(h, _ll.key_export_public(h))

    def to_bytes(self) -> bytes:
        """The 32-byte u coordinate (top bit clear)."""
        return self._raw

    def __eq__(self, other: object) -> bool:
        """Keys are equal when their encodings are."""
        if not isinstance(other, X25519PublicKey):
            return NotImplemented
        return self._raw == other._raw

    def __hash__(self) -> int:
        """Hash of the encoding."""
        return hash(self._raw)

    def __repr__(self) -> str:
        return f"<nbtls.X25519PublicKey {self._raw[:8].hex()}...>"


def _finish_key(op: _ll.Handle) -> "X25519PrivateKey":
    return X25519PrivateKey(_ll.op_take_key(op, "X25519 key"))


def _finish_secret(op: _ll.Handle) -> bytes:
    return _ll.op_result(op, "X25519")


class X25519PrivateKey:
    """An X25519 private key with its public half (immutable; the secret
    lives in C memory, wiped when the key is collected)."""

    __slots__ = ("_key", "_public")

    def __init__(self, handle: _ll.Handle) -> None:
        """Not called by users: use :meth:`generate` or :meth:`from_bytes`."""
        self._key = handle
        self._public: Optional[X25519PublicKey] = None

    @classmethod
    def generate(cls) -> Operation["X25519PrivateKey"]:
        """Generate a key pair from the OS random generator (an operation)."""
        return Operation(_ll.x25519_keygen_start(), _finish_key, "X25519 key generation")

    @classmethod
    def from_bytes(cls, data: BytesLike) -> "X25519PrivateKey":
        """Import any 32 bytes (clamped when used, exported unchanged). The
        public key is computed here (tens of µs); :meth:`generate` is the
        restartable way to get a key."""
        b = _as_bytes(data, "X25519 private key")
        _check_len(b, "private")
        return cls(_ll.key_x25519_from_private(b))

    def private_bytes(self) -> bytes:
        """The 32 bytes the key was made from."""
        return _ll.key_export_private(self._key)

    def public_key(self) -> X25519PublicKey:
        """The public half."""
        if self._public is None:
            raw = _ll.key_export_public(self._key)
            self._public = X25519PublicKey(_ll.key_x25519_from_public(raw), raw)
        return self._public

    def exchange(self, peer: X25519PublicKey) -> Operation[bytes]:
        """X25519 with ``peer``: the operation gives the 32-byte shared secret,
        or raises :class:`nbtls.InvalidKey` if it is all zeros (a small-order
        peer, RFC 7748 section 6.1)."""
        if not isinstance(peer, X25519PublicKey):
            raise TypeError(f"peer must be an X25519PublicKey, not {type(peer).__name__}")
        return Operation(_ll.ecdh_start(self._key, peer.to_bytes(), "X25519"), _finish_secret, "X25519", (self, peer))

    def __repr__(self) -> str:
        return "<nbtls.X25519PrivateKey>"

"""P-256 keys (ECDSA and ECDH) in the friendly layer."""

from __future__ import annotations

from typing import Optional, Union

from . import _lowlevel as _ll
from ._errors import InvalidKey
from ._operation import Operation

__all__ = ["P256PrivateKey", "P256PublicKey"]

_OUT_OF_RANGE = "P-256 private key is out of range: the scalar must be in [1, n-1]"

#: What byte arguments accept.
BytesLike = Union[bytes, bytearray, memoryview]


def _as_bytes(value: object, what: str) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    raise TypeError(f"{what} must be bytes, not {type(value).__name__}")


def _check_digest(digest: object) -> bytes:
    d = _as_bytes(digest, "digest")
    if not d:
        _ll.fail(_ll.E_INVALID_ARG, "", "the digest must not be empty")
    return d


class P256PublicKey:
    """A P-256 public key (immutable; safe to share between threads)."""

    __slots__ = ("_key", "_sec1")

    def __init__(self, handle: _ll.Handle, sec1: bytes) -> None:
        """Not called by users: use :meth:`from_bytes` or
        :meth:`P256PrivateKey.public_key`."""
        self._key = handle
        self._sec1 = sec1

    @classmethod
    def from_bytes(cls, sec1: BytesLike) -> "P256PublicKey":
        """Import a SEC1 point: 65 bytes uncompressed (``04 || X || Y``) or 33
        bytes compressed (``02``/``03 || X``). Raises :class:`nbtls.InvalidKey`
        if it is not a valid point on P-256."""
        b = _as_bytes(sec1, "P-256 public key")
        if len(b) not in (_ll.P256_PUBLIC_LEN, _ll.P256_PUBLIC_COMPRESSED_LEN):
            _ll.fail(
                _ll.E_BAD_KEY,
                "",
                f"P-256 public key must be {_ll.P256_PUBLIC_LEN} bytes (uncompressed) or "
                f"{_ll.P256_PUBLIC_COMPRESSED_LEN} bytes (compressed), got {len(b)}",
            )
        if b[0] not in ((4,) if len(b) == _ll.P256_PUBLIC_LEN else (2, 3)):
            _ll.fail(_ll.E_BAD_KEY, "", f"P-256 public key has a bad SEC1 format byte 0x{b[0]:02x} for a {len(b)}-byte point")
        try:
            h = _ll.key_p256_from_public(b)
        except InvalidKey:
            _ll.fail(_ll.E_BAD_KEY, "", "P-256 public key is not a point on the curve (or a coordinate is >= p)")
        return cls(h, _ll.key_export_public(h))

    def to_bytes(self) -> bytes:
        """The 65-byte SEC1 uncompressed encoding ``04 || X || Y``."""
        return self._sec1

    def verify(self, digest: BytesLike, signature: BytesLike) -> Operation[None]:
        """Verify an ECDSA signature (64 bytes, ``r || s``) over ``digest``.

        The returned operation finishes with ``None`` if the signature is
        valid and raises :class:`nbtls.InvalidSignature` otherwise. A
        signature of the wrong length is also :class:`nbtls.InvalidSignature`
        (raised here), so that callers handle every bad signature alike."""
        d = _check_digest(digest)
        sig = _as_bytes(signature, "signature")
        if len(sig) != _ll.P256_SIGNATURE_LEN:
            _ll.fail(
                _ll.E_BAD_SIGNATURE,
                "",
                f"P-256 signature must be {_ll.P256_SIGNATURE_LEN} bytes (r || s), got {len(sig)}",
            )
        return Operation(_ll.ecdsa_verify_start(self._key, d, sig), _finish_none, "P-256 ECDSA verify", self)

    def __eq__(self, other: object) -> bool:
        """Keys are equal when their points are."""
        if not isinstance(other, P256PublicKey):
            return NotImplemented
        return self._sec1 == other._sec1

    def __hash__(self) -> int:
        """Hash of the point."""
        return hash(self._sec1)

    def __repr__(self) -> str:
        return f"<nbtls.P256PublicKey {self._sec1[1:9].hex()}...>"


def _finish_none(op: _ll.Handle) -> None:
    return None


def _finish_signature(op: _ll.Handle) -> bytes:
    return _ll.op_result(op, _ll.P256_SIGNATURE_LEN, "P-256 ECDSA sign")


def _finish_secret(op: _ll.Handle) -> bytes:
    return _ll.op_result(op, _ll.P256_SECRET_LEN, "P-256 ECDH")


def _finish_key(op: _ll.Handle) -> "P256PrivateKey":
    return P256PrivateKey(_ll.op_take_key(op, "P-256 key"))


class P256PrivateKey:
    """A P-256 private key with its public half (immutable; safe to share
    between threads). The secret lives in C memory, wiped when the key is
    collected."""

    __slots__ = ("_key", "_public")

    def __init__(self, handle: _ll.Handle) -> None:
        """Not called by users: use :meth:`generate` or :meth:`from_bytes`."""
        self._key = handle
        self._public: Optional[P256PublicKey] = None

    @classmethod
    def generate(cls) -> Operation["P256PrivateKey"]:
        """Generate a key pair from the OS random generator (an operation)."""
        return Operation(_ll.p256_keygen_start(), _finish_key, "P-256 key generation")

    @staticmethod
    def _check_private(b: bytes) -> None:
        if len(b) != _ll.P256_PRIVATE_LEN:
            _ll.fail(_ll.E_BAD_KEY, "", f"P-256 private key must be {_ll.P256_PRIVATE_LEN} bytes, got {len(b)}")

    @classmethod
    def from_bytes(cls, b: BytesLike) -> "P256PrivateKey":
        """Import a 32-byte big-endian scalar in [1, n-1] (else
        :class:`nbtls.InvalidKey`). Computing the public point blocks for one
        scalar multiplication; :meth:`from_bytes_op` is the restartable form."""
        priv = _as_bytes(b, "P-256 private key")
        cls._check_private(priv)
        try:
            return cls(_ll.key_p256_from_private(priv))
        except InvalidKey:
            _ll.fail(_ll.E_BAD_KEY, "", _OUT_OF_RANGE)

    @classmethod
    def from_bytes_op(cls, b: BytesLike) -> Operation["P256PrivateKey"]:
        """As :meth:`from_bytes`, as an operation (the public point is computed
        in polls)."""
        priv = _as_bytes(b, "P-256 private key")
        cls._check_private(priv)
        try:
            h = _ll.p256_key_from_private_start(priv)
        except InvalidKey:
            _ll.fail(_ll.E_BAD_KEY, "", _OUT_OF_RANGE)
        return Operation(h, _finish_key, "P-256 private key import")

    def private_bytes(self) -> bytes:
        """The 32-byte big-endian private scalar."""
        return _ll.key_export_private(self._key)

    def public_key(self) -> P256PublicKey:
        """The public half."""
        if self._public is None:
            sec1 = _ll.key_export_public(self._key)
            self._public = P256PublicKey(_ll.key_p256_from_public(sec1), sec1)
        return self._public

    def sign(self, digest: BytesLike, *, deterministic: bool = False) -> Operation[bytes]:
        """ECDSA-sign ``digest`` (any length >= 1, truncated to 256 bits as FIPS
        186-5 says); the operation gives the 64-byte signature ``r || s``.

        The nonce is RFC 6979's, hedged with fresh randomness from the OS
        (RFC 6979 section 3.6); ``deterministic=True`` gives pure RFC 6979
        (the same key and digest always give the same signature)."""
        d = _check_digest(digest)
        if deterministic:
            h = _ll.ecdsa_sign_deterministic_start(self._key, d)
        else:
            h = _ll.ecdsa_sign_start(self._key, d)
        return Operation(h, _finish_signature, "P-256 ECDSA sign", self)

    def exchange(self, peer: P256PublicKey) -> Operation[bytes]:
        """ECDH with ``peer``: the operation gives the 32-byte shared secret
        (the x coordinate of the shared point)."""
        if not isinstance(peer, P256PublicKey):
            raise TypeError(f"peer must be a P256PublicKey, not {type(peer).__name__}")
        return Operation(_ll.ecdh_start(self._key, peer.to_bytes()), _finish_secret, "P-256 ECDH", (self, peer))

    def __repr__(self) -> str:
        return "<nbtls.P256PrivateKey>"

"""The NIST-curve key classes' common code (P-256 and P-384 differ only in
their sizes and C entry points, described by a :class:`_Curve`), the
message-level signature helpers (``nbtls_sign_start`` /
``nbtls_verify_start``) and the bytes helpers of the friendly layer."""

from __future__ import annotations

from typing import Any, Callable, ClassVar, Generic, NamedTuple, Optional, Type, TypeVar, Union

from . import _lowlevel as _ll
from ._errors import InvalidKey
from ._operation import Operation
from ._scheme import scheme_code, scheme_name

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


def _finish_none(op: _ll.Handle) -> None:
    return None


def _finish_scheme_signature(op: _ll.Handle) -> bytes:
    return _ll.op_result(op, "sign")


def sign_message(key: _ll.Handle, scheme: object, message: object, keep: object) -> Operation[bytes]:
    """``nbtls_sign_start``: an operation giving the signature in the
    scheme's TLS format (DER for ECDSA)."""
    code = scheme_code(scheme)
    msg = _as_bytes(message, "message")
    what = f"sign ({scheme_name(code)})"
    return Operation(_ll.sign_start(key, code, msg, what), _finish_scheme_signature, what, keep)


def verify_message(key: _ll.Handle, scheme: object, message: object, signature: object, keep: object) -> Operation[None]:
    """``nbtls_verify_start``: an operation that finishes with ``None`` or
    raises :class:`nbtls.InvalidSignature`."""
    code = scheme_code(scheme)
    msg = _as_bytes(message, "message")
    sig = _as_bytes(signature, "signature")
    what = f"verify ({scheme_name(code)})"
    return Operation(_ll.verify_start(key, code, msg, sig, what), _finish_none, what, keep)


class _Curve(NamedTuple):
    """What distinguishes the NIST curves in the binding."""

    name: str  # "P-256"
    private_len: int
    public_len: int
    compressed_len: int
    signature_len: int
    secret_len: int
    scheme: int  # the TLS 1.3 ECDSA scheme of the curve
    from_private: Callable[[bytes], _ll.Handle]
    from_public: Callable[[bytes], _ll.Handle]
    keygen_start: Callable[[], _ll.Handle]
    from_private_start: Callable[[bytes], _ll.Handle]


class _ECPublicKey:
    """A NIST-curve public key (immutable; safe to share between threads)."""

    __slots__ = ("_key", "_sec1")
    _curve: ClassVar[_Curve]

    def __init__(self, handle: _ll.Handle, sec1: bytes) -> None:
        """Not called by users: use :meth:`from_bytes` or the private key's
        :meth:`public_key`."""
        self._key = handle
        self._sec1 = sec1

    @classmethod
    def from_bytes(cls: Type[_PubT], sec1: BytesLike) -> _PubT:
        """Import a SEC1 point, uncompressed (``04 || X || Y``: 65 bytes for
        P-256, 97 for P-384) or compressed (``02``/``03 || X``: 33 or 49
        bytes). Raises :class:`nbtls.InvalidKey` if it is not a valid point
        on the curve."""
        c = cls._curve
        b = _as_bytes(sec1, f"{c.name} public key")
        if len(b) not in (c.public_len, c.compressed_len):
            _ll.fail(
                _ll.E_BAD_KEY,
                "",
                f"{c.name} public key must be {c.public_len} bytes (uncompressed) or "
                f"{c.compressed_len} bytes (compressed), got {len(b)}",
            )
        if b[0] not in ((4,) if len(b) == c.public_len else (2, 3)):
            _ll.fail(_ll.E_BAD_KEY, "", f"{c.name} public key has a bad SEC1 format byte 0x{b[0]:02x} for a {len(b)}-byte point")
        try:
            h = c.from_public(b)
        except InvalidKey:
            _ll.fail(_ll.E_BAD_KEY, "", f"{c.name} public key is not a point on the curve (or a coordinate is >= p)")
        return cls(h, _ll.key_export_public(h))

    def to_bytes(self) -> bytes:
        """The SEC1 uncompressed encoding ``04 || X || Y``."""
        return self._sec1

    def verify(self, digest: BytesLike, signature: BytesLike) -> Operation[None]:
        """Verify an ECDSA signature (raw ``r || s``) over ``digest``.

        The returned operation finishes with ``None`` if the signature is
        valid and raises :class:`nbtls.InvalidSignature` otherwise. A
        signature of the wrong length is a bad signature like any other: the
        operation raises :class:`nbtls.InvalidSignature` (as for RSA, and as
        the C library says), so one ``except`` around the run or the await
        handles every bad signature. ``digest`` may have any length >= 1
        (truncated to the bit length of n as FIPS 186-5 says)."""
        c = self._curve
        d = _check_digest(digest)
        sig = _as_bytes(signature, "signature")
        what = f"{c.name} ECDSA verify"
        return Operation(_ll.ecdsa_verify_start(self._key, d, sig, what), _finish_none, what, self)

    def verify_message(self, message: BytesLike, signature: BytesLike, scheme: Optional[int] = None) -> Operation[None]:
        """Verify a TLS 1.3 signature over ``message`` (nbtls hashes it):
        ``scheme`` defaults to the curve's ECDSA scheme
        (:attr:`SignatureScheme.ECDSA_SECP256R1_SHA256` for P-256,
        ``..._SECP384R1_SHA384`` for P-384) and the signature is DER. The
        operation finishes with ``None`` if the signature is valid and raises
        :class:`nbtls.InvalidSignature` otherwise (malformed DER included); a
        scheme that does not fit the key raises :class:`nbtls.InvalidKey`, one
        nbtls does not implement :class:`nbtls.Unsupported`."""
        s = self._curve.scheme if scheme is None else scheme
        return verify_message(self._key, s, message, signature, self)

    def __eq__(self, other: object) -> bool:
        """Keys are equal when their curves and points are."""
        if not isinstance(other, _ECPublicKey) or other._curve is not self._curve:
            return NotImplemented
        return self._sec1 == other._sec1

    def __hash__(self) -> int:
        """Hash of the point."""
        return hash(self._sec1)

    def __repr__(self) -> str:
        return f"<nbtls.{type(self).__name__} {self._sec1[1:9].hex()}...>"


_PubT = TypeVar("_PubT", bound=_ECPublicKey)
_PrivT = TypeVar("_PrivT", bound="_ECPrivateKey[Any]")


class _ECPrivateKey(Generic[_PubT]):
    """A NIST-curve private key with its public half (immutable; safe to
    share between threads). The secret lives in C memory, wiped when the key
    is collected."""

    __slots__ = ("_key", "_public")
    _curve: ClassVar[_Curve]
    _public_cls: Type[_PubT]  # set by each subclass (a class attribute)

    def __init__(self, handle: _ll.Handle) -> None:
        """Not called by users: use :meth:`generate` or :meth:`from_bytes`."""
        self._key = handle
        self._public: Optional[_PubT] = None

    @classmethod
    def _finisher(cls: Type[_PrivT]) -> Callable[[_ll.Handle], _PrivT]:
        what = f"{cls._curve.name} key"
        return lambda op: cls(_ll.op_take_key(op, what))

    @classmethod
    def generate(cls: Type[_PrivT]) -> Operation[_PrivT]:
        """Generate a key pair from the OS random generator (an operation)."""
        return Operation(cls._curve.keygen_start(), cls._finisher(), f"{cls._curve.name} key generation")

    @classmethod
    def _check_private(cls, value: BytesLike) -> bytes:
        c = cls._curve
        b = _as_bytes(value, f"{c.name} private key")
        if len(b) != c.private_len:
            _ll.fail(_ll.E_BAD_KEY, "", f"{c.name} private key must be {c.private_len} bytes, got {len(b)}")
        return b

    @classmethod
    def _out_of_range(cls) -> str:
        return f"{cls._curve.name} private key is out of range: the scalar must be in [1, n-1]"

    @classmethod
    def from_bytes(cls: Type[_PrivT], b: BytesLike) -> _PrivT:
        """Import a big-endian scalar in [1, n-1] (32 bytes for P-256, 48 for
        P-384; else :class:`nbtls.InvalidKey`). Computing the public point
        blocks for one scalar multiplication; :meth:`from_bytes_op` is the
        restartable form."""
        priv = cls._check_private(b)
        try:
            return cls(cls._curve.from_private(priv))
        except InvalidKey:
            _ll.fail(_ll.E_BAD_KEY, "", cls._out_of_range())

    @classmethod
    def from_bytes_op(cls: Type[_PrivT], b: BytesLike) -> Operation[_PrivT]:
        """As :meth:`from_bytes`, as an operation (the public point is computed
        in polls)."""
        priv = cls._check_private(b)
        try:
            h = cls._curve.from_private_start(priv)
        except InvalidKey:
            _ll.fail(_ll.E_BAD_KEY, "", cls._out_of_range())
        return Operation(h, cls._finisher(), f"{cls._curve.name} private key import")

    def private_bytes(self) -> bytes:
        """The big-endian private scalar (32 bytes for P-256, 48 for P-384)."""
        return _ll.key_export_private(self._key)

    def public_key(self) -> _PubT:
        """The public half."""
        if self._public is None:
            sec1 = _ll.key_export_public(self._key)
            self._public = self._public_cls(self._curve.from_public(sec1), sec1)
        return self._public

    def sign(self, digest: BytesLike, *, deterministic: bool = False) -> Operation[bytes]:
        """ECDSA-sign ``digest``, the digest of a supported hash: 20, 28, 32,
        48 or 64 bytes (SHA-1, SHA-224, SHA-256, SHA-384, SHA-512; truncated
        to the bit length of n as FIPS 186-5 says); any other length raises
        :class:`nbtls.InvalidArgument`. The operation gives the raw signature
        ``r || s`` (64 bytes for P-256, 96 for P-384).

        The nonce is RFC 6979's, hedged with fresh randomness from the OS
        (RFC 6979 section 3.6), drawn here, when the operation starts;
        ``deterministic=True`` gives pure RFC 6979 (the same key and digest
        always give the same signature), verified against the public key
        before it is released."""
        c = self._curve
        d = _check_digest(digest)
        what = f"{c.name} ECDSA sign"
        if deterministic:
            h = _ll.ecdsa_sign_deterministic_start(self._key, d, what)
        else:
            h = _ll.ecdsa_sign_start(self._key, d, what)
        return Operation(h, lambda op: _ll.op_result(op, what), what, self)

    def sign_message(self, message: BytesLike, scheme: Optional[int] = None) -> Operation[bytes]:
        """Sign ``message`` (nbtls hashes it) with a TLS 1.3 signature scheme,
        by default the curve's ECDSA scheme; the operation gives the DER
        signature (at most :data:`nbtls.SIGNATURE_MAX_LEN` bytes), with a
        hedged RFC 6979 nonce. A scheme that does not fit the key (another
        curve, RSA) raises :class:`nbtls.InvalidKey`."""
        s = self._curve.scheme if scheme is None else scheme
        return sign_message(self._key, s, message, self)

    def exchange(self, peer: _PubT) -> Operation[bytes]:
        """ECDH with ``peer`` (a public key of the same curve): the operation
        gives the shared secret, the x coordinate of the shared point (32
        bytes for P-256, 48 for P-384)."""
        c = self._curve
        if not isinstance(peer, self._public_cls):
            raise TypeError(f"peer must be a {self._public_cls.__name__}, not {type(peer).__name__}")
        what = f"{c.name} ECDH"
        return Operation(_ll.ecdh_start(self._key, peer.to_bytes(), what), lambda op: _ll.op_result(op, what), what, (self, peer))

    def __repr__(self) -> str:
        return f"<nbtls.{type(self).__name__}>"

"""P-384 keys (ECDSA and ECDH) in the friendly layer: the P-256 classes'
shape and code (:mod:`nbtls._ec`) with P-384's sizes and C entry points."""

from __future__ import annotations

from . import _lowlevel as _ll
from ._ec import _Curve, _ECPrivateKey, _ECPublicKey

__all__ = ["P384PrivateKey", "P384PublicKey"]

_P384 = _Curve(
    name="P-384",
    private_len=_ll.P384_PRIVATE_LEN,
    public_len=_ll.P384_PUBLIC_LEN,
    compressed_len=_ll.P384_PUBLIC_COMPRESSED_LEN,
    signature_len=_ll.P384_SIGNATURE_LEN,
    secret_len=_ll.P384_SECRET_LEN,
    scheme=_ll.SIG_ECDSA_SECP384R1_SHA384,
    from_private=_ll.key_p384_from_private,
    from_public=_ll.key_p384_from_public,
    keygen_start=_ll.p384_keygen_start,
    from_private_start=_ll.p384_key_from_private_start,
)


class P384PublicKey(_ECPublicKey):
    """A P-384 public key (immutable; safe to share between threads):
    ``from_bytes`` (97- or 49-byte SEC1), ``to_bytes`` (97 bytes),
    ``verify`` (96-byte ``r || s`` over a digest), ``verify_message`` (DER,
    a TLS 1.3 scheme, over a message)."""

    __slots__ = ()
    _curve = _P384


class P384PrivateKey(_ECPrivateKey[P384PublicKey]):
    """A P-384 private key with its public half (immutable; safe to share
    between threads; the secret lives in C memory, wiped when the key is
    collected). ``generate``, ``from_bytes`` (48 bytes), ``sign`` (96-byte
    ``r || s``), ``sign_message`` (DER, TLS 1.3 scheme), ``exchange``
    (48-byte ECDH secret)."""

    __slots__ = ()
    _curve = _P384
    _public_cls = P384PublicKey

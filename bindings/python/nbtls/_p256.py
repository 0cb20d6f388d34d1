"""P-256 keys (ECDSA and ECDH) in the friendly layer (the code is shared
with P-384 in :mod:`nbtls._ec`)."""

from __future__ import annotations

from . import _lowlevel as _ll
from ._ec import _Curve, _ECPrivateKey, _ECPublicKey

__all__ = ["P256PrivateKey", "P256PublicKey"]

_P256 = _Curve(
    name="P-256",
    private_len=_ll.P256_PRIVATE_LEN,
    public_len=_ll.P256_PUBLIC_LEN,
    compressed_len=_ll.P256_PUBLIC_COMPRESSED_LEN,
    signature_len=_ll.P256_SIGNATURE_LEN,
    secret_len=_ll.P256_SECRET_LEN,
    scheme=_ll.SIG_ECDSA_SECP256R1_SHA256,
    from_private=_ll.key_p256_from_private,
    from_public=_ll.key_p256_from_public,
    keygen_start=_ll.p256_keygen_start,
    from_private_start=_ll.p256_key_from_private_start,
)


class P256PublicKey(_ECPublicKey):
    """A P-256 public key (immutable; safe to share between threads):
    ``from_bytes`` (65- or 33-byte SEC1), ``to_bytes`` (65 bytes),
    ``verify`` (64-byte ``r || s`` over a digest), ``verify_message`` (DER,
    a TLS 1.3 scheme, over a message)."""

    __slots__ = ()
    _curve = _P256


class P256PrivateKey(_ECPrivateKey[P256PublicKey]):
    """A P-256 private key with its public half (immutable; safe to share
    between threads). The secret lives in C memory, wiped when the key is
    collected. ``generate``, ``from_bytes`` (32 bytes), ``sign`` (64-byte
    ``r || s``), ``sign_message`` (DER, TLS 1.3 scheme), ``exchange``
    (32-byte ECDH secret)."""

    __slots__ = ()
    _curve = _P256
    _public_cls = P256PublicKey

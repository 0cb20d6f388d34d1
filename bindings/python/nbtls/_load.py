"""Key import from DER and PEM (the C parser: SubjectPublicKeyInfo, PKCS#8,
SEC1 ECPrivateKey), giving the friendly key classes."""

from __future__ import annotations

from typing import Union

from . import _lowlevel as _ll
from ._ec import BytesLike, _as_bytes
from ._p256 import P256PrivateKey, P256PublicKey
from ._p384 import P384PrivateKey, P384PublicKey
from ._rsa import RSAPublicKey
from ._x25519 import X25519PrivateKey, X25519PublicKey

__all__ = ["AnyKey", "load_der_key", "load_pem_key"]

#: What the loaders return.
AnyKey = Union[P256PrivateKey, P256PublicKey, P384PrivateKey, P384PublicKey, X25519PrivateKey, X25519PublicKey, RSAPublicKey]


def _wrap(h: _ll.Handle, what: str) -> AnyKey:
    kind = _ll.key_type(h)
    private = _ll.key_has_private(h)
    if kind == _ll.KEY_P256:
        return P256PrivateKey(h) if private else P256PublicKey(h, _ll.key_export_public(h))
    if kind == _ll.KEY_P384:
        return P384PrivateKey(h) if private else P384PublicKey(h, _ll.key_export_public(h))
    if kind == _ll.KEY_X25519:
        return X25519PrivateKey(h) if private else X25519PublicKey(h, _ll.key_export_public(h))
    if kind == _ll.KEY_RSA and not private:
        return RSAPublicKey(h)
    _ll.fail(_ll.E_UNSUPPORTED, "", f"{what}: key type {kind} is not supported by the Python binding yet")


def load_der_key(data: BytesLike) -> AnyKey:
    """Import a key from DER: SubjectPublicKeyInfo, PKCS#8 (P-256, P-384,
    X25519) or SEC1 ECPrivateKey (P-256, P-384), RSA public keys
    (SubjectPublicKeyInfo or PKCS#1), parsed strictly. :class:`nbtls.InvalidKey`
    for malformed or inconsistent input, :class:`nbtls.Unsupported` for keys of
    other algorithms (RSA private keys, other curves, Ed25519, encrypted PKCS#8)."""
    return _wrap(_ll.key_from_der(_as_bytes(data, "DER key")), "DER key import")


def load_pem_key(data: Union[str, BytesLike]) -> AnyKey:
    """Import the first key block of PEM text ("PUBLIC KEY", "PRIVATE KEY",
    "EC PRIVATE KEY"; other blocks are skipped), then as :func:`load_der_key`."""
    b = data.encode("ascii", "strict") if isinstance(data, str) else _as_bytes(data, "PEM key")
    return _wrap(_ll.key_from_pem(b), "PEM key import")

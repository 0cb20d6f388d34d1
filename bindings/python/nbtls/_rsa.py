"""RSA public keys (signature verification only, RFC 8017) in the friendly
layer. Keys come from :func:`nbtls.load_der_key` / :func:`nbtls.load_pem_key`."""

from __future__ import annotations

from typing import Dict

from . import _lowlevel as _ll
from ._operation import Operation
from ._ec import BytesLike, _as_bytes, verify_message

__all__ = ["RSAPublicKey"]

_PADDINGS: Dict[str, int] = {"pss": _ll.RSA_PSS, "pkcs1v15": _ll.RSA_PKCS1_V15}
_HASHES: Dict[str, int] = {"sha256": _ll.SHA256, "sha384": _ll.SHA384, "sha512": _ll.SHA512}


def _finish_none(op: _ll.Handle) -> None:
    return None


class RSAPublicKey:
    """An RSA public key, 2048 to 4096 bits (immutable)."""

    __slots__ = ("_key",)

    def __init__(self, handle: _ll.Handle) -> None:
        """Not called by users: use :func:`nbtls.load_der_key` or
        :func:`nbtls.load_pem_key`."""
        self._key = handle

    def to_der(self) -> bytes:
        """The key as PKCS#1 RSAPublicKey DER."""
        return _ll.key_export_public(self._key)

    def verify(self, digest: BytesLike, signature: BytesLike, *, padding: str = "pss", hash: str = "sha256") -> Operation[None]:
        """Verify an RSA signature over ``digest`` (the ``hash`` of the
        message: "sha256", "sha384" or "sha512") with ``padding`` "pss" (MGF1
        with the same hash, salt length = hash length, as TLS 1.3 uses) or
        "pkcs1v15". The operation finishes with ``None`` if the signature is
        valid and raises :class:`nbtls.InvalidSignature` otherwise."""
        pad = _PADDINGS.get(padding)
        if pad is None:
            _ll.fail(_ll.E_INVALID_ARG, "", f"unknown RSA padding {padding!r}: use one of {', '.join(_PADDINGS)}")
        alg = _HASHES.get(hash)
        if alg is None:
            _ll.fail(_ll.E_UNSUPPORTED, "", f"unknown hash {hash!r}: use one of {', '.join(_HASHES)}")
        d = _as_bytes(digest, "digest")
        if len(d) != _ll.hash_len(alg):
            _ll.fail(_ll.E_INVALID_ARG, "", f"a {hash} digest must be {_ll.hash_len(alg)} bytes, got {len(d)}")
        sig = _as_bytes(signature, "signature")
        return Operation(_ll.rsa_verify_start(self._key, pad, alg, d, sig), _finish_none, "RSA verify", self)

    def verify_message(self, message: BytesLike, signature: BytesLike, scheme: int) -> Operation[None]:
        """Verify a TLS 1.3 signature over ``message`` (nbtls hashes it) with
        an RSA ``scheme``: :attr:`SignatureScheme.RSA_PSS_RSAE_SHA256` (and
        ``_SHA384``, ``_SHA512``) or ``RSA_PKCS1_SHA256`` (``_SHA384``,
        ``_SHA512``). The operation finishes with ``None`` if the signature
        is valid and raises :class:`nbtls.InvalidSignature` otherwise (a
        signature of the wrong length included); an ECDSA scheme raises
        :class:`nbtls.InvalidKey`, one nbtls does not implement
        :class:`nbtls.Unsupported`."""
        return verify_message(self._key, scheme, message, signature, self)

    def __eq__(self, other: object) -> bool:
        """Keys are equal when their encodings are."""
        if not isinstance(other, RSAPublicKey):
            return NotImplemented
        return self.to_der() == other.to_der()

    def __hash__(self) -> int:
        """Hash of the encoding."""
        return hash(self.to_der())

    def __repr__(self) -> str:
        return "<nbtls.RSAPublicKey>"

"""The symmetric layer (include/nbtls/sym.h) in the friendly layer: hashes,
HMAC, HKDF, the TLS 1.3 key-schedule helpers and the AEADs.

These calls are not restartable in C (they are fast: microseconds per
kilobyte); they run synchronously, with the GIL released while C works.
Algorithms are named as in hashlib / the TLS registry: ``"sha256"``,
``"sha384"``, ``"sha512"``; ``"aes-128-gcm"``, ``"aes-256-gcm"``,
``"chacha20-poly1305"``.
"""

from __future__ import annotations

from typing import Dict, Optional

from . import _lowlevel as _ll
from ._ec import BytesLike, _as_bytes

__all__ = [
    "AEAD",
    "Hash",
    "hash",
    "hkdf_expand",
    "hkdf_extract",
    "hmac",
    "sym_accel",
    "tls13_derive_secret",
    "tls13_hkdf_expand_label",
]

_HASHES: Dict[str, int] = {"sha256": _ll.SHA256, "sha384": _ll.SHA384, "sha512": _ll.SHA512}
_AEADS: Dict[str, int] = {
    "aes-128-gcm": _ll.AES_128_GCM,
    "aes-256-gcm": _ll.AES_256_GCM,
    "chacha20-poly1305": _ll.CHACHA20_POLY1305,
}


def _hash_id(name: str) -> int:
    alg = _HASHES.get(name.lower().replace("-", "") if isinstance(name, str) else "")
    if alg is None:
        _ll.fail(_ll.E_UNSUPPORTED, "", f"unknown hash {name!r}: use one of {', '.join(_HASHES)}")
    return alg


def hash(name: str, data: BytesLike) -> bytes:  # noqa: A001 (mirrors nbtls_hash)
    """One-shot digest of ``data`` with hash ``name`` ("sha256", "sha384", "sha512")."""
    return _ll.hash_oneshot(_hash_id(name), _as_bytes(data, "data"))


class Hash:
    """A streaming hash, like hashlib's objects: ``update()``, ``digest()``
    (does not change the state), ``copy()`` (TLS transcript snapshots)."""

    __slots__ = ("_ctx", "name")

    def __init__(self, name: str, data: Optional[BytesLike] = None) -> None:
        """Start hashing with ``name``; absorb ``data`` if given."""
        self._ctx = _ll.hash_new(_hash_id(name))
        self.name = name.lower().replace("-", "")
        """The algorithm's name."""
        if data is not None:
            self.update(data)

    @property
    def digest_size(self) -> int:
        """The digest length in bytes."""
        return _ll.hash_len(_HASHES[self.name])

    def update(self, data: BytesLike) -> None:
        """Absorb ``data``."""
        _ll.hash_update(self._ctx, _as_bytes(data, "data"))

    def copy(self) -> "Hash":
        """An independent copy in the same state."""
        h = Hash.__new__(Hash)
        h._ctx = _ll.hash_clone(self._ctx)
        h.name = self.name
        return h

    def digest(self) -> bytes:
        """The digest of everything absorbed so far (the state is kept)."""
        return _ll.hash_final(_ll.hash_clone(self._ctx))

    def hexdigest(self) -> str:
        """:meth:`digest` in hex."""
        return self.digest().hex()


def hmac(name: str, key: BytesLike, data: BytesLike) -> bytes:
    """HMAC (RFC 2104) of ``data`` under ``key`` with hash ``name``."""
    return _ll.hmac(_hash_id(name), _as_bytes(key, "key"), _as_bytes(data, "data"))


def hkdf_extract(name: str, salt: BytesLike, ikm: BytesLike) -> bytes:
    """HKDF-Extract (RFC 5869); an empty salt means hash-length zeros."""
    return _ll.hkdf_extract(_hash_id(name), _as_bytes(salt, "salt"), _as_bytes(ikm, "ikm"))


def _check_length(length: int, limit: int, what: str) -> None:
    if not isinstance(length, int):
        raise TypeError(f"length must be an int, not {type(length).__name__}")
    if not 1 <= length <= limit:
        _ll.fail(_ll.E_INVALID_ARG, "", f"{what} length must be in [1, {limit}], got {length}")


def hkdf_expand(name: str, prk: BytesLike, info: BytesLike, length: int) -> bytes:
    """HKDF-Expand (RFC 5869): ``length`` bytes (1 .. 255 * hash length)."""
    alg = _hash_id(name)
    _check_length(length, 255 * _ll.hash_len(alg), "HKDF-Expand output")
    return _ll.hkdf_expand(alg, _as_bytes(prk, "prk"), _as_bytes(info, "info"), length)


def tls13_hkdf_expand_label(name: str, secret: BytesLike, label: BytesLike, context: BytesLike, length: int) -> bytes:
    """TLS 1.3 HKDF-Expand-Label (RFC 8446 section 7.1); ``label`` without the
    "tls13 " prefix (e.g. ``b"key"``)."""
    alg = _hash_id(name)
    _check_length(length, min(65535, 255 * _ll.hash_len(alg)), "HKDF-Expand-Label output")
    return _ll.tls13_hkdf_expand_label(
        alg, _as_bytes(secret, "secret"), _as_bytes(label, "label"), _as_bytes(context, "context"), length
    )


def tls13_derive_secret(name: str, secret: BytesLike, label: BytesLike, transcript_hash: BytesLike) -> bytes:
    """TLS 1.3 Derive-Secret (RFC 8446 section 7.1) from an already computed
    transcript hash."""
    return _ll.tls13_derive_secret(
        _hash_id(name), _as_bytes(secret, "secret"), _as_bytes(label, "label"),
        _as_bytes(transcript_hash, "transcript hash"),
    )


class AEAD:
    """A keyed AEAD: ``"aes-128-gcm"`` (16-byte key), ``"aes-256-gcm"`` or
    ``"chacha20-poly1305"`` (32-byte keys); 12-byte nonces, 16-byte tags.
    Immutable; may be shared by threads."""

    __slots__ = ("_aead", "name")

    def __init__(self, name: str, key: BytesLike) -> None:
        """Key the AEAD ``name`` with ``key``."""
        alg = _AEADS.get(name.lower() if isinstance(name, str) else "")
        if alg is None:
            _ll.fail(_ll.E_UNSUPPORTED, "", f"unknown AEAD {name!r}: use one of {', '.join(_AEADS)}")
        k = _as_bytes(key, "key")
        need = _ll.aead_key_len(alg)
        if len(k) != need:
            _ll.fail(_ll.E_INVALID_ARG, "", f"{name} key must be {need} bytes, got {len(k)}")
        self._aead = _ll.aead_new(alg, k)
        self.name = name.lower()
        """The algorithm's name."""

    @staticmethod
    def _nonce(nonce: BytesLike) -> bytes:
        n = _as_bytes(nonce, "nonce")
        if len(n) != _ll.AEAD_NONCE_LEN:
            _ll.fail(_ll.E_INVALID_ARG, "", f"AEAD nonce must be {_ll.AEAD_NONCE_LEN} bytes, got {len(n)}")
        return n

    def seal(self, nonce: BytesLike, plaintext: BytesLike, aad: BytesLike = b"") -> bytes:
        """Encrypt and authenticate: ciphertext || 16-byte tag. Never reuse a
        nonce under one key."""
        return _ll.aead_seal(self._aead, self._nonce(nonce), _as_bytes(aad, "aad"), _as_bytes(plaintext, "plaintext"))

    def open(self, nonce: BytesLike, ciphertext: BytesLike, aad: BytesLike = b"") -> bytes:
        """Verify and decrypt ciphertext || tag; :class:`nbtls.DecryptError` if
        it was tampered with (no plaintext is released)."""
        c = _as_bytes(ciphertext, "ciphertext")
        if len(c) < _ll.AEAD_TAG_LEN:
            _ll.fail(_ll.E_DECRYPT, "", f"AEAD ciphertext must be at least {_ll.AEAD_TAG_LEN} bytes (the tag), got {len(c)}")
        return _ll.aead_open(self._aead, self._nonce(nonce), _as_bytes(aad, "aad"), c)

    def __repr__(self) -> str:
        return f"<nbtls.AEAD {self.name}>"


def sym_accel() -> Dict[str, bool]:
    """Which accelerated implementations this process uses (diagnostics)."""
    bits = _ll.sym_accel()
    return {"aes-gcm": bool(bits & 1), "sha256": bool(bits & 2), "chacha20": bool(bits & 4)}

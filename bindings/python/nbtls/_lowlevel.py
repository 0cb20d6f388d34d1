"""The low-level layer: the C ABI of include/nbtls/nbtls.h, one function per C
function, typed, with the status -> exception mapping in one place
(:func:`check`).

Conventions:
  - byte arguments are ``bytes``; handles are cffi pointers owned by
    ``ffi.gc`` (freed by :func:`key_free` / :func:`op_free`, or when collected);
  - functions that start or create something raise on failure via
    :func:`check`; :func:`op_poll` returns the raw status (negative = error)
    so that the caller decides when to raise.
  - the RNG arguments are always NULL (the OS generator): no Python callback
    is ever called from C.
  - cffi (API mode) releases the GIL around every C call.
"""

from __future__ import annotations

from typing import Any, Dict, NoReturn, Optional, Type

from . import _errors
from ._nbtls import ffi, lib

#: A cffi pointer (``nbtls_key *`` or ``nbtls_op *``).
Handle = Any

# Status codes (>= 0).
DONE: int = lib.NBTLS_DONE
IN_PROGRESS: int = lib.NBTLS_IN_PROGRESS
WANT_READ: int = lib.NBTLS_WANT_READ
WANT_WRITE: int = lib.NBTLS_WANT_WRITE
WAIT_EXTERNAL: int = lib.NBTLS_WAIT_EXTERNAL

# Error codes (< 0).
E_INVALID_ARG: int = lib.NBTLS_E_INVALID_ARG
E_NO_MEMORY: int = lib.NBTLS_E_NO_MEMORY
E_BAD_STATE: int = lib.NBTLS_E_BAD_STATE
E_BUFFER_TOO_SMALL: int = lib.NBTLS_E_BUFFER_TOO_SMALL
E_BAD_KEY: int = lib.NBTLS_E_BAD_KEY
E_BAD_SIGNATURE: int = lib.NBTLS_E_BAD_SIGNATURE
E_RNG: int = lib.NBTLS_E_RNG
E_UNSUPPORTED: int = lib.NBTLS_E_UNSUPPORTED
E_DECRYPT: int = lib.NBTLS_E_DECRYPT
E_INTERNAL: int = lib.NBTLS_E_INTERNAL

KEY_P256: int = lib.NBTLS_KEY_P256
P256_PRIVATE_LEN: int = lib.NBTLS_P256_PRIVATE_LEN
P256_PUBLIC_LEN: int = lib.NBTLS_P256_PUBLIC_LEN
P256_PUBLIC_COMPRESSED_LEN: int = lib.NBTLS_P256_PUBLIC_COMPRESSED_LEN
P256_SIGNATURE_LEN: int = lib.NBTLS_P256_SIGNATURE_LEN
P256_SECRET_LEN: int = lib.NBTLS_P256_SECRET_LEN

#: Largest budget a poll accepts (uint32_t).
MAX_BUDGET: int = 0xFFFFFFFF

_ERROR_CLASSES: Dict[int, Type[_errors.Error]] = {
    E_INVALID_ARG: _errors.InvalidArgument,
    E_NO_MEMORY: _errors.NoMemory,
    E_BAD_STATE: _errors.BadState,
    E_BUFFER_TOO_SMALL: _errors.BufferTooSmall,
    E_BAD_KEY: _errors.InvalidKey,
    E_BAD_SIGNATURE: _errors.InvalidSignature,
    E_RNG: _errors.RandomError,
    E_UNSUPPORTED: _errors.Unsupported,
    E_DECRYPT: _errors.DecryptError,
    E_INTERNAL: _errors.InternalError,
    lib.NBTLS_E_CERTIFICATE: _errors.CertificateError,
}


def strerror(code: int) -> str:
    """``nbtls_strerror``: the library's description of a status or error code."""
    return str(ffi.string(lib.nbtls_strerror(code)).decode("ascii", "replace"))


def error(code: int, context: str, detail: str = "") -> _errors.Error:
    """THE mapping from a C error code to an exception instance.

    The message is ``detail`` (a full sentence saying what was wrong) if
    given, else ``"<context>: <strerror(code)>"``; the instance carries
    ``code`` and ``reason`` (``strerror(code)``). Unknown negative codes give
    the base class :class:`nbtls.Error`.
    """
    reason = strerror(code)
    cls = _ERROR_CLASSES.get(code, _errors.Error)
    message = detail if detail else f"{context}: {reason}"
    if cls is _errors.Error:
        message += f" (code {code})"
    if cls is _errors.CertificateError:
        # Outside a verify op (parsing, trust store loading) the detail is
        # "malformed"; a verify op's error is made by certificate_error().
        d = int(lib.NBTLS_X509_ERR_MALFORMED)
        return _errors.CertificateError(code, message, reason, d, x509_error_name(d), x509_error_string(d))
    return cls(code, message, reason)


def certificate_error(detail: int, context: str) -> _errors.CertificateError:
    """The :class:`nbtls.CertificateError` of a verify op that ended with
    ``detail`` (``nbtls_op_x509_error``)."""
    code = int(lib.NBTLS_E_CERTIFICATE)
    name = x509_error_name(detail)
    text = x509_error_string(detail)
    return _errors.CertificateError(code, f"{context}: {name}: {text}", strerror(code), detail, name, text)


def fail(code: int, context: str, detail: str = "") -> NoReturn:
    """Raise :func:`error` (``code``, ``context``, ``detail``)."""
    raise error(code, context, detail)


def check(rc: int, context: str) -> int:
    """Return ``rc`` if it is a status (>= 0); raise the mapped exception if it
    is an error (< 0)."""
    rc = int(rc)
    if rc < 0:
        fail(rc, context)
    return rc


# ---- Version ---------------------------------------------------------------


def version() -> str:
    """``nbtls_version``: the C library's version, "MAJOR.MINOR.PATCH"."""
    return str(ffi.string(lib.nbtls_version()).decode("ascii"))


def version_number() -> int:
    """``nbtls_version_number``: the C library's version as 0xMMmmpp."""
    return int(lib.nbtls_version_number())


def header_version_number() -> int:
    """``NBTLS_VERSION_NUMBER`` of the header the extension was built from."""
    return int(lib.NBTLS_VERSION_NUMBER)


# ---- Keys -------------------------------------------------------------------


def _new_key(fn: Any, context: str, *args: Any) -> Handle:
    pp = ffi.new("nbtls_key **")
    check(fn(pp, *args), context)
    return ffi.gc(pp[0], lib.nbtls_key_free)


def key_p256_from_private(priv: bytes) -> Handle:
    """``nbtls_key_p256_from_private`` (``priv`` must be 32 bytes)."""
    if len(priv) != P256_PRIVATE_LEN:
        fail(E_INVALID_ARG, "", f"P-256 private key must be {P256_PRIVATE_LEN} bytes, got {len(priv)}")
    return _new_key(lib.nbtls_key_p256_from_private, "P-256 private key import", priv)


def key_p256_from_public(sec1: bytes) -> Handle:
    """``nbtls_key_p256_from_public``."""
    return _new_key(lib.nbtls_key_p256_from_public, "P-256 public key import", sec1, len(sec1))


def _export(fn: Any, key: Handle, size: int, context: str) -> bytes:
    """Call ``fn(key, out, size, &out_len)``; if ``size`` was too small, retry
    once with the size the C call asked for. The C buffer is wiped after."""
    out_len = ffi.new("size_t *")
    for _ in range(2):
        buf = ffi.new("unsigned char[]", size)
        try:
            rc = int(fn(key, buf, size, out_len))
            if rc == E_BUFFER_TOO_SMALL and out_len[0] > size:
                size = int(out_len[0])
                continue
            check(rc, context)
            return bytes(ffi.buffer(buf, out_len[0]))
        finally:
            ffi.memmove(buf, bytes(len(buf)), len(buf))
    fail(E_BUFFER_TOO_SMALL, context)


def key_export_private(key: Handle) -> bytes:
    """``nbtls_key_export_private`` (the temporary C buffer is wiped)."""
    return _export(lib.nbtls_key_export_private, key, lib.NBTLS_P384_PRIVATE_LEN, "private key export")


def key_export_public(key: Handle) -> bytes:
    """``nbtls_key_export_public`` (the buffer fits every EC point at once;
    an RSA key's export retries with the size C asks for)."""
    return _export(lib.nbtls_key_export_public, key, lib.NBTLS_P384_PUBLIC_LEN, "public key export")


def key_type(key: Handle) -> int:
    """``nbtls_key_type``."""
    return check(lib.nbtls_key_type(key), "key type")


def key_has_private(key: Handle) -> bool:
    """``nbtls_key_has_private``."""
    return check(lib.nbtls_key_has_private(key), "key has private") == 1


def key_free(key: Handle) -> None:
    """``nbtls_key_free`` now (instead of when collected); wipes secrets."""
    ffi.release(key)


# ---- Operations -------------------------------------------------------------


def _start(fn: Any, context: str, *args: Any) -> Handle:
    pp = ffi.new("nbtls_op **")
    check(fn(pp, *args), context)
    return ffi.gc(pp[0], lib.nbtls_op_free)


def p256_keygen_start() -> Handle:
    """``nbtls_p256_keygen_start`` with the OS random generator."""
    return _start(lib.nbtls_p256_keygen_start, "P-256 key generation", ffi.NULL, ffi.NULL)


def p256_key_from_private_start(priv: bytes) -> Handle:
    """``nbtls_p256_key_from_private_start`` (``priv`` must be 32 bytes)."""
    if len(priv) != P256_PRIVATE_LEN:
        fail(E_INVALID_ARG, "", f"P-256 private key must be {P256_PRIVATE_LEN} bytes, got {len(priv)}")
    return _start(lib.nbtls_p256_key_from_private_start, "P-256 private key import", priv)


def ecdh_start(priv: Handle, peer: bytes, context: str = "P-256 ECDH") -> Handle:
    """``nbtls_ecdh_start`` (P-256 or X25519, after the key's type)."""
    return _start(lib.nbtls_ecdh_start, context, priv, peer, len(peer))


def ecdsa_sign_start(priv: Handle, digest: bytes, context: str = "P-256 ECDSA sign") -> Handle:
    """``nbtls_ecdsa_sign_start`` (hedged RFC 6979, OS random generator)."""
    return _start(lib.nbtls_ecdsa_sign_start, context, priv, digest, len(digest), ffi.NULL, ffi.NULL)


def ecdsa_sign_deterministic_start(priv: Handle, digest: bytes, context: str = "P-256 ECDSA sign") -> Handle:
    """``nbtls_ecdsa_sign_deterministic_start`` (pure RFC 6979)."""
    return _start(lib.nbtls_ecdsa_sign_deterministic_start, context, priv, digest, len(digest))


def ecdsa_verify_start(pub: Handle, digest: bytes, sig: bytes, context: str = "P-256 ECDSA verify") -> Handle:
    """``nbtls_ecdsa_verify_start``."""
    return _start(lib.nbtls_ecdsa_verify_start, context, pub, digest, len(digest), sig, len(sig))


def op_poll(op: Handle, budget: int) -> int:
    """``nbtls_op_poll``: the raw status (negative: the error that ended the op)."""
    return int(lib.nbtls_op_poll(op, budget))


def op_result(op: Handle, context: str) -> bytes:
    """``nbtls_op_result`` into a buffer of ``nbtls_op_result_len`` bytes
    (the exact length once the op is done; wiped afterwards)."""
    return _export(lib.nbtls_op_result, op, op_result_len(op), context)


def op_result_len(op: Handle) -> int:
    """``nbtls_op_result_len``: the byte result's length (exact once done,
    the maximum before; 0 for ops with no byte result)."""
    return int(lib.nbtls_op_result_len(op))


def op_kind(op: Handle) -> int:
    """``nbtls_op_kind``: the op's ``NBTLS_OP_*`` kind."""
    return check(lib.nbtls_op_kind(op), "op kind")


#: The bindings' one default slice, in microseconds (``NBTLS_DEFAULT_SLICE_US``).
DEFAULT_SLICE_US: int = lib.NBTLS_DEFAULT_SLICE_US

#: Largest slice ``nbtls_op_budget_for_us`` takes (uint32_t microseconds).
MAX_SLICE_US: int = 0xFFFFFFFF


def op_budget_for_us(op: Handle, microseconds: int) -> int:
    """``nbtls_op_budget_for_us``: the C library's budget (>= 1) for about
    ``microseconds`` of this op's work (clamped to [0, 2^32-1])."""
    us = min(max(int(microseconds), 0), MAX_SLICE_US)
    return int(lib.nbtls_op_budget_for_us(op, us))


def op_unit_ns(op: Handle) -> int:
    """``nbtls_op_unit_ns``: estimated nanoseconds per work unit of this op now."""
    return int(lib.nbtls_op_unit_ns(op))


def op_alloc_size(op: Handle) -> int:
    """``nbtls_op_alloc_size``: bytes of the op's one C allocation."""
    return int(lib.nbtls_op_alloc_size(op))


def op_take_key(op: Handle, context: str) -> Handle:
    """``nbtls_op_take_key``: the produced key, owned by ``ffi.gc``."""
    pp = ffi.new("nbtls_key **")
    check(lib.nbtls_op_take_key(op, pp), context)
    return ffi.gc(pp[0], lib.nbtls_key_free)


def op_units(op: Handle) -> int:
    """``nbtls_op_units``: work units the op has spent so far."""
    return int(lib.nbtls_op_units(op))


def op_free(op: Handle) -> None:
    """``nbtls_op_free`` now: cancels the op and wipes its secrets."""
    ffi.release(op)


# ---- Symmetric layer (include/nbtls/sym.h) -----------------------------------

SHA256: int = lib.NBTLS_SHA256
SHA384: int = lib.NBTLS_SHA384
SHA512: int = lib.NBTLS_SHA512
HASH_MAX_LEN: int = lib.NBTLS_HASH_MAX_LEN
AES_128_GCM: int = lib.NBTLS_AES_128_GCM
AES_256_GCM: int = lib.NBTLS_AES_256_GCM
CHACHA20_POLY1305: int = lib.NBTLS_CHACHA20_POLY1305
AEAD_TAG_LEN: int = lib.NBTLS_AEAD_TAG_LEN
AEAD_NONCE_LEN: int = lib.NBTLS_AEAD_NONCE_LEN


def _sized(fn: Any, size: int, context: str, *args: Any) -> bytes:
    """Call ``fn(*args, out, size, &out_len)`` and return out[:out_len]; the
    C buffer is wiped afterwards (outputs may be keys)."""
    buf = ffi.new("unsigned char[]", max(size, 1))
    out_len = ffi.new("size_t *")
    try:
        check(fn(*args, buf, size, out_len), context)
        return bytes(ffi.buffer(buf, out_len[0]))
    finally:
        ffi.memmove(buf, b"\0" * max(size, 1), max(size, 1))


def hash_len(alg: int) -> int:
    """``nbtls_hash_len``."""
    return check(lib.nbtls_hash_len(alg), "hash length")


def hash_oneshot(alg: int, data: bytes) -> bytes:
    """``nbtls_hash``."""
    return _sized(lib.nbtls_hash, HASH_MAX_LEN, "hash", alg, data, len(data))


def hash_new(alg: int) -> Handle:
    """``nbtls_hash_new`` (owned by ``ffi.gc``)."""
    pp = ffi.new("nbtls_hash_ctx **")
    check(lib.nbtls_hash_new(pp, alg), "hash")
    return ffi.gc(pp[0], lib.nbtls_hash_free)


def hash_update(ctx: Handle, data: bytes) -> None:
    """``nbtls_hash_update``."""
    check(lib.nbtls_hash_update(ctx, data, len(data)), "hash update")


def hash_clone(ctx: Handle) -> Handle:
    """``nbtls_hash_clone`` (owned by ``ffi.gc``)."""
    pp = ffi.new("nbtls_hash_ctx **")
    check(lib.nbtls_hash_clone(ctx, pp), "hash copy")
    return ffi.gc(pp[0], lib.nbtls_hash_free)


def hash_final(ctx: Handle) -> bytes:
    """``nbtls_hash_final`` (the context is reset)."""
    return _sized(lib.nbtls_hash_final, HASH_MAX_LEN, "hash final", ctx)


def hmac(alg: int, key: bytes, data: bytes) -> bytes:
    """``nbtls_hmac``."""
    return _sized(lib.nbtls_hmac, HASH_MAX_LEN, "HMAC", alg, key, len(key), data, len(data))


def hkdf_extract(alg: int, salt: bytes, ikm: bytes) -> bytes:
    """``nbtls_hkdf_extract``."""
    return _sized(lib.nbtls_hkdf_extract, HASH_MAX_LEN, "HKDF-Extract", alg, salt, len(salt), ikm, len(ikm))


def _fixed(fn: Any, length: int, context: str, *args: Any) -> bytes:
    buf = ffi.new("unsigned char[]", max(length, 1))
    try:
        check(fn(*args, buf, length), context)
        return bytes(ffi.buffer(buf, length))
    finally:
        ffi.memmove(buf, b"\0" * max(length, 1), max(length, 1))


def hkdf_expand(alg: int, prk: bytes, info: bytes, length: int) -> bytes:
    """``nbtls_hkdf_expand``."""
    return _fixed(lib.nbtls_hkdf_expand, length, "HKDF-Expand", alg, prk, len(prk), info, len(info))


def tls13_hkdf_expand_label(alg: int, secret: bytes, label: bytes, context: bytes, length: int) -> bytes:
    """``nbtls_tls13_hkdf_expand_label``."""
    return _fixed(lib.nbtls_tls13_hkdf_expand_label, length, "TLS 1.3 HKDF-Expand-Label",
                  alg, secret, len(secret), label, len(label), context, len(context))


def tls13_derive_secret(alg: int, secret: bytes, label: bytes, transcript_hash: bytes) -> bytes:
    """``nbtls_tls13_derive_secret``."""
    return _sized(lib.nbtls_tls13_derive_secret, HASH_MAX_LEN, "TLS 1.3 Derive-Secret",
                  alg, secret, len(secret), label, len(label), transcript_hash, len(transcript_hash))


def aead_key_len(alg: int) -> int:
    """``nbtls_aead_key_len``."""
    return check(lib.nbtls_aead_key_len(alg), "AEAD key length")


def aead_new(alg: int, key: bytes) -> Handle:
    """``nbtls_aead_new`` (owned by ``ffi.gc``)."""
    pp = ffi.new("nbtls_aead **")
    check(lib.nbtls_aead_new(pp, alg, key, len(key)), "AEAD key")
    return ffi.gc(pp[0], lib.nbtls_aead_free)


def aead_seal(aead: Handle, nonce: bytes, aad: bytes, data: bytes) -> bytes:
    """``nbtls_aead_seal``: ciphertext || tag."""
    size = len(data) + AEAD_TAG_LEN
    buf = ffi.new("unsigned char[]", size)
    out_len = ffi.new("size_t *")
    check(lib.nbtls_aead_seal(aead, nonce, len(nonce), aad, len(aad), data, len(data), buf, size, out_len), "AEAD seal")
    return bytes(ffi.buffer(buf, out_len[0]))


def aead_open(aead: Handle, nonce: bytes, aad: bytes, data: bytes) -> bytes:
    """``nbtls_aead_open``: the plaintext (the C buffer is wiped afterwards)."""
    return _sized(lib.nbtls_aead_open, max(len(data) - AEAD_TAG_LEN, 0), "AEAD open",
                  aead, nonce, len(nonce), aad, len(aad), data, len(data))


def sym_accel() -> int:
    """``nbtls_sym_accel``: the accelerated implementations in use (bit set)."""
    return int(lib.nbtls_sym_accel())


# ---- X25519 (RFC 7748) --------------------------------------------------------

KEY_X25519: int = lib.NBTLS_KEY_X25519
X25519_KEY_LEN: int = lib.NBTLS_X25519_KEY_LEN


def key_x25519_from_private(priv: bytes) -> Handle:
    """``nbtls_key_x25519_from_private`` (``priv`` must be 32 bytes)."""
    if len(priv) != X25519_KEY_LEN:
        fail(E_INVALID_ARG, "", f"X25519 private key must be {X25519_KEY_LEN} bytes, got {len(priv)}")
    return _new_key(lib.nbtls_key_x25519_from_private, "X25519 private key import", priv)


def key_x25519_from_public(pub: bytes) -> Handle:
    """``nbtls_key_x25519_from_public`` (``pub`` must be 32 bytes)."""
    if len(pub) != X25519_KEY_LEN:
        fail(E_INVALID_ARG, "", f"X25519 public key must be {X25519_KEY_LEN} bytes, got {len(pub)}")
    return _new_key(lib.nbtls_key_x25519_from_public, "X25519 public key import", pub)


def x25519_keygen_start() -> Handle:
    """``nbtls_x25519_keygen_start`` with the OS random generator."""
    return _start(lib.nbtls_x25519_keygen_start, "X25519 key generation", ffi.NULL, ffi.NULL)


# ---- Key import from DER / PEM --------------------------------------------------


def key_from_der(der: bytes) -> Handle:
    """``nbtls_key_from_der`` (SubjectPublicKeyInfo, PKCS#8, SEC1)."""
    return _new_key(lib.nbtls_key_from_der, "DER key import", der, len(der))


def key_from_pem(pem: bytes) -> Handle:
    """``nbtls_key_from_pem``."""
    return _new_key(lib.nbtls_key_from_pem, "PEM key import", pem, len(pem))


# ---- RSA verification ------------------------------------------------------------

KEY_RSA: int = lib.NBTLS_KEY_RSA
RSA_PKCS1_V15: int = lib.NBTLS_RSA_PKCS1_V15
RSA_PSS: int = lib.NBTLS_RSA_PSS


def rsa_verify_start(pub: Handle, padding: int, hash_alg: int, digest: bytes, sig: bytes) -> Handle:
    """``nbtls_rsa_verify_start``."""
    return _start(lib.nbtls_rsa_verify_start, "RSA verify", pub, padding, hash_alg, digest, len(digest), sig, len(sig))


# ---- P-384 ------------------------------------------------------------------------

KEY_P384: int = lib.NBTLS_KEY_P384
P384_PRIVATE_LEN: int = lib.NBTLS_P384_PRIVATE_LEN
P384_PUBLIC_LEN: int = lib.NBTLS_P384_PUBLIC_LEN
P384_PUBLIC_COMPRESSED_LEN: int = lib.NBTLS_P384_PUBLIC_COMPRESSED_LEN
P384_SIGNATURE_LEN: int = lib.NBTLS_P384_SIGNATURE_LEN
P384_SECRET_LEN: int = lib.NBTLS_P384_SECRET_LEN


def key_p384_from_private(priv: bytes) -> Handle:
    """``nbtls_key_p384_from_private`` (``priv`` must be 48 bytes)."""
    if len(priv) != P384_PRIVATE_LEN:
        fail(E_INVALID_ARG, "", f"P-384 private key must be {P384_PRIVATE_LEN} bytes, got {len(priv)}")
    return _new_key(lib.nbtls_key_p384_from_private, "P-384 private key import", priv)


def key_p384_from_public(sec1: bytes) -> Handle:
    """``nbtls_key_p384_from_public``."""
    return _new_key(lib.nbtls_key_p384_from_public, "P-384 public key import", sec1, len(sec1))


def p384_keygen_start() -> Handle:
    """``nbtls_p384_keygen_start`` with the OS random generator."""
    return _start(lib.nbtls_p384_keygen_start, "P-384 key generation", ffi.NULL, ffi.NULL)


def p384_key_from_private_start(priv: bytes) -> Handle:
    """``nbtls_p384_key_from_private_start`` (``priv`` must be 48 bytes)."""
    if len(priv) != P384_PRIVATE_LEN:
        fail(E_INVALID_ARG, "", f"P-384 private key must be {P384_PRIVATE_LEN} bytes, got {len(priv)}")
    return _start(lib.nbtls_p384_key_from_private_start, "P-384 private key import", priv)


# ---- Signature schemes (TLS 1.3 SignatureScheme code points) ------------------------

SIG_RSA_PKCS1_SHA256: int = lib.NBTLS_SIG_RSA_PKCS1_SHA256
SIG_RSA_PKCS1_SHA384: int = lib.NBTLS_SIG_RSA_PKCS1_SHA384
SIG_RSA_PKCS1_SHA512: int = lib.NBTLS_SIG_RSA_PKCS1_SHA512
SIG_ECDSA_SECP256R1_SHA256: int = lib.NBTLS_SIG_ECDSA_SECP256R1_SHA256
SIG_ECDSA_SECP384R1_SHA384: int = lib.NBTLS_SIG_ECDSA_SECP384R1_SHA384
SIG_RSA_PSS_RSAE_SHA256: int = lib.NBTLS_SIG_RSA_PSS_RSAE_SHA256
SIG_RSA_PSS_RSAE_SHA384: int = lib.NBTLS_SIG_RSA_PSS_RSAE_SHA384
SIG_RSA_PSS_RSAE_SHA512: int = lib.NBTLS_SIG_RSA_PSS_RSAE_SHA512
SIGNATURE_MAX_LEN: int = lib.NBTLS_SIGNATURE_MAX_LEN


def sig_name(scheme: int) -> Optional[str]:
    """``nbtls_sig_name``: the IANA name of a SignatureScheme code, or None."""
    p = lib.nbtls_sig_name(scheme)
    return None if p == ffi.NULL else str(ffi.string(p).decode("ascii"))


def sig_from_name(name: str) -> int:
    """``nbtls_sig_from_name``: the code of an IANA scheme name; raises
    :class:`nbtls.Unsupported` for a name the library does not know."""
    return check(lib.nbtls_sig_from_name(name.encode("ascii", "replace")), f"signature scheme {name!r}")


def sig_supported(scheme: int) -> bool:
    """``nbtls_sig_supported``: whether nbtls implements the scheme."""
    return bool(lib.nbtls_sig_supported(scheme))


def sign_start(key: Handle, scheme: int, msg: bytes, context: str = "sign") -> Handle:
    """``nbtls_sign_start`` (``scheme`` a uint16; OS random generator)."""
    return _start(lib.nbtls_sign_start, context, key, scheme, msg, len(msg), ffi.NULL, ffi.NULL)


def verify_start(key: Handle, scheme: int, msg: bytes, sig: bytes, context: str = "verify") -> Handle:
    """``nbtls_verify_start`` (``scheme`` a uint16)."""
    return _start(lib.nbtls_verify_start, context, key, scheme, msg, len(msg), sig, len(sig))


# ---- X.509 (include/nbtls/x509.h) ---------------------------------------------------

E_CERTIFICATE: int = lib.NBTLS_E_CERTIFICATE
X509_ERR_MALFORMED: int = lib.NBTLS_X509_ERR_MALFORMED
X509_PURPOSE_SERVER: int = lib.NBTLS_X509_PURPOSE_SERVER
X509_PURPOSE_CLIENT: int = lib.NBTLS_X509_PURPOSE_CLIENT


def x509_error_name(detail: int) -> str:
    """``nbtls_x509_error_name``: "expired", "unknown_issuer", ..."""
    return str(ffi.string(lib.nbtls_x509_error_name(detail)).decode("ascii", "replace"))


def x509_error_string(detail: int) -> str:
    """``nbtls_x509_error_string``: a one-line description of a detail code."""
    return str(ffi.string(lib.nbtls_x509_error_string(detail)).decode("ascii", "replace"))


def x509_from_der(der: bytes) -> Handle:
    """``nbtls_x509_from_der`` (owned by ``ffi.gc``)."""
    pp = ffi.new("nbtls_x509 **")
    check(lib.nbtls_x509_from_der(pp, der, len(der)), "certificate (DER)")
    return ffi.gc(pp[0], lib.nbtls_x509_free)


def x509_from_pem_all(pem: bytes) -> list[Handle]:
    """Every certificate of a PEM text (``nbtls_x509_from_pem_next`` until
    NBTLS_DONE), each owned by ``ffi.gc``."""
    pp = ffi.new("nbtls_x509 **")
    pos = ffi.new("size_t *", 0)
    buf = ffi.from_buffer(pem)
    out: list[Handle] = []
    while True:
        rc = int(lib.nbtls_x509_from_pem_next(pp, buf, len(pem), pos))
        check(rc, "certificate (PEM)")
        if pp[0] == ffi.NULL:
            return out
        out.append(ffi.gc(pp[0], lib.nbtls_x509_free))


def _x509_bytes(fn: Any, cert: Handle, *args: Any) -> Any:
    n = ffi.new("size_t *")
    p = fn(cert, *args, n)
    if p == ffi.NULL:
        return None
    return bytes(ffi.buffer(p, n[0]))


def x509_der(cert: Handle) -> bytes:
    """``nbtls_x509_der``."""
    return bytes(_x509_bytes(lib.nbtls_x509_der, cert))


def x509_fingerprint_sha256(cert: Handle) -> bytes:
    """``nbtls_x509_fingerprint_sha256``."""
    out = ffi.new("unsigned char[32]")
    lib.nbtls_x509_fingerprint_sha256(cert, out)
    return bytes(ffi.buffer(out, 32))


def x509_version(cert: Handle) -> int:
    """``nbtls_x509_version``."""
    return int(lib.nbtls_x509_version(cert))


def x509_serial(cert: Handle) -> bytes:
    """``nbtls_x509_serial`` (big-endian magnitude)."""
    return bytes(_x509_bytes(lib.nbtls_x509_serial, cert))


def x509_subject_der(cert: Handle) -> bytes:
    """``nbtls_x509_subject_der``."""
    return bytes(_x509_bytes(lib.nbtls_x509_subject_der, cert))


def x509_issuer_der(cert: Handle) -> bytes:
    """``nbtls_x509_issuer_der``."""
    return bytes(_x509_bytes(lib.nbtls_x509_issuer_der, cert))


def x509_spki_der(cert: Handle) -> bytes:
    """``nbtls_x509_spki_der``."""
    return bytes(_x509_bytes(lib.nbtls_x509_spki_der, cert))


def _x509_string(fn: Any, cert: Handle, context: str) -> str:
    size = 256
    out_len = ffi.new("size_t *")
    for _ in range(2):
        buf = ffi.new("char[]", size)
        rc = int(fn(cert, buf, size, out_len))
        if rc == E_BUFFER_TOO_SMALL and out_len[0] + 1 > size:
            size = int(out_len[0]) + 1
            continue
        check(rc, context)
        return bytes(ffi.buffer(buf, out_len[0])).decode("utf-8", "replace")
    fail(E_BUFFER_TOO_SMALL, context)


def x509_subject_string(cert: Handle) -> str:
    """``nbtls_x509_subject_string`` (RFC 4514)."""
    return _x509_string(lib.nbtls_x509_subject_string, cert, "certificate subject")


def x509_issuer_string(cert: Handle) -> str:
    """``nbtls_x509_issuer_string`` (RFC 4514)."""
    return _x509_string(lib.nbtls_x509_issuer_string, cert, "certificate issuer")


def x509_not_before(cert: Handle) -> int:
    """``nbtls_x509_not_before`` (Unix seconds)."""
    return int(lib.nbtls_x509_not_before(cert))


def x509_not_after(cert: Handle) -> int:
    """``nbtls_x509_not_after`` (Unix seconds)."""
    return int(lib.nbtls_x509_not_after(cert))


def x509_public_key(cert: Handle) -> Handle:
    """``nbtls_x509_public_key`` (a new key owned by ``ffi.gc``)."""
    pp = ffi.new("nbtls_key **")
    check(lib.nbtls_x509_public_key(cert, pp), "certificate public key")
    return ffi.gc(pp[0], lib.nbtls_key_free)


def x509_signature_scheme(cert: Handle) -> int:
    """``nbtls_x509_signature_scheme`` (negative: not one nbtls names)."""
    return int(lib.nbtls_x509_signature_scheme(cert))


def x509_san_dns(cert: Handle) -> list[bytes]:
    """Every dNSName of subjectAltName (``nbtls_x509_san_dns``)."""
    return [bytes(_x509_bytes(lib.nbtls_x509_san_dns, cert, i)) for i in range(int(lib.nbtls_x509_san_dns_count(cert)))]


def x509_san_ip(cert: Handle) -> list[bytes]:
    """Every iPAddress of subjectAltName (``nbtls_x509_san_ip``), 4 or 16 bytes."""
    return [bytes(_x509_bytes(lib.nbtls_x509_san_ip, cert, i)) for i in range(int(lib.nbtls_x509_san_ip_count(cert)))]


def x509_is_ca(cert: Handle) -> bool:
    """``nbtls_x509_is_ca``."""
    return int(lib.nbtls_x509_is_ca(cert)) == 1


def x509_path_len(cert: Handle) -> int:
    """``nbtls_x509_path_len`` (-1: absent)."""
    return int(lib.nbtls_x509_path_len(cert))


def x509_key_usage(cert: Handle) -> int:
    """``nbtls_x509_key_usage`` (-1: absent)."""
    return int(lib.nbtls_x509_key_usage(cert))


def x509_eku(cert: Handle) -> int:
    """``nbtls_x509_eku`` (-1: absent)."""
    return int(lib.nbtls_x509_eku(cert))


def x509_ski(cert: Handle) -> Any:
    """``nbtls_x509_ski`` (None: absent)."""
    return _x509_bytes(lib.nbtls_x509_ski, cert)


def x509_aki(cert: Handle) -> Any:
    """``nbtls_x509_aki`` (None: absent)."""
    return _x509_bytes(lib.nbtls_x509_aki, cert)


def x509_unknown_critical(cert: Handle) -> list[bytes]:
    """The OIDs (content bytes) of the critical extensions nbtls does not process."""
    n = int(lib.nbtls_x509_unknown_critical_count(cert))
    return [bytes(_x509_bytes(lib.nbtls_x509_unknown_critical_oid, cert, i)) for i in range(n)]


def trust_new() -> Handle:
    """``nbtls_trust_new`` (owned by ``ffi.gc``)."""
    pp = ffi.new("nbtls_trust **")
    check(lib.nbtls_trust_new(pp), "trust store")
    return ffi.gc(pp[0], lib.nbtls_trust_free)


def trust_add(trust: Handle, cert: Handle) -> None:
    """``nbtls_trust_add`` (a certificate already present is not added twice)."""
    check(lib.nbtls_trust_add(trust, cert), "trust store add")


def trust_add_data(trust: Handle, data: bytes) -> int:
    """``nbtls_trust_add_data``: the number of certificates read."""
    added = ffi.new("size_t *")
    check(lib.nbtls_trust_add_data(trust, data, len(data), added), "trust store add")
    return int(added[0])


def trust_load_file(trust: Handle, path: bytes) -> int:
    """``nbtls_trust_load_file``."""
    added = ffi.new("size_t *")
    check(lib.nbtls_trust_load_file(trust, path, added), f"trust store file {path.decode('utf-8', 'replace')}")
    return int(added[0])


def trust_load_dir(trust: Handle, path: bytes) -> int:
    """``nbtls_trust_load_dir``."""
    added = ffi.new("size_t *")
    check(lib.nbtls_trust_load_dir(trust, path, added), f"trust store directory {path.decode('utf-8', 'replace')}")
    return int(added[0])


def trust_load_system(trust: Handle) -> int:
    """``nbtls_trust_load_system``."""
    added = ffi.new("size_t *")
    check(lib.nbtls_trust_load_system(trust, added), "system trust store")
    return int(added[0])


def trust_count(trust: Handle) -> int:
    """``nbtls_trust_count``."""
    return int(lib.nbtls_trust_count(trust))


def x509_verify_start(trust: Handle, chain: Any, n: int, name: Any, now: int, purpose: int) -> Handle:
    """``nbtls_x509_verify_start``: ``chain`` a ``nbtls_x509 *[]`` and ``name``
    a ``char[]`` or NULL, both kept alive by the caller until the op is freed."""
    return _start(lib.nbtls_x509_verify_start, "certificate verify", trust, chain, n, name, now, purpose)


def x509_verify_set_limits(op: Handle, max_depth: int, max_signatures: int) -> None:
    """``nbtls_x509_verify_set_limits`` (0 keeps a default)."""
    check(lib.nbtls_x509_verify_set_limits(op, max_depth, max_signatures), "certificate verify limits")


def op_x509_error(op: Handle) -> int:
    """``nbtls_op_x509_error``: the detail code (negative while running)."""
    return int(lib.nbtls_op_x509_error(op))


def x509_verify_signatures(op: Handle) -> int:
    """``nbtls_x509_verify_signatures``."""
    return int(lib.nbtls_x509_verify_signatures(op))

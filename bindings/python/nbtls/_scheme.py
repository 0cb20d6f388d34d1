"""TLS 1.3 signature schemes (``NBTLS_SIG_*``, RFC 8446 section 4.2.3) for
the message-level ``sign_message`` / ``verify_message`` methods
(``nbtls_sign_start`` / ``nbtls_verify_start``: the library hashes the
message; ECDSA signatures are DER)."""

from __future__ import annotations

import enum
from . import _lowlevel as _ll

__all__ = ["SignatureScheme", "SIGNATURE_MAX_LEN"]

#: Room for the longest signature a caller deals in (``NBTLS_SIGNATURE_MAX_LEN``,
#: 512 bytes: an RSA-4096 signature); ``sign_message`` itself gives at most
#: 104 bytes (a DER ECDSA P-384 signature).
SIGNATURE_MAX_LEN: int = _ll.SIGNATURE_MAX_LEN


class SignatureScheme(enum.IntEnum):
    """The TLS 1.3 SignatureScheme code points nbtls implements (the C
    ``NBTLS_SIG_*``). Any ``int`` is accepted where a scheme is expected;
    code points nbtls does not implement raise :class:`nbtls.Unsupported`."""

    RSA_PKCS1_SHA256 = _ll.SIG_RSA_PKCS1_SHA256
    """rsa_pkcs1_sha256 (0x0401): RSASSA-PKCS1-v1_5 with SHA-256 (verify only)."""
    RSA_PKCS1_SHA384 = _ll.SIG_RSA_PKCS1_SHA384
    """rsa_pkcs1_sha384 (0x0501) (verify only)."""
    RSA_PKCS1_SHA512 = _ll.SIG_RSA_PKCS1_SHA512
    """rsa_pkcs1_sha512 (0x0601) (verify only)."""
    ECDSA_SECP256R1_SHA256 = _ll.SIG_ECDSA_SECP256R1_SHA256
    """ecdsa_secp256r1_sha256 (0x0403): ECDSA on P-256 with SHA-256, DER signature."""
    ECDSA_SECP384R1_SHA384 = _ll.SIG_ECDSA_SECP384R1_SHA384
    """ecdsa_secp384r1_sha384 (0x0503): ECDSA on P-384 with SHA-384, DER signature."""
    RSA_PSS_RSAE_SHA256 = _ll.SIG_RSA_PSS_RSAE_SHA256
    """rsa_pss_rsae_sha256 (0x0804): RSASSA-PSS, MGF1 and salt with SHA-256 (verify only)."""
    RSA_PSS_RSAE_SHA384 = _ll.SIG_RSA_PSS_RSAE_SHA384
    """rsa_pss_rsae_sha384 (0x0805) (verify only)."""
    RSA_PSS_RSAE_SHA512 = _ll.SIG_RSA_PSS_RSAE_SHA512
    """rsa_pss_rsae_sha512 (0x0806) (verify only)."""


def scheme_code(scheme: object) -> int:
    """The uint16 code of ``scheme`` (a :class:`SignatureScheme` or an int);
    TypeError for other types, :class:`nbtls.InvalidArgument` outside 16 bits."""
    if isinstance(scheme, bool) or not isinstance(scheme, int):
        raise TypeError(f"signature scheme must be a SignatureScheme or an int, not {type(scheme).__name__}")
    code = int(scheme)
    if not 0 <= code <= 0xFFFF:
        _ll.fail(_ll.E_INVALID_ARG, "", f"a signature scheme is a 16-bit code point, got {code}")
    return code


def scheme_name(code: int) -> str:
    """The IANA name of a scheme code from the C library (``nbtls_sig_name``):
    ``ecdsa_secp256r1_sha256`` for 0x0403, ``ed25519`` for 0x0807 (named
    though not implemented), ``0x1234`` for codes it does not name."""
    name = _ll.sig_name(code)
    return name if name is not None else f"0x{code:04x}"

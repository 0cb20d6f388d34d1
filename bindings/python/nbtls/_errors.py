"""The exceptions of nbtls: one class per C error code (``NBTLS_E_*``)."""

from __future__ import annotations

__all__ = [
    "Error",
    "InvalidArgument",
    "NoMemory",
    "BadState",
    "BufferTooSmall",
    "InvalidKey",
    "InvalidSignature",
    "RandomError",
    "Unsupported",
    "DecryptError",
    "InternalError",
    "CertificateError",
]


class Error(Exception):
    """Base class of every nbtls error.

    ``code`` is the C status code (``NBTLS_E_*``, negative), ``reason`` the
    library's description of it (``nbtls_strerror``) and ``str(error)`` says
    what was being done and what was wrong.
    """

    code: int
    reason: str

    def __init__(self, code: int, message: str, reason: str = "") -> None:
        """Made by the binding (nbtls._lowlevel.error), not by users."""
        super().__init__(message)
        self.code = code
        self.reason = reason


class InvalidArgument(Error, ValueError):
    """A bad argument: wrong length, empty digest, bad budget (``NBTLS_E_INVALID_ARG``)."""


class NoMemory(Error, MemoryError):
    """The allocator returned NULL (``NBTLS_E_NO_MEMORY``)."""


class BadState(Error):
    """A call not valid in the object's state, e.g. an Operation used by two
    callers at once or after it was closed (``NBTLS_E_BAD_STATE``)."""


class BufferTooSmall(Error):
    """An output buffer was too small (``NBTLS_E_BUFFER_TOO_SMALL``); the binding
    sizes its buffers, so seeing this is a bug."""


class InvalidKey(Error, ValueError):
    """A malformed or invalid key or point (``NBTLS_E_BAD_KEY``)."""


class InvalidSignature(Error):
    """The signature does not verify, or is malformed (``NBTLS_E_BAD_SIGNATURE``)."""


class RandomError(Error):
    """The random generator failed (``NBTLS_E_RNG``)."""


class Unsupported(Error):
    """A valid request this build cannot do (``NBTLS_E_UNSUPPORTED``)."""


class DecryptError(Error):
    """AEAD authentication failed (``NBTLS_E_DECRYPT``)."""


class InternalError(Error):
    """An internal consistency check failed, e.g. a fault (``NBTLS_E_INTERNAL``)."""


class CertificateError(Error, ValueError):
    """A certificate that does not parse, or a chain that does not validate
    (``NBTLS_E_CERTIFICATE``).

    ``detail`` is the C detail code (``NBTLS_X509_ERR_*``; a certificate
    that does not parse is ``NBTLS_X509_ERR_MALFORMED``), ``detail_name`` its
    short name from C ("expired", "unknown_issuer", "name_mismatch", ...)
    and ``detail_reason`` its one-line description from C."""

    detail: int
    detail_name: str
    detail_reason: str

    def __init__(self, code: int, message: str, reason: str = "", detail: int = 0, detail_name: str = "", detail_reason: str = "") -> None:
        """Made by the binding (nbtls._lowlevel), not by users."""
        super().__init__(code, message, reason)
        self.detail = detail
        self.detail_name = detail_name
        self.detail_reason = detail_reason

"""nbtls: a C crypto/TLS core whose every expensive operation is restartable,
for asyncio.

Every expensive call returns an :class:`Operation`: ``await`` it on an asyncio
loop (it runs in slices of about 200 µs and never stalls the loop), ``run()``
it synchronously, or ``poll(budget)`` it by hand::

    key = await nbtls.P256PrivateKey.generate()
    sig = await key.sign(digest)
    await key.public_key().verify(digest, sig)   # raises nbtls.InvalidSignature
    der = await key.sign_message(b"message")      # TLS 1.3 scheme, nbtls hashes
"""

from __future__ import annotations

from . import _lowlevel
from ._errors import (
    BadState,
    BufferTooSmall,
    CertificateError,
    DecryptError,
    Error,
    InternalError,
    InvalidArgument,
    InvalidKey,
    InvalidSignature,
    NoMemory,
    RandomError,
    Unsupported,
)
from ._operation import Operation, Status, get_slice_time, set_slice_time
from ._p256 import P256PrivateKey, P256PublicKey
from ._p384 import P384PrivateKey, P384PublicKey
from ._scheme import SIGNATURE_MAX_LEN, SignatureScheme
from ._x25519 import X25519PrivateKey, X25519PublicKey
from ._rsa import RSAPublicKey
from ._load import AnyKey, load_der_key, load_pem_key
from ._sym import (
    AEAD,
    Hash,
    hash,
    hkdf_expand,
    hkdf_extract,
    hmac,
    sym_accel,
    tls13_derive_secret,
    tls13_hkdf_expand_label,
)
from . import x509

__all__ = [
    "__version__",
    "version",
    "Operation",
    "Status",
    "get_slice_time",
    "set_slice_time",
    "P256PrivateKey",
    "P256PublicKey",
    "P384PrivateKey",
    "P384PublicKey",
    "SignatureScheme",
    "SIGNATURE_MAX_LEN",
    "X25519PrivateKey",
    "X25519PublicKey",
    "RSAPublicKey",
    "AnyKey",
    "load_der_key",
    "load_pem_key",
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
    "x509",
    "AEAD",
    "Hash",
    "hash",
    "hmac",
    "hkdf_extract",
    "hkdf_expand",
    "tls13_hkdf_expand_label",
    "tls13_derive_secret",
    "sym_accel",
]


def version() -> str:
    """The C library's version, "MAJOR.MINOR.PATCH" (``nbtls_version()``)."""
    return _lowlevel.version()


#: The C library's version (``nbtls_version()``).
__version__: str = version()

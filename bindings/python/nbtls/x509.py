"""X.509 certificates, trust stores and restartable path validation
(``include/nbtls/x509.h``).

A thin layer: parsing, path building and every validation rule are the C
library's; this module only converts types::

    chain = nbtls.x509.Certificate.load_pem_bundle(pem)   # leaf first
    trust = nbtls.x509.TrustStore.load_system()
    await nbtls.x509.verify(chain, trust, hostname="example.com")
    nbtls.x509.verify(chain, trust, hostname="example.com").run()  # sync

A chain that does not validate raises :class:`nbtls.CertificateError`, whose
``detail`` / ``detail_name`` / ``detail_reason`` say why (from C).
"""

from __future__ import annotations

import datetime as _dt
import enum
import ipaddress
import os
import time
from typing import Any, List, Optional, Sequence, Union

from . import _lowlevel as _ll
from ._nbtls import ffi, lib
from ._ec import BytesLike, _as_bytes
from ._errors import CertificateError
from ._load import AnyKey, _wrap
from ._operation import Operation, Status
from ._scheme import SignatureScheme

__all__ = [
    "Certificate",
    "TrustStore",
    "KeyUsage",
    "ExtendedKeyUsage",
    "VerifyDetail",
    "VerifyOperation",
    "verify",
    "CertificateError",
]

IPAddress = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)


class KeyUsage(enum.IntFlag):
    """keyUsage bits (``NBTLS_X509_KU_*``)."""

    DIGITAL_SIGNATURE = lib.NBTLS_X509_KU_DIGITAL_SIGNATURE
    NON_REPUDIATION = lib.NBTLS_X509_KU_NON_REPUDIATION
    KEY_ENCIPHERMENT = lib.NBTLS_X509_KU_KEY_ENCIPHERMENT
    DATA_ENCIPHERMENT = lib.NBTLS_X509_KU_DATA_ENCIPHERMENT
    KEY_AGREEMENT = lib.NBTLS_X509_KU_KEY_AGREEMENT
    KEY_CERT_SIGN = lib.NBTLS_X509_KU_KEY_CERT_SIGN
    CRL_SIGN = lib.NBTLS_X509_KU_CRL_SIGN
    ENCIPHER_ONLY = lib.NBTLS_X509_KU_ENCIPHER_ONLY
    DECIPHER_ONLY = lib.NBTLS_X509_KU_DECIPHER_ONLY


class ExtendedKeyUsage(enum.IntFlag):
    """extendedKeyUsage purposes (``NBTLS_X509_EKU_*``); ``OTHER``: at least
    one purpose nbtls does not name."""

    SERVER_AUTH = lib.NBTLS_X509_EKU_SERVER_AUTH
    CLIENT_AUTH = lib.NBTLS_X509_EKU_CLIENT_AUTH
    CODE_SIGNING = lib.NBTLS_X509_EKU_CODE_SIGNING
    EMAIL_PROTECTION = lib.NBTLS_X509_EKU_EMAIL_PROTECTION
    TIME_STAMPING = lib.NBTLS_X509_EKU_TIME_STAMPING
    OCSP_SIGNING = lib.NBTLS_X509_EKU_OCSP_SIGNING
    ANY = lib.NBTLS_X509_EKU_ANY
    OTHER = lib.NBTLS_X509_EKU_OTHER


class VerifyDetail(enum.IntEnum):
    """The detail codes of a rejected path (``NBTLS_X509_ERR_*``), the
    ``detail`` of :class:`nbtls.CertificateError`."""

    OK = lib.NBTLS_X509_OK
    EXPIRED = lib.NBTLS_X509_ERR_EXPIRED
    NOT_YET_VALID = lib.NBTLS_X509_ERR_NOT_YET_VALID
    UNKNOWN_ISSUER = lib.NBTLS_X509_ERR_UNKNOWN_ISSUER
    BAD_SIGNATURE = lib.NBTLS_X509_ERR_BAD_SIGNATURE
    NAME_MISMATCH = lib.NBTLS_X509_ERR_NAME_MISMATCH
    USAGE = lib.NBTLS_X509_ERR_USAGE
    CONSTRAINTS = lib.NBTLS_X509_ERR_CONSTRAINTS
    NAME_CONSTRAINTS = lib.NBTLS_X509_ERR_NAME_CONSTRAINTS
    MALFORMED = lib.NBTLS_X509_ERR_MALFORMED
    CRITICAL_EXT = lib.NBTLS_X509_ERR_CRITICAL_EXT
    TOO_DEEP = lib.NBTLS_X509_ERR_TOO_DEEP
    TOO_COSTLY = lib.NBTLS_X509_ERR_TOO_COSTLY
    WEAK_ALGORITHM = lib.NBTLS_X509_ERR_WEAK_ALGORITHM
    UNSUPPORTED_ALG = lib.NBTLS_X509_ERR_UNSUPPORTED_ALG
    VERSION = lib.NBTLS_X509_ERR_VERSION


def _pem_bytes(data: Union[str, BytesLike], what: str) -> bytes:
    return data.encode("ascii", "strict") if isinstance(data, str) else _as_bytes(data, what)


class Certificate:
    """A parsed X.509 certificate (immutable; safe to share between threads).

    Parsing is strict (RFC 5280 on a strict DER reader, in C); a certificate
    that does not parse raises :class:`nbtls.CertificateError` (detail
    ``malformed``)."""

    __slots__ = ("_cert", "__weakref__")

    def __init__(self, handle: _ll.Handle) -> None:
        """Not called by users: use :meth:`from_der`, :meth:`from_pem` or
        :meth:`load_pem_bundle`."""
        self._cert = handle

    @classmethod
    def from_der(cls, der: BytesLike) -> "Certificate":
        """Parse one DER certificate (exactly: no trailing data)."""
        return cls(_ll.x509_from_der(_as_bytes(der, "DER certificate")))

    @classmethod
    def load_pem_bundle(cls, pem: Union[str, BytesLike]) -> List["Certificate"]:
        """Every CERTIFICATE block of a PEM text, in order (other blocks and
        text between blocks are skipped); ``[]`` if there is none."""
        return [cls(h) for h in _ll.x509_from_pem_all(_pem_bytes(pem, "PEM certificates"))]

    @classmethod
    def from_pem(cls, pem: Union[str, BytesLike]) -> "Certificate":
        """The first CERTIFICATE block of a PEM text (every block must parse);
        :class:`nbtls.CertificateError` if there is none."""
        certs = cls.load_pem_bundle(pem)
        if not certs:
            _ll.fail(_ll.E_CERTIFICATE, "", "PEM certificate: no CERTIFICATE block found")
        return certs[0]

    # ---- encodings ----------------------------------------------------------

    @property
    def der(self) -> bytes:
        """The whole DER encoding."""
        return _ll.x509_der(self._cert)

    @property
    def fingerprint_sha256(self) -> bytes:
        """SHA-256 of the DER (32 bytes)."""
        return _ll.x509_fingerprint_sha256(self._cert)

    @property
    def version(self) -> int:
        """1, 2 or 3."""
        return _ll.x509_version(self._cert)

    @property
    def serial(self) -> int:
        """The serial number (non-negative)."""
        return int.from_bytes(_ll.x509_serial(self._cert), "big")

    @property
    def serial_bytes(self) -> bytes:
        """The serial number's magnitude, big-endian, as C gives it."""
        return _ll.x509_serial(self._cert)

    @property
    def subject(self) -> str:
        """The subject Name as an RFC 4514 string ("CN=example.com,O=Org")."""
        return _ll.x509_subject_string(self._cert)

    @property
    def issuer(self) -> str:
        """The issuer Name as an RFC 4514 string."""
        return _ll.x509_issuer_string(self._cert)

    @property
    def subject_der(self) -> bytes:
        """The subject Name's DER (the whole SEQUENCE)."""
        return _ll.x509_subject_der(self._cert)

    @property
    def issuer_der(self) -> bytes:
        """The issuer Name's DER."""
        return _ll.x509_issuer_der(self._cert)

    # ---- validity -------------------------------------------------------------

    @property
    def not_before_timestamp(self) -> int:
        """notBefore, Unix seconds."""
        return _ll.x509_not_before(self._cert)

    @property
    def not_after_timestamp(self) -> int:
        """notAfter, Unix seconds."""
        return _ll.x509_not_after(self._cert)

    @property
    def not_before(self) -> _dt.datetime:
        """notBefore, an aware ``datetime`` in UTC."""
        return _EPOCH + _dt.timedelta(seconds=self.not_before_timestamp)

    @property
    def not_after(self) -> _dt.datetime:
        """notAfter, an aware ``datetime`` in UTC."""
        return _EPOCH + _dt.timedelta(seconds=self.not_after_timestamp)

    # ---- key and signature ------------------------------------------------------

    @property
    def spki_der(self) -> bytes:
        """The SubjectPublicKeyInfo DER."""
        return _ll.x509_spki_der(self._cert)

    def public_key(self) -> AnyKey:
        """The subject public key as nbtls's key class (:class:`nbtls.P256PublicKey`,
        :class:`nbtls.P384PublicKey` or :class:`nbtls.RSAPublicKey`);
        :class:`nbtls.Unsupported` for other algorithms."""
        return _wrap(_ll.x509_public_key(self._cert), "certificate public key")

    @property
    def signature_scheme(self) -> Optional[int]:
        """The signature algorithm as a TLS SignatureScheme-like id (a
        :class:`nbtls.SignatureScheme` when it is one of those; the legacy
        SHA-1/MD5 ids and ECDSA-SHA512 are plain ints), or None for an
        algorithm nbtls does not name."""
        s = _ll.x509_signature_scheme(self._cert)
        if s < 0:
            return None
        try:
            return SignatureScheme(s)
        except ValueError:
            return s

    # ---- extensions ---------------------------------------------------------------

    @property
    def san_dns_names(self) -> List[str]:
        """The subjectAltName dNSNames, as written (IA5String bytes; a byte
        outside ASCII is replaced by U+FFFD)."""
        return [b.decode("ascii", "replace") for b in _ll.x509_san_dns(self._cert)]

    @property
    def san_ip_addresses(self) -> List[IPAddress]:
        """The subjectAltName iPAddresses."""
        out: List[IPAddress] = []
        for b in _ll.x509_san_ip(self._cert):
            out.append(ipaddress.IPv4Address(b) if len(b) == 4 else ipaddress.IPv6Address(b))
        return out

    @property
    def is_ca(self) -> bool:
        """basicConstraints cA (False when the extension is absent)."""
        return _ll.x509_is_ca(self._cert)

    @property
    def path_length(self) -> Optional[int]:
        """basicConstraints pathLenConstraint, None when absent."""
        n = _ll.x509_path_len(self._cert)
        return None if n < 0 else n

    @property
    def key_usage(self) -> Optional[KeyUsage]:
        """keyUsage, None when the extension is absent."""
        n = _ll.x509_key_usage(self._cert)
        return None if n < 0 else KeyUsage(n)

    @property
    def extended_key_usage(self) -> Optional[ExtendedKeyUsage]:
        """extendedKeyUsage, None when the extension is absent."""
        n = _ll.x509_eku(self._cert)
        return None if n < 0 else ExtendedKeyUsage(n)

    @property
    def subject_key_identifier(self) -> Optional[bytes]:
        """subjectKeyIdentifier, None when absent."""
        v: Optional[bytes] = _ll.x509_ski(self._cert)
        return v

    @property
    def authority_key_identifier(self) -> Optional[bytes]:
        """authorityKeyIdentifier's keyIdentifier, None when absent."""
        v: Optional[bytes] = _ll.x509_aki(self._cert)
        return v

    @property
    def unknown_critical_extensions(self) -> List[bytes]:
        """The OIDs (DER content bytes) of the critical extensions nbtls does
        not process (path validation refuses such a certificate)."""
        return _ll.x509_unknown_critical(self._cert)

    # ---- identity -------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        """Certificates are equal when their DER is."""
        if not isinstance(other, Certificate):
            return NotImplemented
        return self.der == other.der

    def __hash__(self) -> int:
        """Hash of the fingerprint."""
        return hash(self.fingerprint_sha256)

    def __repr__(self) -> str:
        return f"<nbtls.x509.Certificate {self.subject!r}>"


class TrustStore:
    """A set of trust anchors (``nbtls_trust``).

    Fill it, then use it: once it has been passed to :func:`verify` it is
    frozen (adding raises :class:`nbtls.BadState`), and may be shared between
    threads and operations."""

    __slots__ = ("_trust", "_frozen", "__weakref__")

    def __init__(self) -> None:
        """An empty store."""
        self._trust = _ll.trust_new()
        self._frozen = False

    def _check_open(self) -> None:
        if self._frozen:
            _ll.fail(_ll.E_BAD_STATE, "", "trust store: a store that has been used by verify() cannot be modified")

    def add(self, cert: Certificate) -> None:
        """Add a certificate as an anchor (a copy; one already present is not
        added twice)."""
        if not isinstance(cert, Certificate):
            raise TypeError(f"cert must be a Certificate, not {type(cert).__name__}")
        self._check_open()
        _ll.trust_add(self._trust, cert._cert)

    def add_data(self, data: Union[str, BytesLike]) -> int:
        """Add the anchors of a DER certificate or a PEM text (all or nothing:
        :class:`nbtls.CertificateError` and nothing added if one does not
        parse). Returns the number of certificates read."""
        self._check_open()
        return _ll.trust_add_data(self._trust, _pem_bytes(data, "trust anchors"))

    def load_file(self, path: Union[str, "os.PathLike[str]"]) -> int:
        """:meth:`add_data` on a file's contents (PEM or DER)."""
        self._check_open()
        return _ll.trust_load_file(self._trust, os.fsencode(path))

    def load_dir(self, path: Union[str, "os.PathLike[str]"]) -> int:
        """Add every file of a directory that parses (OpenSSL hashed
        directories, *.pem, *.crt); returns the number added."""
        self._check_open()
        return _ll.trust_load_dir(self._trust, os.fsencode(path))

    @classmethod
    def from_pem(cls, pem: Union[str, BytesLike]) -> "TrustStore":
        """A store of the anchors of a PEM text."""
        t = cls()
        t.add_data(pem)
        return t

    @classmethod
    def from_der(cls, der: BytesLike) -> "TrustStore":
        """A store of one DER anchor."""
        t = cls()
        t.add_data(_as_bytes(der, "DER certificate"))
        return t

    @classmethod
    def from_certificates(cls, certs: Sequence[Certificate]) -> "TrustStore":
        """A store of these certificates."""
        t = cls()
        for c in certs:
            t.add(c)
        return t

    @classmethod
    def from_file(cls, path: Union[str, "os.PathLike[str]"]) -> "TrustStore":
        """A store of the anchors of a file (PEM or DER)."""
        t = cls()
        t.load_file(path)
        return t

    @classmethod
    def from_dir(cls, path: Union[str, "os.PathLike[str]"]) -> "TrustStore":
        """A store of the anchors of a directory (see :meth:`load_dir`)."""
        t = cls()
        t.load_dir(path)
        return t

    @classmethod
    def load_system(cls) -> "TrustStore":
        """The operating system's anchors, found as OpenSSL finds them
        (``SSL_CERT_FILE`` / ``SSL_CERT_DIR``, then the distributions'
        bundle paths; ``nbtls_trust_load_system``). :class:`nbtls.Unsupported`
        if none was found."""
        t = cls()
        _ll.trust_load_system(t._trust)
        return t

    def __len__(self) -> int:
        """The number of anchors."""
        return _ll.trust_count(self._trust)

    def __repr__(self) -> str:
        return f"<nbtls.x509.TrustStore {len(self)} anchors{' (frozen)' if self._frozen else ''}>"


def _finish_none(op: _ll.Handle) -> None:
    return None


class VerifyOperation(Operation[None]):
    """The :class:`nbtls.Operation` of :func:`verify`: driven like every
    other operation (``await``, ``run()``, ``poll()``); it finishes with
    ``None`` when the chain validates and raises
    :class:`nbtls.CertificateError` with the C detail code otherwise."""

    __slots__ = ("_detail", "_signatures")

    def __init__(self, handle: _ll.Handle, what: str, keep: Any) -> None:
        """Not called by users: use :func:`verify`."""
        super().__init__(handle, _finish_none, what, keep)
        self._detail: Optional[int] = None
        self._signatures = 0

    # The base class frees the C op before raising its error: read the
    # detail code (and the signature count) just before it is freed.
    def _free_locked(self) -> None:
        h = self._handle
        if h is not None:
            self._signatures = _ll.x509_verify_signatures(h)
            d = _ll.op_x509_error(h)
            if d >= 0 and self._detail is None:
                self._detail = d
        super()._free_locked()

    def _certificate_error(self) -> CertificateError:
        d = self._detail if self._detail is not None else int(VerifyDetail.MALFORMED)
        return _ll.certificate_error(d, self._what)

    def _raise_final_locked(self) -> None:
        try:
            super()._raise_final_locked()
        except CertificateError:
            raise self._certificate_error() from None

    def _poll_locked(self, budget: int) -> Status:
        try:
            return super()._poll_locked(budget)
        except CertificateError:
            raise self._certificate_error() from None

    @property
    def detail(self) -> Optional[VerifyDetail]:
        """The detail code once the op has finished (``VerifyDetail.OK`` when
        the chain validated), None before."""
        if self._detail is None:
            return None
        try:
            return VerifyDetail(self._detail)
        except ValueError:  # a code newer than this binding: keep the int
            return self._detail  # type: ignore[return-value]

    @property
    def signatures(self) -> int:
        """Signature checks started so far (``nbtls_x509_verify_signatures``;
        up to date while running and after the op has finished)."""
        h = self._handle
        if h is not None:
            return _ll.x509_verify_signatures(h)
        return self._signatures


_PURPOSES = {"server": _ll.X509_PURPOSE_SERVER, "client": _ll.X509_PURPOSE_CLIENT}


def _unix_time(now: Union[None, int, float, _dt.datetime]) -> int:
    if now is None:
        return int(time.time())
    if isinstance(now, _dt.datetime):
        if now.tzinfo is None:
            raise ValueError("now must be an aware datetime (e.g. tzinfo=datetime.timezone.utc)")
        return int((now - _EPOCH).total_seconds() // 1)
    if isinstance(now, bool) or not isinstance(now, (int, float)):
        raise TypeError(f"now must be None, a datetime or Unix seconds, not {type(now).__name__}")
    return int(now // 1)


def verify(
    chain: Sequence[Certificate],
    trust: TrustStore,
    hostname: Optional[str] = None,
    *,
    ip: Union[None, str, IPAddress] = None,
    now: Union[None, int, float, _dt.datetime] = None,
    purpose: str = "server",
    max_depth: int = 0,
    max_signatures: int = 0,
) -> VerifyOperation:
    """Validate ``chain`` (the leaf first, then untrusted intermediates in
    any order) against ``trust`` for ``purpose`` ("server" or "client") at
    ``now`` (an aware datetime or Unix seconds; default: the current time),
    and, if given, for ``hostname`` (a DNS name; matched against the SAN
    dNSNames per RFC 9525, never the CN) or ``ip`` (matched against the SAN
    iPAddresses only). ``max_depth`` / ``max_signatures`` bound the path
    length and the signature checks (0: the C defaults).

    Returns an operation (``nbtls_x509_verify_start``): ``await`` it,
    ``run()`` it or ``poll()`` it; it finishes with ``None`` when the chain
    validates, or raises :class:`nbtls.CertificateError` whose ``detail``
    (:class:`VerifyDetail`), ``detail_name`` and ``detail_reason`` come from
    C. Every rule is the C library's. The trust store is frozen by this
    call (see :class:`TrustStore`)."""
    certs = list(chain)
    if not certs:
        _ll.fail(_ll.E_INVALID_ARG, "", "certificate verify: the chain is empty (it starts with the leaf)")
    for c in certs:
        if not isinstance(c, Certificate):
            raise TypeError(f"chain items must be Certificate, not {type(c).__name__}")
    if not isinstance(trust, TrustStore):
        raise TypeError(f"trust must be a TrustStore, not {type(trust).__name__}")
    p = _PURPOSES.get(purpose)
    if p is None:
        _ll.fail(_ll.E_INVALID_ARG, "", f"certificate verify: unknown purpose {purpose!r}: use one of {', '.join(_PURPOSES)}")
    if hostname is not None and ip is not None:
        _ll.fail(_ll.E_INVALID_ARG, "", "certificate verify: give hostname or ip, not both")
    name: Optional[str] = hostname
    if ip is not None:
        name = str(ip if isinstance(ip, (ipaddress.IPv4Address, ipaddress.IPv6Address)) else ipaddress.ip_address(ip))
    if name is not None and not isinstance(name, str):
        raise TypeError(f"hostname must be a str, not {type(name).__name__}")
    if name == "":
        # C treats "" as "no name to check": refuse it rather than skip the check.
        _ll.fail(_ll.E_INVALID_ARG, "", "certificate verify: the hostname is empty (pass None for no name check)")
    if name is not None and "\0" in name:
        # C reads a NUL-terminated string: "a.com\0.evil" must not become "a.com".
        _ll.fail(_ll.E_INVALID_ARG, "", "certificate verify: the hostname contains a NUL character")
    t = _unix_time(now)
    arr = ffi.new("nbtls_x509 *[]", [c._cert for c in certs])
    cname = ffi.NULL if name is None else ffi.new("char[]", name.encode("utf-8", "surrogateescape"))
    what = "certificate verify" + (f" ({name})" if name is not None else "")
    trust._frozen = True
    h = _ll.x509_verify_start(trust._trust, arr, len(certs), cname, t, p)
    if max_depth or max_signatures:
        _ll.x509_verify_set_limits(h, max_depth, max_signatures)
    # The C op points at the certificates, the store, the array and the
    # name: keep them alive as long as the operation object.
    return VerifyOperation(h, what, (certs, trust, arr, cname))

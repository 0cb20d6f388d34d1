//! X.509 certificates, trust stores and restartable certificate path
//! validation (`include/nbtls/x509.h`).
//!
//! A thin layer: parsing, path building and every validation rule (RFC 5280
//! and the Web PKI rules, RFC 9525 name matching) are the C library's. A
//! validation is an [`Op`] like every other expensive operation: await it,
//! [`wait`](Op::wait) for it or [`advance`](Op::advance) it by hand; each
//! poll does at most its budget of work units, whatever the chain.
//!
//! ```no_run
//! use nbtls::x509::{self, Certificate, TrustStore, VerifyOptions};
//!
//! # async fn f(pem: &str) -> Result<(), nbtls::Error> {
//! let chain = Certificate::from_pem_bundle(pem)?; // the leaf first
//! let trust = TrustStore::system()?;
//! x509::verify(&chain, &trust, &VerifyOptions::new().hostname("example.com")).await?;
//! # Ok(()) }
//! ```
//!
//! A chain that does not validate gives
//! [`Error::Certificate { detail }`](Error::Certificate), whose [`Detail`]
//! says why.

use core::fmt;
use std::ffi::CString;
use std::net::IpAddr;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use nbtls_sys as sys;

use crate::error::{Error, Result};
use crate::ffi::{self, ChainPtrs, RawOp, RawTrust, RawX509};
use crate::op::Op;
use crate::scheme::VerifyingKey;

/// Why a chain was rejected: the C detail codes (`NBTLS_X509_ERR_*`), whose
/// numbers never change ([`code`](Detail::code)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Detail {
    /// A certificate's notAfter is before the validation time.
    Expired,
    /// A certificate's notBefore is after the validation time.
    NotYetValid,
    /// No path to a trust anchor.
    UnknownIssuer,
    /// A signature does not verify.
    BadSignature,
    /// The host name or IP address is not in the leaf's subjectAltName.
    NameMismatch,
    /// keyUsage / extendedKeyUsage forbid the use.
    Usage,
    /// basicConstraints or pathLenConstraint violated.
    Constraints,
    /// nameConstraints violated.
    NameConstraints,
    /// A certificate or a field that cannot be used (also: does not parse).
    Malformed,
    /// An unknown critical extension.
    CriticalExtension,
    /// Only paths longer than the depth limit exist.
    TooDeep,
    /// The signature-check budget was exhausted.
    TooCostly,
    /// A SHA-1 or MD5 signature.
    WeakAlgorithm,
    /// An algorithm or key nbtls does not implement.
    UnsupportedAlgorithm,
    /// Version rules (e.g. a v1 certificate as an intermediate).
    Version,
    /// A code this version of the crate does not know.
    Other(i32),
}

impl Detail {
    const TABLE: [(i32, Detail); 15] = [
        (sys::NBTLS_X509_ERR_EXPIRED, Detail::Expired),
        (sys::NBTLS_X509_ERR_NOT_YET_VALID, Detail::NotYetValid),
        (sys::NBTLS_X509_ERR_UNKNOWN_ISSUER, Detail::UnknownIssuer),
        (sys::NBTLS_X509_ERR_BAD_SIGNATURE, Detail::BadSignature),
        (sys::NBTLS_X509_ERR_NAME_MISMATCH, Detail::NameMismatch),
        (sys::NBTLS_X509_ERR_USAGE, Detail::Usage),
        (sys::NBTLS_X509_ERR_CONSTRAINTS, Detail::Constraints),
        (
            sys::NBTLS_X509_ERR_NAME_CONSTRAINTS,
            Detail::NameConstraints,
        ),
        (sys::NBTLS_X509_ERR_MALFORMED, Detail::Malformed),
        (sys::NBTLS_X509_ERR_CRITICAL_EXT, Detail::CriticalExtension),
        (sys::NBTLS_X509_ERR_TOO_DEEP, Detail::TooDeep),
        (sys::NBTLS_X509_ERR_TOO_COSTLY, Detail::TooCostly),
        (sys::NBTLS_X509_ERR_WEAK_ALGORITHM, Detail::WeakAlgorithm),
        (
            sys::NBTLS_X509_ERR_UNSUPPORTED_ALG,
            Detail::UnsupportedAlgorithm,
        ),
        (sys::NBTLS_X509_ERR_VERSION, Detail::Version),
    ];

    /// The detail for a C code (`NBTLS_X509_ERR_*`); unknown codes give
    /// [`Detail::Other`].
    pub fn from_code(code: i32) -> Detail {
        Detail::TABLE
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(Detail::Other(code), |&(_, d)| d)
    }

    /// The C code (`NBTLS_X509_ERR_*`).
    pub fn code(self) -> i32 {
        if let Detail::Other(c) = self {
            return c;
        }
        Detail::TABLE
            .iter()
            .find(|(_, d)| *d == self)
            .map_or(-1, |&(c, _)| c)
    }

    /// The C library's short name (`nbtls_x509_error_name`): `"expired"`,
    /// `"unknown_issuer"`, ...
    pub fn name(self) -> &'static str {
        ffi::x509_error_name(self.code())
    }

    /// The C library's one-line description (`nbtls_x509_error_string`).
    pub fn description(self) -> &'static str {
        ffi::x509_error_string(self.code())
    }
}

impl fmt::Display for Detail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name(), self.description())
    }
}

/// keyUsage bits (`NBTLS_X509_KU_*`, bit n of the BIT STRING as `1 << n`).
pub mod key_usage {
    use nbtls_sys as sys;
    /// digitalSignature.
    pub const DIGITAL_SIGNATURE: u32 = sys::NBTLS_X509_KU_DIGITAL_SIGNATURE as u32;
    /// nonRepudiation (contentCommitment).
    pub const NON_REPUDIATION: u32 = sys::NBTLS_X509_KU_NON_REPUDIATION as u32;
    /// keyEncipherment.
    pub const KEY_ENCIPHERMENT: u32 = sys::NBTLS_X509_KU_KEY_ENCIPHERMENT as u32;
    /// dataEncipherment.
    pub const DATA_ENCIPHERMENT: u32 = sys::NBTLS_X509_KU_DATA_ENCIPHERMENT as u32;
    /// keyAgreement.
    pub const KEY_AGREEMENT: u32 = sys::NBTLS_X509_KU_KEY_AGREEMENT as u32;
    /// keyCertSign.
    pub const KEY_CERT_SIGN: u32 = sys::NBTLS_X509_KU_KEY_CERT_SIGN as u32;
    /// cRLSign.
    pub const CRL_SIGN: u32 = sys::NBTLS_X509_KU_CRL_SIGN as u32;
    /// encipherOnly.
    pub const ENCIPHER_ONLY: u32 = sys::NBTLS_X509_KU_ENCIPHER_ONLY as u32;
    /// decipherOnly.
    pub const DECIPHER_ONLY: u32 = sys::NBTLS_X509_KU_DECIPHER_ONLY as u32;
}

/// extendedKeyUsage purposes (`NBTLS_X509_EKU_*`).
pub mod eku {
    use nbtls_sys as sys;
    /// id-kp-serverAuth.
    pub const SERVER_AUTH: u32 = sys::NBTLS_X509_EKU_SERVER_AUTH as u32;
    /// id-kp-clientAuth.
    pub const CLIENT_AUTH: u32 = sys::NBTLS_X509_EKU_CLIENT_AUTH as u32;
    /// id-kp-codeSigning.
    pub const CODE_SIGNING: u32 = sys::NBTLS_X509_EKU_CODE_SIGNING as u32;
    /// id-kp-emailProtection.
    pub const EMAIL_PROTECTION: u32 = sys::NBTLS_X509_EKU_EMAIL_PROTECTION as u32;
    /// id-kp-timeStamping.
    pub const TIME_STAMPING: u32 = sys::NBTLS_X509_EKU_TIME_STAMPING as u32;
    /// id-kp-OCSPSigning.
    pub const OCSP_SIGNING: u32 = sys::NBTLS_X509_EKU_OCSP_SIGNING as u32;
    /// anyExtendedKeyUsage.
    pub const ANY: u32 = sys::NBTLS_X509_EKU_ANY as u32;
    /// At least one purpose nbtls does not name.
    pub const OTHER: u32 = sys::NBTLS_X509_EKU_OTHER as u32;
}

fn opt_flags(v: i32) -> Option<u32> {
    u32::try_from(v).ok()
}

/// A parsed X.509 certificate (immutable; cheap to clone, `Send + Sync`).
///
/// Parsing is strict (RFC 5280 on a strict DER reader, in C): a certificate
/// that does not parse is [`Error::Certificate`] with
/// [`Detail::Malformed`].
#[derive(Clone)]
pub struct Certificate {
    raw: Arc<RawX509>,
}

impl Certificate {
    /// Parse one DER certificate (exactly: no trailing data).
    pub fn from_der(der: &[u8]) -> Result<Certificate> {
        Ok(Certificate {
            raw: Arc::new(RawX509::from_der(der)?),
        })
    }

    /// Every CERTIFICATE block of a PEM text, in order (other blocks and
    /// text between blocks are skipped); empty if there is none.
    pub fn from_pem_bundle(pem: &str) -> Result<Vec<Certificate>> {
        Ok(RawX509::from_pem_all(pem.as_bytes())?
            .into_iter()
            .map(|r| Certificate { raw: Arc::new(r) })
            .collect())
    }

    /// The first CERTIFICATE block of a PEM text (every block must parse);
    /// [`Error::Certificate`] ([`Detail::Malformed`]) if there is none.
    pub fn from_pem(pem: &str) -> Result<Certificate> {
        Certificate::from_pem_bundle(pem)?
            .into_iter()
            .next()
            .ok_or(Error::Certificate {
                detail: Detail::Malformed,
            })
    }

    /// The whole DER encoding.
    pub fn der(&self) -> &[u8] {
        self.raw.der()
    }

    /// SHA-256 of the DER.
    pub fn fingerprint_sha256(&self) -> [u8; 32] {
        self.raw.fingerprint_sha256()
    }

    /// The version: 1, 2 or 3.
    pub fn version(&self) -> u8 {
        self.raw.int(sys::nbtls_x509_version) as u8
    }

    /// The serial number's magnitude, big-endian, without a leading zero
    /// (1 to 20 bytes).
    pub fn serial(&self) -> &[u8] {
        self.raw.serial()
    }

    /// The subject Name as an RFC 4514 string (`"CN=example.com,O=Org"`).
    pub fn subject(&self) -> Result<String> {
        self.raw.name_string(false)
    }

    /// The issuer Name as an RFC 4514 string.
    pub fn issuer(&self) -> Result<String> {
        self.raw.name_string(true)
    }

    /// The subject Name's DER (the whole SEQUENCE).
    pub fn subject_der(&self) -> &[u8] {
        self.raw.subject_der()
    }

    /// The issuer Name's DER.
    pub fn issuer_der(&self) -> &[u8] {
        self.raw.issuer_der()
    }

    /// notBefore, Unix seconds.
    pub fn not_before_unix(&self) -> i64 {
        self.raw.not_before()
    }

    /// notAfter, Unix seconds.
    pub fn not_after_unix(&self) -> i64 {
        self.raw.not_after()
    }

    /// notBefore as a `SystemTime`.
    pub fn not_before(&self) -> SystemTime {
        unix_to_system(self.not_before_unix())
    }

    /// notAfter as a `SystemTime`.
    pub fn not_after(&self) -> SystemTime {
        unix_to_system(self.not_after_unix())
    }

    /// The SubjectPublicKeyInfo DER.
    pub fn spki_der(&self) -> &[u8] {
        self.raw.spki_der()
    }

    /// The subject public key (P-256, P-384 or RSA);
    /// [`Error::Unsupported`] for other algorithms.
    pub fn public_key(&self) -> Result<VerifyingKey> {
        VerifyingKey::from_raw(self.raw.public_key()?)
    }

    /// The signature algorithm as a TLS SignatureScheme-like code point
    /// (`NBTLS_SIG_*`: also the legacy SHA-1/MD5 ids of the C header, which
    /// validation refuses), or `None` for one nbtls does not name. Map it
    /// with [`SignatureScheme::from_code`](crate::scheme::SignatureScheme::from_code).
    pub fn signature_scheme(&self) -> Option<u16> {
        u16::try_from(self.raw.int(sys::nbtls_x509_signature_scheme)).ok()
    }

    /// The subjectAltName dNSNames, as written (IA5String; a byte outside
    /// ASCII becomes U+FFFD).
    pub fn san_dns_names(&self) -> Vec<String> {
        self.raw
            .san_dns()
            .into_iter()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .collect()
    }

    /// The subjectAltName iPAddresses.
    pub fn san_ip_addresses(&self) -> Vec<IpAddr> {
        self.raw
            .san_ip()
            .into_iter()
            .filter_map(|b| match b.len() {
                4 => <[u8; 4]>::try_from(b).ok().map(IpAddr::from),
                16 => <[u8; 16]>::try_from(b).ok().map(IpAddr::from),
                _ => None,
            })
            .collect()
    }

    /// basicConstraints cA (false when the extension is absent).
    pub fn is_ca(&self) -> bool {
        self.raw.int(sys::nbtls_x509_is_ca) == 1
    }

    /// basicConstraints pathLenConstraint, `None` when absent.
    pub fn path_len(&self) -> Option<u32> {
        opt_flags(self.raw.int(sys::nbtls_x509_path_len))
    }

    /// keyUsage as [`key_usage`] bits, `None` when absent.
    pub fn key_usage(&self) -> Option<u32> {
        opt_flags(self.raw.int(sys::nbtls_x509_key_usage))
    }

    /// extendedKeyUsage as [`eku`] bits, `None` when absent.
    pub fn extended_key_usage(&self) -> Option<u32> {
        opt_flags(self.raw.int(sys::nbtls_x509_eku))
    }

    /// subjectKeyIdentifier, `None` when absent.
    pub fn subject_key_id(&self) -> Option<&[u8]> {
        self.raw.ski()
    }

    /// authorityKeyIdentifier's keyIdentifier, `None` when absent.
    pub fn authority_key_id(&self) -> Option<&[u8]> {
        self.raw.aki()
    }

    /// The OIDs (DER content bytes) of the critical extensions nbtls does
    /// not process (validation refuses such a certificate).
    pub fn unknown_critical_extensions(&self) -> Vec<&[u8]> {
        self.raw.unknown_critical()
    }
}

impl PartialEq for Certificate {
    fn eq(&self, other: &Certificate) -> bool {
        self.der() == other.der()
    }
}

impl Eq for Certificate {}

impl fmt::Debug for Certificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Certificate")
            .field("subject", &self.subject().unwrap_or_default())
            .finish()
    }
}

fn unix_to_system(t: i64) -> SystemTime {
    if t >= 0 {
        UNIX_EPOCH + Duration::from_secs(t as u64)
    } else {
        UNIX_EPOCH - Duration::from_secs(t.unsigned_abs())
    }
}

struct TrustInner {
    raw: RawTrust,
    /// Set when a verify op has used the store: from then on it is never
    /// modified (the C contract).
    frozen: AtomicBool,
}

/// A set of trust anchors (`nbtls_trust`).
///
/// Fill it, then use it: once [`verify`] has used it (or it has been
/// cloned; clones share the anchors) it cannot be modified any more
/// ([`Error::BadState`]).
#[derive(Clone)]
pub struct TrustStore {
    inner: Arc<TrustInner>,
}

impl TrustStore {
    /// An empty store.
    pub fn new() -> Result<TrustStore> {
        Ok(TrustStore {
            inner: Arc::new(TrustInner {
                raw: RawTrust::new()?,
                frozen: AtomicBool::new(false),
            }),
        })
    }

    fn raw_mut(&mut self) -> Result<&mut RawTrust> {
        let inner = Arc::get_mut(&mut self.inner).ok_or(Error::BadState)?;
        if *inner.frozen.get_mut() {
            return Err(Error::BadState);
        }
        Ok(&mut inner.raw)
    }

    /// Add a certificate as an anchor (copied; one already present is not
    /// added twice).
    pub fn add(&mut self, cert: &Certificate) -> Result<()> {
        self.raw_mut()?.add(&cert.raw)
    }

    /// Add the anchors of a DER certificate or a PEM text, all or nothing;
    /// returns the number of certificates read.
    pub fn add_data(&mut self, data: &[u8]) -> Result<usize> {
        self.raw_mut()?.add_data(data)
    }

    /// [`add_data`](TrustStore::add_data) on a file's contents;
    /// [`Error::InvalidArg`] if it cannot be read.
    pub fn load_file(&mut self, path: impl AsRef<Path>) -> Result<usize> {
        let p = path_cstring(path.as_ref())?;
        self.raw_mut()?.load_path(&p, false)
    }

    /// Add every file of a directory that parses (OpenSSL hashed
    /// directories, `*.pem`, ...); returns the number added.
    pub fn load_dir(&mut self, path: impl AsRef<Path>) -> Result<usize> {
        let p = path_cstring(path.as_ref())?;
        self.raw_mut()?.load_path(&p, true)
    }

    /// A store of the anchors of a PEM text or a DER certificate.
    pub fn from_data(data: &[u8]) -> Result<TrustStore> {
        let mut t = TrustStore::new()?;
        t.add_data(data)?;
        Ok(t)
    }

    /// A store of these certificates.
    pub fn from_certificates<'a>(
        certs: impl IntoIterator<Item = &'a Certificate>,
    ) -> Result<TrustStore> {
        let mut t = TrustStore::new()?;
        for c in certs {
            t.add(c)?;
        }
        Ok(t)
    }

    /// A store of the anchors of a file (PEM or DER).
    pub fn from_file(path: impl AsRef<Path>) -> Result<TrustStore> {
        let mut t = TrustStore::new()?;
        t.load_file(path)?;
        Ok(t)
    }

    /// A store of the anchors of a directory.
    pub fn from_dir(path: impl AsRef<Path>) -> Result<TrustStore> {
        let mut t = TrustStore::new()?;
        t.load_dir(path)?;
        Ok(t)
    }

    /// The operating system's anchors, found as OpenSSL finds them
    /// (`SSL_CERT_FILE` / `SSL_CERT_DIR`, then the distributions' bundle
    /// paths: `nbtls_trust_load_system`); [`Error::Unsupported`] if none.
    pub fn system() -> Result<TrustStore> {
        let mut t = TrustStore::new()?;
        t.raw_mut()?.load_system()?;
        Ok(t)
    }

    /// The number of anchors.
    pub fn len(&self) -> usize {
        self.inner.raw.count()
    }

    /// Whether the store has no anchor.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl fmt::Debug for TrustStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TrustStore")
            .field("anchors", &self.len())
            .field("frozen", &self.inner.frozen.load(Ordering::Relaxed))
            .finish()
    }
}

fn path_cstring(p: &Path) -> Result<CString> {
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        p.as_os_str().as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = p.to_str().ok_or(Error::InvalidArg)?.as_bytes().to_vec();
    CString::new(bytes).map_err(|_| Error::InvalidArg)
}

/// What the certificate must be good for (`NBTLS_X509_PURPOSE_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Purpose {
    /// A TLS server (id-kp-serverAuth).
    #[default]
    Server,
    /// A TLS client (id-kp-clientAuth).
    Client,
}

/// The name a leaf must be valid for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ServerName {
    /// A DNS host name, matched against the subjectAltName dNSNames
    /// (RFC 9525; never the CN).
    Dns(String),
    /// An IP address, matched against the iPAddress entries only.
    Ip(IpAddr),
}

/// The options of [`verify`]: build with [`VerifyOptions::new`] and the
/// setters.
#[derive(Debug, Clone, Default)]
pub struct VerifyOptions {
    name: Option<ServerName>,
    time: Option<i64>,
    purpose: Purpose,
    max_depth: u32,
    max_signatures: u32,
}

impl VerifyOptions {
    /// No name check, the current time, [`Purpose::Server`], the C default
    /// limits.
    pub fn new() -> VerifyOptions {
        VerifyOptions::default()
    }

    /// Check the leaf against this DNS host name.
    pub fn hostname(mut self, name: &str) -> VerifyOptions {
        self.name = Some(ServerName::Dns(name.to_owned()));
        self
    }

    /// Check the leaf against this IP address.
    pub fn ip(mut self, ip: IpAddr) -> VerifyOptions {
        self.name = Some(ServerName::Ip(ip));
        self
    }

    /// Check the leaf against this name (or none).
    pub fn name(mut self, name: Option<ServerName>) -> VerifyOptions {
        self.name = name;
        self
    }

    /// Validate at this time, Unix seconds (default: now).
    pub fn time_unix(mut self, secs: i64) -> VerifyOptions {
        self.time = Some(secs);
        self
    }

    /// Validate at this time (default: now).
    pub fn time(self, t: SystemTime) -> VerifyOptions {
        let secs = match t.duration_since(UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            Err(e) => i64::try_from(e.duration().as_secs()).map_or(i64::MIN, |s| -s),
        };
        self.time_unix(secs)
    }

    /// The purpose (default [`Purpose::Server`]).
    pub fn purpose(mut self, p: Purpose) -> VerifyOptions {
        self.purpose = p;
        self
    }

    /// At most this many intermediates in a path (0: the C default,
    /// `NBTLS_X509_DEFAULT_MAX_DEPTH`; at most 64).
    pub fn max_depth(mut self, n: u32) -> VerifyOptions {
        self.max_depth = n;
        self
    }

    /// At most this many signature checks (0: the C default,
    /// `NBTLS_X509_DEFAULT_MAX_SIGNATURES`).
    pub fn max_signatures(mut self, n: u32) -> VerifyOptions {
        self.max_signatures = n;
        self
    }
}

/// What a verify op reads while it runs, kept alive as long as the op.
struct VerifyKeep {
    _chain: Vec<Certificate>,
    _trust: TrustStore,
    _ptrs: ChainPtrs,
}

fn start_verify(
    chain: &[Certificate],
    trust: &TrustStore,
    opts: &VerifyOptions,
) -> Result<(RawOp, VerifyKeep)> {
    if chain.is_empty() {
        return Err(Error::InvalidArg);
    }
    let name = match &opts.name {
        None => None,
        // C reads a NUL-terminated string ("a.com\0.evil" must not become
        // "a.com") and treats "" as no name: refuse both.
        Some(ServerName::Dns(s)) if s.is_empty() => return Err(Error::InvalidArg),
        Some(ServerName::Dns(s)) => Some(CString::new(s.as_str()).map_err(|_| Error::InvalidArg)?),
        Some(ServerName::Ip(ip)) => {
            Some(CString::new(ip.to_string()).map_err(|_| Error::InvalidArg)?)
        }
    };
    let now = match opts.time {
        Some(t) => t,
        None => VerifyOptions::new()
            .time(SystemTime::now())
            .time
            .unwrap_or(0),
    };
    let purpose = match opts.purpose {
        Purpose::Server => sys::NBTLS_X509_PURPOSE_SERVER,
        Purpose::Client => sys::NBTLS_X509_PURPOSE_CLIENT,
    };
    let certs: Vec<Certificate> = chain.to_vec();
    let raws: Vec<&RawX509> = certs.iter().map(|c| &*c.raw).collect();
    let ptrs = ChainPtrs::new(&raws);
    trust.inner.frozen.store(true, Ordering::SeqCst);
    let mut op = RawOp::x509_verify(&trust.inner.raw, &ptrs, name.as_deref(), now, purpose)?;
    if opts.max_depth != 0 || opts.max_signatures != 0 {
        op.x509_set_limits(opts.max_depth, opts.max_signatures)?;
    }
    Ok((
        op,
        VerifyKeep {
            _chain: certs,
            _trust: trust.clone(),
            _ptrs: ptrs,
        },
    ))
}

/// Validate `chain` (the leaf first, then untrusted intermediates in any
/// order) against `trust` with `opts` (`nbtls_x509_verify_start`).
///
/// The [`Op`] gives `Ok(())` when the chain validates, and
/// [`Error::Certificate { detail }`](Error::Certificate) when it does not
/// (`detail` from `nbtls_op_x509_error`); every rule is the C library's.
/// The op keeps the certificates and the store alive while it runs; the
/// store is frozen from now on (see [`TrustStore`]). Argument errors (an
/// empty chain, an empty host name or one with a NUL, a depth above 64)
/// are [`Error::InvalidArg`], reported by the op's first poll.
pub fn verify(chain: &[Certificate], trust: &TrustStore, opts: &VerifyOptions) -> Op<()> {
    match start_verify(chain, trust, opts) {
        Ok((raw, keep)) => Op::new(Ok(raw), |_| Ok(()), Some(Arc::new(keep))),
        Err(e) => Op::new(Err(e), |_| Ok(()), None),
    }
}

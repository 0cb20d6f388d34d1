//! Signatures over messages with TLS 1.3 signature schemes (RFC 8446
//! section 4.2.3): the library hashes the message and the signatures are in
//! their TLS wire formats (ECDSA: the DER `Ecdsa-Sig-Value`; RSA: the
//! modulus-length signature).
//!
//! The operations are methods of the keys:
//! [`p256::PrivateKey::sign_message`](crate::p256::PrivateKey::sign_message),
//! [`p256::PublicKey::verify_message`](crate::p256::PublicKey::verify_message),
//! the same for [`p384`], and
//! [`rsa::PublicKey::verify_message`](crate::rsa::PublicKey::verify_message).
//! [`VerifyingKey`] takes a public key of any of these types (e.g. from a
//! certificate's SubjectPublicKeyInfo). Signing is ECDSA only (nbtls holds
//! no RSA private keys).
//!
//! ```
//! use nbtls::p256::PrivateKey;
//! use nbtls::scheme::{SignatureScheme, VerifyingKey};
//!
//! let key = PrivateKey::generate().wait()?;
//! let scheme = SignatureScheme::EcdsaSecp256r1Sha256;
//! let sig = key.sign_message(scheme, b"hello").wait()?; // DER
//! let peer = VerifyingKey::from(key.public_key().clone());
//! peer.verify_message(scheme, b"hello", sig.as_ref()).wait()?;
//! let err = peer.verify_message(scheme, b"hellO", sig.as_ref()).wait();
//! assert_eq!(err, Err(nbtls::Error::BadSignature));
//! # Ok::<(), nbtls::Error>(())
//! ```

use core::fmt;
use std::sync::Arc;

use nbtls_sys as sys;

use crate::error::{Error, Result};
use crate::ffi::{RawKey, RawOp};
use crate::op::Op;
use crate::secret::Hex;
use crate::{p256, p384, rsa};

/// Room for the longest signature a caller deals in (`NBTLS_SIGNATURE_MAX_LEN`,
/// 512 bytes: an RSA-4096 signature). What
/// [`sign_message`](crate::p256::PrivateKey::sign_message) produces is at
/// most 104 bytes (a DER ECDSA P-384 signature).
pub const SIGNATURE_MAX_LEN: usize = sys::NBTLS_SIGNATURE_MAX_LEN;

/// A TLS 1.3 `SignatureScheme` that nbtls implements. [`code`](Self::code)
/// is the TLS code point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureScheme {
    /// `rsa_pkcs1_sha256` (0x0401): RSASSA-PKCS1-v1_5 with SHA-256.
    RsaPkcs1Sha256,
    /// `rsa_pkcs1_sha384` (0x0501).
    RsaPkcs1Sha384,
    /// `rsa_pkcs1_sha512` (0x0601).
    RsaPkcs1Sha512,
    /// `ecdsa_secp256r1_sha256` (0x0403): ECDSA on P-256 with SHA-256.
    EcdsaSecp256r1Sha256,
    /// `ecdsa_secp384r1_sha384` (0x0503): ECDSA on P-384 with SHA-384.
    EcdsaSecp384r1Sha384,
    /// `rsa_pss_rsae_sha256` (0x0804): RSASSA-PSS (MGF1 with the same hash,
    /// salt length = hash length) with an rsaEncryption key.
    RsaPssRsaeSha256,
    /// `rsa_pss_rsae_sha384` (0x0805).
    RsaPssRsaeSha384,
    /// `rsa_pss_rsae_sha512` (0x0806).
    RsaPssRsaeSha512,
}

impl SignatureScheme {
    /// Every scheme, in the order of the C header.
    pub const ALL: [SignatureScheme; 8] = [
        SignatureScheme::RsaPkcs1Sha256,
        SignatureScheme::RsaPkcs1Sha384,
        SignatureScheme::RsaPkcs1Sha512,
        SignatureScheme::EcdsaSecp256r1Sha256,
        SignatureScheme::EcdsaSecp384r1Sha384,
        SignatureScheme::RsaPssRsaeSha256,
        SignatureScheme::RsaPssRsaeSha384,
        SignatureScheme::RsaPssRsaeSha512,
    ];

    /// The TLS code point (`NBTLS_SIG_*`).
    pub fn code(self) -> u16 {
        match self {
            SignatureScheme::RsaPkcs1Sha256 => sys::NBTLS_SIG_RSA_PKCS1_SHA256,
            SignatureScheme::RsaPkcs1Sha384 => sys::NBTLS_SIG_RSA_PKCS1_SHA384,
            SignatureScheme::RsaPkcs1Sha512 => sys::NBTLS_SIG_RSA_PKCS1_SHA512,
            SignatureScheme::EcdsaSecp256r1Sha256 => sys::NBTLS_SIG_ECDSA_SECP256R1_SHA256,
            SignatureScheme::EcdsaSecp384r1Sha384 => sys::NBTLS_SIG_ECDSA_SECP384R1_SHA384,
            SignatureScheme::RsaPssRsaeSha256 => sys::NBTLS_SIG_RSA_PSS_RSAE_SHA256,
            SignatureScheme::RsaPssRsaeSha384 => sys::NBTLS_SIG_RSA_PSS_RSAE_SHA384,
            SignatureScheme::RsaPssRsaeSha512 => sys::NBTLS_SIG_RSA_PSS_RSAE_SHA512,
        }
    }

    /// The scheme with this TLS code point, if nbtls implements it (`None`
    /// for e.g. `ed25519`, `ecdsa_secp521r1_sha512`, `rsa_pss_pss_*`).
    pub fn from_code(code: u16) -> Option<SignatureScheme> {
        SignatureScheme::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The scheme of an IANA registry name (`"rsa_pss_rsae_sha256"`), if
    /// nbtls implements it.
    pub fn from_name(name: &str) -> Option<SignatureScheme> {
        SignatureScheme::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The name in the TLS registry, e.g. `"ecdsa_secp256r1_sha256"` (the C
    /// library's `nbtls_sig_name`).
    pub fn name(self) -> &'static str {
        name_of(self.code()).unwrap_or("unknown")
    }
}

/// The IANA TLS registry name of any SignatureScheme code point the C
/// library knows (`nbtls_sig_name`), implemented or not: `Some("ed25519")`
/// for 0x0807, `None` for unassigned or newer codes.
pub fn name_of(code: u16) -> Option<&'static str> {
    crate::ffi::sig_name(code)
}

impl From<SignatureScheme> for u16 {
    fn from(s: SignatureScheme) -> u16 {
        s.code()
    }
}

impl TryFrom<u16> for SignatureScheme {
    type Error = Error;

    /// The scheme of a TLS code point; one nbtls does not implement is
    /// [`Error::Unsupported`] (what the C library says of it).
    fn try_from(code: u16) -> Result<SignatureScheme> {
        SignatureScheme::from_code(code).ok_or(Error::Unsupported)
    }
}

impl fmt::Display for SignatureScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A signature made by `sign_message`: an ECDSA DER `Ecdsa-Sig-Value`, at
/// most [`SIGNATURE_MAX_LEN`] bytes, as it goes on the wire in TLS.
#[derive(Clone, Copy)]
pub struct Signature {
    buf: [u8; SIGNATURE_MAX_LEN],
    len: usize,
}

impl Signature {
    /// The encoded signature.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    /// The encoded signature, copied into a `Vec`.
    pub fn to_vec(&self) -> Vec<u8> {
        self.as_bytes().to_vec()
    }
}

impl AsRef<[u8]> for Signature {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl PartialEq for Signature {
    fn eq(&self, other: &Signature) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}
impl Eq for Signature {}

impl core::hash::Hash for Signature {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.as_bytes().hash(state);
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "scheme::Signature({})", Hex(self.as_bytes()))
    }
}

fn take_signature(raw: &mut RawOp) -> Result<Signature> {
    let mut buf = [0u8; SIGNATURE_MAX_LEN];
    let want = raw.result_len();
    if want == 0 || want > buf.len() {
        return Err(Error::Internal);
    }
    let len = raw.result(&mut buf[..want])?;
    if len != want {
        return Err(Error::Internal);
    }
    Ok(Signature { buf, len })
}

/// `nbtls_sign_start` with `key` (kept alive by the op).
pub(crate) fn sign(key: &Arc<RawKey>, scheme: SignatureScheme, msg: &[u8]) -> Op<Signature> {
    Op::new(
        RawOp::sign(key, scheme.code(), msg),
        take_signature,
        Some(key.clone()),
    )
}

/// `nbtls_verify_start` with `key` (kept alive by the op).
pub(crate) fn verify(key: &Arc<RawKey>, scheme: SignatureScheme, msg: &[u8], sig: &[u8]) -> Op<()> {
    Op::new(
        RawOp::verify(key, scheme.code(), msg, sig),
        |_| Ok(()),
        Some(key.clone()),
    )
}

/// A public key of any type that verifies signature schemes: what a TLS
/// peer's certificate holds.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyingKey {
    /// A P-256 key (`ecdsa_secp256r1_sha256`).
    P256(p256::PublicKey),
    /// A P-384 key (`ecdsa_secp384r1_sha384`).
    P384(p384::PublicKey),
    /// An RSA key (`rsa_pkcs1_*`, `rsa_pss_rsae_*`).
    Rsa(rsa::PublicKey),
}

impl VerifyingKey {
    /// Import a public key from DER: a SubjectPublicKeyInfo (EC P-256 or
    /// P-384, RSA), a bare PKCS#1 `RSAPublicKey`, or the public half of an
    /// EC private key (PKCS#8, SEC1). Other key types (X25519, ...) are
    /// [`Error::Unsupported`]; malformed DER and invalid keys
    /// [`Error::BadKey`].
    pub fn from_der(der: &[u8]) -> Result<VerifyingKey> {
        VerifyingKey::from_raw(RawKey::from_der(der)?)
    }

    /// Import a public key from PEM text (the first key block). Errors as
    /// for [`from_der`](VerifyingKey::from_der).
    pub fn from_pem(pem: &str) -> Result<VerifyingKey> {
        VerifyingKey::from_raw(RawKey::from_pem(pem.as_bytes())?)
    }

    pub(crate) fn from_raw(raw: RawKey) -> Result<VerifyingKey> {
        match raw.key_type()? {
            sys::NBTLS_KEY_P256 => p256::PublicKey::from_raw_any(raw).map(VerifyingKey::P256),
            sys::NBTLS_KEY_P384 => p384::PublicKey::from_raw_any(raw).map(VerifyingKey::P384),
            sys::NBTLS_KEY_RSA => rsa::PublicKey::from_raw(raw).map(VerifyingKey::Rsa),
            _ => Err(Error::Unsupported),
        }
    }

    /// Verify `signature` over `message` with `scheme` (see
    /// [`p256::PublicKey::verify_message`](crate::p256::PublicKey::verify_message)):
    /// `Ok(())` if valid, [`Error::BadSignature`] if not, [`Error::BadKey`]
    /// if the scheme does not fit the key.
    pub fn verify_message(
        &self,
        scheme: SignatureScheme,
        message: &[u8],
        signature: &[u8],
    ) -> Op<()> {
        match self {
            VerifyingKey::P256(k) => k.verify_message(scheme, message, signature),
            VerifyingKey::P384(k) => k.verify_message(scheme, message, signature),
            VerifyingKey::Rsa(k) => k.verify_message(scheme, message, signature),
        }
    }
}

impl From<p256::PublicKey> for VerifyingKey {
    fn from(k: p256::PublicKey) -> VerifyingKey {
        VerifyingKey::P256(k)
    }
}

impl From<p384::PublicKey> for VerifyingKey {
    fn from(k: p384::PublicKey) -> VerifyingKey {
        VerifyingKey::P384(k)
    }
}

impl From<rsa::PublicKey> for VerifyingKey {
    fn from(k: rsa::PublicKey) -> VerifyingKey {
        VerifyingKey::Rsa(k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_tls_registry() {
        // RFC 8446 section 4.2.3 (checked against the RFC text as quoted in
        // independent TLS implementations, not only nbtls.h).
        let expect: [(u16, &str); 8] = [
            (0x0401, "rsa_pkcs1_sha256"),
            (0x0501, "rsa_pkcs1_sha384"),
            (0x0601, "rsa_pkcs1_sha512"),
            (0x0403, "ecdsa_secp256r1_sha256"),
            (0x0503, "ecdsa_secp384r1_sha384"),
            (0x0804, "rsa_pss_rsae_sha256"),
            (0x0805, "rsa_pss_rsae_sha384"),
            (0x0806, "rsa_pss_rsae_sha512"),
        ];
        for (s, (code, name)) in SignatureScheme::ALL.into_iter().zip(expect) {
            assert_eq!((s.code(), s.name()), (code, name));
            assert_eq!(s.to_string(), name);
            assert_eq!(SignatureScheme::from_code(code), Some(s));
            assert_eq!(SignatureScheme::try_from(code), Ok(s));
            assert_eq!(u16::from(s), code);
        }
        for (s, (_, name)) in SignatureScheme::ALL.into_iter().zip(expect) {
            assert_eq!(SignatureScheme::from_name(name), Some(s));
            assert!(crate::ffi::sig_supported(s.code()));
        }
        // ed25519, ecdsa_secp521r1_sha512, rsa_pss_pss_sha256: named by the
        // registry but not implemented here.
        for (code, name) in [
            (0x0807, "ed25519"),
            (0x0603, "ecdsa_secp521r1_sha512"),
            (0x0809, "rsa_pss_pss_sha256"),
        ] {
            assert_eq!(SignatureScheme::from_code(code), None);
            assert_eq!(SignatureScheme::try_from(code), Err(Error::Unsupported));
            assert_eq!(name_of(code), Some(name));
            assert_eq!(SignatureScheme::from_name(name), None);
            assert!(!crate::ffi::sig_supported(code));
        }
        assert_eq!(name_of(0x0000), None);
        assert_eq!(SignatureScheme::try_from(0x0000), Err(Error::Unsupported));
    }
}

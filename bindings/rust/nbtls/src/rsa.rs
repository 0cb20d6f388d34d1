//! RSA signature verification (RFC 8017), restartable: RSASSA-PKCS1-v1_5
//! and RSASSA-PSS with SHA-256, SHA-384 or SHA-512.
//!
//! nbtls holds RSA public keys only (2048 to 4096 bits, odd `e < 2^32`),
//! imported from DER or PEM: a SubjectPublicKeyInfo (`PUBLIC KEY`) or a
//! bare PKCS#1 `RSAPublicKey` (`RSA PUBLIC KEY`). A verification is an
//! [`Op`]: for e = 65537 about 122 work units at 2048 bits and 498 at 4096
//! (twice as many in 32-bit-limb builds of the C core).
//!
//! ```no_run
//! use nbtls::rsa::{HashAlgorithm, Padding, PublicKey};
//!
//! # fn f(pem: &str, digest: &[u8], sig: &[u8]) -> Result<(), nbtls::Error> {
//! let key = PublicKey::from_pem(pem)?;
//! // digest = SHA-256(message), computed by the caller.
//! key.verify(Padding::Pss, HashAlgorithm::Sha256, digest, sig).wait()?;
//! # Ok(()) }
//! ```
//!
//! [`PublicKey::verify_message`] hashes the message itself (TLS 1.3
//! signature schemes, see [`crate::scheme`]).

use core::fmt;
use std::sync::Arc;

use nbtls_sys as sys;

use crate::error::{Error, Result};
use crate::ffi::{RawKey, RawOp};
use crate::op::Op;
use crate::scheme::{self, SignatureScheme};

/// The signature padding (encoding method) of RFC 8017.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Padding {
    /// RSASSA-PKCS1-v1_5 (RFC 8017 section 8.2).
    Pkcs1v15,
    /// RSASSA-PSS (RFC 8017 section 8.1) with MGF1 over the same hash and a
    /// salt as long as the hash, as TLS 1.3 requires.
    Pss,
}

impl Padding {
    fn code(self) -> i32 {
        match self {
            Padding::Pkcs1v15 => sys::NBTLS_RSA_PKCS1_V15,
            Padding::Pss => sys::NBTLS_RSA_PSS,
        }
    }
}

/// The hash whose digest is verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HashAlgorithm {
    /// SHA-256 (32-byte digests).
    Sha256,
    /// SHA-384 (48-byte digests).
    Sha384,
    /// SHA-512 (64-byte digests).
    Sha512,
}

impl HashAlgorithm {
    fn code(self) -> i32 {
        match self {
            HashAlgorithm::Sha256 => sys::NBTLS_SHA256,
            HashAlgorithm::Sha384 => sys::NBTLS_SHA384,
            HashAlgorithm::Sha512 => sys::NBTLS_SHA512,
        }
    }

    /// The digest length in bytes.
    pub fn digest_len(self) -> usize {
        match self {
            HashAlgorithm::Sha256 => sys::NBTLS_SHA256_DIGEST_LEN,
            HashAlgorithm::Sha384 => sys::NBTLS_SHA384_DIGEST_LEN,
            HashAlgorithm::Sha512 => sys::NBTLS_SHA512_DIGEST_LEN,
        }
    }
}

/// An RSA public key. Cheap to clone (an `Arc`), shareable between threads.
/// Equality compares the keys (modulus and exponent).
#[derive(Clone)]
pub struct PublicKey {
    raw: Arc<RawKey>,
    /// The PKCS#1 `RSAPublicKey` DER, as the C library exports it.
    pkcs1: Vec<u8>,
    /// The modulus length in bytes (the length of every signature).
    modulus_len: usize,
}

/// The largest PKCS#1 export: a 4096-bit modulus and a 4-byte exponent, with
/// their DER headers (a little slack).
const PKCS1_MAX_LEN: usize = 600;

impl PublicKey {
    /// Import an RSA public key from DER: SubjectPublicKeyInfo
    /// (rsaEncryption) or PKCS#1 `RSAPublicKey`. Moduli outside 2048..4096
    /// bits, RSA private keys and keys of other algorithms are
    /// [`Error::Unsupported`]; malformed DER and invalid keys (even modulus,
    /// even or tiny exponent, ...) are [`Error::BadKey`].
    pub fn from_der(der: &[u8]) -> Result<PublicKey> {
        PublicKey::from_raw(RawKey::from_der(der)?)
    }

    /// Import an RSA public key from PEM text (the first key block: `PUBLIC
    /// KEY` or `RSA PUBLIC KEY`). Errors as for
    /// [`from_der`](PublicKey::from_der).
    pub fn from_pem(pem: &str) -> Result<PublicKey> {
        PublicKey::from_raw(RawKey::from_pem(pem.as_bytes())?)
    }

    pub(crate) fn from_raw(raw: RawKey) -> Result<PublicKey> {
        if raw.key_type()? != sys::NBTLS_KEY_RSA {
            return Err(Error::Unsupported);
        }
        let mut buf = [0u8; PKCS1_MAX_LEN];
        let n = raw.export_public(&mut buf)?;
        let pkcs1 = buf[..n].to_vec();
        let modulus_len = raw.bits()?.div_ceil(8);
        Ok(PublicKey {
            raw: Arc::new(raw),
            pkcs1,
            modulus_len,
        })
    }

    /// The key as a DER PKCS#1 `RSAPublicKey` (`SEQUENCE { n, e }`).
    pub fn to_pkcs1_der(&self) -> &[u8] {
        &self.pkcs1
    }

    /// The modulus length in bytes: the length of every signature of this
    /// key (256 for RSA-2048, 512 for RSA-4096).
    pub fn modulus_len(&self) -> usize {
        self.modulus_len
    }

    /// Verify a signature over a digest the caller computed with `hash`
    /// (`digest.len()` must be its length). The `Op` finishes with `Ok(())`
    /// if the signature is valid and with [`Error::BadSignature`] if it is
    /// not: a signature not below the modulus, or not
    /// [`modulus_len`](PublicKey::modulus_len) bytes long (RFC 8017 8.1.2
    /// step 1), included, as in [`verify_message`](PublicKey::verify_message).
    /// A digest of the wrong length for `hash` is [`Error::InvalidArg`].
    pub fn verify(
        &self,
        padding: Padding,
        hash: HashAlgorithm,
        digest: &[u8],
        signature: &[u8],
    ) -> Op<()> {
        Op::new(
            RawOp::rsa_verify(&self.raw, padding.code(), hash.code(), digest, signature),
            |_| Ok(()),
            Some(self.raw.clone()),
        )
    }

    /// Verify a signature over a message (hashed by the library) with a TLS
    /// 1.3 signature scheme: `rsa_pkcs1_*` or `rsa_pss_rsae_*`. An ECDSA
    /// scheme fails the `Op` with [`Error::BadKey`]; every signature that
    /// does not verify (wrong length included) with
    /// [`Error::BadSignature`].
    pub fn verify_message(
        &self,
        scheme: SignatureScheme,
        message: &[u8],
        signature: &[u8],
    ) -> Op<()> {
        scheme::verify(&self.raw, scheme, message, signature)
    }
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &PublicKey) -> bool {
        self.pkcs1 == other.pkcs1
    }
}
impl Eq for PublicKey {}

impl core::hash::Hash for PublicKey {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.pkcs1.hash(state);
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rsa::PublicKey({}-byte modulus)", self.modulus_len)
    }
}

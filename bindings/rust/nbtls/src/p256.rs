//! NIST P-256 (secp256r1): ECDSA signatures and ECDH, restartable.
//!
//! Every expensive operation returns an [`Op`]: await it, or call
//! [`Op::wait`] outside async code. Importing keys from bytes is cheap and
//! immediate, except [`PrivateKey::from_bytes`] which computes the public
//! point (one fixed-base scalar multiplication, run to completion; use
//! [`PrivateKey::from_bytes_restartable`] where that is too long to block).
//!
//! Keys also load from PEM and DER (PKCS#8, SEC1 `EC PRIVATE KEY`,
//! SubjectPublicKeyInfo): [`PrivateKey::from_pem`], [`PublicKey::from_der`].
//!
//! Digests are computed by the caller (e.g. SHA-256 of the message) and may
//! have any length of at least one byte; they are truncated to 256 bits as
//! FIPS 186-5 says.

use core::fmt;
use std::sync::Arc;

use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::ffi::{RawKey, RawOp};
use crate::op::Op;

/// Length of a private scalar, in bytes.
pub const PRIVATE_KEY_LEN: usize = nbtls_sys::NBTLS_P256_PRIVATE_LEN;
/// Length of an uncompressed SEC1 public point (`0x04 || X || Y`).
pub const PUBLIC_KEY_LEN: usize = nbtls_sys::NBTLS_P256_PUBLIC_LEN;
/// Length of a compressed SEC1 public point (`0x02/0x03 || X`).
pub const PUBLIC_KEY_COMPRESSED_LEN: usize = nbtls_sys::NBTLS_P256_PUBLIC_COMPRESSED_LEN;
/// Length of a raw `r || s` signature.
pub const SIGNATURE_LEN: usize = nbtls_sys::NBTLS_P256_SIGNATURE_LEN;
/// Length of an ECDH shared secret (the x coordinate).
pub const SHARED_SECRET_LEN: usize = nbtls_sys::NBTLS_P256_SECRET_LEN;

// ---- Private keys ------------------------------------------------------------

/// A P-256 private key (with its public key).
///
/// Cheap to clone and shareable between threads: the C key is immutable, so
/// clones share one handle (an `Arc`). The scalar is wiped by the C library
/// when the last clone is dropped. `Debug` never prints it.
#[derive(Clone)]
pub struct PrivateKey {
    raw: Arc<RawKey>,
    public: PublicKey,
}

impl PrivateKey {
    /// Generate a new key pair with the operating system's random generator
    /// (restartable: the public point is computed in polls).
    pub fn generate() -> Op<PrivateKey> {
        Op::new(RawOp::p256_keygen(), take_private_key, None)
    }

    /// Import a 32-byte big-endian scalar in `[1, n-1]`. Any other length or
    /// value is [`Error::BadKey`]. Computes the public point right away (one
    /// scalar multiplication, tens of µs on a desktop).
    pub fn from_bytes(bytes: &[u8]) -> Result<PrivateKey> {
        let scalar = scalar_array(bytes)?;
        PrivateKey::from_raw(RawKey::p256_from_private(&scalar)?)
    }

    /// As [`from_bytes`](PrivateKey::from_bytes), but the public point is
    /// computed by the returned [`Op`]. The scalar is checked (and copied)
    /// now: a bad one makes the `Op` fail with [`Error::BadKey`].
    pub fn from_bytes_restartable(bytes: &[u8]) -> Op<PrivateKey> {
        let started = scalar_array(bytes).and_then(|s| RawOp::p256_key_from_private(&s));
        Op::new(started, take_private_key, None)
    }

    /// Import a private key from DER: PKCS#8 (`PrivateKeyInfo` /
    /// `OneAsymmetricKey`) or SEC1 `ECPrivateKey`, parsed strictly. A key of
    /// another algorithm or curve (X25519, P-384, RSA, ...) is
    /// [`Error::Unsupported`]; a public key, malformed DER or an invalid
    /// key is [`Error::BadKey`]. Computes the public point (as
    /// [`from_bytes`](PrivateKey::from_bytes)).
    pub fn from_der(der: &[u8]) -> Result<PrivateKey> {
        PrivateKey::from_raw(p256_only(RawKey::from_der(der)?)?)
    }

    /// Import a private key from PEM text: the first key block
    /// (`PRIVATE KEY` or `EC PRIVATE KEY`; other blocks, such as `EC
    /// PARAMETERS`, are skipped). Errors as for
    /// [`from_der`](PrivateKey::from_der); encrypted keys are
    /// [`Error::Unsupported`].
    pub fn from_pem(pem: &str) -> Result<PrivateKey> {
        PrivateKey::from_raw(p256_only(RawKey::from_pem(pem.as_bytes())?)?)
    }

    fn from_raw(raw: RawKey) -> Result<PrivateKey> {
        if !raw.has_private()? {
            return Err(Error::BadKey);
        }
        let mut sec1 = [0u8; PUBLIC_KEY_LEN];
        if raw.export_public(&mut sec1)? != PUBLIC_KEY_LEN {
            return Err(Error::Internal);
        }
        let public = PublicKey::from_sec1(&sec1)?;
        Ok(PrivateKey {
            raw: Arc::new(raw),
            public,
        })
    }

    /// The 32-byte big-endian scalar, in a buffer wiped on drop.
    pub fn to_bytes(&self) -> Zeroizing<[u8; PRIVATE_KEY_LEN]> {
        let mut out = Zeroizing::new([0u8; PRIVATE_KEY_LEN]);
        let n = self
            .raw
            .export_private(&mut out[..])
            // A PrivateKey always has its private part (checked when it was
            // made) and the buffer has the documented size.
            .expect("nbtls_key_export_private failed on a private key");
        assert_eq!(n, PRIVATE_KEY_LEN, "nbtls: private scalar length");
        out
    }

    /// The public key of this private key.
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// ECDSA signature of `digest`. The nonce is derived per RFC 6979 and
    /// hedged with 32 bytes from the operating system's generator (RFC 6979
    /// section 3.6), so neither a weak generator nor a fault can reveal the
    /// key. An empty digest is [`Error::InvalidArg`].
    pub fn sign(&self, digest: &[u8]) -> Op<Signature> {
        Op::new(
            RawOp::ecdsa_sign(&self.raw, digest),
            take_signature,
            Some(self.raw.clone()),
        )
    }

    /// Purely deterministic RFC 6979 ECDSA signature of `digest` (no random
    /// input): the same key and digest always give the same signature. For
    /// test vectors and protocols that need determinism; prefer
    /// [`sign`](PrivateKey::sign) otherwise.
    ///
    /// RFC 6979's HMAC_DRBG uses the hash matching the digest length: 20
    /// bytes SHA-1, 28 SHA-224, 32 SHA-256, 48 SHA-384, 64 SHA-512, any
    /// other length SHA-256 (so RFC 6979's published signatures are
    /// reproduced for every hash).
    pub fn sign_deterministic(&self, digest: &[u8]) -> Op<Signature> {
        Op::new(
            RawOp::ecdsa_sign_deterministic(&self.raw, digest),
            take_signature,
            Some(self.raw.clone()),
        )
    }

    /// ECDH with a peer's public key: the x coordinate of `self * peer`.
    pub fn diffie_hellman(&self, peer: &PublicKey) -> Op<SharedSecret> {
        self.diffie_hellman_sec1(&peer.sec1)
    }

    /// ECDH with a peer's SEC1-encoded point (65 bytes uncompressed or 33
    /// compressed), without importing it first: the point is validated while
    /// the `Op` runs, and a bad one fails it with [`Error::BadKey`].
    pub fn diffie_hellman_sec1(&self, peer_sec1: &[u8]) -> Op<SharedSecret> {
        Op::new(
            RawOp::ecdh(&self.raw, peer_sec1),
            take_shared_secret,
            Some(self.raw.clone()),
        )
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey")
            .field("public", &self.public)
            .finish_non_exhaustive()
    }
}

/// Keep a P-256 key; any other key type is a valid request this API cannot
/// serve.
fn p256_only(raw: RawKey) -> Result<RawKey> {
    if raw.key_type()? == nbtls_sys::NBTLS_KEY_P256 {
        Ok(raw)
    } else {
        Err(Error::Unsupported)
    }
}

fn scalar_array(bytes: &[u8]) -> Result<Zeroizing<[u8; PRIVATE_KEY_LEN]>> {
    if bytes.len() != PRIVATE_KEY_LEN {
        return Err(Error::BadKey);
    }
    let mut s = Zeroizing::new([0u8; PRIVATE_KEY_LEN]);
    s.copy_from_slice(bytes);
    Ok(s)
}

fn take_private_key(raw: &mut RawOp) -> Result<PrivateKey> {
    PrivateKey::from_raw(raw.take_key()?)
}

fn take_signature(raw: &mut RawOp) -> Result<Signature> {
    let mut sig = [0u8; SIGNATURE_LEN];
    if raw.result(&mut sig)? != SIGNATURE_LEN {
        return Err(Error::Internal);
    }
    Ok(Signature(sig))
}

pub(crate) fn take_shared_secret(raw: &mut RawOp) -> Result<SharedSecret> {
    let mut s = Zeroizing::new([0u8; SHARED_SECRET_LEN]);
    if raw.result(&mut s[..])? != SHARED_SECRET_LEN {
        return Err(Error::Internal);
    }
    Ok(SharedSecret(s))
}

// ---- Public keys -------------------------------------------------------------

/// A P-256 public key (a validated point on the curve).
///
/// Cheap to clone (an `Arc`), shareable between threads. Equality compares
/// the points.
#[derive(Clone)]
pub struct PublicKey {
    raw: Arc<RawKey>,
    sec1: [u8; PUBLIC_KEY_LEN],
}

impl PublicKey {
    /// Import a SEC1 point: 65 bytes uncompressed (`0x04 || X || Y`) or 33
    /// bytes compressed (`0x02/0x03 || X`). Coordinates must be below p and
    /// the point on the curve; anything else is [`Error::BadKey`].
    pub fn from_sec1(bytes: &[u8]) -> Result<PublicKey> {
        let raw = RawKey::p256_from_public(bytes)?;
        let mut sec1 = [0u8; PUBLIC_KEY_LEN];
        if raw.export_public(&mut sec1)? != PUBLIC_KEY_LEN {
            return Err(Error::Internal);
        }
        Ok(PublicKey {
            raw: Arc::new(raw),
            sec1,
        })
    }

    /// Import a public key from DER `SubjectPublicKeyInfo` (RFC 5480:
    /// id-ecPublicKey, named curve prime256v1). Given a private key
    /// (PKCS#8 or SEC1), its public half is taken. Other algorithms and
    /// curves are [`Error::Unsupported`]; malformed DER and invalid points
    /// are [`Error::BadKey`].
    pub fn from_der(der: &[u8]) -> Result<PublicKey> {
        PublicKey::from_raw_any(p256_only(RawKey::from_der(der)?)?)
    }

    /// Import a public key from PEM text (the first key block: `PUBLIC
    /// KEY`, or a private key's public half). Errors as for
    /// [`from_der`](PublicKey::from_der).
    pub fn from_pem(pem: &str) -> Result<PublicKey> {
        PublicKey::from_raw_any(p256_only(RawKey::from_pem(pem.as_bytes())?)?)
    }

    /// A public-only key for the public half of `raw` (which may hold a
    /// private part: it is dropped, and wiped, right here).
    fn from_raw_any(raw: RawKey) -> Result<PublicKey> {
        let mut sec1 = [0u8; PUBLIC_KEY_LEN];
        if raw.export_public(&mut sec1)? != PUBLIC_KEY_LEN {
            return Err(Error::Internal);
        }
        drop(raw);
        PublicKey::from_sec1(&sec1)
    }

    /// The uncompressed SEC1 encoding, `0x04 || X || Y` (65 bytes).
    pub fn to_sec1(&self) -> [u8; PUBLIC_KEY_LEN] {
        self.sec1
    }

    /// The compressed SEC1 encoding, `0x02/0x03 || X` (33 bytes).
    pub fn to_sec1_compressed(&self) -> [u8; PUBLIC_KEY_COMPRESSED_LEN] {
        let mut out = [0u8; PUBLIC_KEY_COMPRESSED_LEN];
        out[0] = 0x02 | (self.sec1[PUBLIC_KEY_LEN - 1] & 1);
        out[1..].copy_from_slice(&self.sec1[1..1 + 32]);
        out
    }

    /// Verify an ECDSA signature (raw `r || s`, 64 bytes) over `digest`.
    ///
    /// The `Op` finishes with `Ok(())` if the signature is valid and with
    /// [`Error::BadSignature`] if it is not (including r or s outside
    /// `[1, n-1]`). A signature that is not 64 bytes, or an empty digest, is
    /// [`Error::InvalidArg`].
    pub fn verify(&self, digest: &[u8], signature: &[u8]) -> Op<()> {
        Op::new(
            RawOp::ecdsa_verify(&self.raw, digest, signature),
            |_| Ok(()),
            Some(self.raw.clone()),
        )
    }
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &PublicKey) -> bool {
        self.sec1 == other.sec1
    }
}
impl Eq for PublicKey {}

impl core::hash::Hash for PublicKey {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.sec1.hash(state);
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", Hex(&self.sec1))
    }
}

// ---- Signatures and shared secrets --------------------------------------------

/// An ECDSA P-256 signature: `r || s`, 32 bytes each, big endian.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Signature([u8; SIGNATURE_LEN]);

impl Signature {
    /// A signature from its 64-byte `r || s` encoding (not validated: a bad
    /// one simply fails verification). Other lengths are
    /// [`Error::InvalidArg`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Signature> {
        let arr: [u8; SIGNATURE_LEN] = bytes.try_into().map_err(|_| Error::InvalidArg)?;
        Ok(Signature(arr))
    }

    /// The 64-byte `r || s` encoding.
    pub fn to_bytes(&self) -> [u8; SIGNATURE_LEN] {
        self.0
    }

    /// The 32-byte big-endian `r`.
    pub fn r(&self) -> &[u8] {
        &self.0[..32]
    }

    /// The 32-byte big-endian `s`.
    pub fn s(&self) -> &[u8] {
        &self.0[32..]
    }
}

impl AsRef<[u8]> for Signature {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature({})", Hex(&self.0))
    }
}

/// A key-agreement shared secret, 32 bytes (P-256 ECDH: the x coordinate of
/// the shared point; X25519: the shared u coordinate), wiped when dropped.
/// `Debug` does not print it.
pub struct SharedSecret(Zeroizing<[u8; SHARED_SECRET_LEN]>);

impl SharedSecret {
    /// The secret bytes. Feed them to a key derivation function; do not use
    /// them as a key directly.
    pub fn as_bytes(&self) -> &[u8; SHARED_SECRET_LEN] {
        &self.0
    }
}

impl AsRef<[u8]> for SharedSecret {
    fn as_ref(&self) -> &[u8] {
        &self.0[..]
    }
}

impl fmt::Debug for SharedSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SharedSecret(..)")
    }
}

pub(crate) struct Hex<'a>(pub(crate) &'a [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

//! X25519 key agreement (RFC 7748), restartable.
//!
//! Keys and the shared secret are 32 little-endian bytes. Key generation
//! and the agreement itself are [`Op`]s (273 work units each); importing a
//! private key computes its public key right away (tens of µs on a desktop).

use core::fmt;
use std::sync::Arc;

use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::ffi::{RawKey, RawOp};
use crate::op::Op;
use crate::secret::{take_shared_secret, Hex, SharedSecret};

/// Length of private keys, public keys and shared secrets, in bytes.
pub const KEY_LEN: usize = nbtls_sys::NBTLS_X25519_KEY_LEN;

/// An X25519 private key (with its public key). Cheap to clone (an `Arc`),
/// shareable between threads; wiped by the C library when the last clone is
/// dropped. `Debug` never prints it.
#[derive(Clone)]
pub struct PrivateKey {
    raw: Arc<RawKey>,
    public: PublicKey,
}

impl PrivateKey {
    /// Generate a key pair with the operating system's random generator.
    pub fn generate() -> Op<PrivateKey> {
        Op::new(
            RawOp::x25519_keygen(),
            |raw| PrivateKey::from_raw(raw.take_key()?),
            None,
        )
    }

    /// Import a private key: any 32 bytes (RFC 7748 section 5; clamping is
    /// applied when the key is used, the bytes are kept as given). Other
    /// lengths are [`Error::BadKey`].
    pub fn from_bytes(bytes: &[u8]) -> Result<PrivateKey> {
        if bytes.len() != KEY_LEN {
            return Err(Error::BadKey);
        }
        let mut k = Zeroizing::new([0u8; KEY_LEN]);
        k.copy_from_slice(bytes);
        PrivateKey::from_raw(RawKey::x25519_from_private(&k)?)
    }

    /// Import a private key from DER PKCS#8 (RFC 8410). A key of another
    /// algorithm is [`Error::Unsupported`]; a public key or malformed DER is
    /// [`Error::BadKey`].
    pub fn from_der(der: &[u8]) -> Result<PrivateKey> {
        PrivateKey::from_raw(x25519_only(RawKey::from_der(der)?)?)
    }

    /// Import a private key from PEM (`PRIVATE KEY`). Errors as for
    /// [`from_der`](PrivateKey::from_der).
    pub fn from_pem(pem: &str) -> Result<PrivateKey> {
        PrivateKey::from_raw(x25519_only(RawKey::from_pem(pem.as_bytes())?)?)
    }

    fn from_raw(raw: RawKey) -> Result<PrivateKey> {
        if raw.key_type()? != nbtls_sys::NBTLS_KEY_X25519 || !raw.has_private()? {
            return Err(Error::BadKey);
        }
        let mut u = [0u8; KEY_LEN];
        if raw.export_public(&mut u)? != KEY_LEN {
            return Err(Error::Internal);
        }
        Ok(PrivateKey {
            raw: Arc::new(raw),
            public: PublicKey::from_bytes(&u)?,
        })
    }

    /// The 32 private bytes, as imported or generated, in a buffer wiped on
    /// drop.
    pub fn to_bytes(&self) -> Zeroizing<[u8; KEY_LEN]> {
        let mut out = Zeroizing::new([0u8; KEY_LEN]);
        let n = self
            .raw
            .export_private(&mut out[..])
            // A PrivateKey always has its private part (checked when it was
            // made) and the buffer has the documented size.
            .expect("nbtls_key_export_private failed on a private key");
        assert_eq!(n, KEY_LEN, "nbtls: X25519 private key length");
        out
    }

    /// The public key of this private key.
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// X25519(self, peer). An all-zero result (the peer sent a small-order
    /// point, RFC 7748 section 6.1) fails the `Op` with [`Error::BadKey`].
    pub fn diffie_hellman(&self, peer: &PublicKey) -> Op<SharedSecret> {
        Op::new(
            RawOp::ecdh(&self.raw, &peer.u),
            take_shared_secret,
            Some(self.raw.clone()),
        )
    }
}

/// Keep an X25519 key; any other key type is a valid request this API
/// cannot serve.
fn x25519_only(raw: RawKey) -> Result<RawKey> {
    if raw.key_type()? == nbtls_sys::NBTLS_KEY_X25519 {
        Ok(raw)
    } else {
        Err(Error::Unsupported)
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey")
            .field("public", &self.public)
            .finish_non_exhaustive()
    }
}

/// An X25519 public key: a 32-byte little-endian u coordinate. As RFC 7748
/// requires, the top bit is ignored (cleared) and non-canonical values are
/// accepted; small-order points are accepted here and rejected by
/// [`PrivateKey::diffie_hellman`].
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PublicKey {
    u: [u8; KEY_LEN],
}

impl PublicKey {
    /// Import a 32-byte u coordinate; other lengths are [`Error::BadKey`].
    pub fn from_bytes(bytes: &[u8]) -> Result<PublicKey> {
        let u: [u8; KEY_LEN] = bytes.try_into().map_err(|_| Error::BadKey)?;
        // Through the C import, so the encoding rules are the core's.
        let raw = RawKey::x25519_from_public(&u)?;
        let mut out = [0u8; KEY_LEN];
        if raw.export_public(&mut out)? != KEY_LEN {
            return Err(Error::Internal);
        }
        Ok(PublicKey { u: out })
    }

    /// The 32-byte u coordinate (top bit clear).
    pub fn to_bytes(&self) -> [u8; KEY_LEN] {
        self.u
    }
}

impl AsRef<[u8]> for PublicKey {
    fn as_ref(&self) -> &[u8] {
        &self.u
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "x25519::PublicKey({})", Hex(&self.u))
    }
}

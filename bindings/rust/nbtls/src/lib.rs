//! Safe, async Rust bindings to **nbtls**, a portable C crypto/TLS core whose
//! every expensive operation is restartable.
//!
//! A P-256 signature costs tens of microseconds on a server and about a
//! second on a small board; with nbtls it never blocks an event loop. Every
//! expensive operation is an [`Op<T>`], a [`Future`](core::future::Future)
//! whose `poll` runs one bounded slice of the C operation (about
//! [`DEFAULT_SLICE_US`] microseconds of work units by the C library's
//! estimate, unless set with [`Op::slice_us`] or [`Op::budget`]) and yields to
//! the executor until done. Await it on any executor (tokio, async-std,
//! smol, ...) or block on it with [`Op::wait`]. Dropping an `Op` cancels the
//! operation and wipes its secrets.
//!
//! Algorithms: [`p256`] and [`p384`] (ECDSA, ECDH; keys from bytes, SEC1,
//! PEM, DER), [`x25519`] (RFC 7748 key agreement), [`rsa`] (signature
//! verification, PKCS#1 v1.5 and PSS) and [`scheme`] (sign and verify
//! messages with TLS 1.3 signature schemes, DER ECDSA). [`x509`]: certificates,
//! trust stores and restartable certificate path validation.
//!
//! The C core is compiled from source by the `nbtls-sys` crate (or, with the
//! feature `system`, an installed `libnbtls` is linked).
//!
//! # Example
//!
//! ```
//! use nbtls::p256::{PrivateKey, PublicKey};
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> Result<(), nbtls::Error> {
//!     let alice = PrivateKey::generate().await?;
//!     let digest = [0x5a_u8; 32]; // the SHA-256 of your message
//!
//!     // Sign without blocking the runtime: other tasks run between slices.
//!     let sig = alice.sign(&digest).await?;
//!     alice.public_key().verify(&digest, sig.as_ref()).await?;
//!
//!     // A tampered digest does not verify.
//!     let err = alice.public_key().verify(&[0xa5; 32], sig.as_ref()).await;
//!     assert_eq!(err, Err(nbtls::Error::BadSignature));
//!
//!     // ECDH: both sides get the same secret.
//!     let bob = PrivateKey::generate().await?;
//!     let s1 = alice.diffie_hellman(bob.public_key()).await?;
//!     let s2 = bob.diffie_hellman(alice.public_key()).await?;
//!     assert_eq!(s1.as_bytes(), s2.as_bytes());
//!
//!     // Keys travel as bytes.
//!     let pk = PublicKey::from_sec1(&alice.public_key().to_sec1())?;
//!     assert_eq!(&pk, alice.public_key());
//!     Ok(())
//! }
//! ```
//!
//! Outside async code, block on an operation:
//!
//! ```
//! let key = nbtls::p256::PrivateKey::generate().wait()?;
//! let sig = key.sign_deterministic(&[1u8; 32]).wait()?;
//! assert_eq!(sig, key.sign_deterministic(&[1u8; 32]).wait()?);
//! # Ok::<(), nbtls::Error>(())
//! ```

#![deny(unsafe_code)]
#![warn(missing_docs)]

mod ec;
mod error;
mod ffi;
mod op;
pub mod p256;
pub mod p384;
pub mod rsa;
pub mod scheme;
mod secret;
pub mod x25519;
pub mod x509;

pub use error::{Error, Result};
pub use op::{Op, DEFAULT_SLICE_US};
pub use secret::SharedSecret;

/// The C library's version, `"MAJOR.MINOR.PATCH"`.
pub fn version() -> &'static str {
    ffi::version()
}

/// The C library's version as `0xMMmmpp` (major, minor, patch).
pub fn version_number() -> u32 {
    ffi::version_number()
}

/// The number of C operation objects alive right now in this process: ops
/// started and not yet freed (an [`Op`] frees its C object when it finishes
/// or is dropped). A diagnostic, e.g. to check that cancelled operations
/// leave nothing behind.
pub fn live_ops() -> usize {
    ffi::live_ops()
}

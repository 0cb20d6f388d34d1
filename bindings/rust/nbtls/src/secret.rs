//! Key-agreement secrets, and hex for `Debug`.

use core::fmt;

use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::ffi::RawOp;

/// A key-agreement shared secret of `N` bytes, wiped when dropped: 32 for
/// P-256 ECDH (the x coordinate of the shared point) and X25519 (the shared
/// u coordinate), 48 for P-384 ECDH (so
/// [`p384::SharedSecret`](crate::p384::SharedSecret) is a
/// `SharedSecret<48>`). `Debug` does not print it.
pub struct SharedSecret<const N: usize = 32>(Zeroizing<[u8; N]>);

impl<const N: usize> SharedSecret<N> {
    /// The secret bytes. Feed them to a key derivation function; do not use
    /// them as a key directly.
    pub fn as_bytes(&self) -> &[u8; N] {
        &self.0
    }
}

impl<const N: usize> AsRef<[u8]> for SharedSecret<N> {
    fn as_ref(&self) -> &[u8] {
        &self.0[..]
    }
}

impl<const N: usize> fmt::Debug for SharedSecret<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SharedSecret(..)")
    }
}

/// The result of a finished ECDH / X25519 op: exactly `N` bytes (any other
/// length is [`Error::Internal`]).
pub(crate) fn take_shared_secret<const N: usize>(raw: &mut RawOp) -> Result<SharedSecret<N>> {
    let mut s = Zeroizing::new([0u8; N]);
    if raw.result(&mut s[..])? != N {
        return Err(Error::Internal);
    }
    Ok(SharedSecret(s))
}

/// Lower-case hex, for `Debug` output.
pub(crate) struct Hex<'a>(pub(crate) &'a [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

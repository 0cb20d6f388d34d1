//! The error type: one variant per C error code, and the one function that
//! maps a C status to a `Result`.

use core::fmt;

use nbtls_sys as sys;

/// `Result<T, nbtls::Error>`.
pub type Result<T> = core::result::Result<T, Error>;

/// An nbtls error: the C core's `NBTLS_E_*` codes, one variant each.
///
/// The numbers are the C ABI's and never change ([`Error::code`]). `Display`
/// gives the C library's own description (`nbtls_strerror`) followed by the
/// constant's name and number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    /// `NBTLS_E_INVALID_ARG`: a bad length or argument (e.g. an empty digest,
    /// a raw ECDSA signature that is not 64 bytes for P-256 or 96 for P-384).
    InvalidArg,
    /// `NBTLS_E_NO_MEMORY`: the allocator failed.
    NoMemory,
    /// `NBTLS_E_BAD_STATE`: the call is not valid in the object's state
    /// (e.g. an [`Op`](crate::Op) polled again after it completed).
    BadState,
    /// `NBTLS_E_BUFFER_TOO_SMALL`: an output buffer was too small.
    BufferTooSmall,
    /// `NBTLS_E_BAD_KEY`: a malformed or invalid key or point (wrong length,
    /// scalar out of range, point not on the curve, ...), or a key that does
    /// not fit the request (a signature scheme of another algorithm or
    /// curve, signing without a private key).
    BadKey,
    /// `NBTLS_E_BAD_SIGNATURE`: the signature does not verify.
    BadSignature,
    /// `NBTLS_E_RNG`: the random generator failed.
    Rng,
    /// `NBTLS_E_UNSUPPORTED`: a valid request this build cannot do.
    Unsupported,
    /// `NBTLS_E_DECRYPT`: AEAD authentication failed.
    Decrypt,
    /// `NBTLS_E_INTERNAL`: an internal consistency check failed (a fault?).
    Internal,
    /// `NBTLS_E_CERTIFICATE`: a certificate that does not parse (`detail`
    /// [`Detail::Malformed`](crate::x509::Detail::Malformed)), or a chain
    /// that [`x509::verify`](crate::x509::verify) rejected, with the C
    /// library's reason (`nbtls_op_x509_error`).
    Certificate {
        /// Why (`NBTLS_X509_ERR_*`).
        detail: crate::x509::Detail,
    },
    /// A code this version of the crate does not know, or a status the
    /// operation should never return (e.g. `NBTLS_WAIT_EXTERNAL` from a
    /// P-256 operation).
    Unknown(i32),
}

impl Error {
    /// The error for a C status code. Codes that are not errors (>= 0) and
    /// unknown negative codes give [`Error::Unknown`].
    pub fn from_code(code: i32) -> Error {
        match code {
            sys::NBTLS_E_INVALID_ARG => Error::InvalidArg,
            sys::NBTLS_E_NO_MEMORY => Error::NoMemory,
            sys::NBTLS_E_BAD_STATE => Error::BadState,
            sys::NBTLS_E_BUFFER_TOO_SMALL => Error::BufferTooSmall,
            sys::NBTLS_E_BAD_KEY => Error::BadKey,
            sys::NBTLS_E_BAD_SIGNATURE => Error::BadSignature,
            sys::NBTLS_E_RNG => Error::Rng,
            sys::NBTLS_E_UNSUPPORTED => Error::Unsupported,
            sys::NBTLS_E_DECRYPT => Error::Decrypt,
            sys::NBTLS_E_INTERNAL => Error::Internal,
            sys::NBTLS_E_CERTIFICATE => Error::Certificate {
                detail: crate::x509::Detail::Malformed,
            },
            other => Error::Unknown(other),
        }
    }

    /// The C status code (`NBTLS_E_*`, negative) of this error.
    pub fn code(&self) -> i32 {
        match *self {
            Error::InvalidArg => sys::NBTLS_E_INVALID_ARG,
            Error::NoMemory => sys::NBTLS_E_NO_MEMORY,
            Error::BadState => sys::NBTLS_E_BAD_STATE,
            Error::BufferTooSmall => sys::NBTLS_E_BUFFER_TOO_SMALL,
            Error::BadKey => sys::NBTLS_E_BAD_KEY,
            Error::BadSignature => sys::NBTLS_E_BAD_SIGNATURE,
            Error::Rng => sys::NBTLS_E_RNG,
            Error::Unsupported => sys::NBTLS_E_UNSUPPORTED,
            Error::Decrypt => sys::NBTLS_E_DECRYPT,
            Error::Internal => sys::NBTLS_E_INTERNAL,
            Error::Certificate { .. } => sys::NBTLS_E_CERTIFICATE,
            Error::Unknown(c) => c,
        }
    }

    /// The name of the C constant, e.g. `"NBTLS_E_BAD_KEY"`.
    pub fn name(&self) -> &'static str {
        match self {
            Error::InvalidArg => "NBTLS_E_INVALID_ARG",
            Error::NoMemory => "NBTLS_E_NO_MEMORY",
            Error::BadState => "NBTLS_E_BAD_STATE",
            Error::BufferTooSmall => "NBTLS_E_BUFFER_TOO_SMALL",
            Error::BadKey => "NBTLS_E_BAD_KEY",
            Error::BadSignature => "NBTLS_E_BAD_SIGNATURE",
            Error::Rng => "NBTLS_E_RNG",
            Error::Unsupported => "NBTLS_E_UNSUPPORTED",
            Error::Decrypt => "NBTLS_E_DECRYPT",
            Error::Internal => "NBTLS_E_INTERNAL",
            Error::Certificate { .. } => "NBTLS_E_CERTIFICATE",
            Error::Unknown(_) => "unknown status",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "nbtls: {} ({} = {})",
            crate::ffi::strerror(self.code()),
            self.name(),
            self.code()
        )?;
        if let Error::Certificate { detail } = self {
            write!(f, ": {}: {}", detail.name(), detail.description())?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// THE mapping from a C status to a `Result`: negative codes are errors,
/// anything else (`NBTLS_DONE`, `NBTLS_IN_PROGRESS`, ...) is returned as is.
/// Every C call in this crate goes through here.
pub(crate) fn into_result(rc: i32) -> Result<i32> {
    if rc < 0 {
        Err(Error::from_code(rc))
    } else {
        Ok(rc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for code in -11..=-1 {
            let e = Error::from_code(code);
            assert!(!matches!(e, Error::Unknown(_)), "code {code}");
            assert_eq!(e.code(), code);
            assert_eq!(into_result(code), Err(e));
        }
        assert_eq!(Error::from_code(-99), Error::Unknown(-99));
        assert_eq!(Error::Unknown(-99).code(), -99);
        assert_eq!(into_result(0), Ok(0));
        assert_eq!(into_result(1), Ok(1));
    }

    #[test]
    fn display_uses_the_c_description() {
        let s = Error::BadSignature.to_string();
        assert!(s.contains("bad signature"), "{s}");
        assert!(s.contains("NBTLS_E_BAD_SIGNATURE = -6"), "{s}");
        let s = Error::Certificate {
            detail: crate::x509::Detail::Expired,
        }
        .to_string();
        assert!(s.contains("(NBTLS_E_CERTIFICATE = -11): expired: "), "{s}");
        let s = Error::Unknown(-1234).to_string();
        assert!(s.contains("unknown error"), "{s}");
    }

    #[test]
    fn error_is_send_sync_static() {
        fn check<E: std::error::Error + Send + Sync + 'static>() {}
        check::<Error>();
    }
}

//! The only module with `unsafe` code: owning wrappers around the C handles
//! and one safe function per C call. Everything else in the crate is built
//! on these and is `#![deny(unsafe_code)]`.
//!
//! Invariants kept here:
//! - a `RawKey` / `RawOp` always holds a non-null handle obtained from the C
//!   library and not freed yet; `Drop` frees it exactly once;
//! - every buffer handed to C is a Rust slice whose pointer and length go
//!   together, so C never reads or writes out of bounds;
//! - every C status goes through [`into_result`] (the one mapping).

#![allow(unsafe_code)]
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::CStr;
use core::ptr::{self, NonNull};
use core::sync::atomic::{AtomicUsize, Ordering};

use nbtls_sys as sys;

use crate::error::{into_result, Error, Result};

/// How many `RawOp`s exist right now (see [`crate::live_ops`]).
static LIVE_OPS: AtomicUsize = AtomicUsize::new(0);

pub(crate) fn live_ops() -> usize {
    LIVE_OPS.load(Ordering::SeqCst)
}

fn static_str(p: *const core::ffi::c_char) -> &'static str {
    if p.is_null() {
        return "";
    }
    // SAFETY: the C library documents these strings as NUL-terminated,
    // in static storage and never NULL (checked above anyway); they are
    // plain ASCII, and `to_str` checks UTF-8 regardless.
    let s = unsafe { CStr::from_ptr(p) };
    s.to_str().unwrap_or("")
}

/// `nbtls_version()`.
pub(crate) fn version() -> &'static str {
    // SAFETY: no arguments; returns a pointer to a static string.
    static_str(unsafe { sys::nbtls_version() })
}

/// `nbtls_version_number()`.
pub(crate) fn version_number() -> u32 {
    // SAFETY: no arguments, no side effects.
    unsafe { sys::nbtls_version_number() }
}

/// `nbtls_sig_name()`: the IANA name of a TLS SignatureScheme code point.
pub(crate) fn sig_name(code: u16) -> Option<&'static str> {
    // SAFETY: the call takes a plain integer and returns NULL or a pointer
    // to a static NUL-terminated string.
    let p = unsafe { sys::nbtls_sig_name(code) };
    if p.is_null() {
        None
    } else {
        Some(static_str(p))
    }
}

/// `nbtls_sig_supported()` (the tests check the enum against it).
#[cfg(test)]
pub(crate) fn sig_supported(code: u16) -> bool {
    // SAFETY: the call takes a plain integer and reads only static tables.
    unsafe { sys::nbtls_sig_supported(code) == 1 }
}

/// `nbtls_strerror()`.
pub(crate) fn strerror(code: i32) -> &'static str {
    // SAFETY: any int is accepted; returns a pointer to a static string.
    static_str(unsafe { sys::nbtls_strerror(code) })
}

// ---- Keys -------------------------------------------------------------------

/// An owned `nbtls_key *`.
pub(crate) struct RawKey(NonNull<sys::nbtls_key>);

// SAFETY: the C header states that keys are immutable after creation and may
// be shared between threads; `RawKey` only exposes `&self` reads (exports,
// starting ops that read the key) and frees in `Drop` (exclusive access).
unsafe impl Send for RawKey {}
// SAFETY: as above: concurrent `&RawKey` use only reads the immutable key.
unsafe impl Sync for RawKey {}

impl Drop for RawKey {
    fn drop(&mut self) {
        // SAFETY: the handle came from the C library, is non-null and is
        // freed exactly once, here. nbtls_key_free wipes the secrets.
        unsafe { sys::nbtls_key_free(self.0.as_ptr()) }
    }
}

/// Turn the out-pointer filled by a C constructor into an owner.
fn own<T>(rc: i32, p: *mut T) -> Result<NonNull<T>> {
    into_result(rc)?;
    NonNull::new(p).ok_or(Error::Internal)
}

impl RawKey {
    /// `nbtls_key_p256_from_private()`.
    pub(crate) fn p256_from_private(scalar: &[u8; 32]) -> Result<RawKey> {
        let mut key: *mut sys::nbtls_key = ptr::null_mut();
        // SAFETY: `key` is a valid out-pointer; `scalar` points at exactly
        // the 32 bytes the function reads.
        let rc = unsafe { sys::nbtls_key_p256_from_private(&mut key, scalar.as_ptr()) };
        own(rc, key).map(RawKey)
    }

    /// `nbtls_key_p256_from_public()`.
    pub(crate) fn p256_from_public(sec1: &[u8]) -> Result<RawKey> {
        let mut key: *mut sys::nbtls_key = ptr::null_mut();
        // SAFETY: `key` is a valid out-pointer; `sec1` is a live slice and
        // its exact length is passed with it.
        let rc = unsafe { sys::nbtls_key_p256_from_public(&mut key, sec1.as_ptr(), sec1.len()) };
        own(rc, key).map(RawKey)
    }

    /// `nbtls_key_p384_from_private()`.
    pub(crate) fn p384_from_private(scalar: &[u8; 48]) -> Result<RawKey> {
        let mut key: *mut sys::nbtls_key = ptr::null_mut();
        // SAFETY: `key` is a valid out-pointer; `scalar` points at exactly
        // the 48 bytes the function reads.
        let rc = unsafe { sys::nbtls_key_p384_from_private(&mut key, scalar.as_ptr()) };
        own(rc, key).map(RawKey)
    }

    /// `nbtls_key_p384_from_public()`.
    pub(crate) fn p384_from_public(sec1: &[u8]) -> Result<RawKey> {
        let mut key: *mut sys::nbtls_key = ptr::null_mut();
        // SAFETY: `key` is a valid out-pointer; `sec1` is a live slice and
        // its exact length is passed with it.
        let rc = unsafe { sys::nbtls_key_p384_from_public(&mut key, sec1.as_ptr(), sec1.len()) };
        own(rc, key).map(RawKey)
    }

    /// `nbtls_key_x25519_from_private()`.
    pub(crate) fn x25519_from_private(k: &[u8; 32]) -> Result<RawKey> {
        let mut key: *mut sys::nbtls_key = ptr::null_mut();
        // SAFETY: `key` is a valid out-pointer; `k` is 32 readable bytes.
        let rc = unsafe { sys::nbtls_key_x25519_from_private(&mut key, k.as_ptr()) };
        own(rc, key).map(RawKey)
    }

    /// `nbtls_key_x25519_from_public()`.
    pub(crate) fn x25519_from_public(u: &[u8; 32]) -> Result<RawKey> {
        let mut key: *mut sys::nbtls_key = ptr::null_mut();
        // SAFETY: `key` is a valid out-pointer; `u` is 32 readable bytes.
        let rc = unsafe { sys::nbtls_key_x25519_from_public(&mut key, u.as_ptr()) };
        own(rc, key).map(RawKey)
    }

    /// `nbtls_key_from_der()`: SubjectPublicKeyInfo, PKCS#8 or SEC1.
    pub(crate) fn from_der(der: &[u8]) -> Result<RawKey> {
        let mut key: *mut sys::nbtls_key = ptr::null_mut();
        // SAFETY: `key` is a valid out-pointer; `der` is a live slice passed
        // with its exact length.
        let rc = unsafe { sys::nbtls_key_from_der(&mut key, der.as_ptr(), der.len()) };
        own(rc, key).map(RawKey)
    }

    /// `nbtls_key_from_pem()`: the first key block of `pem`.
    pub(crate) fn from_pem(pem: &[u8]) -> Result<RawKey> {
        let mut key: *mut sys::nbtls_key = ptr::null_mut();
        // SAFETY: `key` is a valid out-pointer; `pem` is a live slice passed
        // with its exact length (the function needs no NUL terminator).
        let rc = unsafe { sys::nbtls_key_from_pem(&mut key, pem.as_ptr().cast(), pem.len()) };
        own(rc, key).map(RawKey)
    }

    /// `nbtls_key_type()`.
    pub(crate) fn key_type(&self) -> Result<i32> {
        // SAFETY: `self.0` is a live key.
        into_result(unsafe { sys::nbtls_key_type(self.0.as_ptr()) })
    }

    /// `nbtls_key_bits()`: the key size in bits (the RSA modulus length).
    pub(crate) fn bits(&self) -> Result<usize> {
        // SAFETY: `self.0` is a live key.
        into_result(unsafe { sys::nbtls_key_bits(self.0.as_ptr()) }).map(|b| b as usize)
    }

    /// `nbtls_key_export_private()`: the number of bytes written to `out`.
    pub(crate) fn export_private(&self, out: &mut [u8]) -> Result<usize> {
        let mut len = 0usize;
        // SAFETY: `self.0` is a live key; `out` is writable for `out.len()`
        // bytes, the size passed; `len` is a valid out-pointer.
        let rc = unsafe {
            sys::nbtls_key_export_private(self.0.as_ptr(), out.as_mut_ptr(), out.len(), &mut len)
        };
        into_result(rc)?;
        Ok(len.min(out.len()))
    }

    /// `nbtls_key_export_public()`: the number of bytes written to `out`.
    pub(crate) fn export_public(&self, out: &mut [u8]) -> Result<usize> {
        let mut len = 0usize;
        // SAFETY: as for export_private.
        let rc = unsafe {
            sys::nbtls_key_export_public(self.0.as_ptr(), out.as_mut_ptr(), out.len(), &mut len)
        };
        into_result(rc)?;
        Ok(len.min(out.len()))
    }

    /// `nbtls_key_has_private()`.
    pub(crate) fn has_private(&self) -> Result<bool> {
        // SAFETY: `self.0` is a live key.
        let rc = unsafe { sys::nbtls_key_has_private(self.0.as_ptr()) };
        Ok(into_result(rc)? == 1)
    }
}

// ---- Operations ---------------------------------------------------------------

/// An owned `nbtls_op *`.
pub(crate) struct RawOp(NonNull<sys::nbtls_op>);

// SAFETY: an op is one heap object owned by this value; the C header allows
// using it from any thread as long as one thread at a time does, which
// `&mut self` on every mutating method guarantees. It is not `Sync`.
unsafe impl Send for RawOp {}

impl Drop for RawOp {
    fn drop(&mut self) {
        // SAFETY: the handle came from a *_start function, is non-null and is
        // freed exactly once, here. nbtls_op_free cancels an unfinished op
        // and wipes every secret it held.
        unsafe { sys::nbtls_op_free(self.0.as_ptr()) }
        LIVE_OPS.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Finish a *_start call: the status and the op it produced.
fn started(rc: i32, op: *mut sys::nbtls_op) -> Result<RawOp> {
    let op = own(rc, op)?;
    LIVE_OPS.fetch_add(1, Ordering::SeqCst);
    Ok(RawOp(op))
}

impl RawOp {
    /// `nbtls_p256_keygen_start()` with the operating system's generator.
    pub(crate) fn p256_keygen() -> Result<RawOp> {
        let mut op: *mut sys::nbtls_op = ptr::null_mut();
        // SAFETY: `op` is a valid out-pointer; a NULL rng means the OS
        // generator, and its context is then unused.
        let rc = unsafe { sys::nbtls_p256_keygen_start(&mut op, None, ptr::null_mut()) };
        started(rc, op)
    }

    /// `nbtls_p384_keygen_start()` with the operating system's generator.
    pub(crate) fn p384_keygen() -> Result<RawOp> {
        let mut op: *mut sys::nbtls_op = ptr::null_mut();
        // SAFETY: `op` is a valid out-pointer; a NULL rng means the OS
        // generator, and its context is then unused.
        let rc = unsafe { sys::nbtls_p384_keygen_start(&mut op, None, ptr::null_mut()) };
        started(rc, op)
    }

    /// `nbtls_x25519_keygen_start()` with the operating system's generator.
    pub(crate) fn x25519_keygen() -> Result<RawOp> {
        let mut op: *mut sys::nbtls_op = ptr::null_mut();
        // SAFETY: `op` is a valid out-pointer; a NULL rng means the OS
        // generator, and its context is then unused.
        let rc = unsafe { sys::nbtls_x25519_keygen_start(&mut op, None, ptr::null_mut()) };
        started(rc, op)
    }

    /// `nbtls_p256_key_from_private_start()`.
    pub(crate) fn p256_key_from_private(scalar: &[u8; 32]) -> Result<RawOp> {
        let mut op: *mut sys::nbtls_op = ptr::null_mut();
        // SAFETY: `op` is a valid out-pointer; `scalar` is 32 readable bytes,
        // copied by the start function.
        let rc = unsafe { sys::nbtls_p256_key_from_private_start(&mut op, scalar.as_ptr()) };
        started(rc, op)
    }

    /// `nbtls_p384_key_from_private_start()`.
    pub(crate) fn p384_key_from_private(scalar: &[u8; 48]) -> Result<RawOp> {
        let mut op: *mut sys::nbtls_op = ptr::null_mut();
        // SAFETY: `op` is a valid out-pointer; `scalar` is 48 readable bytes,
        // copied by the start function.
        let rc = unsafe { sys::nbtls_p384_key_from_private_start(&mut op, scalar.as_ptr()) };
        started(rc, op)
    }

    /// `nbtls_ecdh_start()`.
    pub(crate) fn ecdh(key: &RawKey, peer: &[u8]) -> Result<RawOp> {
        let mut op: *mut sys::nbtls_op = ptr::null_mut();
        // SAFETY: `op` is a valid out-pointer, `key` a live key, `peer` a
        // live slice passed with its length; the start function copies what
        // it needs (the caller keeps `key` alive for the op's life anyway).
        let rc =
            unsafe { sys::nbtls_ecdh_start(&mut op, key.0.as_ptr(), peer.as_ptr(), peer.len()) };
        started(rc, op)
    }

    /// `nbtls_ecdsa_sign_start()` with the operating system's generator.
    pub(crate) fn ecdsa_sign(key: &RawKey, digest: &[u8]) -> Result<RawOp> {
        let mut op: *mut sys::nbtls_op = ptr::null_mut();
        // SAFETY: as for ecdh; NULL rng means the OS generator.
        let rc = unsafe {
            sys::nbtls_ecdsa_sign_start(
                &mut op,
                key.0.as_ptr(),
                digest.as_ptr(),
                digest.len(),
                None,
                ptr::null_mut(),
            )
        };
        started(rc, op)
    }

    /// `nbtls_ecdsa_sign_deterministic_start()`.
    pub(crate) fn ecdsa_sign_deterministic(key: &RawKey, digest: &[u8]) -> Result<RawOp> {
        let mut op: *mut sys::nbtls_op = ptr::null_mut();
        // SAFETY: as for ecdh.
        let rc = unsafe {
            sys::nbtls_ecdsa_sign_deterministic_start(
                &mut op,
                key.0.as_ptr(),
                digest.as_ptr(),
                digest.len(),
            )
        };
        started(rc, op)
    }

    /// `nbtls_ecdsa_verify_start()`.
    pub(crate) fn ecdsa_verify(key: &RawKey, digest: &[u8], sig: &[u8]) -> Result<RawOp> {
        let mut op: *mut sys::nbtls_op = ptr::null_mut();
        // SAFETY: as for ecdh; both slices are passed with their lengths.
        let rc = unsafe {
            sys::nbtls_ecdsa_verify_start(
                &mut op,
                key.0.as_ptr(),
                digest.as_ptr(),
                digest.len(),
                sig.as_ptr(),
                sig.len(),
            )
        };
        started(rc, op)
    }

    /// `nbtls_rsa_verify_start()`: `padding` is `NBTLS_RSA_*`, `hash_alg`
    /// `NBTLS_SHA*`.
    pub(crate) fn rsa_verify(
        key: &RawKey,
        padding: i32,
        hash_alg: i32,
        digest: &[u8],
        sig: &[u8],
    ) -> Result<RawOp> {
        let mut op: *mut sys::nbtls_op = ptr::null_mut();
        // SAFETY: as for ecdh; both slices are passed with their lengths and
        // copied by the start function; the ids are plain ints it checks.
        let rc = unsafe {
            sys::nbtls_rsa_verify_start(
                &mut op,
                key.0.as_ptr(),
                padding,
                hash_alg,
                digest.as_ptr(),
                digest.len(),
                sig.as_ptr(),
                sig.len(),
            )
        };
        started(rc, op)
    }

    /// `nbtls_sign_start()` (a TLS SignatureScheme code) with the operating
    /// system's generator.
    pub(crate) fn sign(key: &RawKey, scheme: u16, msg: &[u8]) -> Result<RawOp> {
        let mut op: *mut sys::nbtls_op = ptr::null_mut();
        // SAFETY: as for ecdh; `msg` is passed with its length (and copied);
        // NULL rng means the OS generator.
        let rc = unsafe {
            sys::nbtls_sign_start(
                &mut op,
                key.0.as_ptr(),
                scheme,
                msg.as_ptr(),
                msg.len(),
                None,
                ptr::null_mut(),
            )
        };
        started(rc, op)
    }

    /// `nbtls_verify_start()` (a TLS SignatureScheme code).
    pub(crate) fn verify(key: &RawKey, scheme: u16, msg: &[u8], sig: &[u8]) -> Result<RawOp> {
        let mut op: *mut sys::nbtls_op = ptr::null_mut();
        // SAFETY: as for ecdh; both slices are passed with their lengths
        // (and copied by the start function).
        let rc = unsafe {
            sys::nbtls_verify_start(
                &mut op,
                key.0.as_ptr(),
                scheme,
                msg.as_ptr(),
                msg.len(),
                sig.as_ptr(),
                sig.len(),
            )
        };
        started(rc, op)
    }

    /// `nbtls_op_poll()`: `Ok(NBTLS_DONE)`, `Ok(NBTLS_IN_PROGRESS)` (or
    /// another non-negative status), or the error that ended the op.
    pub(crate) fn poll(&mut self, budget: u32) -> Result<i32> {
        // SAFETY: `self.0` is a live op, used by this thread only (&mut).
        into_result(unsafe { sys::nbtls_op_poll(self.0.as_ptr(), budget) })
    }

    /// `nbtls_op_result()`: the number of bytes written to `out`.
    pub(crate) fn result(&self, out: &mut [u8]) -> Result<usize> {
        let mut len = 0usize;
        // SAFETY: `self.0` is a live op; `out` is writable for `out.len()`
        // bytes, the size passed; `len` is a valid out-pointer.
        let rc =
            unsafe { sys::nbtls_op_result(self.0.as_ptr(), out.as_mut_ptr(), out.len(), &mut len) };
        into_result(rc)?;
        Ok(len.min(out.len()))
    }

    /// `nbtls_op_take_key()`.
    pub(crate) fn take_key(&mut self) -> Result<RawKey> {
        let mut key: *mut sys::nbtls_key = ptr::null_mut();
        // SAFETY: `self.0` is a live op (&mut: exclusive); `key` is a valid
        // out-pointer that receives ownership of a new key.
        let rc = unsafe { sys::nbtls_op_take_key(self.0.as_ptr(), &mut key) };
        own(rc, key).map(RawKey)
    }

    /// `nbtls_op_budget_for_us()`: C's budget for a slice of `us`
    /// microseconds of this op (at least 1).
    pub(crate) fn budget_for_us(&self, us: u32) -> u32 {
        // SAFETY: `self.0` is a live op; the call only reads it.
        unsafe { sys::nbtls_op_budget_for_us(self.0.as_ptr(), us) }
    }

    /// `nbtls_op_result_len()`: the byte result's length (exact once done).
    pub(crate) fn result_len(&self) -> usize {
        // SAFETY: `self.0` is a live op; the call only reads it.
        unsafe { sys::nbtls_op_result_len(self.0.as_ptr()) }
    }

    /// `nbtls_op_units()`.
    pub(crate) fn units(&self) -> u64 {
        // SAFETY: `self.0` is a live op; the call only reads it.
        unsafe { sys::nbtls_op_units(self.0.as_ptr()) }
    }
}

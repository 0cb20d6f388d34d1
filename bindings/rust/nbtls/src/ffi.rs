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
        let rc = unsafe { sys::nbtls_op_poll(self.0.as_ptr(), budget) };
        if rc == sys::NBTLS_E_CERTIFICATE {
            // A verify op that rejected the chain: attach its detail code.
            let detail = self.x509_error();
            if detail >= 0 {
                return Err(Error::Certificate {
                    detail: crate::x509::Detail::from_code(detail),
                });
            }
        }
        into_result(rc)
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

// ---- X.509 (include/nbtls/x509.h) ----------------------------------------------

/// An owned `nbtls_x509 *` (an immutable parsed certificate).
pub(crate) struct RawX509(NonNull<sys::nbtls_x509>);

// SAFETY: the C header states that a certificate is immutable once made and
// safe to read from several threads at once; `RawX509` only exposes `&self`
// reads and frees in `Drop` (exclusive access).
unsafe impl Send for RawX509 {}
// SAFETY: as above: concurrent `&RawX509` use only reads the certificate.
unsafe impl Sync for RawX509 {}

impl Drop for RawX509 {
    fn drop(&mut self) {
        // SAFETY: the handle came from the C library, is non-null and is
        // freed exactly once, here.
        unsafe { sys::nbtls_x509_free(self.0.as_ptr()) }
    }
}

/// A C getter `f(cert, &len) -> pointer or NULL`.
type X509Bytes = unsafe extern "C" fn(*const sys::nbtls_x509, *mut usize) -> *const u8;
/// A C getter `f(cert, i, &len) -> pointer or NULL`.
type X509Item<C> = unsafe extern "C" fn(*const sys::nbtls_x509, usize, *mut usize) -> *const C;

impl RawX509 {
    /// `nbtls_x509_from_der()`.
    pub(crate) fn from_der(der: &[u8]) -> Result<RawX509> {
        let mut c: *mut sys::nbtls_x509 = ptr::null_mut();
        // SAFETY: `c` is a valid out-pointer; `der` is a live slice passed
        // with its exact length (the function copies it).
        let rc = unsafe { sys::nbtls_x509_from_der(&mut c, der.as_ptr(), der.len()) };
        own(rc, c).map(RawX509)
    }

    /// Every certificate of a PEM text (`nbtls_x509_from_pem_next()` until
    /// it gives no certificate).
    pub(crate) fn from_pem_all(pem: &[u8]) -> Result<Vec<RawX509>> {
        let mut out = Vec::new();
        let mut pos = 0usize;
        loop {
            let mut c: *mut sys::nbtls_x509 = ptr::null_mut();
            // SAFETY: `c` and `pos` are valid out-pointers; `pem` is a live
            // slice passed with its exact length (no NUL needed); `pos` only
            // ever holds what the function wrote (<= len).
            let rc = unsafe {
                sys::nbtls_x509_from_pem_next(&mut c, pem.as_ptr().cast(), pem.len(), &mut pos)
            };
            into_result(rc)?;
            match NonNull::new(c) {
                Some(c) => out.push(RawX509(c)),
                None => return Ok(out),
            }
        }
    }

    pub(crate) fn as_ptr(&self) -> *const sys::nbtls_x509 {
        self.0.as_ptr()
    }

    fn bytes(&self, f: X509Bytes) -> Option<&[u8]> {
        let mut len = 0usize;
        // SAFETY: `self.0` is a live certificate and `len` a valid
        // out-pointer; `f` is one of the getters of type `X509Bytes`.
        let p = unsafe { f(self.0.as_ptr(), &mut len) };
        if p.is_null() {
            return None;
        }
        // SAFETY: the header guarantees `len` readable bytes at `p`, valid
        // while the certificate lives, which the returned borrow of `self`
        // ensures; the certificate is immutable.
        Some(unsafe { core::slice::from_raw_parts(p, len) })
    }

    fn item<C>(&self, f: X509Item<C>, i: usize) -> Option<&[u8]> {
        let mut len = 0usize;
        // SAFETY: as for `bytes`; out-of-range `i` gives NULL.
        let p = unsafe { f(self.0.as_ptr(), i, &mut len) };
        if p.is_null() {
            return None;
        }
        // SAFETY: as for `bytes` (`C` is a byte type: u8 or c_char).
        Some(unsafe { core::slice::from_raw_parts(p.cast::<u8>(), len) })
    }

    pub(crate) fn der(&self) -> &[u8] {
        self.bytes(sys::nbtls_x509_der).unwrap_or(&[])
    }
    pub(crate) fn serial(&self) -> &[u8] {
        self.bytes(sys::nbtls_x509_serial).unwrap_or(&[])
    }
    pub(crate) fn subject_der(&self) -> &[u8] {
        self.bytes(sys::nbtls_x509_subject_der).unwrap_or(&[])
    }
    pub(crate) fn issuer_der(&self) -> &[u8] {
        self.bytes(sys::nbtls_x509_issuer_der).unwrap_or(&[])
    }
    pub(crate) fn spki_der(&self) -> &[u8] {
        self.bytes(sys::nbtls_x509_spki_der).unwrap_or(&[])
    }
    pub(crate) fn ski(&self) -> Option<&[u8]> {
        self.bytes(sys::nbtls_x509_ski)
    }
    pub(crate) fn aki(&self) -> Option<&[u8]> {
        self.bytes(sys::nbtls_x509_aki)
    }

    /// `nbtls_x509_fingerprint_sha256()`.
    pub(crate) fn fingerprint_sha256(&self) -> [u8; 32] {
        let mut out = [0u8; 32];
        // SAFETY: a live certificate and a 32-byte writable buffer.
        unsafe { sys::nbtls_x509_fingerprint_sha256(self.0.as_ptr(), out.as_mut_ptr()) };
        out
    }

    /// An `int` / `int64_t` getter (version, dates, flags, ...).
    pub(crate) fn int(&self, f: unsafe extern "C" fn(*const sys::nbtls_x509) -> i32) -> i32 {
        // SAFETY: a live certificate; `f` only reads it.
        unsafe { f(self.0.as_ptr()) }
    }
    pub(crate) fn not_before(&self) -> i64 {
        // SAFETY: a live certificate.
        unsafe { sys::nbtls_x509_not_before(self.0.as_ptr()) }
    }
    pub(crate) fn not_after(&self) -> i64 {
        // SAFETY: a live certificate.
        unsafe { sys::nbtls_x509_not_after(self.0.as_ptr()) }
    }

    /// `nbtls_x509_subject_string()` / `_issuer_string()`.
    pub(crate) fn name_string(&self, issuer: bool) -> Result<String> {
        let f = if issuer {
            sys::nbtls_x509_issuer_string
        } else {
            sys::nbtls_x509_subject_string
        };
        let mut buf = vec![0u8; 256];
        for _ in 0..2 {
            let mut len = 0usize;
            // SAFETY: a live certificate; `buf` is writable for its length,
            // the size passed; `len` a valid out-pointer.
            let rc = unsafe {
                f(
                    self.0.as_ptr(),
                    buf.as_mut_ptr().cast(),
                    buf.len(),
                    &mut len,
                )
            };
            if rc == sys::NBTLS_E_BUFFER_TOO_SMALL && len + 1 > buf.len() {
                buf = vec![0u8; len + 1];
                continue;
            }
            into_result(rc)?;
            buf.truncate(len.min(buf.len()));
            return Ok(String::from_utf8_lossy(&buf).into_owned());
        }
        Err(Error::BufferTooSmall)
    }

    /// `nbtls_x509_public_key()`.
    pub(crate) fn public_key(&self) -> Result<RawKey> {
        let mut key: *mut sys::nbtls_key = ptr::null_mut();
        // SAFETY: a live certificate; `key` a valid out-pointer receiving
        // ownership of a new key.
        let rc = unsafe { sys::nbtls_x509_public_key(self.0.as_ptr(), &mut key) };
        own(rc, key).map(RawKey)
    }

    /// Every subjectAltName dNSName (raw IA5String bytes).
    pub(crate) fn san_dns(&self) -> Vec<&[u8]> {
        // SAFETY: a live certificate.
        let n = unsafe { sys::nbtls_x509_san_dns_count(self.0.as_ptr()) };
        (0..n)
            .filter_map(|i| self.item(sys::nbtls_x509_san_dns, i))
            .collect()
    }

    /// Every subjectAltName iPAddress (4 or 16 bytes).
    pub(crate) fn san_ip(&self) -> Vec<&[u8]> {
        // SAFETY: a live certificate.
        let n = unsafe { sys::nbtls_x509_san_ip_count(self.0.as_ptr()) };
        (0..n)
            .filter_map(|i| self.item(sys::nbtls_x509_san_ip, i))
            .collect()
    }

    /// The OIDs (content bytes) of the unprocessed critical extensions.
    pub(crate) fn unknown_critical(&self) -> Vec<&[u8]> {
        // SAFETY: a live certificate.
        let n = unsafe { sys::nbtls_x509_unknown_critical_count(self.0.as_ptr()) };
        (0..n)
            .filter_map(|i| self.item(sys::nbtls_x509_unknown_critical_oid, i))
            .collect()
    }
}

/// An owned `nbtls_trust *`.
pub(crate) struct RawTrust(NonNull<sys::nbtls_trust>);

// SAFETY: modified only through `&mut self`; the C header allows sharing a
// store between threads once it is no longer modified, and `&self` methods
// only read it (count, starting verify ops).
unsafe impl Send for RawTrust {}
// SAFETY: as above.
unsafe impl Sync for RawTrust {}

impl Drop for RawTrust {
    fn drop(&mut self) {
        // SAFETY: the handle came from nbtls_trust_new, is non-null and is
        // freed exactly once, here (after every op using it: the ops keep
        // the store alive).
        unsafe { sys::nbtls_trust_free(self.0.as_ptr()) }
    }
}

impl RawTrust {
    /// `nbtls_trust_new()`.
    pub(crate) fn new() -> Result<RawTrust> {
        let mut t: *mut sys::nbtls_trust = ptr::null_mut();
        // SAFETY: `t` is a valid out-pointer.
        let rc = unsafe { sys::nbtls_trust_new(&mut t) };
        own(rc, t).map(RawTrust)
    }

    /// `nbtls_trust_add()`.
    pub(crate) fn add(&mut self, cert: &RawX509) -> Result<()> {
        // SAFETY: a live store (exclusive: &mut) and a live certificate,
        // which the function copies.
        into_result(unsafe { sys::nbtls_trust_add(self.0.as_ptr(), cert.as_ptr()) }).map(|_| ())
    }

    /// `nbtls_trust_add_data()`: the number of certificates read.
    pub(crate) fn add_data(&mut self, data: &[u8]) -> Result<usize> {
        let mut added = 0usize;
        // SAFETY: a live store (&mut); `data` a live slice with its length;
        // `added` a valid out-pointer.
        let rc = unsafe {
            sys::nbtls_trust_add_data(self.0.as_ptr(), data.as_ptr(), data.len(), &mut added)
        };
        into_result(rc).map(|_| added)
    }

    /// `nbtls_trust_load_file()` / `nbtls_trust_load_dir()`.
    pub(crate) fn load_path(&mut self, path: &CStr, dir: bool) -> Result<usize> {
        let mut added = 0usize;
        let f = if dir {
            sys::nbtls_trust_load_dir
        } else {
            sys::nbtls_trust_load_file
        };
        // SAFETY: a live store (&mut); `path` a NUL-terminated string;
        // `added` a valid out-pointer.
        let rc = unsafe { f(self.0.as_ptr(), path.as_ptr(), &mut added) };
        into_result(rc).map(|_| added)
    }

    /// `nbtls_trust_load_system()`.
    pub(crate) fn load_system(&mut self) -> Result<usize> {
        let mut added = 0usize;
        // SAFETY: a live store (&mut); `added` a valid out-pointer.
        let rc = unsafe { sys::nbtls_trust_load_system(self.0.as_ptr(), &mut added) };
        into_result(rc).map(|_| added)
    }

    /// `nbtls_trust_count()`.
    pub(crate) fn count(&self) -> usize {
        // SAFETY: a live store; the call only reads it.
        unsafe { sys::nbtls_trust_count(self.0.as_ptr()) }
    }
}

/// The `const nbtls_x509 *const *` array a verify op reads for its whole
/// life (the C op keeps the pointer, not a copy).
pub(crate) struct ChainPtrs(Box<[*const sys::nbtls_x509]>);

// SAFETY: the pointers are to immutable, thread-safe certificates (see
// RawX509) that the owner of a `ChainPtrs` keeps alive alongside it; the
// array itself is never modified after creation.
unsafe impl Send for ChainPtrs {}
// SAFETY: as above.
unsafe impl Sync for ChainPtrs {}

impl ChainPtrs {
    pub(crate) fn new(certs: &[&RawX509]) -> ChainPtrs {
        ChainPtrs(certs.iter().map(|c| c.as_ptr()).collect())
    }
}

impl RawOp {
    /// `nbtls_x509_verify_start()`. The caller keeps `trust`, `chain` and
    /// the certificates it points at alive until the op is dropped (the C
    /// op reads them while it runs; `name` is copied).
    pub(crate) fn x509_verify(
        trust: &RawTrust,
        chain: &ChainPtrs,
        name: Option<&CStr>,
        now: i64,
        purpose: i32,
    ) -> Result<RawOp> {
        let mut op: *mut sys::nbtls_op = ptr::null_mut();
        let name = name.map_or(ptr::null(), |n| n.as_ptr());
        // SAFETY: `op` is a valid out-pointer; `trust` and the chain array
        // (with its exact length) are live, and the caller's contract keeps
        // them alive for the op's life; `name` is NULL or NUL-terminated.
        let rc = unsafe {
            sys::nbtls_x509_verify_start(
                &mut op,
                trust.0.as_ptr(),
                chain.0.as_ptr(),
                chain.0.len(),
                name,
                now,
                purpose,
            )
        };
        started(rc, op)
    }

    /// `nbtls_x509_verify_set_limits()` (before the first poll).
    pub(crate) fn x509_set_limits(&mut self, max_depth: u32, max_signatures: u32) -> Result<()> {
        // SAFETY: a live op (&mut: exclusive).
        let rc = unsafe {
            sys::nbtls_x509_verify_set_limits(self.0.as_ptr(), max_depth, max_signatures)
        };
        into_result(rc).map(|_| ())
    }

    /// `nbtls_op_x509_error()`: the detail code (negative while running or
    /// for another kind of op).
    pub(crate) fn x509_error(&self) -> i32 {
        // SAFETY: a live op; the call only reads it.
        unsafe { sys::nbtls_op_x509_error(self.0.as_ptr()) }
    }
}

/// `nbtls_x509_error_name()` (static storage).
pub(crate) fn x509_error_name(detail: i32) -> &'static str {
    // SAFETY: any int is accepted; returns a pointer to a static string.
    static_str(unsafe { sys::nbtls_x509_error_name(detail) })
}

/// `nbtls_x509_error_string()` (static storage).
pub(crate) fn x509_error_string(detail: i32) -> &'static str {
    // SAFETY: any int is accepted; returns a pointer to a static string.
    static_str(unsafe { sys::nbtls_x509_error_string(detail) })
}

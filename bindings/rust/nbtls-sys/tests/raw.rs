//! The raw bindings link and behave as the C header says (a few calls
//! through the FFI exactly as a C program would make them).

use core::ffi::CStr;
use core::ptr;

use nbtls_sys::*;

fn cstr(p: *const core::ffi::c_char) -> String {
    assert!(!p.is_null());
    // SAFETY: the library returns static NUL-terminated strings.
    unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_owned()
}

#[test]
fn version_and_strerror() {
    // SAFETY: plain calls without pointers.
    let (v, n) = unsafe { (cstr(nbtls_version()), nbtls_version_number()) };
    assert_eq!(n, NBTLS_VERSION_NUMBER, "library and header disagree");
    assert_eq!(
        v,
        format!("{NBTLS_VERSION_MAJOR}.{NBTLS_VERSION_MINOR}.{NBTLS_VERSION_PATCH}")
    );
    for code in [NBTLS_E_BAD_KEY, NBTLS_E_BAD_SIGNATURE, NBTLS_E_INVALID_ARG] {
        // SAFETY: any int is accepted.
        let s = cstr(unsafe { nbtls_strerror(code) });
        assert!(!s.is_empty() && s != "unknown error", "{code}: {s}");
    }
    // SAFETY: as above.
    assert_eq!(cstr(unsafe { nbtls_strerror(-12345) }), "unknown error");
}

#[test]
fn poll_loop_through_the_raw_abi() {
    let mut scalar = [0u8; NBTLS_P256_PRIVATE_LEN];
    scalar[31] = 7;
    let digest = [0xabu8; 32];
    let mut key = ptr::null_mut();
    let mut op = ptr::null_mut();
    let mut sig = [0u8; NBTLS_P256_SIGNATURE_LEN];
    let mut len = 0usize;
    // SAFETY: every pointer is a valid out-pointer or a buffer passed with
    // its exact size; the key and ops are freed once each.
    unsafe {
        assert_eq!(
            nbtls_key_p256_from_private(&mut key, scalar.as_ptr()),
            NBTLS_DONE
        );
        assert_eq!(nbtls_key_type(key), NBTLS_KEY_P256);
        assert_eq!(nbtls_key_has_private(key), 1);
        assert_eq!(
            nbtls_ecdsa_sign_deterministic_start(&mut op, key, digest.as_ptr(), digest.len()),
            NBTLS_DONE
        );
        // Too early for the result.
        assert_eq!(
            nbtls_op_result(op, sig.as_mut_ptr(), sig.len(), &mut len),
            NBTLS_E_BAD_STATE
        );
        let mut polls = 0;
        let rc = loop {
            polls += 1;
            let rc = nbtls_op_poll(op, 1);
            if rc != NBTLS_IN_PROGRESS {
                break rc;
            }
        };
        assert_eq!(rc, NBTLS_DONE);
        assert_eq!(nbtls_op_units(op), polls as u64);
        // Too small a buffer says how much is needed.
        assert_eq!(
            nbtls_op_result(op, sig.as_mut_ptr(), 10, &mut len),
            NBTLS_E_BUFFER_TOO_SMALL
        );
        assert_eq!(len, NBTLS_P256_SIGNATURE_LEN);
        assert_eq!(
            nbtls_op_result(op, sig.as_mut_ptr(), sig.len(), &mut len),
            NBTLS_DONE
        );
        nbtls_op_free(op);

        assert_eq!(
            nbtls_ecdsa_verify_start(&mut op, key, digest.as_ptr(), 32, sig.as_ptr(), 64),
            NBTLS_DONE
        );
        assert_eq!(nbtls_op_poll(op, 0), NBTLS_DONE);
        nbtls_op_free(op);
        sig[5] ^= 1;
        assert_eq!(
            nbtls_ecdsa_verify_start(&mut op, key, digest.as_ptr(), 32, sig.as_ptr(), 64),
            NBTLS_DONE
        );
        assert_eq!(nbtls_op_poll(op, 0), NBTLS_E_BAD_SIGNATURE);
        // Sticky.
        assert_eq!(nbtls_op_poll(op, 0), NBTLS_E_BAD_SIGNATURE);
        nbtls_op_free(op);
        nbtls_key_free(key);
        // NULL is a no-op for both frees.
        nbtls_op_free(ptr::null_mut());
        nbtls_key_free(ptr::null_mut());
    }
}

//! The committed bindings must be exactly what bindgen generates from the
//! current headers: any change to include/nbtls/*.h that is not followed by
//! `cargo run -p nbtls-gen` fails here.

#[test]
fn committed_bindings_match_the_headers() {
    let fresh = nbtls_gen::generate().expect("bindgen");
    let path = nbtls_gen::bindings_path();
    let committed = std::fs::read_to_string(&path).expect("read committed bindings");
    if committed != fresh {
        let first = committed
            .lines()
            .zip(fresh.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(fresh.lines().count()));
        panic!(
            "{} is out of date (first difference at line {}); run `cargo run -p nbtls-gen` \
             in bindings/rust and commit the result",
            path.display(),
            first + 1
        );
    }
}

#[test]
fn bindings_cover_the_abi() {
    // A sanity check that the allowlists keep what the safe crate needs and
    // nothing of the C library's own namespace.
    let fresh = nbtls_gen::generate().expect("bindgen");
    for name in [
        "pub fn nbtls_version",
        "pub fn nbtls_op_poll",
        "pub fn nbtls_ecdsa_sign_start",
        "pub const NBTLS_E_BAD_SIGNATURE",
        "pub struct nbtls_op",
        "pub type nbtls_rng_fn",
        "pub fn nbtls_verify_start",
        "pub const NBTLS_SIG_ECDSA_SECP256R1_SHA256: u16",
        "pub const NBTLS_SHA384: ::core::ffi::c_int",
    ] {
        assert!(fresh.contains(name), "generated bindings lack `{name}`");
    }
    // Of sym.h only the hash ids: its functions are not bound.
    for foreign in [
        "pub fn malloc",
        "pub type size_t",
        "pub fn memcpy",
        "pub fn nbtls_hash(",
        "pub fn nbtls_aead_",
        "NBTLS_AES_128_GCM",
    ] {
        assert!(
            !fresh.contains(foreign),
            "generated bindings leak `{foreign}`"
        );
    }
}

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
//! Digests are computed by the caller (e.g. SHA-256 of the message). Signing
//! takes the digest of a supported hash: 20, 28, 32, 48 or 64 bytes (SHA-1,
//! SHA-224, SHA-256, SHA-384, SHA-512; any other length is
//! [`Error::InvalidArg`]); verification takes any
//! length of at least one byte. Both truncate to 256 bits as FIPS 186-5
//! says. [`PrivateKey::sign_message`] and
//! [`PublicKey::verify_message`] hash the message themselves
//! ([`SignatureScheme::EcdsaSecp256r1Sha256`], DER signatures as in TLS).
//!
//! [`p384`](crate::p384) is the same API with P-384's sizes.

crate::ec::nist_curve! {
    name: "P-256",
    key_type: NBTLS_KEY_P256,
    private_len: (NBTLS_P256_PRIVATE_LEN, 32),
    public_len: (NBTLS_P256_PUBLIC_LEN, 65),
    public_compressed_len: (NBTLS_P256_PUBLIC_COMPRESSED_LEN, 33),
    signature_len: (NBTLS_P256_SIGNATURE_LEN, 64),
    secret_len: (NBTLS_P256_SECRET_LEN, 32),
    from_private: p256_from_private,
    from_public: p256_from_public,
    keygen: p256_keygen,
    from_private_start: p256_key_from_private,
}

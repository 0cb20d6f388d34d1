//! NIST P-384 (secp384r1): ECDSA signatures and ECDH, restartable.
//!
//! The same API as [`p256`](crate::p256), with P-384's sizes: 48-byte
//! scalars, 97-byte (uncompressed) or 49-byte (compressed) SEC1 points,
//! 96-byte raw `r || s` signatures and 48-byte shared secrets. Every
//! expensive operation returns an [`Op`]; keys load from bytes, PEM and DER
//! (PKCS#8, SEC1 `EC PRIVATE KEY`, SubjectPublicKeyInfo with the named curve
//! secp384r1).
//!
//! Digests are computed by the caller (e.g. SHA-384 of the message). Signing
//! takes the digest of a supported hash: 20, 28, 32, 48 or 64 bytes (any
//! other length is [`Error::InvalidArg`]);
//! verification takes any length of at least one byte. Both truncate to 384
//! bits as FIPS 186-5 says. [`PrivateKey::sign_message`] and
//! [`PublicKey::verify_message`] hash the message themselves
//! ([`SignatureScheme::EcdsaSecp384r1Sha384`], DER signatures as in TLS).

crate::ec::nist_curve! {
    name: "P-384",
    key_type: NBTLS_KEY_P384,
    private_len: (NBTLS_P384_PRIVATE_LEN, 48),
    public_len: (NBTLS_P384_PUBLIC_LEN, 97),
    public_compressed_len: (NBTLS_P384_PUBLIC_COMPRESSED_LEN, 49),
    signature_len: (NBTLS_P384_SIGNATURE_LEN, 96),
    secret_len: (NBTLS_P384_SECRET_LEN, 48),
    from_private: p384_from_private,
    from_public: p384_from_public,
    keygen: p384_keygen,
    from_private_start: p384_key_from_private,
}

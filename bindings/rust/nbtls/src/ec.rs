//! What the NIST curves have in common: one macro writes the key, signature
//! and secret types of [`crate::p256`] and [`crate::p384`], so the two
//! modules are the same code with their own sizes (every length in the types
//! is the curve's: a P-384 signature is a `[u8; 96]`, never a 64-byte one).
//! The C calls are the same too: ECDH, ECDSA and the scheme-based functions
//! take the curve from the key.

/// Write the types of one NIST curve module. The literal sizes are for the
/// documentation; each is checked at compile time against the C header's
/// constant.
macro_rules! nist_curve {
    (
        name: $name:literal,
        key_type: $key_type:ident,
        private_len: ($priv_c:ident, $priv:literal),
        public_len: ($pub_c:ident, $pub:literal),
        public_compressed_len: ($comp_c:ident, $comp:literal),
        signature_len: ($sig_c:ident, $sig:literal),
        secret_len: ($secret_c:ident, $secret:literal),
        from_private: $from_private:ident,
        from_public: $from_public:ident,
        keygen: $keygen:ident,
        from_private_start: $from_private_start:ident,
    ) => {
        use core::fmt;
        use std::sync::Arc;

        use zeroize::Zeroizing;

        use $crate::error::{Error, Result};
        use $crate::ffi::{RawKey, RawOp};
        use $crate::op::Op;
        use $crate::scheme::{self, SignatureScheme};
        use $crate::secret::{take_shared_secret, Hex};

        /// Length of a private scalar, in bytes.
        pub const PRIVATE_KEY_LEN: usize = nbtls_sys::$priv_c;
        /// Length of an uncompressed SEC1 public point (`0x04 || X || Y`).
        pub const PUBLIC_KEY_LEN: usize = nbtls_sys::$pub_c;
        /// Length of a compressed SEC1 public point (`0x02/0x03 || X`).
        pub const PUBLIC_KEY_COMPRESSED_LEN: usize = nbtls_sys::$comp_c;
        /// Length of a raw `r || s` signature.
        pub const SIGNATURE_LEN: usize = nbtls_sys::$sig_c;
        /// Length of an ECDH shared secret (the x coordinate).
        pub const SHARED_SECRET_LEN: usize = nbtls_sys::$secret_c;

        /// Length of one coordinate or scalar.
        const COORD_LEN: usize = PRIVATE_KEY_LEN;

        // The documented sizes are the header's.
        const _: () = assert!(
            PRIVATE_KEY_LEN == $priv
                && PUBLIC_KEY_LEN == $pub
                && PUBLIC_KEY_COMPRESSED_LEN == $comp
                && SIGNATURE_LEN == $sig
                && SHARED_SECRET_LEN == $secret
                && PUBLIC_KEY_LEN == 1 + 2 * COORD_LEN
                && PUBLIC_KEY_COMPRESSED_LEN == 1 + COORD_LEN
                && SIGNATURE_LEN == 2 * COORD_LEN
                && SHARED_SECRET_LEN == COORD_LEN
        );

        /// An ECDH shared secret of this curve (the x coordinate of the
        /// shared point), wiped when dropped.
        pub type SharedSecret = $crate::SharedSecret<SHARED_SECRET_LEN>;

        // ---- Private keys ----------------------------------------------------

        #[doc = concat!("A ", $name, " private key (with its public key).")]
        ///
        /// Cheap to clone and shareable between threads: the C key is
        /// immutable, so clones share one handle (an `Arc`). The scalar is
        /// wiped by the C library when the last clone is dropped. `Debug`
        /// never prints it.
        #[derive(Clone)]
        pub struct PrivateKey {
            raw: Arc<RawKey>,
            public: PublicKey,
        }

        impl PrivateKey {
            /// Generate a new key pair with the operating system's random
            /// generator (restartable: the public point is computed in polls).
            pub fn generate() -> Op<PrivateKey> {
                Op::new(RawOp::$keygen(), take_private_key, None)
            }

            #[doc = concat!("Import a ", $priv, "-byte big-endian scalar in `[1, n-1]`. Any other")]
            /// length or value is [`Error::BadKey`]. Computes the public point
            /// right away (one scalar multiplication, tens of µs on a
            /// desktop).
            pub fn from_bytes(bytes: &[u8]) -> Result<PrivateKey> {
                let scalar = scalar_array(bytes)?;
                PrivateKey::from_raw(RawKey::$from_private(&scalar)?)
            }

            /// As [`from_bytes`](PrivateKey::from_bytes), but the public point
            /// is computed by the returned [`Op`]. The scalar is checked (and
            /// copied) now: a bad one makes the `Op` fail with
            /// [`Error::BadKey`].
            pub fn from_bytes_restartable(bytes: &[u8]) -> Op<PrivateKey> {
                let started = scalar_array(bytes).and_then(|s| RawOp::$from_private_start(&s));
                Op::new(started, take_private_key, None)
            }

            /// Import a private key from DER: PKCS#8 (`PrivateKeyInfo` /
            /// `OneAsymmetricKey`) or SEC1 `ECPrivateKey`, parsed strictly.
            #[doc = concat!("A key of another algorithm or curve than ", $name)]
            /// (X25519, RSA, ...) is [`Error::Unsupported`]; a public key,
            /// malformed DER or an invalid key is [`Error::BadKey`]. Computes the public point (as
            /// [`from_bytes`](PrivateKey::from_bytes)).
            pub fn from_der(der: &[u8]) -> Result<PrivateKey> {
                PrivateKey::from_raw(this_curve_only(RawKey::from_der(der)?)?)
            }

            /// Import a private key from PEM text: the first key block
            /// (`PRIVATE KEY` or `EC PRIVATE KEY`; other blocks, such as `EC
            /// PARAMETERS`, are skipped). Errors as for
            /// [`from_der`](PrivateKey::from_der); encrypted keys are
            /// [`Error::Unsupported`].
            pub fn from_pem(pem: &str) -> Result<PrivateKey> {
                PrivateKey::from_raw(this_curve_only(RawKey::from_pem(pem.as_bytes())?)?)
            }

            fn from_raw(raw: RawKey) -> Result<PrivateKey> {
                if raw.key_type()? != nbtls_sys::$key_type || !raw.has_private()? {
                    return Err(Error::BadKey);
                }
                let mut sec1 = [0u8; PUBLIC_KEY_LEN];
                if raw.export_public(&mut sec1)? != PUBLIC_KEY_LEN {
                    return Err(Error::Internal);
                }
                let public = PublicKey::from_sec1(&sec1)?;
                Ok(PrivateKey {
                    raw: Arc::new(raw),
                    public,
                })
            }

            #[doc = concat!("The ", $priv, "-byte big-endian scalar, in a buffer wiped on drop.")]
            pub fn to_bytes(&self) -> Zeroizing<[u8; PRIVATE_KEY_LEN]> {
                let mut out = Zeroizing::new([0u8; PRIVATE_KEY_LEN]);
                let n = self
                    .raw
                    .export_private(&mut out[..])
                    // A PrivateKey always has its private part (checked when it
                    // was made) and the buffer has the documented size.
                    .expect("nbtls_key_export_private failed on a private key");
                assert_eq!(n, PRIVATE_KEY_LEN, "nbtls: private scalar length");
                out
            }

            /// The public key of this private key.
            pub fn public_key(&self) -> &PublicKey {
                &self.public
            }

            /// ECDSA signature of `digest`. The nonce is derived per RFC 6979
            /// and hedged with 32 bytes from the operating system's generator
            /// (RFC 6979 section 3.6), so neither a weak generator nor a fault
            /// can reveal the key; the 32 bytes are drawn here, when the C op
            /// starts (never while it is polled). `digest` must be 20, 28, 32,
            /// 48 or 64 bytes long (SHA-1, SHA-224, SHA-256, SHA-384,
            /// SHA-512); any other length is [`Error::InvalidArg`].
            pub fn sign(&self, digest: &[u8]) -> Op<Signature> {
                Op::new(
                    RawOp::ecdsa_sign(&self.raw, digest),
                    take_signature,
                    Some(self.raw.clone()),
                )
            }

            /// Purely deterministic RFC 6979 ECDSA signature of `digest` (no
            /// random input): the same key and digest always give the same
            /// signature. For test vectors and protocols that need
            /// determinism; prefer [`sign`](PrivateKey::sign) otherwise.
            ///
            /// RFC 6979's HMAC_DRBG uses the hash matching the digest length:
            /// 20 bytes SHA-1, 28 SHA-224, 32 SHA-256, 48 SHA-384, 64 SHA-512
            /// (so RFC 6979's published signatures are reproduced for every
            /// hash); any other length is [`Error::InvalidArg`]. The signature
            /// is verified against the public key before it is released (one
            /// faulty and one good signature of the same digest would give the
            /// key away), which makes it about 3.6 times the work of
            /// [`sign`](PrivateKey::sign); a fault ends the `Op` with
            /// [`Error::Internal`].
            pub fn sign_deterministic(&self, digest: &[u8]) -> Op<Signature> {
                Op::new(
                    RawOp::ecdsa_sign_deterministic(&self.raw, digest),
                    take_signature,
                    Some(self.raw.clone()),
                )
            }

            /// Sign a message (hashed by the library) with a TLS 1.3
            /// signature scheme: the ECDSA scheme of this curve gives a DER
            /// `Ecdsa-Sig-Value`, the TLS wire format (hedged RFC 6979 nonce,
            /// as [`sign`](PrivateKey::sign)). Another curve's ECDSA scheme
            /// and the RSA schemes fail the `Op` with [`Error::BadKey`].
            pub fn sign_message(
                &self,
                scheme: SignatureScheme,
                message: &[u8],
            ) -> Op<scheme::Signature> {
                scheme::sign(&self.raw, scheme, message)
            }

            /// ECDH with a peer's public key: the x coordinate of
            /// `self * peer`.
            pub fn diffie_hellman(&self, peer: &PublicKey) -> Op<SharedSecret> {
                self.diffie_hellman_sec1(&peer.sec1)
            }

            /// ECDH with a peer's SEC1-encoded point
            #[doc = concat!("(", $pub, " bytes uncompressed or ", $comp, " compressed), without")]
            /// importing it first: the point is validated while the `Op`
            /// runs, and a bad one fails it with [`Error::BadKey`].
            pub fn diffie_hellman_sec1(&self, peer_sec1: &[u8]) -> Op<SharedSecret> {
                Op::new(
                    RawOp::ecdh(&self.raw, peer_sec1),
                    take_shared_secret,
                    Some(self.raw.clone()),
                )
            }
        }

        impl fmt::Debug for PrivateKey {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct("PrivateKey")
                    .field("public", &self.public)
                    .finish_non_exhaustive()
            }
        }

        /// Keep a key of this curve; any other key type is a valid request
        /// this API cannot serve.
        fn this_curve_only(raw: RawKey) -> Result<RawKey> {
            if raw.key_type()? == nbtls_sys::$key_type {
                Ok(raw)
            } else {
                Err(Error::Unsupported)
            }
        }

        fn scalar_array(bytes: &[u8]) -> Result<Zeroizing<[u8; PRIVATE_KEY_LEN]>> {
            if bytes.len() != PRIVATE_KEY_LEN {
                return Err(Error::BadKey);
            }
            let mut s = Zeroizing::new([0u8; PRIVATE_KEY_LEN]);
            s.copy_from_slice(bytes);
            Ok(s)
        }

        fn take_private_key(raw: &mut RawOp) -> Result<PrivateKey> {
            PrivateKey::from_raw(raw.take_key()?)
        }

        fn take_signature(raw: &mut RawOp) -> Result<Signature> {
            let mut sig = [0u8; SIGNATURE_LEN];
            if raw.result(&mut sig)? != SIGNATURE_LEN {
                return Err(Error::Internal);
            }
            Ok(Signature(sig))
        }

        // ---- Public keys -----------------------------------------------------

        #[doc = concat!("A ", $name, " public key (a validated point on the curve).")]
        ///
        /// Cheap to clone (an `Arc`), shareable between threads. Equality
        /// compares the points.
        #[derive(Clone)]
        pub struct PublicKey {
            raw: Arc<RawKey>,
            sec1: [u8; PUBLIC_KEY_LEN],
        }

        impl PublicKey {
            /// Import a SEC1 point:
            #[doc = concat!(" ", $pub, " bytes uncompressed (`0x04 || X || Y`) or ", $comp)]
            /// bytes compressed (`0x02/0x03 || X`). Coordinates must be below
            /// p and the point on the curve; anything else is
            /// [`Error::BadKey`].
            pub fn from_sec1(bytes: &[u8]) -> Result<PublicKey> {
                let raw = RawKey::$from_public(bytes)?;
                let mut sec1 = [0u8; PUBLIC_KEY_LEN];
                if raw.export_public(&mut sec1)? != PUBLIC_KEY_LEN {
                    return Err(Error::Internal);
                }
                Ok(PublicKey {
                    raw: Arc::new(raw),
                    sec1,
                })
            }

            /// Import a public key from DER `SubjectPublicKeyInfo` (RFC 5480:
            #[doc = concat!("id-ecPublicKey, the named curve ", $name, "). Given a private key")]
            /// (PKCS#8 or SEC1), its public half is taken. Other algorithms
            /// and curves are [`Error::Unsupported`]; malformed DER and
            /// invalid points are [`Error::BadKey`].
            pub fn from_der(der: &[u8]) -> Result<PublicKey> {
                PublicKey::from_raw_any(this_curve_only(RawKey::from_der(der)?)?)
            }

            /// Import a public key from PEM text (the first key block:
            /// `PUBLIC KEY`, or a private key's public half). Errors as for
            /// [`from_der`](PublicKey::from_der).
            pub fn from_pem(pem: &str) -> Result<PublicKey> {
                PublicKey::from_raw_any(this_curve_only(RawKey::from_pem(pem.as_bytes())?)?)
            }

            /// A public-only key for the public half of `raw` (which may hold
            /// a private part: it is dropped, and wiped, right here). `raw`
            /// must be a key of this curve.
            pub(crate) fn from_raw_any(raw: RawKey) -> Result<PublicKey> {
                let mut sec1 = [0u8; PUBLIC_KEY_LEN];
                if raw.export_public(&mut sec1)? != PUBLIC_KEY_LEN {
                    return Err(Error::Internal);
                }
                drop(raw);
                PublicKey::from_sec1(&sec1)
            }

            #[doc = concat!("The uncompressed SEC1 encoding, `0x04 || X || Y` (", $pub, " bytes).")]
            pub fn to_sec1(&self) -> [u8; PUBLIC_KEY_LEN] {
                self.sec1
            }

            #[doc = concat!("The compressed SEC1 encoding, `0x02/0x03 || X` (", $comp, " bytes).")]
            pub fn to_sec1_compressed(&self) -> [u8; PUBLIC_KEY_COMPRESSED_LEN] {
                let mut out = [0u8; PUBLIC_KEY_COMPRESSED_LEN];
                out[0] = 0x02 | (self.sec1[PUBLIC_KEY_LEN - 1] & 1);
                out[1..].copy_from_slice(&self.sec1[1..1 + COORD_LEN]);
                out
            }

            /// Verify an ECDSA signature
            #[doc = concat!("(raw `r || s`, ", $sig, " bytes) over `digest`.")]
            ///
            /// The `Op` finishes with `Ok(())` if the signature is valid and
            /// with [`Error::BadSignature`] if it is not (including r or s
            #[doc = concat!("outside `[1, n-1]`, and a signature that is not ", $sig, " bytes: a")]
            /// peer's malformed signature is a bad signature, as in the C
            /// library and for RSA). An empty digest is [`Error::InvalidArg`].
            pub fn verify(&self, digest: &[u8], signature: &[u8]) -> Op<()> {
                Op::new(
                    RawOp::ecdsa_verify(&self.raw, digest, signature),
                    |_| Ok(()),
                    Some(self.raw.clone()),
                )
            }

            /// Verify a signature over a message (hashed by the library) with
            /// a TLS 1.3 signature scheme, in its wire format (ECDSA: DER
            /// `Ecdsa-Sig-Value`). The `Op` finishes with `Ok(())` if it is
            /// valid and with [`Error::BadSignature`] if not (malformed or
            /// non-canonical DER included). A scheme that does not fit the key
            /// (another curve's ECDSA, RSA) fails it with [`Error::BadKey`].
            pub fn verify_message(
                &self,
                scheme: SignatureScheme,
                message: &[u8],
                signature: &[u8],
            ) -> Op<()> {
                scheme::verify(&self.raw, scheme, message, signature)
            }
        }

        impl PartialEq for PublicKey {
            fn eq(&self, other: &PublicKey) -> bool {
                self.sec1 == other.sec1
            }
        }
        impl Eq for PublicKey {}

        impl core::hash::Hash for PublicKey {
            fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
                self.sec1.hash(state);
            }
        }

        impl fmt::Debug for PublicKey {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "PublicKey({})", Hex(&self.sec1))
            }
        }

        // ---- Signatures --------------------------------------------------------

        /// An ECDSA
        #[doc = concat!($name, " signature: `r || s`, ", $priv, " bytes each, big endian.")]
        #[derive(Clone, Copy, PartialEq, Eq, Hash)]
        pub struct Signature([u8; SIGNATURE_LEN]);

        impl Signature {
            #[doc = concat!("A signature from its ", $sig, "-byte `r || s` encoding (not")]
            /// validated: a bad one simply fails verification). Other lengths
            /// are [`Error::InvalidArg`].
            pub fn from_bytes(bytes: &[u8]) -> Result<Signature> {
                let arr: [u8; SIGNATURE_LEN] = bytes.try_into().map_err(|_| Error::InvalidArg)?;
                Ok(Signature(arr))
            }

            #[doc = concat!("The ", $sig, "-byte `r || s` encoding.")]
            pub fn to_bytes(&self) -> [u8; SIGNATURE_LEN] {
                self.0
            }

            #[doc = concat!("The ", $priv, "-byte big-endian `r`.")]
            pub fn r(&self) -> &[u8] {
                &self.0[..COORD_LEN]
            }

            #[doc = concat!("The ", $priv, "-byte big-endian `s`.")]
            pub fn s(&self) -> &[u8] {
                &self.0[COORD_LEN..]
            }
        }

        impl AsRef<[u8]> for Signature {
            fn as_ref(&self) -> &[u8] {
                &self.0
            }
        }

        impl fmt::Debug for Signature {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "Signature({})", Hex(&self.0))
            }
        }
    };
}

pub(crate) use nist_curve;

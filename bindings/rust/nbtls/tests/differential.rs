//! Differential tests against the RustCrypto `p256` crate, in both
//! directions, over random keys and digests (the seed is printed; rerun a
//! failure with NBTLS_TEST_SEED=<seed>).

mod common;

use common::{block_on, hex, random_scalar, Rng};
use nbtls::p256::{PrivateKey, PublicKey};
use nbtls::Error;
use p256::ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};
use p256::ecdsa::{Signature as RcSignature, SigningKey, VerifyingKey};

const CASES: usize = 64;

#[test]
fn keys_agree() {
    let mut rng = Rng::from_env("keys_agree");
    for _ in 0..CASES {
        let (bytes, rc) = random_scalar(&mut rng);
        let ours = PrivateKey::from_bytes(&bytes).unwrap();
        let want = rc.public_key().to_sec1_bytes();
        assert_eq!(
            hex(&ours.public_key().to_sec1()),
            hex(&want),
            "key {}",
            hex(&bytes)
        );
        let comp =
            p256::elliptic_curve::sec1::ToEncodedPoint::to_encoded_point(&rc.public_key(), true);
        assert_eq!(
            hex(&ours.public_key().to_sec1_compressed()),
            hex(comp.as_bytes())
        );
        // Compressed import decompresses to the same point.
        let pk = PublicKey::from_sec1(comp.as_bytes()).unwrap();
        assert_eq!(&pk, ours.public_key());
    }
    // Generated keys are valid for the p256 crate and all different.
    let mut seen = std::collections::HashSet::new();
    for _ in 0..16 {
        let k = PrivateKey::generate().wait().unwrap();
        let rc = p256::SecretKey::from_slice(&k.to_bytes()[..]).expect("generated scalar in range");
        assert_eq!(
            &rc.public_key().to_sec1_bytes()[..],
            &k.public_key().to_sec1()[..]
        );
        assert!(seen.insert(k.to_bytes().to_vec()), "repeated key");
    }
}

/// Digest lengths for which nbtls's RFC 6979 HMAC is not SHA-256 (nbtls.h:
/// the hash matching the digest length).
const OTHER_HMAC_LENGTHS: [usize; 4] = [20, 28, 48, 64];

#[test]
fn deterministic_signatures_equal_rustcrypto() {
    // RFC 6979 is deterministic: where both use HMAC-SHA-256 (32-byte
    // digests) both libraries must produce the same bytes. nbtls signs only
    // the digest lengths of supported hashes (20, 28, 32, 48, 64 bytes).
    let mut rng = Rng::from_env("deterministic_signatures_equal_rustcrypto");
    let mut compared = 0;
    for i in 0..CASES {
        let (bytes, rc) = random_scalar(&mut rng);
        let len = if i % 2 == 0 {
            32
        } else {
            16 + rng.below(49) as usize
        };
        let digest = rng.bytes(len);
        let ours = PrivateKey::from_bytes(&bytes).unwrap();
        if ![20, 28, 32, 48, 64].contains(&len) {
            assert_eq!(
                ours.sign_deterministic(&digest).wait().err(),
                Some(Error::InvalidArg)
            );
            continue;
        }
        let sig = ours.sign_deterministic(&digest).wait().unwrap();
        let theirs: RcSignature = SigningKey::from(&rc).sign_prehash(&digest).unwrap();
        let what = format!("key {} digest {}", hex(&bytes), hex(&digest));
        if OTHER_HMAC_LENGTHS.contains(&len) {
            // Another HMAC hash: a different but valid, repeatable signature.
            let rsig = RcSignature::from_slice(sig.as_ref()).unwrap();
            VerifyingKey::from(&SigningKey::from(&rc))
                .verify_prehash(&digest, &rsig)
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(
                ours.sign_deterministic(&digest).wait().unwrap(),
                sig,
                "{what}"
            );
        } else {
            assert_eq!(hex(sig.as_ref()), hex(&theirs.to_bytes()), "{what}");
            compared += 1;
        }
    }
    assert!(compared >= CASES / 2);
}

#[test]
fn nbtls_signs_rustcrypto_verifies() {
    let mut rng = Rng::from_env("nbtls_signs_rustcrypto_verifies");
    for i in 0..CASES {
        let (bytes, rc) = random_scalar(&mut rng);
        let digest = rng.bytes([20, 28, 32, 48, 64][i % 5]);
        let ours = PrivateKey::from_bytes(&bytes).unwrap();
        let sig = block_on(ours.sign(&digest).budget(1 + rng.below(64) as u32)).unwrap();
        let vk = VerifyingKey::from(&SigningKey::from(&rc));
        let rsig = RcSignature::from_slice(sig.as_ref()).unwrap();
        vk.verify_prehash(&digest, &rsig)
            .unwrap_or_else(|e| panic!("key {} digest {}: {e}", hex(&bytes), hex(&digest)));
        // ... and a different digest does not verify for either library.
        let mut other = digest.clone();
        // (Within the first 32 bytes: longer digests are truncated to 256 bits.)
        let pos = rng.below(other.len().min(32) as u64) as usize;
        other[pos] ^= 1 << rng.below(8);
        assert!(vk.verify_prehash(&other, &rsig).is_err());
        assert_eq!(
            ours.public_key().verify(&other, sig.as_ref()).wait(),
            Err(Error::BadSignature)
        );
    }
}

#[test]
fn rustcrypto_signs_nbtls_verifies() {
    let mut rng = Rng::from_env("rustcrypto_signs_nbtls_verifies");
    for i in 0..CASES {
        let (_, rc) = random_scalar(&mut rng);
        let digest = rng.bytes(16 + (i % 49));
        let sk = SigningKey::from(&rc);
        let sig: RcSignature = sk.sign_prehash(&digest).unwrap();
        let pk = PublicKey::from_sec1(&rc.public_key().to_sec1_bytes()).unwrap();
        block_on(pk.verify(&digest, &sig.to_bytes()).budget(7)).unwrap();
        // (r, n - s) is valid too (no low-s rule in ECDSA).
        if let Some(norm) = sig.normalize_s() {
            pk.verify(&digest, &norm.to_bytes()).wait().unwrap();
        }
        // Swapping r and s breaks it.
        let b = sig.to_bytes();
        let swapped: Vec<u8> = b[32..].iter().chain(&b[..32]).copied().collect();
        assert_eq!(
            pk.verify(&digest, &swapped).wait(),
            Err(Error::BadSignature)
        );
    }
}

#[test]
fn ecdh_agrees_both_ways() {
    let mut rng = Rng::from_env("ecdh_agrees_both_ways");
    for i in 0..CASES {
        let (a_bytes, a_rc) = random_scalar(&mut rng);
        let (_, b_rc) = random_scalar(&mut rng);
        let a = PrivateKey::from_bytes(&a_bytes).unwrap();
        let b_pub = PublicKey::from_sec1(&b_rc.public_key().to_sec1_bytes()).unwrap();
        // nbtls private x RustCrypto public ...
        let ours = if i % 2 == 0 {
            a.diffie_hellman(&b_pub).wait().unwrap()
        } else {
            block_on(a.diffie_hellman(&b_pub).budget(3)).unwrap()
        };
        // ... equals RustCrypto private x nbtls public.
        let a_pub_rc = p256::PublicKey::from_sec1_bytes(&a.public_key().to_sec1()).unwrap();
        let theirs = p256::ecdh::diffie_hellman(b_rc.to_nonzero_scalar(), a_pub_rc.as_affine());
        assert_eq!(hex(ours.as_bytes()), hex(theirs.raw_secret_bytes()));
        // And RustCrypto's own a x B agrees (sanity of the peer).
        let direct =
            p256::ecdh::diffie_hellman(a_rc.to_nonzero_scalar(), b_rc.public_key().as_affine());
        assert_eq!(hex(ours.as_bytes()), hex(direct.raw_secret_bytes()));
    }
}

//! P-384 through the safe API, differential against the RustCrypto `p384`
//! crate in both directions, over random keys and digests (the seed is
//! printed; rerun a failure with NBTLS_TEST_SEED=<seed>).

mod common;

use common::{block_on, hex, random_scalar_p384, Rng};
use nbtls::p384::{PrivateKey, PublicKey, Signature, SIGNATURE_LEN};
use nbtls::Error;
use p384::ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};
use p384::ecdsa::{Signature as RcSignature, SigningKey, VerifyingKey};
use p384::elliptic_curve::sec1::ToEncodedPoint;

const CASES: usize = 24;

#[test]
fn sizes_are_p384s() {
    use nbtls::p384::*;
    assert_eq!(
        (
            PRIVATE_KEY_LEN,
            PUBLIC_KEY_LEN,
            PUBLIC_KEY_COMPRESSED_LEN,
            SIGNATURE_LEN,
            SHARED_SECRET_LEN
        ),
        (48, 97, 49, 96, 48)
    );
}

#[test]
fn keys_agree() {
    let mut rng = Rng::from_env("p384 keys_agree");
    for _ in 0..CASES {
        let (bytes, rc) = random_scalar_p384(&mut rng);
        let ours = PrivateKey::from_bytes(&bytes).unwrap();
        assert_eq!(hex(&ours.to_bytes()[..]), hex(&bytes));
        let want = rc.public_key().to_encoded_point(false);
        assert_eq!(
            hex(&ours.public_key().to_sec1()),
            hex(want.as_bytes()),
            "key {}",
            hex(&bytes)
        );
        let comp = rc.public_key().to_encoded_point(true);
        assert_eq!(
            hex(&ours.public_key().to_sec1_compressed()),
            hex(comp.as_bytes())
        );
        // Compressed import decompresses to the same point.
        let pk = PublicKey::from_sec1(comp.as_bytes()).unwrap();
        assert_eq!(&pk, ours.public_key());
        // The restartable import gives the same key, at any budget.
        let r = PrivateKey::from_bytes_restartable(&bytes)
            .budget(3)
            .wait()
            .unwrap();
        assert_eq!(r.public_key(), ours.public_key());
    }
    // Generated keys are valid for the p384 crate and all different.
    let mut seen = std::collections::HashSet::new();
    for _ in 0..8 {
        let k = PrivateKey::generate().wait().unwrap();
        let rc = p384::SecretKey::from_slice(&k.to_bytes()[..]).expect("generated scalar in range");
        assert_eq!(
            rc.public_key().to_encoded_point(false).as_bytes(),
            &k.public_key().to_sec1()[..]
        );
        assert!(seen.insert(k.to_bytes().to_vec()), "repeated key");
    }
}

#[test]
fn ecdh_agrees_both_ways() {
    let mut rng = Rng::from_env("p384 ecdh_agrees_both_ways");
    for i in 0..CASES {
        let (a_bytes, a_rc) = random_scalar_p384(&mut rng);
        let (_, b_rc) = random_scalar_p384(&mut rng);
        let a = PrivateKey::from_bytes(&a_bytes).unwrap();
        let b_pub = b_rc.public_key().to_encoded_point(i % 2 == 0);
        let ours = a.diffie_hellman_sec1(b_pub.as_bytes()).wait().unwrap();
        let theirs =
            p384::ecdh::diffie_hellman(b_rc.to_nonzero_scalar(), a_rc.public_key().as_affine());
        // A 48-byte secret, typed as such.
        let bytes: &[u8; 48] = ours.as_bytes();
        assert_eq!(hex(bytes), hex(theirs.raw_secret_bytes()), "case {i}");
        // Through an imported PublicKey too.
        let b_key = PublicKey::from_sec1(b_pub.as_bytes()).unwrap();
        let again = a.diffie_hellman(&b_key).wait().unwrap();
        assert_eq!(again.as_bytes(), ours.as_bytes());
    }
}

#[test]
fn ecdh_rejects_bad_peers() {
    let a = PrivateKey::generate().wait().unwrap();
    // A P-256 point (65 bytes), the identity encoding, a point off the curve.
    let p256_point = nbtls::p256::PrivateKey::generate()
        .wait()
        .unwrap()
        .public_key()
        .to_sec1();
    let bad = a.diffie_hellman_sec1(&p256_point).wait();
    assert_eq!(bad.err(), Some(Error::BadKey));
    assert_eq!(
        a.diffie_hellman_sec1(&[0]).wait().err(),
        Some(Error::BadKey)
    );
    let mut off = a.public_key().to_sec1();
    off[96] ^= 1;
    assert_eq!(
        a.diffie_hellman_sec1(&off).wait().err(),
        Some(Error::BadKey)
    );
    assert_eq!(PublicKey::from_sec1(&off).err(), Some(Error::BadKey));
}

#[test]
fn signatures_verify_both_ways() {
    let mut rng = Rng::from_env("p384 signatures_verify_both_ways");
    for i in 0..CASES {
        let (bytes, rc) = random_scalar_p384(&mut rng);
        let ours = PrivateKey::from_bytes(&bytes).unwrap();
        let rc_sign = SigningKey::from(&rc);
        let rc_verify = VerifyingKey::from(&rc_sign);
        let digest = rng.bytes([48, 32, 64][i % 3]);
        let what = format!("key {} digest {}", hex(&bytes), hex(&digest));

        // nbtls (hedged) -> p384.
        let sig: Signature = ours.sign(&digest).wait().unwrap();
        let rsig = RcSignature::from_slice(sig.as_ref()).unwrap();
        rc_verify
            .verify_prehash(&digest, &rsig)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(sig.r(), &sig.to_bytes()[..48]);
        assert_eq!(sig.s(), &sig.to_bytes()[48..]);

        // p384 -> nbtls.
        let theirs: RcSignature = rc_sign.sign_prehash(&digest).unwrap();
        let pk = PublicKey::from_sec1(&rc_verify.to_encoded_point(false).to_bytes()).unwrap();
        pk.verify(&digest, &theirs.to_bytes()).wait().unwrap();

        // Tampering: a changed digest or signature bit fails.
        let mut d2 = digest.clone();
        let at = i % d2.len();
        d2[at] ^= 0x80;
        assert_eq!(
            pk.verify(&d2, &theirs.to_bytes()).wait(),
            Err(Error::BadSignature),
            "{what}"
        );
        let mut s2 = sig.to_bytes();
        s2[(i * 7) % SIGNATURE_LEN] ^= 1;
        assert_eq!(
            ours.public_key().verify(&digest, &s2).wait(),
            Err(Error::BadSignature),
            "{what}"
        );
    }
}

#[test]
fn deterministic_signatures_equal_rustcrypto() {
    // RFC 6979: for 48-byte (SHA-384) digests both libraries run HMAC_DRBG
    // with SHA-384, so the signatures must be the same bytes.
    let mut rng = Rng::from_env("p384 deterministic_signatures_equal_rustcrypto");
    for _ in 0..CASES {
        let (bytes, rc) = random_scalar_p384(&mut rng);
        let digest = rng.bytes(48);
        let ours = PrivateKey::from_bytes(&bytes).unwrap();
        let sig = ours.sign_deterministic(&digest).wait().unwrap();
        let theirs: RcSignature = SigningKey::from(&rc).sign_prehash(&digest).unwrap();
        assert_eq!(
            hex(sig.as_ref()),
            hex(&theirs.to_bytes()),
            "key {} digest {}",
            hex(&bytes),
            hex(&digest)
        );
        assert_eq!(sig, ours.sign_deterministic(&digest).wait().unwrap());
    }
}

#[test]
fn lengths_are_checked() {
    let k = PrivateKey::generate().wait().unwrap();
    // A P-256-sized scalar or signature is not a P-384 one.
    assert_eq!(
        PrivateKey::from_bytes(&[1u8; 32]).err(),
        Some(Error::BadKey)
    );
    assert_eq!(
        PrivateKey::from_bytes_restartable(&[1u8; 32]).wait().err(),
        Some(Error::BadKey)
    );
    assert_eq!(
        Signature::from_bytes(&[1u8; 64]).err(),
        Some(Error::InvalidArg)
    );
    assert_eq!(
        k.public_key().verify(&[1u8; 48], &[1u8; 64]).wait(),
        Err(Error::BadSignature)
    );
    // An empty digest.
    assert_eq!(k.sign(&[]).wait().err(), Some(Error::InvalidArg));
    assert_eq!(
        k.sign_deterministic(&[]).wait().err(),
        Some(Error::InvalidArg)
    );
    let sig = k.sign(&[9u8; 48]).wait().unwrap();
    assert_eq!(
        k.public_key().verify(&[], sig.as_ref()).wait(),
        Err(Error::InvalidArg)
    );
    // r = 0 or s = 0 (out of [1, n-1]) is a bad signature, not an error of use.
    let mut zero_r = sig.to_bytes();
    zero_r[..48].fill(0);
    let mut zero_s = sig.to_bytes();
    zero_s[48..].fill(0);
    for bad in [zero_r, zero_s] {
        assert_eq!(
            k.public_key().verify(&[9u8; 48], &bad).wait(),
            Err(Error::BadSignature)
        );
    }
    // The zero scalar and n are out of range.
    assert_eq!(
        PrivateKey::from_bytes(&[0u8; 48]).err(),
        Some(Error::BadKey)
    );
    // (n from the p384 crate.)
    use p384::elliptic_curve::{bigint::Encoding, Curve};
    let n = p384::NistP384::ORDER.to_be_bytes();
    assert_eq!(PrivateKey::from_bytes(&n).err(), Some(Error::BadKey));
    // A P-384 key is not a P-256 key and vice versa.
    let p256_point = nbtls::p256::PrivateKey::generate()
        .wait()
        .unwrap()
        .public_key()
        .to_sec1();
    assert_eq!(PublicKey::from_sec1(&p256_point).err(), Some(Error::BadKey));
    assert_eq!(
        nbtls::p256::PublicKey::from_sec1(&k.public_key().to_sec1()).err(),
        Some(Error::BadKey)
    );
}

#[test]
fn ops_run_on_tokio_in_slices() {
    block_on(async {
        let a = PrivateKey::generate().budget(4).await.unwrap();
        let b = PrivateKey::generate().budget(4).await.unwrap();
        let digest = [0x38u8; 48];
        let mut sign = a.sign(&digest).budget(2);
        // Driven by hand: more than one slice at budget 2.
        let mut polls = 0;
        let sig = loop {
            polls += 1;
            if let std::task::Poll::Ready(r) = sign.advance(2) {
                break r.unwrap();
            }
        };
        assert!(polls > 1, "one slice only: {polls}");
        let (s1, s2) = tokio::join!(
            a.diffie_hellman(b.public_key()).budget(8),
            b.diffie_hellman(a.public_key()).budget(8)
        );
        assert_eq!(s1.unwrap().as_bytes(), s2.unwrap().as_bytes());
        a.public_key()
            .verify(&digest, sig.as_ref())
            .budget(8)
            .await
            .unwrap();
    });
}

/// P-384 keys written by the `openssl` command, in every format it writes:
/// the scalar and point nbtls reads must be the ones the p384 crate derives
/// from the same PKCS#8 file.
#[test]
fn p384_key_files() {
    use p384::pkcs8::DecodePrivateKey;
    if !common::have_openssl() {
        eprintln!("openssl not found: skipped");
        return;
    }
    let dir = common::temp_dir("p384-keyfiles");
    let pkcs8 = dir.join("key.pem").to_string_lossy().into_owned();
    for _ in 0..3 {
        common::openssl(&[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-384",
            "-out",
            &pkcs8,
        ]);
        let pem = std::fs::read_to_string(&pkcs8).unwrap();
        let rc = p384::SecretKey::from_pkcs8_pem(&pem).expect("p384 reads openssl's PKCS#8");
        let scalar = rc.to_bytes();
        let point = rc.public_key().to_encoded_point(false);
        let check = |k: PrivateKey, what: &str| {
            assert_eq!(hex(&k.to_bytes()[..]), hex(&scalar), "{what}: scalar");
            assert_eq!(
                hex(&k.public_key().to_sec1()),
                hex(point.as_bytes()),
                "{what}: point"
            );
        };
        check(PrivateKey::from_pem(&pem).unwrap(), "PKCS#8 PEM");
        let der = common::openssl(&["pkey", "-in", &pkcs8, "-outform", "DER"]);
        check(PrivateKey::from_der(&der).unwrap(), "PKCS#8 DER");
        let sec1 = common::openssl(&["ec", "-in", &pkcs8, "-outform", "PEM"]);
        let sec1 = String::from_utf8(sec1).unwrap();
        assert!(sec1.contains("BEGIN EC PRIVATE KEY"));
        check(PrivateKey::from_pem(&sec1).unwrap(), "SEC1 PEM");
        let spki = common::openssl(&["pkey", "-in", &pkcs8, "-pubout"]);
        let spki = String::from_utf8(spki).unwrap();
        let pk = PublicKey::from_pem(&spki).unwrap();
        assert_eq!(hex(&pk.to_sec1()), hex(point.as_bytes()), "SPKI PEM");
        let comp = common::openssl(&[
            "ec",
            "-in",
            &pkcs8,
            "-pubout",
            "-conv_form",
            "compressed",
            "-outform",
            "DER",
        ]);
        assert_eq!(PublicKey::from_der(&comp).unwrap(), pk, "SPKI compressed");
        // The scheme API's any-key type sees a P-384 key.
        assert_eq!(
            nbtls::scheme::VerifyingKey::from_pem(&spki).unwrap(),
            nbtls::scheme::VerifyingKey::P384(pk.clone())
        );
        // A P-384 file is not a P-256 key, and the other way round.
        assert_eq!(
            nbtls::p256::PrivateKey::from_pem(&pem).err(),
            Some(Error::Unsupported)
        );
        assert_eq!(PrivateKey::from_pem(&spki).err(), Some(Error::BadKey));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// RFC 6979 A.2.6 (P-384), from the repository's tests/p384/p384_rfc6979.txt
/// (its header states the provenance; the C suite cross-checks it with
/// Python `cryptography` and openssl). nbtls picks RFC 6979's HMAC hash from
/// the digest length, so all ten records must match exactly; here each is
/// also verified by the p384 crate, and the SHA-384 ones equal its
/// deterministic signature (it always runs HMAC-SHA-384).
#[test]
fn rfc6979_a26_p384() {
    use sha2::Digest;
    let Some(path) = common::repo_test_file("p384/p384_rfc6979.txt") else {
        eprintln!("tests/p384 not found (crate built outside the repository): skipped");
        return;
    };
    let recs = common::records_at(&path);
    let x = common::unhex(&recs[0]["x"]);
    let sk = PrivateKey::from_bytes(&x).unwrap();
    let want_pub = common::unhex(&format!("04{}{}", recs[0]["Ux"], recs[0]["Uy"]));
    assert_eq!(hex(&sk.public_key().to_sec1()), hex(&want_pub));
    let rc = SigningKey::from_slice(&x).unwrap();
    assert_eq!(
        rc.verifying_key().to_encoded_point(false).as_bytes(),
        &want_pub[..]
    );
    let mut n = 0;
    for r in &recs[1..] {
        let msg = r["msg"].as_bytes();
        let digest: Vec<u8> = match r["hash"].as_str() {
            "SHA-1" => sha1::Sha1::digest(msg).to_vec(),
            "SHA-224" => sha2::Sha224::digest(msg).to_vec(),
            "SHA-256" => sha2::Sha256::digest(msg).to_vec(),
            "SHA-384" => sha2::Sha384::digest(msg).to_vec(),
            "SHA-512" => sha2::Sha512::digest(msg).to_vec(),
            other => panic!("unknown hash {other}"),
        };
        let what = format!("{} {:?}", r["hash"], r["msg"]);
        let want = common::unhex(&format!("{}{}", r["r"], r["s"]));
        let sig = sk.sign_deterministic(&digest).wait().unwrap();
        assert_eq!(hex(sig.as_ref()), hex(&want), "{what}");
        sk.public_key().verify(&digest, &want).wait().unwrap();
        // (The p384 crate takes prehashes of at least 24 bytes: not SHA-1's.)
        if digest.len() >= 24 {
            let rsig = RcSignature::from_slice(&want).unwrap();
            rc.verifying_key()
                .verify_prehash(&digest, &rsig)
                .unwrap_or_else(|e| panic!("{what}: p384 rejects the vector: {e}"));
        }
        if r["hash"] == "SHA-384" {
            let theirs: RcSignature = rc.sign_prehash(&digest).unwrap();
            assert_eq!(hex(&theirs.to_bytes()), hex(&want), "{what}");
        }
        n += 1;
    }
    assert_eq!(n, 10, "A.2.6 has ten signatures");
}

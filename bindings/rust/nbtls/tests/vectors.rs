//! Known-answer tests from the vector files of tests/vectors/ (RFC 6979
//! A.2.5, RFC 5903 8.1, SEC1 point edge cases, signatures over digests of
//! many lengths). Each file states its provenance; here every value is also
//! checked against the RustCrypto `p256` crate where it applies, so a bad
//! vector and a bad implementation cannot hide each other.

mod common;

use common::{block_on, hex, records, unhex, vectors_dir};
use nbtls::p256::{PrivateKey, PublicKey};
use nbtls::Error;
use p256::ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};

fn have_vectors() -> bool {
    if vectors_dir().is_none() {
        eprintln!("tests/vectors not found (crate built outside the repository): skipped");
        return false;
    }
    true
}

#[test]
fn rfc6979_a25_p256() {
    if !have_vectors() {
        return;
    }
    let recs = records("p256_rfc6979.txt");
    let key = &recs[0];
    let x = unhex(&key["x"]);
    let expect_pub = unhex(&format!("04{}{}", key["Ux"], key["Uy"]));

    let sk = PrivateKey::from_bytes(&x).expect("import x");
    assert_eq!(hex(&sk.public_key().to_sec1()), hex(&expect_pub));
    assert_eq!(hex(&sk.to_bytes()[..]), hex(&x));
    // The restartable import gives the same key.
    let sk2 = PrivateKey::from_bytes_restartable(&x)
        .budget(3)
        .wait()
        .unwrap();
    assert_eq!(sk2.public_key(), sk.public_key());
    // Independent check of the vector's key pair.
    let rc = p256::ecdsa::SigningKey::from_slice(&x).unwrap();
    assert_eq!(
        rc.verifying_key().to_encoded_point(false).as_bytes(),
        &expect_pub[..]
    );

    let (mut n, mut with_rustcrypto) = (0, 0);
    for r in &recs[1..] {
        let digest = unhex(&r["digest"]);
        assert_eq!(digest.len().to_string(), r["hash_len"]);
        let want = unhex(&format!("{}{}", r["r"], r["s"]));
        let what = format!("{} {:?}", r["hash"], r["msg"]);

        // RFC 6979 derives the nonce with HMAC over the message's own hash;
        // nbtls picks that hash from the digest length (20: SHA-1, 28:
        // SHA-224, 32: SHA-256, 48: SHA-384, 64: SHA-512; nbtls.h), so every
        // record of the RFC is reproduced exactly. RustCrypto's prehash API
        // always uses HMAC-SHA-256: it must agree on the SHA-256 records.
        let sig = sk.sign_deterministic(&digest).wait().expect(&what);
        assert_eq!(hex(sig.as_ref()), hex(&want), "{what}: vs RFC 6979");
        if r["hash"] == "SHA-256" {
            let theirs: p256::ecdsa::Signature = rc.sign_prehash(&digest).unwrap();
            assert_eq!(
                hex(sig.as_ref()),
                hex(&theirs.to_bytes()),
                "{what}: vs p256 crate"
            );
            with_rustcrypto += 1;
        }
        // Blocking and awaited with a tiny budget (many slices): same bytes.
        let sig2 = block_on(sk.sign_deterministic(&digest).budget(1)).expect(&what);
        assert_eq!(sig2, sig, "{what}");
        sk.public_key()
            .verify(&digest, sig.as_ref())
            .wait()
            .expect(&what);

        sk.public_key().verify(&digest, &want).wait().expect(&what);
        // The hedged signature differs but verifies.
        let hedged = block_on(sk.sign(&digest)).expect(&what);
        assert_ne!(
            hedged, sig,
            "{what}: hedged signature equals the deterministic one"
        );
        block_on(sk.public_key().verify(&digest, hedged.as_ref())).expect(&what);

        // RustCrypto verifies the RFC's signature too (independent check).
        let rsig = p256::ecdsa::Signature::from_slice(&want).unwrap();
        rc.verifying_key()
            .verify_prehash(&digest, &rsig)
            .expect(&what);
        n += 1;
    }
    assert_eq!(n, 10, "RFC 6979 A.2.5 has 10 P-256 signatures");
    assert_eq!(
        with_rustcrypto, 2,
        "two of them (\"sample\", \"test\") use SHA-256"
    );
}

#[test]
fn rfc5903_ecdh() {
    if !have_vectors() {
        return;
    }
    let v = &records("p256_rfc5903.txt")[0];
    let i = PrivateKey::from_bytes(&unhex(&v["i"])).unwrap();
    let r = PrivateKey::from_bytes(&unhex(&v["r"])).unwrap();
    let gi = unhex(&format!("04{}{}", v["gix"], v["giy"]));
    let gr = unhex(&format!("04{}{}", v["grx"], v["gry"]));
    assert_eq!(hex(&i.public_key().to_sec1()), hex(&gi));
    assert_eq!(hex(&r.public_key().to_sec1()), hex(&gr));
    let want = v["girx"].to_uppercase();
    let s1 = i.diffie_hellman(r.public_key()).wait().unwrap();
    let s2 = block_on(r.diffie_hellman(i.public_key()).budget(1)).unwrap();
    assert_eq!(hex(s1.as_bytes()), want);
    assert_eq!(hex(s2.as_ref()), want);
    // Peer given as bytes, compressed.
    let s3 = i
        .diffie_hellman_sec1(&r.public_key().to_sec1_compressed())
        .wait()
        .unwrap();
    assert_eq!(hex(s3.as_bytes()), want);
    // Independent check.
    let ri = p256::SecretKey::from_slice(&unhex(&v["i"])).unwrap();
    let rr = p256::PublicKey::from_sec1_bytes(&gr).unwrap();
    let theirs = p256::ecdh::diffie_hellman(ri.to_nonzero_scalar(), rr.as_affine());
    assert_eq!(hex(theirs.raw_secret_bytes()), want);
}

#[test]
fn sec1_point_edge_cases() {
    if !have_vectors() {
        return;
    }
    let priv_key = PrivateKey::from_bytes(&[0x11; 32]).unwrap();
    let rc_priv = p256::SecretKey::from_slice(&[0x11; 32]).unwrap();
    let (mut valid, mut invalid) = (0, 0);
    for r in records("p256_points.txt") {
        let name = &r["name"];
        let sec1 = unhex(r.get("sec1").map(String::as_str).unwrap_or(""));
        let ours = PublicKey::from_sec1(&sec1);
        let theirs = p256::PublicKey::from_sec1_bytes(&sec1);
        let ecdh = priv_key.diffie_hellman_sec1(&sec1).budget(2).wait();
        if r["valid"] == "1" {
            valid += 1;
            let pk = ours.unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(
                hex(&pk.to_sec1()),
                r["uncompressed"].to_uppercase(),
                "{name}"
            );
            let theirs = theirs.unwrap_or_else(|e| panic!("{name}: p256 crate: {e}"));
            let shared =
                p256::ecdh::diffie_hellman(rc_priv.to_nonzero_scalar(), theirs.as_affine());
            let ecdh = ecdh.unwrap_or_else(|e| panic!("{name}: ecdh: {e}"));
            assert_eq!(
                hex(ecdh.as_bytes()),
                hex(shared.raw_secret_bytes()),
                "{name}"
            );
        } else {
            invalid += 1;
            assert_eq!(ours.err(), Some(Error::BadKey), "{name}: import");
            assert!(theirs.is_err(), "{name}: the p256 crate accepts it");
            assert_eq!(ecdh.err(), Some(Error::BadKey), "{name}: ecdh");
        }
    }
    assert!(
        valid >= 5 && invalid >= 20,
        "{valid} valid, {invalid} invalid"
    );
}

#[test]
fn ecdsa_over_digests_of_many_lengths() {
    if !have_vectors() {
        return;
    }
    let recs = records("p256_ecdsa_digests.txt");
    let sk = PrivateKey::from_bytes(&unhex(&recs[0]["d"])).unwrap();
    let pk = PublicKey::from_sec1(&unhex(&recs[0]["Q"])).unwrap();
    assert_eq!(sk.public_key(), &pk);
    let mut n = 0;
    for r in &recs[1..] {
        let digest = unhex(&r["digest"]);
        let sig = unhex(&r["sig"]);
        let what = format!("digest_len {}", r["digest_len"]);
        pk.verify(&digest, &sig).wait().expect(&what);
        // Any flipped bit in the signature or the digest breaks it.
        for bit in [0usize, 255, 256, 511] {
            let mut bad = sig.clone();
            bad[bit / 8] ^= 0x80 >> (bit % 8);
            assert_eq!(
                pk.verify(&digest, &bad).wait(),
                Err(Error::BadSignature),
                "{what} sig bit {bit}"
            );
        }
        let mut bad = digest.clone();
        bad[0] ^= 1;
        assert_eq!(
            pk.verify(&bad, &sig).wait(),
            Err(Error::BadSignature),
            "{what} digest"
        );
        // Our own signatures over the same digest verify too (signing takes
        // only the digest lengths of supported hashes).
        if [20, 28, 32, 48, 64].contains(&digest.len()) {
            let ours = sk.sign_deterministic(&digest).wait().expect(&what);
            pk.verify(&digest, ours.as_ref()).wait().expect(&what);
        } else {
            assert_eq!(
                sk.sign_deterministic(&digest).wait().err(),
                Some(Error::InvalidArg),
                "{what}"
            );
        }
        n += 1;
    }
    assert!(n >= 16, "{n} records");
}

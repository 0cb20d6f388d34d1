//! Signature schemes over messages (nbtls_sign_start / nbtls_verify_start),
//! differential against RustCrypto: `p256` / `p384` ECDSA with DER
//! signatures in both directions, `rsa` PKCS#1 v1.5 and PSS signatures
//! verified by nbtls (nbtls signs ECDSA only). Tampered signatures fail with
//! `BadSignature`; a scheme that does not fit the key with `BadKey`.

mod common;

use std::sync::OnceLock;

use common::{hex, Rng};
use nbtls::scheme::{SignatureScheme, VerifyingKey, SIGNATURE_MAX_LEN};
use nbtls::{p256 as ours256, p384 as ours384, rsa as ours_rsa, Error};
use p256::ecdsa::signature::{RandomizedSigner, SignatureEncoding, Signer, Verifier};
use rsa::pkcs8::{EncodePublicKey, LineEnding};
use rsa::rand_core::OsRng;
use rsa::RsaPrivateKey;
use sha2::{Sha256, Sha384, Sha512};

const CASES: usize = 16;

fn rsa_key() -> &'static RsaPrivateKey {
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(|| RsaPrivateKey::new(&mut OsRng, 2048).expect("rsa keygen"))
}

fn message(rng: &mut Rng) -> Vec<u8> {
    // Empty, short, and longer than one 512-byte hashing unit.
    let len = match rng.below(4) {
        0 => 0,
        1 => 1 + rng.below(64) as usize,
        _ => rng.below(3000) as usize,
    };
    rng.bytes(len)
}

/// Make the first INTEGER of a DER ECDSA signature non-minimal (one more
/// leading zero byte): same value, not DER any more.
fn non_minimal(der: &[u8]) -> Vec<u8> {
    assert!(
        der[0] == 0x30 && der[1] < 0x7f && der[2] == 0x02,
        "{}",
        hex(der)
    );
    let mut v = vec![0x30, der[1] + 1, 0x02, der[3] + 1, 0x00];
    v.extend_from_slice(&der[4..]);
    v
}

#[test]
fn ecdsa_p256_both_ways() {
    let mut rng = Rng::from_env("scheme ecdsa_p256_both_ways");
    let scheme = SignatureScheme::EcdsaSecp256r1Sha256;
    for i in 0..CASES {
        let (bytes, rc) = common::random_scalar(&mut rng);
        let key = ours256::PrivateKey::from_bytes(&bytes).unwrap();
        let rc_sign = p256::ecdsa::SigningKey::from(&rc);
        let rc_verify = p256::ecdsa::VerifyingKey::from(&rc_sign);
        let msg = message(&mut rng);
        let what = format!("key {} msg {}", hex(&bytes), hex(&msg));

        // nbtls -> p256 (DER, SHA-256 of the message).
        let sig = key.sign_message(scheme, &msg).wait().unwrap();
        assert!(sig.as_bytes().len() <= 72, "{what}");
        let rsig = p256::ecdsa::Signature::from_der(sig.as_ref())
            .unwrap_or_else(|e| panic!("{what}: not DER: {e}"));
        rc_verify
            .verify(&msg, &rsig)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        // The same signature through the raw-digest API.
        use sha2::Digest;
        key.public_key()
            .verify(&Sha256::digest(&msg), &rsig.to_bytes())
            .wait()
            .unwrap();

        // p256 -> nbtls.
        let theirs: p256::ecdsa::Signature = rc_sign.sign(&msg);
        let der = theirs.to_der();
        let pk = key.public_key();
        pk.verify_message(scheme, &msg, der.as_bytes())
            .wait()
            .unwrap_or_else(|e| panic!("{what}: {e}"));

        // Tampering: message bit, signature bit, raw r || s instead of DER,
        // a trailing byte, a non-minimal INTEGER.
        let mut m2 = msg.clone();
        m2.push(i as u8);
        let mut flipped = der.to_vec();
        let at = 4 + rng.below(flipped.len() as u64 - 4) as usize;
        flipped[at] ^= 0x04;
        let mut trailing = der.to_vec();
        trailing.push(0);
        for (bad_msg, bad_sig, how) in [
            (&m2[..], der.to_vec(), "message changed"),
            (&msg[..], flipped, "signature bit"),
            (&msg[..], theirs.to_bytes().to_vec(), "raw r||s"),
            (&msg[..], trailing, "trailing byte"),
            (&msg[..], non_minimal(der.as_bytes()), "non-minimal INTEGER"),
            (&msg[..], Vec::new(), "empty"),
        ] {
            assert_eq!(
                pk.verify_message(scheme, bad_msg, &bad_sig).wait(),
                Err(Error::BadSignature),
                "{what}: {how}"
            );
        }
    }
}

#[test]
fn ecdsa_p384_both_ways() {
    let mut rng = Rng::from_env("scheme ecdsa_p384_both_ways");
    let scheme = SignatureScheme::EcdsaSecp384r1Sha384;
    for _ in 0..CASES {
        let (bytes, rc) = common::random_scalar_p384(&mut rng);
        let key = ours384::PrivateKey::from_bytes(&bytes).unwrap();
        let rc_sign = p384::ecdsa::SigningKey::from(&rc);
        let rc_verify = p384::ecdsa::VerifyingKey::from(&rc_sign);
        let msg = message(&mut rng);
        let what = format!("key {} msg {}", hex(&bytes), hex(&msg));

        let sig = key.sign_message(scheme, &msg).wait().unwrap();
        assert!(sig.as_bytes().len() <= SIGNATURE_MAX_LEN, "{what}");
        let rsig = p384::ecdsa::Signature::from_der(sig.as_ref())
            .unwrap_or_else(|e| panic!("{what}: not DER: {e}"));
        rc_verify
            .verify(&msg, &rsig)
            .unwrap_or_else(|e| panic!("{what}: {e}"));

        let theirs: p384::ecdsa::Signature = rc_sign.sign(&msg);
        let der = theirs.to_der();
        let pk = key.public_key();
        pk.verify_message(scheme, &msg, der.as_bytes())
            .wait()
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        let mut flipped = der.to_vec();
        let last = flipped.len() - 1;
        flipped[last] ^= 0x01;
        assert_eq!(
            pk.verify_message(scheme, &msg, &flipped).wait(),
            Err(Error::BadSignature),
            "{what}"
        );
        assert_eq!(
            pk.verify_message(scheme, &msg, &non_minimal(der.as_bytes()))
                .wait(),
            Err(Error::BadSignature),
            "{what}"
        );
    }
}

/// The rsa crate's signature of `msg` with `scheme` (PSS: salt length =
/// hash length, MGF1 with the same hash, as TLS 1.3 requires).
fn rsa_sign(key: &RsaPrivateKey, scheme: SignatureScheme, msg: &[u8]) -> Vec<u8> {
    use rsa::{pkcs1v15, pss};
    let k = key.clone();
    match scheme {
        SignatureScheme::RsaPkcs1Sha256 => {
            pkcs1v15::SigningKey::<Sha256>::new(k).sign(msg).to_vec()
        }
        SignatureScheme::RsaPkcs1Sha384 => {
            pkcs1v15::SigningKey::<Sha384>::new(k).sign(msg).to_vec()
        }
        SignatureScheme::RsaPkcs1Sha512 => {
            pkcs1v15::SigningKey::<Sha512>::new(k).sign(msg).to_vec()
        }
        SignatureScheme::RsaPssRsaeSha256 => pss::SigningKey::<Sha256>::new(k)
            .sign_with_rng(&mut OsRng, msg)
            .to_vec(),
        SignatureScheme::RsaPssRsaeSha384 => pss::SigningKey::<Sha384>::new(k)
            .sign_with_rng(&mut OsRng, msg)
            .to_vec(),
        SignatureScheme::RsaPssRsaeSha512 => pss::SigningKey::<Sha512>::new(k)
            .sign_with_rng(&mut OsRng, msg)
            .to_vec(),
        other => panic!("not an RSA scheme: {other}"),
    }
}

const RSA_SCHEMES: [SignatureScheme; 6] = [
    SignatureScheme::RsaPkcs1Sha256,
    SignatureScheme::RsaPkcs1Sha384,
    SignatureScheme::RsaPkcs1Sha512,
    SignatureScheme::RsaPssRsaeSha256,
    SignatureScheme::RsaPssRsaeSha384,
    SignatureScheme::RsaPssRsaeSha512,
];

#[test]
fn rsa_peer_signatures_verify() {
    let mut rng = Rng::from_env("scheme rsa_peer_signatures_verify");
    let key = rsa_key();
    let spki = key.to_public_key().to_public_key_der().unwrap();
    let pk = ours_rsa::PublicKey::from_der(spki.as_bytes()).unwrap();
    for (i, scheme) in RSA_SCHEMES.into_iter().enumerate() {
        let msg = message(&mut rng);
        let sig = rsa_sign(key, scheme, &msg);
        let what = format!("{scheme} msg {}", hex(&msg));
        pk.verify_message(scheme, &msg, &sig)
            .wait()
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        // Tampered signature, changed message, wrong length: BadSignature.
        let mut bad = sig.clone();
        let at = rng.below(bad.len() as u64) as usize;
        bad[at] ^= 0x10;
        let mut m2 = msg.clone();
        m2.push(0x5a);
        for (m, s, how) in [
            (&msg[..], &bad[..], "signature bit"),
            (&m2[..], &sig[..], "message"),
            (&msg[..], &sig[1..], "short signature"),
        ] {
            assert_eq!(
                pk.verify_message(scheme, m, s).wait(),
                Err(Error::BadSignature),
                "{what}: {how}"
            );
        }
        // Any other RSA scheme (other padding or hash) rejects it.
        let other = RSA_SCHEMES[(i + 1 + rng.below(5) as usize) % 6];
        assert_eq!(
            pk.verify_message(other, &msg, &sig).wait(),
            Err(Error::BadSignature),
            "{what} as {other}"
        );
    }
}

#[test]
fn scheme_and_key_must_fit() {
    let k256 = ours256::PrivateKey::generate().wait().unwrap();
    let k384 = ours384::PrivateKey::generate().wait().unwrap();
    let spki = rsa_key().to_public_key().to_public_key_der().unwrap();
    let krsa = ours_rsa::PublicKey::from_der(spki.as_bytes()).unwrap();
    let msg = b"scheme/key mismatch";
    let s256 = k256
        .sign_message(SignatureScheme::EcdsaSecp256r1Sha256, msg)
        .wait()
        .unwrap();
    let s384 = k384
        .sign_message(SignatureScheme::EcdsaSecp384r1Sha384, msg)
        .wait()
        .unwrap();
    for scheme in SignatureScheme::ALL {
        if scheme != SignatureScheme::EcdsaSecp256r1Sha256 {
            assert_eq!(
                k256.sign_message(scheme, msg).wait().err(),
                Some(Error::BadKey),
                "P-256 key signs {scheme}"
            );
            assert_eq!(
                k256.public_key()
                    .verify_message(scheme, msg, s256.as_ref())
                    .wait(),
                Err(Error::BadKey),
                "P-256 key verifies {scheme}"
            );
        }
        if scheme != SignatureScheme::EcdsaSecp384r1Sha384 {
            assert_eq!(
                k384.sign_message(scheme, msg).wait().err(),
                Some(Error::BadKey),
                "P-384 key signs {scheme}"
            );
            assert_eq!(
                k384.public_key()
                    .verify_message(scheme, msg, s384.as_ref())
                    .wait(),
                Err(Error::BadKey),
                "P-384 key verifies {scheme}"
            );
        }
        if !RSA_SCHEMES.contains(&scheme) {
            assert_eq!(
                krsa.verify_message(scheme, msg, s256.as_ref()).wait(),
                Err(Error::BadKey),
                "RSA key verifies {scheme}"
            );
        }
    }
}

#[test]
fn verifying_key_takes_any_public_key() {
    let msg = b"certificate verify";
    // P-256 and RSA, from the peers' SubjectPublicKeyInfo PEM.
    let k256 = ours256::PrivateKey::generate().wait().unwrap();
    let pem256 = p256::PublicKey::from_sec1_bytes(&k256.public_key().to_sec1())
        .unwrap()
        .to_public_key_pem(LineEnding::LF)
        .unwrap();
    let v = VerifyingKey::from_pem(&pem256).unwrap();
    assert_eq!(v, VerifyingKey::P256(k256.public_key().clone()));
    let sig = k256
        .sign_message(SignatureScheme::EcdsaSecp256r1Sha256, msg)
        .wait()
        .unwrap();
    v.verify_message(SignatureScheme::EcdsaSecp256r1Sha256, msg, sig.as_ref())
        .wait()
        .unwrap();

    let pem_rsa = rsa_key()
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .unwrap();
    let v = VerifyingKey::from_pem(&pem_rsa).unwrap();
    assert!(matches!(v, VerifyingKey::Rsa(_)));
    let sig = rsa_sign(rsa_key(), SignatureScheme::RsaPssRsaeSha256, msg);
    v.verify_message(SignatureScheme::RsaPssRsaeSha256, msg, &sig)
        .wait()
        .unwrap();
    assert_eq!(
        v.verify_message(SignatureScheme::RsaPssRsaeSha384, msg, &sig)
            .wait(),
        Err(Error::BadSignature)
    );

    // P-384 through From (key files: see p384_key_files in tests/p384.rs).
    let k384 = ours384::PrivateKey::generate().wait().unwrap();
    let v = VerifyingKey::from(k384.public_key().clone());
    let sig = k384
        .sign_message(SignatureScheme::EcdsaSecp384r1Sha384, msg)
        .wait()
        .unwrap();
    v.verify_message(SignatureScheme::EcdsaSecp384r1Sha384, msg, sig.as_ref())
        .wait()
        .unwrap();

    // Not a key.
    assert_eq!(VerifyingKey::from_pem("nope").err(), Some(Error::BadKey));
}

#[test]
fn long_messages_hash_in_slices() {
    let key = ours256::PrivateKey::generate().wait().unwrap();
    let msg = vec![0xa5u8; 64 * 1024];
    let scheme = SignatureScheme::EcdsaSecp256r1Sha256;
    let mut op = key.sign_message(scheme, &msg);
    let mut polls = 0;
    let sig = loop {
        polls += 1;
        if let std::task::Poll::Ready(r) = op.advance(1) {
            break r.unwrap();
        }
    };
    // 512 message bytes per unit: at least 128 units of hashing alone.
    assert!(op.units() >= 128 && polls >= 128, "{polls} polls");
    common::block_on(async {
        key.public_key()
            .verify_message(scheme, &msg, sig.as_ref())
            .budget(8)
            .await
            .unwrap();
    });
    // The peer agrees.
    let rc = p256::ecdsa::VerifyingKey::from_sec1_bytes(&key.public_key().to_sec1()).unwrap();
    rc.verify(
        &msg,
        &p256::ecdsa::Signature::from_der(sig.as_ref()).unwrap(),
    )
    .unwrap();
}

#[test]
fn keys_and_ops_cross_threads() {
    fn send_sync<T: Send + Sync + 'static>() {}
    fn send<T: Send + 'static>(_: &T) {}
    send_sync::<ours384::PrivateKey>();
    send_sync::<ours384::PublicKey>();
    send_sync::<ours384::SharedSecret>();
    send_sync::<ours_rsa::PublicKey>();
    send_sync::<VerifyingKey>();
    send_sync::<nbtls::scheme::Signature>();
    // One VerifyingKey shared by threads, each verifying its own signature.
    let key = ours384::PrivateKey::generate().wait().unwrap();
    let v = std::sync::Arc::new(VerifyingKey::from(key.public_key().clone()));
    let scheme = SignatureScheme::EcdsaSecp384r1Sha384;
    let handles: Vec<_> = (0..3u8)
        .map(|t| {
            let op = key.sign_message(scheme, &[t; 100]).budget(16);
            send(&op);
            let v = v.clone();
            std::thread::spawn(move || {
                let sig = common::block_on(op).unwrap();
                v.verify_message(scheme, &[t; 100], sig.as_ref())
                    .wait()
                    .map(|()| sig)
            })
        })
        .collect();
    for h in handles {
        let sig = h.join().unwrap().unwrap();
        assert!(sig.as_bytes().len() <= SIGNATURE_MAX_LEN);
    }
}

//! Every rejection path of the safe API gives the right `Error` (and never a
//! panic): wrong lengths, out-of-range scalars, off-curve points, bad
//! signatures.

mod common;

use common::{hex, unhex};
use nbtls::p256::{PrivateKey, PublicKey, Signature};
use nbtls::Error;

/// The group order n (FIPS 186-4 D.1.2.3; tests/vectors/p256_params.txt).
const N: &str = "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551";

fn key() -> PrivateKey {
    PrivateKey::from_bytes(&[0x42; 32]).unwrap()
}

#[test]
fn order_constant_matches_the_p256_crate() {
    // n - 1 is the largest valid scalar; n is not (independent check of N).
    let mut n_minus_1 = unhex(N);
    n_minus_1[31] -= 1;
    assert!(p256::SecretKey::from_slice(&n_minus_1).is_ok());
    assert!(p256::SecretKey::from_slice(&unhex(N)).is_err());
}

#[test]
fn private_key_lengths_and_ranges() {
    for len in [0usize, 1, 31, 33, 64] {
        assert_eq!(
            PrivateKey::from_bytes(&vec![1u8; len]).err(),
            Some(Error::BadKey),
            "len {len}"
        );
        assert_eq!(
            PrivateKey::from_bytes_restartable(&vec![1u8; len])
                .wait()
                .err(),
            Some(Error::BadKey),
            "restartable len {len}"
        );
    }
    let n = unhex(N);
    let mut n_plus_1 = n.clone();
    n_plus_1[31] += 1;
    let mut n_minus_1 = n.clone();
    n_minus_1[31] -= 1;
    for (what, s) in [
        ("zero", vec![0u8; 32]),
        ("n", n),
        ("n+1", n_plus_1),
        ("2^256-1", vec![0xff; 32]),
    ] {
        assert_eq!(
            PrivateKey::from_bytes(&s).err(),
            Some(Error::BadKey),
            "{what}"
        );
        assert_eq!(
            PrivateKey::from_bytes_restartable(&s).wait().err(),
            Some(Error::BadKey),
            "{what}"
        );
    }
    // The extremes of the valid range work and round-trip.
    let mut one = [0u8; 32];
    one[31] = 1;
    for s in [one.to_vec(), n_minus_1] {
        let k = PrivateKey::from_bytes(&s).unwrap();
        assert_eq!(hex(&k.to_bytes()[..]), hex(&s));
    }
    // 1 * G = G.
    let g = "046B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C2964FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5";
    assert_eq!(
        hex(&PrivateKey::from_bytes(&one).unwrap().public_key().to_sec1()),
        g
    );
}

#[test]
fn public_key_encodings() {
    let good = key().public_key().to_sec1();
    assert!(PublicKey::from_sec1(&good).is_ok());
    let mut off = good;
    off[64] ^= 1; // y + 1 or y - 1: off the curve
    let mut hybrid = good;
    hybrid[0] = 0x06 | (good[64] & 1);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", vec![]),
        ("infinity", vec![0]),
        ("off curve", off.to_vec()),
        ("hybrid", hybrid.to_vec()),
        ("truncated", good[..64].to_vec()),
        ("trailing byte", [&good[..], &[0]].concat()),
        ("no format byte", good[1..].to_vec()),
        ("all zero", vec![0; 65]),
        ("x = p", unhex("04FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5")),
    ];
    let k = key();
    for (what, enc) in cases {
        assert_eq!(
            PublicKey::from_sec1(&enc).err(),
            Some(Error::BadKey),
            "{what}"
        );
        assert_eq!(
            k.diffie_hellman_sec1(&enc).wait().err(),
            Some(Error::BadKey),
            "ecdh {what}"
        );
        assert!(
            p256::PublicKey::from_sec1_bytes(&enc).is_err(),
            "p256 crate accepts {what}"
        );
    }
}

#[test]
fn signatures() {
    let k = key();
    let pk = k.public_key();
    let digest = [7u8; 32];
    let sig = k.sign(&digest).wait().unwrap();
    pk.verify(&digest, sig.as_ref()).wait().unwrap();

    // Wrong lengths: a bad signature, reported by the op's first poll (a
    // `Signature` of the wrong length cannot be built, though).
    for len in [0usize, 63, 65, 128] {
        assert_eq!(
            pk.verify(&digest, &vec![1u8; len]).wait(),
            Err(Error::BadSignature),
            "len {len}"
        );
        assert_eq!(
            Signature::from_bytes(&vec![1u8; len]).err(),
            Some(Error::InvalidArg)
        );
    }
    // Empty digests.
    assert_eq!(k.sign(&[]).wait().err(), Some(Error::InvalidArg));
    assert_eq!(
        k.sign_deterministic(&[]).wait().err(),
        Some(Error::InvalidArg)
    );
    assert_eq!(pk.verify(&[], sig.as_ref()).wait(), Err(Error::InvalidArg));

    // r or s out of [1, n-1].
    let n = unhex(N);
    let (r, s) = (sig.r().to_vec(), sig.s().to_vec());
    let zero = vec![0u8; 32];
    for (what, rr, ss) in [
        ("r = 0", &zero, &s),
        ("s = 0", &r, &zero),
        ("r = n", &n, &s),
        ("s = n", &r, &n),
        ("both 0xff", &vec![0xff; 32], &vec![0xff; 32]),
    ] {
        let bad = [rr.as_slice(), ss.as_slice()].concat();
        assert_eq!(
            pk.verify(&digest, &bad).wait(),
            Err(Error::BadSignature),
            "{what}"
        );
    }
    // A valid signature under another key.
    let other = PrivateKey::from_bytes(&[0x43; 32]).unwrap();
    assert_eq!(
        other.public_key().verify(&digest, sig.as_ref()).wait(),
        Err(Error::BadSignature)
    );
    // Signature round-trips through bytes.
    assert_eq!(Signature::from_bytes(sig.as_ref()).unwrap(), sig);
    assert_eq!(&sig.to_bytes()[..], sig.as_ref());
}

#[test]
fn op_after_completion_and_debug_output() {
    let k = key();
    let mut op = k.sign(&[1u8; 32]);
    let out = loop {
        if let std::task::Poll::Ready(r) = op.advance(4) {
            break r;
        }
    };
    assert!(out.is_ok());
    assert!(op.is_finished());
    assert_eq!(op.advance(4), std::task::Poll::Ready(Err(Error::BadState)));
    // A start error is reported once, then BadState.
    let mut bad = k.sign(&[]);
    assert_eq!(
        bad.advance(1),
        std::task::Poll::Ready(Err(Error::InvalidArg))
    );
    assert_eq!(bad.advance(1), std::task::Poll::Ready(Err(Error::BadState)));
    // Debug never shows secrets.
    let dbg = format!("{k:?}");
    assert!(!dbg.to_lowercase().contains(&"42".repeat(32)), "{dbg}");
    let ss = k.diffie_hellman(k.public_key()).wait().unwrap();
    assert_eq!(format!("{ss:?}"), "SharedSecret(..)");
}

#[test]
fn version() {
    // The crate's version is the C library's (they are released together).
    assert_eq!(nbtls::version(), env!("CARGO_PKG_VERSION"));
    let v = nbtls::version_number();
    let parts: Vec<u32> = nbtls::version()
        .split('.')
        .map(|p| p.parse().unwrap())
        .collect();
    assert_eq!(v, (parts[0] << 16) | (parts[1] << 8) | parts[2]);
    assert!(Error::BadKey.to_string().contains("invalid key"));
}

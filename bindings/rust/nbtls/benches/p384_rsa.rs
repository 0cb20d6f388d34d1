//! P-384, RSA verification and the message signature schemes through the
//! nbtls crate, next to the RustCrypto `p384` and `rsa` crates.
//!
//!     cargo bench -p nbtls --bench p384_rsa            (in bindings/rust)
//!     NBTLS_BENCH_SECS=0.2 cargo bench -p nbtls --bench p384_rsa
//!
//! Prints µs per operation (the median of several timed batches) and the
//! work units / longest poll of each op at the default budget. Not a test:
//! nothing here passes or fails.

mod common;

use std::hint::black_box;

use common::{row, slices_default, time};
use nbtls::p384::PrivateKey;
use nbtls::rsa::{HashAlgorithm, Padding};
use nbtls::scheme::SignatureScheme;
use p384::ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};
use p384::ecdsa::signature::{Signer, Verifier};
use rsa::pkcs8::EncodePublicKey;
use rsa::rand_core::OsRng;
use sha2::{Digest, Sha256};

fn main() {
    println!(
        "nbtls {} (Rust crate) vs RustCrypto p384 0.13 / rsa 0.9",
        nbtls::version()
    );
    println!(
        "{:<28} {:>13} {:>13}   {:>6}",
        "operation", "nbtls", "RustCrypto", "ratio"
    );

    // ---- P-384 ----------------------------------------------------------------
    let key = PrivateKey::generate().wait().unwrap();
    let bytes = key.to_bytes();
    let rc_secret = p384::SecretKey::from_slice(&bytes[..]).unwrap();
    let rc_sign = p384::ecdsa::SigningKey::from(&rc_secret);
    let rc_verify = *rc_sign.verifying_key();
    let peer = PrivateKey::generate().wait().unwrap();
    let rc_peer = p384::PublicKey::from_sec1_bytes(&peer.public_key().to_sec1()).unwrap();
    let digest = [0x42u8; 48];
    let sig = key.sign(&digest).wait().unwrap();
    let rc_sig = p384::ecdsa::Signature::from_slice(sig.as_ref()).unwrap();

    let ours = time(|| {
        black_box(PrivateKey::generate().wait().unwrap());
    });
    let theirs = time(|| {
        let s = p384::SecretKey::from_slice(black_box(&bytes[..])).unwrap();
        black_box(s.public_key());
    });
    row("P-384 keygen / scalar*G", ours, Some(theirs));
    let ours = time(|| {
        black_box(key.sign(black_box(&digest)).wait().unwrap());
    });
    let theirs = time(|| {
        let s: p384::ecdsa::Signature = rc_sign.sign_prehash(black_box(&digest)).unwrap();
        black_box(s);
    });
    row("P-384 ECDSA sign", ours, Some(theirs));
    let ours = time(|| {
        key.public_key()
            .verify(black_box(&digest), sig.as_ref())
            .wait()
            .unwrap();
    });
    let theirs = time(|| {
        rc_verify
            .verify_prehash(black_box(&digest), &rc_sig)
            .unwrap();
    });
    row("P-384 ECDSA verify", ours, Some(theirs));
    let ours = time(|| {
        black_box(key.diffie_hellman(peer.public_key()).wait().unwrap());
    });
    let theirs = time(|| {
        black_box(p384::ecdh::diffie_hellman(
            rc_secret.to_nonzero_scalar(),
            rc_peer.as_affine(),
        ));
    });
    row("P-384 ECDH", ours, Some(theirs));

    // ---- Signature schemes over a 1 KiB message (hashing included) ------------
    let msg = vec![0x5au8; 1024];
    let scheme = SignatureScheme::EcdsaSecp384r1Sha384;
    let der = key.sign_message(scheme, &msg).wait().unwrap();
    let rc_der = p384::ecdsa::Signature::from_der(der.as_ref()).unwrap();
    let ours = time(|| {
        black_box(key.sign_message(scheme, black_box(&msg)).wait().unwrap());
    });
    let theirs = time(|| {
        let s: p384::ecdsa::Signature = rc_sign.sign(black_box(&msg));
        black_box(s.to_der());
    });
    row("ecdsa_secp384r1_sha384 sign", ours, Some(theirs));
    let ours = time(|| {
        key.public_key()
            .verify_message(scheme, black_box(&msg), der.as_ref())
            .wait()
            .unwrap();
    });
    let theirs = time(|| {
        rc_verify.verify(black_box(&msg), &rc_der).unwrap();
    });
    row("ecdsa_secp384r1_sha384 vfy", ours, Some(theirs));

    // ---- RSA verification -------------------------------------------------------
    let mut rsa_rows = Vec::new();
    for bits in [2048usize, 4096] {
        let rc = rsa::RsaPrivateKey::new(&mut OsRng, bits).unwrap();
        let spki = rc.to_public_key().to_public_key_der().unwrap();
        let ours_key = nbtls::rsa::PublicKey::from_der(spki.as_bytes()).unwrap();
        let d = Sha256::digest(&msg);
        let s = rc
            .sign_with_rng(&mut OsRng, rsa::Pss::new::<Sha256>(), &d)
            .unwrap();
        let rc_pub = rc.to_public_key();
        let ours = time(|| {
            ours_key
                .verify(Padding::Pss, HashAlgorithm::Sha256, black_box(&d), &s)
                .wait()
                .unwrap();
        });
        let theirs = time(|| {
            rc_pub
                .verify(rsa::Pss::new::<Sha256>(), black_box(&d), &s)
                .unwrap();
        });
        row(&format!("RSA-{bits} PSS verify"), ours, Some(theirs));
        rsa_rows.push((bits, ours_key, d, s));
    }

    // ---- Slices at the default time slice ------------------------------------
    println!();
    println!(
        "slices at DEFAULT_SLICE_US ({} µs, budgets from nbtls_op_budget_for_us): \
         work units, polls, longest poll",
        nbtls::DEFAULT_SLICE_US
    );
    let show = |what: &str, (u, p, l): (u64, u64, f64)| {
        println!("  {what:<28} {u:>5} units {p:>3} polls  max {l:>7.1} µs");
    };
    show("P-384 keygen", slices_default(PrivateKey::generate()));
    show("P-384 sign", slices_default(key.sign(&digest)));
    show(
        "P-384 verify",
        slices_default(key.public_key().verify(&digest, sig.as_ref())),
    );
    show(
        "P-384 ECDH",
        slices_default(key.diffie_hellman(peer.public_key())),
    );
    show(
        "ecdsa_secp384r1_sha384 sign",
        slices_default(key.sign_message(scheme, &msg)),
    );
    for (bits, k, d, s) in &rsa_rows {
        show(
            &format!("RSA-{bits} PSS verify"),
            slices_default(k.verify(Padding::Pss, HashAlgorithm::Sha256, d, s)),
        );
    }
}

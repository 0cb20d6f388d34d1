//! P-256 through the nbtls crate next to the RustCrypto `p256` crate, and the
//! cost of the restartable machinery (slices, work units, async overhead).
//!
//!     cargo bench -p nbtls            (in bindings/rust)
//!     NBTLS_BENCH_SECS=0.2 cargo bench -p nbtls   (quicker, noisier)
//!
//! Prints µs per operation (the median of several timed batches). Not a test:
//! nothing here passes or fails.

mod common;

use std::hint::black_box;

use common::{poll_to_end, row, slices, time};
use nbtls::p256::{PrivateKey, PublicKey};
use p256::ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};

fn main() {
    // cargo bench passes --bench; ignore arguments.
    println!(
        "nbtls {} (Rust crate) vs RustCrypto p256 0.13",
        nbtls::version()
    );
    println!(
        "{:<28} {:>13} {:>13}   {:>6}",
        "operation", "nbtls", "p256 crate", "ratio"
    );

    let key = PrivateKey::generate().wait().unwrap();
    let bytes = key.to_bytes();
    let rc_secret = p256::SecretKey::from_slice(&bytes[..]).unwrap();
    let rc_sign = p256::ecdsa::SigningKey::from(&rc_secret);
    let rc_verify = *rc_sign.verifying_key();
    let peer = PrivateKey::generate().wait().unwrap();
    let peer_pub: PublicKey = peer.public_key().clone();
    let rc_peer = p256::PublicKey::from_sec1_bytes(&peer_pub.to_sec1()).unwrap();
    let digest = [0x42u8; 32];
    let sig = key.sign(&digest).wait().unwrap();
    let rc_sig = p256::ecdsa::Signature::from_slice(sig.as_ref()).unwrap();

    let ours = time(|| {
        black_box(PrivateKey::generate().wait().unwrap());
    });
    let theirs = time(|| {
        let s = p256::SecretKey::from_slice(black_box(&bytes[..])).unwrap();
        black_box(s.public_key());
    });
    row("keygen / scalar*G", ours, Some(theirs));

    let ours = time(|| {
        black_box(key.sign(black_box(&digest)).wait().unwrap());
    });
    let theirs = time(|| {
        let s: p256::ecdsa::Signature = rc_sign.sign_prehash(black_box(&digest)).unwrap();
        black_box(s);
    });
    row("ECDSA sign (hedged/det.)", ours, Some(theirs));
    let ours_det = time(|| {
        black_box(key.sign_deterministic(black_box(&digest)).wait().unwrap());
    });
    row("ECDSA sign deterministic", ours_det, Some(theirs));

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
    row("ECDSA verify", ours, Some(theirs));

    let ours = time(|| {
        black_box(key.diffie_hellman(&peer_pub).wait().unwrap());
    });
    let theirs = time(|| {
        black_box(p256::ecdh::diffie_hellman(
            rc_secret.to_nonzero_scalar(),
            rc_peer.as_affine(),
        ));
    });
    row("ECDH", ours, Some(theirs));

    let ours = time(|| {
        black_box(PublicKey::from_sec1(black_box(&peer_pub.to_sec1())).unwrap());
    });
    let theirs = time(|| {
        black_box(p256::PublicKey::from_sec1_bytes(black_box(&peer_pub.to_sec1())).unwrap());
    });
    row("public key import (65 B)", ours, Some(theirs));

    // The restartable machinery.
    println!();
    println!("slices (work units, polls, longest single poll):");
    let slice = key.sign(&digest).next_budget();
    for (name, budget) in [
        ("budget 1", 1u32),
        ("budget 16", 16),
        ("default slice", slice),
    ] {
        let (u, p, l) = slices(key.sign(&digest), budget);
        let (vu, vp, vl) = slices(key.public_key().verify(&digest, sig.as_ref()), budget);
        let (eu, ep, el) = slices(key.diffie_hellman(&peer_pub), budget);
        println!(
            "  {name:<15} ({budget:>3}) sign {u:>4} units/{p:>4} polls/max {l:>6.1} µs; \
             verify {vu:>4}/{vp:>4}/{vl:>6.1} µs; ecdh {eu:>4}/{ep:>4}/{el:>6.1} µs"
        );
    }
    let (units, _, _) = slices(key.sign(&digest), 1);
    println!(
        "  ≈ {:.3} µs per work unit (sign: {ours_det:.1} µs / {units} units)",
        ours_det / units as f64
    );

    // Cost of awaiting in slices vs blocking.
    println!();
    for budget in [1u32, 16, slice] {
        let t = time(|| {
            black_box(poll_to_end(key.sign_deterministic(&digest).budget(budget)).unwrap());
        });
        row(
            &format!("sign as Future, budget {budget}"),
            t,
            Some(ours_det),
        );
    }
}

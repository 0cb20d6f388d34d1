//! nbtls on tokio: concurrent P-256 signatures next to a heartbeat task, on
//! ONE thread (a current-thread runtime).
//!
//! Each signature is an `nbtls::Op`, a Future that computes one bounded slice
//! (a budget of work units) per poll and then yields, so the heartbeat keeps
//! beating while eight tasks sign and verify. For comparison the same work
//! runs again with budget 0 (each operation computed in one go, as a
//! blocking library would): the heartbeat then waits for whole operations.
//!
//!     cargo run --release -p nbtls-example-tokio     (in bindings/rust)

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use nbtls::p256::PrivateKey;
use sha2::{Digest, Sha256};

const TASKS: usize = 8;
const SIGS_PER_TASK: usize = 8;

/// Yield to the other tasks once (wakes itself immediately, like an Op
/// between two slices).
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

struct Run {
    elapsed: Duration,
    beats: u64,
    median_gap: Duration,
    longest_gap: Duration,
    verified: usize,
}

async fn run(key: &PrivateKey, budget: u32) -> Run {
    let local = tokio::task::LocalSet::new();
    let stop = Rc::new(Cell::new(false));

    // The heartbeat: counts its turns and the longest wait between two.
    let hb_stop = stop.clone();
    let heartbeat = local.spawn_local(async move {
        let mut gaps = Vec::new();
        let mut last = Instant::now();
        while !hb_stop.get() {
            let now = Instant::now();
            gaps.push(now - last);
            last = now;
            YieldOnce(false).await;
        }
        gaps.sort();
        let median = gaps.get(gaps.len() / 2).copied().unwrap_or_default();
        let longest = gaps.last().copied().unwrap_or_default();
        (gaps.len() as u64, median, longest)
    });

    let start = Instant::now();
    let mut signers = Vec::new();
    for t in 0..TASKS {
        let key = key.clone();
        signers.push(local.spawn_local(async move {
            let mut ok = 0;
            for i in 0..SIGS_PER_TASK {
                let msg = format!("message {i} from task {t}");
                let digest = Sha256::digest(msg.as_bytes());
                let sig = key.sign(&digest).budget(budget).await.expect("sign");
                key.public_key()
                    .verify(&digest, sig.as_ref())
                    .budget(budget)
                    .await
                    .expect("verify");
                ok += 1;
            }
            ok
        }));
    }

    local
        .run_until(async move {
            let mut verified = 0;
            for s in signers {
                verified += s.await.expect("signer task");
            }
            let elapsed = start.elapsed();
            stop.set(true);
            let (beats, median_gap, longest_gap) = heartbeat.await.expect("heartbeat task");
            Run {
                elapsed,
                beats,
                median_gap,
                longest_gap,
                verified,
            }
        })
        .await
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), nbtls::Error> {
    println!(
        "nbtls {} on tokio (current-thread runtime: one OS thread)",
        nbtls::version()
    );
    let key = PrivateKey::generate().await?;
    println!(
        "{TASKS} tasks x {SIGS_PER_TASK} (sign + verify) with SHA-256 digests, next to a heartbeat task"
    );
    // The budget of the default slice (nbtls::DEFAULT_SLICE_US, converted
    // by the C library for a P-256 signature).
    let default = key.sign(&[0; 32]).next_budget();
    for (label, budget) in [
        ("restartable, budget 16 units/poll", 16u32),
        ("restartable, default 200 µs slice", default),
        ("blocking-like, budget 0 (no limit)", 0),
    ] {
        let r = run(&key, budget).await;
        println!(
            "  {label}: {} verified in {:>6.1} ms; heartbeat ran {:>5} times, \
             median wait {:>7.1} µs, longest {:>7.1} µs",
            r.verified,
            r.elapsed.as_secs_f64() * 1e3,
            r.beats,
            r.median_gap.as_secs_f64() * 1e6,
            r.longest_gap.as_secs_f64() * 1e6
        );
        assert_eq!(r.verified, TASKS * SIGS_PER_TASK);
    }
    // Cancellation: a timeout drops the operation in flight; its C object is
    // freed and its secrets wiped.
    let (k, done) = (key.clone(), Rc::new(Cell::new(0)));
    let counted = done.clone();
    let many = async move {
        for i in 0..1000u32 {
            let mut d = [0u8; 32];
            d[..4].copy_from_slice(&i.to_be_bytes());
            k.sign(&d).budget(1).await.expect("sign");
            counted.set(counted.get() + 1);
        }
    };
    let res = tokio::time::timeout(Duration::from_millis(5), many).await;
    println!(
        "timeout of 5 ms around 1000 signatures at budget 1: {} after {} signatures; \
         C ops alive afterwards: {}",
        if res.is_err() {
            "cancelled"
        } else {
            "finished"
        },
        done.get(),
        nbtls::live_ops()
    );
    certificate_verify().await
}

/// A TLS 1.3 CertificateVerify in miniature, with the signature-scheme API:
/// the server signs the transcript with its P-384 key
/// (ecdsa_secp384r1_sha384, a DER signature), the client verifies it with
/// whatever key type the certificate held (`VerifyingKey`), concurrently
/// with a P-256 one.
async fn certificate_verify() -> Result<(), nbtls::Error> {
    use nbtls::scheme::{SignatureScheme, VerifyingKey};
    // RFC 8446 4.4.3: 64 spaces, a context string, a zero byte, the hash.
    let mut content = vec![0x20u8; 64];
    content.extend_from_slice(b"TLS 1.3, server CertificateVerify\0");
    content.extend_from_slice(&Sha256::digest(b"transcript so far"));

    let (k384, k256) = tokio::join!(nbtls::p384::PrivateKey::generate(), PrivateKey::generate());
    let (k384, k256) = (k384?, k256?);
    let (s384, s256) = tokio::join!(
        k384.sign_message(SignatureScheme::EcdsaSecp384r1Sha384, &content),
        k256.sign_message(SignatureScheme::EcdsaSecp256r1Sha256, &content)
    );
    let (s384, s256) = (s384?, s256?);
    let peers = [
        (
            VerifyingKey::from(k384.public_key().clone()),
            SignatureScheme::EcdsaSecp384r1Sha384,
            &s384,
        ),
        (
            VerifyingKey::from(k256.public_key().clone()),
            SignatureScheme::EcdsaSecp256r1Sha256,
            &s256,
        ),
    ];
    for (key, scheme, sig) in &peers {
        key.verify_message(*scheme, &content, sig.as_ref()).await?;
        println!(
            "CertificateVerify with {scheme}: {}-byte DER signature verified",
            sig.as_ref().len()
        );
    }
    // The wrong scheme for the key is refused before any work.
    let wrong = peers[0].0.verify_message(
        SignatureScheme::EcdsaSecp256r1Sha256,
        &content,
        s384.as_ref(),
    );
    assert_eq!(wrong.await, Err(nbtls::Error::BadKey));
    Ok(())
}

//! Cancellation: dropping an Op (directly, or through tokio::time::timeout)
//! frees the C operation, and the library keeps working afterwards.
//! `nbtls::live_ops()` counts the C op objects alive; the tests in this file
//! run one at a time (a lock), as the counter is process-wide.

mod common;

use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};
use std::time::Duration;

use nbtls::p256::PrivateKey;

static SERIAL: Mutex<()> = Mutex::new(());

#[test]
fn drop_mid_operation_frees_the_op() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let key = PrivateKey::from_bytes(&[3; 32]).unwrap();
    let base = nbtls::live_ops();
    let waker = std::task::Waker::noop();
    let mut cx = Context::from_waker(waker);
    for polls in [0usize, 1, 5, 50] {
        let mut ops = vec![
            key.sign(&[1; 32]).budget(2),
            key.sign_deterministic(&[2; 32]).budget(2),
        ];
        let mut ecdh = key.diffie_hellman(key.public_key()).budget(2);
        let mut gen = PrivateKey::generate().budget(2);
        assert_eq!(nbtls::live_ops(), base + 4);
        for _ in 0..polls {
            for op in &mut ops {
                assert!(Pin::new(op).poll(&mut cx).is_pending());
            }
            assert!(Pin::new(&mut ecdh).poll(&mut cx).is_pending());
            assert!(Pin::new(&mut gen).poll(&mut cx).is_pending());
        }
        assert!(ops[0].units() >= 2 * polls as u64);
        drop(ops);
        drop(ecdh);
        drop(gen);
        assert_eq!(
            nbtls::live_ops(),
            base,
            "after dropping ops polled {polls} times"
        );
    }
    // Finished ops free their C object before being dropped.
    let op = key.sign(&[1; 32]);
    assert_eq!(nbtls::live_ops(), base + 1);
    let sig = op.wait().unwrap();
    assert_eq!(nbtls::live_ops(), base);
    // The library still works.
    key.public_key()
        .verify(&[1; 32], sig.as_ref())
        .wait()
        .unwrap();
}

#[test]
fn timeout_cancels() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let key = PrivateKey::from_bytes(&[4; 32]).unwrap();
    let base = nbtls::live_ops();
    common::block_on(async {
        // 1000 signatures at 4 units per poll take far longer than 1 ms on
        // any machine, so the timeout fires in the middle of one of them and
        // drops it.
        let k = key.clone();
        let many = async move {
            for i in 0..1000u32 {
                let mut d = [0u8; 32];
                d[..4].copy_from_slice(&i.to_be_bytes());
                k.sign(&d).budget(4).await.unwrap();
            }
        };
        let r = tokio::time::timeout(Duration::from_millis(1), many).await;
        assert!(r.is_err(), "1000 signatures finished within 1 ms?");
        assert_eq!(nbtls::live_ops(), base, "the cancelled op was not freed");

        // Many short timeouts racing single ops: whichever wins, nothing
        // leaks and completed results are right.
        let (mut cancelled, mut finished) = (0, 0);
        for i in 0..50u32 {
            let d = [i as u8; 32];
            match tokio::time::timeout(Duration::from_micros(50 * i as u64), key.sign(&d).budget(2))
                .await
            {
                Ok(sig) => {
                    key.public_key()
                        .verify(&d, sig.unwrap().as_ref())
                        .await
                        .unwrap();
                    finished += 1;
                }
                Err(_) => cancelled += 1,
            }
            assert_eq!(nbtls::live_ops(), base);
        }
        eprintln!("timeouts: {cancelled} cancelled, {finished} finished");
        // The library still works after all that.
        let sig = key.sign(&[0xee; 32]).await.unwrap();
        key.public_key()
            .verify(&[0xee; 32], sig.as_ref())
            .await
            .unwrap();
    });
    assert_eq!(nbtls::live_ops(), base);
}

#[test]
fn poll_reports_pending_then_ready() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let key = PrivateKey::from_bytes(&[6; 32]).unwrap();
    let mut op = key.sign(&[1; 32]).budget(1);
    let mut units = 0;
    loop {
        match op.advance(1) {
            Poll::Pending => {
                // Each slice of budget 1 does exactly one unit.
                units += 1;
                assert_eq!(op.units(), units);
            }
            Poll::Ready(r) => {
                r.unwrap();
                break;
            }
        }
    }
    assert!(units > 10);
    // The total stays available after the op finished (the last poll did one
    // more unit).
    assert_eq!(op.units(), units + 1);
}

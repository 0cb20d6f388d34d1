//! Ops are Futures that cooperate with other tasks: on a current-thread
//! tokio runtime a heartbeat task keeps running while signatures are being
//! computed. No timing is asserted: we count interleavings.

mod common;

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Context, Poll};

use nbtls::p256::PrivateKey;
use nbtls::Op;

/// Wraps a future and logs 'S' each time it is polled.
struct Logged<F> {
    inner: F,
    log: Rc<RefCell<Vec<char>>>,
}

impl<F: Future + Unpin> Future for Logged<F> {
    type Output = F::Output;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.log.borrow_mut().push('S');
        Pin::new(&mut self.inner).poll(cx)
    }
}

/// Yield once by waking ourselves right away (as an `Op` does between its
/// slices). Not `tokio::task::yield_now`: tokio defers that wake-up until
/// the runtime runs out of ready work or polls its drivers (every 61
/// ticks), so a yield_now loop is deliberately starved by always-ready tasks.
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

/// Number of S->H or H->S switches in the log.
fn switches(log: &[char]) -> usize {
    log.windows(2).filter(|w| w[0] != w[1]).count()
}

#[tokio::test(flavor = "current_thread")]
async fn heartbeat_runs_while_signing() {
    let key = PrivateKey::generate().await.unwrap();
    let log = Rc::new(RefCell::new(Vec::new()));
    let done = Rc::new(RefCell::new(false));

    let local = tokio::task::LocalSet::new();
    let (hb_log, hb_done) = (log.clone(), done.clone());
    let heartbeat = local.spawn_local(async move {
        let mut beats = 0u64;
        while !*hb_done.borrow() {
            hb_log.borrow_mut().push('H');
            beats += 1;
            YieldOnce(false).await;
        }
        beats
    });

    let (s_log, s_done, s_key) = (log.clone(), done.clone(), key.clone());
    let signer = local.spawn_local(async move {
        let mut sigs = Vec::new();
        for i in 0..8u8 {
            let digest = [i; 32];
            let op: Op<_> = s_key.sign(&digest).budget(16);
            let sig = Logged {
                inner: op,
                log: s_log.clone(),
            }
            .await
            .unwrap();
            sigs.push((digest, sig));
        }
        *s_done.borrow_mut() = true;
        sigs
    });

    let (beats, sigs) = local
        .run_until(async { (heartbeat.await.unwrap(), signer.await.unwrap()) })
        .await;
    let log = log.borrow().clone();
    let polls = log.iter().filter(|&&c| c == 'S').count();
    let sw = switches(&log);
    eprintln!("heartbeats {beats}, signature polls {polls}, switches {sw}");
    // Each signature needs many slices of 16 units, and after each slice
    // the heartbeat gets a turn: the two tasks alternate throughout.
    assert!(polls >= 8 * 4, "only {polls} polls for 8 signatures");
    assert!(
        beats as usize >= polls / 2,
        "heartbeat starved: {beats} beats, {polls} polls"
    );
    assert!(
        sw >= polls,
        "tasks did not interleave: {sw} switches, {polls} polls"
    );
    for (d, s) in sigs {
        key.public_key().verify(&d, s.as_ref()).await.unwrap();
    }
}

#[tokio::test(flavor = "current_thread")]
async fn concurrent_ops_on_one_thread() {
    // Several ops of different kinds progress together under join.
    let a = PrivateKey::generate().budget(8).await.unwrap();
    let b = PrivateKey::generate().budget(8).await.unwrap();
    let digest = [9u8; 32];
    let (s1, s2, e1, e2) = tokio::join!(
        a.sign(&digest).budget(8),
        b.sign_deterministic(&digest).budget(8),
        a.diffie_hellman(b.public_key()).budget(8),
        b.diffie_hellman(a.public_key()).budget(8),
    );
    let (s1, s2) = (s1.unwrap(), s2.unwrap());
    assert_eq!(e1.unwrap().as_bytes(), e2.unwrap().as_bytes());
    let (v1, v2) = tokio::join!(
        a.public_key().verify(&digest, s1.as_ref()),
        b.public_key().verify(&digest, s2.as_ref()),
    );
    v1.unwrap();
    v2.unwrap();
}

#[test]
fn ops_and_keys_cross_threads() {
    // PrivateKey: Clone + Send + Sync; Op: Send. Sign on many threads with
    // one shared key, verify here.
    fn assert_send<T: Send>(_: &T) {}
    fn assert_send_sync<T: Send + Sync>(_: &T) {}
    let key = Arc::new(PrivateKey::generate().wait().unwrap());
    assert_send_sync(&*key);
    assert_send_sync(key.public_key());
    let handles: Vec<_> = (0..4u8)
        .map(|t| {
            let op = key.sign(&[t; 32]).budget(32);
            assert_send(&op);
            let key = key.clone();
            std::thread::spawn(move || {
                let sig = common::block_on(op).unwrap();
                let sig2 = key.sign_deterministic(&[t; 32]).wait().unwrap();
                (t, sig, sig2)
            })
        })
        .collect();
    for h in handles {
        let (t, sig, sig2) = h.join().unwrap();
        key.public_key()
            .verify(&[t; 32], sig.as_ref())
            .wait()
            .unwrap();
        key.public_key()
            .verify(&[t; 32], sig2.as_ref())
            .wait()
            .unwrap();
    }
}

#[test]
fn budget_zero_finishes_in_one_poll() {
    let key = PrivateKey::from_bytes(&[5; 32]).unwrap();
    let mut op = key.sign(&[1; 32]).budget(0);
    let waker = std::task::Waker::noop();
    let mut cx = Context::from_waker(waker);
    assert!(Pin::new(&mut op).poll(&mut cx).is_ready());
    // With a budget of 1 it takes many polls, each waking the task.
    let mut op = key.sign(&[1; 32]).budget(1);
    let mut polls = 0;
    while Pin::new(&mut op).poll(&mut cx).is_pending() {
        polls += 1;
    }
    assert!(polls > 10, "{polls} polls at budget 1");
}

struct CountingWaker(std::sync::atomic::AtomicUsize);

impl std::task::Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }
    fn wake_by_ref(self: &Arc<Self>) {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}

#[test]
fn every_slice_yields_and_wakes() {
    // A signature fits in one slice of the default budget, yet awaiting it
    // yields once (Pending + wake) before delivering: a task awaiting ops in
    // a row never runs more than one slice without giving others a turn.
    let key = PrivateKey::from_bytes(&[5; 32]).unwrap();
    let counter = Arc::new(CountingWaker(Default::default()));
    let waker = std::task::Waker::from(counter.clone());
    let mut cx = Context::from_waker(&waker);
    let default = key.sign(&[1; 32]).next_budget();
    for budget in [1u32, 7, default, 100_000] {
        counter.0.store(0, std::sync::atomic::Ordering::SeqCst);
        let mut op = key.sign(&[1; 32]).budget(budget);
        let mut polls = 0u64;
        let sig = loop {
            polls += 1;
            if let Poll::Ready(r) = Pin::new(&mut op).poll(&mut cx) {
                break r.unwrap();
            }
        };
        let wakes = counter.0.load(std::sync::atomic::Ordering::SeqCst) as u64;
        // Every Pending was paired with a wake-up, and there was at least one.
        assert_eq!(wakes, polls - 1, "budget {budget}");
        assert!(polls >= 2, "budget {budget}: finished without yielding");
        // Each slice does between 1 and `budget` units, plus the final
        // delivering poll.
        let units = op.units();
        assert!(
            polls > units.div_ceil(u64::from(budget)),
            "budget {budget}, {units} units, {polls} polls"
        );
        assert!(
            polls <= units + 1,
            "budget {budget}, {units} units, {polls} polls"
        );
        key.public_key()
            .verify(&[1; 32], sig.as_ref())
            .wait()
            .unwrap();
    }
}

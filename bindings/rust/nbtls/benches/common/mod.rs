//! Timing helpers shared by the benches (not a test: nothing here passes or
//! fails).

#![allow(dead_code)]

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

pub fn target() -> Duration {
    let secs: f64 = std::env::var("NBTLS_BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    Duration::from_secs_f64(secs)
}

/// µs per call of `f`: the median of 5 batches sized to fill `target()`.
pub fn time<F: FnMut()>(mut f: F) -> f64 {
    // Warm up and size the batches.
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < target() / 10 {
        f();
        n += 1;
    }
    let batch = (n * 2).max(3);
    let mut per: Vec<f64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..batch {
                f();
            }
            t.elapsed().as_secs_f64() * 1e6 / batch as f64
        })
        .collect();
    per.sort_by(|a, b| a.partial_cmp(b).unwrap());
    per[2]
}

pub fn row(what: &str, ours: f64, theirs: Option<f64>) {
    match theirs {
        Some(t) => println!(
            "{what:<28} {ours:>10.1} µs {t:>10.1} µs   {:>5.2}x",
            ours / t
        ),
        None => println!("{what:<28} {ours:>10.1} µs"),
    }
}

/// Drive an op with `budget` and return (units, polls, longest slice in µs).
pub fn slices<T>(mut op: nbtls::Op<T>, budget: u32) -> (u64, u64, f64) {
    let mut polls = 0;
    let mut longest: f64 = 0.0;
    loop {
        let t = Instant::now();
        let r = op.advance(budget);
        longest = longest.max(t.elapsed().as_secs_f64() * 1e6);
        polls += 1;
        match r {
            Poll::Pending => {}
            Poll::Ready(r) => {
                r.map(|_| ()).expect("op failed");
                return (op.units(), polls, longest);
            }
        }
    }
}

/// As [`slices`], each poll with the op's default time-slice budget
/// (`Op::next_budget`: the C library's estimate for `DEFAULT_SLICE_US`).
#[allow(dead_code)] // used by some of the bench programs only
pub fn slices_default<T>(mut op: nbtls::Op<T>) -> (u64, u64, f64) {
    let mut polls = 0;
    let mut longest: f64 = 0.0;
    loop {
        let budget = op.next_budget();
        let t = Instant::now();
        let r = op.advance(budget);
        longest = longest.max(t.elapsed().as_secs_f64() * 1e6);
        polls += 1;
        if let Poll::Ready(r) = r {
            r.map(|_| ()).expect("op failed");
            return (op.units(), polls, longest);
        }
    }
}

pub fn poll_to_end<F: Future + Unpin>(mut f: F) -> F::Output {
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = Pin::new(&mut f).poll(&mut cx) {
            return v;
        }
    }
}

//! Cancelling a certificate verification mid-way (dropping the Op after any
//! number of polls, or a tokio timeout) frees everything: no C op stays
//! alive and, once the certificates and the store are dropped too, every
//! block the C library allocated has been freed. One test in this binary:
//! the allocator hook and the op counter are process-wide.

mod x509_pki;

use std::alloc::Layout;
use std::ffi::c_void;
use std::sync::atomic::{AtomicIsize, Ordering::SeqCst};
use std::task::Poll;
use std::time::Duration;

use nbtls::x509::{self, Certificate, TrustStore, VerifyOptions};
use x509_pki::Pki;

static LIVE: AtomicIsize = AtomicIsize::new(0);
const HEADER: usize = 16;

fn layout(size: usize) -> Layout {
    Layout::from_size_align(size + HEADER, HEADER).unwrap()
}

unsafe extern "C" fn counting_alloc(_ctx: *mut c_void, size: usize) -> *mut c_void {
    // SAFETY: a non-zero layout; the header keeps the size for the free.
    unsafe {
        let base = std::alloc::alloc(layout(size));
        if base.is_null() {
            return std::ptr::null_mut();
        }
        base.cast::<usize>().write(size);
        LIVE.fetch_add(1, SeqCst);
        base.add(HEADER).cast()
    }
}

unsafe extern "C" fn counting_free(_ctx: *mut c_void, p: *mut c_void) {
    if p.is_null() {
        return;
    }
    // SAFETY: `p` came from counting_alloc, whose header holds the size.
    unsafe {
        let base = p.cast::<u8>().sub(HEADER);
        let size = base.cast::<usize>().read();
        LIVE.fetch_sub(1, SeqCst);
        std::alloc::dealloc(base, layout(size));
    }
}

#[test]
fn cancel_midway_frees_everything() {
    let pki = Pki::new(); // openssl only: no nbtls object yet
                          // SAFETY: set before any nbtls object exists, with functions that
                          // match the hook's contract; never changed afterwards.
    let rc = unsafe {
        nbtls_sys::nbtls_set_allocator(
            Some(counting_alloc),
            Some(counting_free),
            std::ptr::null_mut(),
        )
    };
    assert_eq!(rc, 0);
    {
        let chain = vec![
            Certificate::from_der(&pki.der("leaf")).unwrap(),
            Certificate::from_der(&pki.der("int")).unwrap(),
        ];
        let trust = TrustStore::from_data(pki.pem("root").as_bytes()).unwrap();
        let t = (chain[0].not_before_unix() + chain[0].not_after_unix()) / 2;
        let opts = VerifyOptions::new()
            .time_unix(t)
            .hostname("www.example.com");
        assert!(LIVE.load(SeqCst) > 0);
        let base_ops = nbtls::live_ops();
        // how many polls at budget 1 the whole validation takes
        let mut op = x509::verify(&chain, &trust, &opts);
        let mut total = 0;
        while op.advance(1).is_pending() {
            total += 1;
        }
        assert!(total > 10, "{total}");
        for stop in (0..total).step_by((total / 24).max(1)) {
            let mut op = x509::verify(&chain, &trust, &opts);
            for _ in 0..stop {
                assert_eq!(op.advance(1), Poll::Pending);
            }
            assert_eq!(nbtls::live_ops(), base_ops + 1);
            drop(op);
            assert_eq!(nbtls::live_ops(), base_ops, "after {stop} polls");
        }
        // cancelled by a timeout on tokio
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        rt.block_on(async {
            let op = x509::verify(&chain, &trust, &opts).budget(1);
            let slow = async {
                tokio::time::sleep(Duration::from_millis(0)).await;
                op.await
            };
            let _ = tokio::time::timeout(Duration::from_micros(1), slow).await;
        });
        assert_eq!(nbtls::live_ops(), base_ops);
    }
    assert_eq!(LIVE.load(SeqCst), 0, "C blocks still allocated");
}

//! What the C library allocates, seen through its allocator hook
//! (`nbtls_set_allocator`): every op and key the safe API creates is freed
//! when it finishes, is dropped, or is cancelled by a timeout, and every
//! freed block has been wiped (all zero) first. One test in this binary, as
//! the hook is process-wide; it is set before any nbtls object exists so that
//! the counts cover every object. The hook's context pointer is checked to
//! reach both functions.

use std::alloc::Layout;
use std::ffi::c_void;
use std::future::Future;
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering::SeqCst};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use nbtls::{p256, p384, x25519};

static LIVE: AtomicIsize = AtomicIsize::new(0);
static TOTAL: AtomicUsize = AtomicUsize::new(0);
static NOT_WIPED: AtomicUsize = AtomicUsize::new(0);
static BAD_CTX: AtomicUsize = AtomicUsize::new(0);
/// The hook's context: its address is passed to nbtls_set_allocator.
static CTX: u64 = 0x6e62_746c_735f_6374;
const HEADER: usize = 16;

fn layout(size: usize) -> Layout {
    Layout::from_size_align(size + HEADER, HEADER).unwrap()
}

fn check_ctx(ctx: *mut c_void) {
    if !std::ptr::eq(ctx.cast_const(), std::ptr::addr_of!(CTX).cast()) {
        BAD_CTX.fetch_add(1, SeqCst);
    }
}

unsafe extern "C" fn counting_alloc(ctx: *mut c_void, size: usize) -> *mut c_void {
    check_ctx(ctx);
    // SAFETY: the layout has a non-zero size; the header stores the size for
    // the matching free.
    unsafe {
        let base = std::alloc::alloc(layout(size));
        if base.is_null() {
            return std::ptr::null_mut();
        }
        base.cast::<usize>().write(size);
        LIVE.fetch_add(1, SeqCst);
        TOTAL.fetch_add(1, SeqCst);
        base.add(HEADER).cast()
    }
}

unsafe extern "C" fn counting_free(ctx: *mut c_void, p: *mut c_void) {
    check_ctx(ctx);
    if p.is_null() {
        return;
    }
    // SAFETY: `p` came from counting_alloc: the header before it holds the
    // block's size, and the block is `size` readable bytes.
    unsafe {
        let base = p.cast::<u8>().sub(HEADER);
        let size = base.cast::<usize>().read();
        let block = std::slice::from_raw_parts(p.cast::<u8>(), size);
        if block.iter().any(|&b| b != 0) {
            NOT_WIPED.fetch_add(1, SeqCst);
        }
        LIVE.fetch_sub(1, SeqCst);
        std::alloc::dealloc(base, layout(size));
    }
}

fn live() -> isize {
    LIVE.load(SeqCst)
}

#[test]
fn every_c_object_is_freed_and_wiped() {
    // SAFETY: both hooks are valid for the whole process; no nbtls object
    // exists yet (this binary has one test and this is its first call).
    let rc = unsafe {
        nbtls_sys::nbtls_set_allocator(
            Some(counting_alloc),
            Some(counting_free),
            std::ptr::addr_of!(CTX).cast_mut().cast(),
        )
    };
    assert_eq!(rc, nbtls_sys::NBTLS_DONE);
    assert_eq!(live(), 0);

    let key = p256::PrivateKey::from_bytes(&[0x21; 32]).unwrap();
    let with_keys = live();
    assert!(
        with_keys >= 2,
        "a private key and its public key: {with_keys} blocks"
    );

    // Finished ops free their C object right away.
    let sig = key.sign(&[1; 32]).wait().unwrap();
    key.public_key()
        .verify(&[1; 32], sig.as_ref())
        .wait()
        .unwrap();
    let _ = key.diffie_hellman(key.public_key()).wait().unwrap();
    assert_eq!(live(), with_keys);

    // Dropped mid-way (after 0, 1 and 20 slices).
    let mut cx = Context::from_waker(Waker::noop());
    for slices in [0, 1, 20] {
        let mut ops = (
            key.sign(&[2; 32]).budget(2),
            key.public_key().verify(&[1; 32], sig.as_ref()).budget(2),
            key.diffie_hellman(key.public_key()).budget(2),
            p256::PrivateKey::generate().budget(2),
            x25519::PrivateKey::generate().budget(2),
        );
        assert!(live() >= with_keys + 5);
        for _ in 0..slices {
            assert_eq!(ops.0.advance(2), Poll::Pending);
            assert!(ops.1.advance(2).is_pending());
            assert!(ops.2.advance(2).is_pending());
            assert!(ops.3.advance(2).is_pending());
            assert!(std::pin::Pin::new(&mut ops.4).poll(&mut cx).is_pending());
        }
        drop(ops);
        assert_eq!(
            live(),
            with_keys,
            "after dropping ops run for {slices} slices"
        );
    }

    // Cancelled by a timeout.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let k = key.clone();
        let many = async move {
            for i in 0..1000u32 {
                k.sign(&i.to_be_bytes()).budget(3).await.unwrap();
            }
        };
        assert!(tokio::time::timeout(Duration::from_millis(1), many)
            .await
            .is_err());
    });
    assert_eq!(live(), with_keys, "after a timeout");

    // Failed ops (bad peer point found while polling) are freed too.
    let mut off_curve = key.public_key().to_sec1();
    off_curve[64] ^= 1;
    assert!(key.diffie_hellman_sec1(&off_curve).wait().is_err());
    assert_eq!(live(), with_keys);

    // P-384, RSA and the signature schemes: finished, failed and dropped
    // mid-way, nothing stays.
    {
        use nbtls::scheme::{SignatureScheme, VerifyingKey};
        use rsa::pkcs8::EncodePublicKey;
        let k384 = p384::PrivateKey::from_bytes(&[0x42; 48]).unwrap();
        let rsa_spki = rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048)
            .unwrap()
            .to_public_key()
            .to_public_key_der()
            .unwrap();
        let krsa = VerifyingKey::from_der(rsa_spki.as_bytes()).unwrap();
        let base = live();
        let msg = [7u8; 1500];
        let s256 = key
            .sign_message(SignatureScheme::EcdsaSecp256r1Sha256, &msg)
            .wait()
            .unwrap();
        let s384 = k384.sign(&[3; 48]).wait().unwrap();
        k384.public_key()
            .verify(&[3; 48], s384.as_ref())
            .wait()
            .unwrap();
        let _ = k384.diffie_hellman(k384.public_key()).wait().unwrap();
        assert_eq!(live(), base);
        let bad = krsa
            .verify_message(SignatureScheme::RsaPssRsaeSha256, &msg, &[1; 256])
            .wait();
        assert_eq!(bad, Err(nbtls::Error::BadSignature));
        assert_eq!(live(), base, "after failed ops");
        for slices in [0, 1, 20] {
            let mut ops = (
                k384.sign(&[2; 48]).budget(2),
                k384.sign_message(SignatureScheme::EcdsaSecp384r1Sha384, &msg)
                    .budget(2),
                key.public_key()
                    .verify_message(SignatureScheme::EcdsaSecp256r1Sha256, &msg, s256.as_ref())
                    .budget(2),
                krsa.verify_message(SignatureScheme::RsaPkcs1Sha256, &msg, &[1; 256])
                    .budget(2),
                p384::PrivateKey::generate().budget(2),
            );
            for _ in 0..slices {
                assert!(ops.0.advance(2).is_pending());
                assert!(ops.1.advance(2).is_pending());
                assert!(ops.2.advance(2).is_pending());
                assert!(ops.3.advance(2).is_pending());
                assert!(ops.4.advance(2).is_pending());
            }
            drop(ops);
            assert_eq!(live(), base, "after dropping ops run for {slices} slices");
        }
    }

    // Keys: generated ones and clones, then all dropped.
    let x = x25519::PrivateKey::generate().wait().unwrap();
    let g = p256::PrivateKey::generate().wait().unwrap();
    let clones = (g.clone(), x.clone(), key.clone());
    drop((x, g, clones, key, sig));
    assert_eq!(
        live(),
        0,
        "blocks still allocated after every object was dropped"
    );

    let total = TOTAL.load(SeqCst);
    assert!(total > 30, "the hook saw only {total} allocations");
    assert_eq!(
        NOT_WIPED.load(SeqCst),
        0,
        "blocks freed without being wiped (of {total})"
    );
    assert_eq!(BAD_CTX.load(SeqCst), 0, "hook called without its context");
    eprintln!("{total} C allocations, all freed and wiped");
}

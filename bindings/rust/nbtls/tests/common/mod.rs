//! Shared helpers of the integration tests: hex, the vector files of
//! tests/vectors/ and a small seeded generator for random cases.

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::PathBuf;

/// Decode hex (either case); panics on bad input (test data only).
pub fn unhex(s: &str) -> Vec<u8> {
    let s = s.trim();
    assert!(s.len() % 2 == 0, "odd hex length: {s}");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

/// Encode as upper-case hex.
pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02X}")).collect()
}

/// The repository's tests/vectors folder, if this crate is built inside the
/// repository.
pub fn vectors_dir() -> Option<PathBuf> {
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../tests/vectors");
    let found = d.join("p256_rfc6979.txt").is_file();
    peer_or_skip(found, "tests/vectors");
    found.then_some(d)
}

/// With `NBTLS_REQUIRE_PEERS=1` (scripts/test sets it on CI, where every peer
/// is installed and the tests run in the repository), a test must not skip
/// for a missing peer or file: panic instead of letting the caller skip.
#[allow(dead_code)]
pub fn peer_or_skip(found: bool, what: &str) {
    if !found && std::env::var_os("NBTLS_REQUIRE_PEERS").is_some_and(|v| v == "1") {
        panic!("{what} is missing and NBTLS_REQUIRE_PEERS=1: not skipping");
    }
}

/// One `key = value` record of a vector file.
pub type Record = HashMap<String, String>;

/// Parse a vector file of tests/vectors: `key = value` lines, records
/// separated by blank lines, `#` comment lines.
pub fn records(name: &str) -> Vec<Record> {
    let dir = vectors_dir().expect("tests/vectors not found");
    records_at(&dir.join(name))
}

/// A file of the repository's `tests/` folder (e.g. `p384/p384_rfc6979.txt`),
/// if this crate is built inside the repository.
pub fn repo_test_file(rel: &str) -> Option<PathBuf> {
    let f = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../tests")
        .join(rel);
    peer_or_skip(f.is_file(), &f.display().to_string());
    f.is_file().then_some(f)
}

/// Parse a vector file in the format of [`records`] from any path.
pub fn records_at(path: &std::path::Path) -> Vec<Record> {
    let text = std::fs::read_to_string(path).expect("read vector file");
    let mut out = Vec::new();
    let mut cur = Record::new();
    for line in text.lines().chain(std::iter::once("")) {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        if line.is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let (k, v) = line.split_once('=').expect("key = value line");
        cur.insert(k.trim().to_string(), v.trim().to_string());
    }
    out
}

/// SplitMix64: a small seeded generator, so every random case can be
/// reproduced from the seed printed by the test (set NBTLS_TEST_SEED).
pub struct Rng(u64);

impl Rng {
    pub fn from_env(test: &str) -> Rng {
        let seed = std::env::var("NBTLS_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(1)
            });
        eprintln!("{test}: NBTLS_TEST_SEED={seed}");
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn fill(&mut self, out: &mut [u8]) {
        for chunk in out.chunks_mut(8) {
            let v = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    }

    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut v = vec![0u8; n];
        self.fill(&mut v);
        v
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

/// A random valid P-256 scalar as 32 bytes, and the same key in the RustCrypto
/// `p256` crate (which validates it independently).
pub fn random_scalar(rng: &mut Rng) -> ([u8; 32], p256::SecretKey) {
    loop {
        let mut b = [0u8; 32];
        rng.fill(&mut b);
        if let Ok(sk) = p256::SecretKey::from_slice(&b) {
            return (b, sk);
        }
    }
}

/// Run a future to completion on a fresh current-thread tokio runtime.
pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(f)
}

/// A random valid P-384 scalar as 48 bytes, and the same key in the
/// RustCrypto `p384` crate (which validates it independently).
pub fn random_scalar_p384(rng: &mut Rng) -> ([u8; 48], p384::SecretKey) {
    loop {
        let mut b = [0u8; 48];
        rng.fill(&mut b);
        if let Ok(sk) = p384::SecretKey::from_slice(&b) {
            return (b, sk);
        }
    }
}

/// Whether the `openssl` command can be run (tests that need it are
/// skipped, with a message, when not).
pub fn have_openssl() -> bool {
    let found = std::process::Command::new("openssl")
        .arg("version")
        .output()
        .is_ok();
    peer_or_skip(found, "the openssl command");
    found
}

/// Run `openssl` with `args`; its standard output. Panics if it fails.
pub fn openssl(args: &[&str]) -> Vec<u8> {
    let out = std::process::Command::new("openssl")
        .args(args)
        .output()
        .expect("run openssl");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// A fresh temporary folder for one test (removed by the caller).
pub fn temp_dir(test: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("nbtls-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("create temp dir");
    d
}

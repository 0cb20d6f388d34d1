//! X25519 (RFC 7748): the vectors of tests/vectors/x25519.txt (RFC 7748
//! 5.2 and 6.1, small-order points, non-canonical u), and a differential test
//! against the `openssl` command (keys generated and secrets derived by
//! openssl at test time).

mod common;

use std::process::Command;

use common::{block_on, hex, unhex, vectors_dir};
use nbtls::x25519::{PrivateKey, PublicKey};
use nbtls::Error;

#[test]
fn rfc7748_and_edge_vectors() {
    let Some(dir) = vectors_dir() else {
        eprintln!("tests/vectors not found: skipped");
        return;
    };
    let text = std::fs::read_to_string(dir.join("x25519.txt")).unwrap();
    let (mut x, mut zero, mut iter) = (0, 0, 0);
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split_whitespace().collect();
        match f[0] {
            "x" => {
                let k = PrivateKey::from_bytes(&unhex(f[1])).unwrap();
                let u = PublicKey::from_bytes(&unhex(f[2])).unwrap();
                let out = if x % 2 == 0 {
                    k.diffie_hellman(&u).wait()
                } else {
                    block_on(k.diffie_hellman(&u).budget(5))
                };
                assert_eq!(hex(out.unwrap().as_bytes()), f[3].to_uppercase(), "{line}");
                if f[2].starts_with("09000000") {
                    // u = 9: the output is k's public key.
                    assert_eq!(
                        hex(&k.public_key().to_bytes()),
                        f[3].to_uppercase(),
                        "{line}"
                    );
                }
                x += 1;
            }
            "zero" => {
                let u = PublicKey::from_bytes(&unhex(f[1])).expect("small-order points import");
                let k = PrivateKey::from_bytes(&[0x5a; 32]).unwrap();
                assert_eq!(
                    k.diffie_hellman(&u).wait().err(),
                    Some(Error::BadKey),
                    "{line}"
                );
                zero += 1;
            }
            "iter" => {
                let n: usize = f[1].parse().unwrap();
                // As the C test: the 1,000,000-iteration record (minutes)
                // only with NBTLS_SLOW_TESTS=1.
                if n > 1000 && std::env::var("NBTLS_SLOW_TESTS").as_deref() != Ok("1") {
                    eprintln!("iter {n} skipped (set NBTLS_SLOW_TESTS=1)");
                    continue;
                }
                let mut k =
                    unhex("0900000000000000000000000000000000000000000000000000000000000000");
                let mut u = k.clone();
                for _ in 0..n {
                    let key = PrivateKey::from_bytes(&k).unwrap();
                    let out = key
                        .diffie_hellman(&PublicKey::from_bytes(&u).unwrap())
                        .wait()
                        .unwrap();
                    u = std::mem::replace(&mut k, out.as_bytes().to_vec());
                }
                assert_eq!(hex(&k), f[2].to_uppercase(), "{line}");
                iter += 1;
            }
            other => panic!("unknown record {other}"),
        }
    }
    assert!(
        x >= 8 && zero >= 10 && iter >= 1,
        "{x} x, {zero} zero, {iter} iter"
    );
}

#[test]
fn bad_lengths_and_keys_of_other_types() {
    for len in [0usize, 31, 33, 64] {
        assert_eq!(
            PrivateKey::from_bytes(&vec![1; len]).err(),
            Some(Error::BadKey)
        );
        assert_eq!(
            PublicKey::from_bytes(&vec![1; len]).err(),
            Some(Error::BadKey)
        );
    }
    // The top bit of u is ignored (cleared).
    let mut u = [9u8; 32];
    u[31] |= 0x80;
    assert_eq!(PublicKey::from_bytes(&u).unwrap().to_bytes()[31], 9);
    // Generated keys agree both ways and differ.
    let a = PrivateKey::generate().wait().unwrap();
    let b = block_on(PrivateKey::generate().budget(3)).unwrap();
    assert_ne!(a.to_bytes()[..], b.to_bytes()[..]);
    let s1 = a.diffie_hellman(b.public_key()).wait().unwrap();
    let s2 = block_on(b.diffie_hellman(a.public_key())).unwrap();
    assert_eq!(s1.as_bytes(), s2.as_bytes());
    // The bytes round-trip.
    let a2 = PrivateKey::from_bytes(&a.to_bytes()[..]).unwrap();
    assert_eq!(a2.public_key(), a.public_key());
}

fn openssl(args: &[&str]) -> Vec<u8> {
    let out = Command::new("openssl")
        .args(args)
        .output()
        .expect("openssl");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn differential_against_openssl() {
    if !common::have_openssl() {
        eprintln!("openssl not found: skipped");
        return;
    }
    let dir = std::env::temp_dir().join(format!("nbtls-x25519-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = |n: &str| dir.join(n).to_string_lossy().into_owned();
    for round in 0..8 {
        openssl(&["genpkey", "-algorithm", "X25519", "-out", &p("a.pem")]);
        openssl(&["genpkey", "-algorithm", "X25519", "-out", &p("b.pem")]);
        openssl(&["pkey", "-in", &p("b.pem"), "-pubout", "-out", &p("b.pub")]);
        let theirs = openssl(&[
            "pkeyutl",
            "-derive",
            "-inkey",
            &p("a.pem"),
            "-peerkey",
            &p("b.pub"),
        ]);
        let a = PrivateKey::from_pem(&std::fs::read_to_string(p("a.pem")).unwrap()).unwrap();
        let b = PrivateKey::from_der(&openssl(&["pkey", "-in", &p("b.pem"), "-outform", "DER"]))
            .unwrap();
        let ours = a.diffie_hellman(b.public_key()).wait().unwrap();
        assert_eq!(hex(ours.as_bytes()), hex(&theirs), "round {round}");
        // A P-256 key is not an X25519 key.
        if round == 0 {
            openssl(&[
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-out",
                &p("ec.pem"),
            ]);
            let pem = std::fs::read_to_string(p("ec.pem")).unwrap();
            assert_eq!(PrivateKey::from_pem(&pem).err(), Some(Error::Unsupported));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

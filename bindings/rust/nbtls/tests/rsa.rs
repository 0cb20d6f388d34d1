//! RSA verification, differential: keys and signatures are made at test
//! time by the RustCrypto `rsa` crate (2048 and 3072 bits) and the `openssl`
//! command (a 4096-bit key, and signatures over messages), independent
//! implementations. Valid signatures must verify, every tampered one must
//! fail with `BadSignature`.

mod common;

use std::sync::OnceLock;

use common::{hex, Rng};
use nbtls::rsa::{HashAlgorithm, Padding, PublicKey};
use nbtls::Error;
use rsa::pkcs1::EncodeRsaPublicKey;
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey, LineEnding};
use rsa::rand_core::OsRng;
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Sign, Pss, RsaPrivateKey};
use sha2::{Digest, Sha256, Sha384, Sha512};

const HASHES: [HashAlgorithm; 3] = [
    HashAlgorithm::Sha256,
    HashAlgorithm::Sha384,
    HashAlgorithm::Sha512,
];
const PADDINGS: [Padding; 2] = [Padding::Pkcs1v15, Padding::Pss];

/// The peer's keys, made once per test binary: 2048 and 3072 bits by the
/// rsa crate, 4096 bits by `openssl genpkey` (by the rsa crate when openssl
/// is missing).
fn keys() -> &'static [RsaPrivateKey] {
    static KEYS: OnceLock<Vec<RsaPrivateKey>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut v: Vec<RsaPrivateKey> = [2048, 3072]
            .into_iter()
            .map(|bits| RsaPrivateKey::new(&mut OsRng, bits).expect("rsa keygen"))
            .collect();
        v.push(if common::have_openssl() {
            let pem = common::openssl(&[
                "genpkey",
                "-algorithm",
                "RSA",
                "-pkeyopt",
                "rsa_keygen_bits:4096",
            ]);
            RsaPrivateKey::from_pkcs8_pem(std::str::from_utf8(&pem).unwrap()).unwrap()
        } else {
            eprintln!("openssl not found: the 4096-bit key comes from the rsa crate");
            RsaPrivateKey::new(&mut OsRng, 4096).expect("rsa keygen")
        });
        v
    })
}

/// Our key for the peer's public key (through SubjectPublicKeyInfo DER).
fn ours(key: &RsaPrivateKey) -> PublicKey {
    let spki = key.to_public_key().to_public_key_der().unwrap();
    PublicKey::from_der(spki.as_bytes()).unwrap()
}

fn digest(h: HashAlgorithm, msg: &[u8]) -> Vec<u8> {
    match h {
        HashAlgorithm::Sha256 => Sha256::digest(msg).to_vec(),
        HashAlgorithm::Sha384 => Sha384::digest(msg).to_vec(),
        HashAlgorithm::Sha512 => Sha512::digest(msg).to_vec(),
        _ => unreachable!(),
    }
}

/// The rsa crate's signature of a digest.
fn peer_sign(key: &RsaPrivateKey, p: Padding, h: HashAlgorithm, digest: &[u8]) -> Vec<u8> {
    let r = match (p, h) {
        (Padding::Pkcs1v15, HashAlgorithm::Sha256) => {
            key.sign(Pkcs1v15Sign::new::<Sha256>(), digest)
        }
        (Padding::Pkcs1v15, HashAlgorithm::Sha384) => {
            key.sign(Pkcs1v15Sign::new::<Sha384>(), digest)
        }
        (Padding::Pkcs1v15, HashAlgorithm::Sha512) => {
            key.sign(Pkcs1v15Sign::new::<Sha512>(), digest)
        }
        // Pss::new: MGF1 with the same hash, salt length = digest length.
        (Padding::Pss, HashAlgorithm::Sha256) => {
            key.sign_with_rng(&mut OsRng, Pss::new::<Sha256>(), digest)
        }
        (Padding::Pss, HashAlgorithm::Sha384) => {
            key.sign_with_rng(&mut OsRng, Pss::new::<Sha384>(), digest)
        }
        (Padding::Pss, HashAlgorithm::Sha512) => {
            key.sign_with_rng(&mut OsRng, Pss::new::<Sha512>(), digest)
        }
        _ => unreachable!(),
    };
    r.expect("rsa sign")
}

#[test]
fn imports_agree_with_rustcrypto() {
    for key in keys() {
        let public = key.to_public_key();
        let bits = public.n().bits();
        let spki_der = public.to_public_key_der().unwrap();
        let spki_pem = public.to_public_key_pem(LineEnding::LF).unwrap();
        let pkcs1_der = public.to_pkcs1_der().unwrap();
        let pkcs1_pem = public.to_pkcs1_pem(LineEnding::LF).unwrap();
        assert!(pkcs1_pem.contains("BEGIN RSA PUBLIC KEY"));
        let k = PublicKey::from_der(spki_der.as_bytes()).unwrap();
        // The PKCS#1 export is the peer's encoding, byte for byte.
        assert_eq!(
            hex(k.to_pkcs1_der()),
            hex(pkcs1_der.as_bytes()),
            "{bits} bits"
        );
        assert_eq!(k.modulus_len(), public.size(), "{bits} bits");
        for other in [
            PublicKey::from_pem(&spki_pem).unwrap(),
            PublicKey::from_der(pkcs1_der.as_bytes()).unwrap(),
            PublicKey::from_pem(&pkcs1_pem).unwrap(),
        ] {
            assert_eq!(other, k);
        }
        // A private key is not supported (nbtls holds RSA public keys only).
        let pkcs8 = key.to_pkcs8_pem(LineEnding::LF).unwrap();
        assert_eq!(PublicKey::from_pem(&pkcs8).err(), Some(Error::Unsupported));
        // Damaged DER.
        let mut bad = spki_der.as_bytes().to_vec();
        bad.pop();
        assert_eq!(PublicKey::from_der(&bad).err(), Some(Error::BadKey));
    }
    assert_eq!(
        keys()
            .iter()
            .map(|k| ours(k).modulus_len())
            .collect::<Vec<_>>(),
        [256, 384, 512]
    );
    // Too small a modulus is refused.
    let small = RsaPrivateKey::new(&mut OsRng, 1024)
        .unwrap()
        .to_public_key();
    let der = small.to_public_key_der().unwrap();
    assert_eq!(
        PublicKey::from_der(der.as_bytes()).err(),
        Some(Error::Unsupported)
    );
    // An EC key is not an RSA key.
    let ec = nbtls::p256::PrivateKey::generate().wait().unwrap();
    let spki = p256::PublicKey::from_sec1_bytes(&ec.public_key().to_sec1())
        .unwrap()
        .to_public_key_der()
        .unwrap();
    assert_eq!(
        PublicKey::from_der(spki.as_bytes()).err(),
        Some(Error::Unsupported)
    );
}

#[test]
fn peer_signatures_verify_and_tampered_ones_fail() {
    let mut rng = Rng::from_env("rsa peer_signatures_verify_and_tampered_ones_fail");
    for key in keys() {
        let k = ours(key);
        for p in PADDINGS {
            for h in HASHES {
                let len = 1 + rng.below(200) as usize;
                let msg = rng.bytes(len);
                let d = digest(h, &msg);
                let sig = peer_sign(key, p, h, &d);
                let what = format!("{} bytes {p:?} {h:?} msg {}", k.modulus_len(), hex(&msg));
                assert_eq!(sig.len(), k.modulus_len());
                k.verify(p, h, &d, &sig)
                    .wait()
                    .unwrap_or_else(|e| panic!("{what}: {e}"));

                // One flipped bit anywhere in the signature.
                let mut bad = sig.clone();
                let at = rng.below(bad.len() as u64) as usize;
                let bit = rng.below(8);
                bad[at] ^= 1 << bit;
                assert_eq!(
                    k.verify(p, h, &d, &bad).wait(),
                    Err(Error::BadSignature),
                    "{what}: bit flipped in byte {at}"
                );
                // Another digest.
                let mut d2 = d.clone();
                d2[0] ^= 0x01;
                assert_eq!(
                    k.verify(p, h, &d2, &sig).wait(),
                    Err(Error::BadSignature),
                    "{what}"
                );
                // The other padding.
                let q = if p == Padding::Pss {
                    Padding::Pkcs1v15
                } else {
                    Padding::Pss
                };
                assert_eq!(
                    k.verify(q, h, &d, &sig).wait(),
                    Err(Error::BadSignature),
                    "{what}"
                );
                // Another hash, with a digest of its length.
                let h2 = HASHES[(HASHES.iter().position(|x| *x == h).unwrap() + 1) % 3];
                assert_eq!(
                    k.verify(p, h2, &digest(h2, &msg), &sig).wait(),
                    Err(Error::BadSignature),
                    "{what} as {h2:?}"
                );
            }
        }
    }
}

#[test]
fn bad_lengths_and_out_of_range() {
    let key = &keys()[0];
    let k = ours(key);
    let d = digest(HashAlgorithm::Sha256, b"abc");
    let sig = peer_sign(key, Padding::Pkcs1v15, HashAlgorithm::Sha256, &d);
    // The digest length must be the hash's (an argument error); a signature
    // of another length than the modulus's is a bad signature.
    assert_eq!(
        k.verify(Padding::Pkcs1v15, HashAlgorithm::Sha384, &d, &sig)
            .wait(),
        Err(Error::InvalidArg)
    );
    assert_eq!(
        k.verify(Padding::Pkcs1v15, HashAlgorithm::Sha256, &d, &sig[1..])
            .wait(),
        Err(Error::BadSignature)
    );
    let mut long = sig.clone();
    long.push(0);
    assert_eq!(
        k.verify(Padding::Pkcs1v15, HashAlgorithm::Sha256, &d, &long)
            .wait(),
        Err(Error::BadSignature)
    );
    // s = n, and s = all ones: not below the modulus.
    let n = key.n().to_bytes_be();
    assert_eq!(n.len(), k.modulus_len());
    for s in [n, vec![0xff; k.modulus_len()]] {
        assert_eq!(
            k.verify(Padding::Pkcs1v15, HashAlgorithm::Sha256, &d, &s)
                .wait(),
            Err(Error::BadSignature)
        );
    }
}

#[test]
fn openssl_signatures_verify() {
    if !common::have_openssl() {
        eprintln!("openssl not found: skipped");
        return;
    }
    let dir = common::temp_dir("rsa-openssl");
    let path = |n: &str| dir.join(n).to_string_lossy().into_owned();
    let key_pem = path("key.pem");
    let msg_path = path("msg");
    let sig_path = path("sig");
    let msg = b"nbtls: RSA signatures made by the openssl command".repeat(7);
    std::fs::write(&msg_path, &msg).unwrap();
    std::fs::write(
        &key_pem,
        keys()[2].to_pkcs8_pem(LineEnding::LF).unwrap().as_bytes(),
    )
    .unwrap();
    let k = ours(&keys()[2]);
    for (h, name) in [
        (HashAlgorithm::Sha256, "-sha256"),
        (HashAlgorithm::Sha384, "-sha384"),
        (HashAlgorithm::Sha512, "-sha512"),
    ] {
        for p in PADDINGS {
            let mut args = vec!["dgst", name, "-sign", &key_pem, "-out", &sig_path];
            if p == Padding::Pss {
                // MGF1 defaults to the signature's hash.
                args.extend([
                    "-sigopt",
                    "rsa_padding_mode:pss",
                    "-sigopt",
                    "rsa_pss_saltlen:digest",
                ]);
            }
            args.push(&msg_path);
            common::openssl(&args);
            let sig = std::fs::read(&sig_path).unwrap();
            let d = digest(h, &msg);
            k.verify(p, h, &d, &sig)
                .wait()
                .unwrap_or_else(|e| panic!("openssl {name} {p:?}: {e}"));
            let mut bad = sig.clone();
            bad[100] ^= 0x40;
            assert_eq!(k.verify(p, h, &d, &bad).wait(), Err(Error::BadSignature));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn verify_is_restartable() {
    let key = &keys()[2];
    let k = ours(key);
    let d = digest(HashAlgorithm::Sha512, b"restart");
    let sig = peer_sign(key, Padding::Pss, HashAlgorithm::Sha512, &d);
    let mut op = k.verify(Padding::Pss, HashAlgorithm::Sha512, &d, &sig);
    let mut polls = 0;
    loop {
        polls += 1;
        if let std::task::Poll::Ready(r) = op.advance(1) {
            r.unwrap();
            break;
        }
    }
    // 4096 bits: hundreds of units (nbtls.h: 498 for e = 65537).
    assert!(polls > 100, "{polls} polls at budget 1");
    common::block_on(async {
        let (a, b) = tokio::join!(
            k.verify(Padding::Pss, HashAlgorithm::Sha512, &d, &sig)
                .budget(16),
            k.verify(Padding::Pkcs1v15, HashAlgorithm::Sha512, &d, &sig)
                .budget(16)
        );
        assert_eq!((a, b), (Ok(()), Err(Error::BadSignature)));
    });
}

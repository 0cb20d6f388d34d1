//! PEM and DER key import, against keys made at test time by the `openssl`
//! command (an independent implementation): the scalar and the public point
//! nbtls reads must be the ones openssl prints, in every format openssl
//! writes. Skipped (with a message) when `openssl` is not installed.

mod common;

use std::process::Command;

use common::hex;
use nbtls::p256::{PrivateKey, PublicKey};
use nbtls::Error;

fn openssl(args: &[&str]) -> Option<Vec<u8>> {
    let out = Command::new("openssl").args(args).output().ok()?;
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(out.stdout)
}

/// The colon-separated hex block after `label` in `openssl pkey -text`.
fn text_field(text: &str, label: &str) -> Vec<u8> {
    let mut hexs = String::new();
    let mut on = false;
    for line in text.lines() {
        if line.starts_with(label) {
            on = true;
            continue;
        }
        if on {
            if !line.starts_with(' ') {
                break;
            }
            hexs.extend(line.trim().split(':').filter(|s| !s.is_empty()));
        }
    }
    common::unhex(&hexs)
}

#[test]
fn keys_written_by_openssl() {
    if !common::have_openssl() {
        eprintln!("openssl not found: skipped");
        return;
    }
    let dir = std::env::temp_dir().join(format!("nbtls-keyfiles-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = |name: &str| dir.join(name).to_string_lossy().into_owned();
    for round in 0..4 {
        let pkcs8 = p("key.pem");
        openssl(&[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-out",
            &pkcs8,
        ])
        .unwrap();
        let text = String::from_utf8(openssl(&["pkey", "-in", &pkcs8, "-text", "-noout"]).unwrap())
            .unwrap();
        let mut scalar = text_field(&text, "priv:");
        while scalar.len() > 32 && scalar[0] == 0 {
            scalar.remove(0);
        }
        while scalar.len() < 32 {
            scalar.insert(0, 0);
        }
        let point = text_field(&text, "pub:");
        assert_eq!(point.len(), 65, "{text}");

        let check_private = |k: PrivateKey, what: &str| {
            assert_eq!(
                hex(&k.to_bytes()[..]),
                hex(&scalar),
                "round {round} {what}: scalar"
            );
            assert_eq!(
                hex(&k.public_key().to_sec1()),
                hex(&point),
                "round {round} {what}: point"
            );
        };
        let check_public = |k: PublicKey, what: &str| {
            assert_eq!(hex(&k.to_sec1()), hex(&point), "round {round} {what}");
        };

        // PKCS#8, PEM and DER.
        let pem = std::fs::read_to_string(&pkcs8).unwrap();
        check_private(PrivateKey::from_pem(&pem).unwrap(), "PKCS#8 PEM");
        check_public(
            PublicKey::from_pem(&pem).unwrap(),
            "public half of PKCS#8 PEM",
        );
        let der = openssl(&["pkey", "-in", &pkcs8, "-outform", "DER"]).unwrap();
        check_private(PrivateKey::from_der(&der).unwrap(), "PKCS#8 DER");
        // SEC1 ECPrivateKey ("EC PRIVATE KEY"), PEM and DER.
        let sec1 = openssl(&["ec", "-in", &pkcs8, "-outform", "PEM"]).unwrap();
        let sec1 = String::from_utf8(sec1).unwrap();
        assert!(sec1.contains("BEGIN EC PRIVATE KEY"));
        check_private(PrivateKey::from_pem(&sec1).unwrap(), "SEC1 PEM");
        let sec1_der = openssl(&["ec", "-in", &pkcs8, "-outform", "DER"]).unwrap();
        check_private(PrivateKey::from_der(&sec1_der).unwrap(), "SEC1 DER");
        // SubjectPublicKeyInfo, PEM and DER, uncompressed and compressed.
        let spki =
            String::from_utf8(openssl(&["pkey", "-in", &pkcs8, "-pubout"]).unwrap()).unwrap();
        check_public(PublicKey::from_pem(&spki).unwrap(), "SPKI PEM");
        let spki_der = openssl(&["pkey", "-in", &pkcs8, "-pubout", "-outform", "DER"]).unwrap();
        check_public(PublicKey::from_der(&spki_der).unwrap(), "SPKI DER");
        let comp = openssl(&[
            "ec",
            "-in",
            &pkcs8,
            "-pubout",
            "-conv_form",
            "compressed",
            "-outform",
            "DER",
        ])
        .unwrap();
        check_public(PublicKey::from_der(&comp).unwrap(), "SPKI DER compressed");
        // A public key is not a private key.
        assert_eq!(PrivateKey::from_pem(&spki).err(), Some(Error::BadKey));
        assert_eq!(PrivateKey::from_der(&spki_der).err(), Some(Error::BadKey));
        // Damaged DER is rejected.
        let mut bad = der.clone();
        bad.truncate(bad.len() - 1);
        assert_eq!(PrivateKey::from_der(&bad).err(), Some(Error::BadKey));
    }

    // An X25519 key is valid but not a P-256 key.
    let x = p("x25519.pem");
    openssl(&["genpkey", "-algorithm", "X25519", "-out", &x]).unwrap();
    let pem = std::fs::read_to_string(&x).unwrap();
    assert_eq!(PrivateKey::from_pem(&pem).err(), Some(Error::Unsupported));
    assert_eq!(PublicKey::from_pem(&pem).err(), Some(Error::Unsupported));
    // Not a key at all.
    assert_eq!(PrivateKey::from_pem("hello").err(), Some(Error::BadKey));
    assert_eq!(
        PublicKey::from_der(&[0x30, 0x00]).err(),
        Some(Error::BadKey)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

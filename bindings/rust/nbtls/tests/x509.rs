//! nbtls::x509 on chains minted at test time with the openssl command: the
//! binding passes everything through and reports the C library's verdict
//! and detail (the rules themselves are tested in C).

mod x509_pki;

use std::net::IpAddr;
use std::task::Poll;

use nbtls::scheme::{SignatureScheme, VerifyingKey};
use nbtls::x509::{self, eku, key_usage, Certificate, Detail, Purpose, TrustStore, VerifyOptions};
use nbtls::Error;
use sha2::{Digest, Sha256};
use x509_pki::Pki;

fn chain(pki: &Pki, leaf: &str) -> Vec<Certificate> {
    vec![
        Certificate::from_der(&pki.der(leaf)).unwrap(),
        Certificate::from_der(&pki.der("int")).unwrap(),
    ]
}

fn trust(pki: &Pki) -> TrustStore {
    TrustStore::from_data(pki.pem("root").as_bytes()).unwrap()
}

fn mid(c: &Certificate) -> i64 {
    (c.not_before_unix() + c.not_after_unix()) / 2
}

fn at(c: &Certificate) -> VerifyOptions {
    VerifyOptions::new().time_unix(mid(c))
}

fn detail(r: nbtls::Result<()>) -> Detail {
    match r {
        Err(Error::Certificate { detail }) => detail,
        other => panic!("expected a certificate error, got {other:?}"),
    }
}

#[test]
fn getters() {
    let pki = Pki::new();
    let der = pki.der("leaf");
    let c = Certificate::from_der(&der).unwrap();
    assert_eq!(c.der(), &der[..]);
    assert_eq!(
        c.fingerprint_sha256().to_vec(),
        Sha256::digest(&der).to_vec()
    );
    assert_eq!(c.version(), 3);
    assert_eq!(c.serial(), &[1, 2, 3, 4, 5]);
    assert_eq!(c.subject().unwrap(), "CN=leaf,O=nbtls test");
    assert_eq!(c.issuer().unwrap(), "CN=Test Int,O=nbtls test");
    let int = Certificate::from_der(&pki.der("int")).unwrap();
    assert_eq!(c.issuer_der(), int.subject_der());
    assert_eq!(c.not_after_unix() - c.not_before_unix(), 365 * 86400);
    assert!(c.not_before() < c.not_after());
    assert_eq!(c.san_dns_names(), vec!["www.example.com", "*.example.org"]);
    assert_eq!(
        c.san_ip_addresses(),
        vec![
            "192.0.2.7".parse::<IpAddr>().unwrap(),
            "2001:db8::1".parse().unwrap()
        ]
    );
    assert!(!c.is_ca());
    assert_eq!(c.path_len(), None);
    assert_eq!(c.key_usage(), Some(key_usage::DIGITAL_SIGNATURE));
    assert_eq!(c.extended_key_usage(), Some(eku::SERVER_AUTH));
    assert_eq!(c.authority_key_id(), int.subject_key_id());
    assert!(c.subject_key_id().is_some());
    assert_eq!(
        c.signature_scheme(),
        Some(SignatureScheme::EcdsaSecp256r1Sha256.code())
    );
    assert!(c.unknown_critical_extensions().is_empty());
    match c.public_key().unwrap() {
        VerifyingKey::P256(k) => assert_eq!(
            VerifyingKey::from_der(c.spki_der()).unwrap(),
            VerifyingKey::P256(k)
        ),
        other => panic!("{other:?}"),
    }
    assert!(int.is_ca());
    assert_eq!(int.path_len(), Some(0));
    assert_eq!(
        int.key_usage(),
        Some(key_usage::KEY_CERT_SIGN | key_usage::CRL_SIGN)
    );
    assert_eq!(int.extended_key_usage(), None);
    let root = Certificate::from_pem(&pki.pem("root")).unwrap();
    assert!(matches!(root.public_key().unwrap(), VerifyingKey::Rsa(_)));
    assert_eq!(
        root.signature_scheme(),
        Some(SignatureScheme::RsaPkcs1Sha256.code())
    );
    assert_eq!(root.subject().unwrap(), root.issuer().unwrap());
    assert!(format!("{c:?}").contains("CN=leaf"));
    assert_eq!(c.clone(), c);
}

#[test]
fn pem_bundles_and_malformed_input() {
    let pki = Pki::new();
    let bundle = format!(
        "junk\n{}between\n{}{}",
        pki.pem("leaf"),
        pki.pem("int"),
        pki.pem("root")
    );
    let certs = Certificate::from_pem_bundle(&bundle).unwrap();
    assert_eq!(certs.len(), 3);
    assert_eq!(certs[0].der(), &pki.der("leaf")[..]);
    assert_eq!(certs[2].der(), &pki.der("root")[..]);
    assert_eq!(Certificate::from_pem(&bundle).unwrap(), certs[0]);
    assert!(Certificate::from_pem_bundle("nothing here")
        .unwrap()
        .is_empty());
    let malformed = Error::Certificate {
        detail: Detail::Malformed,
    };
    assert_eq!(
        Certificate::from_pem("nothing here").unwrap_err(),
        malformed
    );
    let mut der = pki.der("leaf");
    der.push(0);
    assert_eq!(Certificate::from_der(&der).unwrap_err(), malformed);
    assert_eq!(
        Certificate::from_der(&der[..der.len() - 2]).unwrap_err(),
        malformed
    );
    let bad = "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n";
    assert_eq!(Certificate::from_pem_bundle(bad).unwrap_err(), malformed);
    assert_eq!(malformed.code(), -11);
    assert_eq!(Detail::Malformed.name(), "malformed");
    assert!(!Detail::Malformed.description().is_empty());
}

#[test]
fn detail_codes_round_trip() {
    for code in 1..=15 {
        let d = Detail::from_code(code);
        assert!(!matches!(d, Detail::Other(_)), "{code}");
        assert_eq!(d.code(), code);
        assert_ne!(d.name(), "unknown", "{code}");
    }
    assert_eq!(Detail::from_code(99), Detail::Other(99));
    assert_eq!(Detail::Expired.name(), "expired");
    assert_eq!(Detail::UnknownIssuer.name(), "unknown_issuer");
    assert_eq!(Detail::NameMismatch.name(), "name_mismatch");
}

#[test]
fn trust_stores() {
    let pki = Pki::new();
    let mut t = TrustStore::new().unwrap();
    assert!(t.is_empty());
    let root = Certificate::from_der(&pki.der("root")).unwrap();
    t.add(&root).unwrap();
    t.add(&root).unwrap(); // not twice
    assert_eq!(t.len(), 1);
    let two = format!("{}{}", pki.pem("root"), pki.pem("int"));
    assert_eq!(t.add_data(two.as_bytes()).unwrap(), 2);
    assert_eq!(t.len(), 2);
    let broken = format!(
        "{}-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        pki.pem("int")
    );
    assert!(matches!(
        t.add_data(broken.as_bytes()),
        Err(Error::Certificate { .. })
    ));
    assert_eq!(t.len(), 2); // all or nothing
    assert_eq!(TrustStore::from_certificates([&root]).unwrap().len(), 1);
    assert_eq!(
        TrustStore::from_file(pki.path("root.pem")).unwrap().len(),
        1
    );
    assert_eq!(TrustStore::from_file(pki.path("int.der")).unwrap().len(), 1);
    assert_eq!(
        TrustStore::from_file(pki.path("missing.pem")).unwrap_err(),
        Error::InvalidArg
    );
    let dir = pki.path("anchors");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(pki.path("root.pem"), dir.join("a.pem")).unwrap();
    std::fs::copy(pki.path("other_root.der"), dir.join("b.0")).unwrap();
    std::fs::write(dir.join("junk.txt"), "not a certificate").unwrap();
    assert_eq!(TrustStore::from_dir(&dir).unwrap().len(), 2);
    // a clone shares the anchors: no longer modifiable
    let c = t.clone();
    assert_eq!(t.add(&root), Err(Error::BadState));
    drop(c);
    t.add(&root).unwrap();
}

#[test]
fn system_store_honours_ssl_cert_file() {
    let pki = Pki::new();
    // The only test of this binary that reads these variables.
    std::env::set_var("SSL_CERT_FILE", pki.path("root.pem"));
    std::env::remove_var("SSL_CERT_DIR");
    let t = TrustStore::system().unwrap();
    std::env::remove_var("SSL_CERT_FILE");
    assert_eq!(t.len(), 1);
    let ch = chain(&pki, "leaf");
    x509::verify(&ch, &t, &at(&ch[0])).wait().unwrap();
}

#[test]
fn store_frozen_after_verify() {
    let pki = Pki::new();
    let mut t = trust(&pki);
    let ch = chain(&pki, "leaf");
    x509::verify(&ch, &t, &at(&ch[0])).wait().unwrap();
    let int = Certificate::from_der(&pki.der("int")).unwrap();
    assert_eq!(t.add(&int), Err(Error::BadState));
    assert_eq!(t.add_data(&pki.der("int")), Err(Error::BadState));
    assert!(format!("{t:?}").contains("frozen: true"));
}

#[tokio::test(flavor = "current_thread")]
async fn verify_valid_chain_async_and_blocking() {
    let pki = Pki::new();
    let ch = chain(&pki, "leaf");
    let t = trust(&pki);
    x509::verify(&ch, &t, &at(&ch[0]).hostname("www.example.com"))
        .await
        .unwrap();
    x509::verify(&ch, &t, &at(&ch[0]).hostname("WWW.EXAMPLE.COM"))
        .await
        .unwrap();
    // intermediates in any order, extra certificates ignored
    let mixed = vec![
        ch[0].clone(),
        Certificate::from_der(&pki.der("other_root")).unwrap(),
        ch[1].clone(),
    ];
    x509::verify(&mixed, &t, &at(&ch[0])).await.unwrap();
    // the time defaults to now (the chain is valid for a year from now)
    x509::verify(&ch, &t, &VerifyOptions::new()).wait().unwrap();
    // the op keeps what C reads alive: the caller's copies may go
    let op = x509::verify(&ch, &t, &at(&ch[0]));
    drop((ch, t));
    op.await.unwrap();
}

#[test]
fn verify_expired_and_not_yet_valid() {
    let pki = Pki::new();
    let ch = chain(&pki, "leaf");
    let t = trust(&pki);
    let after = VerifyOptions::new().time_unix(ch[0].not_after_unix() + 1);
    assert_eq!(
        detail(x509::verify(&ch, &t, &after).wait()),
        Detail::Expired
    );
    let before = VerifyOptions::new().time_unix(ch[0].not_before_unix() - 1);
    assert_eq!(
        detail(x509::verify(&ch, &t, &before).wait()),
        Detail::NotYetValid
    );
    x509::verify(&ch, &t, &VerifyOptions::new().time(ch[0].not_before()))
        .wait()
        .unwrap();
    let e = x509::verify(&ch, &t, &after).wait().unwrap_err();
    assert!(
        e.to_string()
            .contains("(NBTLS_E_CERTIFICATE = -11): expired: "),
        "{e}"
    );
}

#[test]
fn verify_wrong_host() {
    let pki = Pki::new();
    let ch = chain(&pki, "leaf");
    let t = trust(&pki);
    let o = at(&ch[0]);
    assert_eq!(
        detail(x509::verify(&ch, &t, &o.clone().hostname("www.example.net")).wait()),
        Detail::NameMismatch
    );
    // no CN fallback: the CN is "leaf"
    assert_eq!(
        detail(x509::verify(&ch, &t, &o.hostname("leaf")).wait()),
        Detail::NameMismatch
    );
}

#[test]
fn verify_unknown_issuer() {
    let pki = Pki::new();
    let ch = chain(&pki, "leaf");
    let other = TrustStore::from_file(pki.path("other_root.pem")).unwrap();
    assert_eq!(
        detail(x509::verify(&ch, &other, &at(&ch[0])).wait()),
        Detail::UnknownIssuer
    );
    assert_eq!(
        detail(x509::verify(&ch[..1], &trust(&pki), &at(&ch[0])).wait()),
        Detail::UnknownIssuer
    );
    let empty = TrustStore::new().unwrap();
    assert_eq!(
        detail(x509::verify(&ch, &empty, &at(&ch[0])).wait()),
        Detail::UnknownIssuer
    );
}

#[test]
fn verify_wildcard() {
    let pki = Pki::new();
    let ch = chain(&pki, "leaf");
    let t = trust(&pki);
    for good in ["a.example.org", "WWW.Example.Org"] {
        x509::verify(&ch, &t, &at(&ch[0]).hostname(good))
            .wait()
            .unwrap();
    }
    for bad in ["example.org", "a.b.example.org", "a.example.com"] {
        assert_eq!(
            detail(x509::verify(&ch, &t, &at(&ch[0]).hostname(bad)).wait()),
            Detail::NameMismatch,
            "{bad}"
        );
    }
}

#[test]
fn verify_ip_san() {
    let pki = Pki::new();
    let ch = chain(&pki, "leaf");
    let t = trust(&pki);
    for ip in ["192.0.2.7", "2001:db8::1", "2001:0db8:0:0::1"] {
        let ip: IpAddr = ip.parse().unwrap();
        x509::verify(&ch, &t, &at(&ch[0]).ip(ip)).wait().unwrap();
    }
    let wrong: IpAddr = "192.0.2.8".parse().unwrap();
    assert_eq!(
        detail(x509::verify(&ch, &t, &at(&ch[0]).ip(wrong)).wait()),
        Detail::NameMismatch
    );
    // an IP literal given as a host name is still matched as an IP, by C
    x509::verify(&ch, &t, &at(&ch[0]).hostname("192.0.2.7"))
        .wait()
        .unwrap();
}

#[test]
fn verify_purpose_and_limits() {
    let pki = Pki::new();
    let t = trust(&pki);
    let client = chain(&pki, "client");
    x509::verify(&client, &t, &at(&client[0]).purpose(Purpose::Client))
        .wait()
        .unwrap();
    assert_eq!(
        detail(x509::verify(&client, &t, &at(&client[0])).wait()),
        Detail::Usage
    );
    let ch = chain(&pki, "leaf");
    assert_eq!(
        detail(x509::verify(&ch, &t, &at(&ch[0]).max_signatures(1)).wait()),
        Detail::TooCostly
    );
    assert_eq!(
        x509::verify(&ch, &t, &at(&ch[0]).max_depth(65)).wait(),
        Err(Error::InvalidArg)
    );
}

#[test]
fn verify_argument_errors() {
    let pki = Pki::new();
    let ch = chain(&pki, "leaf");
    let t = trust(&pki);
    assert_eq!(
        x509::verify(&[], &t, &VerifyOptions::new()).wait(),
        Err(Error::InvalidArg)
    );
    assert_eq!(
        x509::verify(&ch, &t, &at(&ch[0]).hostname("")).wait(),
        Err(Error::InvalidArg)
    );
    assert_eq!(
        x509::verify(&ch, &t, &at(&ch[0]).hostname("www.example.com\0.evil")).wait(),
        Err(Error::InvalidArg)
    );
}

fn outcome(mut op: nbtls::Op<()>, budget: u32) -> (nbtls::Result<()>, usize) {
    let mut polls = 0;
    loop {
        polls += 1;
        if let Poll::Ready(r) = op.advance(budget) {
            return (r, polls);
        }
    }
}

#[test]
fn restart_equivalence() {
    let pki = Pki::new();
    let ch = chain(&pki, "leaf");
    let t = trust(&pki);
    let other = TrustStore::from_file(pki.path("other_root.pem")).unwrap();
    let o = at(&ch[0]);
    let cases: Vec<(&TrustStore, VerifyOptions)> = vec![
        (&t, o.clone().hostname("www.example.com")),
        (&t, o.clone().hostname("www.example.net")),
        (
            &t,
            VerifyOptions::new().time_unix(ch[0].not_after_unix() + 1),
        ),
        (&other, o.clone()),
    ];
    for (store, opts) in cases {
        let (r0, _) = outcome(x509::verify(&ch, store, &opts), 0);
        for budget in [1, 7] {
            let (r, polls) = outcome(x509::verify(&ch, store, &opts), budget);
            assert_eq!(r, r0, "budget {budget}, {opts:?}");
            if r0.is_ok() && budget == 1 {
                assert!(polls > 10, "{polls} polls");
            }
        }
    }
}

//! Shared helpers for the rustls interop peer (argument parsing, PEM loading,
//! provider restriction). Test tool: errors end the process with a message.

use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::collections::HashMap;
use std::process::exit;

pub fn die(msg: &str) -> ! {
    eprintln!("rustls-peer: {msg}");
    exit(2)
}

/// `--name value` options (repeatable ones keep the last) and positional arguments.
pub fn parse_args() -> (HashMap<String, String>, Vec<String>) {
    let mut opts = HashMap::new();
    let mut pos = Vec::new();
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        if let Some(name) = a.strip_prefix("--") {
            if name == "require-client-cert" || name == "key-update" {
                opts.insert(name.to_string(), String::new());
                continue;
            }
            let v = it.next().unwrap_or_else(|| die(&format!("--{name} needs a value")));
            opts.insert(name.to_string(), v);
        } else {
            pos.push(a);
        }
    }
    (opts, pos)
}

pub fn load_certs(path: &str) -> Vec<CertificateDer<'static>> {
    let v: Vec<_> = CertificateDer::pem_file_iter(path)
        .unwrap_or_else(|e| die(&format!("{path}: {e:?}")))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| die(&format!("{path}: {e:?}")));
    if v.is_empty() {
        die(&format!("{path}: no certificate"));
    }
    v
}

pub fn load_key(path: &str) -> PrivateKeyDer<'static> {
    PrivateKeyDer::from_pem_file(path).unwrap_or_else(|e| die(&format!("{path}: {e:?}")))
}

fn group_name(g: &str) -> &'static str {
    match g {
        "x25519" => "X25519",
        "secp256r1" | "p256" | "P-256" => "secp256r1",
        "secp384r1" | "p384" | "P-384" => "secp384r1",
        _ => die(&format!("unknown group {g}")),
    }
}

fn suite_name(s: &str) -> &'static str {
    match s {
        "TLS_AES_128_GCM_SHA256" => "TLS13_AES_128_GCM_SHA256",
        "TLS_AES_256_GCM_SHA384" => "TLS13_AES_256_GCM_SHA384",
        "TLS_CHACHA20_POLY1305_SHA256" => "TLS13_CHACHA20_POLY1305_SHA256",
        _ => die(&format!("unknown suite {s}")),
    }
}

/// The ring provider restricted to the comma-separated groups and suites
/// (IANA names for suites), in the given order.
#[allow(deprecated)] // ring: no post-quantum groups, which the tests do not want
pub fn provider(groups: Option<&String>, suites: Option<&String>) -> CryptoProvider {
    let mut p = rustls::crypto::ring::default_provider();
    if let Some(gs) = groups {
        let all = p.kx_groups.clone();
        p.kx_groups = gs
            .split(',')
            .map(|g| {
                let want = group_name(g);
                *all.iter()
                    .find(|k| format!("{:?}", k.name()) == want)
                    .unwrap_or_else(|| die(&format!("group {g} not in provider")))
            })
            .collect();
    }
    if let Some(ss) = suites {
        let all = p.cipher_suites.clone();
        p.cipher_suites = ss
            .split(',')
            .map(|s| {
                let want = suite_name(s);
                *all.iter()
                    .find(|c| format!("{:?}", c.suite()) == want)
                    .unwrap_or_else(|| die(&format!("suite {s} not in provider")))
            })
            .collect();
    }
    p
}

pub fn alpn(opts: &HashMap<String, String>) -> Vec<Vec<u8>> {
    opts.get("alpn")
        .map(|l| l.split(',').map(|p| p.as_bytes().to_vec()).collect())
        .unwrap_or_default()
}

/// One line on stderr the harness parses: what the handshake negotiated.
pub fn report(conn: &rustls::CommonState) {
    let suite = conn
        .negotiated_cipher_suite()
        .map(|s| format!("{:?}", s.suite()).replace("TLS13_", "TLS_"))
        .unwrap_or_default();
    let group = conn
        .negotiated_key_exchange_group()
        .map(|g| match format!("{:?}", g.name()).as_str() {
            "X25519" => "x25519".to_string(),
            o => o.to_string(),
        })
        .unwrap_or_default();
    let alpn = conn
        .alpn_protocol()
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .unwrap_or_default();
    eprintln!("NEGOTIATED version=TLSv1.3 suite={suite} group={group} alpn={alpn}");
}

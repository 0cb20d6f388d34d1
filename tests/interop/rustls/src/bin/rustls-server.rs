//! rustls TLS 1.3 echo server: `rustls-server --port N --cert F --key F
//! [--client-ca F] [--alpn L] [--groups L] [--suites L]`. Serves connections one
//! after another: echoes every byte, answers the client's close_notify with its
//! own, logs `CLOSE_NOTIFY received` or `EOF without close_notify` on stderr.

use nbtls_interop_rustls::*;
use rustls::server::WebPkiClientVerifier;
use rustls::{RootCertStore, ServerConfig, ServerConnection};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

fn main() {
    let (o, _) = parse_args();
    let port = o.get("port").unwrap_or_else(|| die("--port needed"));
    let prov = Arc::new(provider(o.get("groups"), o.get("suites")));
    let b = ServerConfig::builder_with_provider(prov.clone())
        .with_protocol_versions(&[&rustls::version::TLS13])
        .unwrap_or_else(|e| die(&format!("{e}")));
    let b = match o.get("client-ca") {
        Some(ca) => {
            let mut roots = RootCertStore::empty();
            for c in load_certs(ca) {
                roots.add(c).unwrap_or_else(|e| die(&format!("{e}")));
            }
            let v = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), prov)
                .build()
                .unwrap_or_else(|e| die(&format!("{e}")));
            b.with_client_cert_verifier(v)
        }
        None => b.with_no_client_auth(),
    };
    let cert = o.get("cert").unwrap_or_else(|| die("--cert needed"));
    let key = o.get("key").unwrap_or_else(|| die("--key needed"));
    let mut cfg = b
        .with_single_cert(load_certs(cert), load_key(key))
        .unwrap_or_else(|e| die(&format!("{e}")));
    cfg.alpn_protocols = alpn(&o);
    let cfg = Arc::new(cfg);
    let l = TcpListener::bind(format!("127.0.0.1:{port}")).unwrap_or_else(|e| die(&format!("{e}")));
    eprintln!("LISTENING {port}");
    for sock in l.incoming() {
        let Ok(mut sock) = sock else { continue };
        let _ = sock.set_read_timeout(Some(Duration::from_secs(20)));
        let mut conn = ServerConnection::new(cfg.clone()).unwrap();
        conn.set_buffer_limit(None); // echo everything, however far the client runs ahead
        let mut reported = false;
        let mut buf = [0u8; 16384];
        let outcome = loop {
            if let Err(e) = conn.complete_io(&mut sock) {
                break format!("error: {e}");
            }
            if !conn.is_handshaking() && !reported {
                report(&conn);
                reported = true;
            }
            match conn.reader().read(&mut buf) {
                Ok(0) => {
                    conn.send_close_notify();
                    let _ = conn.complete_io(&mut sock);
                    break "CLOSE_NOTIFY received".to_string();
                }
                Ok(n) => {
                    let _ = conn.writer().write_all(&buf[..n]);
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(e) => break format!("EOF without close_notify ({e})"),
            }
        };
        eprintln!("{outcome}");
    }
}

//! rustls TLS 1.3 client: `rustls-client --trust F [--cert F --key F] [--alpn L]
//! [--groups L] [--suites L] [--servername N] [--key-update] HOST PORT`. Copies stdin to the
//! connection (close_notify at stdin's end) and the connection to stdout until
//! the server closes. Exit 0 only after the server's close_notify, 1 on a TLS
//! error or a close without close_notify, 2 on usage errors.

use nbtls_interop_rustls::*;
use rustls::pki_types::ServerName;
use rustls::{ClientConfig, ClientConnection, RootCertStore};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{mpsc, Arc};
use std::time::Duration;

fn main() {
    let (o, pos) = parse_args();
    if pos.len() != 2 {
        die("usage: rustls-client [options] HOST PORT");
    }
    let prov = Arc::new(provider(o.get("groups"), o.get("suites")));
    let mut roots = RootCertStore::empty();
    for c in load_certs(o.get("trust").unwrap_or_else(|| die("--trust needed"))) {
        roots.add(c).unwrap_or_else(|e| die(&format!("{e}")));
    }
    let b = ClientConfig::builder_with_provider(prov)
        .with_protocol_versions(&[&rustls::version::TLS13])
        .unwrap_or_else(|e| die(&format!("{e}")))
        .with_root_certificates(roots);
    let mut cfg = match (o.get("cert"), o.get("key")) {
        (Some(c), Some(k)) => b
            .with_client_auth_cert(load_certs(c), load_key(k))
            .unwrap_or_else(|e| die(&format!("{e}"))),
        _ => b.with_no_client_auth(),
    };
    cfg.alpn_protocols = alpn(&o);
    let name = o.get("servername").cloned().unwrap_or_else(|| pos[0].clone());
    let name = ServerName::try_from(name).unwrap_or_else(|e| die(&format!("{e}")));
    let mut conn = ClientConnection::new(Arc::new(cfg), name).unwrap_or_else(|e| die(&format!("{e}")));
    conn.set_buffer_limit(None); // stdin may run ahead of the network: buffer it all
    let mut sock = TcpStream::connect(format!("{}:{}", pos[0], pos[1])).unwrap_or_else(|e| die(&format!("{e}")));
    sock.set_read_timeout(Some(Duration::from_millis(20))).unwrap();

    let (tx, rx) = mpsc::channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut stdin = std::io::stdin();
        let mut b = [0u8; 16384];
        loop {
            match stdin.read(&mut b) {
                Ok(0) | Err(_) => return,
                Ok(n) => {
                    if tx.send(b[..n].to_vec()).is_err() {
                        return;
                    }
                }
            }
        }
    });
    let mut stdin_open = true;
    let mut reported = false;
    let mut out = std::io::stdout();
    let mut buf = [0u8; 16384];
    let fail = |m: String| -> ! {
        eprintln!("rustls-client: {m}");
        std::process::exit(1)
    };
    loop {
        if !conn.is_handshaking() {
            if !reported {
                report(&conn);
                reported = true;
                if o.contains_key("key-update") {
                    // a KeyUpdate with update_requested before any data
                    conn.refresh_traffic_keys().unwrap_or_else(|e| fail(format!("key update: {e}")));
                    eprintln!("KEYUPDATE sent");
                }
            }
            while stdin_open {
                match rx.try_recv() {
                    Ok(d) => conn.writer().write_all(&d).unwrap(),
                    Err(mpsc::TryRecvError::Empty) => break,
                    Err(mpsc::TryRecvError::Disconnected) => {
                        conn.send_close_notify();
                        stdin_open = false;
                    }
                }
            }
        }
        while conn.wants_write() {
            if let Err(e) = conn.write_tls(&mut sock) {
                fail(format!("write: {e}"));
            }
        }
        match conn.read_tls(&mut sock) {
            Ok(0) => {
                let _ = conn.process_new_packets();
                drain(&mut conn, &mut out, &mut buf);
                fail("EOF without close_notify".into());
            }
            Ok(_) => {
                if let Err(e) = conn.process_new_packets() {
                    while conn.wants_write() {
                        let _ = conn.write_tls(&mut sock);
                    }
                    fail(format!("{e}"));
                }
                if drain(&mut conn, &mut out, &mut buf) {
                    eprintln!("CLOSE_NOTIFY received");
                    std::process::exit(0);
                }
            }
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            Err(e) => fail(format!("read: {e}")),
        }
    }
}

/// Copies readable plaintext to stdout; true when the peer's close_notify arrived.
fn drain(conn: &mut ClientConnection, out: &mut std::io::Stdout, buf: &mut [u8]) -> bool {
    loop {
        match conn.reader().read(buf) {
            Ok(0) => return true,
            Ok(n) => {
                out.write_all(&buf[..n]).unwrap();
                out.flush().unwrap();
            }
            Err(_) => return false,
        }
    }
}

//! Chains minted at test time with the `openssl` command (an independent
//! implementation): an RSA-2048 root, a P-256 intermediate and P-256 leaves,
//! plus a second, unrelated root. Shared by tests/x509*.rs.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A folder holding one minted PKI (removed on drop).
pub struct Pki {
    pub dir: PathBuf,
}

/// The leaf SAN: DNS and IP entries (openssl `subjectAltName` syntax).
pub const LEAF_SAN: &str = "DNS:www.example.com,DNS:*.example.org,IP:192.0.2.7,IP:2001:db8::1";

fn run(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the openssl command is needed by the X.509 tests");
    assert!(
        out.status.success(),
        "openssl {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

impl Pki {
    /// Mint: root.pem (RSA-2048, CA), int.pem (P-256, CA, pathlen 0),
    /// leaf.pem (P-256, serverAuth, LEAF_SAN), client.pem (clientAuth
    /// only), other_root.pem (an unrelated root), all also as .der.
    pub fn new() -> Pki {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "nbtls-x509-rs-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        write(
            &dir,
            "ca.ext",
            "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n\
             subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
        );
        write(
            &dir,
            "leaf.ext",
            &format!(
                "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n\
                 extendedKeyUsage=serverAuth\nsubjectKeyIdentifier=hash\n\
                 authorityKeyIdentifier=keyid\nsubjectAltName={LEAF_SAN}\n"
            ),
        );
        write(
            &dir,
            "client.ext",
            "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n\
             extendedKeyUsage=clientAuth\nsubjectAltName=DNS:client.example\n",
        );
        for (name, cn) in [("root", "Test Root"), ("other_root", "Other Root")] {
            run(
                &dir,
                &[
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-keyout",
                    &format!("{name}.key"),
                    "-out",
                    &format!("{name}.pem"),
                    "-days",
                    "3650",
                    "-sha256",
                    "-subj",
                    &format!("/O=nbtls test/CN={cn}"),
                    "-addext",
                    "basicConstraints=critical,CA:TRUE",
                    "-addext",
                    "keyUsage=critical,keyCertSign,cRLSign",
                    "-addext",
                    "subjectKeyIdentifier=hash",
                ],
            );
        }
        let sign = |name: &str, subj: &str, ca: &str, ext: &str, serial: &str| {
            run(
                &dir,
                &[
                    "req",
                    "-new",
                    "-newkey",
                    "ec",
                    "-pkeyopt",
                    "ec_paramgen_curve:P-256",
                    "-nodes",
                    "-keyout",
                    &format!("{name}.key"),
                    "-out",
                    &format!("{name}.csr"),
                    "-subj",
                    subj,
                ],
            );
            run(
                &dir,
                &[
                    "x509",
                    "-req",
                    "-in",
                    &format!("{name}.csr"),
                    "-CA",
                    &format!("{ca}.pem"),
                    "-CAkey",
                    &format!("{ca}.key"),
                    "-set_serial",
                    serial,
                    "-days",
                    "365",
                    "-sha256",
                    "-extfile",
                    ext,
                    "-out",
                    &format!("{name}.pem"),
                ],
            );
        };
        sign("int", "/O=nbtls test/CN=Test Int", "root", "ca.ext", "0x0a");
        sign(
            "leaf",
            "/O=nbtls test/CN=leaf",
            "int",
            "leaf.ext",
            "0x0102030405",
        );
        sign(
            "client",
            "/O=nbtls test/CN=client",
            "int",
            "client.ext",
            "0x07",
        );
        for name in ["root", "other_root", "int", "leaf", "client"] {
            run(
                &dir,
                &[
                    "x509",
                    "-in",
                    &format!("{name}.pem"),
                    "-outform",
                    "DER",
                    "-out",
                    &format!("{name}.der"),
                ],
            );
        }
        Pki { dir }
    }

    pub fn pem(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.join(format!("{name}.pem"))).unwrap()
    }

    pub fn der(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.dir.join(format!("{name}.der"))).unwrap()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}

impl Drop for Pki {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

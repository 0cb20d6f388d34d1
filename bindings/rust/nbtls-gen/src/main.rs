//! `cargo run -p nbtls-gen` rewrites nbtls-sys/src/bindings.rs;
//! `cargo run -p nbtls-gen -- --check` exits 1 if it is out of date.

use std::process::ExitCode;

fn main() -> ExitCode {
    let check = std::env::args().any(|a| a == "--check");
    let fresh = match nbtls_gen::generate() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("nbtls-gen: {e}");
            return ExitCode::FAILURE;
        }
    };
    let path = nbtls_gen::bindings_path();
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    if check {
        if old == fresh {
            println!("nbtls-gen: {} is up to date", path.display());
            ExitCode::SUCCESS
        } else {
            eprintln!(
                "nbtls-gen: {} is out of date; run `cargo run -p nbtls-gen` in bindings/rust",
                path.display()
            );
            ExitCode::FAILURE
        }
    } else if old == fresh {
        println!("nbtls-gen: {} unchanged", path.display());
        ExitCode::SUCCESS
    } else {
        match std::fs::write(&path, fresh) {
            Ok(()) => {
                println!("nbtls-gen: wrote {}", path.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("nbtls-gen: cannot write {}: {e}", path.display());
                ExitCode::FAILURE
            }
        }
    }
}

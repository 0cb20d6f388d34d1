//! Builds (or finds) the nbtls C core.
//!
//! Default ("vendored"): compile every `.c` file under `core/` exactly as the
//! CMake build does (`file(GLOB_RECURSE ... core/*.c)`): one source of truth,
//! no list to keep in sync. In the repository `core/` and `include/` are
//! symbolic links to the top-level folders; in a packaged crate they are the
//! copies `cargo package` made of them.
//!
//! Feature `system`: link an installed `libnbtls` found with pkg-config.
//!
//! Either way the public header folder is exported to dependents as
//! `DEP_NBTLS_INCLUDE` (`cargo:include=...`).

use std::env;
#[cfg(not(feature = "system"))]
use std::fs;
#[cfg(not(feature = "system"))]
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=NBTLS_SYS_STATIC");

    #[cfg(feature = "system")]
    {
        system();
    }
    #[cfg(not(feature = "system"))]
    {
        vendored();
    }
}

#[cfg(feature = "system")]
fn system() {
    let lib = pkg_config::Config::new()
        .atleast_version("0.1.0")
        .statik(env::var_os("NBTLS_SYS_STATIC").is_some())
        .probe("nbtls")
        .unwrap_or_else(|e| {
            panic!("nbtls-sys (feature `system`): libnbtls not found by pkg-config: {e}")
        });
    // pkg-config prints the cargo:rustc-link-* lines itself.
    if let Some(inc) = lib.include_paths.first() {
        println!("cargo:include={}", inc.display());
    }
}

#[cfg(not(feature = "system"))]
fn vendored() {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let core = manifest.join("core");
    let include = manifest.join("include");
    if !include.join("nbtls").join("nbtls.h").is_file() || !core.is_dir() {
        panic!(
            "nbtls-sys: the C sources are missing: expected {} and {} \
             (in the repository they are symbolic links to ../../../core and \
             ../../../include)",
            core.display(),
            include.display()
        );
    }

    let mut sources = Vec::new();
    collect_c_files(&core, &mut sources);
    sources.sort();
    if sources.is_empty() {
        panic!("nbtls-sys: no .c files under {}", core.display());
    }

    let mut build = cc::Build::new();
    build
        .std("c11")
        .include(&include)
        .include(&core)
        // Same as CMake: the objects are built as for the shared library
        // (exports marked), with hidden visibility for everything else.
        .define("NBTLS_SHARED_BUILD", None)
        .flag_if_supported("-fvisibility=hidden")
        // The C suite builds the core with -Wall -Wextra -Werror; here, keep
        // users' builds quiet.
        .warnings(false);
    // No -march flags: core files opt into instruction-set extensions per
    // function with __attribute__((target)) and dispatch at run time.
    if env::var_os("CARGO_FEATURE_FORCE_32BIT").is_some() {
        build.define("NBTLS_FORCE_32BIT", "1");
    }
    for s in &sources {
        build.file(s);
    }
    build.compile("nbtls");

    // Rebuild when anything under the C folders changes (new files included:
    // cargo compares the newest mtime found under a directory).
    println!("cargo:rerun-if-changed={}", core.display());
    println!("cargo:rerun-if-changed={}", include.display());
    for s in &sources {
        println!("cargo:rerun-if-changed={}", s.display());
    }
    let include = fs::canonicalize(&include).unwrap_or(include);
    println!("cargo:include={}", include.display());
}

/// Every `.c` file under `dir`, recursively (symbolic links followed).
#[cfg(not(feature = "system"))]
fn collect_c_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("nbtls-sys: cannot read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            collect_c_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "c") {
            out.push(path);
        }
    }
}

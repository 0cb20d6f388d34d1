"""Generate the CFFI (API mode) C source of ``nbtls._nbtls`` from the public headers.

Run by bindings/python/CMakeLists.txt at build time::

    python ffi_build.py --cc CC --include-dir include --out _nbtls.c

The cdef is not a hand-kept list: every public header listed in ``HEADERS`` is
run through the C preprocessor with ``NBTLS_API`` defined empty and its
``#include`` lines removed (cffi knows the standard types), so the
declarations are exactly what a C compiler sees. Every ``#define NBTLS_*``
that has a value becomes ``#define NAME ...`` (cffi asks the compiler for the
value). To bind another public header (e.g. ``nbtls/sym.h``), add it to
``HEADERS``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import shlex
import subprocess
import sys
from typing import Any

#: The public headers the binding covers, relative to the include directory.
HEADERS = ["nbtls/nbtls.h", "nbtls/sym.h", "nbtls/x509.h"]

#: The extension module's full name (a submodule of the ``nbtls`` package).
MODULE_NAME = "nbtls._nbtls"

_DEFINE = re.compile(r"^#define\s+(NBTLS_[A-Z0-9_]+)\s+(\S.*?)\s*$")


def cdef_from_headers(cc: list[str], include_dir: str, headers: list[str] = HEADERS) -> str:
    """Return the cffi cdef for ``headers``, produced by the C preprocessor ``cc``."""
    chunks = []
    for h in headers:
        with open(os.path.join(include_dir, h), encoding="utf-8") as f:
            text = f.read()
        # Drop #include lines: the standard headers would drag in compiler
        # internals cffi cannot parse, and nbtls headers are listed above.
        text = re.sub(r"(?m)^\s*#\s*include\b.*$", "", text)
        chunks.append(text)
    src = "\n".join(chunks)
    # -dD keeps the #define directives of the source (not the predefined
    # macros); -P drops line markers.
    cmd = cc + ["-E", "-P", "-dD", "-DNBTLS_API=", "-x", "c", "-"]
    out = subprocess.run(cmd, input=src, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"ffi_build: {' '.join(cmd)} failed:\n{out.stderr}")
    decls: list[str] = []
    defines: list[str] = []
    for line in out.stdout.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            m = _DEFINE.match(stripped)
            if m and m.group(1) != "NBTLS_API":
                defines.append(f"#define {m.group(1)} ...")
            continue
        decls.append(line)
    if not decls or not defines:
        raise SystemExit("ffi_build: the preprocessed headers declare nothing")
    return "\n".join(defines + decls) + "\n"


def make_ffi(cc: list[str], include_dir: str) -> Any:
    """Build the ``cffi.FFI`` object for ``nbtls._nbtls``."""
    cffi = importlib.import_module("cffi")  # build-time dependency only
    ffi = cffi.FFI()
    ffi.cdef(cdef_from_headers(cc, include_dir))
    ffi.set_source(MODULE_NAME, "".join(f'#include "{h}"\n' for h in HEADERS))
    return ffi


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cc", default=os.environ.get("CC", "cc"), help="C compiler (preprocessor)")
    ap.add_argument("--include-dir", required=True, help="the repository's include/ folder")
    ap.add_argument("--out", help="the C file to write")
    ap.add_argument("--print-cdef", action="store_true", help="print the cdef and exit")
    args = ap.parse_args()
    cc = shlex.split(args.cc)
    if args.print_cdef:
        sys.stdout.write(cdef_from_headers(cc, args.include_dir))
        return
    if not args.out:
        ap.error("--out is required")
    ffi = make_ffi(cc, args.include_dir)
    tmp = args.out + ".tmp"
    ffi.emit_c_code(tmp)
    os.replace(tmp, args.out)


if __name__ == "__main__":
    main()

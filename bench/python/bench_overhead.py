"""Benchmark: the Python binding's cost per operation over the C core.

For each P-256 operation: µs per op through ``op.run()`` (the friendly layer),
µs per op through bare cffi calls (start, poll(0), result, free), µs spent in
the C poll itself, and µs per op when awaited sequentially on asyncio. The
binding's overhead is run() minus the C poll time. If the C bench
(build*/bench/bench_p256) has been built, its output is printed beside these
figures. Not a test: it prints figures only.
"""

from __future__ import annotations

import argparse
import asyncio
import glob
import hashlib
import os
import statistics
import subprocess
import time
from typing import Awaitable, Callable, Dict, List, Tuple

import nbtls
from nbtls._nbtls import ffi, lib

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--n", type=int, default=300, help="operations per figure")
    args = ap.parse_args()
    n = args.n
    key = nbtls.P256PrivateKey.generate().run()
    pub = key.public_key()
    peer = nbtls.P256PrivateKey.generate().run().public_key()
    digest = hashlib.sha256(b"bench").digest()
    sig = key.sign(digest).run()
    sec1 = peer.to_bytes()
    raw_key, raw_pub = key._key, pub._key

    # Bare cffi: the same C calls without the friendly layer.
    out = ffi.new("unsigned char[64]")
    out_len = ffi.new("size_t *")
    pp = ffi.new("nbtls_op **")
    c_time = [0.0]

    def bare(start: Callable[[], int], result: bool) -> Callable[[], None]:
        def go() -> None:
            assert start() == 0
            op = pp[0]
            t = time.perf_counter()
            rc = lib.nbtls_op_poll(op, 0)
            c_time[0] += time.perf_counter() - t
            assert rc == 0, rc
            if result:
                lib.nbtls_op_result(op, out, 64, out_len)
            lib.nbtls_op_free(op)

        return go

    cases: Dict[str, Tuple[Callable[[], object], Callable[[], None], Callable[[], Awaitable[object]]]] = {
        "ecdsa sign": (
            lambda: key.sign(digest).run(),
            bare(lambda: lib.nbtls_ecdsa_sign_start(pp, raw_key, digest, 32, ffi.NULL, ffi.NULL), True),
            lambda: key.sign(digest),
        ),
        "ecdsa verify": (
            lambda: pub.verify(digest, sig).run(),
            bare(lambda: lib.nbtls_ecdsa_verify_start(pp, raw_pub, digest, 32, sig, 64), False),
            lambda: pub.verify(digest, sig),
        ),
        "ecdh": (
            lambda: key.exchange(peer).run(),
            bare(lambda: lib.nbtls_ecdh_start(pp, raw_key, sec1, 65), True),
            lambda: key.exchange(peer),
        ),
        "keygen": (
            lambda: nbtls.P256PrivateKey.generate().run(),
            bare(lambda: lib.nbtls_p256_keygen_start(pp, ffi.NULL, ffi.NULL), False),
            lambda: nbtls.P256PrivateKey.generate(),
        ),
    }
    print(f"nbtls {nbtls.__version__} Python binding overhead, {n} ops per figure, medians of single-op "
          f"timings (µs per op; load average {os.getloadavg()[0]:.2f})")
    print(f"{'operation':<14}{'op.run()':>10}{'bare cffi':>11}{'C poll':>9}{'overhead':>10}{'await':>9}")
    for name, (friendly, bare_fn, make) in cases.items():
        t_run: List[float] = []
        t_bare: List[float] = []
        t_c: List[float] = []
        friendly()
        bare_fn()
        for _ in range(n):  # interleaved, so that load changes hit both alike
            t0 = time.perf_counter()
            friendly()
            t1 = time.perf_counter()
            c_time[0] = 0.0
            bare_fn()
            t2 = time.perf_counter()
            t_run.append(t1 - t0)
            t_bare.append(t2 - t1)
            t_c.append(c_time[0])

        async def seq() -> List[float]:
            await make()
            ts = []
            for _ in range(n):
                t0 = time.perf_counter()
                await make()
                ts.append(time.perf_counter() - t0)
            return ts

        t_await = asyncio.run(seq())
        med = [statistics.median(x) * 1e6 for x in (t_run, t_bare, t_c, t_await)]
        print(f"{name:<14}{med[0]:10.1f}{med[1]:11.1f}{med[2]:9.1f}{med[0] - med[2]:10.1f}{med[3]:9.1f}")
    print("overhead = op.run() - C poll: argument checks, op start, result copy, free, Python objects;")
    print("await = one op at a time through the event loop's driver (includes the loop's turn)")

    benches = sorted(glob.glob(os.path.join(ROOT, "build*", "bench", "bench_p256")))
    if benches:
        print(f"\nC bench for comparison: {benches[0]}")
        r = subprocess.run([benches[0]], capture_output=True, text=True, timeout=300)
        print(r.stdout.rstrip())
    else:
        print("\n(no C bench built: cmake --build build --target bench_p256 to print its figures here)")


if __name__ == "__main__":
    main()

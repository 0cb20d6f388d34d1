"""Benchmark: how long does the asyncio loop stall while 100 P-256 signatures
are made concurrently, with nbtls (awaited operations, polled in slices) versus
pyca/cryptography (OpenSSL) called in the loop, and in the default executor?

Figures: the largest gap between two consecutive turns of a ticker task
(``await asyncio.sleep(0)`` in a loop), its 99th percentile, the lag of a
1 ms timer heartbeat (each the median over runs of the run's maximum), and
the wall time for the 100 signatures. Because the
machine may be shared, the largest gap is also measured in CPU time of the
loop's thread (time.thread_time), which leaves out OS preemption. Not a test:
it prints figures and makes no pass/fail judgement.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import statistics
import time
from typing import Awaitable, Callable, List

import nbtls

try:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, utils

    HAVE_CRYPTOGRAPHY = True
except ImportError:  # pragma: no cover
    HAVE_CRYPTOGRAPHY = False


class Stats:
    """Ticker gaps and heartbeat lags collected during one scenario."""

    def __init__(self) -> None:
        self.gaps: List[float] = []
        # CPU time the loop's thread used between two ticker turns: the stall
        # the code causes, without OS preemption (a loaded machine) or waits.
        self.own_gaps: List[float] = []
        self.lags: List[float] = []
        self.wall = 0.0


async def _measure(work: Callable[[], Awaitable[None]]) -> Stats:
    st = Stats()
    running = True

    async def ticker() -> None:
        last = time.perf_counter()
        last_cpu = time.thread_time()
        while running:
            await asyncio.sleep(0)
            now = time.perf_counter()
            cpu = time.thread_time()
            st.gaps.append(now - last)
            st.own_gaps.append(cpu - last_cpu)
            last, last_cpu = now, cpu

    async def heartbeat() -> None:
        period = 0.001
        nxt = time.perf_counter() + period
        while running:
            await asyncio.sleep(max(0.0, nxt - time.perf_counter()))
            now = time.perf_counter()
            st.lags.append(now - nxt)
            nxt = max(nxt + period, now)

    tasks = [asyncio.create_task(ticker()), asyncio.create_task(heartbeat())]
    await asyncio.sleep(0.01)  # both running
    t0 = time.perf_counter()
    await work()
    st.wall = time.perf_counter() - t0
    running = False
    await asyncio.gather(*tasks)
    return st


def _p99(xs: List[float]) -> float:
    return sorted(xs)[int(0.99 * (len(xs) - 1))] if xs else 0.0


def _report(name: str, runs: List[Stats]) -> None:
    gaps = [g for r in runs for g in r.gaps]
    med_max = statistics.median(max(r.gaps) for r in runs)
    med_own = statistics.median(max(r.own_gaps) for r in runs)
    med_lag = statistics.median(max(r.lags) for r in runs)
    wall = statistics.median(r.wall for r in runs)
    print(
        f"{name:<40}{med_max * 1e3:9.3f}{max(gaps) * 1e3:9.3f}{med_own * 1e3:11.3f}{_p99(gaps) * 1e3:9.3f}"
        f"{med_lag * 1e3:11.3f}{wall * 1e3:9.2f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--n", type=int, default=100, help="concurrent signatures")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--slice-us", type=float, default=nbtls.get_slice_time() * 1e6)
    args = ap.parse_args()
    nbtls.set_slice_time(args.slice_us * 1e-6)
    digests = [hashlib.sha256(os.urandom(16)).digest() for _ in range(args.n)]
    key = nbtls.P256PrivateKey.generate().run()
    for d in digests[:10]:  # warm up (caches, allocator)
        key.sign(d).run()

    longest = [0.0]

    async def nbtls_work() -> None:
        ops = [key.sign(d) for d in digests]
        sigs = await asyncio.gather(*ops)
        assert len(sigs) == len(digests)
        longest[0] = max([longest[0]] + [op.longest_poll for op in ops])

    scenarios = [(f"nbtls await (slice {args.slice_us:.0f} us)", nbtls_work)]
    if HAVE_CRYPTOGRAPHY:
        ck = ec.generate_private_key(ec.SECP256R1())
        alg = ec.ECDSA(utils.Prehashed(hashes.SHA256()))

        async def one_blocking(d: bytes) -> bytes:
            return ck.sign(d, alg)

        async def crypto_in_loop() -> None:
            await asyncio.gather(*(one_blocking(d) for d in digests))

        async def crypto_executor() -> None:
            loop = asyncio.get_running_loop()
            await asyncio.gather(*(loop.run_in_executor(None, ck.sign, d, alg) for d in digests))

        scenarios += [
            ("cryptography in the loop", crypto_in_loop),
            ("cryptography in run_in_executor", crypto_executor),
        ]

    async def idle() -> None:
        await asyncio.sleep(0.02)

    async def trivial(d: bytes) -> bytes:
        await asyncio.sleep(0)
        return d

    async def tasks_only() -> None:
        await asyncio.gather(*(trivial(d) for d in digests))

    scenarios.insert(0, ("idle loop (baseline)", idle))
    scenarios.insert(1, (f"{args.n} trivial tasks (asyncio's own cost)", tasks_only))
    print(f"event-loop stall during {args.n} concurrent P-256 signatures, {args.runs} runs each, "
          f"nbtls {nbtls.__version__}, CPUs {os.cpu_count()}, load average {os.getloadavg()[0]:.2f}")
    print("ms; per run: the largest ticker gap (max stall) and heartbeat lag; median over runs, 'worst' over all")
    print(f"{'scenario':<40}{'stall':>9}{'worst':>9}{'loop CPU':>11}{'p99 gap':>9}{'hb lag':>11}{'wall':>9}")
    for name, work in scenarios:
        runs = [asyncio.run(_measure(work)) for _ in range(args.runs)]
        _report(name, runs)
    print(f"longest single nbtls poll (C work between two yields, wall time, so it includes any OS "
          f"preemption): {longest[0] * 1e3:.3f} ms; slice target {args.slice_us:.0f} us")


if __name__ == "__main__":
    main()

"""Concurrent P-256 signing on asyncio while a heartbeat keeps its rhythm.

A heartbeat task wants to run every 2 ms. Meanwhile 200 signatures are made
and verified concurrently with nbtls: each one is an awaitable operation that
the library runs in slices of about 200 µs, yielding to the loop in between,
so the heartbeat is never held up for long. Then the same work runs with the
same objects synchronously (``op.run()``) inside the loop, for contrast. The
heartbeat's lag (how late each beat was) is printed for both.

Run:  pip install .  &&  python examples/python/concurrent_signing.py
"""

from __future__ import annotations

import asyncio
import hashlib
import statistics
import time
from typing import Awaitable, Callable, List

import nbtls

PERIOD = 0.002  # heartbeat period, seconds
N_SIGNATURES = 200


async def heartbeat(lags: List[float], stop: asyncio.Event) -> None:
    """Beat every PERIOD seconds; record how late each beat was."""
    next_beat = time.perf_counter() + PERIOD
    while not stop.is_set():
        await asyncio.sleep(max(0.0, next_beat - time.perf_counter()))
        now = time.perf_counter()
        lags.append(now - next_beat)
        next_beat += PERIOD
        if next_beat < now:  # fell behind: skip missed beats
            next_beat = now + PERIOD


async def sign_and_verify(key: nbtls.P256PrivateKey, i: int) -> None:
    """Sign one message digest and check the signature."""
    digest = hashlib.sha256(f"message {i}".encode()).digest()
    signature = await key.sign(digest)  # 64 bytes r || s
    await key.public_key().verify(digest, signature)  # raises if invalid


async def sign_and_verify_blocking(key: nbtls.P256PrivateKey, i: int) -> None:
    """The same work with the same objects, run synchronously: op.run()."""
    digest = hashlib.sha256(f"message {i}".encode()).digest()
    signature = key.sign(digest).run()
    key.public_key().verify(digest, signature).run()


async def with_heartbeat(label: str, work: Callable[[], Awaitable[object]]) -> None:
    """Run ``work`` while the heartbeat beats; print the beats' lag."""
    lags: List[float] = []
    stop = asyncio.Event()
    beat = asyncio.create_task(heartbeat(lags, stop))
    await asyncio.sleep(5 * PERIOD)  # a few beats of an idle loop first
    idle_beats = len(lags)
    t0 = time.perf_counter()
    await work()
    elapsed = time.perf_counter() - t0
    await asyncio.sleep(PERIOD)  # at least one beat after the work
    stop.set()
    await beat
    busy = lags[idle_beats:]
    print(f"{label}: {elapsed * 1e3:.1f} ms for {N_SIGNATURES} sign+verify; heartbeat every "
          f"{PERIOD * 1e3:.0f} ms: {len(busy)} beats, lag mean {statistics.mean(busy) * 1e3:.3f} ms, "
          f"median {statistics.median(busy) * 1e3:.3f} ms, max {max(busy) * 1e3:.3f} ms")


async def main() -> None:
    key = await nbtls.P256PrivateKey.generate()
    print(f"nbtls {nbtls.__version__}: public key {key.public_key().to_bytes().hex()[:34]}...")
    await with_heartbeat(
        "awaited (slices)", lambda: asyncio.gather(*(sign_and_verify(key, i) for i in range(N_SIGNATURES)))
    )
    await with_heartbeat(
        "op.run() in the loop",
        lambda: asyncio.gather(*(sign_and_verify_blocking(key, i) for i in range(N_SIGNATURES))),
    )
    print(f"(slice time {nbtls.get_slice_time() * 1e6:.0f} µs. Awaited, a beat is late by about two slices "
          f"(the timer fires in one loop iteration, the task resumes in the next), plus asyncio's own "
          f"work such as starting {N_SIGNATURES} tasks at once, plus any OS preemption on a busy "
          f"machine. With run() the loop is blocked for the whole work.)")


if __name__ == "__main__":
    asyncio.run(main())

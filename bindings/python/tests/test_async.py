"""asyncio: operations run in slices that interleave with other tasks,
cancellation frees the C operation, one driver per operation."""

from __future__ import annotations

import asyncio
import gc
import hashlib
import warnings

import pytest

import nbtls

KEY = bytes.fromhex("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721")


def _digest(i: int) -> bytes:
    return hashlib.sha256(i.to_bytes(4, "big")).digest()


def test_ticker_interleaves_with_many_ops() -> None:
    key = nbtls.P256PrivateKey.from_bytes(KEY)
    pk = key.public_key()
    n_ops = 40

    async def main() -> None:
        ticks = 0
        stop = False
        log: list[str] = []

        async def ticker() -> None:
            nonlocal ticks
            while not stop:
                ticks += 1
                log.append("t")
                await asyncio.sleep(0)

        async def one(i: int) -> bytes:
            # tiny slices: budget 1, so every op takes many slices
            sig = await key.sign(_digest(i)).drive(slice_time=1e-9)
            log.append("s")
            return sig

        t = asyncio.create_task(ticker())
        await asyncio.sleep(0)
        ops = [key.sign(_digest(i)) for i in range(n_ops)]
        sigs = await asyncio.gather(*(one(i) for i in range(n_ops)), *(op.drive(slice_time=1e-9) for op in ops))
        stop = True
        await t
        # every op took many slices, and the ticker ran between them
        polls = [op.polls for op in ops]
        assert min(polls) > 10
        assert ticks >= max(polls)
        # the ticker ran while ops were in flight (before the first finished)
        first_done = log.index("s")
        assert log[:first_done].count("t") >= 10
        for i, sig in enumerate(sigs[:n_ops]):
            pk.verify(_digest(i), sig).run()

    asyncio.run(main())


def test_cancel_frees_the_op() -> None:
    key = nbtls.P256PrivateKey.from_bytes(KEY)

    async def main() -> None:
        op = key.sign(_digest(1))
        task = asyncio.create_task(op.drive(slice_time=1e-9))
        for _ in range(5):
            await asyncio.sleep(0)
        assert not op.done and not op.closed and op.polls >= 1
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert op.closed and not op.done  # freed at once, secrets wiped by C
        with pytest.raises(nbtls.BadState, match="cancelled"):
            op.result()
        # a fresh op on the same key is unaffected
        sig = await key.sign(_digest(1))
        key.public_key().verify(_digest(1), sig).run()

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        asyncio.run(main())
        gc.collect()  # nothing raises later (no double free on collection)


def test_cancel_via_wait_for_timeout() -> None:
    key = nbtls.P256PrivateKey.from_bytes(KEY)

    async def main() -> None:
        op = key.sign(_digest(2))
        started = asyncio.Event()

        async def slow() -> bytes:
            started.set()
            sig = await op.drive(slice_time=1e-9)
            await asyncio.Event().wait()  # never set: the timeout always fires
            return sig

        async def timed() -> None:
            await asyncio.wait_for(slow(), timeout=0.001)

        with pytest.raises(asyncio.TimeoutError):
            await timed()
        assert started.is_set()
        # either the op was cut short (freed by the cancellation) or it
        # finished before the timeout (freed when done): never left allocated
        assert op.closed
        if not op.done:
            with pytest.raises(nbtls.BadState, match="cancelled"):
                op.result()

    asyncio.run(main())


def test_cancel_many_in_flight() -> None:
    key = nbtls.P256PrivateKey.from_bytes(KEY)

    async def main() -> None:
        ops = [key.sign(_digest(i)) for i in range(30)]
        tasks = [asyncio.create_task(op.drive(slice_time=1e-9)) for op in ops]
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        for t in tasks[::2]:
            t.cancel()
        results = await asyncio.gather(*tasks, return_exceptions=True)
        for i, (op, r) in enumerate(zip(ops, results)):
            assert op.closed
            if i % 2 == 0:
                assert isinstance(r, asyncio.CancelledError) and not op.done
            else:
                assert isinstance(r, bytes) and op.done

    asyncio.run(main())
    gc.collect()


def test_second_driver_raises() -> None:
    key = nbtls.P256PrivateKey.from_bytes(KEY)

    async def main() -> None:
        op = key.sign(_digest(3))
        task = asyncio.create_task(op.drive(slice_time=1e-9))
        await asyncio.sleep(0)
        assert not op.done
        with pytest.raises(nbtls.BadState, match="one caller at a time"):
            await op
        with pytest.raises(nbtls.BadState, match="one caller at a time"):
            op.poll(1)
        with pytest.raises(nbtls.BadState, match="one caller at a time"):
            op.close()
        sig = await task  # the first driver is unaffected
        key.public_key().verify(_digest(3), sig).run()

    asyncio.run(main())


def test_default_slices_are_calibrated() -> None:
    # With the default slice time the budget is C's estimate for 200 us (far
    # more than 1 unit), so an op needs far fewer polls than units.
    key = nbtls.P256PrivateKey.from_bytes(KEY)

    async def main() -> None:
        for i in range(20):
            await key.sign(_digest(i))
        op = key.sign(_digest(99))
        await op
        assert op.polls < op.units

    asyncio.run(main())


def test_no_loop_reports_and_no_leaked_drivers() -> None:
    # Errors, cancellations and successes mixed: the loop's exception handler
    # is never called (no "exception was never retrieved"), and the per-loop
    # drivers do not keep closed loops alive.
    from nbtls import _operation

    key = nbtls.P256PrivateKey.from_bytes(KEY)
    pk = key.public_key()
    reports: list[dict[str, object]] = []

    async def main() -> None:
        asyncio.get_running_loop().set_exception_handler(lambda loop, ctx: reports.append(ctx))
        good = [asyncio.create_task(key.sign(_digest(i)).drive(slice_time=1e-9)) for i in range(10)]
        bad = [asyncio.create_task(pk.verify(_digest(i), bytes(63) + b"\x01").drive()) for i in range(10)]
        await asyncio.sleep(0)
        for t in good[::3]:
            t.cancel()
        res = await asyncio.gather(*good, *bad, return_exceptions=True)
        assert sum(isinstance(r, bytes) for r in res) == 6
        assert sum(isinstance(r, nbtls.InvalidSignature) for r in res) == 10
        assert sum(isinstance(r, asyncio.CancelledError) for r in res) == 4
        gc.collect()
        await asyncio.sleep(0)

    for _ in range(3):
        asyncio.run(main())
    gc.collect()
    assert reports == []
    assert len(_operation._drivers) == 0


def test_loops_in_several_threads() -> None:
    # Each thread runs its own event loop (and so its own driver).
    import threading

    key = nbtls.P256PrivateKey.from_bytes(KEY)
    pk = key.public_key()
    errors: list[BaseException] = []

    def worker(t: int) -> None:
        async def main() -> None:
            sigs = await asyncio.gather(*(key.sign(_digest(100 * t + i)) for i in range(20)))
            await asyncio.gather(*(pk.verify(_digest(100 * t + i), s) for i, s in enumerate(sigs)))

        try:
            asyncio.run(main())
        except BaseException as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []

"""Threads: keys are shared, each thread runs its own operations; one
operation shared between threads raises instead of corrupting."""

from __future__ import annotations

import asyncio
import hashlib
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

import nbtls

KEY = bytes.fromhex("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721")


def _digest(i: int) -> bytes:
    return hashlib.sha256(b"thr" + i.to_bytes(4, "big")).digest()


def test_threads_share_keys() -> None:
    key = nbtls.P256PrivateKey.from_bytes(KEY)
    pk = key.public_key()
    want = {i: key.sign(_digest(i), deterministic=True).run() for i in range(16)}

    def worker(t: int) -> int:
        n = 0
        for i in range(16):
            op = key.sign(_digest(i), deterministic=True)
            if (i + t) % 2:
                sig = op.run()
            else:
                while op.poll(7) != nbtls.Status.DONE:
                    pass
                sig = op.result()
            assert sig == want[i]
            pk.verify(_digest(i), sig).run()
            other = nbtls.P256PrivateKey.generate().run()
            assert key.exchange(other.public_key()).run() == other.exchange(pk).run()
            n += 1
        return n

    with ThreadPoolExecutor(max_workers=4) as ex:
        assert sum(ex.map(worker, range(8))) == 8 * 16


def test_one_op_two_threads_raises() -> None:
    key = nbtls.P256PrivateKey.from_bytes(KEY)

    async def main() -> None:
        op = key.sign(_digest(1))
        task = asyncio.create_task(op.drive(slice_time=1e-9))
        await asyncio.sleep(0)  # the task now drives op (one slice done)
        assert not op.done
        # Block the loop (so the op cannot progress or finish) while another
        # thread tries to use the op: every call is refused.
        with ThreadPoolExecutor(max_workers=1) as ex:
            for call in (op.run, lambda: op.poll(1), op.close):
                with pytest.raises(nbtls.BadState, match="another thread or task"):
                    ex.submit(call).result()
        assert not op.done and not op.closed
        sig = await task
        key.public_key().verify(_digest(1), sig).run()

    asyncio.run(main())


def test_racing_pollers_never_corrupt() -> None:
    # Several threads poll the same op as fast as they can: some calls are
    # refused with BadState, none corrupts the op, and the result is right.
    key = nbtls.P256PrivateKey.from_bytes(KEY)
    for round_ in range(5):
        op = key.sign(_digest(round_), deterministic=True)
        refused = [0]
        lock = threading.Lock()

        def hammer() -> None:
            while not op.done:
                try:
                    op.poll(1)
                except nbtls.BadState:
                    with lock:
                        refused[0] += 1

        threads = [threading.Thread(target=hammer) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert op.result() == key.sign(_digest(round_), deterministic=True).run()

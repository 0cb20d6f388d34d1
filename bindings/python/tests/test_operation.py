"""The Operation object: polling by hand, run(), await, close, the binding's
coverage of the header."""

from __future__ import annotations

import asyncio
import os
import re

import pytest

import nbtls
from nbtls import _lowlevel as ll
from nbtls._nbtls import ffi, lib

KEY = bytes.fromhex("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721")
DIGEST = bytes(range(32))


def test_binding_covers_the_headers() -> None:
    # The cdef is generated from the headers at build time; check that every
    # function and constant each bound header declares is reachable, with its
    # value.
    import sys

    from conftest import REPO

    sys.path.insert(0, os.path.join(REPO, "bindings", "python"))
    try:
        import ffi_build
    finally:
        sys.path.pop(0)
    assert ffi_build.HEADERS[0] == "nbtls/nbtls.h"
    for h in ffi_build.HEADERS:
        path = os.path.join(REPO, "include", h)
        if not os.path.exists(path):
            pytest.skip("headers not present")
        text = open(path, encoding="utf-8").read()
        funcs = re.findall(r"NBTLS_API\s+[^;]*?\b(nbtls_\w+)\s*\(", text)
        assert len(funcs) >= 10, h
        for f in funcs:
            assert hasattr(lib, f), f
        consts = re.findall(r"(?m)^#define\s+(NBTLS_\w+)\s+(-?(?:0x[0-9A-Fa-f]+|\d+))\b", text)
        assert len(consts) >= 5, h
        for name, value in consts:
            assert getattr(lib, name) == int(value, 0), name


def test_version() -> None:
    assert nbtls.__version__ == nbtls.version()
    assert re.fullmatch(r"\d+\.\d+\.\d+", nbtls.__version__)
    major, minor, patch = (int(x) for x in nbtls.__version__.split("."))
    assert ll.version_number() == (major << 16) | (minor << 8) | patch == ll.header_version_number()


def test_poll_by_hand() -> None:
    key = nbtls.P256PrivateKey.from_bytes(KEY)
    op = key.sign(DIGEST, deterministic=True)
    assert not op.done and not op.closed and op.units == 0
    with pytest.raises(nbtls.BadState, match="has not finished"):
        op.result()
    statuses = []
    last_units = 0
    while True:
        st = op.poll(1)
        statuses.append(st)
        if st == nbtls.Status.DONE:
            break
        assert st == nbtls.Status.IN_PROGRESS
        # budget 1: at least one unit, at most one unit per poll
        assert op.units == last_units + 1
        last_units = op.units
    assert len(statuses) > 10  # a signature is many units
    assert op.done and op.closed  # the C op is freed as soon as it finished
    sig = op.result()
    assert op.run() == sig and op.poll(5) == nbtls.Status.DONE
    assert sig == key.sign(DIGEST, deterministic=True).run()
    assert op.polls == len(statuses)


def test_bad_budget() -> None:
    op = nbtls.P256PrivateKey.from_bytes(KEY).sign(DIGEST)
    for b in (-1, 2**32):
        with pytest.raises(nbtls.InvalidArgument, match="budget must be in"):
            op.poll(b)
    op.close()


def test_close_cancels() -> None:
    op = nbtls.P256PrivateKey.from_bytes(KEY).sign(DIGEST)
    op.poll(2)
    op.close()
    op.close()  # idempotent
    assert op.closed and not op.done
    for call in (op.run, op.result, lambda: op.poll(1)):
        with pytest.raises(nbtls.BadState, match="cancelled"):
            call()
    with nbtls.P256PrivateKey.from_bytes(KEY).sign(DIGEST) as op2:
        op2.poll(1)
    assert op2.closed


def test_await_and_run_agree() -> None:
    key = nbtls.P256PrivateKey.from_bytes(KEY)

    async def main() -> None:
        s1 = await key.sign(DIGEST, deterministic=True)
        s2 = await key.sign(DIGEST, deterministic=True).drive(slice_time=1e-9)
        op = key.sign(DIGEST, deterministic=True)
        s3 = await op
        assert await op == s3  # awaiting a finished op gives its result again
        assert s1 == s2 == s3 == key.sign(DIGEST, deterministic=True).run()
        new = await nbtls.P256PrivateKey.generate()
        assert len(new.private_bytes()) == 32
        imported = await nbtls.P256PrivateKey.from_bytes_op(KEY)
        assert imported.public_key() == key.public_key()

    asyncio.run(main())


def test_slice_time_setting() -> None:
    old = nbtls.get_slice_time()
    assert 0 < old < 1e-3
    try:
        nbtls.set_slice_time(50e-6)
        assert nbtls.get_slice_time() == 50e-6
        for bad in (0, -1.0, float("nan")):
            with pytest.raises(ValueError):
                nbtls.set_slice_time(bad)
    finally:
        nbtls.set_slice_time(old)

    async def main() -> None:
        with pytest.raises(ValueError):
            await nbtls.P256PrivateKey.from_bytes(KEY).sign(DIGEST).drive(slice_time=0)

    asyncio.run(main())


def test_keys_are_values() -> None:
    a = nbtls.P256PrivateKey.from_bytes(KEY)
    b = nbtls.P256PrivateKey.from_bytes(KEY)
    assert a.public_key() == b.public_key()
    assert hash(a.public_key()) == hash(b.public_key())
    assert a.public_key() != nbtls.P256PrivateKey.from_bytes(bytes(31) + b"\x01").public_key()
    assert KEY.hex() not in repr(a).lower()
    assert ll.key_has_private(a._key) and not ll.key_has_private(a.public_key()._key)
    assert ll.key_type(a._key) == ll.KEY_P256
    with pytest.raises(nbtls.InvalidKey):
        ll.key_export_private(a.public_key()._key)


def test_generated_c_releases_the_gil(tmp_path: "os.PathLike[str]") -> None:
    # cffi's API mode wraps every C call in Py_BEGIN/END_ALLOW_THREADS: a
    # long poll (budget 0) never holds the GIL. Regenerate the module's C with
    # the same generator the build uses and check each nbtls call.
    import subprocess
    import sys

    from conftest import REPO

    gen = os.path.join(REPO, "bindings", "python", "ffi_build.py")
    if not os.path.exists(gen):
        pytest.skip("source tree not present")
    out = os.path.join(str(tmp_path), "_nbtls.c")
    subprocess.run([sys.executable, gen, "--include-dir", os.path.join(REPO, "include"), "--out", out],
                   check=True, capture_output=True)
    code = open(out, encoding="utf-8").read()
    calls = re.findall(r"Py_BEGIN_ALLOW_THREADS\s+_cffi_restore_errno\(\);\s+\{ (?:result = )?(nbtls_\w+)\(", code)
    assert "nbtls_op_poll" in calls and "nbtls_ecdsa_sign_start" in calls
    for name in dir(lib):
        if name.startswith("nbtls_"):
            assert name in calls, name


def test_slice_budget_is_the_c_policy() -> None:
    # One policy for every binding: a slice's budget is the C library's
    # nbtls_op_budget_for_us for the slice time, per op kind (a P-384 unit
    # costs more than a P-256 one, so a slice gets fewer of them).
    p256 = nbtls.P256PrivateKey.from_bytes(KEY).sign(DIGEST)
    p384 = nbtls.P384PrivateKey.generate().run().sign(bytes(48))
    assert nbtls.get_slice_time() == ll.DEFAULT_SLICE_US / 1e6 == 200e-6
    b256, b384 = p256.slice_budget, p384.slice_budget
    assert b256 == ll.op_budget_for_us(p256._handle, 200) > 1
    assert b384 == ll.op_budget_for_us(p384._handle, 200)
    assert 1 < b384 < b256
    assert ll.op_budget_for_us(p256._handle, 0) == 1  # never below 1
    assert ll.op_budget_for_us(p256._handle, 10**12) <= ll.MAX_BUDGET
    prev = 1
    for us in range(0, 5000, 7):  # monotone in the slice
        b = ll.op_budget_for_us(p256._handle, us)
        assert b >= prev
        prev = b
    p256.close()
    assert p256.slice_budget == 1  # freed: nothing to ask C about
    p384.close()


def test_await_polls_with_the_c_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    # The loop driver asks C for each poll's budget (no pacer of its own):
    # with a 1 ms slice a P-256 signature (142 units, ~0.3 us each by the C
    # estimate) fits in one poll, with budget at most C's figure for 1 ms.
    budgets = []
    real = ll.op_poll

    def spy(h: ll.Handle, budget: int) -> int:
        budgets.append(budget)
        return real(h, budget)

    monkeypatch.setattr(ll, "op_poll", spy)
    key = nbtls.P256PrivateKey.from_bytes(KEY)
    op = key.sign(DIGEST, deterministic=True)
    cap = ll.op_budget_for_us(op._handle, 1000)

    async def main() -> bytes:
        return await op.drive(slice_time=1e-3)

    sig = asyncio.run(main())
    assert len(sig) == ll.P256_SIGNATURE_LEN
    assert budgets and all(1 <= b <= cap for b in budgets)
    assert op.polls == len(budgets) == 1


def _fake_new_statuses(monkeypatch: pytest.MonkeyPatch, statuses: "list[int]") -> "list[int]":
    # Make the first polls answer statuses newer than this binding (a newer C
    # library), then poll for real.
    seen: "list[int]" = []
    real = ll.op_poll

    def fake(h: ll.Handle, budget: int) -> int:
        if len(seen) < len(statuses):
            seen.append(statuses[len(seen)])
            return seen[-1]
        return real(h, budget)

    monkeypatch.setattr(ll, "op_poll", fake)
    return seen


@pytest.mark.parametrize("status", [5, 6, 99, 2**31 - 1])
def test_unknown_status_is_not_finished_poll(monkeypatch: pytest.MonkeyPatch, status: int) -> None:
    # The header: statuses >= 5 may be added and are not final. A poll that
    # returns one reports IN_PROGRESS and keeps the op (the old binding raised
    # ValueError from Status(rc)).
    seen = _fake_new_statuses(monkeypatch, [status])
    op = nbtls.P256PrivateKey.from_bytes(KEY).sign(DIGEST, deterministic=True)
    assert op.poll(1) == nbtls.Status.IN_PROGRESS
    assert seen == [status] and not op.closed and not op.done
    assert op.poll(0) == nbtls.Status.DONE
    assert len(op.result()) == ll.P256_SIGNATURE_LEN


def test_unknown_status_is_not_finished_run_and_await(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _fake_new_statuses(monkeypatch, [5, 7, 5])
    key = nbtls.P256PrivateKey.from_bytes(KEY)
    sig = key.sign(DIGEST, deterministic=True).run()
    assert seen == [5, 7, 5]
    seen2 = _fake_new_statuses(monkeypatch, [9, 5])

    async def main() -> bytes:
        return await key.sign(DIGEST, deterministic=True)

    assert asyncio.run(main()) == sig
    assert seen2 == [9, 5]


def test_result_length_comes_from_c() -> None:
    # nbtls_op_result_len sizes the result: the maximum before DONE (a DER
    # P-256 signature: 72), the exact length after.
    key = nbtls.P256PrivateKey.from_bytes(KEY)
    h = ll.sign_start(key._key, ll.SIG_ECDSA_SECP256R1_SHA256, b"message")
    assert ll.op_kind(h) == lib.NBTLS_OP_SIGN
    assert ll.op_result_len(h) == 72
    assert ll.op_poll(h, 0) == ll.DONE
    n = ll.op_result_len(h)
    der = ll.op_result(h, "sign")
    assert len(der) == n and 8 <= n <= 72
    ll.op_free(h)


def test_every_public_name_is_documented() -> None:
    import inspect

    missing = []
    for name in nbtls.__all__:
        obj = getattr(nbtls, name)
        if not (inspect.isclass(obj) or inspect.isfunction(obj)):
            continue  # __version__, type aliases
        if not (obj.__doc__ or "").strip():
            missing.append(name)
        if inspect.isclass(obj) and not issubclass(obj, BaseException):
            for attr, v in vars(obj).items():
                if attr.startswith("_") and attr not in ("__init__", "__await__", "__enter__", "__exit__"):
                    continue
                f = v.__func__ if isinstance(v, (classmethod, staticmethod)) else v
                if callable(f) or isinstance(f, property):
                    if not (getattr(f, "__doc__", "") or "").strip():
                        missing.append(f"{name}.{attr}")
    assert missing == []

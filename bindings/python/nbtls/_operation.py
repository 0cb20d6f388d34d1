"""The friendly layer's :class:`Operation`: one restartable C operation
(``nbtls_op``), awaitable on asyncio, runnable synchronously, pollable by hand."""

from __future__ import annotations

import asyncio
import collections
import enum
import threading
import time
import weakref
from contextlib import contextmanager
from types import TracebackType
from typing import Any, Callable, Deque, Generator, Generic, Iterator, Optional, Tuple, Type, TypeVar

from . import _lowlevel as _ll
from ._errors import Error

__all__ = ["Operation", "Status", "get_slice_time", "set_slice_time"]

T = TypeVar("T")


def _status(rc: int) -> "Status":
    """A non-negative C status as a :class:`Status`. A status this binding
    does not know (>= 5: added to the C library later; the header says such
    statuses are not final) is "not finished": ``IN_PROGRESS``, poll again."""
    try:
        return Status(rc)
    except ValueError:
        return Status.IN_PROGRESS


class Status(enum.IntEnum):
    """What a poll returned (the C ``NBTLS_*`` status codes, >= 0)."""

    DONE = _ll.DONE
    """The operation finished; :meth:`Operation.result` gives its result."""
    IN_PROGRESS = _ll.IN_PROGRESS
    """The budget was spent; poll again."""
    WANT_READ = _ll.WANT_READ
    """A connection needs to read (TLS objects)."""
    WANT_WRITE = _ll.WANT_WRITE
    """A connection needs to write (TLS objects)."""
    WAIT_EXTERNAL = _ll.WAIT_EXTERNAL
    """A party outside the library must answer."""


#: The default slice, from the C library (``NBTLS_DEFAULT_SLICE_US``, the
#: same default as the Rust and Lua bindings).
_DEFAULT_SLICE_TIME = _ll.DEFAULT_SLICE_US / 1e6
_slice_time = _DEFAULT_SLICE_TIME


def set_slice_time(seconds: float) -> None:
    """Set the default time one slice of an awaited :class:`Operation` aims at
    (default ``NBTLS_DEFAULT_SLICE_US``, 200 µs). Each slice is one
    ``nbtls_op_poll`` whose budget is the C library's
    ``nbtls_op_budget_for_us`` for that time: its estimate of the work units
    of this operation (its curve or RSA, and its phase) that take that long,
    the same policy in every nbtls binding."""
    global _slice_time
    if not seconds > 0:
        raise ValueError(f"slice time must be > 0 seconds, got {seconds!r}")
    _slice_time = float(seconds)


def get_slice_time() -> float:
    """The default slice time, in seconds (see :func:`set_slice_time`)."""
    return _slice_time


def _budget_for(handle: _ll.Handle, seconds: float) -> int:
    """The budget of one poll meant to last about ``seconds`` (>= 1 unit)."""
    return _ll.op_budget_for_us(handle, int(max(seconds, 0.0) * 1e6))


_UNSET: Any = object()


class Operation(Generic[T]):
    """A restartable nbtls operation in progress (a C ``nbtls_op``).

    Three ways to drive it:

    * ``await op`` (or ``await op.drive(slice_time)``) on a running asyncio
      loop: it polls in slices of about :func:`get_slice_time` each and yields
      to the loop between slices; cancelling the awaiting task frees the C
      operation at once (its secrets are wiped);
    * ``op.run()``: synchronously to completion (the GIL is released while C
      works);
    * ``op.poll(budget)`` by hand, then ``op.result()``.

    The C operation is freed as soon as it finishes, fails, or is cancelled
    (:meth:`close`). One caller at a time: using an operation from a second
    thread or task while it is being driven raises :class:`nbtls.BadState`.
    """

    __slots__ = ("_handle", "_finish", "_what", "_lock", "_result", "_error_code", "_units", "_slices", "_longest", "_keep", "__weakref__")

    def __init__(self, handle: _ll.Handle, finish: Callable[[_ll.Handle], T], what: str, keep: Any = None) -> None:
        """Wrap a started C op; ``finish`` turns the finished handle into the result.

        Not called by users: operations come from methods such as
        :meth:`nbtls.P256PrivateKey.sign`."""
        self._handle: Optional[_ll.Handle] = handle
        self._finish = finish
        self._what = what
        self._lock = threading.Lock()
        self._result: T = _UNSET
        self._error_code = 0
        self._units = _ll.op_units(handle)  # updated by every poll
        self._slices = 0
        self._longest = 0.0
        self._keep = keep  # Python objects the op's inputs came from

    def __repr__(self) -> str:
        if self._result is not _UNSET:
            state = "done"
        elif self._error_code:
            state = f"failed ({self._error_code})"
        elif self._handle is None:
            state = "closed"
        else:
            state = "in progress"
        return f"<nbtls.Operation {self._what}: {state}, {self.units} units, {self._slices} polls>"

    # ---- state ----------------------------------------------------------

    @property
    def done(self) -> bool:
        """True once the operation finished successfully."""
        return self._result is not _UNSET

    @property
    def closed(self) -> bool:
        """True once the C operation has been freed (finished, failed or
        cancelled): no C memory or secret is held any more."""
        return self._handle is None

    @property
    def units(self) -> int:
        """Work units spent so far (``nbtls_op_units`` after the latest poll;
        reading it never touches the C object, so any thread may)."""
        return self._units

    @property
    def polls(self) -> int:
        """How many times the C operation has been polled."""
        return self._slices

    @property
    def longest_poll(self) -> float:
        """The longest single poll so far, in seconds (how long this operation
        blocked its caller at most)."""
        return self._longest

    @contextmanager
    def _claim(self) -> Iterator[None]:
        if not self._lock.acquire(blocking=False):
            _ll.fail(
                _ll.E_BAD_STATE,
                self._what,
                f"{self._what}: this Operation is being driven by another thread or task; an operation takes one caller at a time",
            )
        try:
            yield
        finally:
            self._lock.release()

    # ---- the core step (caller holds the claim) --------------------------

    def _free_locked(self) -> None:
        h = self._handle
        if h is not None:
            self._handle = None
            _ll.op_free(h)

    def _raise_final_locked(self) -> None:
        if self._error_code:
            _ll.fail(self._error_code, self._what)
        if self._handle is None and self._result is _UNSET:
            _ll.fail(_ll.E_BAD_STATE, self._what, f"{self._what}: the operation was cancelled (closed) before it finished")

    def _poll_locked(self, budget: int) -> Status:
        if self._result is not _UNSET:
            return Status.DONE
        self._raise_final_locked()
        h = self._handle
        if budget < 0 or budget > _ll.MAX_BUDGET:
            _ll.fail(_ll.E_INVALID_ARG, self._what, f"{self._what}: budget must be in [0, {_ll.MAX_BUDGET}], got {budget}")
        t0 = time.perf_counter()
        rc = _ll.op_poll(h, budget)
        dt = time.perf_counter() - t0
        self._slices += 1
        units = _ll.op_units(h)
        self._units = units
        if dt > self._longest:
            self._longest = dt
        if rc == _ll.DONE:
            try:
                self._result = self._finish(h)
            except Error as e:
                self._error_code = e.code
                raise
            finally:
                self._free_locked()
            return Status.DONE
        if rc < 0:
            self._error_code = rc
            self._free_locked()
            _ll.fail(rc, self._what)
        return _status(rc)

    def _unexpected_locked(self, status: Status) -> None:
        # P-256 operations never wait for I/O or an external party; the TLS
        # objects (later) get their own driver.
        self._free_locked()
        self._error_code = _ll.E_UNSUPPORTED
        _ll.fail(_ll.E_UNSUPPORTED, self._what, f"{self._what}: the operation returned {status.name}, which this driver does not handle")

    def _slice_budget(self, seconds: float) -> int:
        h = self._handle
        return 1 if h is None else _budget_for(h, seconds)

    @property
    def slice_budget(self) -> int:
        """The budget (work units) of one slice of :func:`get_slice_time` for
        this operation now: the C library's ``nbtls_op_budget_for_us``
        (at least 1; 1 once the C operation is freed)."""
        return self._slice_budget(_slice_time)

    # ---- public driving ----------------------------------------------------

    def poll(self, budget: int) -> Status:
        """Advance by at most ``budget`` work units (0: to completion) and return
        the status; raise the operation's error if it failed. A status newer
        than this binding (>= 5) is returned as ``IN_PROGRESS``: not finished."""
        with self._claim():
            return self._poll_locked(budget)

    def result(self) -> T:
        """The result of a finished operation (raises its error if it failed,
        :class:`nbtls.BadState` if it has not finished)."""
        if self._result is not _UNSET:
            return self._result
        self._raise_final_locked()
        _ll.fail(_ll.E_BAD_STATE, self._what, f"{self._what}: the operation has not finished; poll, run or await it first")

    def run(self) -> T:
        """Drive the operation to completion synchronously and return its result."""
        with self._claim():
            while True:
                status = self._poll_locked(0)
                if status == Status.DONE:
                    return self._result
                if status != Status.IN_PROGRESS:
                    self._unexpected_locked(status)

    async def drive(self, slice_time: Optional[float] = None) -> T:
        """Drive the operation on the running asyncio loop and return its result.

        The operation joins the loop's driver, which polls every operation
        awaited on that loop in turn, for at most about ``slice_time`` seconds
        (default :func:`get_slice_time`) per loop iteration in total, and
        yields to the loop between iterations: however many operations are in
        flight, the loop is never blocked much longer than one slice. If the
        awaiting task is cancelled, the C operation is freed at once."""
        st = _slice_time if slice_time is None else float(slice_time)
        if not st > 0:
            raise ValueError(f"slice time must be > 0 seconds, got {slice_time!r}")
        with self._claim():
            if self._result is not _UNSET:
                return self._result
            self._raise_final_locked()
            loop = asyncio.get_running_loop()
            fut: "asyncio.Future[T]" = loop.create_future()
            _driver(loop).submit(self, st, fut)
            try:
                return await fut
            except BaseException:
                if not fut.done():
                    fut.cancel()
                self._free_locked()
                raise

    def __await__(self) -> Generator[Any, None, T]:
        """``await op`` is ``await op.drive()``."""
        return self.drive().__await__()

    def close(self) -> None:
        """Cancel the operation if unfinished and free the C object now,
        wiping its secrets. Idempotent."""
        with self._claim():
            self._free_locked()

    def __enter__(self) -> "Operation[T]":
        """Use as a context manager: :meth:`close` on exit."""
        return self

    def __exit__(self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]) -> None:
        """Close the operation."""
        self.close()


class _LoopDriver:
    """Polls the operations awaited on one event loop, round robin, for at
    most one slice time per loop iteration in total, then yields
    (``await asyncio.sleep(0)``). One per loop, started on demand; it ends
    when no operation is waiting."""

    def __init__(self) -> None:
        # No reference to the loop (it is the weak key of _drivers); the task
        # (which references the loop) is dropped when the driver stops.
        self._queue: Deque[Tuple[Operation[Any], float, "asyncio.Future[Any]"]] = collections.deque()
        self._task: Optional["asyncio.Task[None]"] = None

    def submit(self, op: Operation[Any], slice_time: float, fut: "asyncio.Future[Any]") -> None:
        self._queue.append((op, slice_time, fut))
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        q = self._queue
        try:
            while q:
                start = time.perf_counter()
                while q:
                    op, st, fut = q.popleft()
                    if fut.done():  # cancelled: the awaiting task freed the op
                        continue
                    left = st - (time.perf_counter() - start)
                    try:
                        status = op._poll_locked(op._slice_budget(left))
                        if status == Status.DONE:
                            fut.set_result(op._result)
                        elif status == Status.IN_PROGRESS:
                            q.append((op, st, fut))
                        else:
                            op._unexpected_locked(status)
                    except Exception as e:  # the op's error goes to its awaiter
                        fut.set_exception(e)
                    if time.perf_counter() - start >= st:
                        break
                await asyncio.sleep(0)
        finally:
            self._task = None
            # The driver was cancelled (loop shutting down): cancel the awaiters,
            # whose cancellation frees their operations.
            while q:
                _, _, fut = q.popleft()
                if not fut.done():
                    fut.cancel()


_drivers: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopDriver]" = weakref.WeakKeyDictionary()


def _driver(loop: asyncio.AbstractEventLoop) -> _LoopDriver:
    d = _drivers.get(loop)
    if d is None:
        d = _drivers[loop] = _LoopDriver()
    return d

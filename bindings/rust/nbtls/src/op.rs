//! `Op<T>`: a restartable C operation as a `Future`.

use core::fmt;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use std::sync::Arc;

use nbtls_sys as sys;

use crate::error::{Error, Result};
use crate::ffi::RawOp;

/// The default time slice of one `poll` of an [`Op`], in microseconds:
/// the C library's `NBTLS_DEFAULT_SLICE_US`, the same default as the Python
/// and Lua bindings.
///
/// Each `poll` runs `nbtls_op_budget_for_us(op, slice)` work units: the C
/// library's estimate of how many units of *this* op (its curve or RSA, and
/// its phase) take that long on a current x86-64 core (a P-256 unit about
/// 0.3 µs, a P-384 unit 0.75 µs, an RSA unit 0.6 µs, message hashing 1.5 µs
/// per 512 bytes). So a slice means the same time whatever the operation,
/// and an `Op` holds its executor thread for about that long per poll, like
/// tokio's own cooperative budget. Change it per operation with
/// [`Op::slice_us`], or give a fixed number of work units with
/// [`Op::budget`] (on a microcontroller, where a unit costs milliseconds, a
/// budget of 1).
pub const DEFAULT_SLICE_US: u32 = sys::NBTLS_DEFAULT_SLICE_US;

/// How an [`Op`] sizes the budget of each `poll`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pace {
    /// About this many microseconds (C's estimate for the op).
    Slice(u32),
    /// This many work units (0: no limit).
    Units(u32),
}

/// What a non-negative C status means to an [`Op`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// `NBTLS_DONE`: fetch the output.
    Done,
    /// `NBTLS_IN_PROGRESS`, or a status added to the C library after this
    /// crate (>= 5; the header says such statuses are not final): poll again.
    NotFinished,
    /// `NBTLS_WANT_READ` / `_WANT_WRITE` / `NBTLS_WAIT_EXTERNAL`: a known
    /// status that no operation of this crate can answer.
    Unanswerable(i32),
}

/// THE mapping from a non-negative poll status to what the driver does.
pub(crate) fn step_of(status: i32) -> Step {
    match status {
        sys::NBTLS_DONE => Step::Done,
        sys::NBTLS_WANT_READ | sys::NBTLS_WANT_WRITE | sys::NBTLS_WAIT_EXTERNAL => {
            Step::Unanswerable(status)
        }
        _ => Step::NotFinished,
    }
}

/// Turns a finished C op into the operation's output.
type Finish<T> = fn(&mut RawOp) -> Result<T>;

enum State {
    /// Started; not finished yet.
    Running(RawOp),
    /// The start function failed: the error is reported by the first poll.
    Failed(Error),
    /// The output (or error) was returned.
    Finished,
}

/// A restartable nbtls operation in progress (a signature, a verification,
/// an ECDH, a key generation).
///
/// `Op<T>` is a [`Future`] with `Output = Result<T, Error>`: each `poll`
/// runs one bounded slice of the C operation (at most
/// [`budget`](Op::budget) work units), then wakes its own waker and returns
/// `Pending`, so the executor runs other tasks before polling it again. That
/// includes the slice that finishes the operation: its output is delivered
/// by the next poll. So a task that awaits several operations in a row never
/// holds its thread for more than one slice at a time. (Budget 0 is the
/// exception: the first poll runs the whole operation and returns `Ready`,
/// like a blocking call.) It works on any executor (tokio, async-std, smol,
/// `futures::executor`), needs no runtime feature and no thread.
///
/// Outside async code, [`wait`](Op::wait) runs it to completion, and
/// [`advance`](Op::advance) drives it by hand from any event loop.
///
/// Dropping an `Op` cancels the operation: the C object is freed and every
/// secret it held is wiped. An `Op` is `Send` (it may move between threads)
/// but not `Sync`.
#[must_use = "an Op does nothing until it is awaited, waited or advanced"]
pub struct Op<T> {
    state: State,
    pace: Pace,
    /// Work units spent, recorded when the C op is freed.
    spent: u64,
    /// The output of the slice that finished the op, delivered by the next
    /// `Future::poll` (so that finishing a slice always yields once).
    ready: Option<Result<T>>,
    finish: Finish<T>,
    /// Keeps the key(s) an op was started with alive as long as the op. The
    /// C library does not need it (an op takes its own key reference, or
    /// copies the public values, in its start call, and draws all its
    /// randomness there: nothing the start was given, RNG included, is used
    /// afterwards); it only ties the Rust handles' lifetimes to the op.
    _keep: Option<Arc<dyn Send + Sync>>,
}

impl<T> Op<T> {
    /// Wrap the outcome of a C start function.
    pub(crate) fn new(
        started: Result<RawOp>,
        finish: Finish<T>,
        keep: Option<Arc<dyn Send + Sync>>,
    ) -> Op<T> {
        let state = match started {
            Ok(raw) => State::Running(raw),
            Err(e) => State::Failed(e),
        };
        Op {
            state,
            pace: Pace::Slice(DEFAULT_SLICE_US),
            spent: 0,
            ready: None,
            finish,
            _keep: keep,
        }
    }

    /// Set the number of C work units each `poll` may spend, instead of the
    /// default time slice ([`DEFAULT_SLICE_US`]). Smaller budgets give
    /// finer interleaving with other tasks at the cost of more polls; `0`
    /// means "no limit": the first poll runs the whole operation (blocking
    /// the executor's thread for its full duration).
    pub fn budget(mut self, units: u32) -> Self {
        self.pace = Pace::Units(units);
        self
    }

    /// Set the time each `poll` aims at, in microseconds (default
    /// [`DEFAULT_SLICE_US`]): each poll's budget is the C library's
    /// `nbtls_op_budget_for_us(op, microseconds)`, at least one unit.
    pub fn slice_us(mut self, microseconds: u32) -> Self {
        self.pace = Pace::Slice(microseconds);
        self
    }

    /// The budget (work units) the next `Future::poll` will run: the fixed
    /// [`budget`](Op::budget) if one was set, else the C library's estimate
    /// for the time slice and the op's current phase. 0 once finished.
    pub fn next_budget(&self) -> u32 {
        match (&self.state, self.pace) {
            (_, Pace::Units(units)) => units,
            (State::Running(raw), Pace::Slice(us)) => raw.budget_for_us(us),
            _ => 0,
        }
    }

    /// Run the operation to completion on this thread, blocking it.
    pub fn wait(mut self) -> Result<T> {
        loop {
            if let Poll::Ready(r) = self.advance(0) {
                return r;
            }
        }
    }

    /// Do at most `budget` work units (0: no limit) and return the output if
    /// the operation finished. For driving an `Op` by hand from an event loop
    /// that is not async. After `Ready`, further calls return
    /// `Ready(Err(Error::BadState))`.
    pub fn advance(&mut self, budget: u32) -> Poll<Result<T>> {
        self.advance_with(|raw| raw.poll(budget))
    }

    /// [`advance`](Op::advance) with the C poll given (tests give a fake).
    fn advance_with(&mut self, poll: impl FnOnce(&mut RawOp) -> Result<i32>) -> Poll<Result<T>> {
        if let Some(r) = self.ready.take() {
            return Poll::Ready(r);
        }
        let raw = match &mut self.state {
            State::Running(raw) => raw,
            State::Failed(e) => {
                let e = *e;
                self.state = State::Finished;
                return Poll::Ready(Err(e));
            }
            State::Finished => return Poll::Ready(Err(Error::BadState)),
        };
        let out = match poll(raw).map(step_of) {
            Ok(Step::NotFinished) => return Poll::Pending,
            Ok(Step::Done) => (self.finish)(raw),
            Ok(Step::Unanswerable(status)) => Err(Error::Unknown(status)),
            Err(e) => Err(e),
        };
        // Free the C op (and wipe what it held) as soon as it is done.
        self.spent = raw.units();
        self.state = State::Finished;
        Poll::Ready(out)
    }

    /// The work units spent so far (the total, once finished). With the
    /// time an operation took, this calibrates budgets to time on a given
    /// machine.
    pub fn units(&self) -> u64 {
        match &self.state {
            State::Running(raw) => raw.units(),
            _ => self.spent,
        }
    }

    /// Whether the operation has delivered its output (or error).
    pub fn is_finished(&self) -> bool {
        matches!(self.state, State::Finished) && self.ready.is_none()
    }
}

// An Op is never pinned structurally: its C object lives on the C heap and
// nothing points into the Rust value, so moving it is always fine (even when
// T is not Unpin; T is only ever stored, never polled).
impl<T> Unpin for Op<T> {}

impl<T> Future for Op<T> {
    type Output = Result<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<T>> {
        let this = self.get_mut();
        if let Some(r) = this.ready.take() {
            return Poll::Ready(r);
        }
        let budget = this.next_budget();
        let computes = matches!(this.state, State::Running(_));
        match this.advance(budget) {
            Poll::Ready(r) if computes && budget != 0 => {
                // This poll did a slice of work: yield before delivering, so
                // that whatever the task does next waits for other tasks.
                this.ready = Some(r);
                cx.waker().wake_by_ref();
                Poll::Pending
            }
            Poll::Ready(r) => Poll::Ready(r),
            Poll::Pending => {
                // Cooperative yield: there is more work and nothing to wait
                // for, so ask to be polled again after the other tasks.
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        }
    }
}

impl<T> fmt::Debug for Op<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &self.state {
            State::Running(_) => "running",
            State::Failed(_) => "failed",
            State::Finished => "finished",
        };
        f.debug_struct("Op")
            .field("state", &state)
            .field("pace", &self.pace)
            .field("units", &self.units())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::RawOp;

    #[test]
    fn status_mapping_treats_new_statuses_as_not_finished() {
        assert_eq!(step_of(sys::NBTLS_DONE), Step::Done);
        assert_eq!(step_of(sys::NBTLS_IN_PROGRESS), Step::NotFinished);
        for s in [5, 6, 42, 1000, i32::MAX] {
            assert_eq!(step_of(s), Step::NotFinished, "status {s}");
        }
        for s in [
            sys::NBTLS_WANT_READ,
            sys::NBTLS_WANT_WRITE,
            sys::NBTLS_WAIT_EXTERNAL,
        ] {
            assert_eq!(step_of(s), Step::Unanswerable(s));
        }
    }

    #[test]
    fn an_unknown_status_keeps_the_op_running() {
        // A poll that answers a status this crate does not know (a newer C
        // library) is "not finished": the op stays alive and is polled again
        // (the old driver freed it and failed with Error::Unknown(5)).
        let mut op: Op<crate::p256::PrivateKey> = crate::p256::PrivateKey::generate();
        let before = crate::live_ops();
        for status in [5, 7, 1000] {
            assert!(op.advance_with(|_| Ok(status)).is_pending());
            assert!(!op.is_finished());
            assert_eq!(crate::live_ops(), before, "the C op was freed");
        }
        match op.advance(0) {
            Poll::Ready(Ok(_)) => {}
            other => panic!("expected the key, got {:?}", other.map(|r| r.map(|_| ()))),
        }
    }

    #[test]
    fn default_budget_is_the_c_slice() {
        let op = crate::p256::PrivateKey::generate();
        let b = op.next_budget();
        // C's mapping for 200 us of P-256 units (~0.3 us each), not a
        // binding's own table.
        assert!(b > 1, "{b}");
        let raw = RawOp::p256_keygen().unwrap();
        assert_eq!(b, raw.budget_for_us(DEFAULT_SLICE_US));
        assert!(op.slice_us(1).next_budget() >= 1);
        let op = crate::p256::PrivateKey::generate().budget(7);
        assert_eq!(op.next_budget(), 7);
        let op = crate::p384::PrivateKey::generate();
        assert!(
            op.next_budget() < b,
            "a P-384 unit costs more than a P-256 one"
        );
    }
}

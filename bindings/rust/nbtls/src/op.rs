//! `Op<T>`: a restartable C operation as a `Future`.

use core::fmt;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use std::sync::Arc;

use nbtls_sys as sys;

use crate::error::{Error, Result};
use crate::ffi::RawOp;

/// The default work budget of one `poll` of an [`Op`], in C work units.
///
/// A work unit is at most the cost of one elliptic-curve point addition on
/// the curve in use (see the C header). On a current x86-64 core (measured
/// by `cargo bench -p nbtls`, idle machine) a P-256 unit takes about 0.3 µs,
/// a P-384 unit about 0.75 µs and an RSA unit (512 64-bit multiply-adds)
/// about 0.5 µs, so a poll at this budget takes at most roughly 80 to 200 µs.
/// An `Op` holds its executor thread for about that long per poll, like
/// tokio's own cooperative budget. Most operations need a few hundred units
/// in all: a P-256 signature takes one or two polls at this budget, a P-384
/// verification or an RSA-4096 verification three. Change it per operation
/// with [`Op::budget`]; on a microcontroller, where a unit costs
/// milliseconds, use a budget of 1.
pub const DEFAULT_BUDGET: u32 = 256;

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
    budget: u32,
    /// Work units spent, recorded when the C op is freed.
    spent: u64,
    /// The output of the slice that finished the op, delivered by the next
    /// `Future::poll` (so that finishing a slice always yields once).
    ready: Option<Result<T>>,
    finish: Finish<T>,
    /// Keeps the key(s) an op was started with alive as long as the op.
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
            budget: DEFAULT_BUDGET,
            spent: 0,
            ready: None,
            finish,
            _keep: keep,
        }
    }

    /// Set the number of C work units each `poll` may spend (default
    /// [`DEFAULT_BUDGET`]). Smaller budgets give finer interleaving with
    /// other tasks at the cost of more polls; `0` means "no limit": the
    /// first poll runs the whole operation (blocking the executor's thread
    /// for its full duration).
    pub fn budget(mut self, units: u32) -> Self {
        self.budget = units;
        self
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
        let out = match raw.poll(budget) {
            Ok(sys::NBTLS_IN_PROGRESS) => return Poll::Pending,
            Ok(sys::NBTLS_DONE) => (self.finish)(raw),
            Ok(other) => Err(Error::Unknown(other)),
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
        let budget = this.budget;
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
            .field("budget", &self.budget)
            .field("units", &self.units())
            .finish()
    }
}

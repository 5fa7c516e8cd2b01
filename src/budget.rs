//! Memory budgets and a stop switch for query threads, kept by the global allocator.
//!
//! Oxigraph's query engine checks its cancellation token only when it reads the store, so
//! a query that computes without reading (a cross product, a product of `VALUES` lists,
//! `CONCAT` doubling, a sort over a join) neither stops at its deadline nor stays within any
//! memory bound. Every such computation allocates, though, so the allocator is the one place
//! where it can always be stopped: [`Counting`] wraps the system allocator and, on a thread
//! that runs under a [`Budget`], counts the bytes the thread holds and checks the budget's
//! stop switch.
//!
//! Past its limit a query's token is cancelled first: most memory-hungry queries read the
//! store now and then (a join pulls rows from it), so they end cleanly at the next read and
//! give everything back. A thread past twice its limit, or whose stop switch is thrown
//! (the server throws it two seconds after the deadline, when the token has had its
//! chance), is *stalled* at that allocation: it sleeps for good, holding what it had and
//! using no CPU. It cannot be unwound, since a global allocator must not panic; the server
//! counts stalled threads and replaces them (`http::serve::pool`).
//!
//! Besides each budget's own limit, all budgets together are held to one total
//! ([`set_total_limit`]), stalled threads included, so that many queries at once cannot
//! hold more than the server allows either.
//!
//! The binary installs [`Counting`] as its global allocator; a thread without a budget pays
//! one thread-local read per allocation.

// A global allocator is `unsafe` by nature; this module is the only unsafe code.
#![allow(unsafe_code)]

use oxigraph::sparql::CancellationToken;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicU8, Ordering};
use std::time::Duration;

/// The system allocator, counting what budgeted threads hold.
pub struct Counting;

/// Bytes reserved by every budget now installed, and by every stalled thread (which never
/// lets go): what all queries together hold, rounded up to a [`QUANTUM`] each.
static TOTAL: AtomicIsize = AtomicIsize::new(0);
/// The most [`TOTAL`] may reach; a thread whose allocation passes it stalls as if over its
/// own budget.
static TOTAL_LIMIT: AtomicIsize = AtomicIsize::new(isize::MAX);
/// How much a budget takes from [`TOTAL`] at a time.
const QUANTUM: isize = 1024 * 1024;
/// What a query may hold whatever the total: small queries are never stopped for it.
const SMALL: isize = 4 * 1024 * 1024;

/// Sets the most all budgets together may hold (the server's `--memory-total-mb`).
pub fn set_total_limit(bytes: usize) {
    TOTAL_LIMIT.store(
        isize::try_from(bytes).unwrap_or(isize::MAX),
        Ordering::Relaxed,
    );
}

/// What all budgets together hold now, stalled threads included.
pub fn total_held() -> usize {
    usize::try_from(TOTAL.load(Ordering::Relaxed)).unwrap_or(0)
}

/// Why a budgeted thread was stalled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stall {
    /// It held more than its budget.
    Memory,
    /// Its stop switch was thrown (its deadline passed).
    Stopped,
}

/// The limits of one unit of work (a query) on one thread.
pub struct Budget {
    limit: isize,
    held: AtomicIsize,
    /// What this budget has taken from [`TOTAL`], in [`QUANTUM`]s, so that the shared
    /// counter is touched once a megabyte rather than on every allocation.
    reserved: AtomicIsize,
    stop: AtomicBool,
    /// 0 while running, else a [`Stall`] code.
    stalled: AtomicU8,
    /// The query's cancellation token: past the limit it is cancelled first, so that a
    /// query the engine can stop ends cleanly and lets go of its memory; only past twice
    /// the limit is the thread stalled.
    token: Option<CancellationToken>,
    /// Whether the token was cancelled for memory.
    over: AtomicBool,
    /// Whether the work under it has ended (set by its owner, for the pool's records).
    ended: AtomicBool,
    /// Whether it was stopped early to make room for other work.
    preempted: AtomicBool,
}

impl std::fmt::Debug for Budget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Budget")
            .field("limit", &self.limit)
            .field("held", &self.held)
            .field("stalled", &self.stalled())
            .finish_non_exhaustive()
    }
}

impl Budget {
    /// A budget of `limit` bytes held at once: past it the thread stalls.
    pub fn new(limit: usize) -> Arc<Self> {
        Self::build(limit, None)
    }

    /// A budget of `limit` bytes for a query with `token`: past the limit (or past the total
    /// of all budgets) the token is cancelled, and only past twice the limit (or a quarter
    /// over the total) does the thread stall.
    pub fn with_token(limit: usize, token: CancellationToken) -> Arc<Self> {
        Self::build(limit, Some(token))
    }

    fn build(limit: usize, token: Option<CancellationToken>) -> Arc<Self> {
        Arc::new(Self {
            limit: isize::try_from(limit).unwrap_or(isize::MAX),
            held: AtomicIsize::new(0),
            reserved: AtomicIsize::new(0),
            stop: AtomicBool::new(false),
            stalled: AtomicU8::new(0),
            token,
            over: AtomicBool::new(false),
            ended: AtomicBool::new(false),
            preempted: AtomicBool::new(false),
        })
    }

    /// Stops the work early, to make room for other work: its token is cancelled (the pool
    /// throws the stop switch a moment later if the work goes on).
    pub fn preempt(&self) {
        self.preempted.store(true, Ordering::SeqCst);
        if let Some(token) = &self.token {
            token.cancel();
        }
    }

    /// Whether the work was stopped to make room for other work.
    pub fn was_preempted(&self) -> bool {
        self.preempted.load(Ordering::SeqCst)
    }

    /// Marks the work under this budget as ended.
    pub fn end(&self) {
        self.ended.store(true, Ordering::SeqCst);
    }

    /// Whether the work under this budget has ended.
    pub fn has_ended(&self) -> bool {
        self.ended.load(Ordering::SeqCst)
    }

    /// Whether the work went past its memory (its token was cancelled for it, or it stalled).
    pub fn over_memory(&self) -> bool {
        self.over.load(Ordering::Relaxed) || self.stalled() == Some(Stall::Memory)
    }

    /// Throws the stop switch: the thread stalls at its next allocation.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    /// Whether the thread was stalled, and why.
    pub fn stalled(&self) -> Option<Stall> {
        match self.stalled.load(Ordering::Acquire) {
            1 => Some(Stall::Memory),
            2 => Some(Stall::Stopped),
            _ => None,
        }
    }

    /// The bytes the thread holds under this budget (allocated and not yet freed by it).
    pub fn held(&self) -> usize {
        usize::try_from(self.held.load(Ordering::Relaxed)).unwrap_or(0)
    }

    /// What the work has taken from the total of all budgets (held, rounded up to quanta,
    /// at its most).
    pub fn reserved(&self) -> usize {
        usize::try_from(self.reserved.load(Ordering::Relaxed)).unwrap_or(0)
    }

    /// The limit, in bytes.
    pub fn limit(&self) -> usize {
        usize::try_from(self.limit).unwrap_or(usize::MAX)
    }

    /// Runs `work` on this thread under the budget. If the budget stalls the thread,
    /// this never returns.
    pub fn run<T>(self: &Arc<Self>, work: impl FnOnce() -> T) -> T {
        let _installed = Installed::new(Arc::clone(self));
        work()
    }
}

/// The budget installed on this thread, while an [`Installed`] guard lives.
struct Installed {
    /// Keeps the budget that `CURRENT` points to alive.
    _budget: Arc<Budget>,
}

impl Installed {
    fn new(budget: Arc<Budget>) -> Self {
        CURRENT.with(|current| current.set(Arc::as_ptr(&budget)));
        Self { _budget: budget }
    }
}

impl Drop for Installed {
    fn drop(&mut self) {
        CURRENT.with(|current| current.set(std::ptr::null()));
        // What the work reserved leaves the total with it, whatever it still holds (memory
        // it hands to other threads, or frees that it did not allocate, would otherwise
        // make the total drift).
        TOTAL.fetch_sub(
            self._budget.reserved.swap(0, Ordering::Relaxed),
            Ordering::Relaxed,
        );
    }
}

thread_local! {
    /// The budget of this thread's current work, or null. Valid while the [`Installed`]
    /// guard that set it lives, which holds the `Arc`.
    static CURRENT: Cell<*const Budget> = const { Cell::new(std::ptr::null()) };
}

fn current() -> Option<&'static Budget> {
    let pointer = CURRENT.try_with(Cell::get).ok()?;
    // SAFETY: the pointer is set only by `Installed::new` from an `Arc` that the guard keeps
    // alive, and is reset to null when the guard drops; a stalled thread never drops it.
    unsafe { pointer.as_ref() }
}

/// Counts `bytes` more held by this thread and stalls it if its budget says so.
fn grow(bytes: usize) {
    let Some(budget) = current() else {
        return;
    };
    let held = budget
        .held
        .fetch_add(bytes as isize, Ordering::Relaxed)
        .saturating_add(bytes as isize);
    let reserved = budget.reserved.load(Ordering::Relaxed);
    let (mut over_total, mut far_over_total) = (false, false);
    if held > reserved {
        // Take what is missing from the total, rounded up to whole quanta.
        let more = held.saturating_sub(reserved).saturating_add(QUANTUM - 1) / QUANTUM * QUANTUM;
        budget.reserved.fetch_add(more, Ordering::Relaxed);
        let total = TOTAL
            .fetch_add(more, Ordering::Relaxed)
            .saturating_add(more);
        let limit = TOTAL_LIMIT.load(Ordering::Relaxed);
        // A small query always runs: the total stops only those that hold more than
        // `SMALL`, so that big ones cannot shut small ones out.
        if held > SMALL {
            over_total = total > limit;
            far_over_total = total > limit.saturating_add(limit / 4);
        }
    }
    let (hard, far_over) = match &budget.token {
        Some(token) => {
            if (held > budget.limit || over_total) && !budget.over.swap(true, Ordering::Relaxed) {
                // Cancelling does not allocate.
                token.cancel();
            }
            (budget.limit.saturating_mul(2), far_over_total)
        }
        None => (budget.limit, over_total),
    };
    let reason = if held > hard || far_over {
        // This allocation is not made: it does not count as held.
        budget.held.fetch_sub(bytes as isize, Ordering::Relaxed);
        Stall::Memory
    } else if budget.stop.load(Ordering::Relaxed) {
        Stall::Stopped
    } else {
        return;
    };
    // A panicking thread is printing its message and unwinding, with the standard error
    // lock held: stalled there, it would block every other thread's logging. It is let
    // through; the panic ends the work anyway.
    if std::thread::panicking() {
        return;
    }
    // From here on the thread allocates nothing on its budget again.
    let _ = CURRENT.try_with(|current| current.set(std::ptr::null()));
    budget.stalled.store(
        match reason {
            Stall::Memory => 1,
            Stall::Stopped => 2,
        },
        Ordering::Release,
    );
    loop {
        // Sleeping does not allocate.
        std::thread::sleep(Duration::from_secs(3600));
    }
}

fn shrink(bytes: usize) {
    if let Some(budget) = current() {
        // The reservation in the total stays until the work ends: a budget keeps the
        // most it held, rounded to quanta.
        budget.held.fetch_sub(bytes as isize, Ordering::Relaxed);
    }
}

// SAFETY: every method forwards to the system allocator with the caller's arguments; the
// bookkeeping around it neither allocates nor touches the memory.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        // SAFETY: forwarded as given.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        // SAFETY: forwarded as given.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        shrink(layout.size());
        // SAFETY: forwarded as given.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            grow(new_size - layout.size());
        } else {
            shrink(layout.size() - new_size);
        }
        // SAFETY: forwarded as given.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn held_bytes_are_counted_and_released() {
        // The test binary does not install `Counting`, so drive the hooks directly.
        let budget = Budget::new(1 << 20);
        let before = TOTAL.load(Ordering::Relaxed);
        let during = budget.run(|| {
            grow(1000);
            shrink(400);
            TOTAL.load(Ordering::Relaxed)
        });
        assert_eq!(budget.held(), 600);
        assert_eq!(budget.stalled(), None);
        // While the work runs its reservation counts in the total; once done, it leaves.
        // (The other test here stalls threads that reserved a quantum each, which may be
        // counted meanwhile and never leave.)
        assert!(during >= before + QUANTUM);
        assert!(total_held() as isize <= during - QUANTUM + 2 * QUANTUM);
        grow(1 << 30); // no budget installed: not counted, never stalls
        assert_eq!(budget.held(), 600);
    }

    #[test]
    fn past_its_limit_a_query_is_cancelled_first_and_stalled_only_past_twice_it() {
        let token = CancellationToken::new();
        let budget = Budget::with_token(1000, token.clone());
        let thread_budget = Arc::clone(&budget);
        let (sent, got) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            thread_budget.run(|| {
                grow(1500);
                let _ = sent.send(());
                grow(1000);
            });
        });
        got.recv_timeout(Duration::from_secs(10))
            .expect("past the limit the thread goes on");
        assert!(token.is_cancelled());
        let give_up = std::time::Instant::now() + Duration::from_secs(10);
        while budget.stalled().is_none() && std::time::Instant::now() < give_up {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(budget.stalled(), Some(Stall::Memory));
        assert!(budget.over_memory());
        // The allocation it stalled at was not made.
        assert_eq!(budget.held(), 1500);
    }

    #[test]
    fn a_thread_over_budget_or_stopped_stalls() {
        let small = Budget::new(100);
        let thread_budget = Arc::clone(&small);
        std::thread::spawn(move || thread_budget.run(|| grow(1000)));
        let stopped = Budget::new(1 << 20);
        stopped.stop();
        let thread_budget = Arc::clone(&stopped);
        std::thread::spawn(move || thread_budget.run(|| grow(10)));
        let give_up = std::time::Instant::now() + Duration::from_secs(10);
        while (small.stalled().is_none() || stopped.stalled().is_none())
            && std::time::Instant::now() < give_up
        {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(small.stalled(), Some(Stall::Memory));
        assert_eq!(stopped.stalled(), Some(Stall::Stopped));
    }
}

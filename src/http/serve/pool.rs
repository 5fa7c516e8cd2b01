//! The worker pool for the heavy requests (queries, whole graphs), fed by a bounded queue.
//!
//! `workers` threads (one per core by default) take tasks in order. A task that runs past
//! [`SLICE`] is *long*: when every worker is busy with long tasks and tasks wait, the pool
//! adds workers, up to `max_workers`, so that short queries never wait behind long ones;
//! the operating system shares the cores among them, and each long task ends at its
//! deadline. When `max_workers` long tasks run and work still waits, the one that has run
//! longest is preempted (its token cancelled, its budget stopped) to make room. Workers
//! beyond `workers` leave after [`RETIRE`] idle.
//!
//! A task that runs past its hard deadline is *abandoned*: the request is answered 503 and
//! the thread stops counting as a worker. The abandoned thread is stalled by its memory
//! budget's stop switch ([`crate::budget`]) at its next allocation, so it uses no CPU and
//! holds at most its budget. The pool counts what abandoned threads hold; past
//! [`Limits::max_abandoned`] threads or [`Limits::max_abandoned_bytes`] bytes it says so
//! ([`Pool::over_abandoned`]), and the server restarts itself to let go of them. An abandoned
//! task that does end after all leaves its thread, and its count.

use crate::budget::Budget;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// A unit of heavy work. It returns whether its worker should go on taking tasks (`false`
/// when the task was abandoned and the thread no longer counts as a worker).
pub(super) type Task = Box<dyn FnOnce() -> bool + Send>;

/// How long a task runs before it counts as long.
pub const SLICE: Duration = Duration::from_millis(100);
/// How long preempted work has to end by its token before its stop switch is thrown.
pub const PREEMPT_GRACE: Duration = Duration::from_millis(500);
/// How long a worker beyond the core number waits idle before it leaves.
pub const RETIRE: Duration = Duration::from_secs(5);

/// The sizes and limits of the pool.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Worker threads kept.
    pub workers: usize,
    /// Worker threads at most, when long tasks hold the others.
    pub max_workers: usize,
    /// Tasks waiting for a worker, at most.
    pub queue: usize,
    /// The stack of each worker thread, in bytes.
    pub stack_bytes: usize,
    /// Abandoned threads kept, at most, before the pool is over its limit.
    pub max_abandoned: usize,
    /// Bytes held by abandoned threads, at most, before the pool is over its limit.
    pub max_abandoned_bytes: usize,
}

/// Why a task was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Refused {
    /// The queue is full.
    Busy,
    /// Abandoned work holds too much.
    Abandoned,
}

/// A task with the budget it runs under, if any (for preemption).
type Queued = (Task, Option<Arc<Budget>>);

/// When a busy worker's task began, and its budget.
type Busy = (Instant, Option<Arc<Budget>>);

struct Shared {
    queue: Mutex<VecDeque<Queued>>,
    ready: Condvar,
    limits: Limits,
    abandoned: Mutex<Vec<Arc<Budget>>>,
    /// Threads that count as workers (not abandoned).
    workers: AtomicUsize,
    /// Workers waiting for a task.
    idle: AtomicUsize,
    /// When each busy worker's task began, and its budget, by worker.
    started: Mutex<HashMap<u64, Busy>>,
    /// Preempted work, and when: its stop switch is thrown if it has not ended after
    /// [`PREEMPT_GRACE`].
    preempted: Mutex<Vec<(Instant, Arc<Budget>)>>,
    next_id: AtomicU64,
}

impl Shared {
    /// The next task, waiting for one; `None` when this worker should leave (it was idle
    /// for [`RETIRE`] beyond the core number, or the queue's lock is poisoned), in which
    /// case it no longer counts as a worker.
    fn next(&self) -> Option<Queued> {
        let Ok(mut queue) = self.queue.lock() else {
            self.workers.fetch_sub(1, Ordering::SeqCst);
            return None;
        };
        self.idle.fetch_add(1, Ordering::SeqCst);
        loop {
            if let Some(task) = queue.pop_front() {
                self.idle.fetch_sub(1, Ordering::SeqCst);
                return Some(task);
            }
            let (guard, waited) = match self.ready.wait_timeout(queue, RETIRE) {
                Ok(woken) => woken,
                Err(_) => {
                    self.idle.fetch_sub(1, Ordering::SeqCst);
                    self.workers.fetch_sub(1, Ordering::SeqCst);
                    return None;
                }
            };
            queue = guard;
            if waited.timed_out() && queue.is_empty() {
                let core = self.limits.workers.max(1);
                let retired = self
                    .workers
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                        (n > core).then(|| n - 1)
                    })
                    .is_ok();
                if retired {
                    self.idle.fetch_sub(1, Ordering::SeqCst);
                    return None;
                }
            }
        }
    }
}

/// The pool. Dropping it does not stop the workers; the process's end does.
#[derive(Clone)]
pub(super) struct Pool(Arc<Shared>);

impl Pool {
    /// Starts `limits.workers` workers and the thread that adds more when long tasks hold
    /// them all.
    pub(super) fn start(limits: Limits) -> std::io::Result<Self> {
        let pool = Self(Arc::new(Shared {
            queue: Mutex::new(VecDeque::with_capacity(limits.queue)),
            ready: Condvar::new(),
            limits,
            abandoned: Mutex::new(Vec::new()),
            workers: AtomicUsize::new(0),
            idle: AtomicUsize::new(0),
            started: Mutex::new(HashMap::new()),
            preempted: Mutex::new(Vec::new()),
            next_id: AtomicU64::new(0),
        }));
        for _ in 0..limits.workers.max(1) {
            pool.spawn_worker()?;
        }
        let keeper = pool.clone();
        std::thread::Builder::new()
            .name("cpsu-kg-pool".to_owned())
            .stack_size(256 * 1024)
            .spawn(move || {
                loop {
                    std::thread::sleep(SLICE / 2);
                    keeper.grow();
                }
            })?;
        Ok(pool)
    }

    /// Adds workers for the waiting tasks when every worker is busy and fewer than the core
    /// number are on short tasks.
    fn grow(&self) {
        let shared = &self.0;
        // Preempted work its token did not end is stopped now.
        if let Ok(mut preempted) = shared.preempted.lock() {
            preempted.retain(|(at, budget)| {
                if budget.has_ended() || budget.stalled().is_some() {
                    return false;
                }
                if at.elapsed() >= PREEMPT_GRACE {
                    budget.stop();
                    return false;
                }
                true
            });
        }
        let queued = shared.queue.lock().map(|q| q.len()).unwrap_or(0);
        if queued == 0 || shared.idle.load(Ordering::SeqCst) > 0 {
            return;
        }
        let now = Instant::now();
        let short = shared
            .started
            .lock()
            .map(|s| s.values().filter(|(t, _)| now - *t < SLICE).count())
            .unwrap_or(0);
        let workers = shared.workers.load(Ordering::SeqCst);
        let max = shared.limits.max_workers.max(shared.limits.workers);
        if short >= shared.limits.workers.max(1) {
            return;
        }
        if workers < max {
            for _ in 0..queued.min(max - workers) {
                if let Err(e) = self.spawn_worker() {
                    eprintln!("cpsu-kg: cannot start another worker: {e}");
                    break;
                }
            }
            return;
        }
        // Every worker up to the most is held by a long task and work waits: the task that
        // has run longest is stopped to make room (its connection answers 503 and gives it
        // up, and a worker takes its place), so that long queries cannot shut out short ones.
        let oldest = shared.started.lock().ok().and_then(|s| {
            s.values()
                .filter(|(t, b)| {
                    now - *t >= SLICE && b.as_ref().is_some_and(|b| !b.was_preempted())
                })
                .min_by_key(|(t, _)| *t)
                .and_then(|(_, b)| b.clone())
        });
        if let Some(budget) = oldest {
            budget.preempt();
            if let Ok(mut preempted) = shared.preempted.lock() {
                preempted.push((now, budget));
            }
        }
    }

    fn spawn_worker(&self) -> std::io::Result<()> {
        let shared = Arc::clone(&self.0);
        // Counted before the thread runs, so that the next look at the pool sees it.
        self.0.workers.fetch_add(1, Ordering::SeqCst);
        let id = self.0.next_id.fetch_add(1, Ordering::Relaxed);
        let spawned = std::thread::Builder::new()
            .name("cpsu-kg-worker".to_owned())
            .stack_size(self.0.limits.stack_bytes)
            .spawn(move || {
                while let Some((task, budget)) = shared.next() {
                    if let Ok(mut started) = shared.started.lock() {
                        started.insert(id, (Instant::now(), budget));
                    }
                    // A panic in a task fails its request (the connection sees the task's
                    // channel close) and leaves the worker to take the next.
                    let go_on = std::panic::catch_unwind(std::panic::AssertUnwindSafe(task))
                        .unwrap_or(true);
                    if let Ok(mut started) = shared.started.lock() {
                        started.remove(&id);
                    }
                    if !go_on {
                        return;
                    }
                }
            });
        if spawned.is_err() {
            self.0.workers.fetch_sub(1, Ordering::SeqCst);
        }
        spawned.map(drop)
    }

    /// Queues a task, which runs under `budget` (if any: the pool may preempt it), or says
    /// why not.
    pub(super) fn submit(&self, task: Task, budget: Option<Arc<Budget>>) -> Result<(), Refused> {
        if self.over_abandoned() {
            return Err(Refused::Abandoned);
        }
        let Ok(mut queue) = self.0.queue.lock() else {
            return Err(Refused::Busy);
        };
        if queue.len() >= self.0.limits.queue {
            return Err(Refused::Busy);
        }
        queue.push_back((task, budget));
        drop(queue);
        self.0.ready.notify_one();
        Ok(())
    }

    /// Whether abandoned work holds more than the limits allow.
    pub(super) fn over_abandoned(&self) -> bool {
        let Ok(abandoned) = self.0.abandoned.lock() else {
            return true;
        };
        // What they reserved from the total, which is what keeps other queries out.
        abandoned.len() >= self.0.limits.max_abandoned
            || abandoned.iter().map(|b| b.reserved()).sum::<usize>()
                >= self.0.limits.max_abandoned_bytes
    }

    /// Records that the task running under `budget` was abandoned: its thread no longer
    /// counts as a worker, and one is started in its place if the pool fell below its core
    /// number. A worker that cannot be started leaves the pool one smaller, never dead.
    pub(super) fn abandon(&self, budget: &Arc<Budget>) {
        if let Ok(mut abandoned) = self.0.abandoned.lock() {
            // Under the lock, so that work ending meanwhile is either seen here or removed
            // by `ended_after_abandonment` after this push.
            if !budget.has_ended() {
                abandoned.push(Arc::clone(budget));
            }
        }
        let left = self.0.workers.fetch_sub(1, Ordering::SeqCst) - 1;
        if left < self.0.limits.workers.max(1)
            && let Err(e) = self.spawn_worker()
        {
            eprintln!("cpsu-kg: cannot start a worker in place of an abandoned one: {e}");
        }
    }

    /// Called by an abandoned task that ended after all: it is no longer counted.
    pub(super) fn ended_after_abandonment(&self, budget: &Arc<Budget>) {
        if let Ok(mut abandoned) = self.0.abandoned.lock() {
            budget.end();
            abandoned.retain(|b| !Arc::ptr_eq(b, budget));
        }
    }

    /// Abandoned threads now kept, and the bytes they hold.
    pub(super) fn abandoned(&self) -> (usize, usize) {
        self.0
            .abandoned
            .lock()
            .map(|a| (a.len(), a.iter().map(|b| b.held()).sum()))
            .unwrap_or((0, 0))
    }

    /// Threads that count as workers now.
    #[cfg(test)]
    fn workers(&self) -> usize {
        self.0.workers.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    fn limits(workers: usize, max_workers: usize, queue: usize) -> Limits {
        Limits {
            workers,
            max_workers,
            queue,
            stack_bytes: 1 << 20,
            max_abandoned: 2,
            max_abandoned_bytes: usize::MAX,
        }
    }

    /// Submits a task that signals when it runs and then waits for `release`.
    fn blocking(pool: &Pool) -> (mpsc::Receiver<()>, mpsc::Sender<()>) {
        blocking_under(pool, None)
    }

    /// [`blocking`], with the task's budget.
    fn blocking_under(
        pool: &Pool,
        budget: Option<Arc<Budget>>,
    ) -> (mpsc::Receiver<()>, mpsc::Sender<()>) {
        let (release, wait) = mpsc::channel::<()>();
        let (started, running) = mpsc::channel::<()>();
        pool.submit(
            Box::new(move || {
                let _ = started.send(());
                let _ = wait.recv_timeout(Duration::from_secs(60));
                true
            }),
            budget,
        )
        .expect("taken");
        (running, release)
    }

    #[test]
    fn a_full_queue_refuses_and_work_runs_on_the_workers() {
        let pool = Pool::start(limits(1, 1, 1)).expect("the pool starts");
        let (running, release) = blocking(&pool);
        running
            .recv_timeout(Duration::from_secs(10))
            .expect("it runs");
        pool.submit(Box::new(|| true), None).expect("queued");
        assert_eq!(pool.submit(Box::new(|| true), None), Err(Refused::Busy));
        release.send(()).expect("release");
    }

    #[test]
    fn long_tasks_make_room_for_short_ones() {
        let pool = Pool::start(limits(1, 4, 8)).expect("the pool starts");
        let (running, release) = blocking(&pool);
        running
            .recv_timeout(Duration::from_secs(10))
            .expect("it runs");
        // The one worker is held by a long task; a short one is not made to wait for it.
        let (done, finished) = mpsc::channel::<()>();
        pool.submit(
            Box::new(move || {
                let _ = done.send(());
                true
            }),
            None,
        )
        .expect("queued");
        finished
            .recv_timeout(SLICE * 20)
            .expect("a worker was added for the short task");
        assert_eq!(pool.workers(), 2);
        release.send(()).expect("release");
    }

    #[test]
    fn at_the_most_workers_the_longest_task_is_preempted_for_waiting_work() {
        let pool = Pool::start(limits(1, 1, 8)).expect("the pool starts");
        let budget = Budget::new(1 << 20);
        let (running, release) = blocking_under(&pool, Some(Arc::clone(&budget)));
        running
            .recv_timeout(Duration::from_secs(10))
            .expect("it runs");
        pool.submit(Box::new(|| true), None).expect("queued");
        let give_up = Instant::now() + Duration::from_secs(10);
        while !budget.was_preempted() && Instant::now() < give_up {
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(
            budget.was_preempted(),
            "the long task was asked to make room"
        );
        release.send(()).expect("release");
    }

    #[test]
    fn abandoned_work_is_replaced_and_counted_against_the_limit() {
        let pool = Pool::start(limits(1, 1, 4)).expect("the pool starts");
        for _ in 0..2 {
            let budget = Budget::new(1 << 20);
            let (running, release) = blocking(&pool);
            running
                .recv_timeout(Duration::from_secs(10))
                .expect("it runs");
            pool.abandon(&budget);
            std::mem::forget(release);
        }
        // Two workers were abandoned and replaced; the limit is now reached.
        assert_eq!(pool.abandoned().0, 2);
        assert_eq!(pool.workers(), 1);
        assert!(pool.over_abandoned());
        assert_eq!(
            pool.submit(Box::new(|| true), None),
            Err(Refused::Abandoned)
        );
    }
}

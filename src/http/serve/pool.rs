//! A fixed pool of worker threads for the heavy requests (queries, whole graphs), fed by a
//! bounded queue.
//!
//! A task that runs past its hard deadline is *abandoned*: the request is answered 503 and a
//! new worker takes the abandoned one's place, so the pool keeps its size. The abandoned
//! thread is stalled by its memory budget's stop switch ([`crate::budget`]) at its next
//! allocation, so it uses no CPU and holds at most its budget. The pool counts what
//! abandoned threads hold; past [`Limits::max_abandoned`] threads or
//! [`Limits::max_abandoned_bytes`] bytes, new heavy work is refused (503) instead of piling up.
//! An abandoned task that does end after all leaves its thread, and its count.

use crate::budget::Budget;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};

/// A unit of heavy work. It returns whether its worker should go on taking tasks (`false`
/// when the task was abandoned and another worker has taken this one's place).
pub(super) type Task = Box<dyn FnOnce() -> bool + Send>;

/// The sizes and limits of the pool.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Worker threads.
    pub workers: usize,
    /// Tasks waiting for a worker, at most.
    pub queue: usize,
    /// The stack of each worker thread, in bytes.
    pub stack_bytes: usize,
    /// Abandoned threads kept, at most, before heavy work is refused.
    pub max_abandoned: usize,
    /// Bytes held by abandoned threads, at most, before heavy work is refused.
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

struct Shared {
    queue: Mutex<VecDeque<Task>>,
    ready: Condvar,
    limits: Limits,
    abandoned: Mutex<Vec<Arc<Budget>>>,
    workers: AtomicUsize,
}

impl Shared {
    /// The next task, waiting for one; `None` only if the queue's lock is poisoned.
    fn next(&self) -> Option<Task> {
        let mut queue = self.queue.lock().ok()?;
        loop {
            if let Some(task) = queue.pop_front() {
                return Some(task);
            }
            queue = self.ready.wait(queue).ok()?;
        }
    }
}

/// The pool. Dropping it does not stop the workers; the process's end does.
#[derive(Clone)]
pub(super) struct Pool(Arc<Shared>);

impl Pool {
    /// Starts `limits.workers` workers.
    pub(super) fn start(limits: Limits) -> std::io::Result<Self> {
        let pool = Self(Arc::new(Shared {
            queue: Mutex::new(VecDeque::with_capacity(limits.queue)),
            ready: Condvar::new(),
            limits,
            abandoned: Mutex::new(Vec::new()),
            workers: AtomicUsize::new(0),
        }));
        for _ in 0..limits.workers.max(1) {
            pool.spawn_worker()?;
        }
        Ok(pool)
    }

    fn spawn_worker(&self) -> std::io::Result<()> {
        let shared = Arc::clone(&self.0);
        // Counted before the thread runs, so that two abandonments in a row see it.
        self.0.workers.fetch_add(1, Ordering::SeqCst);
        let spawned = std::thread::Builder::new()
            .name("cpsu-kg-worker".to_owned())
            .stack_size(self.0.limits.stack_bytes)
            .spawn(move || {
                while let Some(task) = shared.next() {
                    if !task() {
                        break;
                    }
                }
                shared.workers.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            self.0.workers.fetch_sub(1, Ordering::SeqCst);
        }
        spawned.map(drop)
    }

    /// Queues a task, or says why not.
    pub(super) fn submit(&self, task: Task) -> Result<(), Refused> {
        if self.over_abandoned() {
            return Err(Refused::Abandoned);
        }
        let Ok(mut queue) = self.0.queue.lock() else {
            return Err(Refused::Busy);
        };
        if queue.len() >= self.0.limits.queue {
            return Err(Refused::Busy);
        }
        queue.push_back(task);
        drop(queue);
        self.0.ready.notify_one();
        Ok(())
    }

    fn over_abandoned(&self) -> bool {
        let Ok(abandoned) = self.0.abandoned.lock() else {
            return true;
        };
        abandoned.len() >= self.0.limits.max_abandoned
            || abandoned.iter().map(|b| b.held()).sum::<usize>()
                >= self.0.limits.max_abandoned_bytes
    }

    /// Records that the task running under `budget` was abandoned, and starts a worker in
    /// its place. A worker that cannot be started leaves the pool one smaller, never dead:
    /// the next abandonment tries again.
    pub(super) fn abandon(&self, budget: &Arc<Budget>) {
        budget.stop();
        if let Ok(mut abandoned) = self.0.abandoned.lock() {
            abandoned.push(Arc::clone(budget));
        }
        let missing = self.0.limits.workers.max(1) + self.abandoned_count()
            > self.0.workers.load(Ordering::SeqCst);
        if missing && let Err(e) = self.spawn_worker() {
            eprintln!("cpsu-kg: cannot start a worker in place of an abandoned one: {e}");
        }
    }

    /// Called by an abandoned task that ended after all: it is no longer counted.
    pub(super) fn ended_after_abandonment(&self, budget: &Arc<Budget>) {
        if let Ok(mut abandoned) = self.0.abandoned.lock() {
            abandoned.retain(|b| !Arc::ptr_eq(b, budget));
        }
    }

    /// Abandoned threads now kept.
    pub(super) fn abandoned_count(&self) -> usize {
        self.0.abandoned.lock().map(|a| a.len()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    fn limits(workers: usize, queue: usize) -> Limits {
        Limits {
            workers,
            queue,
            stack_bytes: 1 << 20,
            max_abandoned: 2,
            max_abandoned_bytes: usize::MAX,
        }
    }

    #[test]
    fn a_full_queue_refuses_and_work_runs_on_the_workers() {
        let pool = Pool::start(limits(1, 1)).expect("the pool starts");
        let (release, wait) = mpsc::channel::<()>();
        let (started, running) = mpsc::channel::<()>();
        pool.submit(Box::new(move || {
            let _ = started.send(());
            let _ = wait.recv();
            true
        }))
        .expect("taken");
        running
            .recv_timeout(Duration::from_secs(10))
            .expect("it runs");
        pool.submit(Box::new(|| true)).expect("queued");
        assert_eq!(pool.submit(Box::new(|| true)), Err(Refused::Busy));
        release.send(()).expect("release");
    }

    #[test]
    fn abandoned_work_is_replaced_then_refused_past_the_limit() {
        let pool = Pool::start(limits(1, 4)).expect("the pool starts");
        for _ in 0..2 {
            let budget = Budget::new(1 << 20);
            let (started, running) = mpsc::channel::<()>();
            let (keep, never) = mpsc::channel::<()>();
            pool.submit(Box::new(move || {
                let _ = started.send(());
                let _ = never.recv_timeout(Duration::from_secs(60));
                false
            }))
            .expect("taken");
            running
                .recv_timeout(Duration::from_secs(10))
                .expect("it runs");
            pool.abandon(&budget);
            std::mem::forget(keep);
        }
        // Two workers were abandoned and replaced; the limit is now reached.
        assert_eq!(pool.abandoned_count(), 2);
        assert_eq!(pool.submit(Box::new(|| true)), Err(Refused::Abandoned));
    }
}

//! One timer for every query's deadline: a single thread that cancels each query's token
//! (and stops its memory budget) when its time is up, instead of a sleeping thread per query.

use crate::budget::Budget;
use oxigraph::sparql::CancellationToken;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::Instant;

/// A deadline to keep: cancel `token` at `at`.
struct Deadline {
    at: Instant,
    sequence: u64,
    token: Option<CancellationToken>,
    budget: Option<Arc<Budget>>,
}

impl PartialEq for Deadline {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.sequence) == (other.at, other.sequence)
    }
}

impl Eq for Deadline {}

impl PartialOrd for Deadline {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Deadline {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.at, self.sequence).cmp(&(other.at, other.sequence))
    }
}

/// The timer: hand it a token and a time, and the token is cancelled then.
pub(super) struct Deadlines {
    sender: Mutex<Sender<Deadline>>,
    sequence: std::sync::atomic::AtomicU64,
}

impl Deadlines {
    /// Starts the timer's thread, which ends when the timer is dropped.
    pub(super) fn start() -> std::io::Result<Self> {
        let (sender, receiver) = mpsc::channel::<Deadline>();
        std::thread::Builder::new()
            .name("cpsu-kg-deadlines".to_owned())
            .spawn(move || {
                let mut pending: BinaryHeap<Reverse<Deadline>> = BinaryHeap::new();
                loop {
                    let now = Instant::now();
                    while pending.peek().is_some_and(|Reverse(d)| d.at <= now) {
                        if let Some(Reverse(due)) = pending.pop() {
                            if let Some(token) = due.token {
                                token.cancel();
                            }
                            if let Some(budget) = due.budget {
                                budget.stop();
                            }
                        }
                    }
                    let next = match pending.peek() {
                        Some(Reverse(d)) => receiver.recv_timeout(d.at - now),
                        None => receiver.recv().map_err(|_| RecvTimeoutError::Disconnected),
                    };
                    match next {
                        Ok(deadline) => pending.push(Reverse(deadline)),
                        Err(RecvTimeoutError::Timeout) => {}
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
            })?;
        Ok(Self {
            sender: Mutex::new(sender),
            sequence: std::sync::atomic::AtomicU64::new(0),
        })
    }

    /// Cancels `token` at `at`. A query that finishes first leaves a cancelled token that
    /// nobody reads.
    pub(super) fn cancel_at(&self, at: Instant, token: CancellationToken) {
        self.push(at, Some(token), None);
    }

    /// Throws the stop switch of `budget` at `at`, so that work its token could not stop
    /// stalls at its next allocation.
    pub(super) fn stop_at(&self, at: Instant, budget: Arc<Budget>) {
        self.push(at, None, Some(budget));
    }

    fn push(&self, at: Instant, token: Option<CancellationToken>, budget: Option<Arc<Budget>>) {
        let sequence = self
            .sequence
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if let Ok(sender) = self.sender.lock() {
            // The thread only stops when `self` is dropped, so sending cannot fail here.
            let _ = sender.send(Deadline {
                at,
                sequence,
                token,
                budget,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn tokens_are_cancelled_in_deadline_order_by_one_thread() {
        let deadlines = Deadlines::start().expect("the timer starts");
        let late = CancellationToken::new();
        let soon = CancellationToken::new();
        let start = Instant::now();
        deadlines.cancel_at(start + Duration::from_secs(60), late.clone());
        deadlines.cancel_at(start + Duration::from_millis(30), soon.clone());
        let give_up = Instant::now() + Duration::from_secs(10);
        while !soon.is_cancelled() && Instant::now() < give_up {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(soon.is_cancelled());
        assert!(!late.is_cancelled());
    }
}

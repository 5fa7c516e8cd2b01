//! Running two halves of a job at once, for large inputs only.
//!
//! The machines this runs on have few cores, and a second thread costs its start-up and a
//! fresh allocator arena: worth it for a million triples, a loss for the embedded data.
//! The two places that use it are the export (mapping, sorting, writing N-Triples) and the
//! store (filling it from a large data set); [`Thresholds`] says from what size each part
//! goes parallel, so that tests can run every parallel branch on small data and compare it
//! with the sequential one byte for byte.

/// From what size each parallel step runs on two threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    /// Map the record kinds on two threads past this many tenures and events.
    pub map_records: usize,
    /// Sort the subject buckets' two halves on two threads past this many quads.
    pub sort_quads: usize,
    /// Format N-Triples and N-Quads in chunks of this many lines, the next chunk on a
    /// second thread while the current one is written.
    pub line_chunk: usize,
}

impl Thresholds {
    /// The sizes measured to pay off on two cores (see BENCHMARKS.md).
    pub const MEASURED: Self = Self {
        map_records: 5_000,
        sort_quads: 1 << 16,
        line_chunk: 1 << 15,
    };

    /// Every step sequential (and N-Triples in one chunk).
    pub const NEVER: Self = Self {
        map_records: usize::MAX,
        sort_quads: usize::MAX,
        line_chunk: usize::MAX,
    };

    /// Every step on two threads, even for the smallest input: for tests.
    pub const ALWAYS: Self = Self {
        map_records: 0,
        sort_quads: 0,
        line_chunk: 7,
    };
}

/// Runs `a` and `b`, on two threads when `parallel` is true and one after the other
/// otherwise, and returns both results. A panic in either is passed on unchanged.
pub fn join<A, B, RA, RB>(parallel: bool, a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB,
    RA: Send,
{
    if !parallel {
        return (a(), b());
    }
    std::thread::scope(|scope| {
        let first = scope.spawn(a);
        let second = b();
        let first = first
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (first, second)
    })
}

#[cfg(test)]
mod tests {
    use super::join;

    #[test]
    fn both_halves_run_and_return_in_order_either_way() {
        for parallel in [false, true] {
            let data = [1, 2, 3, 4];
            let (left, right) = join(
                parallel,
                || data[..2].iter().sum::<i32>(),
                || data[2..].iter().sum::<i32>(),
            );
            assert_eq!((left, right), (3, 7), "parallel: {parallel}");
        }
    }

    #[test]
    fn a_panic_on_the_second_thread_reaches_the_caller() {
        let outcome = std::panic::catch_unwind(|| {
            join(true, || panic!("boom"), || 1);
        });
        let message = outcome.expect_err("the panic is passed on");
        assert_eq!(message.downcast_ref::<&str>(), Some(&"boom"));
    }
}

//! Running two halves of a job at once, for large inputs only.
//!
//! The machines this runs on have few cores, and a second thread costs its start-up and a
//! fresh allocator arena: worth it for a million triples, a loss for the embedded data.
//! Each caller says whether its input is large enough.

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

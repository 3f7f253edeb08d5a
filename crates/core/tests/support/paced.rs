//! The driver the "page never freezes" tests share: a live run taken to its
//! end in calls of a given budget.

use protolab_core::budget::Budget;
use protolab_core::{Live, Paced};
use std::fmt::Debug;

/// Drives `live` to the end of its configured steps in calls of `budget`
/// units and at most `max_steps` steps each. Returns every sample (as Debug
/// text, so NaN scores compare equal) and the calls made; checks that no
/// call charged more than `budget + slice`.
pub fn drive<R: Paced>(
    live: &mut Live<R>,
    budget: u64,
    max_steps: u64,
    slice: u64,
) -> (Vec<String>, usize)
where
    R::Sample: Debug,
{
    let mut samples = Vec::new();
    let mut calls = 0;
    loop {
        let mut b = Budget::new(budget);
        let left = live.target_steps().saturating_sub(live.steps_done());
        let k = live.advance(max_steps.min(left), &mut b, &mut |s| {
            samples.push(format!("{s:?}"))
        });
        calls += 1;
        assert!(
            b.spent() <= budget.saturating_add(slice),
            "call {calls} charged {} of a budget of {budget} (+ slice {slice})",
            b.spent()
        );
        if live.is_finished() {
            break;
        }
        let _ = k;
        assert!(calls < 10_000_000, "no end in sight");
    }
    (samples, calls)
}

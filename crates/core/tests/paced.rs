//! "The page never freezes" (issue #11): every lab's live run advances in
//! calls of bounded work, and the numbers do not depend on how the work is
//! sliced. For each lab: the run taken to its end in one unlimited call gives
//! exactly the samples and final state of the same run taken in many tiny
//! calls, and of the plain (unsliced) core API; and one call at the lab's
//! largest validated setting charges at most the call budget plus one
//! indivisible slice, with the charged work matching the work counted.

use protolab_core::abstraction::{AbstractionConfig, AbstractionRun};
use protolab_core::budget::{Budget, CALL_BUDGET};
use protolab_core::{Live, Paced, Trainer, hash, hungarian};
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

#[test]
fn prototype_samples_do_not_depend_on_the_slicing() {
    let config = hash::from_hash("N=40&mask=CSO&steps=230&seed=5").0;
    let mut whole = Live::new(Trainer::new(config.clone()).unwrap());
    let (a, one) = drive(&mut whole, u64::MAX, u64::MAX, 0);
    assert_eq!(one, 1, "one unlimited call does everything");
    let mut tiny = Live::new(Trainer::new(config.clone()).unwrap());
    let (b, calls) = drive(&mut tiny, 1, 7, u64::MAX);
    assert!(
        calls > 230 + 11 * 40,
        "every step and every Hungarian row is its own call"
    );
    assert_eq!(a, b);
    assert_eq!(whole.run().model().params, tiny.run().model().params);
    // The samples are those of the plain API at the scheduled steps.
    let mut plain = Trainer::new(config).unwrap();
    let every = plain.sample_every();
    let mut expected = Vec::new();
    for s in (0..=230).filter(|s| s % every == 0 || *s == 230) {
        plain.step(s - plain.steps_done());
        expected.push(format!("{:?}", plain.metrics().unwrap()));
    }
    assert_eq!(a, expected);
    assert_eq!(a.len(), 11, "steps 0, 25, …, 225 and the last");
}

#[test]
fn a_prototype_call_at_n_500_is_bounded_and_its_hungarian_is_sliced() {
    let run = Trainer::new(hash::from_hash("N=500&steps=3000").0).unwrap();
    assert_eq!(
        run.sample_every(),
        250,
        "the O(N³) sample is taken less often"
    );
    let step = run.step_units();
    // The largest indivisible slices: a step (or starting a sample, which
    // evaluates the loss once), the cost table, one Hungarian row.
    let row = 501 * 501 * hungarian::UNITS_PER_CELL;
    let slice = step.max(500 * 500).max(row) + step;
    let mut live = Live::new(run);
    let mut sampled_rows_per_call = Vec::new();
    for _ in 0..60 {
        let before = live.steps_done();
        let mut b = Budget::call();
        let k = live.advance(25, &mut b, &mut |_| {});
        assert!(b.spent() <= CALL_BUDGET + slice, "{}", b.spent());
        assert_eq!(live.steps_done(), before + k);
        // Steps are charged honestly: never more steps than the budget pays for.
        assert!(k <= CALL_BUDGET / step + 1, "{k} steps in one call");
        if let Some(what) = live.activity().filter(|_| k == 0) {
            sampled_rows_per_call.push(what);
        }
    }
    assert!(
        sampled_rows_per_call.len() >= 3,
        "the first sample's assignment spans several calls: {sampled_rows_per_call:?}"
    );
    assert!(sampled_rows_per_call[0].contains("Hungarian"));
}

#[test]
fn abstraction_samples_do_not_depend_on_the_slicing() {
    for hash in [
        "D=3&steps=160&seed=4",
        "lam=1&steps=120&seed=1",
        "D=2&steps=90&adam=1",
    ] {
        let (config, _) = AbstractionConfig::from_hash(hash);
        let mut whole = Live::new(AbstractionRun::new(config.clone()).unwrap());
        let (a, _) = drive(&mut whole, u64::MAX, u64::MAX, 0);
        let mut tiny = Live::new(AbstractionRun::new(config.clone()).unwrap());
        let (b, calls) = drive(&mut tiny, 1, 3, u64::MAX);
        assert!(
            calls > 160.min(config.steps as usize),
            "{hash}: {calls} calls"
        );
        assert_eq!(a, b, "{hash}");
        let mut plain = AbstractionRun::new(config.clone()).unwrap();
        let every = plain.sample_every();
        let mut expected = Vec::new();
        for s in (0..=config.steps).filter(|s| s % every == 0 || *s == config.steps) {
            plain.step(s - plain.steps_done());
            expected.push(format!("{:?}", plain.metrics().unwrap()));
        }
        assert_eq!(a, expected, "{hash}");
        assert_eq!(
            format!("{:?}", whole.run_mut().metrics()),
            format!("{:?}", tiny.run_mut().metrics())
        );
    }
}

#[test]
fn a_wide_abstraction_sample_is_sliced_and_each_call_is_bounded() {
    let (config, _) = AbstractionConfig::from_hash("D=4&P=16&width=512&steps=40");
    let run = AbstractionRun::new(config.clone()).unwrap();
    let every = run.sample_every();
    assert!(every > 500, "a wide sample is taken every {every} steps");
    let cost = protolab_core::abstraction::sample::SampleCost::of(&config);
    let slice = [cost.draw, cost.condition, cost.fit, cost.factor, cost.score]
        .into_iter()
        .max()
        .unwrap()
        .max(run.step_units());
    let mut live = Live::new(run);
    let (samples, calls) = drive(&mut live, CALL_BUDGET, 500, slice);
    assert_eq!(samples.len(), 2, "step 0 and the last step");
    assert!(
        calls > 30,
        "two samples of 33 classifiers each take many calls ({calls})"
    );
    let mut plain = AbstractionRun::new(config).unwrap();
    plain.step(40);
    assert_eq!(samples[1], format!("{:?}", plain.metrics().unwrap()));
}

#[test]
fn a_fresh_abstraction_run_has_no_loss_yet() {
    let mut run = AbstractionRun::new(AbstractionConfig::default()).unwrap();
    assert_eq!(run.metrics().unwrap().loss, None);
    run.step(1);
    assert!(run.metrics().unwrap().loss.is_some_and(f64::is_finite));
}

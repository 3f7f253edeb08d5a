//! The handles the page steps: a `step` call does bounded work, may return 0
//! while it is busy (and says so), and the page's loop — step while not
//! finished — ends with the same numbers as the core's run taken in one go.

use protolab_bindings::{AbstractionLab, CapacityLab, Lab, LatentLab};
use protolab_core::budget::Budget;
use protolab_core::{Live, Trainer, hash};

const DIGITS: &[u8] = include_bytes!("../../../data/digits8x8.bin");

/// Steps a handle the way the page does until it is finished; returns the
/// calls made, the calls that returned 0 while busy, and checks that a call
/// returning 0 was busy unless the lab had finished.
fn play(
    mut step: impl FnMut() -> u32,
    busy: impl Fn() -> bool,
    finished: impl Fn() -> bool,
) -> (usize, usize) {
    let (mut calls, mut idle) = (0, 0);
    while !finished() {
        let k = step();
        calls += 1;
        if k == 0 {
            assert!(busy() || finished(), "a call did nothing and is not busy");
            idle += 1;
        }
        assert!(calls < 1_000_000);
    }
    (calls, idle)
}

#[test]
fn a_large_prototype_lab_is_busy_between_steps_and_ends_with_the_core_numbers() {
    let hash_str = "N=500&steps=600&seed=2";
    let lab = std::cell::RefCell::new(Lab::from_hash_str(hash_str));
    assert!(
        lab.borrow().is_busy(),
        "the first sample's assignment spans calls"
    );
    assert!(lab.borrow().activity().unwrap().contains("Hungarian"));
    let (calls, idle) = play(
        || lab.borrow_mut().step(25),
        || lab.borrow().is_busy(),
        || lab.borrow().is_finished(),
    );
    assert_eq!(lab.borrow().step_count(), 600.0);
    assert!(calls > 600 / 25 && idle > 0, "{calls} calls, {idle} busy");
    // The curves hold the core's samples (every 250 steps and the last).
    let mut core = Live::new(Trainer::new(hash::from_hash(hash_str).0).unwrap());
    let mut samples = Vec::new();
    core.advance(600, &mut Budget::unlimited(), &mut |m| samples.push(m));
    let expected: Vec<(f64, f64)> = samples.iter().map(|m| (m.step as f64, m.recon)).collect();
    assert_eq!(lab.borrow().series(|m| m.recon), expected);
    assert_eq!(expected.len(), 4);
    assert!(!lab.borrow().is_busy() && lab.borrow().activity().is_none());
}

#[test]
fn a_small_prototype_lab_keeps_its_step_counts() {
    // What hosts and the README rely on: at ordinary sizes a call takes all
    // the steps asked for.
    let mut lab = Lab::from_hash_str("N=20&steps=3000");
    assert!(!lab.is_busy());
    assert_eq!(lab.step(1500), 1500);
    assert_eq!(lab.step_count(), 1500.0);
    assert_eq!(lab.sample_every(), 25.0);
}

#[test]
fn a_fresh_abstraction_lab_has_no_loss_yet() {
    let mut lab = AbstractionLab::from_hash_str("");
    assert_eq!(lab.current_metrics().unwrap().loss, None);
    lab.step(1);
    assert!(
        lab.current_metrics()
            .unwrap()
            .loss
            .is_some_and(f64::is_finite)
    );
}

#[test]
fn a_wide_abstraction_lab_measures_over_many_calls() {
    let lab = std::cell::RefCell::new(AbstractionLab::from_hash_str("D=4&P=16&width=512&steps=50"));
    assert!(lab.borrow().is_busy());
    assert!(lab.borrow().sample_every() > 500.0);
    let (calls, idle) = play(
        || lab.borrow_mut().step(500),
        || lab.borrow().is_busy(),
        || lab.borrow().is_finished(),
    );
    assert_eq!(lab.borrow().step_count(), 50.0);
    assert!(idle > 20 && calls > idle, "{calls} calls, {idle} busy");
    let m = lab.borrow_mut().current_metrics().unwrap();
    assert_eq!(m.step, 50);
    assert!(m.ps.iter().all(|v| v.is_finite()));
}

#[test]
fn a_large_latent_lab_trains_an_epoch_over_many_calls() {
    let mut lab =
        LatentLab::from_parts("grid=40&h=128&train=1500&batch=1&epochs=2", DIGITS).unwrap();
    assert!(lab.activity().unwrap().starts_with("analysing attractors"));
    let mut calls = 0;
    while lab.step(1) == 0 {
        assert!(lab.is_busy());
        calls += 1;
    }
    assert_eq!(lab.step_count(), 1.0);
    assert!(calls > 20, "analysis and one epoch took {calls} calls");
}

#[test]
fn a_wide_capacity_lab_finishes_through_busy_calls() {
    let lab = std::cell::RefCell::new(
        CapacityLab::from_parts(
            "data=digits&pair=1/7&H=128&large=128&epochs=4&finetune=1",
            DIGITS,
        )
        .unwrap(),
    );
    assert!(
        lab.borrow().issues().is_empty(),
        "{:?}",
        lab.borrow().issues()
    );
    play(
        || lab.borrow_mut().step(1),
        || lab.borrow().is_busy(),
        || lab.borrow().is_finished(),
    );
    assert_eq!(lab.borrow().step_count(), lab.borrow().total_steps());
}

//! Divergence is caught the same way in every lab: one guard (non-finite
//! values, or a loss blown up against the run's start), reported through the
//! run contract with a typed reason. The labs whose valid settings can blow up
//! are driven there; the two whose losses stay bounded are checked not to be
//! called diverged, and their classifier's guard is driven with hostile inputs.

use protolab_core::abstraction::{AbstractionConfig, AbstractionRun};
use protolab_core::budget::Budget;
use protolab_core::capacity::{
    CapacityConfig, CapacityRun, Classifier, ClassifierConfig, LabelledImages, Source,
};
use protolab_core::digits::Digits;
use protolab_core::guard::{Divergence, DivergenceReason};
use protolab_core::latent::{LatentConfig, LatentRun};
use protolab_core::{Config, Live, Paced, Trainer};

fn digits() -> Digits {
    Digits::parse(include_bytes!("../../../data/digits8x8.bin")).unwrap()
}

/// Runs `run` to its end through the contract (never past its target) and
/// returns how it diverged and the steps it took.
fn outcome<R: Paced>(run: R) -> (Option<Divergence>, u64) {
    let mut live = Live::new(run);
    let mut calls = 0;
    while !live.is_finished() {
        let left = live.target_steps() - live.steps_done();
        live.advance(left.min(1000), &mut Budget::unlimited(), &mut |_| {});
        calls += 1;
        assert!(calls < 100_000, "no end in sight");
    }
    (live.run().divergence_of_run(), live.run().steps_done())
}

#[test]
fn every_lab_reports_divergence_with_a_typed_reason_and_stops() {
    let runs: Vec<(&str, (Option<Divergence>, u64))> = vec![
        (
            "prototypes",
            outcome(
                Trainer::new(Config {
                    lr: 1e6,
                    steps: 200,
                    ..Config::default()
                })
                .unwrap(),
            ),
        ),
        (
            "abstraction",
            outcome(
                AbstractionRun::new(AbstractionConfig {
                    lr: 10.0,
                    steps: 200,
                    ..AbstractionConfig::default()
                })
                .unwrap(),
            ),
        ),
    ];
    for (lab, (divergence, steps)) in runs {
        let d =
            divergence.unwrap_or_else(|| panic!("{lab}: an absurd learning rate did not diverge"));
        // It stopped where it diverged, short of its 200 steps.
        assert!(
            d.step == steps && steps < 200,
            "{lab}: {d} after {steps} steps"
        );
        assert!(
            d.to_string().contains("lower the learning rate"),
            "{lab}: {d}"
        );
        assert!(
            matches!(
                d.reason,
                DivergenceReason::LossBlowUp { .. }
                    | DivergenceReason::NonFiniteLoss
                    | DivergenceReason::NonFiniteParameters
            ),
            "{lab}: {d}"
        );
    }
}

/// The Latent Field Lab's loss is a mean of squared sigmoid errors (at most 1)
/// plus weight decay, which Adam keeps in check; the Capacity Lab's
/// classifier at the largest allowed learning rate stays bounded on real
/// pixels too. Neither blows up, and the guard must not claim they did.
#[test]
fn bounded_losses_are_not_called_divergence() {
    let d = digits();
    let config = LatentConfig {
        lr: 1.0,
        epochs: 3,
        ..LatentConfig::default()
    };
    assert_eq!(outcome(LatentRun::new(config, &d).unwrap()).0, None);
    let config = CapacityConfig {
        source: Source::Digits,
        classifier: ClassifierConfig {
            hidden: 8,
            lr: 10.0,
            epochs: 60,
            seed: 0,
        },
        finetune: 0,
        small: 2,
        large: 4,
        ..CapacityConfig::default()
    };
    let run = CapacityRun::new(config, &LabelledImages::from_digits(&d)).unwrap();
    assert_eq!(outcome(run).0, None);
}

/// The classifier's training goes through the shared guard: a poisoned
/// input makes the first update non-finite, and the net stops there with a
/// typed reason. (Its loss does
/// not blow up on finite inputs at any allowed setting we tried — plain
/// gradient descent on cross-entropy with ReLU units at lr 10 and inputs
/// scaled up to 1e5 stays bounded — so the blow-up branch is exercised by the
/// Prototype and Abstraction Labs above and by `guard`'s unit test.)
#[test]
fn a_classifier_stops_through_the_shared_guard() {
    let data = LabelledImages::from_digits(&digits());
    let mut split = pair_pairs(&data);
    split.train_x[(10, 3)] = f64::NAN;
    let config = ClassifierConfig {
        hidden: 8,
        lr: 0.03,
        epochs: 5,
        seed: 0,
    };
    let mut net = Classifier::new(config, split.train_x.nrows()).unwrap();
    assert_eq!(net.train(&split, 5), 0);
    let d = net.divergence().expect("a NaN input stops the net");
    assert_eq!(d.step, 0);
    assert!(
        matches!(
            d.reason,
            DivergenceReason::NonFiniteLoss | DivergenceReason::NonFiniteParameters
        ),
        "{d}"
    );
}

fn pair_pairs(data: &LabelledImages) -> protolab_core::capacity::Split {
    protolab_core::capacity::pair_split(data, (4, 9), 0)
}

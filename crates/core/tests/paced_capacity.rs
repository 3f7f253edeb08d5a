//! "The page never freezes" for the Capacity Lab (paced.rs has the other
//! labs): its live run, taken to the end in one call or in many tiny ones,
//! gives exactly what the plain classifier API gives, and one call at its
//! largest setting stays within the call budget plus one slice.

use protolab_core::Live;
use protolab_core::budget::{Budget, CALL_BUDGET};
use protolab_core::capacity::lab::{LEVELS, PAPER_LEVEL, SALIENCY_LEVEL, SIGMAS};
use protolab_core::capacity::run::{with_noise, with_occlusion};
use protolab_core::capacity::saliency::SaliencyMap;
use protolab_core::capacity::{
    CapacityConfig, CapacityRun, Classifier, ClassifierConfig, LabelledImages, NoisePoint,
    PrunePoint, Scheme,
};
use protolab_core::digits::Digits;
use protolab_core::rng::{self, Purpose};

mod support;
use support::paced::drive;

fn digits() -> Digits {
    Digits::parse(include_bytes!("../../../data/digits8x8.bin")).unwrap()
}

fn capacity_data() -> LabelledImages {
    LabelledImages::from_digits(&digits())
}

/// The Capacity Lab's protocol written with the plain classifier API:
/// (history, paper point, prune points, noise points) as Debug text.
fn capacity_by_hand(config: &CapacityConfig, data: &LabelledImages) -> String {
    let split = protolab_core::capacity::pair_split(data, config.pair(), config.classifier.seed);
    let (test, y) = (&split.test_x, &split.test_y);
    let e = config.classifier.epochs;
    let mut dense = Classifier::new(config.classifier.clone(), split.train_x.nrows()).unwrap();
    let mut history = Vec::new();
    for _ in 0..e {
        dense.train(&split, 1);
        history.push((dense.epochs_done(), dense.scores(test, y)));
    }
    let paper_net = dense.pruned(PAPER_LEVEL, Scheme::Global);
    let paper = PrunePoint {
        scheme: Scheme::Global,
        level: PAPER_LEVEL,
        achieved: paper_net.sparsity(),
        f1: paper_net.scores(test, y).f1,
        f1_tuned: None,
    };
    let mut points = Vec::new();
    let mut saliency = None;
    let picks = protolab_core::capacity::saliency::picks(y);
    for scheme in [Scheme::Global, Scheme::PerLayer] {
        for level in LEVELS {
            let mut net = dense.pruned(level, scheme);
            let mut p = PrunePoint {
                scheme,
                level,
                achieved: net.sparsity(),
                f1: net.scores(test, y).f1,
                f1_tuned: None,
            };
            if config.finetune > 0 {
                net.train(&split, config.finetune);
                p.f1_tuned = Some(net.scores(test, y).f1);
            }
            if scheme == Scheme::Global && level == SALIENCY_LEVEL {
                let maps = |n: &Classifier| {
                    picks
                        .iter()
                        .map(|&j| SaliencyMap::of(n, test, j))
                        .collect::<Vec<_>>()
                };
                saliency = Some((net.sparsity(), maps(&dense), maps(&net)));
            }
            points.push(p);
        }
    }
    let mut noise = Vec::new();
    for hidden in [config.small, config.large] {
        let c = ClassifierConfig {
            hidden,
            ..config.classifier.clone()
        };
        let mut net = Classifier::new(c, split.train_x.nrows()).unwrap();
        net.train(&split, e);
        let mut r = rng::stream(config.classifier.seed, Purpose::Aux);
        for sigma in SIGMAS {
            let x = with_noise(test, sigma, &mut r);
            noise.push(NoisePoint {
                hidden,
                sigma: Some(sigma),
                f1: net.scores(&x, y).f1,
            });
        }
        let x = with_occlusion(test, 8, 2, &mut r);
        noise.push(NoisePoint {
            hidden,
            sigma: None,
            f1: net.scores(&x, y).f1,
        });
    }
    format!("{history:?} {paper:?} {points:?} {noise:?} {saliency:?}")
}

fn capacity_results(run: &CapacityRun) -> String {
    let maps = run.saliency_maps().unwrap();
    format!(
        "{:?} {:?} {:?} {:?} {:?}",
        run.history(),
        run.paper_point().unwrap(),
        run.prune_points(),
        run.noise_points(),
        run.saliency_net()
            .map(|n| (n.sparsity(), &maps.dense, &maps.pruned))
    )
}

#[test]
fn capacity_results_do_not_depend_on_the_slicing() {
    let data = capacity_data();
    for hash in [
        "data=digits&pair=3/8&H=8&epochs=12&finetune=3&large=16",
        "data=digits&pair=0/1&H=5&epochs=0&finetune=0&small=2",
    ] {
        let (config, issues) = CapacityConfig::from_hash(hash);
        assert!(issues.is_empty());
        let mut whole = Live::new(CapacityRun::new(config.clone(), &data).unwrap());
        let (_, one) = drive(&mut whole, u64::MAX, u64::MAX, 0);
        assert_eq!(one, 1);
        let mut tiny = Live::new(CapacityRun::new(config.clone(), &data).unwrap());
        let (_, calls) = drive(&mut tiny, 1, 2, u64::MAX);
        let total = tiny.run().total_work();
        assert_eq!(tiny.run().work_done(), total);
        assert!(
            calls as u64 > total,
            "{hash}: {calls} calls for {total} units"
        );
        let by_hand = capacity_by_hand(&config, &data);
        assert_eq!(capacity_results(whole.run()), by_hand, "{hash}");
        assert_eq!(capacity_results(tiny.run()), by_hand, "{hash}");
    }
}

#[test]
fn a_capacity_call_at_the_extremes_is_bounded_and_its_epoch_is_sliced() {
    let mnist =
        LabelledImages::from_mnist(include_bytes!("../../../data/mnist-pairs.bin")).unwrap();
    let (config, issues) =
        CapacityConfig::from_hash("H=128&large=128&data=mnist&epochs=3&finetune=1");
    assert!(issues.is_empty());
    let run = CapacityRun::new(config, &mnist).unwrap();
    // The largest slice of fixed size: scoring a width-128 net on the held-out images.
    let x = &run.split().train_x;
    let nonzero = x.iter().filter(|&&v| v != 0.0).count() as f64 / x.ncols() as f64;
    let tests = run.split().test_x.ncols() as u64;
    let score = tests * run.dense().score_units(nonzero) + tests;
    // ... and one saliency map: every pixel's perturbed image through the net.
    let pixels = run.split().test_x.nrows() as u64;
    let map = pixels * run.dense().score_units(nonzero + 1.0) + run.dense().n_params() as u64;
    let mut live = Live::new(run);
    let mut first_epoch_calls = 0;
    let mut calls = 0;
    while !live.is_finished() {
        let mut b = Budget::call();
        let k = live.advance(1, &mut b, &mut |_| {});
        // Slices size themselves to the budget (part of an epoch, a block of
        // noisy images) or start only if they fit (scoring, pruning a net).
        assert!(
            b.spent() <= CALL_BUDGET.max(score).max(map) + CALL_BUDGET / 10,
            "{}",
            b.spent()
        );
        assert!(k <= 1);
        if live.run().history().is_empty() {
            first_epoch_calls += 1;
        }
        calls += 1;
    }
    assert!(
        first_epoch_calls > 3,
        "a full-batch epoch spans calls ({first_epoch_calls})"
    );
    assert!(calls > 3 * 22);
}

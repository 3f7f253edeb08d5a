//! The Abstraction Lab's trend (docs/labs/abstraction.md#findings): weight decay makes the hidden layer
//! abstract. The figures measured here are written in the README.

use protolab_core::abstraction::{AbstractionConfig, AbstractionMetrics, AbstractionRun};

fn trained(lambda: f64, seed: u64) -> AbstractionMetrics {
    let mut run = AbstractionRun::new(AbstractionConfig {
        lambda,
        seed,
        ..AbstractionConfig::default()
    })
    .unwrap();
    run.run_to_end();
    run.metrics().expect("no divergence at the defaults")
}

#[test]
fn weight_decay_makes_the_representation_abstract() {
    for seed in 0..3 {
        let plain = trained(0.0, seed);
        let decayed = trained(0.1, seed);
        let (ps0, ps1) = (
            AbstractionMetrics::mean(&plain.ps),
            AbstractionMetrics::mean(&decayed.ps),
        );
        let (cc0, cc1) = (
            AbstractionMetrics::mean(&plain.ccgp),
            AbstractionMetrics::mean(&decayed.ccgp),
        );
        println!(
            "seed {seed}: lambda 0: PS {ps0:.3} CCGP {cc0:.3} CKA {:.3} SD {:.3} loss {:.2e} | lambda 0.1: PS {ps1:.3} CCGP {cc1:.3} CKA {:.3} SD {:.3} loss {:.2e}",
            plain.alignment,
            plain.shattering,
            plain.loss.unwrap(),
            decayed.alignment,
            decayed.shattering,
            decayed.loss.unwrap()
        );
        assert!(ps1 > 0.9, "lambda 0.1: PS {ps1}");
        assert!(
            ps0 < ps1 - 0.3,
            "lambda 0 PS {ps0} should be well below lambda 0.1's {ps1}"
        );
        assert!(decayed.alignment > 0.9);
    }
}

/// docs/labs/abstraction.md#findings expects alignment ~1 and PS ~1 from λ = 0.03. Measured at the default
/// 20k steps: alignment ~1 yes, PS ~0.85 (README) — asserted as measured, not as hoped.
#[test]
fn a_small_decay_aligns_the_kernel() {
    let m = trained(0.03, 0);
    let ps = AbstractionMetrics::mean(&m.ps);
    println!(
        "lambda 0.03: PS {ps:.3} CCGP {:.3} CKA {:.3} SD {:.3}",
        AbstractionMetrics::mean(&m.ccgp),
        m.alignment,
        m.shattering
    );
    assert!(m.alignment > 0.95, "CKA {}", m.alignment);
    assert!(
        ps > AbstractionMetrics::mean(&trained(0.0, 0).ps) + 0.5,
        "PS {ps}"
    );
}

#[test]
fn hash_round_trips_and_bad_values_are_reported() {
    let c = AbstractionConfig {
        d: 4,
        readouts: 5,
        lambda: 0.07,
        adam: true,
        seed: 9,
        ..AbstractionConfig::default()
    };
    let (back, issues) = AbstractionConfig::from_hash(&c.to_hash());
    assert!(issues.is_empty());
    assert_eq!(back, c);
    let (d, issues) = AbstractionConfig::from_hash("lab=abstraction&D=9&lam=-1&width=abc&junk=1");
    assert_eq!(
        issues.iter().map(|i| i.key.as_str()).collect::<Vec<_>>(),
        ["D", "lam", "width"]
    );
    assert_eq!(d, AbstractionConfig::default());
    assert!(issues[0].message.contains("D") && issues[0].message.contains("default"));
}

/// The README's λ-sweep figures (slow: `cargo test -p protolab-core --release
/// --test abstraction -- --ignored --nocapture`).
#[test]
#[ignore]
fn print_the_lambda_sweep() {
    use protolab_core::abstraction::sweep::{LambdaSweep, default_lambdas};
    let mut sweep = LambdaSweep::new(&AbstractionConfig::default(), &default_lambdas(), 2).unwrap();
    sweep.advance(u64::MAX);
    print!("{}", sweep.to_csv());
}

/// A learning rate far too large stops the run with a reason and no metrics,
/// for plain gradient descent (the loss overflows) and for Adam (it blows up).
#[test]
fn a_diverging_learning_rate_is_reported_not_plotted() {
    for adam in [false, true] {
        let mut run = AbstractionRun::new(AbstractionConfig {
            lr: 10.0,
            adam,
            lambda: 0.0,
            steps: 5_000,
            ..AbstractionConfig::default()
        })
        .unwrap();
        run.run_to_end();
        assert!(run.diverged(), "adam={adam}");
        assert!(run.steps_done() < 5_000);
        let why = run.divergence().unwrap();
        assert!(why.contains("lr 10"), "{why}");
        assert!(run.metrics().is_none());
    }
    let mut fine = AbstractionRun::new(AbstractionConfig {
        steps: 200,
        ..AbstractionConfig::default()
    })
    .unwrap();
    fine.run_to_end();
    assert!(fine.divergence().is_none());
}

/// Strong decay (λ = 1) shrinks the first layer until the conditions' hidden
/// means differ by rounding error only: reported as collapsed, with no scores,
/// instead of scoring noise (which gave PS 1, CCGP 1 and alignment ±0.3 before).
#[test]
fn strong_decay_collapses_the_layer_and_it_is_reported() {
    let collapsed = trained(1.0, 0);
    assert!(collapsed.collapsed);
    assert!(collapsed.ps.iter().all(|v| v.is_nan()) && collapsed.alignment.is_nan());
    let loss = collapsed.loss.expect("trained runs have a loss");
    assert!((loss - 1.0).abs() < 1e-6, "outputs ~0: loss {loss}");
    assert!(!trained(0.46, 0).collapsed);
}

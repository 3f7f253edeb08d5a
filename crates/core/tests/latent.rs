//! The Latent Field Lab (docs/labs/latent-field.md) on the shipped 8×8 digits: the Jacobian of
//! the latent map, and the trend the lab shows (measured; figures in the README).

use protolab_core::digits::Digits;
use protolab_core::latent::field;
use protolab_core::latent::{LatentConfig, LatentRun};
use protolab_core::nalgebra::DMatrix;

fn digits() -> Digits {
    Digits::parse(include_bytes!("../../../data/digits8x8.bin")).unwrap()
}

#[test]
fn the_latent_jacobian_matches_finite_differences() {
    let d = digits();
    let mut run = LatentRun::new(LatentConfig::default(), &d).unwrap();
    run.train(30);
    let mut f = |z: &[f64]| {
        run.map(&DMatrix::from_column_slice(2, 1, z))
            .as_slice()
            .to_vec()
    };
    for z in [[0.3, -1.2], [2.5, 0.7], [-4.0, 3.3]] {
        let fd = field::jacobian_fd(&mut f, &z, 1e-6);
        let exact = run.jacobian(&z);
        for (a, b) in fd.iter().zip(&exact) {
            assert!(
                (a - b).abs() < 1e-5 * (1.0 + b.abs()),
                "{fd:?} vs {exact:?}"
            );
        }
    }
}

fn analysed(train_epochs: &[u64], wd: f64, seed: u64) -> Vec<(u64, usize, f64, f64)> {
    let d = digits();
    let mut run = LatentRun::new(
        LatentConfig {
            weight_decay: wd,
            grid: 24,
            seed,
            ..LatentConfig::default()
        },
        &d,
    )
    .unwrap();
    let mut out = Vec::new();
    for &epochs in train_epochs {
        run.train(epochs - run.epochs_done());
        let a = run.analyze();
        println!(
            "seed {seed} wd {wd} epoch {epochs}: {} attractors, memorised {:.2}, converged {:.2}, train/held MSE {:.4}/{:.4}",
            a.attractors.len(),
            a.memorised_fraction,
            a.converged_share,
            run.losses().train,
            run.losses().held
        );
        out.push((
            epochs,
            a.attractors.len(),
            a.memorised_fraction,
            a.converged_share,
        ));
    }
    out
}

/// 64 training images, 24×24 starts, seed 0: attractors multiply with training
/// (4 at epoch 100, 6 at 5000) and most are memorised (0.67) without weight
/// decay; weight decay 1e-3 leaves one.
#[test]
fn attractors_multiply_and_memorise_and_weight_decay_collapses_them() {
    let plain = analysed(&[100, 5000], 0.0, 0);
    let decayed = analysed(&[2000], 1e-3, 0);
    let (early, late, wd) = (plain[0].1, plain[1].1, decayed[0].1);
    assert!(
        late > early,
        "attractors {early} at epoch 100, {late} at 5000"
    );
    assert!(plain[1].2 >= 0.5, "memorised fraction {}", plain[1].2);
    assert!(wd < late, "weight decay leaves {wd}, none leaves {late}");
}

/// Three seeds and more checkpoints, for the README
/// (`cargo test -p protolab-core --release --test latent -- --ignored --nocapture`).
#[test]
#[ignore]
fn print_the_trend() {
    for seed in 0..3 {
        analysed(&[100, 500, 1000, 2000, 5000], 0.0, seed);
        analysed(&[2000, 5000], 1e-3, seed);
    }
}

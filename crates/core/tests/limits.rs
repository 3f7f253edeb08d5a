//! Sizes from outside reach the sweeps' constructors bounded: a seed count,
//! grid or shard beyond `experiments::limits` is an error naming it, returned
//! before anything is allocated for it.

use protolab_core::abstraction::AbstractionConfig;
use protolab_core::abstraction::sweep::{LambdaSweep, default_lambdas};
use protolab_core::capacity::ClassifierConfig;
use protolab_core::capacity::sweep::WidthSweep;
use protolab_core::experiments::limits;

#[test]
fn lambda_sweep_sizes_are_bounded() {
    let base = AbstractionConfig::default();
    let lambdas = default_lambdas();
    let field = |seeds, index, count, grid: &[f64]| {
        LambdaSweep::shard(&base, grid, seeds, index, count)
            .err()
            .map(|e| e.field)
    };
    assert_eq!(field(u64::MAX, 0, 1, &lambdas), Some("seeds"));
    assert_eq!(field(0, 0, 1, &lambdas), Some("seeds"));
    assert_eq!(field(2, 0, 0, &lambdas), Some("shard"));
    assert_eq!(field(2, 5, 5, &lambdas), Some("shard"));
    assert_eq!(field(2, 0, usize::MAX, &lambdas), Some("shard"));
    assert_eq!(field(2, 0, 1, &vec![0.1; 1000]), Some("lambdas"));
    assert_eq!(field(2, 0, 1, &[-1.0]), Some("lam"));
    // At the limit itself it is accepted (and only then are runs listed).
    let sweep = LambdaSweep::shard(&base, &[0.1], limits::SEEDS.1, 0, 4).unwrap();
    assert_eq!(sweep.runs(), (0, 2_500));
}

#[test]
fn width_sweep_sizes_are_bounded() {
    let base = ClassifierConfig::default();
    let seeds: Vec<u64> = (0..=limits::SEEDS.1).collect();
    let widths: Vec<usize> = (1..=300).collect();
    let field = |pairs: &[(u8, u8)], widths: &[usize], seeds: &[u64]| {
        WidthSweep::new(&base, pairs, widths, seeds)
            .err()
            .map(|e| e.field)
    };
    assert_eq!(field(&[(0, 1)], &[2], &seeds), Some("seeds"));
    assert_eq!(field(&[(0, 1)], &[2], &[]), Some("seeds"));
    assert_eq!(field(&[(0, 1)], &widths, &[0]), Some("widths"));
    assert_eq!(field(&[(0, 1)], &[0], &[0]), Some("H"));
    let all_pairs: Vec<(u8, u8)> = (0..10)
        .flat_map(|a| (0..10).map(move |b| (a, b)))
        .filter(|(a, b)| a != b)
        .collect();
    let wide: Vec<usize> = (1..=256).collect();
    assert_eq!(
        field(&all_pairs, &wide, &seeds[..10_000]),
        Some("runs"),
        "90 × 256 × 10,000 runs"
    );
    assert!(field(&[(0, 1)], &[2, 4], &seeds[..3]).is_none());
}

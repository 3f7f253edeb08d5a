//! The page's latent-field trend (docs/labs/latent-field.md#findings): its
//! sliced runner, split over shards and advanced a few epochs at a time,
//! gives the rows the CLI's `trend::run_job` gives, and its results read the
//! CSV back with a summary and a figure.

use protolab_bindings::{LatentTrendResults, LatentTrendRun, Results, Sliced};
use protolab_core::digits::Digits;
use protolab_core::latent::LatentConfig;
use protolab_core::latent::trend;

const DIGITS: &[u8] = include_bytes!("../../../data/digits8x8.bin");

#[test]
fn sliced_shards_equal_the_cli_s_runs() {
    let base = LatentConfig {
        grid: 4,
        seed: 5,
        ..LatentConfig::default()
    };
    let plan = trend::plan(&base, 2, &[3, 7], &[7], 1e-3).unwrap();
    let digits = Digits::parse(DIGITS).unwrap();
    let mut expected: Vec<_> = plan
        .iter()
        .flat_map(|j| trend::run_job(j, &digits).unwrap())
        .collect();
    trend::sort_rows(&mut expected);

    let mut parts = Vec::new();
    for shard in 0..3 {
        let mut run = LatentTrendRun::from_plan(plan.clone(), DIGITS, shard, 3).unwrap();
        let mut calls = 0;
        while !run.finished() {
            // Two epochs a call: checkpoints 3 and 7 fall inside slices.
            run.work(2);
            calls += 1;
            assert!(calls < 100, "shard {shard} does not finish");
        }
        assert_eq!(run.fraction(), 1.0);
        let (done, total) = run.runs();
        assert_eq!(done, total);
        parts.push(run.csv_text());
    }
    let merged = LatentTrendResults::from_parts(&parts).unwrap();
    assert_eq!(merged.csv_text(), trend::rows_to_csv(&expected));
    assert_eq!(
        expected.len(),
        6,
        "2 seeds × (2 plain + 1 decayed checkpoints)"
    );

    let svg = merged.figure_svg("", 600, 300).unwrap();
    assert!(
        svg.contains("weight decay 0.001"),
        "a line per weight decay"
    );
    let summary = trend::summarize(&expected);
    assert_eq!(
        summary
            .iter()
            .map(|g| (g.weight_decay, g.epoch, g.runs))
            .collect::<Vec<_>>(),
        [(0.0, 3, 2), (0.0, 7, 2), (1e-3, 7, 2)]
    );
}

#[test]
fn a_bad_shard_or_file_is_an_error_not_a_panic() {
    assert!(LatentTrendRun::from_parts("", DIGITS, 3, 3).is_err());
    assert!(LatentTrendRun::from_parts("", b"not digits", 0, 1).is_err());
    let e = LatentTrendResults::from_parts(&["weight_decay,seed\n1,2\n".into()]);
    assert!(e.is_err());
}

/// The page's smaller test plan (`LatentTrendRun.shardOfPlan`, used by
/// tests/e2e/precomputed.mjs) gives the full plan's rows at its checkpoints:
/// training does not depend on the last checkpoint (the run's epochs).
#[test]
fn a_smaller_plan_gives_the_full_plan_s_rows() {
    let base = LatentConfig {
        grid: 4,
        ..LatentConfig::default()
    };
    let digits = Digits::parse(DIGITS).unwrap();
    let rows = |plain: &[u64], decayed: &[u64]| {
        let mut r: Vec<_> = trend::plan(&base, 1, plain, decayed, 1e-3)
            .unwrap()
            .iter()
            .flat_map(|j| trend::run_job(j, &digits).unwrap())
            .collect();
        trend::sort_rows(&mut r);
        r
    };
    let full = rows(&[2, 6], &[6]);
    let small = rows(&[2], &[]);
    assert_eq!(small.len(), 1);
    assert_eq!(small[0], full[0]);
    assert_eq!(
        (full[0].epoch, full[0].weight_decay),
        (2, base.weight_decay)
    );
    assert!(full[0].found.is_some());
}

//! The three results CSVs (runs of a study or τ-sweep, the λ-sweep, the width
//! sweep): everything the code writes reads back, and out-of-range values in a
//! hand-edited file are refused with the line and the column named.

use protolab_core::abstraction::AbstractionConfig;
use protolab_core::abstraction::sweep::{self as lambda, LambdaSweep, Outcome, SweepRow};
use protolab_core::capacity::sweep::{self as width, WidthRow, WidthSweep};
use protolab_core::capacity::{ClassifierConfig, LabelledImages, Scores};
use protolab_core::experiments::{self, Plan, RunRecord};
use protolab_core::{Config, TauUnits};

/// A small study, a τ-sweep, and a run that diverges (lr 1e6), with wall times.
fn run_records() -> Vec<RunRecord> {
    let base = Config {
        steps: 120,
        ..Config::default()
    };
    let mut runs = Plan::study(&base, &[3, 8], 2).runs;
    runs.extend(Plan::tau_sweep(&base, 6, &[1e-3, 0.5], 1).runs);
    runs.push(Config {
        lr: 1e6,
        steps: 60,
        tau_units: TauUnits::Absolute,
        ..base.clone()
    });
    runs.iter()
        .enumerate()
        .map(|(k, c)| {
            let mut r = experiments::run_one(k, c).unwrap();
            r.wall_ms = (k % 2 == 0).then_some(k as f64 * 1.25);
            r
        })
        .collect()
}

fn lambda_rows() -> Vec<SweepRow> {
    let base = AbstractionConfig {
        steps: 150,
        ..AbstractionConfig::default()
    };
    let mut sweep = LambdaSweep::new(&base, &[0.0, 0.01, 1.0, 10.0], 2).unwrap();
    sweep.advance(u64::MAX);
    let mut rows: Vec<SweepRow> = sweep.points().iter().map(|p| p.row()).collect();
    // Every outcome the writer knows, whichever of them these runs produced.
    rows.push(SweepRow {
        lambda: 0.3,
        seed: u64::MAX,
        outcome: Outcome::Diverged,
    });
    rows.push(SweepRow {
        lambda: 5.0,
        seed: 7,
        outcome: Outcome::Collapsed(0.25),
    });
    rows
}

fn width_rows() -> Vec<WidthRow> {
    let data = LabelledImages::from_mnist(include_bytes!("../../../data/mnist-pairs.bin")).unwrap();
    let base = ClassifierConfig {
        epochs: 8,
        ..ClassifierConfig::default()
    };
    let mut sweep = WidthSweep::new(&base, &[(0, 1), (4, 9)], &[2, 3], &[0, 78]).unwrap();
    while !sweep.is_done() {
        sweep.advance(&data, 1_000);
    }
    let mut rows = sweep.rows().to_vec();
    rows.push(WidthRow {
        pair: (3, 8),
        hidden: 1,
        seed: u64::MAX,
        scores: None,
    });
    rows.push(WidthRow {
        pair: (9, 4),
        hidden: 512,
        seed: 0,
        scores: Some(Scores {
            f1: 0.0,
            precision: 0.0,
            recall: 1.0,
            auc: 0.5,
        }),
    });
    rows
}

#[test]
fn every_results_csv_the_code_writes_reads_back() {
    let records = run_records();
    assert!(
        records.iter().any(|r| r.outcome.is_err()),
        "one run diverges"
    );
    let text = experiments::to_csv(&records);
    assert_eq!(
        experiments::to_csv(&experiments::parse_csv(&text).unwrap()),
        text
    );
    assert_eq!(
        experiments::to_csv(&experiments::merge_csv(&[&text]).unwrap()),
        text
    );

    let rows = lambda_rows();
    let text = lambda::rows_to_csv(&rows);
    assert_eq!(lambda::parse_csv(&text).unwrap(), rows);

    let rows = width_rows();
    let text = width::rows_to_csv(&rows);
    assert_eq!(width::parse_csv(&text).unwrap(), rows);
}

#[test]
fn rounding_past_a_bound_is_not_corruption() {
    // A cosine of parallel vectors can come out one ulp above 1.
    let text = lambda::rows_to_csv(&[SweepRow {
        lambda: 0.0,
        seed: 0,
        outcome: Outcome::Scores(lambda::SweepScores {
            ps: 1.0000000000000002,
            ccgp: 1.0,
            alignment: 1.0000000000000002,
            shattering: 0.0,
            loss: 0.0,
        }),
    }]);
    assert!(lambda::parse_csv(&text).is_ok(), "{text}");
}

/// `text` with column `name` of data line `row` (0-based, after the header)
/// set to `value`.
fn with_cell(text: &str, name: &str, row: usize, value: &str) -> String {
    let header = text.lines().next().unwrap();
    let k = header.split(',').position(|h| h == name).unwrap();
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            if i == row + 1 {
                let mut cells: Vec<&str> = l.split(',').collect();
                cells[k] = value;
                cells.join(",")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn refused(result: Result<impl std::fmt::Debug, protolab_core::InputError>, expected: &str) {
    let result = result.map_err(String::from);
    let e = result.expect_err(expected);
    assert!(e.contains(expected), "expected {expected:?} in {e:?}");
}

#[test]
fn out_of_range_runs_are_refused_with_line_and_column() {
    let text = experiments::to_csv(&run_records());
    let parse = |t: String| experiments::parse_csv(&t);
    for (column, value, message) in [
        ("recon", "-0.5", "line 3: recon = -0.5 is below 0"),
        (
            "nearest",
            "-1e-9",
            "line 3: nearest = -0.000000001 is below 0",
        ),
        (
            "hull_escape",
            "1.5",
            "line 3: hull_escape = 1.5 is not in [0, 1]",
        ),
        (
            "specialization",
            "-0.1",
            "line 3: specialization = -0.1 is not in [0, 1]",
        ),
        (
            "specialization",
            "NaN",
            "line 3: specialization = NaN is not a finite number",
        ),
        (
            "hull_distance",
            "-2",
            "line 3: hull_distance = -2 is below 0",
        ),
        ("fit", "inf", "line 3: fit = inf is not a finite number"),
        (
            "loss_overlap",
            "-inf",
            "line 3: loss_overlap = -inf is not a finite number",
        ),
        (
            "steps",
            "121",
            "line 3: steps = 121 is more than steps_planned = 120",
        ),
        (
            "wall_ms",
            "-1",
            "line 3: wall_ms = -1 is not a finite time >= 0",
        ),
        (
            "wall_ms",
            "inf",
            "line 3: wall_ms = inf is not a finite time >= 0",
        ),
        (
            "index",
            "4000000000",
            "line 3: index = 4000000000 is beyond",
        ),
        ("N", "0", "line 3: N: 0 is outside the allowed range"),
        ("tauS", "0", "line 3: tauS"),
        ("lamC", "NaN", "line 3: lamC"),
        ("steps_planned", "99999999999", "line 3: steps"),
    ] {
        refused(parse(with_cell(&text, column, 1, value)), message);
    }
}

#[test]
fn out_of_range_sweep_rows_are_refused_with_line_and_column() {
    let text = lambda::rows_to_csv(&lambda_rows());
    let ok_row = lambda_rows()
        .iter()
        .position(|r| matches!(r.outcome, Outcome::Scores(_)))
        .unwrap();
    let line = |m: &str| format!("line {}: {m}", ok_row + 2);
    for (column, value, message) in [
        ("lambda", "-3", line("lambda = -3 is not in [0, 10]")),
        ("lambda", "inf", line("lambda = inf is not a finite number")),
        ("lambda", "11", line("lambda = 11 is not in [0, 10]")),
        ("ps_mean", "2", line("ps_mean = 2 is not in")),
        ("ccgp_mean", "1.5", line("ccgp_mean = 1.5 is not in [0, 1]")),
        ("alignment", "-0.5", line("alignment = -0.5 is not in")),
        (
            "shattering",
            "NaN",
            line("shattering = NaN is not a finite number"),
        ),
        ("loss", "-1", line("loss = -1 is below 0")),
        ("seed", "-1", line("\"-1\" is not a seed")),
    ] {
        refused(
            lambda::parse_csv(&with_cell(&text, column, ok_row, value)),
            &message,
        );
    }

    let text = width::rows_to_csv(&width_rows());
    for (column, value, message) in [
        (
            "pair",
            "3/3",
            "line 2: pair \"3/3\" is not two different digits",
        ),
        (
            "pair",
            "3/10",
            "line 2: pair \"3/10\" is not two different digits",
        ),
        ("H", "0", "line 2: H: 0 is outside the allowed range"),
        (
            "H",
            "100000",
            "line 2: H: 100000 is outside the allowed range",
        ),
        ("f1", "1.5", "line 2: f1 = 1.5 is not in [0, 1]"),
        ("auc", "-0", "ok"),
        (
            "recall",
            "NaN",
            "line 2: recall = NaN is not a finite number",
        ),
        ("status", "maybe", "line 2: status \"maybe\""),
    ] {
        let result = width::parse_csv(&with_cell(&text, column, 0, value));
        if message == "ok" {
            assert!(result.is_ok(), "{result:?}");
        } else {
            refused(result, message);
        }
    }
    // The first row of the width sweep is a finished run with scores.
    assert!(matches!(
        width_rows()[0].scores,
        Some(Scores { f1, .. }) if (0.0..=1.0).contains(&f1)
    ));
}

#[test]
fn a_repeated_run_is_named_by_part_and_line() {
    let text = experiments::to_csv(&run_records()[..3]);
    let e = experiments::merge_csv(&[&text, &text]).unwrap_err();
    assert_eq!(
        e.message,
        "part 2: line 2: run 0 appears in more than one part (also part 1, line 2)"
    );
    let repeated = format!("{text}{}\n", text.lines().nth(2).unwrap());
    let e = experiments::merge_csv(&[&repeated]).unwrap_err();
    assert_eq!(
        e.message,
        "part 1: line 5: run 1 appears twice in this part (also line 3)"
    );
}

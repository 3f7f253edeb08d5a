//! The experiment API as the CLI and the browser use it: determinism, slicing,
//! shards and merges, divergence and validation.

use protolab_core::experiments::{self, Plan, Runner};
use protolab_core::{Config, DivergenceReason, Mask, Trainer};

fn small_study() -> Plan {
    Plan::study(
        &Config {
            steps: 300,
            ..Config::default()
        },
        &[3, 10],
        2,
    )
}

fn run_all(plan: &Plan) -> Vec<experiments::RunRecord> {
    (0..plan.runs.len())
        .map(|k| experiments::run_one(k, &plan.runs[k]).unwrap())
        .collect()
}

#[test]
fn same_seed_gives_bit_identical_metrics() {
    for mask in Mask::ALL {
        let config = Config {
            n: 12,
            mask,
            steps: 400,
            seed: 5,
            ..Config::default()
        };
        let mut a = Trainer::new(config.clone()).unwrap();
        let mut b = Trainer::new(config).unwrap();
        a.run_to_end();
        b.run_to_end();
        let (ma, mb) = (a.metrics().unwrap(), b.metrics().unwrap());
        assert_eq!(format!("{ma:?}"), format!("{mb:?}"));
        assert_eq!(a.model().params, b.model().params);
    }
}

#[test]
fn reset_keeps_the_seed_and_replays_the_run() {
    let mut run = Trainer::new(Config {
        n: 8,
        steps: 200,
        seed: 3,
        ..Config::default()
    })
    .unwrap();
    run.run_to_end();
    let first = run.metrics().unwrap();
    run.reset();
    assert_eq!(run.steps_done(), 0);
    run.run_to_end();
    assert_eq!(run.metrics().unwrap(), first);
}

#[test]
fn different_seeds_differ() {
    let m = |seed| {
        let mut r = Trainer::new(Config {
            n: 10,
            steps: 100,
            seed,
            ..Config::default()
        })
        .unwrap();
        r.run_to_end();
        r.metrics().unwrap().recon
    };
    assert_ne!(m(1), m(2));
}

#[test]
fn a_huge_learning_rate_is_reported_as_divergence() {
    let mut run = Trainer::new(Config {
        lr: 1e6,
        ..Config::default()
    })
    .unwrap();
    run.run_to_end();
    let d = run.divergence().expect("lr = 1e6 must diverge");
    assert!(d.step < 10, "{d}");
    assert!(matches!(
        d.reason,
        DivergenceReason::LossBlowUp { .. }
            | DivergenceReason::NonFiniteLoss
            | DivergenceReason::NonFiniteParameters
    ));
    assert!(run.metrics().is_none(), "no metrics after divergence");
    assert!(format!("{d}").contains("learning rate"));
    // Stepping a diverged run does nothing.
    assert_eq!(run.step(10), 0);
    // The record of such a run carries no numbers.
    let rec = experiments::run_one(
        0,
        &Config {
            lr: 1e6,
            ..Config::default()
        },
    )
    .unwrap();
    assert!(rec.outcome.is_err());
    assert!(experiments::to_csv_row(&rec).contains("diverged,loss_blow_up,,,"));
}

#[test]
fn invalid_configs_are_rejected_with_the_field_named() {
    for (config, field) in [
        (
            Config {
                n: 0,
                ..Config::default()
            },
            "N",
        ),
        (
            Config {
                lr: f64::NAN,
                ..Config::default()
            },
            "lr",
        ),
        (
            Config {
                tau_s: -1.0,
                ..Config::default()
            },
            "tauS",
        ),
        (
            Config {
                lambda_o: 1e9,
                ..Config::default()
            },
            "lamO",
        ),
    ] {
        let err = Trainer::new(config).unwrap_err();
        assert_eq!(err.field, field);
        assert!(err.to_string().starts_with(field));
    }
}

#[test]
fn slices_add_up_to_one_call() {
    let plan = small_study();
    let whole = run_all(&plan);
    for budget in [1, 777, 50_000] {
        let mut runner = Runner::new(plan.clone()).unwrap();
        let mut last = 0.0;
        let mut slices = 0;
        while !runner.is_done() {
            let p = runner.advance(budget);
            assert!(p.fraction >= last && p.fraction <= 1.0);
            last = p.fraction;
            slices += 1;
        }
        assert!(slices > 1 || budget == 50_000);
        assert_eq!(runner.progress().runs_done, plan.runs.len());
        assert_eq!(last, 1.0);
        assert_eq!(runner.records(), whole.as_slice(), "budget {budget}");
    }
}

#[test]
fn shards_merge_into_the_result_of_one_run() {
    let plan = small_study();
    let whole = experiments::to_csv(&run_all(&plan));
    let parts: Vec<String> = (0..3)
        .map(|i| {
            let mut runner = Runner::with_indices(plan.clone(), plan.shard(i, 3)).unwrap();
            while !runner.is_done() {
                runner.advance(10_000);
            }
            experiments::to_csv(runner.records())
        })
        .collect();
    // Shards may arrive in any order.
    let refs = [parts[2].as_str(), parts[0].as_str(), parts[1].as_str()];
    let merged = experiments::merge_csv(&refs).unwrap();
    assert_eq!(experiments::to_csv(&merged), whole);
    // A part given twice is refused.
    assert!(
        experiments::merge_csv(&[parts[0].as_str(), parts[0].as_str()])
            .unwrap_err()
            .message
            .contains("more than one part")
    );
}

/// Runs handed out one at a time, longest first, to whichever of three queued
/// runners has the least work left (as the page's workers ask for more): the
/// merged records are those of one runner doing every run.
#[test]
fn runs_handed_out_as_workers_free_up_merge_into_the_result_of_one_run() {
    let plan = small_study();
    let whole = experiments::to_csv(&run_all(&plan));
    let mut order: Vec<usize> = (0..plan.runs.len()).collect();
    experiments::longest_first(&mut order, |&k| plan.cost(k));
    assert_eq!(plan.runs[order[0]].n, 10, "the largest runs first");
    let mut workers: Vec<Runner> = (0..3)
        .map(|_| Runner::queue(plan.clone()).unwrap())
        .collect();
    assert!(workers.iter().all(Runner::is_done), "nothing to do yet");
    for &k in &order {
        let w = workers
            .iter_mut()
            .min_by(|a, b| {
                let left = |r: &Runner| r.work().1 - r.work().0;
                left(a).total_cmp(&left(b))
            })
            .unwrap();
        assert!(w.push(k));
        w.advance(4_000);
    }
    assert!(!workers[0].push(plan.runs.len()), "no such run");
    for w in &mut workers {
        while !w.is_done() {
            w.advance(10_000);
        }
    }
    assert!(
        workers.iter().all(|w| !w.records().is_empty()),
        "every worker ran something"
    );
    let parts: Vec<String> = workers
        .iter()
        .map(|w| experiments::to_csv(w.records()))
        .collect();
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    let merged = experiments::merge_csv(&refs).unwrap();
    assert_eq!(experiments::to_csv(&merged), whole);
}

#[test]
fn csv_round_trips_exactly() {
    let plan = small_study();
    let mut records = run_all(&plan);
    records[1].wall_ms = Some(12.5);
    let text = experiments::to_csv(&records);
    let back = experiments::parse_csv(&text).unwrap();
    assert_eq!(experiments::to_csv(&back), text);
    for (a, b) in records.iter().zip(&back) {
        assert_eq!(a.outcome, b.outcome);
        assert_eq!(a.config, b.config);
    }
}

#[test]
fn malformed_csv_names_the_line() {
    let plan = small_study();
    let text = experiments::to_csv(&run_all(&plan));
    let mut lines: Vec<&str> = text.lines().collect();
    let broken = lines[3].replacen(",ok,", ",maybe,", 1);
    lines[3] = &broken;
    let err = experiments::parse_csv(&lines.join("\n")).unwrap_err();
    assert!(err.message.starts_with("line 4"), "{err}");
    assert!(
        experiments::parse_csv("a,b\n1,2")
            .unwrap_err()
            .message
            .contains("header")
    );
    assert!(experiments::parse_csv("").is_err());
}

#[test]
fn summary_and_findings_cover_every_cell() {
    let plan = small_study();
    let records = run_all(&plan);
    let cells = experiments::summarize(&records);
    assert_eq!(cells.len(), 16);
    assert!(cells.iter().all(|c| c.runs == 2 && c.recon.count == 2));
    let findings = experiments::findings(&records, &[]);
    assert_eq!(
        findings.iter().map(|f| f.id).collect::<Vec<_>>(),
        ["F1", "F2", "F3", "F4", "F5"]
    );
    assert_eq!(findings[4].verdict, experiments::Verdict::NotTested);
    let text = experiments::findings_text(&findings);
    assert!(text.contains("F1") && text.contains("criterion"));
}

//! Results rebuilt from a worker's CSVs (`ExperimentResults.restore` and
//! `restoreParts`) get the core's range checks, and refuse non-finite
//! prototypes, with messages naming what is wrong.

use protolab_bindings::ExperimentResults;
use protolab_core::Config;
use protolab_core::experiments::{self, Plan};

fn positions() -> (String, Vec<f64>) {
    let base = Config {
        steps: 50,
        ..Config::default()
    };
    let plan = Plan::positions(&base, 6, 1);
    let records: Vec<_> = (0..plan.runs.len())
        .map(|k| experiments::run_one(k, &plan.runs[k]).unwrap())
        .collect();
    let prototypes = records.iter().flat_map(|r| r.prototypes.clone()).collect();
    (experiments::to_csv(&records), prototypes)
}

/// `csv` with column `name` of its first data line set to `value`.
fn spoil(csv: &str, name: &str, value: &str) -> String {
    let k = CSV_COLUMNS.iter().position(|c| *c == name).unwrap();
    let mut lines: Vec<String> = csv.lines().map(String::from).collect();
    let mut cells: Vec<&str> = lines[1].split(',').collect();
    cells[k] = value;
    lines[1] = cells.join(",");
    lines.join("\n")
}

const CSV_COLUMNS: [&str; 27] = [
    "index",
    "mask",
    "N",
    "seed",
    "target",
    "lamC",
    "lamS",
    "lamO",
    "tauC",
    "tauS",
    "tau_units",
    "lr",
    "steps_planned",
    "steps",
    "status",
    "diverged_reason",
    "recon",
    "nearest",
    "specialization",
    "hull_escape",
    "hull_distance",
    "fit",
    "loss_coverage",
    "loss_separation",
    "loss_overlap",
    "loss_total",
    "wall_ms",
];

#[test]
fn restore_checks_every_value_and_the_prototypes() {
    let (csv, prototypes) = positions();
    assert_eq!(experiments::CSV_HEADER, CSV_COLUMNS.join(","));
    let ok = ExperimentResults::from_csv("positions", &csv, "", &prototypes).unwrap();
    assert_eq!(ok.run_count(), 8);

    let err = |r: Result<ExperimentResults, String>| r.err().expect("refused");
    let e = err(ExperimentResults::from_csv(
        "positions",
        &spoil(&csv, "hull_escape", "1.5"),
        "",
        &prototypes,
    ));
    assert_eq!(e, "line 2: hull_escape = 1.5 is not in [0, 1]");
    let mut bad = prototypes.clone();
    bad[3] = f64::NAN;
    let e = err(ExperimentResults::from_csv("positions", &csv, "", &bad));
    assert_eq!(e, "prototype 3 is NaN, not a finite position");
    bad[3] = f64::INFINITY;
    assert!(err(ExperimentResults::from_csv("positions", &csv, "", &bad)).contains("inf"));
    let e = err(ExperimentResults::from_csv(
        "study",
        &csv,
        &spoil(&csv, "recon", "-1"),
        &[],
    ));
    assert_eq!(e, "sweep: line 2: recon = -1 is below 0");
}

#[test]
fn restore_parts_names_the_part_and_line() {
    let (csv, _) = positions();
    let spoilt = spoil(&csv, "steps", "51");
    let merged =
        ExperimentResults::from_parts("positions", &[csv.clone(), String::new()], &[]).unwrap();
    assert_eq!(merged.csv(), csv);
    let e = ExperimentResults::from_parts("positions", std::slice::from_ref(&spoilt), &[])
        .err()
        .unwrap();
    assert_eq!(
        e,
        "part 1: line 2: steps = 51 is more than steps_planned = 50"
    );
    let e = ExperimentResults::from_parts(
        "study",
        std::slice::from_ref(&csv),
        &[String::new(), spoilt],
    )
    .err()
    .unwrap();
    assert!(e.starts_with("sweep part 1: line 2: steps = 51"), "{e}");
}

/// The CLI's CSVs start with provenance lines (`# protolab …`, `# config: …`);
/// the page restores them as it does files without them.
#[test]
fn csvs_with_provenance_lines_restore_as_without() {
    let (csv, prototypes) = positions();
    let head = protolab_core::csv::provenance("v=1&lab=prototypes&N=6", "N=6 seed=1");
    let with = format!("{head}# shard: 0/1\n{csv}");
    let a = ExperimentResults::from_csv("positions", &with, "", &prototypes).unwrap();
    assert_eq!(a.run_count(), 8);
    assert_eq!(a.csv(), csv);
    let parts = ExperimentResults::from_parts("positions", &[with], &[]).unwrap();
    assert_eq!(parts.csv(), csv);
    // The λ-sweep's results (fromCsvs) too.
    let rows =
        "lambda,seed,status,ps_mean,ccgp_mean,alignment,shattering,loss\n0.1,0,ok,1,1,1,0.7,0.2\n";
    let lambda =
        protolab_bindings::LambdaSweepResults::from_parts(&[format!("{head}{rows}")]).unwrap();
    assert_eq!(protolab_bindings::Results::csv_text(&lambda), rows);
}

//! `protolab <lab> <experiment>` end to end: each lab's commands on tiny plans,
//! shard + merge against one process, provenance, the core reading the CSVs back.

mod common;
use common::{data_lines, ok, protolab, read, scratch, text};

/// Runs `sweep` whole and in three shards merged in scrambled order: the
/// merged CSV equals the whole one line for line (provenance included), and
/// each shard's CSV says which shard it is.
fn shard_merge_equals_whole(lab: &str, sweep: &[&str], name: &str) -> String {
    let dir = scratch(name);
    let whole = [&[lab][..], sweep, &["--out", "whole.csv", "--quiet"]].concat();
    ok(&whole, &dir);
    for i in 0..3 {
        let shard = format!("{i}/3");
        let file = format!("part{i}.csv");
        let args = [
            &[lab][..],
            sweep,
            &["--shard", &shard, "--out", &file, "--quiet"],
        ]
        .concat();
        let out = ok(&args, &dir);
        assert!(out.contains(&format!("protolab {lab} merge")), "{out}");
        assert!(read(&dir, &file).contains(&format!("# shard: {i}/3")));
    }
    let merged = ok(
        &[
            lab,
            "merge",
            "part2.csv",
            "part0.csv",
            "part1.csv",
            "--out",
            "merged.csv",
        ],
        &dir,
    );
    let (w, m) = (read(&dir, "whole.csv"), read(&dir, "merged.csv"));
    assert_eq!(m, w, "{lab}: merged differs from the single-process CSV");
    assert!(
        w.starts_with(&format!(
            "# protolab {}\n# config: v=1&lab=",
            env!("CARGO_PKG_VERSION")
        )),
        "{w}"
    );
    assert!(w.lines().any(|l| l.starts_with("# plan: ")), "{w}");
    // A part missing: the merge is smaller; a part twice: refused.
    let o = protolab(
        &[lab, "merge", "part0.csv", "part0.csv", "--out", "x.csv"],
        &dir,
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    merged + &w
}

#[test]
fn abstraction_sweep_shards_merge_and_read_back() {
    let sweep = [
        "sweep",
        "--lambdas",
        "0,0.1",
        "--seeds",
        "2",
        "--steps",
        "200",
    ];
    let out = shard_merge_equals_whole("abstraction", &sweep, "abs");
    assert!(
        out.contains("alignment") && out.contains("1.00e-1"),
        "{out}"
    );
    let csv = out.split_once("# protolab").map(|(_, r)| r).unwrap();
    let rows = protolab_core::abstraction::sweep::parse_csv(&format!("# protolab{csv}")).unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(
        rows.iter().map(|r| (r.lambda, r.seed)).collect::<Vec<_>>(),
        [(0.0, 0), (0.0, 1), (0.1, 0), (0.1, 1)]
    );
    assert!(rows.iter().all(|r| r.scores().is_some()));
}

#[test]
fn abstraction_run_writes_one_row_with_the_config() {
    let dir = scratch("abs-run");
    let out = ok(
        &[
            "abstraction",
            "run",
            "--steps",
            "150",
            "--lam",
            "0.2",
            "--seed",
            "3",
        ],
        &dir,
    );
    assert!(out.contains("PS ") && out.contains("alignment"), "{out}");
    let csv = read(&dir, "abstraction-run.csv");
    assert!(csv.contains("lam=0.2") && csv.contains("seed=3"), "{csv}");
    let rows = protolab_core::abstraction::sweep::parse_csv(&csv).unwrap();
    assert_eq!((rows.len(), rows[0].lambda, rows[0].seed), (1, 0.2, 3));
}

#[test]
fn prototype_subcommands_are_the_old_commands_with_provenance() {
    let dir = scratch("proto");
    let small = [
        "--ns",
        "3",
        "--seeds",
        "2",
        "--steps",
        "100",
        "--quiet",
        "--no-sweep",
    ];
    ok(&[&["study", "--out", "old.csv"][..], &small].concat(), &dir);
    ok(
        &[&["prototype", "study", "--out", "new.csv"][..], &small].concat(),
        &dir,
    );
    let strip = |csv: &str| -> Vec<String> {
        data_lines(csv)
            .iter()
            .map(|l| l.rsplit_once(',').unwrap().0.to_string())
            .collect()
    };
    let (old, new) = (read(&dir, "old.csv"), read(&dir, "new.csv"));
    assert_eq!(strip(&old), strip(&new));
    assert!(
        new.starts_with("# protolab ") && new.contains("# plan: ns=3 seeds=2"),
        "{new}"
    );
    assert_eq!(
        protolab_core::experiments::parse_csv(&new).unwrap().len(),
        8 * 2
    );
    let out = ok(&["prototype", "run", "--steps", "10", "--N", "4"], &dir);
    assert!(out.contains("step      10"), "{out}");
}

#[test]
fn latent_trend_shards_merge_and_read_back() {
    let trend = [
        "trend",
        "--seeds",
        "2",
        "--checkpoints",
        "5,15",
        "--decayed-checkpoints",
        "15",
        "--grid",
        "4",
    ];
    let out = shard_merge_equals_whole("latent", &trend, "latent");
    assert!(out.contains("attractors") && out.contains("0.001"), "{out}");
    let dir = scratch("latent-read");
    ok(&[&["latent"][..], &trend, &["--quiet"]].concat(), &dir);
    let rows = protolab_core::latent::trend::parse_csv(&read(&dir, "latent-trend.csv")).unwrap();
    // 2 seeds × (2 plain + 1 decayed checkpoints), every one analysed.
    assert_eq!(rows.len(), 6);
    assert!(
        rows.iter()
            .all(|r| r.found.is_some_and(|f| f.attractors >= 1))
    );
    let o = protolab(&["latent", "trend", "--checkpoints", "50,10"], &dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("--checkpoints: checkpoints must ascend"),
        "{}",
        text(&o)
    );
    let run = ok(&["latent", "run", "--epochs", "10", "--grid", "4"], &dir);
    assert!(run.contains("attractors"), "{run}");
}

#[test]
fn capacity_width_sweep_shards_merge_and_read_back() {
    let width = [
        "width", "--data", "digits", "--pairs", "0/1,4/9", "--widths", "2,6", "--seeds", "0,42",
        "--epochs", "15",
    ];
    let out = shard_merge_equals_whole("capacity", &width, "width");
    assert!(out.contains("minimum width with mean F1 > 0.9"), "{out}");
    let dir = scratch("width-read");
    ok(&[&["capacity"][..], &width, &["--quiet"]].concat(), &dir);
    let rows = protolab_core::capacity::sweep::parse_csv(&read(&dir, "width-sweep.csv")).unwrap();
    assert_eq!(rows.len(), 2 * 2 * 2);
    assert!(rows.iter().all(|r| r.scores.is_some()));
    let o = protolab(&["capacity", "width", "--widths", "0"], &dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("--widths"), "{}", text(&o));
    let o = protolab(&["capacity", "width", "--pairs", "2/3"], &dir);
    assert!(text(&o).contains("--pairs: \"2/3\""), "{}", text(&o));
}

#[test]
fn capacity_pruning_and_noise_shard_merge_and_read_back() {
    let small = [
        "--data",
        "digits",
        "--cases",
        "3/8:6,0/1:4",
        "--seeds",
        "0,1",
        "--epochs",
        "10",
        "--finetune",
        "1",
        "--small",
        "2",
        "--large",
        "6",
    ];
    let pruning = [&["pruning"][..], &small].concat();
    let out = shard_merge_equals_whole("capacity", &pruning, "pruning");
    assert!(out.contains("per-layer") && out.contains("paper"), "{out}");
    let noise = [&["noise"][..], &small].concat();
    let out = shard_merge_equals_whole("capacity", &noise, "noise");
    assert!(
        out.contains("occlusion") && !out.contains("per-layer"),
        "{out}"
    );
    let dir = scratch("pruning-read");
    ok(&[&["capacity"][..], &pruning, &["--quiet"]].concat(), &dir);
    let rows = protolab_core::capacity::pruning::parse_csv(&read(&dir, "pruning.csv")).unwrap();
    // Per run: dense, paper, 11 levels × 2 schemes.
    assert_eq!(rows.len(), 4 * (2 + 22));
    let global_99: Vec<_> = rows
        .iter()
        .filter(|r| r.kind == "global" && r.level == 0.99)
        .collect();
    assert_eq!(global_99.len(), 4);
    assert!(
        global_99.iter().all(|r| (r.achieved - 0.99).abs() < 0.02),
        "{global_99:?}"
    );
    let run = ok(
        &[
            "capacity",
            "run",
            "--data",
            "digits",
            "--pair",
            "0/1",
            "--H",
            "4",
            "--epochs",
            "10",
            "--finetune",
            "0",
            "--large",
            "4",
        ],
        &dir,
    );
    assert!(run.contains("dense") && run.contains("global"), "{run}");
    let o = protolab(&["capacity", "pruning", "--cases", "2/3:8"], &dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("--cases: pair \"2/3\""), "{}", text(&o));
}

/// The τ-sweep shards too: `merge --tau-sweep` joins them into the
/// one-process CSV (wall time aside) and prints its table and F5.
#[test]
fn prototype_tau_sweep_shards_merge_to_the_single_run() {
    let dir = scratch("tau");
    let sweep = [
        "prototype",
        "sweep",
        "--N",
        "8",
        "--seeds",
        "2",
        "--taus",
        "0.01,1",
        "--steps",
        "100",
        "--quiet",
    ];
    ok(&[&sweep[..], &["--out", "whole.csv"]].concat(), &dir);
    for i in 0..2 {
        let (shard, file) = (format!("{i}/2"), format!("p{i}.csv"));
        let out = ok(
            &[&sweep[..], &["--shard", &shard, "--out", &file]].concat(),
            &dir,
        );
        assert!(out.contains("merge --tau-sweep"), "{out}");
    }
    let out = ok(
        &[
            "prototype",
            "merge",
            "--tau-sweep",
            "p1.csv",
            "p0.csv",
            "--out",
            "m.csv",
        ],
        &dir,
    );
    assert!(out.contains("hull escape") && out.contains("F5 —"), "{out}");
    assert!(!out.contains("F1 —"), "{out}");
    let strip = |csv: &str| -> Vec<String> {
        csv.lines()
            .filter(|l| !l.starts_with("# shard"))
            .map(|l| l.rsplit_once(',').map_or(l, |(h, _)| h).to_string())
            .collect()
    };
    let (w, m) = (read(&dir, "whole.csv"), read(&dir, "m.csv"));
    assert_eq!(strip(&m), strip(&w));
    assert_eq!(data_lines(&w).len(), 1 + 3 * 2);
}

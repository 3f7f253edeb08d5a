//! The `protolab` binary end to end: study shards + merge, sweep, run, bad input.

use std::path::PathBuf;
use std::process::{Command, Output};

fn protolab(args: &[&str], dir: &PathBuf) -> Output {
    Command::new(env!("CARGO_BIN_EXE_protolab"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run protolab")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("protolab-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The CSV without its wall-time column (the only column allowed to differ).
fn without_wall_time(csv: &str) -> Vec<String> {
    csv.lines()
        .map(|l| l.rsplit_once(',').map_or(l, |(head, _)| head).to_string())
        .collect()
}

const SMALL: [&str; 8] = [
    "--ns",
    "3,5",
    "--seeds",
    "2",
    "--steps",
    "150",
    "--quiet",
    "--no-sweep",
];

#[test]
fn shards_merge_to_the_single_run_and_report_findings() {
    let dir = scratch("study");
    let whole = protolab(
        &[&["study", "--out", "whole.csv"][..], &SMALL].concat(),
        &dir,
    );
    assert!(whole.status.success(), "{}", text(&whole));
    let out = text(&whole);
    assert!(
        out.contains("32 runs") && out.contains("F1 —") && out.contains("F5 —"),
        "{out}"
    );
    for i in 0..3 {
        let shard = format!("{i}/3");
        let file = format!("part{i}.csv");
        let o = protolab(
            &[&["study", "--shard", &shard, "--out", &file][..], &SMALL].concat(),
            &dir,
        );
        assert!(o.status.success(), "{}", text(&o));
        assert!(text(&o).contains("protolab merge"));
    }
    let merged = protolab(
        &[
            "merge",
            "part2.csv",
            "part0.csv",
            "part1.csv",
            "--out",
            "merged.csv",
        ],
        &dir,
    );
    assert!(merged.status.success(), "{}", text(&merged));
    assert!(text(&merged).contains("Findings"));
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
    assert_eq!(
        without_wall_time(&read("merged.csv")),
        without_wall_time(&read("whole.csv"))
    );
    assert_eq!(read("whole.csv").lines().count(), 33);
}

#[test]
fn sweep_prints_the_escape_table_and_f5() {
    let dir = scratch("sweep");
    let o = protolab(
        &[
            "sweep", "--N", "10", "--seeds", "2", "--taus", "0.01,10", "--steps", "200", "--quiet",
        ],
        &dir,
    );
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    assert!(
        out.contains("hull escape") && out.contains("no sep.") && out.contains("F5 —"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("sweep.csv"))
            .unwrap()
            .lines()
            .count(),
        1 + 3 * 2
    );
}

#[test]
fn bad_input_gets_a_clear_message_and_exit_code_2() {
    let dir = scratch("bad");
    for (args, needle) in [
        (&["run", "--lr", "-1"][..], "lr"),
        (&["run", "--N", "0"][..], "N"),
        (&["run", "--mask", "XYZ"][..], "--mask"),
        (&["run", "--typo", "3"][..], "unknown flag --typo"),
        (&["study", "--shard", "3/3"][..], "--shard"),
        (&["merge", "missing.csv"][..], "cannot read missing.csv"),
        (&["frobnicate"][..], "unknown command"),
    ] {
        let o = protolab(args, &dir);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        assert!(text(&o).contains(needle), "{args:?}: {}", text(&o));
    }
    std::fs::write(dir.join("broken.csv"), "not,a,protolab,csv\n").unwrap();
    let o = protolab(&["merge", "broken.csv"], &dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("part 1: line 1"), "{}", text(&o));
}

#[test]
fn a_diverging_run_says_so() {
    let dir = scratch("diverge");
    let o = protolab(&["run", "--lr", "1e6", "--steps", "50"], &dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("diverged at step"), "{}", text(&o));
    assert!(!text(&o).contains("NaN"), "{}", text(&o));
}

/// The CLI writes, row for row, the CSV the browser's study writes (both are
/// checked against the shared reference in `tests/data/cross_platform.csv`).
#[test]
fn study_csv_matches_the_shared_reference() {
    let dir = scratch("reference");
    let o = protolab(
        &[
            "study",
            "--ns",
            "7,12",
            "--seeds",
            "1",
            "--steps",
            "400",
            "--N",
            "12",
            "--out",
            "ref.csv",
            "--quiet",
            "--no-sweep",
        ],
        &dir,
    );
    assert!(o.status.success(), "{}", text(&o));
    let ours = without_wall_time(&std::fs::read_to_string(dir.join("ref.csv")).unwrap());
    let reference = include_str!("../../../tests/data/cross_platform.csv");
    let expected = without_wall_time(&reference.lines().take(17).collect::<Vec<_>>().join("\n"));
    assert_eq!(ours, expected);
}

//! Fuzz suite of the results readers: the run CSV (study, τ-sweep; alone and
//! merged), the λ-sweep CSV and the width-sweep CSV. Arbitrary bytes, text
//! after a valid header, truncations and single-cell corruptions of valid
//! files: a reader never panics (or hangs), and either accepts the file, with
//! every value in range, or returns an error that names a line of it — the
//! corrupted line, when only one was touched.

use proptest::prelude::*;
use protolab_core::Config;
use protolab_core::abstraction::AbstractionConfig;
use protolab_core::abstraction::sweep::{self as lambda, LambdaSweep, Outcome};
use protolab_core::capacity::Scores;
use protolab_core::capacity::sweep::{self as width, WidthRow};
use protolab_core::experiments::{self, Plan};
use std::sync::OnceLock;

/// One reader under test: its name, and a check that reads `text` and returns
/// the error or, on success, whether every value it read is in range.
struct Reader {
    name: &'static str,
    /// Which file it reads (readers of one kind share their valid file).
    kind: &'static str,
    valid: fn() -> &'static str,
    read: fn(&str) -> Result<(), String>,
}

fn run_csv() -> &'static str {
    static CSV: OnceLock<String> = OnceLock::new();
    CSV.get_or_init(|| {
        let base = Config {
            steps: 40,
            ..Config::default()
        };
        let mut runs = Plan::study(&base, &[3, 5], 1).runs;
        runs.extend(Plan::tau_sweep(&base, 4, &[0.01, 1.0], 1).runs);
        runs.push(Config { lr: 1e6, ..base });
        let mut records: Vec<_> = runs
            .iter()
            .enumerate()
            .map(|(k, c)| experiments::run_one(k, c).unwrap())
            .collect();
        records[2].wall_ms = Some(3.25);
        assert!(records.last().unwrap().outcome.is_err());
        experiments::to_csv(&records)
    })
}

fn lambda_csv() -> &'static str {
    static CSV: OnceLock<String> = OnceLock::new();
    CSV.get_or_init(|| {
        let base = AbstractionConfig {
            steps: 60,
            ..AbstractionConfig::default()
        };
        let mut sweep = LambdaSweep::new(&base, &[0.0, 0.03, 10.0], 2).unwrap();
        sweep.advance(u64::MAX);
        let mut rows: Vec<_> = sweep.points().iter().map(|p| p.row()).collect();
        rows[1].outcome = Outcome::Diverged;
        rows[2].outcome = Outcome::Collapsed(0.5);
        lambda::rows_to_csv(&rows)
    })
}

fn width_csv() -> &'static str {
    static CSV: OnceLock<String> = OnceLock::new();
    CSV.get_or_init(|| {
        let rows: Vec<WidthRow> = (0..8)
            .map(|k| WidthRow {
                pair: [(0, 1), (4, 9)][k % 2],
                hidden: [2, 16, 512, 1][k % 4],
                seed: [0, 42, u64::MAX][k % 3],
                scores: (k != 5).then_some(Scores {
                    f1: k as f64 / 8.0,
                    precision: 1.0,
                    recall: 0.0,
                    auc: 0.5,
                }),
            })
            .collect();
        width::rows_to_csv(&rows)
    })
}

fn in_range(ok: bool, what: &str) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        panic!("accepted a value out of range: {what}")
    }
}

fn read_runs(text: &str) -> Result<(), String> {
    for r in experiments::parse_csv(text)? {
        r.config.validate().map_err(|e| e.to_string())?;
        in_range(r.steps <= r.config.steps, "steps")?;
        in_range(
            r.wall_ms.is_none_or(|w| w.is_finite() && w >= 0.0),
            "wall_ms",
        )?;
        if let Ok(m) = r.outcome {
            let fraction = |v: f64| (0.0..=1.0).contains(&v);
            let distance = |v: f64| v.is_finite() && v >= 0.0;
            in_range(distance(m.recon) && distance(m.nearest), "recon")?;
            in_range(
                distance(m.hull_distance) && distance(m.loss.fit),
                "distance",
            )?;
            in_range(
                fraction(m.specialization) && fraction(m.hull_escape),
                "fraction",
            )?;
            in_range(m.loss.is_finite(), "loss")?;
        }
    }
    Ok(())
}

fn read_merged(text: &str) -> Result<(), String> {
    // The same text as two parts: every run appears twice, which must be named
    // (part 2 and its line) when the text itself reads.
    let merged = experiments::merge_csv(&[text, text]);
    match (experiments::parse_csv(text), merged) {
        (Ok(runs), Ok(_)) => in_range(runs.is_empty(), "a repeated run"),
        (_, Err(e)) => Err(e.message),
        (Err(_), Ok(_)) => panic!("merge accepted what parse refuses"),
    }
}

fn read_lambda(text: &str) -> Result<(), String> {
    for r in lambda::parse_csv(text)? {
        in_range((0.0..=10.0).contains(&r.lambda), "lambda")?;
        let loss = |v: f64| v.is_finite() && v >= 0.0;
        match r.outcome {
            Outcome::Scores(s) => {
                let share = |v: f64| (-1e-9..=1.0 + 1e-9).contains(&v);
                in_range(
                    share(s.ccgp) && share(s.shattering) && share(s.alignment),
                    "score",
                )?;
                in_range(
                    (-1.0 - 1e-9..=1.0 + 1e-9).contains(&s.ps) && loss(s.loss),
                    "ps/loss",
                )?;
            }
            Outcome::Collapsed(l) => in_range(loss(l), "loss")?,
            Outcome::Diverged => {}
        }
    }
    Ok(())
}

fn read_width(text: &str) -> Result<(), String> {
    for r in width::parse_csv(text)? {
        in_range(
            r.pair.0 != r.pair.1 && r.pair.0 <= 9 && r.pair.1 <= 9,
            "pair",
        )?;
        in_range((1..=512).contains(&r.hidden), "H")?;
        if let Some(s) = r.scores {
            let f = |v: f64| (0.0..=1.0).contains(&v);
            in_range(
                f(s.f1) && f(s.precision) && f(s.recall) && f(s.auc),
                "score",
            )?;
        }
    }
    Ok(())
}

const READERS: [Reader; 4] = [
    Reader {
        name: "runs",
        kind: "run CSV",
        valid: run_csv,
        read: read_runs,
    },
    Reader {
        name: "merge",
        kind: "run CSV",
        valid: run_csv,
        read: read_merged,
    },
    Reader {
        name: "λ-sweep",
        kind: "λ-sweep CSV",
        valid: lambda_csv,
        read: read_lambda,
    },
    Reader {
        name: "width sweep",
        kind: "width-sweep CSV",
        valid: width_csv,
        read: read_width,
    },
];

/// The line an error names (after an optional `part k: `), if any.
fn named_line(e: &str) -> Option<usize> {
    let rest = e
        .strip_prefix("part ")
        .map_or(e, |r| r.split_once(": ").map_or(r, |(_, tail)| tail));
    rest.strip_prefix("line ")?.split_once(':')?.0.parse().ok()
}

/// Reads `text` with every reader: Ok, or an error naming a line of the text;
/// `only = (kind, line)` when just that line of a file of that kind was
/// changed, so its reader must name that very line (merge excepted: it also
/// names the line where a run repeats).
fn check_all(text: &str, only: Option<(&str, usize)>) -> Result<(), TestCaseError> {
    let lines = text.lines().count().max(1);
    for r in READERS {
        if let Err(e) = (r.read)(text) {
            let line = named_line(&e);
            prop_assert!(
                line.is_some_and(|l| (1..=lines).contains(&l)),
                "{}: {e:?} names no line of the {lines}",
                r.name
            );
            if let Some((kind, bad)) = only.filter(|(k, _)| *k == r.kind && r.name != "merge") {
                prop_assert_eq!(line, Some(bad), "{} of a {}: {}", r.name, kind, e);
            }
        }
    }
    Ok(())
}

/// Cells a hand-edited file might hold: extremes, non-numbers, near-misses.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("NaN".into()),
        Just("inf".into()),
        Just("-inf".into()),
        Just("-0".into()),
        Just("1e308".into()),
        Just("4.9e-324".into()),
        Just("18446744073709551616".into()),
        Just("-1".into()),
        Just("ok".into()),
        Just("diverged".into()),
        Just("3/3".into()),
        any::<f64>().prop_map(|v| v.to_string()),
        any::<u64>().prop_map(|v| v.to_string()),
        (0.0..1.5f64).prop_map(|v| v.to_string()),
        "[a-zA-Z0-9 ./λ\"-]{0,12}",
    ]
}

proptest! {
    // 256 cases per property keep the suite under a second; no regression
    // files are written into the source tree (a failure prints its input).
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(256)
    })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        check_all(&String::from_utf8_lossy(&bytes), None)?;
    }

    #[test]
    fn arbitrary_rows_after_a_valid_header_name_their_line(
        which in 0..READERS.len(),
        body in "[0-9a-z,./\\-+eE\n]{0,300}",
    ) {
        let header = (READERS[which].valid)().lines().next().unwrap();
        check_all(&format!("{header}\n{body}"), None)?;
    }

    #[test]
    fn truncated_files_are_read_or_named(which in 0..READERS.len(), cut in 0.0..1.0f64) {
        let text = (READERS[which].valid)();
        let mut at = (cut * text.len() as f64) as usize;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        check_all(&text[..at], None)?;
    }

    #[test]
    fn one_corrupted_cell_is_refused_on_its_line_or_read_in_range(
        which in 0..READERS.len(),
        row in any::<prop::sample::Index>(),
        column in any::<prop::sample::Index>(),
        value in cell(),
    ) {
        let text = (READERS[which].valid)();
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        let row = 1 + row.index(lines.len() - 1);
        let mut cells: Vec<String> = lines[row].split(',').map(String::from).collect();
        let column = column.index(cells.len());
        cells[column] = value;
        lines[row] = cells.join(",");
        check_all(&lines.join("\n"), Some((READERS[which].kind, row + 1)))?;
    }

    #[test]
    fn valid_files_read_back_unchanged(which in 0..READERS.len()) {
        let text = (READERS[which].valid)();
        match READERS[which].name {
            "runs" | "merge" => {
                let back = experiments::to_csv(&experiments::parse_csv(text).unwrap());
                prop_assert_eq!(back, text);
            }
            "λ-sweep" => prop_assert_eq!(lambda::rows_to_csv(&lambda::parse_csv(text).unwrap()), text),
            _ => prop_assert_eq!(width::rows_to_csv(&width::parse_csv(text).unwrap()), text),
        }
    }
}

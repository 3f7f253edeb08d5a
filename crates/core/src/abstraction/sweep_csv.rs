//! The λ-sweep's CSV: one row per run (λ, seed, status and the scores
//! averaged over latents), written by the page's workers and read back, range
//! checked, when their shards are joined.

use super::run::LAMBDA;
use super::sweep::{Outcome, SweepRow, SweepScores};
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

const CSV_HEADER: &str = "lambda,seed,status,ps_mean,ccgp_mean,alignment,shattering,loss";

/// Rows as CSV (status `ok`, `collapsed` with only the loss, or `diverged`
/// with empty score cells).
pub fn rows_to_csv(rows: &[SweepRow]) -> String {
    let mut s = String::from(CSV_HEADER);
    s.push('\n');
    for r in rows {
        let _ = match &r.outcome {
            Outcome::Scores(m) => writeln!(
                s,
                "{},{},ok,{},{},{},{},{}",
                r.lambda, r.seed, m.ps, m.ccgp, m.alignment, m.shattering, m.loss
            ),
            Outcome::Collapsed(loss) => {
                writeln!(s, "{},{},collapsed,,,,,{}", r.lambda, r.seed, loss)
            }
            Outcome::Diverged => writeln!(s, "{},{},diverged,,,,,", r.lambda, r.seed),
        };
    }
    s
}

/// Rounding can carry a cosine or an alignment a hair past its bound; values
/// within this of the range are what the code itself writes, not corruption.
const ROUNDING: f64 = 1e-9;

/// Reads [`rows_to_csv`]'s output back; the error names the line and the
/// column. Values are range-checked: λ within the sweep's range, PS (a mean
/// cosine) in [−1, 1], CCGP, shattering (accuracies) and alignment in [0, 1],
/// the loss finite and at least 0.
pub fn parse_csv(text: &str) -> Result<Vec<SweepRow>, crate::InputError> {
    parse_csv_text(text).map_err(crate::InputError::of(crate::InputKind::ResultsCsv))
}

fn parse_csv_text(text: &str) -> Result<Vec<SweepRow>, String> {
    use crate::csv::{FRACTION, NON_NEGATIVE};
    let mut rows = Vec::new();
    for r in crate::csv::rows(text, CSV_HEADER, "a λ-sweep CSV")? {
        let (cells, bad) = (&r.cells, |what: &str| r.bad(what));
        let num = |k: usize, range: (f64, f64)| r.num(k, range);
        let lambda = num(0, LAMBDA)?;
        let seed = cells[1]
            .parse()
            .map_err(|_| bad(&alloc::format!("{:?} is not a seed", cells[1])))?;
        let (cosine, share) = (
            (-1.0 - ROUNDING, 1.0 + ROUNDING),
            (FRACTION.0 - ROUNDING, FRACTION.1 + ROUNDING),
        );
        let outcome = match cells[2] {
            "ok" => Outcome::Scores(SweepScores {
                ps: num(3, cosine)?,
                ccgp: num(4, FRACTION)?,
                alignment: num(5, share)?,
                shattering: num(6, FRACTION)?,
                loss: num(7, NON_NEGATIVE)?,
            }),
            "collapsed" => Outcome::Collapsed(num(7, NON_NEGATIVE)?),
            "diverged" => Outcome::Diverged,
            other => {
                return Err(bad(&alloc::format!(
                    "status {other:?} is not ok, collapsed or diverged"
                )));
            }
        };
        rows.push(SweepRow {
            lambda,
            seed,
            outcome,
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abstraction::sweep::summarize;

    #[test]
    fn a_corrupt_csv_is_refused_with_its_line() {
        let good = "lambda,seed,status,ps_mean,ccgp_mean,alignment,shattering,loss\n0.1,0,ok,1,1,1,0.7,0.2\n0.2,0,diverged,,,,,\n1,0,collapsed,,,,,1\n";
        let rows = parse_csv(good).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1].outcome, Outcome::Diverged);
        assert_eq!(rows[2].outcome, Outcome::Collapsed(1.0));
        let summary = summarize(&rows);
        assert_eq!(
            (summary[2].runs, summary[2].collapsed, summary[2].scores),
            (1, 1, None)
        );
        assert_eq!(rows_to_csv(&rows), good);
        let e = parse_csv(&good.replace("0.7", "NaN")).unwrap_err();
        assert!(e.message.starts_with("line 2"), "{e}");
        assert!(
            parse_csv("x,y\n1,2\n")
                .unwrap_err()
                .message
                .contains("a λ-sweep CSV's header")
        );
        assert!(
            parse_csv(&good.replace("diverged", "maybe"))
                .unwrap_err()
                .message
                .starts_with("line 3")
        );
        assert!(parse_csv(&good.replace("0.1,0", "-3,0")).is_err());
    }
}

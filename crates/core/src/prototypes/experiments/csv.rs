//! One CSV row per run: written by the CLI and the page, read back by `merge`.
//!
//! Floats are written in Rust's shortest round-trip form, so reading a CSV back
//! gives bit-identical numbers.

use super::runner::RunRecord;
use crate::config::{Config, Mask, Target, TauUnits};
pub use crate::csv::table_rows;
use crate::csv::{FRACTION, NON_NEGATIVE, check_value};
use crate::metrics::Metrics;
use crate::objective::LossTerms;
use crate::train::{Divergence, DivergenceReason};
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

/// The header line (no trailing newline).
pub const CSV_HEADER: &str = "index,mask,N,seed,target,lamC,lamS,lamO,tauC,tauS,tau_units,lr,steps_planned,steps,status,diverged_reason,recon,nearest,specialization,hull_escape,hull_distance,fit,loss_coverage,loss_separation,loss_overlap,loss_total,wall_ms";

fn reason_code(r: DivergenceReason) -> &'static str {
    match r {
        DivergenceReason::NonFiniteLoss => "nonfinite_loss",
        DivergenceReason::NonFiniteParameters => "nonfinite_params",
        DivergenceReason::NonFiniteMetrics => "nonfinite_metrics",
        DivergenceReason::LossBlowUp { .. } => "loss_blow_up",
    }
}

/// One record as a CSV line (no trailing newline).
pub fn to_csv_row(r: &RunRecord) -> String {
    let c = &r.config;
    let mut s = String::new();
    let _ = write!(
        s,
        "{},{},{},{},{},{},{},{},{},{},{},{},{},{},",
        r.index,
        c.mask,
        c.n,
        c.seed,
        c.target.name(),
        c.lambda_c,
        c.lambda_s,
        c.lambda_o,
        c.tau_c,
        c.tau_s,
        c.tau_units.name(),
        c.lr,
        c.steps,
        r.steps
    );
    match &r.outcome {
        Ok(m) => {
            let _ = write!(
                s,
                "ok,,{},{},{},{},{},{},{},{},{},{},",
                m.recon,
                m.nearest,
                m.specialization,
                m.hull_escape,
                m.hull_distance,
                m.loss.fit,
                m.loss.coverage,
                m.loss.separation,
                m.loss.overlap,
                m.loss.total
            );
        }
        Err(d) => {
            let _ = write!(s, "diverged,{},,,,,,,,,,,", reason_code(d.reason));
        }
    }
    if let Some(ms) = r.wall_ms {
        let _ = write!(s, "{ms:.3}");
    }
    s
}

/// Records as a CSV document with header, one line per record, in the given order.
pub fn to_csv(records: &[RunRecord]) -> String {
    let mut out = String::from(CSV_HEADER);
    out.push('\n');
    for r in records {
        out.push_str(&to_csv_row(r));
        out.push('\n');
    }
    out
}

fn field<T: core::str::FromStr>(cols: &[&str], k: usize, line: usize) -> Result<T, String> {
    cols[k].trim().parse().map_err(|_| {
        let name = CSV_HEADER.split(',').nth(k).unwrap_or("?");
        alloc::format!("line {line}: column {name}: cannot read {:?}", cols[k])
    })
}

/// The ranges an ok run's metrics can take: errors and distances are means of
/// absolute values, the specialization ratio and hull escape are shares of the
/// units, fit is a mean square. The structural loss terms are only required to
/// be finite: overlap is `S² − Σh²`, which rounding can leave a hair below zero.
fn check_metrics(m: &Metrics, line: usize) -> Result<(), String> {
    for (name, value, range) in [
        ("recon", m.recon, NON_NEGATIVE),
        ("nearest", m.nearest, NON_NEGATIVE),
        ("specialization", m.specialization, FRACTION),
        ("hull_escape", m.hull_escape, FRACTION),
        ("hull_distance", m.hull_distance, NON_NEGATIVE),
        ("fit", m.loss.fit, NON_NEGATIVE),
        ("loss_coverage", m.loss.coverage, (f64::MIN, f64::MAX)),
        ("loss_separation", m.loss.separation, (f64::MIN, f64::MAX)),
        ("loss_overlap", m.loss.overlap, (f64::MIN, f64::MAX)),
        ("loss_total", m.loss.total, (f64::MIN, f64::MAX)),
    ] {
        check_value(line, name, value, range)?;
    }
    Ok(())
}

/// Reads a CSV written by [`to_csv`]. Errors name the line and the column, and
/// every value is range-checked (see `check_metrics`; steps at most the planned
/// steps, finite wall times, configs valid, run indices within
/// [`limits::RUNS`](super::limits::RUNS)), so no reader of a hand-edited file
/// plots a negative error or a share above one.
pub fn parse_csv(text: &str) -> Result<Vec<RunRecord>, crate::InputError> {
    parse_csv_text(text).map_err(crate::InputError::of(crate::InputKind::ResultsCsv))
}

fn parse_csv_text(text: &str) -> Result<Vec<RunRecord>, String> {
    Ok(parse_lines(text)?.into_iter().map(|(_, r)| r).collect())
}

/// [`parse_csv`] with each record's line number (for errors that come later).
fn parse_lines(text: &str) -> Result<Vec<(usize, RunRecord)>, String> {
    let lines = table_rows(text, CSV_HEADER, "protolab's run CSV")?;
    let mut out = Vec::new();
    for (line, cols) in lines {
        let mask = Mask::parse(cols[1])
            .ok_or_else(|| alloc::format!("line {line}: unknown mask {:?}", cols[1]))?;
        let target = Target::parse(cols[4])
            .ok_or_else(|| alloc::format!("line {line}: unknown target {:?}", cols[4]))?;
        let config = Config {
            n: field(&cols, 2, line)?,
            seed: field(&cols, 3, line)?,
            mask,
            target,
            lambda_c: field(&cols, 5, line)?,
            lambda_s: field(&cols, 6, line)?,
            lambda_o: field(&cols, 7, line)?,
            tau_c: field(&cols, 8, line)?,
            tau_s: field(&cols, 9, line)?,
            tau_units: TauUnits::parse(cols[10]).ok_or_else(|| {
                alloc::format!(
                    "line {line}: tau_units must be abs or spacing, not {:?}",
                    cols[10]
                )
            })?,
            lr: field(&cols, 11, line)?,
            steps: field(&cols, 12, line)?,
            compare: None,
        };
        config
            .validate()
            .map_err(|e| alloc::format!("line {line}: {e}"))?;
        let steps: u64 = field(&cols, 13, line)?;
        let outcome = match cols[14] {
            "ok" => {
                let f = |k| field::<f64>(&cols, k, line);
                Ok(Metrics {
                    step: steps,
                    recon: f(16)?,
                    nearest: f(17)?,
                    specialization: f(18)?,
                    hull_escape: f(19)?,
                    hull_distance: f(20)?,
                    loss: LossTerms {
                        fit: f(21)?,
                        coverage: f(22)?,
                        separation: f(23)?,
                        overlap: f(24)?,
                        total: f(25)?,
                    },
                })
            }
            "diverged" => {
                let reason = match cols[15] {
                    "nonfinite_loss" => DivergenceReason::NonFiniteLoss,
                    "nonfinite_params" => DivergenceReason::NonFiniteParameters,
                    "nonfinite_metrics" => DivergenceReason::NonFiniteMetrics,
                    "loss_blow_up" => DivergenceReason::LossBlowUp {
                        loss: f64::NAN,
                        initial: f64::NAN,
                    },
                    other => {
                        return Err(alloc::format!(
                            "line {line}: unknown divergence reason {other:?}"
                        ));
                    }
                };
                Err(Divergence {
                    step: steps,
                    reason,
                })
            }
            other => {
                return Err(alloc::format!(
                    "line {line}: status must be ok or diverged, not {other:?}"
                ));
            }
        };
        if steps > config.steps {
            return Err(alloc::format!(
                "line {line}: steps = {steps} is more than steps_planned = {}",
                config.steps
            ));
        }
        if let Ok(m) = &outcome {
            check_metrics(m, line)?;
        }
        let wall_ms = match cols[26].trim() {
            "" => None,
            _ => {
                let ms: f64 = field(&cols, 26, line)?;
                if !(ms.is_finite() && ms >= 0.0) {
                    return Err(alloc::format!(
                        "line {line}: wall_ms = {ms} is not a finite time >= 0"
                    ));
                }
                Some(ms)
            }
        };
        let index: usize = field(&cols, 0, line)?;
        if index >= super::limits::RUNS {
            return Err(alloc::format!(
                "line {line}: index = {index} is beyond the largest plan ({} runs)",
                super::limits::RUNS
            ));
        }
        out.push((
            line,
            RunRecord {
                index,
                config,
                steps,
                outcome,
                prototypes: Vec::new(),
                wall_ms,
            },
        ));
    }
    Ok(out)
}

/// Joins the records of several shards: sorted by run index, each index once.
/// Errors name the part (1-based) and the line, a repeated run both places.
pub fn merge_csv(parts: &[&str]) -> Result<Vec<RunRecord>, crate::InputError> {
    merge_csv_text(parts).map_err(crate::InputError::of(crate::InputKind::ResultsCsv))
}

fn merge_csv_text(parts: &[&str]) -> Result<Vec<RunRecord>, String> {
    let mut all = Vec::new();
    for (p, text) in parts.iter().enumerate() {
        let records = parse_lines(text).map_err(|e| alloc::format!("part {}: {e}", p + 1))?;
        all.extend(records.into_iter().map(|(line, r)| (p + 1, line, r)));
    }
    // Stable: a repeated run is reported where it appears second.
    crate::sort::sort_by_key(&mut all, |(_, _, r)| r.index);
    if let Some(w) = all.windows(2).find(|w| w[0].2.index == w[1].2.index) {
        let ((p0, l0, run), (p1, l1)) = ((w[0].0, w[0].1, w[0].2.index), (w[1].0, w[1].1));
        return Err(if p0 == p1 {
            alloc::format!(
                "part {p1}: line {l1}: run {run} appears twice in this part (also line {l0})"
            )
        } else {
            alloc::format!(
                "part {p1}: line {l1}: run {run} appears in more than one part (also part {p0}, line {l0})"
            )
        });
    }
    Ok(all.into_iter().map(|(_, _, r)| r).collect())
}

/// Why a merge failed (a message naming the part and line).
pub type MergeError = String;

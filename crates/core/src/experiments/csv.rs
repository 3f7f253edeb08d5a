//! One CSV row per run: written by the CLI and the page, read back by `merge`.
//!
//! Floats are written in Rust's shortest round-trip form, so reading a CSV back
//! gives bit-identical numbers.

use super::runner::RunRecord;
use crate::config::{Config, Mask, Target, TauUnits};
use crate::metrics::Metrics;
use crate::objective::LossTerms;
use crate::train::{Divergence, DivergenceReason};
use alloc::string::{String, ToString};
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
    let name = CSV_HEADER.split(',').nth(k).unwrap_or("?");
    cols[k]
        .trim()
        .parse()
        .map_err(|_| alloc::format!("line {line}: column {name}: cannot read {:?}", cols[k]))
}

/// The data lines of a CSV whose first non-blank line must be `header`, each as
/// `(1-based line number, cells)` with exactly as many cells as the header.
/// Errors name the line; `what` names the kind of file in them.
pub fn table_rows<'a>(
    text: &'a str,
    header: &str,
    what: &str,
) -> Result<Vec<(usize, Vec<&'a str>)>, String> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    match lines.next() {
        Some((_, h)) if h.trim() == header => {}
        Some((i, h)) => {
            return Err(alloc::format!(
                "line {}: unexpected header {h:?}; expected {what}'s header {header}",
                i + 1
            ));
        }
        None => return Err("the file is empty".to_string()),
    }
    let width = header.split(',').count();
    lines
        .map(|(i, l)| {
            let cells: Vec<&str> = l.split(',').map(str::trim).collect();
            if cells.len() == width {
                Ok((i + 1, cells))
            } else {
                Err(alloc::format!(
                    "line {}: {} columns, expected {width}",
                    i + 1,
                    cells.len()
                ))
            }
        })
        .collect()
}

/// Reads a CSV written by [`to_csv`]. Errors name the line and the column.
pub fn parse_csv(text: &str) -> Result<Vec<RunRecord>, String> {
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
        if let Ok(m) = &outcome {
            let values = [
                m.recon,
                m.nearest,
                m.specialization,
                m.hull_escape,
                m.hull_distance,
            ];
            if !values.iter().all(|v| v.is_finite()) || !m.loss.is_finite() {
                return Err(alloc::format!(
                    "line {line}: a metric of an ok run is not finite"
                ));
            }
        }
        let wall_ms = match cols[26].trim() {
            "" => None,
            _ => Some(field(&cols, 26, line)?),
        };
        out.push(RunRecord {
            index: field(&cols, 0, line)?,
            config,
            steps,
            outcome,
            prototypes: Vec::new(),
            wall_ms,
        });
    }
    Ok(out)
}

/// Joins the records of several shards: sorted by run index, each index once.
pub fn merge_csv(parts: &[&str]) -> Result<Vec<RunRecord>, String> {
    let mut all = Vec::new();
    for (p, text) in parts.iter().enumerate() {
        let records = parse_csv(text).map_err(|e| alloc::format!("part {}: {e}", p + 1))?;
        all.extend(records);
    }
    all.sort_by_key(|r| r.index);
    if let Some(w) = all.windows(2).find(|w| w[0].index == w[1].index) {
        return Err(alloc::format!(
            "run {} appears in more than one part",
            w[0].index
        ));
    }
    Ok(all)
}

/// Why a merge failed (a message naming the part and line).
pub type MergeError = String;

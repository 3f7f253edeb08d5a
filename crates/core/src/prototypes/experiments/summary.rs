//! Summary statistics of a set of runs: mean ± sd per (mask, N).

use super::runner::RunRecord;
use crate::config::Mask;
use crate::metrics::Metrics;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

/// Mean and sample standard deviation of a set of values.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MeanSd {
    /// Mean (NaN-free: 0 when there are no values).
    pub mean: f64,
    /// Sample standard deviation (0 for fewer than two values).
    pub sd: f64,
    /// Number of values.
    pub count: usize,
}

impl MeanSd {
    /// Statistics of `values`.
    pub fn of(values: &[f64]) -> Self {
        let count = values.len();
        if count == 0 {
            return Self::default();
        }
        let mean = values.iter().sum::<f64>() / count as f64;
        let sd = if count > 1 {
            crate::math::sqrt(
                values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (count - 1) as f64,
            )
        } else {
            0.0
        };
        Self { mean, sd, count }
    }

    /// Standard error of the mean.
    pub fn se(&self) -> f64 {
        if self.count > 0 {
            self.sd / crate::math::sqrt(self.count as f64)
        } else {
            0.0
        }
    }
}

/// Statistics of one (mask, N) cell over its seeds (diverged runs excluded and counted).
#[derive(Clone, Debug, PartialEq)]
pub struct CellStats {
    /// The mask.
    pub mask: Mask,
    /// The size.
    pub n: usize,
    /// Runs in the cell.
    pub runs: usize,
    /// Runs that diverged.
    pub diverged: usize,
    /// Hungarian reconstruction error.
    pub recon: MeanSd,
    /// Nearest-prototype error.
    pub nearest: MeanSd,
    /// Specialization ratio.
    pub specialization: MeanSd,
    /// Hull-escape fraction.
    pub hull_escape: MeanSd,
    /// Fit MSE.
    pub fit: MeanSd,
}

/// One [`CellStats`] per (mask, N) present, masks in paper order, N ascending.
pub fn summarize(records: &[RunRecord]) -> Vec<CellStats> {
    super::groups::by_cell(records)
        .into_iter()
        .map(|((_, n), cell)| {
            let mask = cell[0].config.mask;
            let ok: Vec<&Metrics> = cell
                .iter()
                .filter_map(|r| r.outcome.as_ref().ok())
                .collect();
            let stat =
                |f: fn(&Metrics) -> f64| MeanSd::of(&ok.iter().map(|m| f(m)).collect::<Vec<_>>());
            CellStats {
                mask,
                n,
                runs: cell.len(),
                diverged: cell.len() - ok.len(),
                recon: stat(|m| m.recon),
                nearest: stat(|m| m.nearest),
                specialization: stat(|m| m.specialization),
                hull_escape: stat(|m| m.hull_escape),
                fit: stat(|m| m.loss.fit),
            }
        })
        .collect()
}

/// A fixed-width text table of the cells (mean ± sd).
pub fn summary_table(cells: &[CellStats]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<5} {:>4} {:>5}  {:>17}  {:>17}  {:>15}  {:>15}  {:>17}",
        "mask",
        "N",
        "runs",
        "recon (Hungarian)",
        "nearest",
        "specialization",
        "hull escape",
        "fit MSE"
    );
    for c in cells {
        let ms = |m: MeanSd, p: usize| alloc::format!("{:.p$} ± {:.p$}", m.mean, m.sd);
        let runs = if c.diverged > 0 {
            alloc::format!("{}!{}", c.runs, c.diverged)
        } else {
            alloc::format!("{}", c.runs)
        };
        let _ = writeln!(
            s,
            "{:<5} {:>4} {:>5}  {:>17}  {:>17}  {:>15}  {:>15}  {:>17}",
            c.mask.name(),
            c.n,
            runs,
            ms(c.recon, 4),
            ms(c.nearest, 4),
            ms(c.specialization, 3),
            ms(c.hull_escape, 3),
            ms(c.fit, 5)
        );
    }
    s
}

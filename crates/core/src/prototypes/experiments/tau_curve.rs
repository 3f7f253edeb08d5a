//! The τ-sweep's statistics, computed once for every reader (the findings'
//! F5, the page's figure, the CLI's table): the separation-only runs (mask
//! `S`) grouped by τ_S, and the no-separation reference (mask `base`, same N
//! and seeds) that the plan runs beside them. Other masks are not part of the
//! sweep and are left out.

use super::groups::by_tau;
use super::runner::RunRecord;
use super::summary::MeanSd;
use crate::config::{Mask, TauUnits};
use crate::metrics::Metrics;
use alloc::vec::Vec;

/// The statistics of one group of sweep runs (one τ_S, or the reference).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TauPoint {
    /// τ_S of the group (0 for the reference).
    pub tau: f64,
    /// Runs in the group.
    pub runs: usize,
    /// Runs that diverged (left out of the statistics).
    pub diverged: usize,
    /// Share of prototypes outside the data's hull.
    pub hull_escape: MeanSd,
    /// Mean distance outside the hull.
    pub hull_distance: MeanSd,
    /// Reconstruction error (Hungarian).
    pub recon: MeanSd,
}

impl TauPoint {
    fn of(tau: f64, runs: &[&RunRecord]) -> Self {
        let ok: Vec<&Metrics> = runs
            .iter()
            .filter_map(|r| r.outcome.as_ref().ok())
            .collect();
        let stat =
            |f: fn(&Metrics) -> f64| MeanSd::of(&ok.iter().map(|m| f(m)).collect::<Vec<_>>());
        Self {
            tau,
            runs: runs.len(),
            diverged: runs.len() - ok.len(),
            hull_escape: stat(|m| m.hull_escape),
            hull_distance: stat(|m| m.hull_distance),
            recon: stat(|m| m.recon),
        }
    }
}

/// The τ-sweep's curve and reference.
#[derive(Clone, Debug, PartialEq)]
pub struct TauCurve {
    /// Separation-only runs by τ_S, ascending (a τ whose runs all diverged is left out).
    pub points: Vec<TauPoint>,
    /// The no-separation reference (`None` when the sweep has no such runs).
    pub reference: Option<TauPoint>,
    /// The unit of τ_S in these runs.
    pub units: TauUnits,
}

/// The curve of a τ-sweep's runs (see the module's note on which runs count).
pub fn tau_curve(sweep: &[RunRecord]) -> TauCurve {
    let separation_only = Mask::new(false, true, false);
    let base = Mask::new(false, false, false);
    let points = by_tau(sweep.iter().filter(|r| r.config.mask == separation_only))
        .into_iter()
        .map(|(t, runs)| TauPoint::of(t, &runs))
        // A τ whose runs all diverged has no statistics: no point, not a 0.
        .filter(|p| p.runs > p.diverged)
        .collect();
    let reference: Vec<&RunRecord> = sweep.iter().filter(|r| r.config.mask == base).collect();
    TauCurve {
        points,
        reference: (!reference.is_empty()).then(|| TauPoint::of(0.0, &reference)),
        units: sweep
            .first()
            .map_or(TauUnits::Spacing, |r| r.config.tau_units),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::experiments::{Plan, run_one};

    #[test]
    fn the_curve_counts_the_sweep_s_runs_only() {
        let base = Config {
            steps: 60,
            ..Config::default()
        };
        let plan = Plan::tau_sweep(&base, 6, &[0.01, 1.0], 2);
        let mut records: Vec<RunRecord> = plan
            .runs
            .iter()
            .enumerate()
            .map(|(i, c)| run_one(i, c).unwrap())
            .collect();
        let clean = tau_curve(&records);
        // A run of another mask in the same records changes nothing.
        let stray = Config {
            mask: Mask::new(true, true, false),
            ..records[0].config.clone()
        };
        records.push(run_one(records.len(), &stray).unwrap());
        assert_eq!(tau_curve(&records), clean);
        assert_eq!(clean.points.len(), 2);
        assert!(clean.points.iter().all(|p| p.runs == 2));
        let reference = clean.reference.expect("the plan runs a base reference");
        assert_eq!(reference.runs, 2);
        // Each point is the plain mean over its runs.
        let s_at = |t: f64| -> Vec<f64> {
            records
                .iter()
                .filter(|r| r.config.mask.name() == "S" && r.config.tau_s == t)
                .map(|r| r.outcome.as_ref().unwrap().hull_escape)
                .collect()
        };
        assert_eq!(
            clean.points[1].hull_escape,
            MeanSd::of(&s_at(clean.points[1].tau))
        );
    }
}

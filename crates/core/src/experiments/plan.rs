//! Which runs an experiment consists of.

use crate::config::{Config, Mask, TauUnits};
use alloc::vec::Vec;

/// The data-set sizes of the paper's study.
pub const STUDY_NS: [usize; 6] = [3, 5, 10, 20, 50, 100];
/// Seeds per (mask, N) cell of the study: seeds `0..STUDY_SEEDS`.
pub const STUDY_SEEDS: u64 = 10;

/// The default τ_S grid of the sweep, three points per decade over four
/// decades: 1e-4 … 1 in absolute units, 1e-2 … 1e2 in units of Δ².
pub fn default_taus(units: TauUnits) -> Vec<f64> {
    let first = match units {
        TauUnits::Absolute => -4.0,
        TauUnits::Spacing => -2.0,
    };
    (0..=12)
        .map(|k| libm::pow(10.0, first + k as f64 / 3.0))
        .collect()
}

/// What a plan is for (decides how it is reported).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanKind {
    /// Masks × N × seeds.
    Study,
    /// Separation-only runs over τ_S × seeds.
    TauSweep,
    /// One run per mask at one N and seed, for the prototype-position figure.
    Positions,
}

/// An ordered list of runs. A run's index in `runs` identifies it in CSVs,
/// shards and merges.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// What the plan is.
    pub kind: PlanKind,
    /// Every run's full config.
    pub runs: Vec<Config>,
}

impl Plan {
    /// The study: for each mask (paper order), each N in `ns`, seeds `0..seeds`;
    /// other settings from `base`. Seed `s` gives the same data and the same
    /// initial network under every mask, so masks are compared pairwise.
    pub fn study(base: &Config, ns: &[usize], seeds: u64) -> Self {
        let mut runs = Vec::with_capacity(8 * ns.len() * seeds as usize);
        for mask in Mask::ALL {
            for &n in ns {
                for seed in 0..seeds {
                    runs.push(Config {
                        mask,
                        n,
                        seed,
                        ..base.clone()
                    });
                }
            }
        }
        Self {
            kind: PlanKind::Study,
            runs,
        }
    }

    /// The τ-sweep: mask `S` at size `n`, each τ_S of `taus`, seeds `0..seeds`,
    /// then the same seeds with no structural loss (`base`) as the reference
    /// for how many prototypes escape without separation.
    pub fn tau_sweep(base: &Config, n: usize, taus: &[f64], seeds: u64) -> Self {
        let mut runs = Vec::with_capacity((taus.len() + 1) * seeds as usize);
        for &tau_s in taus {
            for seed in 0..seeds {
                runs.push(Config {
                    mask: Mask::new(false, true, false),
                    n,
                    tau_s,
                    seed,
                    ..base.clone()
                });
            }
        }
        for seed in 0..seeds {
            runs.push(Config {
                mask: Mask::new(false, false, false),
                n,
                seed,
                ..base.clone()
            });
        }
        Self {
            kind: PlanKind::TauSweep,
            runs,
        }
    }

    /// The prototype-position experiment: every mask at size `n` with `seed`.
    pub fn positions(base: &Config, n: usize, seed: u64) -> Self {
        let runs = Mask::ALL
            .into_iter()
            .map(|mask| Config {
                mask,
                n,
                seed,
                ..base.clone()
            })
            .collect();
        Self {
            kind: PlanKind::Positions,
            runs,
        }
    }

    /// Indices of shard `index` of `count` (runs `index, index + count, …`).
    /// Interleaving spreads small and large N evenly over the shards.
    pub fn shard(&self, index: usize, count: usize) -> Vec<usize> {
        (0..self.runs.len())
            .filter(|k| count > 0 && k % count == index)
            .collect()
    }

    /// Relative cost of run `k` (steps · N · H) for progress bars.
    pub fn cost(&self, k: usize) -> f64 {
        let c = &self.runs[k];
        c.steps as f64 * (c.n * c.n) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn study_has_480_distinct_runs() {
        let plan = Plan::study(&Config::default(), &STUDY_NS, STUDY_SEEDS);
        assert_eq!(plan.runs.len(), 480);
        for (k, a) in plan.runs.iter().enumerate() {
            assert!(
                plan.runs[k + 1..]
                    .iter()
                    .all(|b| (a.mask, a.n, a.seed) != (b.mask, b.n, b.seed))
            );
        }
    }

    #[test]
    fn shards_partition_the_plan() {
        let plan = Plan::study(&Config::default(), &[3, 5], 3);
        let mut all: Vec<usize> = (0..4).flat_map(|i| plan.shard(i, 4)).collect();
        all.sort_unstable();
        assert_eq!(all, (0..plan.runs.len()).collect::<Vec<_>>());
    }

    #[test]
    fn tau_grid_spans_four_decades() {
        let t = default_taus(TauUnits::Absolute);
        assert_eq!(t.len(), 13);
        assert!((t[0] - 1e-4).abs() < 1e-18 && (t[12] - 1.0).abs() < 1e-12);
        let t = default_taus(TauUnits::Spacing);
        assert!((t[0] - 1e-2).abs() < 1e-16 && (t[12] - 100.0).abs() < 1e-10);
    }
}

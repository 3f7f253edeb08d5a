//! Which runs an experiment consists of.

use super::limits;
use crate::config::{Config, ConfigError, Mask, TauUnits};
use alloc::vec::Vec;

/// The data-set sizes of the paper's study.
pub const STUDY_NS: [usize; 6] = [3, 5, 10, 20, 50, 100];
/// Seeds per (mask, N) cell of the study: seeds `0..STUDY_SEEDS`.
pub const STUDY_SEEDS: u64 = 10;
/// N of the τ-sweep (the page's and the CLI's default).
pub const SWEEP_N: usize = 50;
/// Seeds per τ of the τ-sweep.
pub const SWEEP_SEEDS: u64 = 5;
/// N of the prototype-positions figure.
pub const POSITIONS_N: usize = 100;

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
    ///
    /// Sizes are not checked here (a huge `seeds` takes as long as it says):
    /// for counts from outside use [`Plan::try_study`].
    pub fn study(base: &Config, ns: &[usize], seeds: u64) -> Self {
        let mut runs = Vec::with_capacity(reserve(8 * ns.len(), seeds));
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
    /// Sizes are not checked here: for counts from outside use [`Plan::try_tau_sweep`].
    pub fn tau_sweep(base: &Config, n: usize, taus: &[f64], seeds: u64) -> Self {
        let mut runs = Vec::with_capacity(reserve(taus.len().saturating_add(1), seeds));
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

    /// [`Plan::study`] for sizes from outside (flags, the page): the seed count
    /// and the list of N within [`limits`], no N twice, the run count within
    /// [`limits::RUNS`], and every run's config valid. The error names the field.
    pub fn try_study(base: &Config, ns: &[usize], seeds: u64) -> Result<Self, ConfigError> {
        limits::check_count("seeds", seeds, limits::SEEDS)?;
        limits::check_len("ns", ns.len(), limits::GRID)?;
        if let Some(n) = limits::first_duplicate(ns) {
            return Err(twice("ns", alloc::format!("N = {n}")));
        }
        for &n in ns {
            Config { n, ..base.clone() }.validate()?;
        }
        limits::check_runs("study: 8 masks × N", 8 * ns.len(), seeds)?;
        Ok(Self::study(base, ns, seeds))
    }

    /// [`Plan::tau_sweep`] for sizes from outside: seeds and the τ grid within
    /// [`limits`], no τ twice, every run's config valid.
    pub fn try_tau_sweep(
        base: &Config,
        n: usize,
        taus: &[f64],
        seeds: u64,
    ) -> Result<Self, ConfigError> {
        limits::check_count("seeds", seeds, limits::SEEDS)?;
        limits::check_len("taus", taus.len(), limits::GRID)?;
        if let Some(t) = limits::first_duplicate(taus) {
            return Err(twice("taus", alloc::format!("tauS = {t}")));
        }
        for &tau_s in taus {
            Config {
                n,
                tau_s,
                ..base.clone()
            }
            .validate()?;
        }
        Config { n, ..base.clone() }.validate()?;
        limits::check_runs("τ-sweep: (τ values + reference)", taus.len() + 1, seeds)?;
        Ok(Self::tau_sweep(base, n, taus, seeds))
    }

    /// [`Plan::positions`] with its config validated.
    pub fn try_positions(base: &Config, n: usize, seed: u64) -> Result<Self, ConfigError> {
        Config {
            n,
            seed,
            ..base.clone()
        }
        .validate()?;
        Ok(Self::positions(base, n, seed))
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

/// Sorts `runs` by decreasing `cost`, ties in their own order (`Ord`), so the
/// order is fixed: the order in which the CLI's threads and the page's
/// workers take runs as they free up (greedy list scheduling, longest first),
/// so that the runs still going at the end are the shortest ones.
pub fn longest_first<R: Ord>(runs: &mut [R], cost: impl Fn(&R) -> f64) {
    crate::sort::sort_by(runs, |a, b| cost(b).total_cmp(&cost(a)).then(a.cmp(b)));
}

/// A capacity to reserve for `groups × seeds` runs: the product when it is a
/// plausible plan, otherwise none up front (the vector grows as runs are pushed),
/// so an absurd count can never abort on "capacity overflow".
fn reserve(groups: usize, seeds: u64) -> usize {
    limits::check_runs("", groups, seeds).unwrap_or(0)
}

fn twice(field: &'static str, what: alloc::string::String) -> ConfigError {
    ConfigError {
        field,
        message: alloc::format!("{what} appears twice"),
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
    fn checked_plans_refuse_sizes_from_outside_with_the_field() {
        let base = Config::default();
        let field = |r: Result<Plan, ConfigError>| r.unwrap_err().field;
        assert_eq!(field(Plan::try_study(&base, &STUDY_NS, u64::MAX)), "seeds");
        assert_eq!(
            field(Plan::try_study(&base, &STUDY_NS, 50_000_000)),
            "seeds"
        );
        assert_eq!(field(Plan::try_study(&base, &STUDY_NS, 0)), "seeds");
        assert_eq!(field(Plan::try_study(&base, &[], 2)), "ns");
        assert_eq!(field(Plan::try_study(&base, &[5, 3, 5], 2)), "ns");
        assert_eq!(field(Plan::try_study(&base, &[3, 0], 2)), "N");
        assert_eq!(field(Plan::try_study(&base, &[3; 300], 2)), "ns");
        let many: Vec<usize> = (1..=200).collect();
        assert_eq!(field(Plan::try_study(&base, &many, 10_000)), "runs");
        assert_eq!(
            field(Plan::try_tau_sweep(&base, 10, &[0.1, 0.1], 2)),
            "taus"
        );
        assert_eq!(
            field(Plan::try_tau_sweep(&base, 10, &[f64::NAN], 2)),
            "tauS"
        );
        assert_eq!(field(Plan::try_tau_sweep(&base, 10, &[], 2)), "taus");
        assert_eq!(field(Plan::try_tau_sweep(&base, 1000, &[0.1], 2)), "N");
        assert_eq!(field(Plan::try_positions(&base, 0, 3)), "N");
        // Within the limits the checked plans are the plain ones.
        assert_eq!(
            Plan::try_study(&base, &[3, 5], 3).unwrap(),
            Plan::study(&base, &[3, 5], 3)
        );
        let taus = default_taus(base.tau_units);
        assert_eq!(
            Plan::try_tau_sweep(&base, 10, &taus, 2).unwrap(),
            Plan::tau_sweep(&base, 10, &taus, 2)
        );
    }

    #[test]
    fn an_absurd_seed_count_does_not_abort_the_unchecked_plan() {
        // Reserving 8 × 6 × u64::MAX used to panic with "capacity overflow";
        // zero seeds of that size now just build an empty plan quickly.
        assert_eq!(reserve(48, u64::MAX), 0);
        assert!(
            Plan::study(&Config::default(), &[], u64::MAX)
                .runs
                .is_empty()
        );
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

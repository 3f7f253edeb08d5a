//! Runs grouped by cell, by seed and by τ_S in one pass each, so the summary,
//! the paired differences and the τ-sweep's curve cost O(n log n) in the number
//! of runs. (`protolab merge` of an 80,000-run study used to search all runs
//! once per run for its seed partner.)
//!
//! Every group keeps its runs in record order, so statistics summed over a
//! group come out bit-identical to the per-cell filters they replace.

use super::runner::RunRecord;
use super::summary::MeanSd;
use crate::config::Mask;
use alloc::collections::BTreeMap;
use alloc::vec::Vec;

/// A mask's position in the paper's order (`base, C, S, O, CS, CO, SO, CSO`).
pub(crate) fn mask_order(m: Mask) -> usize {
    Mask::ALL
        .iter()
        .position(|a| *a == m)
        .unwrap_or(Mask::ALL.len())
}

/// The runs of each (mask, N) cell in record order; iterating the map visits
/// cells with masks in paper order, then N ascending.
pub(crate) fn by_cell(records: &[RunRecord]) -> BTreeMap<(usize, usize), Vec<&RunRecord>> {
    let mut cells: BTreeMap<(usize, usize), Vec<&RunRecord>> = BTreeMap::new();
    for r in records {
        cells
            .entry((mask_order(r.config.mask), r.config.n))
            .or_default()
            .push(r);
    }
    cells
}

/// Runs paired by seed across masks: for each (mask, N) its runs in record
/// order, and the first run of each (mask, N, seed).
pub(crate) struct Pairing<'a> {
    cells: BTreeMap<(usize, usize), Vec<&'a RunRecord>>,
    first: BTreeMap<(usize, usize, u64), &'a RunRecord>,
}

impl<'a> Pairing<'a> {
    /// Indexes `records` (one pass, O(n log n)).
    pub(crate) fn new(records: &'a [RunRecord]) -> Self {
        let mut first = BTreeMap::new();
        for r in records {
            let c = &r.config;
            first.entry((mask_order(c.mask), c.n, c.seed)).or_insert(r);
        }
        Self {
            cells: by_cell(records),
            first,
        }
    }

    /// Per-seed differences `recon(with) − recon(without)` at size `n`: for
    /// each run of `without` (in record order), the first run of `with` with
    /// the same seed, over pairs where both finished.
    pub(crate) fn recon_difference(&self, without: Mask, with: Mask, n: usize) -> MeanSd {
        let diffs: Vec<f64> = self
            .recon_pairs(without, with, n)
            .into_iter()
            .map(|(_, d)| d)
            .collect();
        MeanSd::of(&diffs)
    }

    /// The differences of [`Pairing::recon_difference`] one by one, as
    /// `(seed, recon(with) − recon(without))` in record order.
    pub(crate) fn recon_pairs(&self, without: Mask, with: Mask, n: usize) -> Vec<(u64, f64)> {
        let runs = self
            .cells
            .get(&(mask_order(without), n))
            .map_or(&[][..], Vec::as_slice);
        let partner = |seed: u64| {
            self.first
                .get(&(mask_order(with), n, seed))
                .and_then(|r| r.outcome.as_ref().ok())
        };
        runs.iter()
            .filter_map(|r| {
                let d = partner(r.config.seed)?.recon - r.outcome.as_ref().ok()?.recon;
                Some((r.config.seed, d))
            })
            .collect()
    }

    /// Every N with runs, ascending.
    pub(crate) fn sizes(&self) -> Vec<usize> {
        let mut ns: Vec<usize> = self.cells.keys().map(|&(_, n)| n).collect();
        crate::sort::sort_by(&mut ns, usize::cmp);
        ns.dedup();
        ns
    }
}

/// `runs` grouped by τ_S, ascending, each group in the order given (τ values
/// compare as numbers: −0 and 0 are one group).
pub fn by_tau<'a>(runs: impl Iterator<Item = &'a RunRecord>) -> Vec<(f64, Vec<&'a RunRecord>)> {
    let key = |r: &&RunRecord| r.config.tau_s + 0.0;
    let mut sorted: Vec<&RunRecord> = runs.collect();
    // Stable: runs of one τ keep their order.
    crate::sort::sort_by(&mut sorted, |a, b| key(a).total_cmp(&key(b)));
    sorted
        .chunk_by(|a, b| key(a) == key(b))
        .map(|group| (key(&group[0]), group.to_vec()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::metrics::Metrics;
    use crate::objective::LossTerms;
    use crate::rng::{self, Purpose};
    use crate::train::{Divergence, DivergenceReason};

    /// Shuffled runs over masks × N × seeds with repeats (the same seed twice
    /// in a cell) and divergences, the cases where "first partner" matters.
    fn messy_records() -> Vec<RunRecord> {
        let mut r = rng::stream(11, Purpose::Aux);
        (0..600)
            .map(|index| {
                let config = Config {
                    mask: Mask::ALL[rng::below(&mut r, 8) as usize],
                    n: [3, 5, 10][rng::below(&mut r, 3) as usize],
                    seed: rng::below(&mut r, 12),
                    tau_s: [0.1, 0.01, 1.0][rng::below(&mut r, 3) as usize],
                    ..Config::default()
                };
                let outcome = if rng::below(&mut r, 7) == 0 {
                    Err(Divergence {
                        step: 3,
                        reason: DivergenceReason::NonFiniteLoss,
                    })
                } else {
                    Ok(Metrics {
                        step: 3000,
                        recon: rng::uniform(&mut r, 0.0, 1.0),
                        nearest: 0.0,
                        specialization: rng::uniform(&mut r, 0.0, 1.0),
                        hull_escape: rng::uniform(&mut r, 0.0, 1.0),
                        hull_distance: 0.0,
                        loss: LossTerms::default(),
                    })
                };
                RunRecord {
                    index,
                    config,
                    steps: 3000,
                    outcome,
                    prototypes: Vec::new(),
                    wall_ms: None,
                }
            })
            .collect()
    }

    /// The previous implementation: a search of every run per run.
    fn quadratic_difference(records: &[RunRecord], without: Mask, with: Mask, n: usize) -> MeanSd {
        let find = |mask: Mask, seed: u64| {
            records
                .iter()
                .find(|r| r.config.mask == mask && r.config.n == n && r.config.seed == seed)
                .and_then(|r| r.outcome.as_ref().ok())
        };
        let diffs: Vec<f64> = records
            .iter()
            .filter(|r| r.config.mask == without && r.config.n == n)
            .filter_map(|r| Some(find(with, r.config.seed)?.recon - r.outcome.as_ref().ok()?.recon))
            .collect();
        MeanSd::of(&diffs)
    }

    #[test]
    fn paired_differences_equal_the_quadratic_search_bit_for_bit() {
        let records = messy_records();
        let pairing = Pairing::new(&records);
        let mut compared = 0;
        for without in Mask::ALL {
            for with in Mask::ALL {
                for n in [3, 5, 10, 7] {
                    let fast = pairing.recon_difference(without, with, n);
                    assert_eq!(fast, quadratic_difference(&records, without, with, n));
                    compared += fast.count;
                }
            }
        }
        assert!(compared > 1000, "the comparison saw real pairs: {compared}");
    }

    #[test]
    fn tau_groups_keep_record_order_and_sort_tau() {
        let records = messy_records();
        let groups = by_tau(records.iter());
        let taus: Vec<f64> = groups.iter().map(|g| g.0).collect();
        assert_eq!(taus, [0.01, 0.1, 1.0]);
        for (t, runs) in &groups {
            let expected: Vec<usize> = records
                .iter()
                .filter(|r| r.config.tau_s == *t)
                .map(|r| r.index)
                .collect();
            assert_eq!(runs.iter().map(|r| r.index).collect::<Vec<_>>(), expected);
        }
        let cells = by_cell(&records);
        assert_eq!(cells.len(), 24);
        assert_eq!(cells.values().map(Vec::len).sum::<usize>(), records.len());
    }
}

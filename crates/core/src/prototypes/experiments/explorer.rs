//! The study explorer (docs/labs/prototypes.md#explorer): any two masks'
//! paired recon differences per N — the statistic F1 and F3 judge fixed pairs
//! by (docs/labs/prototypes.md#findings), for a pair the reader picks.

use super::groups::Pairing;
use super::runner::RunRecord;
use super::summary::MeanSd;
use crate::config::Mask;
use alloc::vec::Vec;

/// The paired differences `recon(b) − recon(a)` at one N.
#[derive(Clone, Debug, PartialEq)]
pub struct PairedAtN {
    /// The size.
    pub n: usize,
    /// One `(seed, difference)` per seed where both runs finished, in record order.
    pub seeds: Vec<(u64, f64)>,
    /// Mean ± sd (and so SE) of the differences.
    pub stat: MeanSd,
}

/// `recon(b) − recon(a)` paired by seed (same data, same initial network) for
/// every N of the study, ascending; negative means `b` reconstructs better.
/// An N where the pair has no finished seeds is listed with none, so a reader
/// sees it was not measured rather than a gap. O(n log n) in the runs.
pub fn paired_differences(records: &[RunRecord], a: Mask, b: Mask) -> Vec<PairedAtN> {
    let pairing = Pairing::new(records);
    pairing
        .sizes()
        .into_iter()
        .map(|n| {
            let seeds = pairing.recon_pairs(a, b, n);
            let diffs: Vec<f64> = seeds.iter().map(|&(_, d)| d).collect();
            PairedAtN {
                n,
                stat: MeanSd::of(&diffs),
                seeds,
            }
        })
        .collect()
}

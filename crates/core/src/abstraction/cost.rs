//! What a metric sample of an Abstraction Lab run costs, in the work units of
//! [`crate::budget`], from the config alone: the sample schedule and each
//! call's slicing depend on the config, never on timings.

use super::classify;
use super::run::{AbstractionConfig, INPUT_DIM};

/// Work units of one Gaussian draw (a few multiplies and a logarithm).
const NORMAL_UNITS: u64 = 50;
/// Units per multiply-add of `t_mul`'s column dot products (they vectorise
/// less well than the nets' loops: about twice as slow per multiply-add).
const DOT_UNITS: u64 = 2;

/// What each slice of a sample costs, from the config alone (so the sample
/// schedule depends on the config, not on timings).
#[derive(Clone, Copy, Debug)]
pub struct SampleCost {
    /// Drawing every noisy trial.
    pub draw: u64,
    /// The training statistics of one condition.
    pub condition: u64,
    /// One CCGP classifier: normal matrix, Cholesky, solve, test.
    pub fit: u64,
    /// The shattering classifiers' shared factorisation.
    pub factor: u64,
    /// Solving and scoring every dichotomy.
    pub score: u64,
    /// Conditions, latents and classifiers per latent.
    conds: u64,
    d: u64,
}

/// How many balanced dichotomies `n` conditions have, C(n, n/2) / 2 (what
/// `classify::balanced_dichotomies(n).len()` counts), without listing them: the
/// schedule asks on every call.
fn balanced_count(n: u64) -> u64 {
    let k = n / 2;
    let mut c: u64 = 1;
    for i in 0..k {
        c = c * (n - i) / (i + 1);
    }
    c / 2
}

impl SampleCost {
    /// The cost of a sample of `config`'s run.
    pub fn of(config: &AbstractionConfig) -> Self {
        let conds = config.conditions() as u64;
        let (w, w1) = (config.width as u64, config.width as u64 + 1);
        let per = classify::TRIALS as u64;
        let test = conds * per;
        let dichotomies = balanced_count(conds).min(200);
        Self {
            draw: 2 * conds * per * w * NORMAL_UNITS,
            condition: DOT_UNITS * per * w1 * w1,
            fit: w1 * w1 * w1 / 6 + conds * w1 * w1 + DOT_UNITS * test * w1,
            factor: w1 * w1 * w1 / 6 + conds * w1 * w1,
            score: 2 * conds * w1 * w1 + DOT_UNITS * test * w1 * conds + dichotomies * test * conds,
            conds,
            d: config.d as u64,
        }
    }

    /// The whole sample.
    pub fn total(&self) -> u64 {
        self.draw
            + self.conds * self.condition
            + self.d * (self.conds / 2) * self.fit
            + self.factor
            + self.score
    }

    /// Slices of a sample (for progress).
    pub(super) fn slices(&self) -> u64 {
        1 + self.conds + self.d * (self.conds / 2) + 2
    }
}

/// Work units of the hidden layer's forward pass over every condition.
pub fn forward_units(config: &AbstractionConfig) -> u64 {
    config.conditions() as u64 * (INPUT_DIM as u64 * config.width as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_balanced_count_is_the_listed_one() {
        for n in [4u64, 8, 16] {
            assert_eq!(
                balanced_count(n),
                classify::balanced_dichotomies(n as usize).len() as u64
            );
        }
    }
}

//! Linear read-outs of the condition means: noisy trials, ridge classifiers,
//! cross-condition generalisation (CCGP) and shattering dimensionality —
//! each also in slices, for a live lab measuring a wide layer.

use super::geometry::{col, latent, t_mul};
use crate::math;
use crate::rng::{self, Stream};
use alloc::vec::Vec;
use nalgebra::{DMatrix, DVector};

/// Noisy trials around condition means: `trials` per condition, Gaussian noise
/// of standard deviation `sigma` on every unit. Returns (activity rows, condition of each row).
pub fn trials(
    means: &DMatrix<f64>,
    conditions: &[usize],
    per: usize,
    sigma: f64,
    rng: &mut Stream,
) -> (DMatrix<f64>, Vec<usize>) {
    let rows = conditions.len() * per;
    let mut x = DMatrix::zeros(rows, means.ncols());
    let mut labels = Vec::with_capacity(rows);
    for (k, &c) in conditions.iter().enumerate() {
        for t in 0..per {
            let r = k * per + t;
            for u in 0..means.ncols() {
                x[(r, u)] = means[(c, u)] + sigma * rng::normal(rng);
            }
            labels.push(c);
        }
    }
    (x, labels)
}

/// Trials per condition of the convenience functions and of the lab's
/// measurements, and the ridge of every classifier.
pub const TRIALS: usize = 20;
const RIDGE: f64 = 1e-3;
/// Balanced dichotomies scored for shattering at most (D = 4 has 6,435; a
/// seeded random subset of this size is used then — our choice).
pub const MAX_DICHOTOMIES: usize = 200;

/// Noisy trials of every condition, one set to train on and one to test on,
/// shared by every classifier of a measurement (as recorded trials would be).
/// Training statistics are kept per condition, so a classifier on any subset
/// of conditions costs one small solve, not a pass over the trials.
pub struct Trials {
    /// Per condition: `Aᵀ A` of its training rows, each row `[activity, 1]`.
    blocks: Vec<DMatrix<f64>>,
    /// Per condition: the sum of its training rows `[activity, 1]`.
    sums: Vec<DVector<f64>>,
    /// Test trials `[activity, 1]` as columns (contiguous for the dot products).
    test: DMatrix<f64>,
    /// Condition of each test row.
    test_cond: Vec<usize>,
}

fn with_bias(x: &DMatrix<f64>) -> DMatrix<f64> {
    let (n, d) = x.shape();
    DMatrix::from_fn(n, d + 1, |r, k| if k < d { x[(r, k)] } else { 1.0 })
}

impl Trials {
    /// `per` training and `per` test trials around each condition mean, noise `sigma`.
    pub fn new(means: &DMatrix<f64>, per: usize, sigma: f64, rng: &mut Stream) -> Self {
        let mut b = TrialsBuilder::new(means, per, sigma, rng);
        while !b.add_condition() {}
        b.finish()
    }

    /// `(G, S)`: the ridge-regularised normal matrix of the conditions `train`
    /// (no penalty on the bias) and their row sums as columns.
    fn normal_equations(&self, train: &[usize]) -> (DMatrix<f64>, DMatrix<f64>) {
        let dim = self.test.nrows();
        let mut g = DMatrix::zeros(dim, dim);
        for &c in train {
            g += &self.blocks[c];
        }
        for k in 0..dim - 1 {
            g[(k, k)] += RIDGE;
        }
        let s = DMatrix::from_fn(dim, train.len(), |k, j| self.sums[train[j]][k]);
        (g, s)
    }

    /// Ridge regression of ±1 labels on the training trials of `train`
    /// (labels are constant within a condition); `None` if the solve fails.
    pub fn fit(&self, train: &[usize], label: impl Fn(usize) -> f64) -> Option<DVector<f64>> {
        let (g, s) = self.normal_equations(train);
        let y = DVector::from_iterator(train.len(), train.iter().map(|&c| label(c)));
        g.cholesky().map(|ch| ch.solve(&(s * y)))
    }

    /// Fraction of the test trials of conditions `conds` on the side `label` gives them.
    pub fn accuracy(&self, conds: &[usize], label: impl Fn(usize) -> f64, w: &DVector<f64>) -> f64 {
        let scores = t_mul(
            &self.test,
            &DMatrix::from_column_slice(w.len(), 1, w.as_slice()),
        );
        let mut hits = 0usize;
        let mut n = 0usize;
        for (r, &c) in self.test_cond.iter().enumerate() {
            if conds.contains(&c) {
                n += 1;
                hits += usize::from((scores[r] >= 0.0) == (label(c) > 0.0));
            }
        }
        hits as f64 / n.max(1) as f64
    }
}

/// [`Trials::new`] one condition at a time: the noise is drawn at once (the
/// same draws in the same order), the per-condition statistics — `(d+1)²·per`
/// multiply-adds each, the bulk of the work for a wide layer — one per call
/// of [`TrialsBuilder::add_condition`].
pub struct TrialsBuilder {
    train: DMatrix<f64>,
    per: usize,
    test: DMatrix<f64>,
    test_cond: Vec<usize>,
    blocks: Vec<DMatrix<f64>>,
    sums: Vec<DVector<f64>>,
}

impl TrialsBuilder {
    /// Draws the trials of [`Trials::new`]; no statistics yet.
    pub fn new(means: &DMatrix<f64>, per: usize, sigma: f64, rng: &mut Stream) -> Self {
        let all: Vec<usize> = (0..means.nrows()).collect();
        let train = with_bias(&trials(means, &all, per, sigma, rng).0);
        let (test, test_cond) = trials(means, &all, per, sigma, rng);
        Self {
            train,
            per,
            test: with_bias(&test).transpose(),
            test_cond,
            blocks: Vec::new(),
            sums: Vec::new(),
        }
    }

    /// Conditions whose statistics are computed, and conditions in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.blocks.len(), self.test_cond.len() / self.per.max(1))
    }

    /// Computes the statistics of the next condition; true once all are done.
    pub fn add_condition(&mut self) -> bool {
        let (done, conds) = self.progress();
        if done < conds {
            let r = self.train.rows(done * self.per, self.per).clone_owned();
            self.blocks.push(t_mul(&r, &r));
            self.sums
                .push(DVector::from_fn(r.ncols(), |k, _| math::sum(col(&r, k))));
        }
        self.blocks.len() >= conds
    }

    /// The trials, once every condition was added.
    pub fn finish(self) -> Trials {
        Trials {
            blocks: self.blocks,
            sums: self.sums,
            test: self.test,
            test_cond: self.test_cond,
        }
    }
}

/// The natural pairs of latent `i`: each condition with `z_i = +1` and the
/// one that differs only in `z_i`.
pub fn natural_pairs(conds: usize, i: usize) -> Vec<(usize, usize)> {
    (0..conds)
        .filter(|&c| latent(c, i) > 0.0)
        .map(|c| (c, c ^ (1 << i)))
        .collect()
}

/// One term of [`ccgp_latent_of`]: a classifier of latent `i` trained on
/// every condition but the pair `(a, b)`, its accuracy on that pair (0.5 if
/// the solve fails).
pub fn ccgp_pair(t: &Trials, i: usize, (a, b): (usize, usize)) -> f64 {
    let conds = t.blocks.len();
    let label = |c: usize| latent(c, i);
    let train: Vec<usize> = (0..conds).filter(|&c| c != a && c != b).collect();
    t.fit(&train, label)
        .map_or(0.5, |w| t.accuracy(&[a, b], label, &w))
}

/// Cross-condition generalisation of latent `i`: for each natural pair, train
/// on the trials of every other condition, test on the held-out pair; mean accuracy.
pub fn ccgp_latent_of(t: &Trials, i: usize) -> f64 {
    let pairs = natural_pairs(t.blocks.len(), i);
    let total: f64 = pairs.iter().map(|&p| ccgp_pair(t, i, p)).sum();
    total / pairs.len().max(1) as f64
}

/// [`ccgp_latent_of`] on fresh trials around `means`.
pub fn ccgp_latent(means: &DMatrix<f64>, i: usize, sigma: f64, rng: &mut Stream) -> f64 {
    ccgp_latent_of(&Trials::new(means, TRIALS, sigma, rng), i)
}

/// Every balanced dichotomy of `conds` conditions, each once (condition 0 on the `true` side).
pub fn balanced_dichotomies(conds: usize) -> Vec<Vec<bool>> {
    (0u32..1 << conds)
        .filter(|m| m.count_ones() as usize * 2 == conds && m & 1 == 1)
        .map(|m| (0..conds).map(|c| m >> c & 1 == 1).collect())
        .collect()
}

/// Shattering dimensionality: mean test accuracy of a linear classifier trained
/// on every condition, over all balanced dichotomies (a seeded random
/// [`MAX_DICHOTOMIES`] of them when there are more).
pub fn shattering_of(t: &Trials, rng: &mut Stream) -> f64 {
    ShatteringSolve::new(t, rng).score(t)
}

/// [`shattering_of`] in two halves: the dichotomies drawn and the shared
/// normal matrix factorised (a `(d+1)³/6` Cholesky), then every classifier
/// solved and scored.
pub struct ShatteringSolve {
    dichotomies: Vec<Vec<bool>>,
    factor: Option<nalgebra::linalg::Cholesky<f64, nalgebra::Dyn>>,
    s: DMatrix<f64>,
}

impl ShatteringSolve {
    /// Draws the dichotomies (a seeded subset when there are more than
    /// [`MAX_DICHOTOMIES`]) and factorises the shared normal matrix.
    pub fn new(t: &Trials, rng: &mut Stream) -> Self {
        let conds = t.blocks.len();
        let all: Vec<usize> = (0..conds).collect();
        let mut dichotomies = balanced_dichotomies(conds);
        if dichotomies.len() > MAX_DICHOTOMIES {
            for k in 0..MAX_DICHOTOMIES {
                let j = k + rng::below(rng, (dichotomies.len() - k) as u64) as usize;
                dichotomies.swap(k, j);
            }
            dichotomies.truncate(MAX_DICHOTOMIES);
        }
        // Every classifier shares G: w = G⁻¹ S y, so test scores are (T G⁻¹ S) y.
        let (g, s) = t.normal_equations(&all);
        Self {
            dichotomies,
            factor: g.cholesky(),
            s,
        }
    }

    /// The mean test accuracy over the dichotomies (0.5 if the factorisation failed).
    pub fn score(self, t: &Trials) -> f64 {
        let conds = t.blocks.len();
        let Some(ch) = self.factor else {
            return 0.5;
        };
        let scores = t_mul(&t.test, &ch.solve(&self.s));
        let total: f64 = self
            .dichotomies
            .iter()
            .map(|side| {
                let hits = (0..scores.nrows())
                    .filter(|&r| {
                        let v: f64 = (0..conds)
                            .map(|c| scores[(r, c)] * if side[c] { 1.0 } else { -1.0 })
                            .sum();
                        (v >= 0.0) == side[t.test_cond[r]]
                    })
                    .count();
                hits as f64 / scores.nrows().max(1) as f64
            })
            .sum();
        total / self.dichotomies.len().max(1) as f64
    }

    /// Dichotomies scored.
    pub fn dichotomies(&self) -> usize {
        self.dichotomies.len()
    }
}

/// [`shattering_of`] on fresh trials around `means`.
pub fn shattering(means: &DMatrix<f64>, sigma: f64, rng: &mut Stream) -> f64 {
    let t = Trials::new(means, TRIALS, sigma, rng);
    shattering_of(&t, rng)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Purpose;

    /// The 2^d conditions placed at their latent vectors (a perfect cube), embedded in `dim` dimensions.
    fn cube(d: usize, dim: usize) -> DMatrix<f64> {
        DMatrix::from_fn(1 << d, dim, |c, u| if u < d { latent(c, u) } else { 0.0 })
    }

    #[test]
    fn dichotomies_and_shattering() {
        assert_eq!(balanced_dichotomies(8).len(), 35);
        assert_eq!(balanced_dichotomies(4).len(), 3);
        let mut r = rng::stream(3, Purpose::Aux);
        // Orthogonal, well-separated points shatter every dichotomy.
        let m = DMatrix::from_fn(8, 16, |c, u| if u == c { 5.0 } else { 0.0 });
        assert!(shattering(&m, 0.1, &mut r) > 0.99);
        // A cube in 3-D cannot implement XOR-like dichotomies: well below 1.
        assert!(shattering(&cube(3, 3), 0.05, &mut r) < 0.95);
        // D = 4: a subset of the 6,435 dichotomies, still a valid accuracy.
        let sd = shattering(&cube(4, 6), 0.05, &mut r);
        assert!(sd > 0.5 && sd < 0.95, "{sd}");
        assert!(balanced_dichotomies(16).len() > MAX_DICHOTOMIES);
    }

    #[test]
    fn pooled_statistics_fit_the_same_ridge_classifier_as_the_rows() {
        let mut r = rng::stream(4, Purpose::Aux);
        let means = DMatrix::from_fn(8, 5, |_, _| rng::normal(&mut r));
        let mut r1 = rng::stream(9, Purpose::Aux);
        let t = Trials::new(&means, 6, 0.3, &mut r1);
        let train = [0, 2, 3, 5, 6];
        let label = |c: usize| latent(c, 1);
        let w = t.fit(&train, label).unwrap();
        // The same trials, solved directly from the stacked rows.
        let mut r2 = rng::stream(9, Purpose::Aux);
        let (x, lab) = trials(&means, &(0..8).collect::<Vec<_>>(), 6, 0.3, &mut r2);
        let keep: Vec<usize> = (0..x.nrows())
            .filter(|&k| train.contains(&lab[k]))
            .collect();
        let a = with_bias(&x.select_rows(keep.iter()));
        let y = DVector::from_iterator(keep.len(), keep.iter().map(|&k| label(lab[k])));
        let mut g = a.transpose() * &a;
        for k in 0..5 {
            g[(k, k)] += RIDGE;
        }
        let direct = g.cholesky().unwrap().solve(&(a.transpose() * y));
        assert!((w - direct).amax() < 1e-9);
    }
}

//! Geometry of condition means (one row per condition): the parallelism score,
//! cross-condition generalisation, kernel alignment and shattering dimensionality.
//!
//! Conditions are indexed by their latent bits: condition `c` has latent
//! `i` equal to `+1` when bit `i` of `c` is set, `−1` otherwise.

use crate::math;
use crate::rng::{self, Stream};
use alloc::vec::Vec;
use nalgebra::{DMatrix, DVector};

/// Latent `i` of condition `c` as ±1.
pub fn latent(c: usize, i: usize) -> f64 {
    if c >> i & 1 == 1 { 1.0 } else { -1.0 }
}

fn cosine(a: &DVector<f64>, b: &DVector<f64>) -> f64 {
    let d = a.norm() * b.norm();
    if d > 0.0 { a.dot(b) / d } else { 0.0 }
}

/// Mean pairwise cosine of the coding vectors `means[a] − means[b]` of `pairs`.
fn pairing_score(means: &DMatrix<f64>, pairs: &[(usize, usize)]) -> f64 {
    let coding: Vec<DVector<f64>> = pairs
        .iter()
        .map(|&(a, b)| (means.row(a) - means.row(b)).transpose())
        .collect();
    let mut sum = 0.0;
    let mut count = 0.0;
    for i in 0..coding.len() {
        for j in i + 1..coding.len() {
            sum += cosine(&coding[i], &coding[j]);
            count += 1.0;
        }
    }
    if count > 0.0 { sum / count } else { 0.0 }
}

/// Parallelism score of latent `i` with its natural pairing: each condition
/// with `z_i = +1` against the one that differs only in `z_i`.
pub fn parallelism_latent(means: &DMatrix<f64>, i: usize) -> f64 {
    let pairs: Vec<(usize, usize)> = (0..means.nrows())
        .filter(|&c| latent(c, i) > 0.0)
        .map(|c| (c, c ^ (1 << i)))
        .collect();
    pairing_score(means, &pairs)
}

/// Parallelism score of an arbitrary balanced dichotomy (`side[c]` true for one
/// half): the maximum over all pairings of the two halves.
pub fn parallelism_dichotomy(means: &DMatrix<f64>, side: &[bool]) -> f64 {
    let a: Vec<usize> = (0..side.len()).filter(|&c| side[c]).collect();
    let mut b: Vec<usize> = (0..side.len()).filter(|&c| !side[c]).collect();
    let mut best = f64::NEG_INFINITY;
    permute(&mut b, 0, &mut |perm| {
        let pairs: Vec<(usize, usize)> = a.iter().copied().zip(perm.iter().copied()).collect();
        best = best.max(pairing_score(means, &pairs));
    });
    best
}

fn permute(v: &mut [usize], k: usize, f: &mut impl FnMut(&[usize])) {
    if k == v.len() {
        f(v);
        return;
    }
    for i in k..v.len() {
        v.swap(k, i);
        permute(v, k + 1, f);
        v.swap(k, i);
    }
}

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

/// Trials per condition of the convenience functions, and the ridge of every classifier.
const TRIALS: usize = 20;
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

/// Column `j` of a matrix as a slice (columns are contiguous).
fn col(m: &DMatrix<f64>, j: usize) -> &[f64] {
    let n = m.nrows();
    &m.as_slice()[j * n..(j + 1) * n]
}

/// `aᵀ b` by dot products of columns in a fixed order: the same bits on every
/// platform (nalgebra's products may use a BLAS kernel with run-time FMA).
pub fn t_mul(a: &DMatrix<f64>, b: &DMatrix<f64>) -> DMatrix<f64> {
    DMatrix::from_fn(a.ncols(), b.ncols(), |i, j| math::dot(col(a, i), col(b, j)))
}

impl Trials {
    /// `per` training and `per` test trials around each condition mean, noise `sigma`.
    pub fn new(means: &DMatrix<f64>, per: usize, sigma: f64, rng: &mut Stream) -> Self {
        let conds = means.nrows();
        let all: Vec<usize> = (0..conds).collect();
        let train = with_bias(&trials(means, &all, per, sigma, rng).0);
        let (test, test_cond) = trials(means, &all, per, sigma, rng);
        let rows = |c: usize| train.rows(c * per, per).clone_owned();
        Self {
            blocks: (0..conds).map(|c| t_mul(&rows(c), &rows(c))).collect(),
            sums: (0..conds)
                .map(|c| {
                    let r = rows(c);
                    DVector::from_fn(r.ncols(), |k, _| math::sum(col(&r, k)))
                })
                .collect(),
            test: with_bias(&test).transpose(),
            test_cond,
        }
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

/// Cross-condition generalisation of latent `i`: for each natural pair, train
/// on the trials of every other condition, test on the held-out pair; mean accuracy.
pub fn ccgp_latent_of(t: &Trials, i: usize) -> f64 {
    let conds = t.blocks.len();
    let label = |c: usize| latent(c, i);
    let pairs: Vec<(usize, usize)> = (0..conds)
        .filter(|&c| latent(c, i) > 0.0)
        .map(|c| (c, c ^ (1 << i)))
        .collect();
    let total: f64 = pairs
        .iter()
        .map(|&(a, b)| {
            let train: Vec<usize> = (0..conds).filter(|&c| c != a && c != b).collect();
            t.fit(&train, label)
                .map_or(0.5, |w| t.accuracy(&[a, b], label, &w))
        })
        .sum();
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
    let Some(ch) = g.cholesky() else {
        return 0.5;
    };
    let scores = t_mul(&t.test, &ch.solve(&s));
    let total: f64 = dichotomies
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
    total / dichotomies.len().max(1) as f64
}

/// [`shattering_of`] on fresh trials around `means`.
pub fn shattering(means: &DMatrix<f64>, sigma: f64, rng: &mut Stream) -> f64 {
    let t = Trials::new(means, TRIALS, sigma, rng);
    shattering_of(&t, rng)
}

/// Centred kernel alignment of two Gram matrices (conditions × conditions).
pub fn kernel_alignment(k: &DMatrix<f64>, l: &DMatrix<f64>) -> f64 {
    let (kc, lc) = (centre(k), centre(l));
    let denom = math::sqrt(kc.dot(&kc) * lc.dot(&lc));
    if denom > 0.0 {
        kc.dot(&lc) / denom
    } else {
        0.0
    }
}

/// A kernel centred across conditions, `C K C` with `C = I − 11ᵀ/n` (what the
/// alignment compares).
pub fn centre(k: &DMatrix<f64>) -> DMatrix<f64> {
    let n = k.nrows();
    let inv = 1.0 / n.max(1) as f64;
    let row: Vec<f64> = (0..n)
        .map(|a| (0..n).map(|b| k[(a, b)]).sum::<f64>() * inv)
        .collect();
    let colm: Vec<f64> = (0..n).map(|b| math::sum(col(k, b)) * inv).collect();
    let all = row.iter().sum::<f64>() * inv;
    DMatrix::from_fn(n, n, |a, b| k[(a, b)] - row[a] - colm[b] + all)
}

/// Gram matrix `X Xᵀ` of the rows (fixed summation order, see [`t_mul`]).
pub fn gram(x: &DMatrix<f64>) -> DMatrix<f64> {
    let xt = x.transpose();
    t_mul(&xt, &xt)
}

/// The first `k` principal-component coordinates of each row (rows centred;
/// components from the SVD, sign fixed so each axis's largest loading is positive).
pub fn pca(x: &DMatrix<f64>, k: usize) -> DMatrix<f64> {
    let (n, d) = x.shape();
    let centred = DMatrix::from_fn(n, d, |r, c| x[(r, c)] - x.column(c).mean());
    let svd = centred.clone().svd(false, true);
    let Some(vt) = svd.v_t else {
        return DMatrix::zeros(n, k);
    };
    // Singular values are not sorted by nalgebra: order the components ourselves.
    let mut order: Vec<usize> = (0..svd.singular_values.len()).collect();
    order.sort_by(|&a, &b| svd.singular_values[b].total_cmp(&svd.singular_values[a]));
    let mut out = DMatrix::zeros(n, k);
    for (j, &comp) in order.iter().take(k).enumerate() {
        let axis = vt.row(comp).transpose();
        let sign = if axis
            .iter()
            .fold(0.0f64, |m, v| if v.abs() > m.abs() { *v } else { m })
            < 0.0
        {
            -1.0
        } else {
            1.0
        };
        for r in 0..n {
            out[(r, j)] = sign * centred.row(r).transpose().dot(&axis);
        }
    }
    out
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
    fn a_cube_is_perfectly_abstract() {
        let m = cube(3, 10);
        let mut r = rng::stream(1, Purpose::Aux);
        for i in 0..3 {
            assert!((parallelism_latent(&m, i) - 1.0).abs() < 1e-12);
            assert_eq!(ccgp_latent(&m, i, 0.1, &mut r), 1.0);
        }
        let side: Vec<bool> = (0..8).map(|c| latent(c, 1) > 0.0).collect();
        assert!((parallelism_dichotomy(&m, &side) - 1.0).abs() < 1e-12);
        assert!((kernel_alignment(&gram(&m), &gram(&cube(3, 3))) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn pca_recovers_a_planar_square() {
        // Four points on a square in the first two of 5 dimensions, plus a constant offset.
        let m = DMatrix::from_fn(4, 5, |c, u| match u {
            0 => latent(c, 0) * 3.0,
            1 => latent(c, 1),
            _ => 7.0,
        });
        let p = pca(&m, 2);
        for c in 0..4 {
            assert!(
                (p[(c, 0)].abs() - 3.0).abs() < 1e-9 && (p[(c, 1)].abs() - 1.0).abs() < 1e-9,
                "{p}"
            );
        }
    }

    #[test]
    fn random_points_are_not() {
        let mut r = rng::stream(2, Purpose::Aux);
        let mut ps = 0.0;
        for _ in 0..20 {
            let m = DMatrix::from_fn(8, 64, |_, _| rng::normal(&mut r));
            ps += parallelism_latent(&m, 0) / 20.0;
        }
        assert!(ps.abs() < 0.1, "mean PS of random geometry {ps}");
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

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

/// A ridge-regression linear classifier on ±1 targets (with a bias); returns
/// weights `[w; b]`, or `None` if the solve fails.
pub fn fit_linear(x: &DMatrix<f64>, y: &[f64], ridge: f64) -> Option<DVector<f64>> {
    let (n, d) = x.shape();
    let mut a = DMatrix::zeros(n, d + 1);
    a.view_mut((0, 0), (n, d)).copy_from(x);
    a.column_mut(d).fill(1.0);
    let mut g = a.transpose() * &a;
    for k in 0..d {
        g[(k, k)] += ridge;
    }
    let rhs = a.transpose() * DVector::from_column_slice(y);
    g.cholesky().map(|c| c.solve(&rhs))
}

/// Fraction of rows of `x` whose sign of `x·w + b` equals `y`.
pub fn accuracy(x: &DMatrix<f64>, y: &[f64], w: &DVector<f64>) -> f64 {
    let d = x.ncols();
    let hits = (0..x.nrows())
        .filter(|&r| {
            let s = (0..d).map(|k| x[(r, k)] * w[k]).sum::<f64>() + w[d];
            (s >= 0.0) == (y[r] > 0.0)
        })
        .count();
    hits as f64 / x.nrows().max(1) as f64
}

/// Trials per condition and ridge used by CCGP and shattering.
const TRIALS: usize = 20;
const RIDGE: f64 = 1e-3;

/// Cross-condition generalisation of latent `i`: for each natural pair, train
/// on noisy trials of every other condition, test on the held-out pair; mean accuracy.
pub fn ccgp_latent(means: &DMatrix<f64>, i: usize, sigma: f64, rng: &mut Stream) -> f64 {
    let conds = means.nrows();
    let pairs: Vec<(usize, usize)> = (0..conds)
        .filter(|&c| latent(c, i) > 0.0)
        .map(|c| (c, c ^ (1 << i)))
        .collect();
    let mut total = 0.0;
    for &(a, b) in &pairs {
        let train: Vec<usize> = (0..conds).filter(|&c| c != a && c != b).collect();
        let (x, lab) = trials(means, &train, TRIALS, sigma, rng);
        let y: Vec<f64> = lab.iter().map(|&c| latent(c, i)).collect();
        let (tx, tlab) = trials(means, &[a, b], TRIALS, sigma, rng);
        let ty: Vec<f64> = tlab.iter().map(|&c| latent(c, i)).collect();
        total += fit_linear(&x, &y, RIDGE).map_or(0.5, |w| accuracy(&tx, &ty, &w));
    }
    total / pairs.len().max(1) as f64
}

/// Every balanced dichotomy of `conds` conditions, each once (condition 0 on the `true` side).
pub fn balanced_dichotomies(conds: usize) -> Vec<Vec<bool>> {
    (0u32..1 << conds)
        .filter(|m| m.count_ones() as usize * 2 == conds && m & 1 == 1)
        .map(|m| (0..conds).map(|c| m >> c & 1 == 1).collect())
        .collect()
}

/// Shattering dimensionality: mean test accuracy of a linear classifier over all
/// balanced dichotomies (fresh noisy trials for training and testing).
pub fn shattering(means: &DMatrix<f64>, sigma: f64, rng: &mut Stream) -> f64 {
    let conds = means.nrows();
    let all: Vec<usize> = (0..conds).collect();
    let dichotomies = balanced_dichotomies(conds);
    let mut total = 0.0;
    for side in &dichotomies {
        let label = |c: usize| if side[c] { 1.0 } else { -1.0 };
        let (x, lab) = trials(means, &all, TRIALS, sigma, rng);
        let (tx, tlab) = trials(means, &all, TRIALS, sigma, rng);
        let y: Vec<f64> = lab.iter().map(|&c| label(c)).collect();
        let ty: Vec<f64> = tlab.iter().map(|&c| label(c)).collect();
        total += fit_linear(&x, &y, RIDGE).map_or(0.5, |w| accuracy(&tx, &ty, &w));
    }
    total / dichotomies.len().max(1) as f64
}

/// Centred kernel alignment of two Gram matrices (conditions × conditions).
pub fn kernel_alignment(k: &DMatrix<f64>, l: &DMatrix<f64>) -> f64 {
    let n = k.nrows();
    let h = DMatrix::identity(n, n) - DMatrix::from_element(n, n, 1.0 / n as f64);
    let (kc, lc) = (&h * k * &h, &h * l * &h);
    let denom = math::sqrt(kc.dot(&kc) * lc.dot(&lc));
    if denom > 0.0 {
        kc.dot(&lc) / denom
    } else {
        0.0
    }
}

/// Gram matrix `X Xᵀ` of the rows.
pub fn gram(x: &DMatrix<f64>) -> DMatrix<f64> {
    x * x.transpose()
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
    }
}

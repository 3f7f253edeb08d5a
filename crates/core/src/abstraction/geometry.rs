//! Geometry of condition means (one row per condition): the parallelism score,
//! cross-condition generalisation, kernel alignment and shattering dimensionality.
//!
//! Conditions are indexed by their latent bits: condition `c` has latent
//! `i` equal to `+1` when bit `i` of `c` is set, `−1` otherwise.

use crate::math;
use alloc::vec::Vec;
use nalgebra::{DMatrix, DVector};

// The classifiers (CCGP, shattering) live in `classify.rs`; their names stay
// reachable from here, where the lab's scores have always been.
pub use super::classify::*;

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

/// Column `j` of a matrix as a slice (columns are contiguous).
pub(crate) fn col(m: &DMatrix<f64>, j: usize) -> &[f64] {
    let n = m.nrows();
    &m.as_slice()[j * n..(j + 1) * n]
}

/// `aᵀ b` by dot products of columns in a fixed order: the same bits on every
/// platform (nalgebra's products may use a BLAS kernel with run-time FMA).
pub fn t_mul(a: &DMatrix<f64>, b: &DMatrix<f64>) -> DMatrix<f64> {
    DMatrix::from_fn(a.ncols(), b.ncols(), |i, j| math::dot(col(a, i), col(b, j)))
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
    crate::sort::sort_by(&mut order, |&a, &b| {
        svd.singular_values[b].total_cmp(&svd.singular_values[a])
    });
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
    use crate::rng::{self, Purpose};

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
}

//! The structural terms on the prototypes — coverage (attractor) and
//! separation (repulsive) — and the sample windows every term uses.

use super::Objective;
use crate::data::Dataset;
use crate::math;
use alloc::vec::Vec;

impl Objective {
    /// Coverage value; adds `scale ×` its gradient w.r.t. the prototypes to `grad_p`.
    #[inline(always)]
    pub(super) fn coverage(&mut self, data: &Dataset, tau: f64, scale: f64) -> f64 {
        let n = self.n;
        self.mins.iter_mut().for_each(|m| *m = f64::INFINITY);
        for &p in &self.proto {
            for (m, &x) in self.mins.iter_mut().zip(&data.x) {
                *m = math::running_min(*m, (x - p) * (x - p));
            }
        }
        // Soft-min shifted by the hard minimum: every Z_i >= 1, no underflow.
        self.zsum.iter_mut().for_each(|z| *z = 0.0);
        let inv_tau = 1.0 / tau;
        // A weight is non-zero only if (x − p)² − m_i <= −cutoff·τ, so within
        // this distance of the prototype.
        let max_min = self.mins.iter().copied().fold(0.0, f64::max);
        let reach = pad(math::sqrt(max_min - math::EXP_NEG_CUTOFF * tau));
        for (j, &p) in self.proto.iter().enumerate() {
            let (lo, hi) = interval_window(p - reach, p + reach, &data.x);
            self.cover_span[j] = (lo, hi);
            let row = &mut self.soft[j * n + lo..j * n + hi];
            // Arguments, exponentials in blocks, sums: as in `forward`.
            for ((e, &x), &m) in row.iter_mut().zip(&data.x[lo..hi]).zip(&self.mins[lo..hi]) {
                let d = (x - p) * (x - p);
                *e = -(d - m) * inv_tau;
            }
            math::exp_neg_in_place(row);
            for (z, &e) in self.zsum[lo..hi].iter_mut().zip(row.iter()) {
                *z += e;
            }
        }
        let log_h = math::ln(self.h as f64);
        let mut value = 0.0;
        for i in 0..n {
            value += self.mins[i] - tau * (math::ln(self.zsum[i]) - log_h);
        }
        if scale > 0.0 {
            for i in 0..n {
                self.u[i] = 1.0 / self.zsum[i];
                self.v[i] = data.x[i] * self.u[i];
            }
            // d/dp_j = (2/N) Σ_i softmax_ij (p_j − x_i)
            let k = 2.0 * scale / n as f64;
            for (j, &p) in self.proto.iter().enumerate() {
                let (lo, hi) = self.cover_span[j];
                let row = &self.soft[j * n + lo..j * n + hi];
                self.grad_p[j] +=
                    k * (p * math::dot(row, &self.u[lo..hi]) - math::dot(row, &self.v[lo..hi]));
            }
        }
        value / n as f64
    }
}

/// Scratch of the separation term: the prototypes in sorted order and the
/// pairs of one row.
#[derive(Clone, Debug)]
pub(crate) struct Pairs {
    order: Vec<usize>,
    sorted_p: Vec<f64>,
    sorted_grad: Vec<f64>,
    pair_e: Vec<f64>,
    pair_t: Vec<f64>,
}

impl Pairs {
    /// Scratch for H units.
    pub(super) fn new(h: usize) -> Self {
        let unit = || alloc::vec![0.0; h];
        Self {
            order: (0..h).collect(),
            sorted_p: unit(),
            sorted_grad: unit(),
            pair_e: unit(),
            pair_t: unit(),
        }
    }

    /// Separation value of `proto`; adds `scale ×` its gradient to `grad_p`.
    ///
    /// Works on the prototypes in sorted order, where the partners a unit can
    /// interact with (|p_j − p_k|² <= −cutoff·τ) are a contiguous run after it.
    #[inline(always)]
    pub(super) fn separation(
        &mut self,
        proto: &[f64],
        grad_p: &mut [f64],
        tau: f64,
        scale: f64,
    ) -> f64 {
        let h = proto.len();
        let inv_tau = 1.0 / tau;
        let k = 4.0 * scale / (h as f64 * tau);
        let reach = pad(math::sqrt(-math::EXP_NEG_CUTOFF * tau));
        self.order
            .sort_unstable_by(|&a, &b| proto[a].total_cmp(&proto[b]));
        for (s, &j) in self.sorted_p.iter_mut().zip(&self.order) {
            *s = proto[j];
        }
        self.sorted_grad.iter_mut().for_each(|g| *g = 0.0);
        let mut pair_sum = 0.0;
        for j in 0..h {
            let pj = self.sorted_p[j];
            let end = j + 1 + self.sorted_p[j + 1..].partition_point(|&pk| pk - pj <= reach);
            let rest = j + 1..end;
            for (e, &pk) in self.pair_e[rest.clone()]
                .iter_mut()
                .zip(&self.sorted_p[rest.clone()])
            {
                let d = pj - pk;
                *e = -d * d * inv_tau;
            }
            math::exp_neg_in_place(&mut self.pair_e[rest.clone()]);
            for ((t, &e), &pk) in self.pair_t[rest.clone()]
                .iter_mut()
                .zip(&self.pair_e[rest.clone()])
                .zip(&self.sorted_p[rest.clone()])
            {
                *t = e * (pj - pk);
            }
            pair_sum += math::sum(&self.pair_e[rest.clone()]);
            if scale > 0.0 {
                self.sorted_grad[j] -= k * math::sum(&self.pair_t[rest.clone()]);
                for (g, &t) in self.sorted_grad[rest.clone()]
                    .iter_mut()
                    .zip(&self.pair_t[rest])
                {
                    *g += k * t;
                }
            }
        }
        if scale > 0.0 {
            for (&j, &g) in self.order.iter().zip(&self.sorted_grad) {
                grad_p[j] += g;
            }
        }
        2.0 * pair_sum / h as f64
    }
}

/// Widens a window bound so rounding can never exclude a sample that counts.
#[inline(always)]
pub(super) fn pad(reach: f64) -> f64 {
    reach * (1.0 + 1e-9) + 1e-12
}

/// The samples `[lo, hi)` of sorted `x` inside `[from, to]` (padded).
#[inline(always)]
pub(super) fn interval_window(from: f64, to: f64, x: &[f64]) -> (usize, usize) {
    let slack = 1e-9 * (1.0 + from.abs() + to.abs());
    let lo = x.partition_point(|&v| v < from - slack);
    let hi = x.partition_point(|&v| v <= to + slack);
    (lo, hi.max(lo))
}

/// The samples where a unit `(w, b)` has `|w x + b| <= reach`, i.e. a response
/// that is not exactly zero.
#[inline(always)]
pub(super) fn response_window(w: f64, b: f64, reach: f64, x: &[f64]) -> (usize, usize) {
    let reach = pad(reach);
    if w == 0.0 {
        return if b.abs() <= reach {
            (0, x.len())
        } else {
            (0, 0)
        };
    }
    let (a, c) = ((-reach - b) / w, (reach - b) / w);
    interval_window(a.min(c), a.max(c), x)
}

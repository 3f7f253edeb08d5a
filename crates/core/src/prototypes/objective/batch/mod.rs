//! The objective of several runs of one shape in lockstep: one run per vector
//! lane, each lane computing exactly the operations of [`Objective::evaluate`]
//! on its own run, so every run gets the same bits as on its own.
//!
//! Buffers hold `[f64; L]` per sample (lane `r` is run `r`), so every loop
//! over samples is a loop of whole vectors. The windows of [`Objective`] stay
//! per run: unit `j` of run `r` covers its own samples `[lo, hi)`; the lanes
//! walk the union of their windows, and a lane outside its own keeps its
//! values (a select, not an add of zero). The window sums keep the single
//! run's order: [`math::dot`]'s accumulator `k` of run `r` holds the samples
//! `lo + k (mod 4)` of the whole fours, so it is the union walk's accumulator
//! `(lo + k) mod 4`; the rest is added one by one after them. Separation
//! (sorted prototypes, per-run pair windows) runs lane by lane with the
//! single run's code.
//!
//! [`Objective`]: super::Objective
//! [`Objective::evaluate`]: super::Objective::evaluate

// The lane loops index several lane arrays with the same `r`.
#![allow(clippy::needless_range_loop)]

mod window;

use super::dispatch::Level;
use super::structural::{Pairs, interval_window, pad, response_window};
use super::{LossTerms, Weights, chain_prototype_gradient};
use crate::data::Dataset;
use crate::isa::Isa;
use crate::math;
use crate::model::{GaussianMlp, prototype};
use alloc::vec::Vec;
use window::{Window, window_sum};

/// Runs per batch in the native build: one AVX-512 register of f64 (two
/// AVX2 registers, four SSE2 ones).
#[cfg(not(target_arch = "wasm32"))]
pub const LANES: usize = 8;
/// Runs per batch in the wasm build: two simd128 registers.
#[cfg(target_arch = "wasm32")]
pub const LANES: usize = 4;

/// One f64 per lane.
type Lanes = [f64; LANES];
const ZERO: Lanes = [0.0; LANES];

/// One run of a batch: what [`Objective::evaluate`](super::Objective::evaluate) reads and writes.
pub(crate) struct Lane<'a> {
    /// The run's network.
    pub model: &'a GaussianMlp,
    /// Its data.
    pub data: &'a Dataset,
    /// Its loss weights.
    pub weights: &'a Weights,
    /// Where its gradient goes (length `3H + 1`).
    pub grads: &'a mut [f64],
    /// The separation scratch of the run's own objective.
    pub pairs: &'a mut Pairs,
}

/// Scratch for evaluating up to [`LANES`] runs of N samples and H units.
#[derive(Clone, Debug)]
pub(crate) struct BatchObjective {
    n: usize,
    h: usize,
    x: Vec<Lanes>,
    y: Vec<Lanes>,
    yhat: Vec<Lanes>,
    sum_h: Vec<Lanes>,
    sum_h2: Vec<Lanes>,
    g: Vec<Lanes>,
    ov: Vec<Lanes>,
    mins: Vec<Lanes>,
    zsum: Vec<Lanes>,
    u: Vec<Lanes>,
    v: Vec<Lanes>,
    /// Per unit, the responses at the samples the lanes' windows cover
    /// (`[j * N + i]`).
    resp: Vec<Lanes>,
    /// Per unit, the coverage weights, laid out as `resp`.
    soft: Vec<Lanes>,
    dz: Vec<Lanes>,
    span: Vec<Window>,
    cover_span: Vec<Window>,
    /// Prototypes and their gradients, run-major (`[r * H + j]`).
    proto: Vec<f64>,
    grad_p: Vec<f64>,
    level: Level,
}

impl BatchObjective {
    /// Buffers for runs of N samples and H units.
    pub fn new(n: usize, h: usize) -> Self {
        let col = || alloc::vec![ZERO; n];
        Self {
            n,
            h,
            x: col(),
            y: col(),
            yhat: col(),
            sum_h: col(),
            sum_h2: col(),
            g: col(),
            ov: col(),
            mins: col(),
            zsum: col(),
            u: col(),
            v: col(),
            resp: alloc::vec![ZERO; n * h],
            soft: alloc::vec![ZERO; n * h],
            dz: col(),
            span: alloc::vec![Window::default(); h],
            cover_span: alloc::vec![Window::default(); h],
            proto: alloc::vec![0.0; LANES * h],
            grad_p: alloc::vec![0.0; LANES * h],
            level: Level::detect(),
        }
    }

    /// (N, H) of the runs it takes.
    pub fn shape(&self) -> (usize, usize) {
        (self.n, self.h)
    }

    /// Evaluates with `isa` from now on if this CPU has it (else the baseline).
    pub fn set_isa(&mut self, isa: Isa) {
        self.level = Level::new(isa);
    }

    /// Whether runs with these weights can share a batch: the same terms
    /// switched on (the weights and temperatures themselves may differ).
    pub fn same_terms(a: &Weights, b: &Weights) -> bool {
        (a.coverage > 0.0, a.separation > 0.0) == (b.coverage > 0.0, b.separation > 0.0)
    }

    /// The loss terms and gradients of 1 to [`LANES`] runs of this shape with
    /// the same terms on ([`Self::same_terms`]): bit for bit what
    /// [`Objective::evaluate`](super::Objective::evaluate) gives each run with
    /// `all_terms` off and a gradient.
    pub fn evaluate(&mut self, lanes: &mut [Lane<'_>]) -> Vec<LossTerms> {
        assert!(
            (1..=LANES).contains(&lanes.len()),
            "1 to {LANES} runs per batch"
        );
        for lane in lanes.iter() {
            assert_eq!(
                (lane.data.len(), lane.model.width()),
                (self.n, self.h),
                "batch shape"
            );
            assert!(
                Self::same_terms(lane.weights, lanes[0].weights),
                "batch terms"
            );
        }
        self.level.run(
            #[inline(always)]
            || self.evaluate_impl(lanes),
        )
    }

    #[inline(always)]
    fn evaluate_impl(&mut self, lanes: &mut [Lane<'_>]) -> Vec<LossTerms> {
        // Lanes without a run repeat the last one; their results are dropped.
        let last = lanes.len() - 1;
        let pick = move |r: usize| r.min(last);
        let mut terms = self.forward(lanes, pick);
        self.backward_fit_overlap(lanes, pick);
        self.grad_p.iter_mut().for_each(|g| *g = 0.0);
        let w0 = *lanes[0].weights;
        if w0.coverage > 0.0 {
            let cover = self.coverage(lanes, pick);
            for (t, c) in terms.iter_mut().zip(cover) {
                t.coverage = c;
            }
        }
        let h = self.h;
        for (r, lane) in lanes.iter_mut().enumerate() {
            let w = lane.weights;
            let t = &mut terms[r];
            let (proto, grad_p) = (
                &self.proto[r * h..(r + 1) * h],
                &mut self.grad_p[r * h..(r + 1) * h],
            );
            if w.separation > 0.0 {
                t.separation = lane.pairs.separation(proto, grad_p, w.tau_s, w.separation);
            }
            chain_prototype_gradient(lane.model, grad_p, lane.grads);
            t.total = t.fit
                + w.coverage * t.coverage
                + w.separation * t.separation
                + w.overlap * t.overlap;
        }
        terms.truncate(lanes.len());
        terms
    }

    /// Responses, predictions, fit and overlap of every lane; fills `proto`.
    #[inline(always)]
    fn forward(&mut self, lanes: &[Lane<'_>], pick: impl Fn(usize) -> usize) -> Vec<LossTerms> {
        let (n, h) = (self.n, self.h);
        for r in 0..LANES {
            let lane = &lanes[pick(r)];
            for i in 0..n {
                self.x[i][r] = lane.data.x[i];
                self.y[i][r] = lane.data.y[i];
                self.yhat[i][r] = lane.model.c();
            }
        }
        self.sum_h.iter_mut().for_each(|v| *v = ZERO);
        self.sum_h2.iter_mut().for_each(|v| *v = ZERO);
        let reach = math::sqrt(-math::EXP_NEG_CUTOFF);
        for j in 0..h {
            let (mut w, mut b, mut a) = (ZERO, ZERO, ZERO);
            let mut win = Window::default();
            for r in 0..LANES {
                let lane = &lanes[pick(r)];
                (w[r], b[r], a[r]) = (lane.model.w()[j], lane.model.b()[j], lane.model.a()[j]);
                if r < lanes.len() {
                    self.proto[r * h + j] = prototype(w[r], b[r]);
                }
                (win.lo[r], win.hi[r]) = response_window(w[r], b[r], reach, &lane.data.x);
            }
            self.span[j] = win;
            let all = win.union();
            let row = &mut self.resp[j * n + all.start..j * n + all.end];
            for (e, x) in row.iter_mut().zip(&self.x[all.clone()]) {
                for r in 0..LANES {
                    let z = w[r] * x[r] + b[r];
                    e[r] = -z * z;
                }
            }
            math::exp_neg_in_place(row.as_flattened_mut());
            for (i, hv) in all.zip(row.iter()) {
                let (yhat, s, q) = (&mut self.yhat[i], &mut self.sum_h[i], &mut self.sum_h2[i]);
                for r in 0..LANES {
                    let hv = hv[r];
                    let inside = win.holds(i, r);
                    yhat[r] = if inside { yhat[r] + a[r] * hv } else { yhat[r] };
                    s[r] = if inside { s[r] + hv } else { s[r] };
                    q[r] = if inside { q[r] + hv * hv } else { q[r] };
                }
            }
        }
        let inv_n = 1.0 / n as f64;
        let (mut fit, mut overlap) = (ZERO, ZERO);
        for i in 0..n {
            for r in 0..LANES {
                let e = self.yhat[i][r] - self.y[i][r];
                fit[r] += e * e;
                overlap[r] += self.sum_h[i][r] * self.sum_h[i][r] - self.sum_h2[i][r];
            }
        }
        (0..LANES)
            .map(|r| LossTerms {
                fit: fit[r] * inv_n,
                overlap: overlap[r] * inv_n,
                ..LossTerms::default()
            })
            .collect()
    }

    /// Gradient of `fit + λ_O·overlap` into every lane's w, b, a, c.
    #[inline(always)]
    fn backward_fit_overlap(&mut self, lanes: &mut [Lane<'_>], pick: impl Fn(usize) -> usize) {
        let (n, h) = (self.n, self.h);
        let inv_n = 1.0 / n as f64;
        let mut lambda_o = ZERO;
        for (r, l) in lambda_o.iter_mut().enumerate() {
            *l = lanes[pick(r)].weights.overlap;
        }
        for i in 0..n {
            for r in 0..LANES {
                self.g[i][r] = 2.0 * (self.yhat[i][r] - self.y[i][r]) * inv_n;
                self.ov[i][r] = 2.0 * lambda_o[r] * self.sum_h[i][r] * inv_n;
            }
        }
        let kq = lambda_o.map(|l| 2.0 * l * inv_n);
        let gc = window_sum(&Window::whole(n), |i, r| self.g[i][r]);
        for j in 0..h {
            let (mut w, mut b, mut a) = (ZERO, ZERO, ZERO);
            for r in 0..LANES {
                let m = lanes[pick(r)].model;
                (w[r], b[r], a[r]) = (m.w()[j], m.b()[j], m.a()[j]);
            }
            let win = self.span[j];
            let all = win.union();
            let row = &self.resp[j * n + all.start..j * n + all.end];
            let dzs = &mut self.dz[all.clone()];
            for (i, (dz, hv)) in all.clone().zip(dzs.iter_mut().zip(row)) {
                let (x, g, ov) = (&self.x[i], &self.g[i], &self.ov[i]);
                for r in 0..LANES {
                    let z = w[r] * x[r] + b[r];
                    let dh = g[r] * a[r] + ov[r] - kq[r] * hv[r];
                    dz[r] = -2.0 * z * hv[r] * dh;
                }
            }
            let (dz, x, g) = (&self.dz, &self.x, &self.g);
            let row = |i: usize| &self.resp[j * n + i];
            let gw = window_sum(&win, |i, r| dz[i][r] * x[i][r]);
            let gb = window_sum(&win, |i, r| dz[i][r]);
            let ga = window_sum(&win, |i, r| g[i][r] * row(i)[r]);
            for (r, lane) in lanes.iter_mut().enumerate() {
                lane.grads[j] = gw[r];
                lane.grads[h + j] = gb[r];
                lane.grads[2 * h + j] = ga[r];
            }
        }
        for (r, lane) in lanes.iter_mut().enumerate() {
            lane.grads[3 * h] = gc[r];
        }
    }

    /// Coverage value of every lane; adds its gradient to `grad_p`.
    #[inline(always)]
    fn coverage(&mut self, lanes: &[Lane<'_>], pick: impl Fn(usize) -> usize) -> Lanes {
        let (n, h) = (self.n, self.h);
        let (mut tau, mut scale) = (ZERO, ZERO);
        for r in 0..LANES {
            let w = lanes[pick(r)].weights;
            (tau[r], scale[r]) = (w.tau_c, w.coverage);
        }
        let p_of = |proto: &[f64], r: usize, j: usize| proto[pick(r) * h + j];
        self.mins
            .iter_mut()
            .for_each(|m| *m = [f64::INFINITY; LANES]);
        for j in 0..h {
            let p: Lanes = core::array::from_fn(|r| p_of(&self.proto, r, j));
            for (m, x) in self.mins.iter_mut().zip(&self.x) {
                for r in 0..LANES {
                    m[r] = math::running_min(m[r], (x[r] - p[r]) * (x[r] - p[r]));
                }
            }
        }
        self.zsum.iter_mut().for_each(|z| *z = ZERO);
        let inv_tau = tau.map(|t| 1.0 / t);
        let mut reach = ZERO;
        for r in 0..LANES {
            let max_min = self.mins.iter().map(|m| m[r]).fold(0.0, f64::max);
            reach[r] = pad(math::sqrt(max_min - math::EXP_NEG_CUTOFF * tau[r]));
        }
        for j in 0..h {
            let p: Lanes = core::array::from_fn(|r| p_of(&self.proto, r, j));
            let mut win = Window::default();
            for r in 0..LANES {
                let x = &lanes[pick(r)].data.x;
                (win.lo[r], win.hi[r]) = interval_window(p[r] - reach[r], p[r] + reach[r], x);
            }
            self.cover_span[j] = win;
            let all = win.union();
            let row = &mut self.soft[j * n + all.start..j * n + all.end];
            for ((e, x), m) in row
                .iter_mut()
                .zip(&self.x[all.clone()])
                .zip(&self.mins[all.clone()])
            {
                for r in 0..LANES {
                    let d = (x[r] - p[r]) * (x[r] - p[r]);
                    e[r] = -(d - m[r]) * inv_tau[r];
                }
            }
            math::exp_neg_in_place(row.as_flattened_mut());
            for (i, e) in all.zip(row.iter()) {
                let z = &mut self.zsum[i];
                for r in 0..LANES {
                    z[r] = if win.holds(i, r) { z[r] + e[r] } else { z[r] };
                }
            }
        }
        let log_h = math::ln(h as f64);
        let mut value = ZERO;
        for i in 0..n {
            for r in 0..LANES {
                value[r] += self.mins[i][r] - tau[r] * (math::ln(self.zsum[i][r]) - log_h);
            }
        }
        for i in 0..n {
            for r in 0..LANES {
                self.u[i][r] = 1.0 / self.zsum[i][r];
                self.v[i][r] = self.x[i][r] * self.u[i][r];
            }
        }
        let k = scale.map(|s| 2.0 * s / n as f64);
        for j in 0..h {
            let win = self.cover_span[j];
            let (soft, u, v) = (&self.soft[j * n..(j + 1) * n], &self.u, &self.v);
            let du = window_sum(&win, |i, r| soft[i][r] * u[i][r]);
            let dv = window_sum(&win, |i, r| soft[i][r] * v[i][r]);
            for r in 0..lanes.len() {
                let p = self.proto[r * h + j];
                self.grad_p[r * h + j] += k[r] * (p * du[r] - dv[r]);
            }
        }
        value.map(|v| v / n as f64)
    }
}

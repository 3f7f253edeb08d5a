//! The Prototype Lab's objective: the four loss terms of docs/labs/prototypes.md#losses and their
//! analytic gradient, in one fused, allocation-free pass.
//!
//! Matrices over (unit j, sample i) are stored unit-major (`[j * N + i]`), so
//! the inner loops run over samples: element-wise updates the compiler can
//! vectorise, and per-unit reductions done with [`math::dot`]/[`math::sum`].
//! Coverage and overlap cost O(N·H), separation O(H²/2) at worst.
//!
//! Every exponential here is of a non-positive argument and [`exp_neg`](crate::math::exp_neg) is
//! exactly 0 below its cutoff, so each unit only touches the window of
//! (sorted) samples where its value can be non-zero, and separation only the
//! pairs of (sorted) prototypes close enough to interact. The windows are
//! padded conservatively, so they skip only exact zeros: the numbers are those
//! of the full loops up to the order of summation.

use crate::config::{Config, TauUnits};
use crate::data::Dataset;
use crate::isa::Isa;
use crate::math;
use crate::model::{GaussianMlp, PROTOTYPE_EPS, prototype};
use alloc::vec::Vec;

pub(crate) mod batch;
mod dispatch;
use dispatch::Level;
mod structural;
pub(crate) use structural::Pairs;
use structural::response_window;

/// The effective weights and temperatures of the structural losses (a weight is
/// zero when the mask switches its loss off).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Weights {
    /// λ_C, or 0.
    pub coverage: f64,
    /// λ_S, or 0.
    pub separation: f64,
    /// λ_O, or 0.
    pub overlap: f64,
    /// τ_C.
    pub tau_c: f64,
    /// τ_S.
    pub tau_s: f64,
}

impl Weights {
    /// The weights a config asks for on `data`, with its mask applied and τ
    /// converted to absolute units.
    pub fn from_config(c: &Config, data: &Dataset) -> Self {
        let unit = match c.tau_units {
            TauUnits::Absolute => 1.0,
            TauUnits::Spacing => {
                let d = data.mean_spacing();
                d * d
            }
        };
        Self {
            coverage: c.coverage_weight(),
            separation: c.separation_weight(),
            overlap: c.overlap_weight(),
            tau_c: c.tau_c * unit,
            tau_s: c.tau_s * unit,
        }
    }
}

/// The value of every loss term. A term whose weight is zero is `0.0` unless it
/// was asked for explicitly (see [`Objective::evaluate`]).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LossTerms {
    /// `mean_i (ŷ_i − y_i)²`.
    pub fit: f64,
    /// Soft nearest-prototype squared distance.
    pub coverage: f64,
    /// `(1/H) Σ_{j≠k} exp(−(p_j − p_k)²/τ_S)`.
    pub separation: f64,
    /// `mean_i [(Σ_j h_ij)² − Σ_j h_ij²]`.
    pub overlap: f64,
    /// `fit + λ_C·coverage + λ_S·separation + λ_O·overlap` (effective weights).
    pub total: f64,
}

impl LossTerms {
    /// The terms' bit patterns (fit, coverage, separation, overlap, total),
    /// for comparing runs bit for bit.
    pub fn to_bits(&self) -> [u64; 5] {
        [
            self.fit,
            self.coverage,
            self.separation,
            self.overlap,
            self.total,
        ]
        .map(f64::to_bits)
    }

    /// True when every term is a finite number.
    pub fn is_finite(&self) -> bool {
        [
            self.fit,
            self.coverage,
            self.separation,
            self.overlap,
            self.total,
        ]
        .iter()
        .all(|v| v.is_finite())
    }
}

/// Scratch buffers for evaluating the objective of a data set of size N with H units.
#[derive(Clone, Debug)]
pub struct Objective {
    n: usize,
    h: usize,
    resp: Vec<f64>,
    soft: Vec<f64>,
    yhat: Vec<f64>,
    sum_h: Vec<f64>,
    sum_h2: Vec<f64>,
    g: Vec<f64>,
    ov: Vec<f64>,
    dz: Vec<f64>,
    mins: Vec<f64>,
    zsum: Vec<f64>,
    u: Vec<f64>,
    v: Vec<f64>,
    proto: Vec<f64>,
    grad_p: Vec<f64>,
    /// Per unit, the samples `[lo, hi)` where its response can be non-zero.
    span: Vec<(usize, usize)>,
    /// Per unit, the samples where its coverage weight can be non-zero.
    cover_span: Vec<(usize, usize)>,
    /// The separation term's scratch.
    pairs: Pairs,
    /// The instruction set the evaluation runs with.
    level: Level,
}

impl Objective {
    /// Buffers for N samples and H units.
    pub fn new(n: usize, h: usize) -> Self {
        let col = || alloc::vec![0.0; n];
        let unit = || alloc::vec![0.0; h];
        Self {
            n,
            h,
            resp: alloc::vec![0.0; n * h],
            soft: alloc::vec![0.0; n * h],
            yhat: col(),
            sum_h: col(),
            sum_h2: col(),
            g: col(),
            ov: col(),
            dz: col(),
            mins: col(),
            zsum: col(),
            u: col(),
            v: col(),
            proto: unit(),
            grad_p: unit(),
            span: alloc::vec![(0, 0); h],
            cover_span: alloc::vec![(0, 0); h],
            pairs: Pairs::new(h),
            level: Level::detect(),
        }
    }

    /// Evaluates with `isa` from now on, if this CPU has it (else the
    /// baseline). Every level gives the same numbers (see [`crate::isa`]).
    pub fn set_isa(&mut self, isa: Isa) {
        self.level = Level::new(isa);
    }

    /// The instruction set the evaluation runs with.
    pub fn isa(&self) -> Isa {
        self.level.isa()
    }

    /// Evaluates the loss terms of `model` on `data`.
    ///
    /// Terms with zero weight are skipped unless `all_terms` is set. With
    /// `grads` (length `3H + 1`, the model's layout) the gradient of `total`
    /// is written there (overwritten).
    pub fn evaluate(
        &mut self,
        model: &GaussianMlp,
        data: &Dataset,
        weights: &Weights,
        all_terms: bool,
        grads: Option<&mut [f64]>,
    ) -> LossTerms {
        self.level.run(
            #[inline(always)]
            || self.evaluate_impl(model, data, weights, all_terms, grads),
        )
    }

    /// [`Objective::evaluate`]'s body, inlined into one copy per instruction set.
    #[inline(always)]
    fn evaluate_impl(
        &mut self,
        model: &GaussianMlp,
        data: &Dataset,
        weights: &Weights,
        all_terms: bool,
        mut grads: Option<&mut [f64]>,
    ) -> LossTerms {
        assert_eq!(
            (data.len(), model.width()),
            (self.n, self.h),
            "buffer shape"
        );
        let mut terms = self.forward(model, data);
        if let Some(grads) = grads.as_deref_mut() {
            self.backward_fit_overlap(model, data, weights.overlap, grads);
            self.grad_p.iter_mut().for_each(|g| *g = 0.0);
        }
        let want_grad = grads.is_some();
        if weights.coverage > 0.0 || all_terms {
            let scale = if want_grad { weights.coverage } else { 0.0 };
            terms.coverage = self.coverage(data, weights.tau_c, scale);
        }
        if weights.separation > 0.0 || all_terms {
            let scale = if want_grad { weights.separation } else { 0.0 };
            terms.separation =
                self.pairs
                    .separation(&self.proto, &mut self.grad_p, weights.tau_s, scale);
        }
        if let Some(grads) = grads {
            chain_prototype_gradient(model, &self.grad_p, grads);
        }
        terms.total = terms.fit
            + weights.coverage * terms.coverage
            + weights.separation * terms.separation
            + weights.overlap * terms.overlap;
        terms
    }

    /// Responses, predictions, fit and overlap; fills `proto`.
    #[inline(always)]
    fn forward(&mut self, model: &GaussianMlp, data: &Dataset) -> LossTerms {
        let n = self.n;
        let (w, b, a) = (model.w(), model.b(), model.a());
        for (p, (&wj, &bj)) in self.proto.iter_mut().zip(w.iter().zip(b)) {
            *p = prototype(wj, bj);
        }
        self.yhat.iter_mut().for_each(|v| *v = model.c());
        self.sum_h.iter_mut().for_each(|v| *v = 0.0);
        self.sum_h2.iter_mut().for_each(|v| *v = 0.0);
        let reach = math::sqrt(-math::EXP_NEG_CUTOFF);
        for j in 0..self.h {
            let (wj, bj, aj) = (w[j], b[j], a[j]);
            let (lo, hi) = response_window(wj, bj, reach, &data.x);
            self.span[j] = (lo, hi);
            let row = &mut self.resp[j * n + lo..j * n + hi];
            // Arguments first, then the exponentials in blocks (math::exp_neg_block
            // says why), then the sums: each element's operations are unchanged.
            for (r, &x) in row.iter_mut().zip(&data.x[lo..hi]) {
                let z = wj * x + bj;
                *r = -z * z;
            }
            math::exp_neg_in_place(row);
            for (((&hv, yh), s), q) in row
                .iter()
                .zip(self.yhat[lo..hi].iter_mut())
                .zip(self.sum_h[lo..hi].iter_mut())
                .zip(self.sum_h2[lo..hi].iter_mut())
            {
                *yh += aj * hv;
                *s += hv;
                *q += hv * hv;
            }
        }
        let inv_n = 1.0 / n as f64;
        let mut fit = 0.0;
        let mut overlap = 0.0;
        for i in 0..n {
            let r = self.yhat[i] - data.y[i];
            fit += r * r;
            overlap += self.sum_h[i] * self.sum_h[i] - self.sum_h2[i];
        }
        LossTerms {
            fit: fit * inv_n,
            overlap: overlap * inv_n,
            ..LossTerms::default()
        }
    }

    /// Gradient of `fit + λ_O·overlap` through the responses into w, b, a, c.
    #[inline(always)]
    fn backward_fit_overlap(
        &mut self,
        model: &GaussianMlp,
        data: &Dataset,
        lambda_o: f64,
        grads: &mut [f64],
    ) {
        let (n, h) = (self.n, self.h);
        let inv_n = 1.0 / n as f64;
        for i in 0..n {
            self.g[i] = 2.0 * (self.yhat[i] - data.y[i]) * inv_n;
            self.ov[i] = 2.0 * lambda_o * self.sum_h[i] * inv_n;
        }
        // d overlap_i / d h_ij = 2 (S_i − h_ij); the −2h_ij part is per element.
        let kq = 2.0 * lambda_o * inv_n;
        let (w, b, a) = (model.w(), model.b(), model.a());
        let (gw, rest) = grads.split_at_mut(h);
        let (gb, rest) = rest.split_at_mut(h);
        let (ga, gc) = rest.split_at_mut(h);
        for j in 0..h {
            let (wj, bj, aj) = (w[j], b[j], a[j]);
            let (lo, hi) = self.span[j];
            let row = &self.resp[j * n + lo..j * n + hi];
            let (x, g) = (&data.x[lo..hi], &self.g[lo..hi]);
            let dzs = &mut self.dz[lo..hi];
            for ((((dz, &x), &hv), &g), &ov) in
                dzs.iter_mut().zip(x).zip(row).zip(g).zip(&self.ov[lo..hi])
            {
                let z = wj * x + bj;
                let dh = g * aj + ov - kq * hv;
                *dz = -2.0 * z * hv * dh;
            }
            gw[j] = math::dot(dzs, x);
            gb[j] = math::sum(dzs);
            ga[j] = math::dot(g, row);
        }
        gc[0] = math::sum(&self.g);
    }

    /// The separation term's scratch (its sorted order carries over from one
    /// evaluation to the next, so a batch keeps using the run's own).
    pub(crate) fn pairs_mut(&mut self) -> &mut Pairs {
        &mut self.pairs
    }

    /// The prototypes computed by the last evaluation.
    pub fn prototypes(&self) -> &[f64] {
        &self.proto
    }
}

/// Adds `grad_p` (one value per unit) through `p = −b·w/(w² + ε)` to the w and
/// b gradients of `grads` (the model's layout).
#[inline(always)]
fn chain_prototype_gradient(model: &GaussianMlp, grad_p: &[f64], grads: &mut [f64]) {
    let h = grad_p.len();
    for (j, &gp) in grad_p.iter().enumerate() {
        let (w, b) = (model.w()[j], model.b()[j]);
        let den = w * w + PROTOTYPE_EPS;
        grads[j] += gp * b * (w * w - PROTOTYPE_EPS) / (den * den);
        grads[h + j] -= gp * w / den;
    }
}

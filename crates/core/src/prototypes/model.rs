//! The Prototype Lab's network: one hidden layer of Gaussian units on a 1-D input.
//!
//! `z_j = w_j x + b_j`, `h_j = exp(−z_j²)`, `ŷ = Σ_j a_j h_j + c`. Unit `j`
//! peaks at its prototype `p_j = −b_j / w_j`.

use crate::nn::{Activation, Dense, Layout};
use crate::rng::{self, Purpose};
use alloc::vec::Vec;

/// Guard in the smooth prototype `p = −b·w / (w² + ε)` (docs/labs/prototypes.md#model).
pub const PROTOTYPE_EPS: f64 = 1e-8;

/// The Gaussian MLP of width `H`, parameters in one flat vector laid out as
/// `[w (H) | b (H) | a (H) | c]` — the `hidden` (1 → H) and `readout` (H → 1)
/// [`Dense`] layers of the shared layer code.
#[derive(Clone, Debug, PartialEq)]
pub struct GaussianMlp {
    /// Hidden layer 1 → H: `w` then `b`.
    pub hidden: Dense,
    /// Read-out layer H → 1: `a` then `c`.
    pub readout: Dense,
    /// All parameters.
    pub params: Vec<f64>,
}

/// The hidden activation of the Prototype Lab.
pub const HIDDEN: Activation = Activation::Gaussian;

/// `p = −b·w / (w² + ε)`, the smooth form of `−b / w`.
#[inline]
pub fn prototype(w: f64, b: f64) -> f64 {
    -b * w / (w * w + PROTOTYPE_EPS)
}

impl GaussianMlp {
    /// A network of width `h` initialised from the init stream of `seed` (our
    /// choice, docs/labs/prototypes.md#training): prototypes `U(−1, 1)`, `|w| = h/2` with a random sign,
    /// `b = −w·p`, `a ~ N(0, 1/h)`, `c = 0`.
    pub fn init(h: usize, seed: u64) -> Self {
        let mut layout = Layout::new();
        let hidden = layout.dense(1, h);
        let readout = layout.dense(h, 1);
        let mut params = alloc::vec![0.0; layout.len()];
        let mut rng = rng::stream(seed, Purpose::Init);
        let scale = h as f64 / 2.0;
        let a_std = crate::math::sqrt(1.0 / h as f64);
        for j in 0..h {
            let p = rng::uniform(&mut rng, -1.0, 1.0);
            let w = scale * rng::sign(&mut rng);
            params[j] = w;
            params[h + j] = -w * p;
            params[2 * h + j] = a_std * rng::normal(&mut rng);
        }
        Self {
            hidden,
            readout,
            params,
        }
    }

    /// Hidden width H.
    pub fn width(&self) -> usize {
        self.hidden.outputs
    }

    /// Input weights `w` (H).
    pub fn w(&self) -> &[f64] {
        &self.params[..self.width()]
    }

    /// Hidden biases `b` (H).
    pub fn b(&self) -> &[f64] {
        let h = self.width();
        &self.params[h..2 * h]
    }

    /// Read-out weights `a` (H).
    pub fn a(&self) -> &[f64] {
        let h = self.width();
        &self.params[2 * h..3 * h]
    }

    /// Read-out bias `c`.
    pub fn c(&self) -> f64 {
        self.params[3 * self.width()]
    }

    /// Every unit's prototype `p_j`.
    pub fn prototypes(&self) -> Vec<f64> {
        self.w()
            .iter()
            .zip(self.b())
            .map(|(&w, &b)| prototype(w, b))
            .collect()
    }

    /// Each hidden unit's response `h_j(x)`.
    pub fn responses(&self, x: f64) -> Vec<f64> {
        self.w()
            .iter()
            .zip(self.b())
            .map(|(&w, &b)| HIDDEN.apply(w * x + b))
            .collect()
    }

    /// The network output `ŷ(x)`.
    pub fn predict(&self, x: f64) -> f64 {
        self.responses(x)
            .iter()
            .zip(self.a())
            .map(|(h, a)| h * a)
            .sum::<f64>()
            + self.c()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_places_prototypes_in_the_unit_interval() {
        let m = GaussianMlp::init(10, 1);
        assert_eq!(m.params.len(), 31);
        for (&p, &w) in m.prototypes().iter().zip(m.w()) {
            assert!((-1.0..1.0).contains(&p));
            assert_eq!(w.abs(), 5.0);
        }
        assert_eq!(m.c(), 0.0);
        assert_eq!(m, GaussianMlp::init(10, 1));
    }

    #[test]
    fn unit_peaks_at_its_prototype() {
        let m = GaussianMlp::init(4, 2);
        for (j, p) in m.prototypes().into_iter().enumerate() {
            assert!((m.responses(p)[j] - 1.0).abs() < 1e-12);
        }
    }
}

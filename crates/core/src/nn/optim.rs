//! Optimisers over a flat parameter vector.

use alloc::vec::Vec;

/// Updates parameters in place from their gradient.
pub trait Optimizer {
    /// One update of `params` (same length as `grads`).
    fn step(&mut self, params: &mut [f64], grads: &[f64]);
    /// Forgets any state (moments, step count).
    fn reset(&mut self);
}

/// Plain gradient descent: `θ ← θ − lr·g`.
#[derive(Clone, Debug, PartialEq)]
pub struct Sgd {
    /// Learning rate.
    pub lr: f64,
}

impl Optimizer for Sgd {
    fn step(&mut self, params: &mut [f64], grads: &[f64]) {
        for (p, g) in params.iter_mut().zip(grads) {
            *p -= self.lr * g;
        }
    }

    fn reset(&mut self) {}
}

/// Adam (Kingma & Ba 2015) with bias-corrected moments.
#[derive(Clone, Debug, PartialEq)]
pub struct Adam {
    /// Learning rate.
    pub lr: f64,
    /// First-moment decay.
    pub beta1: f64,
    /// Second-moment decay.
    pub beta2: f64,
    /// Denominator guard.
    pub eps: f64,
    m: Vec<f64>,
    v: Vec<f64>,
    // β₁ᵗ and β₂ᵗ, kept as running products (no powi in no_std).
    beta1_t: f64,
    beta2_t: f64,
}

impl Adam {
    /// Adam with the usual β₁ = 0.9, β₂ = 0.999, ε = 1e-8 for `n` parameters.
    pub fn new(lr: f64, n: usize) -> Self {
        Self {
            lr,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            m: alloc::vec![0.0; n],
            v: alloc::vec![0.0; n],
            beta1_t: 1.0,
            beta2_t: 1.0,
        }
    }
}

impl Adam {
    /// The moments and the running β powers: `(m, v, β₁ᵗ, β₂ᵗ)`.
    pub fn moments(&self) -> (&[f64], &[f64], f64, f64) {
        (&self.m, &self.v, self.beta1_t, self.beta2_t)
    }

    /// Restores saved moments (same lengths as now, finite, β powers in (0, 1]).
    pub fn restore(
        &mut self,
        m: &[f64],
        v: &[f64],
        beta1_t: f64,
        beta2_t: f64,
    ) -> Result<(), &'static str> {
        if m.len() != self.m.len() || v.len() != self.v.len() {
            return Err("optimizer moments do not match the number of parameters");
        }
        let powers_ok = [beta1_t, beta2_t]
            .iter()
            .all(|b| b.is_finite() && *b > 0.0 && *b <= 1.0);
        if !powers_ok || !m.iter().chain(v).all(|x| x.is_finite()) || v.iter().any(|x| *x < 0.0) {
            return Err("optimizer state is not finite or out of range");
        }
        self.m.copy_from_slice(m);
        self.v.copy_from_slice(v);
        self.beta1_t = beta1_t;
        self.beta2_t = beta2_t;
        Ok(())
    }
}

impl Optimizer for Adam {
    fn step(&mut self, params: &mut [f64], grads: &[f64]) {
        self.beta1_t *= self.beta1;
        self.beta2_t *= self.beta2;
        let c1 = 1.0 / (1.0 - self.beta1_t);
        let c2 = 1.0 / (1.0 - self.beta2_t);
        for (((p, &g), m), v) in params
            .iter_mut()
            .zip(grads)
            .zip(self.m.iter_mut())
            .zip(self.v.iter_mut())
        {
            *m = self.beta1 * *m + (1.0 - self.beta1) * g;
            *v = self.beta2 * *v + (1.0 - self.beta2) * g * g;
            *p -= self.lr * (*m * c1) / (crate::math::sqrt(*v * c2) + self.eps);
        }
    }

    fn reset(&mut self) {
        self.m.iter_mut().for_each(|m| *m = 0.0);
        self.v.iter_mut().for_each(|v| *v = 0.0);
        self.beta1_t = 1.0;
        self.beta2_t = 1.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adam_first_step_moves_each_parameter_by_lr() {
        let mut adam = Adam::new(0.1, 3);
        let mut p = [1.0, -2.0, 0.5];
        adam.step(&mut p, &[3.0, -0.001, 100.0]);
        for (after, before) in p.iter().zip([1.0 - 0.1, -2.0 + 0.1, 0.5 - 0.1]) {
            assert!((after - before).abs() < 1e-6, "{after} vs {before}");
        }
    }

    #[test]
    fn adam_minimises_a_quadratic() {
        let mut adam = Adam::new(0.05, 2);
        let mut p = [3.0, -4.0];
        for _ in 0..2000 {
            let g = [2.0 * (p[0] - 1.0), 2.0 * (p[1] + 2.0)];
            adam.step(&mut p, &g);
        }
        assert!(
            (p[0] - 1.0).abs() < 1e-3 && (p[1] + 2.0).abs() < 1e-3,
            "{p:?}"
        );
    }
}

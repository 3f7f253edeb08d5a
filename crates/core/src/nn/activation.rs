//! Element-wise activations and their derivatives.

use crate::math;

/// An element-wise activation function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Activation {
    /// `a = z`.
    Identity,
    /// `a = max(z, 0)`.
    Relu,
    /// `a = 1 / (1 + e^-z)`.
    Sigmoid,
    /// `a = e^(-z²)`: the Prototype Lab's hidden units.
    Gaussian,
}

impl Activation {
    /// The activation of a pre-activation `z`.
    #[inline]
    pub fn apply(self, z: f64) -> f64 {
        match self {
            Activation::Identity => z,
            Activation::Relu => z.max(0.0),
            Activation::Sigmoid => {
                // Two branches keep e^x from overflowing for large |z|.
                if z >= 0.0 {
                    1.0 / (1.0 + math::exp_neg(-z))
                } else {
                    let e = math::exp_neg(z);
                    e / (1.0 + e)
                }
            }
            Activation::Gaussian => math::exp_neg(-z * z),
        }
    }

    /// `da/dz` given the pre-activation `z` and the activation `a = apply(z)`.
    #[inline]
    pub fn derivative(self, z: f64, a: f64) -> f64 {
        match self {
            Activation::Identity => 1.0,
            Activation::Relu => {
                if z > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::Sigmoid => a * (1.0 - a),
            Activation::Gaussian => -2.0 * z * a,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivatives_match_central_differences() {
        let h = 1e-6;
        for act in [
            Activation::Identity,
            Activation::Relu,
            Activation::Sigmoid,
            Activation::Gaussian,
        ] {
            for z in [-3.1, -0.7, 0.4, 2.2, 40.0, -40.0] {
                let numeric = (act.apply(z + h) - act.apply(z - h)) / (2.0 * h);
                let analytic = act.derivative(z, act.apply(z));
                assert!(
                    (numeric - analytic).abs() < 1e-7,
                    "{act:?} at {z}: {numeric} vs {analytic}"
                );
            }
        }
    }
}

//! [`Objective::evaluate`] at the widest instruction set the CPU has (see
//! [`crate::isa`]): the same source compiled once per level.

use super::{LossTerms, Objective, Weights};
use crate::data::Dataset;
use crate::model::GaussianMlp;

impl Objective {
    /// Runs `evaluate_impl` at `self.isa` (checked available when set).
    #[allow(unsafe_code)]
    pub(super) fn dispatch(
        &mut self,
        model: &GaussianMlp,
        data: &Dataset,
        weights: &Weights,
        all_terms: bool,
        grads: Option<&mut [f64]>,
    ) -> LossTerms {
        #[cfg(all(feature = "std", target_arch = "x86_64"))]
        match self.isa {
            // SAFETY: `Objective::set_isa` and `Objective::new` only store a
            // level that `Isa::is_available` confirmed on this CPU.
            crate::isa::Isa::Avx2 => {
                return unsafe { wide::avx2(self, model, data, weights, all_terms, grads) };
            }
            // SAFETY: as above.
            crate::isa::Isa::Avx512 => {
                return unsafe { wide::avx512(self, model, data, weights, all_terms, grads) };
            }
            crate::isa::Isa::Baseline => {}
        }
        self.evaluate_impl(model, data, weights, all_terms, grads)
    }
}

#[cfg(all(feature = "std", target_arch = "x86_64"))]
mod wide {
    use super::*;

    /// `evaluate_impl` compiled with AVX2 (no FMA: the numbers stay the same).
    #[target_feature(enable = "avx2")]
    pub(super) fn avx2(
        o: &mut Objective,
        model: &GaussianMlp,
        data: &Dataset,
        weights: &Weights,
        all_terms: bool,
        grads: Option<&mut [f64]>,
    ) -> LossTerms {
        o.evaluate_impl(model, data, weights, all_terms, grads)
    }

    /// `evaluate_impl` compiled with AVX-512F.
    #[target_feature(enable = "avx512f")]
    pub(super) fn avx512(
        o: &mut Objective,
        model: &GaussianMlp,
        data: &Dataset,
        weights: &Weights,
        all_terms: bool,
        grads: Option<&mut [f64]>,
    ) -> LossTerms {
        o.evaluate_impl(model, data, weights, all_terms, grads)
    }
}

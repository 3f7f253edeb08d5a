//! Building blocks shared by every lab: dense layers over one flat parameter
//! vector, activations, and optimisers.
//!
//! A model owns a single `Vec<f64>` of parameters and a gradient vector of the
//! same layout; layers are views into it ([`Dense`]), so one optimiser step
//! updates the whole model and there is nothing to copy between labs.

mod activation;
mod dense;
mod mlp;
mod optim;
mod pass;

pub use activation::Activation;
pub use dense::{Dense, Layout};
pub use mlp::{Batch, Loss, Mlp, MlpWorkspace};
pub use optim::{Adam, Optimizer, Sgd};
pub use pass::GradPass;

/// True when every value is finite (the divergence check on parameters).
pub fn all_finite(values: &[f64]) -> bool {
    values.iter().all(|v| v.is_finite())
}

//! The Abstraction Lab (seed 002, docs/labs/abstraction.md): when do abstract representations
//! of latent variables emerge in a ReLU network's hidden layer?
//!
//! D binary latents give 2^D conditions; each condition's input is a fixed
//! random orthonormal vector in R^64 (×8), so the input geometry is maximally
//! non-abstract. Targets are linear in the latents. The network is the shared
//! [`Mlp`](crate::nn::Mlp) (64 → width ReLU → linear), MSE + λ(‖W1‖² + ‖W2‖²).

mod classify;
mod config;
pub mod geometry;
mod run;
pub mod sample;
pub mod sweep;
mod sweep_csv;

pub use config::AbstractionConfig;
pub use run::{AbstractionMetrics, AbstractionRun, Task};

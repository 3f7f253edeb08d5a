//! The Abstraction Lab (seed 002, docs/labs/abstraction.md): when do abstract representations
//! of latent variables emerge in a ReLU network's hidden layer?
//!
//! D binary latents give 2^D conditions; each condition's input is a fixed
//! random orthonormal vector in R^64 (×8), so the input geometry is maximally
//! non-abstract. Targets are linear in the latents. The network is the shared
//! [`Mlp`](crate::nn::Mlp) (64 → width ReLU → linear), MSE + λ(‖W1‖² + ‖W2‖²).
//!
//! A run from a link, driven through the shared run contract ([`crate::Live`],
//! bounded work per call) until it is finished:
//!
//! ```
//! use protolab_core::abstraction::{AbstractionConfig, AbstractionRun};
//! use protolab_core::{Budget, Live, Steps, budget::CALL_BUDGET};
//!
//! let (config, issues) = AbstractionConfig::from_hash("v=1&lab=abstraction&lam=0.1&steps=400");
//! assert!(issues.is_empty());
//! let mut live = Live::new(AbstractionRun::new(config).unwrap());
//! let mut samples = Vec::new();
//! while !live.is_finished() {
//!     let left = live.target_steps() - live.steps_done();
//!     live.advance(left.min(100), &mut Budget::new(CALL_BUDGET), &mut |m| samples.push(m));
//! }
//! let last = samples.last().unwrap();
//! assert_eq!(last.step, 400);
//! assert!(last.loss.is_some_and(f64::is_finite) && last.ps.len() == 3);
//! ```

mod classify;
mod config;
pub mod cost;
pub mod geometry;
mod run;
pub mod sample;
pub mod sweep;
mod sweep_csv;

pub use config::AbstractionConfig;
pub use run::{AbstractionMetrics, AbstractionRun, Task};

//! The Prototype Lab (docs/labs/prototypes.md): minimal Gaussian MLPs whose
//! hidden units become prototypes of the training data, the structural losses
//! that shape them, the metrics that read the data back out of the weights,
//! and the paper's experiments.
//!
//! A run from a link, through the shared run contract:
//!
//! ```
//! use protolab_core::{Budget, Live, Steps, Trainer, budget::CALL_BUDGET, hash};
//!
//! let (config, issues) = hash::from_hash("v=1&lab=prototypes&N=12&mask=C&steps=300");
//! assert!(issues.is_empty());
//! let mut live = Live::new(Trainer::new(config).unwrap());
//! let mut samples = Vec::new();
//! while !live.is_finished() {
//!     let left = live.target_steps() - live.steps_done();
//!     live.advance(left.min(100), &mut Budget::new(CALL_BUDGET), &mut |m| samples.push(m));
//! }
//! let last = samples.last().unwrap();
//! assert_eq!(last.step, 300);
//! assert!(last.recon.is_finite() && last.specialization > 0.0);
//! ```

pub mod config;
pub mod data;
pub mod experiments;
pub mod links;
pub mod lockstep;
pub mod metrics;
pub mod model;
pub mod objective;
mod settings;
pub mod state;
pub mod train;
pub mod units;

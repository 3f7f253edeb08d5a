//! The Latent Field Lab (seed 003): an autoencoder's latent map
//! `f(z) = E(D(z))`, its trajectories and their attractors. This module holds
//! the parts that work on any map of the plane (or line): iterating to
//! convergence, clustering end points into attractors, and the Jacobian's
//! eigenvalues at each attractor.
//!
//! A run from a link on the shipped digits, through the shared run contract:
//!
//! ```
//! use protolab_core::latent::{LatentConfig, LatentRun};
//! use protolab_core::{Budget, Live, Steps, budget::CALL_BUDGET, digits::Digits};
//!
//! let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/digits8x8.bin")).unwrap();
//! let digits = Digits::parse(&bytes).unwrap();
//! let (config, issues) = LatentConfig::from_hash("v=1&lab=latent-field&epochs=4&grid=4");
//! assert!(issues.is_empty());
//! let mut live = Live::new(LatentRun::new(config, &digits).unwrap());
//! let mut samples = Vec::new();
//! while !live.is_finished() {
//!     let left = live.target_steps() - live.steps_done();
//!     live.advance(left.min(10), &mut Budget::new(CALL_BUDGET), &mut |s| samples.push(s));
//! }
//! let last = samples.last().unwrap();
//! assert_eq!(last.losses.epoch, 4);
//! assert!(last.analysis.as_ref().is_some_and(|a| !a.attractors.is_empty()));
//! ```

pub mod analysis;
mod config;
pub mod field;
pub mod run;
pub mod trend;

pub use analysis::{Analysis, AttractorInfo, LatentLosses, LatentSample};
pub use run::{LatentConfig, LatentRun};

//! The Latent Field Lab (seed 003): an autoencoder's latent map
//! `f(z) = E(D(z))`, its trajectories and their attractors. This module holds
//! the parts that work on any map of the plane (or line): iterating to
//! convergence, clustering end points into attractors, and the Jacobian's
//! eigenvalues at each attractor.

pub mod analysis;
mod config;
pub mod field;
pub mod run;

pub use analysis::{Analysis, AttractorInfo, LatentLosses, LatentSample};
pub use run::{LatentConfig, LatentRun};

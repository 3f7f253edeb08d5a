//! # protolab-core
//!
//! The training core of protolab: minimal Gaussian MLPs whose hidden units
//! become prototypes of the training data, the structural losses that shape
//! them (coverage, separation, overlap), the metrics that read the data back
//! out of the weights, and the paper's experiments as sliceable runners.
//!
//! `no_std` + `alloc`; the default `std` feature only adds `std::error::Error`
//! impls. No I/O, no clocks, no global randomness: every run is a pure function
//! of its [`Config`].
//!
//! ```
//! use protolab_core::{Config, Mask, Trainer};
//! let config = Config { n: 10, mask: Mask::parse("C").unwrap(), steps: 500, ..Config::default() };
//! let mut run = Trainer::new(config).unwrap();
//! run.run_to_end();
//! let m = run.metrics().expect("this run does not diverge");
//! assert!(m.recon < 0.2 && m.recon.is_finite());
//! ```
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

/// The protolab version (the workspace's), written into every CSV, state file
/// and figure the tools make, and shown in the page's footer.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

// Shared building blocks: every lab depends on these, none on another lab.
pub mod budget;
pub mod csv;
pub mod datasets;
pub mod error;
pub mod guard;
pub mod hash;
pub mod hungarian;
pub mod isa;
pub mod limits;
pub mod live;
pub mod math;
pub mod nn;
pub mod rng;
pub mod schema;
pub mod sort;

// The labs, one folder each.
pub mod abstraction;
pub mod capacity;
pub mod latent;
pub mod prototypes;

// The Prototype Lab's modules at their old paths, for callers written before
// the labs had folders.
pub use datasets::digits;
pub use prototypes::{
    config, data, experiments, lockstep, metrics, model, objective, state, train,
};

pub use budget::Budget;
pub use config::{Config, ConfigError, Mask, Target, TauUnits};
pub use data::Dataset;
pub use error::{InputError, InputKind};
pub use guard::{Divergence, DivergenceReason};
pub use live::Steps;
pub use live::{Live, Paced};
pub use metrics::Metrics;
pub use model::GaussianMlp;
/// The linear-algebra crate the core is built on (its matrices appear in the API).
pub use nalgebra;
pub use objective::{LossTerms, Objective, Weights};
pub use train::Trainer;

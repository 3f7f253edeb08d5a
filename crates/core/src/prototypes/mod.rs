//! The Prototype Lab (docs/labs/prototypes.md): minimal Gaussian MLPs whose
//! hidden units become prototypes of the training data, the structural losses
//! that shape them, the metrics that read the data back out of the weights,
//! and the paper's experiments.

pub mod config;
pub mod data;
pub mod experiments;
pub mod links;
pub mod metrics;
pub mod model;
pub mod objective;
pub mod state;
pub mod train;

//! The Capacity Lab (seed 004): how narrow a d → H → 1 network can be for each
//! digit pair, what really pruning 95 % of it does, how it copes with noise and
//! occlusion, and where it looks (saliency).

mod config;
pub mod data;
pub mod lab;
pub mod live;
mod phases;
pub mod run;
pub mod saliency;
pub mod scores;
pub mod sweep;

pub use config::PAIR_NAMES;
pub use data::{LabelledImages, PAIRS, Split, pair_split};
pub use lab::{CapacityConfig, NoisePoint, PrunePoint, Source};
pub use live::CapacityRun;
pub use run::{Classifier, ClassifierConfig, SEEDS, Scheme, Scores, WIDTHS};

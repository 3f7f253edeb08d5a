//! The Capacity Lab (seed 004): how narrow a d → H → 1 network can be for each
//! digit pair, what really pruning 95 % of it does, how it copes with noise and
//! occlusion, and where it looks (saliency).
//!
//! A run from a link on the fast 8×8 digits, through the shared run contract:
//! train the dense net, prune it at every level, then the corruption nets.
//!
//! ```
//! use protolab_core::capacity::{CapacityConfig, CapacityRun, LabelledImages};
//! use protolab_core::{Budget, Live, Steps, budget::CALL_BUDGET, digits::Digits};
//!
//! let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/digits8x8.bin")).unwrap();
//! let images = LabelledImages::from_digits(&Digits::parse(&bytes).unwrap());
//! let hash = "v=1&lab=capacity&data=digits&pair=0/1&H=8&lr=0.3&epochs=200&finetune=0&large=8";
//! let (config, issues) = CapacityConfig::from_hash(hash);
//! assert!(issues.is_empty());
//! let mut live = Live::new(CapacityRun::new(config, &images).unwrap());
//! while !live.is_finished() {
//!     let left = live.target_steps() - live.steps_done();
//!     live.advance(left.min(10), &mut Budget::new(CALL_BUDGET), &mut |_| {});
//! }
//! let run = live.run();
//! let f1 = run.history().last().unwrap().1.f1;
//! assert!(f1 > 0.9, "0 against 1 is easy: F1 {f1}");
//! assert_eq!(run.prune_points().len(), 22); // 11 levels × 2 schemes
//! ```

mod config;
pub mod data;
pub mod lab;
pub mod live;
mod phases;
pub mod pruning;
pub mod run;
pub mod saliency;
pub mod scores;
pub mod sweep;

pub use config::PAIR_NAMES;
pub use data::{LabelledImages, PAIRS, Split, pair_split};
pub use lab::{CapacityConfig, NoisePoint, PrunePoint, Source};
pub use live::CapacityRun;
pub use run::{Classifier, ClassifierConfig, SEEDS, Scheme, Scores, WIDTHS};

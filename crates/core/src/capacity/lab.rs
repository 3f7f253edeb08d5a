//! What the Capacity Lab's live run ([`CapacityRun`](super::CapacityRun),
//! in `live.rs`) reports: pruning levels, noise levels, the config and the
//! points of its curves.

pub use super::config::{CapacityConfig, Source};
use super::run::Scheme;

/// Pruning levels of the sparsity curves.
pub const LEVELS: [f64; 11] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];
/// Noise levels of the corruption curves (σ of the added Gaussian noise).
pub const SIGMAS: [f64; 6] = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5];
/// What the paper's code actually pruned: "95 %" divided by 100 twice.
pub const PAPER_LEVEL: f64 = 0.0095;
/// The pruning level whose net the saliency maps show.
pub const SALIENCY_LEVEL: f64 = 0.95;

/// One point of a sparsity curve.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PrunePoint {
    /// The scheme.
    pub scheme: Scheme,
    /// The requested share of weights to zero.
    pub level: f64,
    /// The share of weights actually zero.
    pub achieved: f64,
    /// Held-out F1 right after pruning.
    pub f1: f64,
    /// Held-out F1 after masked fine-tuning (when it is on).
    pub f1_tuned: Option<f64>,
}

/// One point of a corruption curve.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NoisePoint {
    /// Hidden width of the net.
    pub hidden: usize,
    /// Noise σ (`None`: the random 7×7 occlusion, 2×2 on the 8×8 digits).
    pub sigma: Option<f64>,
    /// Held-out F1 on the corrupted images.
    pub f1: f64,
}

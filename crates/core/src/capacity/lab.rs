//! The Capacity Lab's settings and what its live run ([`CapacityRun`](super::CapacityRun),
//! in `live.rs`) reports: pruning levels, noise levels, the config and the
//! points of its curves.

use super::data::PAIRS;
use super::run::{ClassifierConfig, Scheme};
use crate::config::{ConfigError, check_range};
use alloc::string::String;
use alloc::vec::Vec;

/// Pruning levels of the sparsity curves.
pub const LEVELS: [f64; 11] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];
/// Noise levels of the corruption curves (σ of the added Gaussian noise).
pub const SIGMAS: [f64; 6] = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5];
/// What the paper's code actually pruned: "95 %" divided by 100 twice.
pub const PAPER_LEVEL: f64 = 0.0095;
/// The pruning level whose net the saliency maps show.
pub const SALIENCY_LEVEL: f64 = 0.95;

/// Which images the lab trains on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// MNIST, 28×28 (the paper's data).
    Mnist,
    /// The UCI 8×8 digits (fast).
    Digits,
}

/// Everything that determines a Capacity Lab run.
#[derive(Clone, Debug, PartialEq)]
pub struct CapacityConfig {
    /// The images.
    pub source: Source,
    /// Index into [`PAIRS`].
    pub pair: usize,
    /// The classifier (hidden width, lr, epochs, seed of split and init).
    pub classifier: ClassifierConfig,
    /// Masked fine-tuning epochs after each pruning (0: none).
    pub finetune: u64,
    /// Widths of the small and the large net of the corruption curves.
    pub small: usize,
    /// See `small`.
    pub large: usize,
}

impl Default for CapacityConfig {
    fn default() -> Self {
        Self {
            source: Source::Mnist,
            pair: 4,
            classifier: ClassifierConfig::default(),
            finetune: 20,
            small: 4,
            large: 64,
        }
    }
}

impl CapacityConfig {
    /// The pair `(a, b)`.
    pub fn pair(&self) -> (u8, u8) {
        PAIRS[self.pair.min(PAIRS.len() - 1)]
    }

    /// The config as a URL hash (`v=1&lab=capacity&…`).
    pub fn to_hash(&self) -> String {
        let (a, b) = self.pair();
        let c = &self.classifier;
        alloc::format!(
            "v={}&lab=capacity&data={}&pair={a}/{b}&H={}&lr={}&epochs={}&seed={}&finetune={}&small={}&large={}",
            crate::hash::SCHEMA_VERSION,
            match self.source {
                Source::Mnist => "mnist",
                Source::Digits => "digits",
            },
            c.hidden,
            c.lr,
            c.epochs,
            c.seed,
            self.finetune,
            self.small,
            self.large
        )
    }

    /// Reads a hash: unknown keys ignored, bad values reported and replaced by
    /// the default (the result always validates).
    pub fn from_hash(hash: &str) -> (Self, Vec<crate::hash::HashIssue>) {
        use crate::hash::parse_into as p;
        crate::hash::read_config(
            hash,
            Self::default(),
            |c, key, value| {
                Some(match key {
                    "data" => match value {
                        "mnist" => {
                            c.source = Source::Mnist;
                            true
                        }
                        "digits" => {
                            c.source = Source::Digits;
                            true
                        }
                        _ => false,
                    },
                    "pair" => PAIRS
                        .iter()
                        .position(|(a, b)| alloc::format!("{a}/{b}") == value)
                        .map(|i| c.pair = i)
                        .is_some(),
                    "H" => p(&mut c.classifier.hidden, value),
                    "lr" => p(&mut c.classifier.lr, value),
                    "epochs" => p(&mut c.classifier.epochs, value),
                    "seed" => p(&mut c.classifier.seed, value),
                    "finetune" => p(&mut c.finetune, value),
                    "small" => p(&mut c.small, value),
                    "large" => p(&mut c.large, value),
                    _ => return None,
                })
            },
            Self::validate,
        )
    }

    /// Checks every field; the error names the first bad one.
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.classifier.validate()?;
        check_range("H", self.classifier.hidden as f64, (1.0, 128.0))?;
        check_range("epochs", self.classifier.epochs as f64, (0.0, 5000.0))?;
        check_range("finetune", self.finetune as f64, (0.0, 500.0))?;
        check_range("small", self.small as f64, (1.0, 128.0))?;
        check_range("large", self.large as f64, (1.0, 128.0))
    }
}

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

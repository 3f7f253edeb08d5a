//! The settings of a Latent Field Lab run: the table the hash, the
//! validation and the page's controls read.

use crate::config::{ConfigError, check_range};
use alloc::vec::Vec;

/// Everything that determines a Latent Field Lab run.
#[derive(Clone, Debug, PartialEq)]
pub struct LatentConfig {
    /// Training images (the rest of the 1,797 are held out).
    pub train: usize,
    /// Weight decay λ on every weight matrix.
    pub weight_decay: f64,
    /// Hidden width h of the four hidden layers.
    pub hidden: usize,
    /// Latent dimension k (1 or 2).
    pub k: usize,
    /// Training epochs (passes over the training set).
    pub epochs: u64,
    /// Adam's learning rate.
    pub lr: f64,
    /// Minibatch size (our choice: 16, four Adam steps per epoch at 64 images).
    pub batch: usize,
    /// Trajectory starts per side of the latent grid (k = 2: grid², k = 1: grid;
    /// our default 16 keeps the live analysis quick, 32 gives the SPEC's ~1000).
    pub grid: usize,
    /// Seed of the split, the initialisation and the batch order.
    pub seed: u64,
}

impl Default for LatentConfig {
    fn default() -> Self {
        Self {
            train: 64,
            weight_decay: 0.0,
            hidden: 64,
            k: 2,
            epochs: 2000,
            lr: 1e-3,
            batch: 16,
            grid: 16,
            seed: 0,
        }
    }
}

impl LatentConfig {
    /// The config as a URL hash (`v=1&lab=latent-field&…`).
    pub fn to_hash(&self) -> alloc::string::String {
        alloc::format!(
            "v={}&lab=latent-field&train={}&wd={}&h={}&k={}&epochs={}&lr={}&batch={}&grid={}&seed={}",
            crate::hash::SCHEMA_VERSION,
            self.train,
            self.weight_decay,
            self.hidden,
            self.k,
            self.epochs,
            self.lr,
            self.batch,
            self.grid,
            self.seed
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
                    "train" => p(&mut c.train, value),
                    "wd" => p(&mut c.weight_decay, value),
                    "h" => p(&mut c.hidden, value),
                    "k" => p(&mut c.k, value),
                    "epochs" => p(&mut c.epochs, value),
                    "lr" => p(&mut c.lr, value),
                    "batch" => p(&mut c.batch, value),
                    "grid" => p(&mut c.grid, value),
                    "seed" => p(&mut c.seed, value),
                    _ => return None,
                })
            },
            Self::validate,
        )
    }

    /// Checks every field; the error names the first bad one.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_range("train", self.train as f64, (64.0, 1500.0))?;
        check_range("wd", self.weight_decay, (0.0, 1.0))?;
        // Upper limits keep one epoch (h) and one analysis (grid) well under a
        // second in the browser.
        check_range("h", self.hidden as f64, (2.0, 128.0))?;
        check_range("k", self.k as f64, (1.0, 2.0))?;
        check_range("epochs", self.epochs as f64, (0.0, 100_000.0))?;
        check_range("lr", self.lr, (1e-7, 1.0))?;
        check_range("batch", self.batch as f64, (1.0, 1500.0))?;
        check_range("grid", self.grid as f64, (2.0, 40.0))
    }
}

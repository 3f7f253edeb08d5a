//! The Latent Field Lab's settings: one table (see [`crate::schema`]) from
//! which its links, validation and the page's controls come.

use crate::schema::{self, Schema, Setting, Value, int, real};

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
    /// our default 16 keeps the live analysis quick, 32 gives ~1000, docs/labs/latent-field.md#our-choices).
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

impl Schema for LatentConfig {
    const LAB: &'static str = "latent-field";
    // Upper limits of h and grid keep one epoch and one analysis quick in the browser.
    const SETTINGS: &'static [Setting] = &[
        int(
            "train",
            "training images (rest held out)",
            64,
            1500,
            "images",
            "Training images; the rest of the 1,797 digits are held out.",
            false,
        ),
        real(
            "wd",
            "weight decay",
            0.0,
            1.0,
            false,
            "Weight decay on every weight matrix.",
            false,
        ),
        int(
            "h",
            "hidden width h",
            2,
            128,
            "units",
            "Width of the four hidden layers.",
            false,
        ),
        int("k", "code size k", 1, 2, "", "Latent dimension.", false),
        int(
            "epochs",
            "epochs",
            0,
            100_000,
            "epochs",
            "Passes over the training set.",
            false,
        ),
        real(
            "lr",
            "learning rate (Adam)",
            1e-7,
            1.0,
            true,
            "Adam's learning rate.",
            true,
        ),
        int(
            "batch",
            "minibatch",
            1,
            1500,
            "images",
            "Minibatch size.",
            true,
        ),
        int(
            "grid",
            "trajectory starts per side",
            2,
            40,
            "",
            "Trajectory starts per side of the latent grid (k = 2: grid², k = 1: grid).",
            true,
        ),
        int(
            "seed",
            "seed (split, init, batches)",
            0,
            u64::MAX,
            "",
            "Seed of the split, the initialisation and the batch order.",
            false,
        ),
    ];

    fn get(&self, key: &str) -> Value {
        match key {
            "train" => Value::Int(self.train as u64),
            "wd" => Value::Real(self.weight_decay),
            "h" => Value::Int(self.hidden as u64),
            "k" => Value::Int(self.k as u64),
            "epochs" => Value::Int(self.epochs),
            "lr" => Value::Real(self.lr),
            "batch" => Value::Int(self.batch as u64),
            "grid" => Value::Int(self.grid as u64),
            _ => Value::Int(self.seed),
        }
    }

    fn set(&mut self, key: &str, value: Value) -> bool {
        match key {
            "train" => schema::int_into(&mut self.train, value),
            "wd" => schema::real_into(&mut self.weight_decay, value),
            "h" => schema::int_into(&mut self.hidden, value),
            "k" => schema::int_into(&mut self.k, value),
            "epochs" => schema::int_into(&mut self.epochs, value),
            "lr" => schema::real_into(&mut self.lr, value),
            "batch" => schema::int_into(&mut self.batch, value),
            "grid" => schema::int_into(&mut self.grid, value),
            "seed" => schema::int_into(&mut self.seed, value),
            _ => false,
        }
    }
}

crate::schema_methods!(LatentConfig);

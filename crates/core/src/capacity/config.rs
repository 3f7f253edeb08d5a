//! The Capacity Lab's settings: one table (see [`crate::schema`]) from which
//! its links, validation and the page's controls come.

use super::data::PAIRS;
use super::run::ClassifierConfig;
use crate::error::ConfigError;
use crate::schema::{self, Kind, Schema, Setting, Value, int, real};

/// The digit pairs as written in links, in [`PAIRS`] order.
pub const PAIR_NAMES: [&str; 5] = ["0/1", "1/7", "5/6", "3/8", "4/9"];
const SOURCES: [Source; 2] = [Source::Mnist, Source::Digits];

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

impl Schema for CapacityConfig {
    const LAB: &'static str = "capacity";
    const SETTINGS: &'static [Setting] = &[
        Setting {
            key: "data",
            label: "images",
            kind: Kind::Choice(&["mnist", "digits"]),
            unit: "",
            help: "MNIST 28×28 (the paper's data) or the 8×8 digits (fast).",
            our_choice: false,
        },
        Setting {
            key: "pair",
            label: "digit pair",
            kind: Kind::Choice(&PAIR_NAMES),
            unit: "",
            help: "The two digits to tell apart, easiest first.",
            our_choice: false,
        },
        int(
            "H",
            "hidden width H",
            1,
            128,
            "units",
            "ReLU units of the classifier's hidden layer.",
            false,
        ),
        real(
            "lr",
            "learning rate (GD)",
            1e-7,
            10.0,
            true,
            "Learning rate of full-batch gradient descent (paper: 0.03).",
            false,
        ),
        int(
            "epochs",
            "epochs (full batch)",
            0,
            5000,
            "epochs",
            "Full-batch gradient steps (paper: 100).",
            false,
        ),
        int(
            "seed",
            "seed (split, init)",
            0,
            u64::MAX,
            "",
            "Seed of the split and the initialisation.",
            false,
        ),
        int(
            "finetune",
            "masked fine-tuning epochs after pruning (0 = off)",
            0,
            500,
            "epochs",
            "Masked fine-tuning after each pruning.",
            true,
        ),
        int(
            "small",
            "corruption: small H",
            1,
            128,
            "units",
            "Width of the small net of the corruption curves.",
            true,
        ),
        int(
            "large",
            "corruption: large H",
            1,
            128,
            "units",
            "Width of the large net of the corruption curves.",
            true,
        ),
    ];

    fn get(&self, key: &str) -> Value {
        let c = &self.classifier;
        match key {
            "data" => schema::choice_of(&self.source, &SOURCES),
            "pair" => Value::Choice(self.pair),
            "H" => Value::Int(c.hidden as u64),
            "lr" => Value::Real(c.lr),
            "epochs" => Value::Int(c.epochs),
            "finetune" => Value::Int(self.finetune),
            "small" => Value::Int(self.small as u64),
            "large" => Value::Int(self.large as u64),
            _ => Value::Int(c.seed),
        }
    }

    fn set(&mut self, key: &str, value: Value) -> bool {
        let c = &mut self.classifier;
        match key {
            "data" => schema::choice_into(&mut self.source, value, &SOURCES),
            "pair" => matches!(value, Value::Choice(i) if i < PAIRS.len())
                .then(|| schema::choice_into(&mut self.pair, value, &[0, 1, 2, 3, 4]))
                .unwrap_or(false),
            "H" => schema::int_into(&mut c.hidden, value),
            "lr" => schema::real_into(&mut c.lr, value),
            "epochs" => schema::int_into(&mut c.epochs, value),
            "seed" => schema::int_into(&mut c.seed, value),
            "finetune" => schema::int_into(&mut self.finetune, value),
            "small" => schema::int_into(&mut self.small, value),
            "large" => schema::int_into(&mut self.large, value),
            _ => false,
        }
    }

    fn check_together(&self) -> Result<(), ConfigError> {
        self.classifier.validate()
    }
}

impl CapacityConfig {
    /// The pair `(a, b)`.
    pub fn pair(&self) -> (u8, u8) {
        PAIRS[self.pair.min(PAIRS.len() - 1)]
    }
}

crate::schema_methods!(CapacityConfig);

//! The Abstraction Lab's settings: one table (see [`crate::schema`]) from
//! which its links, validation and the page's controls come.

use super::run::LAMBDA;
use crate::schema::{self, Kind, Schema, Setting, Value, int, real};

/// Everything that determines an Abstraction Lab run.
#[derive(Clone, Debug, PartialEq)]
pub struct AbstractionConfig {
    /// Number of binary latents D (2 … 4).
    pub d: usize,
    /// Random linear read-outs P of the latents; 0 means `Y = Z`.
    pub readouts: usize,
    /// Hidden width.
    pub width: usize,
    /// Weight decay λ on both weight matrices.
    pub lambda: f64,
    /// Learning rate.
    pub lr: f64,
    /// Training steps.
    pub steps: u64,
    /// Adam instead of plain full-batch gradient descent.
    pub adam: bool,
    /// Trial noise for CCGP and shattering, as a multiple of the hidden
    /// activity's RMS spread across conditions (our choice: 0.5).
    pub noise: f64,
    /// Seed of the inputs, read-outs, initialisation and trials.
    pub seed: u64,
}

impl Default for AbstractionConfig {
    fn default() -> Self {
        Self {
            d: 3,
            readouts: 0,
            width: 64,
            lambda: 0.03,
            lr: 0.01,
            steps: 20_000,
            adam: false,
            noise: 0.5,
            seed: 0,
        }
    }
}

impl Schema for AbstractionConfig {
    const LAB: &'static str = "abstraction";
    const SETTINGS: &'static [Setting] = &[
        int(
            "D",
            "latents D (2^D conditions)",
            2,
            4,
            "",
            "Binary latents; each of the 2^D conditions gets its own orthonormal input.",
            false,
        ),
        int(
            "P",
            "targets: random read-outs P (0: Y = Z)",
            0,
            16,
            "",
            "Targets: P random linear read-outs of the latents, or the latents themselves.",
            false,
        ),
        int(
            "width",
            "hidden width",
            1,
            512,
            "units",
            "ReLU units of the hidden layer.",
            false,
        ),
        real(
            "lam",
            "weight decay λ",
            LAMBDA.0,
            LAMBDA.1,
            false,
            "Weight decay on both weight matrices.",
            false,
        ),
        real(
            "lr",
            "learning rate",
            1e-9,
            10.0,
            true,
            "Learning rate of gradient descent (or Adam).",
            true,
        ),
        int(
            "steps",
            "steps",
            0,
            1_000_000,
            "steps",
            "Full-batch training steps.",
            false,
        ),
        Setting {
            key: "adam",
            label: "optimizer",
            kind: Kind::Choice(&["0", "1"]),
            unit: "",
            help: "0: full-batch gradient descent; 1: Adam.",
            our_choice: true,
        },
        real(
            "noise",
            "CCGP trial noise (× RMS spread)",
            0.0,
            10.0,
            false,
            "Noise added to the hidden activity to form trials for CCGP and shattering.",
            true,
        ),
        int(
            "seed",
            "seed",
            0,
            u64::MAX,
            "",
            "Seed of the inputs, read-outs, initialisation and trials.",
            false,
        ),
    ];

    fn get(&self, key: &str) -> Value {
        match key {
            "D" => Value::Int(self.d as u64),
            "P" => Value::Int(self.readouts as u64),
            "width" => Value::Int(self.width as u64),
            "lam" => Value::Real(self.lambda),
            "lr" => Value::Real(self.lr),
            "steps" => Value::Int(self.steps),
            "adam" => Value::Choice(usize::from(self.adam)),
            "noise" => Value::Real(self.noise),
            _ => Value::Int(self.seed),
        }
    }

    fn set(&mut self, key: &str, value: Value) -> bool {
        match key {
            "D" => schema::int_into(&mut self.d, value),
            "P" => schema::int_into(&mut self.readouts, value),
            "width" => schema::int_into(&mut self.width, value),
            "lam" => schema::real_into(&mut self.lambda, value),
            "lr" => schema::real_into(&mut self.lr, value),
            "steps" => schema::int_into(&mut self.steps, value),
            "adam" => schema::choice_into(&mut self.adam, value, &[false, true]),
            "noise" => schema::real_into(&mut self.noise, value),
            "seed" => schema::int_into(&mut self.seed, value),
            _ => false,
        }
    }
}

impl AbstractionConfig {
    /// Number of conditions, 2^D.
    pub fn conditions(&self) -> usize {
        1 << self.d
    }
}

crate::schema_methods!(AbstractionConfig);

//! The Prototype Lab's table of settings (see [`crate::schema`]): the links,
//! validation, CLI flags and the page's controls all come from it.

use super::config::{Config, Mask, Target, TauUnits, limits};
use crate::schema::{self, Kind, Schema, Setting, Value};

/// Mask names in [`Mask::ALL`] order, as the schema's choices.
const MASK_NAMES: [&str; 8] = ["base", "C", "S", "O", "CS", "CO", "SO", "CSO"];
/// Compare choices: `off`, then the masks in [`Mask::ALL`] order.
const COMPARE_NAMES: [&str; 9] = ["off", "base", "C", "S", "O", "CS", "CO", "SO", "CSO"];
/// Compare values in [`COMPARE_NAMES`] order.
const COMPARES: [Option<Mask>; 9] = [
    None,
    Some(Mask::ALL[0]),
    Some(Mask::ALL[1]),
    Some(Mask::ALL[2]),
    Some(Mask::ALL[3]),
    Some(Mask::ALL[4]),
    Some(Mask::ALL[5]),
    Some(Mask::ALL[6]),
    Some(Mask::ALL[7]),
];
/// Target names in [`Target::ALL`] order.
const TARGET_NAMES: [&str; 3] = ["random", "sine", "step"];
/// τ-unit names and values, in the same order.
const TAU_UNIT_NAMES: [&str; 2] = ["abs", "spacing"];
const TAU_UNITS: [TauUnits; 2] = [TauUnits::Absolute, TauUnits::Spacing];

/// A real setting of the Prototype Lab.
const fn real(
    key: &'static str,
    label: &'static str,
    range: (f64, f64),
    log: bool,
    unit: &'static str,
    help: &'static str,
) -> Setting {
    Setting {
        key,
        label,
        kind: Kind::Real {
            min: range.0,
            max: range.1,
            log,
        },
        unit,
        help,
        our_choice: true,
    }
}

impl Schema for Config {
    // compare adds a second run beside the first; the first is unchanged
    // (docs/labs/prototypes.md#compare).
    const VIEW_KEYS: &'static [&'static str] = &["compare"];
    const LAB: &'static str = "prototypes";
    const SETTINGS: &'static [Setting] = &[
        Setting {
            key: "N",
            label: "N (points = units)",
            kind: Kind::Int {
                min: limits::N.0 as u64,
                max: limits::N.1 as u64,
            },
            unit: "points",
            help: "Data-set size N, which is also the hidden width H.",
            our_choice: false,
        },
        Setting {
            key: "mask",
            label: "loss mask",
            kind: Kind::Choice(&MASK_NAMES),
            unit: "",
            help: "Which structural losses are on: coverage (C), separation (S), overlap (O).",
            our_choice: false,
        },
        Setting {
            key: "target",
            label: "target",
            kind: Kind::Choice(&TARGET_NAMES),
            unit: "",
            help: "The targets of the generated data: random y ~ U(-1, 1), sin(πx) or a step.",
            our_choice: true,
        },
        real(
            "lamC",
            "coverage λ_C",
            limits::LAMBDA,
            false,
            "",
            "Weight of the coverage loss.",
        ),
        real(
            "lamS",
            "separation λ_S",
            limits::LAMBDA,
            false,
            "",
            "Weight of the separation loss.",
        ),
        real(
            "lamO",
            "overlap λ_O",
            limits::LAMBDA,
            false,
            "",
            "Weight of the overlap loss.",
        ),
        real(
            "tauC",
            "τ_C",
            limits::TAU,
            true,
            "τ units",
            "Temperature of the coverage soft-min.",
        ),
        real(
            "tauS",
            "τ_S",
            limits::TAU,
            true,
            "τ units",
            "Temperature of the separation kernel.",
        ),
        Setting {
            key: "tauUnits",
            label: "τ units",
            kind: Kind::Choice(&TAU_UNIT_NAMES),
            unit: "",
            help: "τ as given (abs) or as a multiple of the squared mean spacing of the inputs.",
            our_choice: true,
        },
        real(
            "lr",
            "learning rate",
            limits::LR,
            true,
            "",
            "Adam's learning rate (absurd values are allowed, to show divergence).",
        ),
        Setting {
            key: "steps",
            label: "steps",
            kind: Kind::Int {
                min: 0,
                max: limits::STEPS,
            },
            unit: "steps",
            help: "Full-batch Adam steps of a run.",
            our_choice: true,
        },
        Setting {
            key: "seed",
            label: "seed",
            kind: Kind::Int {
                min: 0,
                max: u64::MAX,
            },
            unit: "",
            help: "Seed of the data and the initial network.",
            our_choice: false,
        },
        // Last, and `off` by default, so links written before it read as before.
        Setting {
            key: "compare",
            label: "second run with mask",
            kind: Kind::Choice(&COMPARE_NAMES),
            unit: "",
            help: "A second run with this mask on the same data and initial network, stepped in lockstep (off: none).",
            // A view, not a setting of the paper's runs: no "ours" mark.
            our_choice: false,
        },
    ];

    fn get(&self, key: &str) -> Value {
        match key {
            "N" => Value::Int(self.n as u64),
            "mask" => schema::choice_of(&self.mask, &Mask::ALL),
            "target" => schema::choice_of(&self.target, &Target::ALL),
            "lamC" => Value::Real(self.lambda_c),
            "lamS" => Value::Real(self.lambda_s),
            "lamO" => Value::Real(self.lambda_o),
            "tauC" => Value::Real(self.tau_c),
            "tauS" => Value::Real(self.tau_s),
            "tauUnits" => schema::choice_of(&self.tau_units, &TAU_UNITS),
            "lr" => Value::Real(self.lr),
            "steps" => Value::Int(self.steps),
            "compare" => schema::choice_of(&self.compare, &COMPARES),
            _ => Value::Int(self.seed),
        }
    }

    fn set(&mut self, key: &str, value: Value) -> bool {
        match key {
            "N" => schema::int_into(&mut self.n, value),
            "mask" => schema::choice_into(&mut self.mask, value, &Mask::ALL),
            "target" => schema::choice_into(&mut self.target, value, &Target::ALL),
            "lamC" => schema::real_into(&mut self.lambda_c, value),
            "lamS" => schema::real_into(&mut self.lambda_s, value),
            "lamO" => schema::real_into(&mut self.lambda_o, value),
            "tauC" => schema::real_into(&mut self.tau_c, value),
            "tauS" => schema::real_into(&mut self.tau_s, value),
            "tauUnits" => schema::choice_into(&mut self.tau_units, value, &TAU_UNITS),
            "lr" => schema::real_into(&mut self.lr, value),
            "steps" => schema::int_into(&mut self.steps, value),
            "seed" => schema::int_into(&mut self.seed, value),
            "compare" => schema::choice_into(&mut self.compare, value, &COMPARES),
            _ => false,
        }
    }

    /// Mask letters in any order (`SC`, `osc`) and an empty mask (`base`) are
    /// read as before, so old links keep working.
    fn parse(key: &str, text: &str) -> Option<Value> {
        match key {
            "mask" => Mask::parse(text).map(|m| schema::choice_of(&m, &Mask::ALL)),
            // `off` (or empty), or a mask in any spelling the mask key takes.
            "compare" if text.is_empty() => Some(Value::Choice(0)),
            "compare" if !text.eq_ignore_ascii_case("off") => {
                Mask::parse(text).map(|m| schema::choice_of(&Some(m), &COMPARES))
            }
            _ => schema::setting::<Self>(key)?.parse(text),
        }
    }
}

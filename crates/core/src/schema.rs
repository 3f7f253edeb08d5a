//! One table of settings per lab: key, kind and range, default, unit, help
//! text and whether the value is our choice. The URL hash (read and write),
//! validation and the page's controls all come from it, so a limit or a key
//! is written once (the pattern of TensorFlow Playground's `State.PROPS`).
//!
//! A lab implements [`Schema`]: its table, and `get` / `set` of one value by
//! key. Everything else — [`write_hash`], [`read_hash`], [`check`] — is
//! generic.

use crate::error::ConfigError;
use crate::hash::{self, HashIssue, SCHEMA_VERSION};
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt::Write;

/// What a setting holds, and its allowed range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// A whole number in `[min, max]`.
    Int {
        /// Smallest allowed value.
        min: u64,
        /// Largest allowed value.
        max: u64,
    },
    /// A finite real number in `[min, max]`; `log` when its natural control is
    /// logarithmic (learning rates, temperatures).
    Real {
        /// Smallest allowed value.
        min: f64,
        /// Largest allowed value.
        max: f64,
        /// Spans decades: a control should step by factors, not increments.
        log: bool,
    },
    /// One of these names (as written in links).
    Choice(&'static [&'static str]),
}

/// A value of a setting, as [`Schema::get`] returns it and [`Schema::set`] takes it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value {
    /// For [`Kind::Int`].
    Int(u64),
    /// For [`Kind::Real`].
    Real(f64),
    /// For [`Kind::Choice`]: the index into its names.
    Choice(usize),
}

/// One setting of a lab.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Setting {
    /// The key in links, flags and the page (`N`, `lamC`, `pair`, …).
    pub key: &'static str,
    /// A short label for a control.
    pub label: &'static str,
    /// What it holds and its range.
    pub kind: Kind,
    /// Its unit, if any (`steps`, `epochs`, `× Δ²`, …).
    pub unit: &'static str,
    /// One sentence of help.
    pub help: &'static str,
    /// The value's default is ours, not the paper's (the page says so).
    pub our_choice: bool,
}

impl Setting {
    /// Reads `text` as this setting's kind; `None` when it is not one
    /// (a range is not checked here: see [`Setting::check`]).
    pub fn parse(&self, text: &str) -> Option<Value> {
        match self.kind {
            Kind::Int { .. } => text.parse().ok().map(Value::Int),
            Kind::Real { .. } => text.parse().ok().map(Value::Real),
            Kind::Choice(names) => names
                .iter()
                .position(|n| n.eq_ignore_ascii_case(text))
                .map(Value::Choice),
        }
    }

    /// The value as written in links.
    pub fn format(&self, value: Value) -> String {
        match (self.kind, value) {
            (Kind::Choice(names), Value::Choice(i)) => names.get(i).copied().unwrap_or("").into(),
            (_, Value::Int(v)) => v.to_string(),
            (_, Value::Real(v)) => v.to_string(),
            (_, Value::Choice(i)) => i.to_string(),
        }
    }

    /// `Ok` when `value` is of this setting's kind and within its range.
    pub fn check(&self, value: Value) -> Result<(), ConfigError> {
        let ok = match (self.kind, value) {
            (Kind::Int { min, max }, Value::Int(v)) => (min..=max).contains(&v),
            (Kind::Real { min, max, .. }, Value::Real(v)) => v.is_finite() && v >= min && v <= max,
            (Kind::Choice(names), Value::Choice(i)) => i < names.len(),
            _ => false,
        };
        if ok {
            return Ok(());
        }
        let message = match self.kind {
            Kind::Int { min, max } if max == u64::MAX => {
                alloc::format!("{} is not a whole number ≥ {min}", self.format(value))
            }
            Kind::Int { min, max } => alloc::format!(
                "{} is outside the allowed range [{min}, {max}]",
                self.format(value)
            ),
            Kind::Real { min, max, .. } => alloc::format!(
                "{} is outside the allowed range [{min}, {max}]",
                self.format(value)
            ),
            Kind::Choice(names) => alloc::format!("is not one of {}", names.join(", ")),
        };
        Err(ConfigError {
            field: self.key,
            message,
        })
    }
}

/// A whole-number setting (for the tables' brevity).
pub const fn int(
    key: &'static str,
    label: &'static str,
    min: u64,
    max: u64,
    unit: &'static str,
    help: &'static str,
    our_choice: bool,
) -> Setting {
    Setting {
        key,
        label,
        kind: Kind::Int { min, max },
        unit,
        help,
        our_choice,
    }
}

/// A real-valued setting without a unit; `log` when it spans decades.
pub const fn real(
    key: &'static str,
    label: &'static str,
    min: f64,
    max: f64,
    log: bool,
    help: &'static str,
    our_choice: bool,
) -> Setting {
    Setting {
        key,
        label,
        kind: Kind::Real { min, max, log },
        unit: "",
        help,
        our_choice,
    }
}

/// Writes a lab config's inherent `to_hash`, `from_hash` and `validate` —
/// the names its callers use — over [`write_hash`], [`read_hash`] and
/// [`check`], so no lab writes them again.
#[macro_export]
macro_rules! schema_methods {
    ($config:ty) => {
        impl $config {
            /// The config as a URL hash (`v=1&lab=…&…`, every setting written).
            pub fn to_hash(&self) -> alloc::string::String {
                $crate::schema::write_hash(self)
            }

            /// Reads a hash: unknown keys ignored, bad values reported and
            /// replaced by the default (the result always validates).
            pub fn from_hash(hash: &str) -> (Self, alloc::vec::Vec<$crate::hash::HashIssue>) {
                $crate::schema::read_hash(hash)
            }

            /// Checks every field; the error names the first bad one.
            pub fn validate(&self) -> Result<(), $crate::error::ConfigError> {
                $crate::schema::check(self)
            }
        }
    };
}

/// A lab's config described by its table of settings.
pub trait Schema: Clone + Default {
    /// The lab's id in links (`lab=…`).
    const LAB: &'static str;
    /// Every setting, in the order links are written.
    const SETTINGS: &'static [Setting];
    /// Keys of [`Schema::SETTINGS`] that choose what the page shows, not what
    /// a run computes (the Prototype Lab's `compare`): results made at other
    /// values of them still apply (docs/labs/README.md#precomputed-results).
    const VIEW_KEYS: &'static [&'static str] = &[];

    /// The value of the setting `key` (one of [`Schema::SETTINGS`]).
    fn get(&self, key: &str) -> Value;

    /// Sets the setting `key`; false when the value does not fit the field
    /// (e.g. a whole number too large for it). Ranges are checked by [`check`].
    fn set(&mut self, key: &str, value: Value) -> bool;

    /// Reads the text of setting `key` as its kind (override to accept more
    /// spellings, e.g. mask letters in any order, so old links keep working).
    fn parse(key: &str, text: &str) -> Option<Value> {
        setting::<Self>(key)?.parse(text)
    }

    /// Checks that involve more than one setting (none by default).
    fn check_together(&self) -> Result<(), ConfigError> {
        Ok(())
    }
}

/// The setting `key` of `S`, if it has one.
pub fn setting<S: Schema>(key: &str) -> Option<&'static Setting> {
    S::SETTINGS.iter().find(|s| s.key == key)
}

/// Checks every setting against its range, then the lab's joint checks; the
/// error names the first bad setting.
pub fn check<S: Schema>(config: &S) -> Result<(), ConfigError> {
    for s in S::SETTINGS {
        s.check(config.get(s.key))?;
    }
    config.check_together()
}

/// Every setting as `(key, value as written in links)`, in table order.
pub fn pairs<S: Schema>(config: &S) -> Vec<(&'static str, String)> {
    S::SETTINGS
        .iter()
        .map(|s| (s.key, s.format(config.get(s.key))))
        .collect()
}

/// The config as a hash (without `#`): `v=` and `lab=` first, then every setting.
pub fn write_hash<S: Schema>(config: &S) -> String {
    let mut h = alloc::format!("v={SCHEMA_VERSION}&lab={}", S::LAB);
    for (key, value) in pairs(config) {
        let _ = write!(h, "&{key}={value}");
    }
    h
}

/// Reads a hash by the rules of [`hash::read_config`]: decoded, `v=` checked,
/// unknown keys ignored, bad values reported and replaced by the default.
pub fn read_hash<S: Schema>(h: &str) -> (S, Vec<HashIssue>) {
    hash::read_config(
        h,
        S::default(),
        |c: &mut S, key, text| {
            setting::<S>(key)?;
            Some(S::parse(key, text).is_some_and(|v| c.set(key, v)))
        },
        check::<S>,
    )
}

/// Reads command-line style `key=value` settings (e.g. from `--key value`
/// flags) strictly: the first unknown key or bad value is an error.
pub fn read_strict<'a, S: Schema>(
    settings: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<S, ConfigError> {
    let mut c = S::default();
    for (key, text) in settings {
        let Some(s) = setting::<S>(key) else {
            return Err(ConfigError {
                field: "key",
                message: alloc::format!("{key:?} is not a setting of the {} lab", S::LAB),
            });
        };
        let bad = || ConfigError {
            field: s.key,
            message: alloc::format!("{text:?} is not {}", describe(s.kind)),
        };
        let value = S::parse(key, text).ok_or_else(bad)?;
        s.check(value)?;
        if !c.set(key, value) {
            return Err(bad());
        }
    }
    check(&c)?;
    Ok(c)
}

/// "a whole number in [1, 500]", "one of a, b", … for messages and help.
pub fn describe(kind: Kind) -> String {
    match kind {
        Kind::Int { min, max } if max == u64::MAX => alloc::format!("a whole number ≥ {min}"),
        Kind::Int { min, max } => alloc::format!("a whole number in [{min}, {max}]"),
        Kind::Real { min, max, .. } => alloc::format!("a number in [{min}, {max}]"),
        Kind::Choice(names) => alloc::format!("one of {}", names.join(", ")),
    }
}

/// Converts a whole-number value into a field's type; false when it does not fit.
pub fn int_into<T: TryFrom<u64>>(slot: &mut T, value: Value) -> bool {
    match value {
        Value::Int(v) => T::try_from(v).map(|v| *slot = v).is_ok(),
        _ => false,
    }
}

/// Sets a real-valued field.
pub fn real_into(slot: &mut f64, value: Value) -> bool {
    match value {
        Value::Real(v) => {
            *slot = v;
            true
        }
        _ => false,
    }
}

/// Sets a field from a choice, through the choices' values in table order.
pub fn choice_into<T: Copy>(slot: &mut T, value: Value, choices: &[T]) -> bool {
    match value {
        Value::Choice(i) => choices.get(i).map(|v| *slot = *v).is_some(),
        _ => false,
    }
}

/// The index of `value` among `choices` (0 when absent), for [`Schema::get`].
pub fn choice_of<T: PartialEq>(value: &T, choices: &[T]) -> Value {
    Value::Choice(choices.iter().position(|c| c == value).unwrap_or(0))
}

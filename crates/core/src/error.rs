//! Typed errors of the core's public API. A setting out of range is a
//! [`ConfigError`]; anything read from outside that cannot
//! be used (a CSV, user points, a data file, a state file) is an
//! [`InputError`] naming what kind of input it was and, in its message, where
//! (a line, a field) and why.

use alloc::string::String;
use core::fmt;

/// A rejected configuration value: which field, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigError {
    /// The field's name as used in URLs and flags (`N`, `lamC`, `tauS`, `lr`, …).
    pub field: &'static str,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ConfigError {}

/// `Ok` when `value` is finite and within `[lo, hi]`; otherwise an error naming `field`.
pub fn check_range(
    field: &'static str,
    value: f64,
    (lo, hi): (f64, f64),
) -> Result<(), ConfigError> {
    if value.is_finite() && value >= lo && value <= hi {
        Ok(())
    } else {
        Err(ConfigError {
            field,
            message: alloc::format!("{value} is outside the allowed range [{lo}, {hi}]"),
        })
    }
}

/// Which kind of input was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InputKind {
    /// User points (clicked, pasted or in a link) that cannot form a data set.
    Points,
    /// A CSV of `x,y` points.
    PointsCsv,
    /// A results CSV (runs, λ-sweep, width sweep) or a set of parts to merge.
    ResultsCsv,
    /// A shipped data file (`digits8x8.bin`, `mnist-pairs.bin`).
    DataFile,
    /// A state JSON file, on export or import.
    State,
}

/// Input from outside that cannot be used, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct InputError {
    /// What kind of input it was.
    pub kind: InputKind,
    /// What is wrong, naming the line or field (shown to the user as it is).
    pub message: String,
}

impl InputError {
    /// An error of `kind` with a message for the user.
    pub fn new(kind: InputKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// A wrapper for `map_err`: `.map_err(InputError::of(InputKind::State))`.
    pub fn of(kind: InputKind) -> impl Fn(String) -> Self {
        move |message| Self { kind, message }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

#[cfg(feature = "std")]
impl std::error::Error for InputError {}

/// Callers whose own errors are messages (the CLI, the bindings' `JsError`s)
/// can pass an input error on with `?`.
impl From<InputError> for String {
    fn from(e: InputError) -> String {
        e.message
    }
}

//! [`Scale`]: a linear or a logarithmic f64 axis as one coordinate type.
//!
//! A line chart's axes are each linear or log; as plotters' own types
//! (`RangedCoordf64`, `LogCoord<f64>`) the four combinations were four chart
//! types, and the chart, its mesh and its series were compiled four times into
//! the page's wasm. `Scale` holds either and hands every call to it unchanged,
//! so the chart is one type and draws exactly what plotters' types drew.

use plotters::coord::combinators::{IntoLogRange, LogCoord};
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;
use std::ops::Range;

/// A linear or a logarithmic axis over f64.
pub enum Scale {
    /// plotters' linear axis (what a chart built on `lo..hi` uses).
    Linear(RangedCoordf64),
    /// plotters' log axis (what a chart built on `(lo..hi).log_scale()` uses).
    Log(LogCoord<f64>),
}

impl Scale {
    /// The axis over `lo..hi`, logarithmic when `log`.
    pub fn new(lo: f64, hi: f64, log: bool) -> Self {
        if log {
            Scale::Log((lo..hi).log_scale().into())
        } else {
            Scale::Linear((lo..hi).into())
        }
    }
}

impl Ranged for Scale {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        match self {
            Scale::Linear(c) => c.map(value, limit),
            Scale::Log(c) => c.map(value, limit),
        }
    }
    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        match self {
            Scale::Linear(c) => c.key_points(hint),
            Scale::Log(c) => c.key_points(hint),
        }
    }
    fn range(&self) -> Range<f64> {
        match self {
            Scale::Linear(c) => c.range(),
            Scale::Log(c) => c.range(),
        }
    }
    fn axis_pixel_range(&self, limit: (i32, i32)) -> Range<i32> {
        match self {
            Scale::Linear(c) => c.axis_pixel_range(limit),
            Scale::Log(c) => c.axis_pixel_range(limit),
        }
    }
}

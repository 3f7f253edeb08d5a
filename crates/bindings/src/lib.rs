//! # protolab-bindings
//!
//! The browser face of protolab-core: one folder per lab, each with its live
//! handle ([`Lab`], [`AbstractionLab`], [`LatentLab`], [`CapacityLab`]), its
//! figures and its experiments (advanced in time-budgeted slices, e.g.
//! [`Experiment`]). No math lives here; figures are drawn with plotters onto a
//! canvas or into an SVG string by the same backend-generic functions.

// Shared by every lab; labs depend on these, never on each other.
pub mod catalog;
mod exports;
mod figures;
mod js;
mod live;
mod settings;

// One folder per lab: its handle (mod.rs), figures and experiments.
mod abstraction;
mod capacity;
mod latent;
mod prototypes;

pub use abstraction::{ABSTRACTION_FIGURES, AbstractionLab, LambdaSweepResults, LambdaSweepRun};
pub use capacity::{CAPACITY_FIGURES, CapacityLab, WidthSweepResults, WidthSweepRun};
pub use figures::metric;
// The native face of the handles (what their exports are written over): any
// figure on any plotters backend, e.g. for the CLI, and errors as plain strings.
pub use exports::{LabHandle, Results};
pub use latent::{LATENT_FIGURES, LatentLab, LatentTrendResults, LatentTrendRun};
pub use live::{Sliced, Stepped};
pub use prototypes::{Experiment, ExperimentResults, LAB_FIGURES, Lab};
pub use settings::{ExperimentSizes, SettingInfo, experiment_sizes, settings};

use wasm_bindgen::prelude::*;

/// The TypeScript that names the fields of every plain object the exports
/// return (`LabMetrics`, `Progress`, `StudyCell`, …): the custom sections of
/// the generated `.d.ts`, shared first, then one per lab. Tests hold the
/// objects the exports build against these declarations.
pub const TYPESCRIPT: [&str; 6] = [
    js::TYPESCRIPT,
    prototypes::types::TYPESCRIPT,
    prototypes::replay::TYPESCRIPT,
    abstraction::types::TYPESCRIPT,
    latent::types::TYPESCRIPT,
    capacity::types::TYPESCRIPT,
];

/// Installs the panic hook once (panics become readable console errors).
pub fn start() {
    console_error_panic_hook::set_once();
}

/// Runs when the module is instantiated.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen(start)]
pub fn on_load() {
    start();
}

/// A fresh random seed (the page's "new seed" button), below 2⁵³ so it survives JS numbers.
#[wasm_bindgen(js_name = newSeed)]
pub fn new_seed() -> Result<f64, JsError> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes)
        .map_err(|e| JsError::new(&format!("no randomness available: {e}")))?;
    Ok((u64::from_le_bytes(bytes) >> 11) as f64)
}

/// The protolab version of this build (the page's footer shows it).
#[wasm_bindgen]
pub fn version() -> String {
    protolab_core::VERSION.into()
}

/// The schema version of URL hashes this build reads and writes.
#[wasm_bindgen(js_name = schemaVersion)]
pub fn schema_version() -> u32 {
    protolab_core::hash::SCHEMA_VERSION
}

//! # protolab-bindings
//!
//! The browser face of protolab-core: a [`Lab`] handle (one run to step, query
//! and draw) and an [`Experiment`] handle (the study, τ-sweep and positions,
//! advanced in time-budgeted slices). No math lives here; figures are drawn
//! with plotters onto a canvas or into an SVG string by the same functions.

mod abstraction;
mod capacity;
mod experiment;
mod figures;
mod js;
mod lab;
mod lambda_sweep;
mod latent;
mod live;
mod render;
mod results;
mod settings;
mod width_sweep;

pub use abstraction::{ABSTRACTION_FIGURES, AbstractionLab};
pub use capacity::{CAPACITY_FIGURES, CapacityLab};
pub use experiment::Experiment;
pub use lab::Lab;
pub use lambda_sweep::{LambdaSweepResults, LambdaSweepRun};
pub use latent::{LATENT_FIGURES, LatentLab};
pub use render::LAB_FIGURES;
pub use results::ExperimentResults;
pub use settings::{ExperimentSizes, SettingInfo, experiment_sizes, settings};
pub use width_sweep::{WidthSweepResults, WidthSweepRun};

use wasm_bindgen::prelude::*;

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

/// The schema version of URL hashes this build reads and writes.
#[wasm_bindgen(js_name = schemaVersion)]
pub fn schema_version() -> u32 {
    protolab_core::hash::SCHEMA_VERSION
}

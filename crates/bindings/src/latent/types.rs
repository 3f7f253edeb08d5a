//! The Latent Field Lab's metrics as a plain JS object, and their
//! TypeScript (`LatentLabMetrics`).

use protolab_core::latent::{Analysis, LatentLosses};
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::*;

/// The TypeScript of the Latent Field Lab's results.
pub const TYPESCRIPT: &str = r#"
/** What `LatentLab.metrics()` returns; the attractor fields come from the
 * latest analysis and are absent before the first. */
export interface LatentLabMetrics {
  epoch: number;
  /** Reconstruction MSE on the training digits. */
  train: number;
  /** Reconstruction MSE on the held-out sample. */
  held: number;
  attractors?: number;
  /** Share of attractors that are memorised training digits (our definition). */
  memorised?: number;
  /** Share of trajectories that converged. */
  converged?: number;
  /** The epoch of the latest analysis. */
  analysedAt?: number;
}
"#;

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT_SECTION: &str = TYPESCRIPT;

/// The losses `l` and the latest `analysis` as a `LatentLabMetrics` object.
pub fn metrics(l: &LatentLosses, analysis: Option<&Analysis>) -> JsValue {
    let o = crate::js::Obj::new()
        .set("epoch", l.epoch as f64)
        .set("train", l.train)
        .set("held", l.held);
    match analysis {
        Some(a) => o
            .set("attractors", a.attractors.len() as f64)
            .set("memorised", a.memorised_fraction)
            .set("converged", a.converged_share)
            .set("analysedAt", a.epoch as f64)
            .done(),
        None => o.done(),
    }
}

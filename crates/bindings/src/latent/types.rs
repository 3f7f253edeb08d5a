//! The Latent Field Lab's metrics as a plain JS object, and their
//! TypeScript (`LatentLabMetrics`).

use protolab_core::latent::trend::{TrendMeans, TrendSummary};
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

/** One weight decay and checkpoint of `LatentTrendResults.summary()`: means
 * over the seeds that did not diverge (null when all did). */
export interface TrendSummary {
  weightDecay: number;
  epoch: number;
  runs: number;
  diverged: number;
  attractors: number | null;
  memorised: number | null;
  converged: number | null;
  trainMse: number | null;
  heldMse: number | null;
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

/// One line of the trend's summary as a `TrendSummary` object.
pub fn trend_summary(g: &TrendSummary) -> JsValue {
    let v = |f: fn(&TrendMeans) -> f64| g.mean.map_or(JsValue::NULL, |m| f(&m).into());
    crate::js::Obj::new()
        .set("weightDecay", g.weight_decay)
        .set("epoch", g.epoch as f64)
        .set("runs", g.runs as f64)
        .set("diverged", g.diverged as f64)
        .set("attractors", v(|m| m.attractors))
        .set("memorised", v(|m| m.memorised))
        .set("converged", v(|m| m.converged))
        .set("trainMse", v(|m| m.train_mse))
        .set("heldMse", v(|m| m.held_mse))
        .done()
}

//! The Abstraction Lab's results as plain JS objects, and their TypeScript
//! (`AbstractionLabMetrics`, `LambdaSummary`).

use protolab_core::abstraction::AbstractionMetrics;
use protolab_core::abstraction::sweep::{LambdaSummary, SweepScores};
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::*;

/// The TypeScript of the Abstraction Lab's results.
pub const TYPESCRIPT: &str = r#"
/** What `AbstractionLab.metrics()` returns: the geometry of the hidden layer. */
export interface AbstractionLabMetrics {
  step: number;
  /** The training loss; null before the first step. */
  loss: number | null;
  /** Parallelism score per latent (NaN when collapsed). */
  ps: Float64Array;
  /** Cross-condition generalisation per latent (NaN when collapsed). */
  ccgp: Float64Array;
  alignment: number;
  shattering: number;
  /** The hidden layer no longer varies across conditions. */
  collapsed: boolean;
}

/** One λ of `LambdaSweepResults.summary()` (scores null when no run at that λ has them). */
export interface LambdaSummary {
  lambda: number;
  runs: number;
  collapsed: number;
  diverged: number;
  ps: number | null;
  ccgp: number | null;
  alignment: number | null;
  shattering: number | null;
}
"#;

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT_SECTION: &str = TYPESCRIPT;

/// Metrics as an `AbstractionLabMetrics` object.
pub fn metrics(m: &AbstractionMetrics) -> JsValue {
    crate::js::Obj::new()
        .set("step", m.step as f64)
        // Before the first step there is no loss yet: null, not NaN.
        .set("loss", m.loss.map_or(JsValue::NULL, JsValue::from))
        .set("ps", js_sys::Float64Array::from(m.ps.as_slice()))
        .set("ccgp", js_sys::Float64Array::from(m.ccgp.as_slice()))
        .set("alignment", m.alignment)
        .set("shattering", m.shattering)
        .set("collapsed", m.collapsed)
        .done()
}

/// One λ of the sweep's summary as a `LambdaSummary` object.
pub fn lambda_summary(l: &LambdaSummary) -> JsValue {
    let v = |f: fn(&SweepScores) -> f64| l.scores.map_or(JsValue::NULL, |s| f(&s).into());
    crate::js::Obj::new()
        .set("lambda", l.lambda)
        .set("runs", l.runs as f64)
        .set("collapsed", l.collapsed as f64)
        .set("diverged", l.diverged as f64)
        .set("ps", v(|s| s.ps))
        .set("ccgp", v(|s| s.ccgp))
        .set("alignment", v(|s| s.alignment))
        .set("shattering", v(|s| s.shattering))
        .done()
}

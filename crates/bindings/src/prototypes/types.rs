//! The Prototype Lab's results as plain JS objects, and their TypeScript
//! (`LabMetrics`, `LabData`, `StudyCell`, `Finding`): the `.d.ts` names every
//! field the page, `examples/embed.html` and the README's API rely on.

use protolab_core::Metrics;
use protolab_core::experiments::{CellStats, Finding, MeanSd};
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::*;

/// The TypeScript of the Prototype Lab's results.
pub const TYPESCRIPT: &str = r#"
/** Every loss term of the Prototype Lab at one step. */
export interface LossTerms {
  fit: number;
  coverage: number;
  separation: number;
  overlap: number;
  /** The weighted sum the mask trains. */
  total: number;
}

/** What `Lab.metrics()` returns: every metric read from the weights. */
export interface LabMetrics {
  step: number;
  /** Mean |x_i − p_σ(i)| under the optimal one-to-one assignment (Hungarian). */
  recon: number;
  nearest: number;
  specialization: number;
  hullEscape: number;
  hullDistance: number;
  /** Fit MSE (as `loss.fit`). */
  fit: number;
  loss: LossTerms;
}

/** What `Lab.data()` returns: the training points. */
export interface LabData {
  x: Float64Array;
  y: Float64Array;
}

/** Mean ± sd over the runs that did not diverge. */
export interface MeanSd {
  mean: number;
  sd: number;
  count: number;
}

/** One (mask, N) cell of `ExperimentResults.table()`. */
export interface StudyCell {
  mask: string;
  N: number;
  runs: number;
  diverged: number;
  recon: MeanSd;
  nearest: MeanSd;
  specialization: MeanSd;
  hullEscape: MeanSd;
  fit: MeanSd;
}

/** One finding of `ExperimentResults.findings()`. */
export interface Finding {
  /** "F1" … "F5". */
  id: string;
  claim: string;
  criterion: string;
  verdict: "reproduces" | "partly reproduces" | "does not reproduce" | "not tested";
  /** The numbers behind the verdict, one line each. */
  detail: string[];
}
"#;

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT_SECTION: &str = TYPESCRIPT;

/// Metrics as a `LabMetrics` object.
pub fn metrics(m: &Metrics) -> JsValue {
    let loss = crate::js::Obj::new()
        .set("fit", m.loss.fit)
        .set("coverage", m.loss.coverage)
        .set("separation", m.loss.separation)
        .set("overlap", m.loss.overlap)
        .set("total", m.loss.total)
        .done();
    crate::js::Obj::new()
        .set("step", m.step as f64)
        .set("recon", m.recon)
        .set("nearest", m.nearest)
        .set("specialization", m.specialization)
        .set("hullEscape", m.hull_escape)
        .set("hullDistance", m.hull_distance)
        .set("fit", m.loss.fit)
        .set("loss", loss)
        .done()
}

fn mean_sd(m: MeanSd) -> JsValue {
    crate::js::Obj::new()
        .set("mean", m.mean)
        .set("sd", m.sd)
        .set("count", m.count as f64)
        .done()
}

/// The summary cells as an array of `StudyCell` objects.
pub fn cells(cells: &[CellStats]) -> JsValue {
    let arr = js_sys::Array::new();
    for c in cells {
        arr.push(
            &crate::js::Obj::new()
                .set("mask", c.mask.name())
                .set("N", c.n as f64)
                .set("runs", c.runs as f64)
                .set("diverged", c.diverged as f64)
                .set("recon", mean_sd(c.recon))
                .set("nearest", mean_sd(c.nearest))
                .set("specialization", mean_sd(c.specialization))
                .set("hullEscape", mean_sd(c.hull_escape))
                .set("fit", mean_sd(c.fit))
                .done(),
        );
    }
    arr.into()
}

/// Findings as an array of `Finding` objects.
pub fn findings(findings: &[Finding]) -> JsValue {
    let arr = js_sys::Array::new();
    for f in findings {
        let detail = js_sys::Array::new();
        for d in &f.detail {
            detail.push(&JsValue::from_str(d));
        }
        arr.push(
            &crate::js::Obj::new()
                .set("id", f.id)
                .set("claim", f.claim)
                .set("criterion", f.criterion)
                .set("verdict", f.verdict.label())
                .set("detail", detail)
                .done(),
        );
    }
    arr.into()
}

/// The training data as a `LabData` object.
pub fn data(d: &protolab_core::Dataset) -> JsValue {
    crate::js::Obj::new()
        .set("x", js_sys::Float64Array::from(d.x.as_slice()))
        .set("y", js_sys::Float64Array::from(d.y.as_slice()))
        .done()
}

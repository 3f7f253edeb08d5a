//! The Prototype Lab's results as plain JS objects, and their TypeScript
//! (`LabMetrics`, `LabData`, `StudyCell`, `Finding`): the `.d.ts` names every
//! field the page, `examples/embed.html` and the lab docs' API rely on.

use protolab_core::Metrics;
use protolab_core::experiments::{CellStats, Finding, MeanSd, PairedAtN};
use protolab_core::prototypes::units::UnitInfo;
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

/** A training sample as the unit inspector names it. */
export interface UnitSample {
  /** Index into `Lab.data()` (sorted by x). */
  index: number;
  x: number;
  y: number;
  /** |x − p_j|. */
  distance: number;
}

/** What `Lab.unitInfo(j)` returns: one hidden unit as the inspector shows it. */
export interface UnitInfo {
  unit: number;
  /** Its row in the prototype figure (rank of p_j, ascending). */
  rank: number;
  /** The prototype p_j = −b_j / w_j, where its response peaks. */
  centre: number;
  /** 1 / |w_j|: the response falls to 1/e at p_j ± width. */
  width: number;
  /** The output weight a_j. */
  weight: number;
  /** The sample nearest to p_j. */
  nearest: UnitSample;
  /** Indices of the samples whose nearest prototype is this unit. */
  owned: number[];
  /** The sample the Hungarian assignment (recon) gives this unit. */
  partner: UnitSample | null;
}

/** One N of `ExperimentResults.pairedDifferences(a, b)`: recon(b) − recon(a), paired by seed. */
export interface PairedDifference {
  N: number;
  /** The seeds where both runs finished, in record order. */
  seeds: number[];
  /** recon(b) − recon(a) for each of `seeds`. */
  differences: number[];
  /** Mean of the differences (0 when there are none). */
  mean: number;
  /** Standard error of the mean (sd / √count). */
  se: number;
  count: number;
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

/// A sample of `d` as a `UnitSample` object.
fn sample(d: &protolab_core::Dataset, index: usize, distance: f64) -> JsValue {
    crate::js::Obj::new()
        .set("index", index as f64)
        .set("x", d.x[index])
        .set("y", d.y[index])
        .set("distance", distance)
        .done()
}

/// A unit as a `UnitInfo` object.
pub fn unit_info(u: &UnitInfo, d: &protolab_core::Dataset) -> JsValue {
    let owned: js_sys::Array = u.owned.iter().map(|&i| JsValue::from(i as f64)).collect();
    let partner = match (u.partner, u.partner_distance) {
        (Some(i), Some(dist)) => sample(d, i, dist),
        _ => JsValue::NULL,
    };
    crate::js::Obj::new()
        .set("unit", u.unit as f64)
        .set("rank", u.rank as f64)
        .set("centre", u.centre)
        .set("width", u.width)
        .set("weight", u.weight)
        .set("nearest", sample(d, u.nearest_sample, u.nearest_distance))
        .set("owned", owned)
        .set("partner", partner)
        .done()
}

/// Paired differences as an array of `PairedDifference` objects.
pub fn paired(rows: &[PairedAtN]) -> JsValue {
    let arr = js_sys::Array::new();
    for r in rows {
        let seeds: js_sys::Array = r.seeds.iter().map(|s| JsValue::from(s.0 as f64)).collect();
        let diffs: js_sys::Array = r.seeds.iter().map(|s| JsValue::from(s.1)).collect();
        arr.push(
            &crate::js::Obj::new()
                .set("N", r.n as f64)
                .set("seeds", seeds)
                .set("differences", diffs)
                .set("mean", r.stat.mean)
                .set("se", r.stat.se())
                .set("count", r.stat.count as f64)
                .done(),
        );
    }
    arr.into()
}

//! The Capacity Lab's results as plain JS objects, and their TypeScript
//! (`CapacityLabMetrics` with its points, `WidthSummary`, `WidthMinimum`).

use protolab_core::Live;
use protolab_core::capacity::{CapacityRun, Scheme};
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::*;

/// The TypeScript of the Capacity Lab's results.
pub const TYPESCRIPT: &str = r#"
/** One pruned net: held-out F1 at a pruning level. */
export interface PrunePoint {
  scheme: "global" | "per-layer";
  /** The share of weights asked to be zero. */
  level: number;
  /** The share of weights that are zero. */
  achieved: number;
  f1: number;
  /** F1 after fine-tuning; null without it (or not yet). */
  f1Tuned: number | null;
}

/** One corrupted test: F1 of a width H under noise σ. */
export interface NoisePoint {
  H: number;
  /** Gaussian noise σ; null for the random occlusion. */
  sigma: number | null;
  f1: number;
}

/** The dense net pruned 0.95 % globally: what the paper's code did. */
export interface PaperPoint {
  achieved: number;
  f1: number;
}

/** What `CapacityLab.metrics()` returns; the scores are absent until the
 * dense net's first is measured. */
export interface CapacityLabMetrics {
  epoch: number;
  f1?: number;
  precision?: number;
  recall?: number;
  auc?: number;
  pruned: PrunePoint[];
  noise: NoisePoint[];
  paperLevel: PaperPoint | null;
}

/** One pair and width of `WidthSweepResults.summary()` (mean F1 over seeds). */
export interface WidthSummary {
  /** "a/b". */
  pair: string;
  H: number;
  f1: number;
  runs: number;
}

/** One pair of `WidthSweepResults.minima()`. */
export interface WidthMinimum {
  /** "a/b". */
  pair: string;
  /** The smallest H whose mean F1 passes, or null. */
  minWidth: number | null;
}
"#;

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT_SECTION: &str = TYPESCRIPT;

/// The run's results so far as a `CapacityLabMetrics` object.
pub fn metrics(live: &Live<CapacityRun>) -> JsValue {
    let o = crate::js::Obj::new().set("epoch", live.dense().epochs_done() as f64);
    let o = match live.history().last() {
        Some((_, m)) => o
            .set("f1", m.f1)
            .set("precision", m.precision)
            .set("recall", m.recall)
            .set("auc", m.auc),
        None => o,
    };
    let pruned: js_sys::Array = live
        .prune_points()
        .iter()
        .map(|p| {
            crate::js::Obj::new()
                .set(
                    "scheme",
                    if p.scheme == Scheme::Global {
                        "global"
                    } else {
                        "per-layer"
                    },
                )
                .set("level", p.level)
                .set("achieved", p.achieved)
                .set("f1", p.f1)
                .set("f1Tuned", p.f1_tuned.map_or(JsValue::NULL, JsValue::from))
                .done()
        })
        .collect();
    let noise: js_sys::Array = live
        .noise_points()
        .iter()
        .map(|p| {
            crate::js::Obj::new()
                .set("H", p.hidden as f64)
                .set("sigma", p.sigma.map_or(JsValue::NULL, JsValue::from))
                .set("f1", p.f1)
                .done()
        })
        .collect();
    let paper = live.paper_point().map_or(JsValue::NULL, |p| {
        crate::js::Obj::new()
            .set("achieved", p.achieved)
            .set("f1", p.f1)
            .done()
    });
    o.set("pruned", pruned)
        .set("noise", noise)
        .set("paperLevel", paper)
        .done()
}

/// One `(pair, H, mean F1, runs)` of the width sweep as a `WidthSummary` object.
pub fn width_summary((p, h, f1, n): ((u8, u8), usize, f64, usize)) -> JsValue {
    crate::js::Obj::new()
        .set("pair", format!("{}/{}", p.0, p.1))
        .set("H", h as f64)
        .set("f1", f1)
        .set("runs", n as f64)
        .done()
}

/// A pair's smallest passing width as a `WidthMinimum` object.
pub fn width_minimum((a, b): (u8, u8), width: Option<usize>) -> JsValue {
    crate::js::Obj::new()
        .set("pair", format!("{a}/{b}"))
        .set(
            "minWidth",
            width.map_or(JsValue::NULL, |h| (h as f64).into()),
        )
        .done()
}

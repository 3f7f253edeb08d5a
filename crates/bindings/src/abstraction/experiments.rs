//! The Abstraction Lab's λ-sweep: a runner that advances in time-budgeted
//! slices (one per worker shard) and the merged results with their figure.

use crate::figures::surface;
use protolab_core::abstraction::AbstractionConfig;
use protolab_core::abstraction::sweep::{self, LambdaSweep, SweepRow, SweepScores};
use wasm_bindgen::prelude::*;

/// One shard of a λ-sweep (the default λ grid × a few seeds).
#[wasm_bindgen]
pub struct LambdaSweepRun {
    sweep: LambdaSweep,
    chunk: u64,
}

#[wasm_bindgen]
impl LambdaSweepRun {
    /// Shard `index` of `count` of the sweep over the default λ grid (0, then
    /// 1e-4 … 1, three per decade) × `seeds` seeds counted from the hash's seed;
    /// the other settings (D, P, width, lr, steps, optimizer, noise) come from
    /// `hash`, an Abstraction Lab hash. A seed count or shard outside the core's
    /// limits is an error naming it (it used to be clamped silently).
    pub fn shard(
        hash: &str,
        seeds: u32,
        index: u32,
        count: u32,
    ) -> Result<LambdaSweepRun, JsError> {
        let (base, _) = AbstractionConfig::from_hash(hash);
        let sweep = LambdaSweep::shard(
            &base,
            &sweep::default_lambdas(),
            u64::from(seeds),
            index as usize,
            count as usize,
        )
        .map_err(|e| JsError::new(&e.to_string()))?;
        Ok(LambdaSweepRun { sweep, chunk: 500 })
    }

    /// Works for about `budget_ms` milliseconds, then returns
    /// `{runsDone, runsTotal, fraction, done}`.
    pub fn advance(&mut self, budget_ms: f64) -> JsValue {
        let mut chunk = self.chunk;
        let progress = crate::live::advance_sliced(self, &mut chunk, 50, budget_ms);
        self.chunk = chunk;
        progress
    }

    /// True when every run of the shard is finished.
    #[wasm_bindgen(js_name = isDone)]
    pub fn is_done(&self) -> bool {
        self.sweep.is_done()
    }

    /// One CSV row per finished run.
    pub fn csv(&self) -> String {
        self.sweep.to_csv()
    }
}

impl crate::live::Sliced for LambdaSweepRun {
    fn work(&mut self, steps: u64) {
        self.sweep.advance(steps);
    }

    fn runs(&self) -> (usize, usize) {
        self.sweep.runs()
    }

    fn fraction(&self) -> f64 {
        self.sweep.fraction()
    }

    fn finished(&self) -> bool {
        self.sweep.is_done()
    }
}

/// λ-sweep rows merged from one or more shards' CSVs, sorted by (λ, seed).
#[wasm_bindgen]
pub struct LambdaSweepResults {
    pub(super) rows: Vec<SweepRow>,
}

impl LambdaSweepResults {
    /// Results from CSV texts (each as written by a runner); the error names
    /// the part and line that cannot be read.
    pub fn from_parts(parts: &[String]) -> Result<Self, String> {
        let mut rows = crate::live::merge_parts(parts, sweep::parse_csv)?;
        rows.sort_by(|a, b| a.lambda.total_cmp(&b.lambda).then(a.seed.cmp(&b.seed)));
        Ok(Self { rows })
    }
}

#[wasm_bindgen]
impl LambdaSweepResults {
    /// Merges the CSVs of a sweep's shards.
    #[wasm_bindgen(js_name = fromCsvs)]
    pub fn from_csvs(parts: Vec<String>) -> Result<LambdaSweepResults, JsError> {
        LambdaSweepResults::from_parts(&parts).map_err(|e| JsError::new(&e))
    }

    /// The merged CSV (sorted by λ, then seed).
    pub fn csv(&self) -> String {
        sweep::rows_to_csv(&self.rows)
    }

    /// Per λ: `{lambda, runs, collapsed, diverged, ps, ccgp, alignment, shattering}`
    /// (score fields are `null` when no run at that λ has scores).
    pub fn summary(&self) -> js_sys::Array {
        sweep::summarize(&self.rows)
            .into_iter()
            .map(|l| {
                let v =
                    |f: fn(&SweepScores) -> f64| l.scores.map_or(JsValue::NULL, |s| f(&s).into());
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
            })
            .collect()
    }

    /// Draws the sweep figure into a canvas.
    #[cfg(target_arch = "wasm32")]
    pub fn draw(&self, canvas: &web_sys::HtmlCanvasElement) -> Result<(), JsError> {
        surface::canvas(canvas, |area, s| self.figure(area, s)).map_err(|e| JsError::new(&e))
    }

    /// The sweep figure as an SVG document.
    pub fn svg(&self, width: u32, height: u32) -> Result<String, JsError> {
        surface::svg(width, height, |area| self.figure(area, 1.0)).map_err(|e| JsError::new(&e))
    }
}

//! The Abstraction Lab's λ-sweep: a runner that advances in time-budgeted
//! slices (one per worker shard) and the merged results with their figure.

use crate::exports::Results;
use crate::figures::DrawResult;
use crate::live::Sliced;
use plotters::coord::Shift;
use plotters::prelude::*;
use protolab_core::abstraction::AbstractionConfig;
use protolab_core::abstraction::sweep::{self, LambdaSweep, SweepRow};
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
}

crate::exports::runner_exports!(LambdaSweepRun);

impl Sliced for LambdaSweepRun {
    const MIN_CHUNK: u64 = 50;

    fn chunk_mut(&mut self) -> &mut u64 {
        &mut self.chunk
    }

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

    fn csv_text(&self) -> String {
        self.sweep.to_csv()
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
        protolab_core::sort::sort_by(&mut rows, |a, b| {
            a.lambda.total_cmp(&b.lambda).then(a.seed.cmp(&b.seed))
        });
        Ok(Self { rows })
    }
}

impl Results for LambdaSweepResults {
    fn csv_text(&self) -> String {
        sweep::rows_to_csv(&self.rows)
    }

    fn draw_figure<DB: DrawingBackend>(
        &self,
        _figure: &str,
        area: &DrawingArea<DB, Shift>,
        s: f64,
    ) -> DrawResult {
        self.figure(area, s)
    }
}

crate::exports::results_exports!(LambdaSweepResults, one figure);

#[wasm_bindgen]
impl LambdaSweepResults {
    /// Per λ: `{lambda, runs, collapsed, diverged, ps, ccgp, alignment, shattering}`
    /// (score fields are `null` when no run at that λ has scores).
    #[wasm_bindgen(unchecked_return_type = "LambdaSummary[]")]
    pub fn summary(&self) -> js_sys::Array {
        sweep::summarize(&self.rows)
            .iter()
            .map(super::types::lambda_summary)
            .collect()
    }
}

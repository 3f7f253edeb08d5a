//! The Capacity Lab's width sweep: a runner advanced in time-budgeted slices
//! (one per worker shard) and the merged results with their figure.

use super::images;
use crate::exports::Results;
use crate::figures::DrawResult;
use crate::live::Sliced;
use plotters::coord::Shift;
use plotters::prelude::*;
use protolab_core::capacity::sweep::{self, WidthRow, WidthSweep};
use protolab_core::capacity::{
    CapacityConfig, ClassifierConfig, LabelledImages, PAIRS, SEEDS, WIDTHS,
};
use wasm_bindgen::prelude::*;

/// The F1 a width must exceed (the core's pass mark).
pub(super) const PASS: f64 = sweep::PASS_F1;

/// One shard of a width sweep (the paper's widths × seeds 0, 42, 78).
#[wasm_bindgen]
pub struct WidthSweepRun {
    sweep: WidthSweep,
    data: LabelledImages,
    chunk: u64,
}

#[wasm_bindgen]
impl WidthSweepRun {
    /// Shard `index` of `count` of the sweep over H ∈ {2 … 64} × 3 seeds for
    /// the hash's pair (`all = false`) or all five pairs; lr and epochs from
    /// the hash (a Capacity Lab hash), images from `data` (the file `data=` names).
    pub fn shard(
        hash: &str,
        all: bool,
        index: u32,
        count: u32,
        data: &[u8],
    ) -> Result<WidthSweepRun, JsError> {
        let (config, _) = CapacityConfig::from_hash(hash);
        protolab_core::experiments::limits::check_shard(u64::from(index), u64::from(count))
            .map_err(|e| JsError::new(&e.to_string()))?;
        let pairs: Vec<(u8, u8)> = if all {
            PAIRS.to_vec()
        } else {
            vec![config.pair()]
        };
        let base = ClassifierConfig {
            seed: 0,
            ..config.classifier.clone()
        };
        let sweep = WidthSweep::new(&base, &pairs, &WIDTHS, &SEEDS)
            .map_err(|e| JsError::new(&e.message))?
            .shard(index as usize, count as usize);
        let data = images(config.source, data).map_err(|e| JsError::new(&e))?;
        Ok(WidthSweepRun {
            sweep,
            data,
            chunk: 4,
        })
    }
}

crate::exports::runner_exports!(WidthSweepRun);

impl Sliced for WidthSweepRun {
    const MIN_CHUNK: u64 = 1;

    fn chunk_mut(&mut self) -> &mut u64 {
        &mut self.chunk
    }

    fn work(&mut self, epochs: u64) {
        self.sweep.advance(&self.data, epochs);
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
        sweep::rows_to_csv(self.sweep.rows())
    }
}

/// Width-sweep rows merged from the shards' CSVs.
#[wasm_bindgen]
pub struct WidthSweepResults {
    pub(super) rows: Vec<WidthRow>,
}

impl WidthSweepResults {
    /// Results from CSV texts; the error names the part and line.
    pub fn from_parts(parts: &[String]) -> Result<Self, String> {
        let mut rows = crate::live::merge_parts(parts, sweep::parse_csv)?;
        protolab_core::sort::sort_by_key(&mut rows, |r| {
            (PAIRS.iter().position(|&p| p == r.pair), r.hidden, r.seed)
        });
        Ok(Self { rows })
    }
}

impl Results for WidthSweepResults {
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

crate::exports::results_exports!(WidthSweepResults, one figure);

#[wasm_bindgen]
impl WidthSweepResults {
    /// Per pair and width: `{pair, H, f1, runs}` (mean F1 over seeds).
    #[wasm_bindgen(unchecked_return_type = "WidthSummary[]")]
    pub fn summary(&self) -> js_sys::Array {
        sweep::mean_f1(&self.rows)
            .into_iter()
            .map(super::types::width_summary)
            .collect()
    }

    /// Per pair: `{pair, minWidth}` (the smallest H with mean F1 > 0.9, or `null`).
    #[wasm_bindgen(unchecked_return_type = "WidthMinimum[]")]
    pub fn minima(&self) -> js_sys::Array {
        PAIRS
            .iter()
            .filter(|p| self.rows.iter().any(|r| r.pair == **p))
            .map(|&pair| {
                super::types::width_minimum(pair, sweep::minimum_width(&self.rows, pair, PASS))
            })
            .collect()
    }
}

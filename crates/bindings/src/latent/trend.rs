//! The Latent Field Lab's trend (docs/labs/latent-field.md#findings): a
//! runner of the core's plan advanced in time-budgeted slices (one per worker
//! shard), the merged results, their table and their figure.

use crate::exports::Results;
use crate::figures::{self, DrawResult, Lines};
use crate::live::Sliced;
use plotters::coord::Shift;
use plotters::prelude::*;
use protolab_core::digits::Digits;
use protolab_core::latent::trend::{self, TrendJob, TrendRow};
use protolab_core::latent::{LatentConfig, LatentRun};
use wasm_bindgen::prelude::*;

/// One shard of the trend: the plan `protolab latent trend` runs at its
/// defaults (3 seeds, the README's checkpoints, 24 × 24 starts).
#[wasm_bindgen]
pub struct LatentTrendRun {
    jobs: Vec<TrendJob>,
    digits: Digits,
    /// Index into `jobs` of the run in progress, the index of its next
    /// checkpoint, and that run.
    current: Option<(usize, usize, LatentRun)>,
    next_job: usize,
    rows: Vec<TrendRow>,
    epochs_done: u64,
    epochs_total: u64,
    chunk: u64,
}

impl LatentTrendRun {
    /// Shard `index` of `count` (jobs index, index + count, …) of the trend
    /// of `hash`'s config: its seed, weight decay and the rest as the CLI's
    /// `latent trend` reads them (the trend sets epochs and grid itself).
    pub fn from_parts(hash: &str, digits: &[u8], index: u32, count: u32) -> Result<Self, String> {
        Self::of_hash(
            hash,
            digits,
            (trend::SEEDS, &trend::PLAIN_EPOCHS, &trend::DECAYED_EPOCHS),
            index,
            count,
        )
    }

    /// Shard `index` of `count` of a trend of `hash`'s config on the trend's
    /// grid: `seeds` seeds from the config's, analysed at `plain` epochs (the
    /// config's weight decay) and `decayed` epochs (the trend's decay).
    pub fn of_hash(
        hash: &str,
        digits: &[u8],
        (seeds, plain, decayed): (u64, &[u64], &[u64]),
        index: u32,
        count: u32,
    ) -> Result<Self, String> {
        let (mut base, _) = LatentConfig::from_hash(hash);
        base.grid = trend::GRID;
        let plan =
            trend::plan(&base, seeds, plain, decayed, trend::DECAY).map_err(|e| e.to_string())?;
        Self::from_plan(plan, digits, index, count)
    }

    /// Shard `index` of `count` of any plan of `trend::plan` (the tests run a
    /// small one; the page runs the defaults' through [`Self::from_parts`]).
    pub fn from_plan(
        plan: Vec<TrendJob>,
        digits: &[u8],
        index: u32,
        count: u32,
    ) -> Result<Self, String> {
        protolab_core::experiments::limits::check_shard(u64::from(index), u64::from(count))
            .map_err(|e| e.to_string())?;
        let digits = Digits::parse(digits).map_err(|e| format!("the digits data: {e}"))?;
        let jobs: Vec<TrendJob> = plan
            .into_iter()
            .enumerate()
            .filter(|(k, _)| k % count as usize == index as usize)
            .map(|(_, j)| j)
            .collect();
        let epochs_total = jobs.iter().map(|j| j.config.epochs).sum();
        Ok(Self {
            jobs,
            digits,
            current: None,
            next_job: 0,
            rows: Vec::new(),
            epochs_done: 0,
            epochs_total,
            chunk: 2,
        })
    }
}

#[wasm_bindgen]
impl LatentTrendRun {
    /// Shard `index` of `count` of the trend of a Latent Field Lab hash, on
    /// the bytes of `data/digits8x8.bin`.
    pub fn shard(
        hash: &str,
        digits: &[u8],
        index: u32,
        count: u32,
    ) -> Result<LatentTrendRun, JsError> {
        Self::from_parts(hash, digits, index, count).map_err(|e| JsError::new(&e))
    }

    /// Shard `index` of `count` of a smaller trend (end-to-end tests only):
    /// `seeds` seeds from the config's, analysed at `plain` (no weight decay
    /// change) and `decayed` (at the trend's decay) epochs. Training does not
    /// depend on the last checkpoint, so its rows equal those rows of the
    /// full plan's (same seed, weight decay and epoch).
    #[wasm_bindgen(js_name = shardOfPlan)]
    pub fn shard_of_plan(
        hash: &str,
        digits: &[u8],
        index: u32,
        count: u32,
        seeds: u32,
        plain: &[u32],
        decayed: &[u32],
    ) -> Result<LatentTrendRun, JsError> {
        let wide = |l: &[u32]| l.iter().map(|&e| u64::from(e)).collect::<Vec<u64>>();
        let epochs = (u64::from(seeds), &wide(plain)[..], &wide(decayed)[..]);
        Self::of_hash(hash, digits, epochs, index, count).map_err(|e| JsError::new(&e))
    }
}

crate::exports::runner_exports!(LatentTrendRun);

impl Sliced for LatentTrendRun {
    const MIN_CHUNK: u64 = 1;

    fn chunk_mut(&mut self) -> &mut u64 {
        &mut self.chunk
    }

    /// Trains about `epochs` epochs, analysing at each checkpoint reached —
    /// the same steps as `trend::run_job`, split at epoch boundaries (training
    /// resumes with the same numbers, see `LatentRun::train_within`).
    fn work(&mut self, epochs: u64) {
        let mut left = epochs;
        while left > 0 && !self.finished() {
            if self.current.is_none() {
                let job = &self.jobs[self.next_job];
                // The plan's configs are validated, so this cannot fail.
                let Ok(run) = LatentRun::new(job.config.clone(), &self.digits) else {
                    self.next_job = self.jobs.len();
                    return;
                };
                self.current = Some((self.next_job, 0, run));
                self.next_job += 1;
            }
            let Some((k, c, run)) = self.current.as_mut() else {
                return;
            };
            let job = &self.jobs[*k];
            let checkpoint = job.checkpoints[*c];
            let step = left.min(checkpoint.saturating_sub(run.epochs_done()));
            run.train(step);
            left -= step;
            self.epochs_done += step;
            // A diverged run stops training; run_job records it as diverged
            // at each checkpoint left.
            if run.epochs_done() >= checkpoint || run.diverged() {
                let row = job.row(checkpoint, run);
                *c += 1;
                let last = *c == job.checkpoints.len();
                self.rows.push(row);
                if last {
                    // Epochs a diverged run never trained count as done.
                    self.epochs_done += job.config.epochs.saturating_sub(run.epochs_done());
                    self.current = None;
                }
                // An analysis is work too: the slice ends after one.
                return;
            }
        }
    }

    fn runs(&self) -> (usize, usize) {
        let done = self.next_job - usize::from(self.current.is_some());
        (done, self.jobs.len())
    }

    fn fraction(&self) -> f64 {
        if self.epochs_total == 0 {
            1.0
        } else {
            self.epochs_done as f64 / self.epochs_total as f64
        }
    }

    fn finished(&self) -> bool {
        self.current.is_none() && self.next_job >= self.jobs.len()
    }

    fn csv_text(&self) -> String {
        let mut rows = self.rows.clone();
        trend::sort_rows(&mut rows);
        trend::rows_to_csv(&rows)
    }
}

/// Trend rows merged from the shards' CSVs (or the shipped CSV).
#[wasm_bindgen]
pub struct LatentTrendResults {
    rows: Vec<TrendRow>,
}

impl LatentTrendResults {
    /// Results from CSV texts; the error names the part and line.
    pub fn from_parts(parts: &[String]) -> Result<Self, String> {
        let mut rows = crate::live::merge_parts(parts, trend::parse_csv)?;
        trend::sort_rows(&mut rows);
        Ok(Self { rows })
    }

    fn lines(&self) -> Lines<'static> {
        let summary = trend::summarize(&self.rows);
        let mut decays: Vec<f64> = summary.iter().map(|g| g.weight_decay).collect();
        decays.dedup();
        let series = decays
            .iter()
            .enumerate()
            .map(|(c, &wd)| {
                let points = summary
                    .iter()
                    .filter(|g| g.weight_decay == wd)
                    .filter_map(|g| g.mean.map(|m| (g.epoch as f64, m.attractors)))
                    .collect();
                (format!("attractors, weight decay {wd}"), c + 1, points)
            })
            .collect();
        Lines {
            title: "Latent-field trend: attractors against training (mean over seeds)",
            x_desc: "epochs (log)",
            y_desc: "attractors",
            log_x: true,
            series,
            legend: Some(SeriesLabelPosition::UpperLeft),
            ..Default::default()
        }
    }
}

impl Results for LatentTrendResults {
    fn csv_text(&self) -> String {
        trend::rows_to_csv(&self.rows)
    }

    fn draw_figure<DB: DrawingBackend>(
        &self,
        _figure: &str,
        area: &DrawingArea<DB, Shift>,
        s: f64,
    ) -> DrawResult {
        if self.rows.iter().all(|r| r.found.is_none()) {
            area.fill(&WHITE).map_err(figures::err)?;
            return figures::message(area, "no analysed checkpoints yet", s);
        }
        figures::draw_lines(area, &self.lines(), s)
    }
}

crate::exports::results_exports!(LatentTrendResults, one figure);

#[wasm_bindgen]
impl LatentTrendResults {
    /// Per weight decay and checkpoint: `{weightDecay, epoch, runs, diverged,
    /// attractors, memorised, converged, trainMse, heldMse}` (means over the
    /// seeds that did not diverge; `null` when all did).
    #[wasm_bindgen(unchecked_return_type = "TrendSummary[]")]
    pub fn summary(&self) -> js_sys::Array {
        trend::summarize(&self.rows)
            .iter()
            .map(super::types::trend_summary)
            .collect()
    }
}

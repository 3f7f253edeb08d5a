//! The Abstraction Lab's λ-sweep: a runner that advances in time-budgeted
//! slices (one per worker shard) and the merged results with their figure.

use crate::figures::{self, DrawResult, Lines};
use crate::render;
use plotters::coord::Shift;
use plotters::prelude::*;
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
    rows: Vec<SweepRow>,
}

impl LambdaSweepResults {
    /// Results from CSV texts (each as written by a runner); the error names
    /// the part and line that cannot be read.
    pub fn from_parts(parts: &[String]) -> Result<Self, String> {
        let mut rows = crate::live::merge_parts(parts, sweep::parse_csv)?;
        rows.sort_by(|a, b| a.lambda.total_cmp(&b.lambda).then(a.seed.cmp(&b.seed)));
        Ok(Self { rows })
    }

    fn lines(&self) -> Lines<'static> {
        let summary = sweep::summarize(&self.rows);
        let positive: Vec<(f64, SweepScores)> = summary
            .iter()
            .filter(|l| l.lambda > 0.0)
            .filter_map(|l| l.scores.map(|s| (l.lambda, s)))
            .collect();
        let series = |label: &str, c: usize, f: fn(&SweepScores) -> f64| {
            (
                label.to_string(),
                c,
                positive.iter().map(|(l, s)| (*l, f(s))).collect(),
            )
        };
        let mut all = vec![
            series("PS (mean over latents)", 1, |s| s.ps),
            series("CCGP (mean)", 2, |s| s.ccgp),
            series("alignment with K_Y", 3, |s| s.alignment),
            series("shattering dim.", 4, |s| s.shattering),
        ];
        // λ = 0 has no place on a log axis: its PS and CCGP are flat reference lines.
        let zero = summary
            .iter()
            .find(|l| l.lambda == 0.0)
            .and_then(|z| z.scores);
        if let (Some(z), Some(a), Some(b)) = (zero, positive.first(), positive.last()) {
            all.push(("PS at λ = 0".into(), 0, vec![(a.0, z.ps), (b.0, z.ps)]));
            all.push((
                "CCGP at λ = 0".into(),
                6,
                vec![(a.0, z.ccgp), (b.0, z.ccgp)],
            ));
        }
        Lines {
            title: "λ-sweep: the hidden layer at the end of training (mean over seeds; collapsed runs have no point)",
            x_desc: "weight decay λ (log)",
            y_desc: "score",
            log_x: true,
            series: all,
            // Headroom above 1 keeps the legend off the curves.
            y_range: Some((-0.05, 1.5)),
            legend: Some(SeriesLabelPosition::UpperRight),
            ..Default::default()
        }
    }

    /// Draws the sweep figure on any backend.
    pub fn figure<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        if self.rows.is_empty() {
            area.fill(&WHITE).map_err(figures::err)?;
            return figures::message(area, "no finished runs yet", s);
        }
        figures::draw_lines(area, &self.lines(), s)
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
        render::canvas(canvas, |area, s| self.figure(area, s)).map_err(|e| JsError::new(&e))
    }

    /// The sweep figure as an SVG document.
    pub fn svg(&self, width: u32, height: u32) -> Result<String, JsError> {
        render::svg(width, height, |area| self.figure(area, 1.0)).map_err(|e| JsError::new(&e))
    }
}

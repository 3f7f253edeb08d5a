//! `ExperimentResults`: finished (or partial) runs of an experiment, for the
//! table, the findings and the figures. Built in the worker by
//! `Experiment::results`, or on the main thread from the worker's CSV with
//! `ExperimentResults.restore` — drawing needs a window (plotters measures text
//! with the page's canvas), which workers do not have.

use super::figures::draw_positions_panel;
use crate::exports::Results;
use crate::figures::{self, DrawResult, Lines, err};
use plotters::coord::Shift;
use plotters::prelude::*;
use protolab_core::experiments::{self, CellStats, RunRecord};
use protolab_core::{Dataset, Mask, TauUnits};
use wasm_bindgen::prelude::*;

/// Results of a study (runs + τ-sweep), a sweep, or the positions runs.
#[wasm_bindgen]
pub struct ExperimentResults {
    pub(super) kind: String,
    pub(super) main: Vec<RunRecord>,
    pub(super) sweep: Vec<RunRecord>,
}

impl ExperimentResults {
    /// Results of `kind` (`study`, `sweep`, `positions`).
    pub fn new(kind: &str, main: Vec<RunRecord>, sweep: Vec<RunRecord>) -> Self {
        Self {
            kind: kind.to_string(),
            main,
            sweep,
        }
    }

    /// Results from a run CSV, a τ-sweep CSV (may be blank) and, for
    /// `positions`, the concatenated prototypes of the finished runs. A
    /// malformed or out-of-range CSV is an error naming the line (the core's
    /// reader checks every value); prototypes must be finite and enough.
    pub fn from_csv(
        kind: &str,
        csv: &str,
        sweep_csv: &str,
        prototypes: &[f64],
    ) -> Result<Self, String> {
        let mut main = experiments::parse_csv(csv)?;
        let sweep = if sweep_csv.trim().is_empty() {
            Vec::new()
        } else {
            experiments::parse_csv(sweep_csv).map_err(|e| format!("sweep: {e}"))?
        };
        if let Some(k) = prototypes.iter().position(|p| !p.is_finite()) {
            return Err(format!(
                "prototype {k} is {}, not a finite position",
                prototypes[k]
            ));
        }
        if !prototypes.is_empty() {
            let mut rest = prototypes;
            for r in main.iter_mut().filter(|r| r.outcome.is_ok()) {
                if rest.len() < r.config.n {
                    return Err("fewer prototypes than the runs need".into());
                }
                let (mine, tail) = rest.split_at(r.config.n);
                r.prototypes = mine.to_vec();
                rest = tail;
            }
        }
        Ok(Self::new(kind, main, sweep))
    }

    /// Results joined from shards' run CSVs and τ-sweep CSVs (blank ones are
    /// skipped); errors name the part and line, as `protolab merge`'s do.
    pub fn from_parts(
        kind: &str,
        parts: &[String],
        sweep_parts: &[String],
    ) -> Result<Self, String> {
        let merge = |texts: &[String]| {
            let refs: Vec<&str> = texts
                .iter()
                .map(String::as_str)
                .filter(|t| !t.trim().is_empty())
                .collect();
            if refs.is_empty() {
                Ok(Vec::new())
            } else {
                experiments::merge_csv(&refs)
            }
        };
        let sweep = merge(sweep_parts).map_err(|e| format!("sweep {e}"))?;
        Ok(Self::new(kind, merge(parts)?, sweep))
    }

    pub(super) fn study_records(&self) -> &[RunRecord] {
        if self.kind == "study" {
            &self.main
        } else {
            &[]
        }
    }

    pub(super) fn sweep_records(&self) -> &[RunRecord] {
        if self.kind == "sweep" {
            &self.main
        } else {
            &self.sweep
        }
    }

    /// The sweep's two panels: hull escape (linear) and recon (log) against τ_S.
    pub(super) fn sweep_lines(&self) -> [Lines<'static>; 2] {
        let tc = experiments::tau_curve(self.sweep_records());
        let curve = |f: fn(&experiments::TauPoint) -> f64| -> Vec<(f64, f64)> {
            tc.points.iter().map(|p| (p.tau, f(p))).collect()
        };
        // The no-separation reference, drawn as a flat line across the grid.
        let reference = |f: fn(&experiments::TauPoint) -> f64| match (
            tc.points.first(),
            tc.points.last(),
            &tc.reference,
        ) {
            (Some(a), Some(b), Some(r)) if r.runs > r.diverged => {
                vec![(a.tau, f(r)), (b.tau, f(r))]
            }
            _ => Vec::new(),
        };
        let spacing = tc.units == TauUnits::Spacing;
        let x_desc = if spacing {
            "tau_S (× mean spacing²)"
        } else {
            "tau_S"
        };
        let panel = |title, f: fn(&experiments::TauPoint) -> f64, log_y| Lines {
            title,
            x_desc,
            y_desc: "mean over seeds",
            log_x: true,
            log_y,
            series: vec![
                ("separation only (S)".into(), 3, curve(f)),
                ("no separation (base)".into(), 0, reference(f)),
            ],
            ..Default::default()
        };
        [
            panel(
                "τ-sweep: hull escape (fraction outside)",
                |p| p.hull_escape.mean,
                false,
            ),
            panel("τ-sweep: recon (Hungarian, log)", |p| p.recon.mean, true),
        ]
    }

    /// Draws `figure` (`study`, `sweep`, `positions`) on any backend.
    fn figure<DB: DrawingBackend>(
        &self,
        figure: &str,
        area: &DrawingArea<DB, Shift>,
        s: f64,
    ) -> DrawResult {
        match figure {
            "study" => figures::draw_lines(
                area,
                &study_lines(&experiments::summarize(self.study_records())),
                s,
            ),
            "sweep" => {
                let halves = area.split_evenly((1, 2));
                for (half, lines) in halves.iter().zip(self.sweep_lines()) {
                    figures::draw_lines(half, &lines, s)?;
                }
                Ok(())
            }
            "positions" => draw_position_grid(area, &self.main, s),
            other => Err(format!(
                "unknown figure {other:?}; experiments draw study, sweep, positions"
            )),
        }
    }
}

impl Results for ExperimentResults {
    fn csv_text(&self) -> String {
        experiments::to_csv(&self.main)
    }

    fn draw_figure<DB: DrawingBackend>(
        &self,
        figure: &str,
        area: &DrawingArea<DB, Shift>,
        s: f64,
    ) -> DrawResult {
        self.figure(figure, area, s)
    }
}

crate::exports::results_exports!(ExperimentResults, figures: "Figures: `study`, `sweep`, `positions`.");

/// Recon against N, one line per mask (mean over seeds), from the study's cells.
pub fn study_lines(cells: &[CellStats]) -> Lines<'static> {
    let series = Mask::ALL
        .iter()
        .enumerate()
        .map(|(i, &m)| {
            let pts = cells
                .iter()
                .filter(|c| c.mask == m && c.recon.count > 0)
                .map(|c| (c.n as f64, c.recon.mean))
                .collect();
            (m.name().to_string(), i, pts)
        })
        .collect();
    Lines {
        title: "Hungarian reconstruction error vs N (mean over seeds)",
        x_desc: "N (data-set size = width)",
        y_desc: "recon",
        log_x: true,
        log_y: true,
        series,
        ..Default::default()
    }
}

/// The N = 100 positions figure: one panel per mask.
pub fn draw_position_grid<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    records: &[RunRecord],
    s: f64,
) -> DrawResult {
    root.fill(&WHITE).map_err(err)?;
    let panels = root.split_evenly((2, 4));
    for (panel, r) in panels.iter().zip(records) {
        let data = Dataset::generate(r.config.target, r.config.n, r.config.seed);
        let title = match &r.outcome {
            Ok(m) => format!(
                "{}: {:.0}% outside, recon {:.3}",
                r.config.mask,
                100.0 * m.hull_escape,
                m.recon
            ),
            Err(_) => format!("{}: diverged", r.config.mask),
        };
        let diverged = r.outcome.as_ref().err().map(|d| d.to_string());
        draw_positions_panel(
            panel,
            &data,
            &r.prototypes,
            &title,
            s * 0.85,
            diverged.as_deref(),
        )?;
    }
    Ok(())
}

#[wasm_bindgen]
impl ExperimentResults {
    /// Rebuilds results from the CSVs a worker sent (and, for `positions`, the
    /// concatenated prototypes); see [`ExperimentResults::from_csv`].
    pub fn restore(
        kind: &str,
        csv: &str,
        sweep_csv: &str,
        prototypes: Vec<f64>,
    ) -> Result<ExperimentResults, JsError> {
        ExperimentResults::from_csv(kind, csv, sweep_csv, &prototypes).map_err(|e| JsError::new(&e))
    }

    /// Joins the CSVs of several shards (main part and sweep part of each) into
    /// the results of one run, as `protolab merge` does; see
    /// [`ExperimentResults::from_parts`].
    #[wasm_bindgen(js_name = restoreParts)]
    pub fn restore_parts(
        kind: &str,
        parts: Vec<String>,
        sweep_parts: Vec<String>,
    ) -> Result<ExperimentResults, JsError> {
        ExperimentResults::from_parts(kind, &parts, &sweep_parts).map_err(|e| JsError::new(&e))
    }

    /// Runs in the main part.
    #[wasm_bindgen(js_name = runCount)]
    pub fn run_count(&self) -> usize {
        self.main.len()
    }

    /// Mean ± sd per (mask, N) as an array of objects.
    #[wasm_bindgen(unchecked_return_type = "StudyCell[]")]
    pub fn table(&self) -> JsValue {
        super::types::cells(&experiments::summarize(&self.main))
    }

    /// The findings F1–F5 with verdicts and numbers.
    #[wasm_bindgen(unchecked_return_type = "Finding[]")]
    pub fn findings(&self) -> JsValue {
        super::types::findings(&experiments::findings(
            self.study_records(),
            self.sweep_records(),
        ))
    }
}

//! The exported methods every handle shares, written once.
//!
//! wasm-bindgen exports only inherent methods, so each family of handles has a
//! trait here (what differs per lab) whose provided methods hold the shared
//! behaviour, and a macro that writes the thin `#[wasm_bindgen] impl` block of
//! a handle over it: [`lab_exports!`] for the live labs, [`runner_exports!`]
//! for the long runs advanced in slices ([`Sliced`]), [`results_exports!`] for
//! the merged results. Each method's doc comment is written here, once, and
//! reaches the generated TypeScript.

use crate::figures::{DrawResult, surface};
use crate::live::Stepped;
use plotters::coord::Shift;
use plotters::prelude::*;
use protolab_core::Live;
use wasm_bindgen::JsValue;

#[cfg(doc)]
use crate::live::Sliced;

/// A live lab handle: what differs per lab. Every exported method the four
/// labs share (`issues`, `step`, `isBusy`, `activity`, `reset`, `config`,
/// `stepCount`, `isFinished`, `divergence`, `metrics`, `draw`, `svg`) is
/// written once over it by `lab_exports!`.
pub trait LabHandle: Stepped {
    /// Problems found in the config the lab was made from (each names the key).
    fn config_issues(&self) -> &[String];
    /// The live run.
    fn live(&self) -> &Live<Self::Run>;
    /// Resets the run to its first step (same seed) and forgets what the
    /// handle recorded of it (histories, analyses).
    fn rewind(&mut self);
    /// The config as a URL hash.
    fn hash(&self) -> String;
    /// Why the run stopped, if it diverged (a sentence for the page's alert).
    fn divergence_message(&self) -> Option<String>;
    /// Every metric now as a plain JS object (`null` where the lab says so).
    fn metrics_value(&mut self) -> JsValue;
    /// Draws `figure` on any backend at scale `s` (the device pixel ratio), or
    /// an error naming the figures the lab draws.
    fn draw_figure<DB: DrawingBackend>(
        &mut self,
        figure: &str,
        area: &DrawingArea<DB, Shift>,
        s: f64,
    ) -> DrawResult;

    /// Back to the first step with the same seed; the first metric sample is
    /// begun (as a fresh handle's is).
    fn restart(&mut self) {
        self.rewind();
        self.live_mut().restart();
        self.bounded_step(0);
    }

    /// `figure` as an SVG document of `width × height` px.
    fn figure_svg(&mut self, figure: &str, width: u32, height: u32) -> Result<String, String> {
        let svg = surface::svg(width, height, |area| self.draw_figure(figure, area, 1.0))?;
        Ok(surface::with_provenance(svg, Some(&self.hash())))
    }

    /// Draws `figure` into `canvas` at the device pixel ratio.
    #[cfg(target_arch = "wasm32")]
    fn figure_canvas(
        &mut self,
        canvas: &web_sys::HtmlCanvasElement,
        figure: &str,
    ) -> Result<(), String> {
        surface::canvas(canvas, |area, s| self.draw_figure(figure, area, s))
    }
}

/// Results of a long run, merged or restored from CSV: their CSV and figures.
pub trait Results {
    /// The rows as CSV.
    fn csv_text(&self) -> String;
    /// Draws `figure` on any backend (results with one figure ignore the name).
    fn draw_figure<DB: DrawingBackend>(
        &self,
        figure: &str,
        area: &DrawingArea<DB, Shift>,
        s: f64,
    ) -> DrawResult;

    /// `figure` as an SVG document of `width × height` px.
    fn figure_svg(&self, figure: &str, width: u32, height: u32) -> Result<String, String> {
        // Results may join runs of several configs: the version only.
        let svg = surface::svg(width, height, |area| self.draw_figure(figure, area, 1.0))?;
        Ok(surface::with_provenance(svg, None))
    }

    /// Draws `figure` into `canvas` at the device pixel ratio.
    #[cfg(target_arch = "wasm32")]
    fn figure_canvas(
        &self,
        canvas: &web_sys::HtmlCanvasElement,
        figure: &str,
    ) -> Result<(), String> {
        surface::canvas(canvas, |area, s| self.draw_figure(figure, area, s))
    }
}

/// Writes the exported methods a live lab handle shares, over its
/// [`LabHandle`] impl: `lab_exports!(Handle, metrics: "TS type", "doc",
/// figures: "doc")` — the TypeScript type `metrics()` returns and the
/// lab's own sentences for `metrics` and `draw`.
macro_rules! lab_exports {
    ($handle:ident, metrics: $metrics_ts:literal, $metrics_doc:literal, figures: $figures_doc:literal) => {
        #[::wasm_bindgen::prelude::wasm_bindgen]
        impl $handle {
            /// Problems found in the config this lab was made from (each names the key).
            pub fn issues(&self) -> Vec<String> {
                $crate::exports::LabHandle::config_issues(self).to_vec()
            }

            /// Takes up to `n` steps (epochs in the Latent Field Lab, units of
            /// work in the Capacity Lab; not past the configured count, fewer
            /// once the run diverges) in one call of bounded work, measuring
            /// the metrics on the way. Returns the steps completed: fewer than
            /// `n` when the call's work is spent, 0 while a measurement or a
            /// long step is under way (`isBusy()`); call again.
            pub fn step(&mut self, n: u32) -> u32 {
                $crate::live::Stepped::bounded_step(self, n)
            }

            /// True while a call has work under way that completed no step (a
            /// metric sample, an analysis, part of an epoch): a `step` that
            /// returned 0 still made progress.
            #[wasm_bindgen(js_name = isBusy)]
            pub fn is_busy(&self) -> bool {
                $crate::exports::LabHandle::live(self).busy()
            }

            /// What the lab is busy with, for a status line (`undefined` when
            /// idle), e.g. "analysing attractors 40 %".
            pub fn activity(&self) -> Option<String> {
                $crate::exports::LabHandle::live(self).activity()
            }

            /// Back to the first step with the same seed (and data).
            pub fn reset(&mut self) {
                $crate::exports::LabHandle::restart(self)
            }

            /// The config as a URL hash (`v=1&lab=…&…`).
            pub fn config(&self) -> String {
                $crate::exports::LabHandle::hash(self)
            }

            /// Steps taken so far (epochs trained, units of work done).
            #[wasm_bindgen(js_name = stepCount)]
            pub fn step_count(&self) -> f64 {
                let live = $crate::exports::LabHandle::live(self);
                ::protolab_core::Steps::steps_done(&**live) as f64
            }

            /// True once the configured steps are taken (and measured) or the
            /// run diverged.
            #[wasm_bindgen(js_name = isFinished)]
            pub fn is_finished(&self) -> bool {
                $crate::exports::LabHandle::live(self).is_finished()
            }

            /// Why the run stopped, if it diverged (a sentence for the page's alert).
            pub fn divergence(&self) -> Option<String> {
                $crate::exports::LabHandle::divergence_message(self)
            }

            #[doc = $metrics_doc]
            #[wasm_bindgen(unchecked_return_type = $metrics_ts)]
            pub fn metrics(&mut self) -> ::wasm_bindgen::JsValue {
                $crate::exports::LabHandle::metrics_value(self)
            }

            /// Draws `figure` into `canvas`, whose pixel size the page sets
            /// (CSS size × devicePixelRatio).
            #[doc = $figures_doc]
            #[cfg(target_arch = "wasm32")]
            pub fn draw(
                &mut self,
                canvas: &::web_sys::HtmlCanvasElement,
                figure: &str,
            ) -> Result<(), ::wasm_bindgen::JsError> {
                $crate::exports::LabHandle::figure_canvas(self, canvas, figure)
                    .map_err(|e| ::wasm_bindgen::JsError::new(&e))
            }

            /// `figure` as an SVG document (`width × height` px).
            pub fn svg(
                &mut self,
                figure: &str,
                width: u32,
                height: u32,
            ) -> Result<String, ::wasm_bindgen::JsError> {
                $crate::exports::LabHandle::figure_svg(self, figure, width, height)
                    .map_err(|e| ::wasm_bindgen::JsError::new(&e))
            }
        }
    };
}
pub(crate) use lab_exports;

/// Writes `advance`, `isDone` and `csv` of a long run advanced in
/// time-budgeted slices, over its [`Sliced`] impl.
macro_rules! runner_exports {
    ($runner:ident) => {
        #[::wasm_bindgen::prelude::wasm_bindgen]
        impl $runner {
            /// Works for about `budget_ms` milliseconds, then returns
            /// `{runsDone, runsTotal, fraction, done}`.
            #[wasm_bindgen(unchecked_return_type = "Progress")]
            pub fn advance(&mut self, budget_ms: f64) -> ::wasm_bindgen::JsValue {
                $crate::live::Sliced::advance_js(self, budget_ms)
            }

            /// True when every run it has (its shard, or what it was handed) is finished.
            #[wasm_bindgen(js_name = isDone)]
            pub fn is_done(&self) -> bool {
                $crate::live::Sliced::finished(self)
            }

            /// One CSV row per finished run (the CLI's columns).
            pub fn csv(&self) -> String {
                $crate::live::Sliced::csv_text(self)
            }
        }
    };
}
pub(crate) use runner_exports;

/// Writes `csv`, `draw` and `svg` of merged results over their [`Results`]
/// impl: `results_exports!(Type, figures: "doc")` for results with named
/// figures (`draw(canvas, figure)`, `svg(figure, w, h)`),
/// `results_exports!(Type, one figure)` (which also writes `fromCsvs` over the
/// type's `from_parts`) for results with one
/// (`draw(canvas)`, `svg(w, h)`).
macro_rules! results_exports {
    ($results:ident, figures: $figures_doc:literal) => {
        #[::wasm_bindgen::prelude::wasm_bindgen]
        impl $results {
            /// The rows as CSV (the CLI's columns).
            pub fn csv(&self) -> String {
                $crate::exports::Results::csv_text(self)
            }

            /// Draws `figure` into a canvas.
            #[doc = $figures_doc]
            #[cfg(target_arch = "wasm32")]
            pub fn draw(
                &self,
                canvas: &::web_sys::HtmlCanvasElement,
                figure: &str,
            ) -> Result<(), ::wasm_bindgen::JsError> {
                $crate::exports::Results::figure_canvas(self, canvas, figure)
                    .map_err(|e| ::wasm_bindgen::JsError::new(&e))
            }

            /// `figure` as an SVG document (`width × height` px).
            pub fn svg(
                &self,
                figure: &str,
                width: u32,
                height: u32,
            ) -> Result<String, ::wasm_bindgen::JsError> {
                $crate::exports::Results::figure_svg(self, figure, width, height)
                    .map_err(|e| ::wasm_bindgen::JsError::new(&e))
            }
        }
    };
    ($results:ident, one figure) => {
        #[::wasm_bindgen::prelude::wasm_bindgen]
        impl $results {
            /// Merges the CSVs of a run's shards (or the shipped CSV); the
            /// error names the part and line that cannot be read.
            #[wasm_bindgen(js_name = fromCsvs)]
            pub fn from_csvs(parts: Vec<String>) -> Result<$results, ::wasm_bindgen::JsError> {
                $results::from_parts(&parts).map_err(|e| ::wasm_bindgen::JsError::new(&e))
            }

            /// The merged rows as CSV (sorted).
            pub fn csv(&self) -> String {
                $crate::exports::Results::csv_text(self)
            }

            /// Draws the figure into a canvas.
            #[cfg(target_arch = "wasm32")]
            pub fn draw(
                &self,
                canvas: &::web_sys::HtmlCanvasElement,
            ) -> Result<(), ::wasm_bindgen::JsError> {
                $crate::exports::Results::figure_canvas(self, canvas, "")
                    .map_err(|e| ::wasm_bindgen::JsError::new(&e))
            }

            /// The figure as an SVG document (`width × height` px).
            pub fn svg(&self, width: u32, height: u32) -> Result<String, ::wasm_bindgen::JsError> {
                $crate::exports::Results::figure_svg(self, "", width, height)
                    .map_err(|e| ::wasm_bindgen::JsError::new(&e))
            }
        }
    };
}
pub(crate) use results_exports;

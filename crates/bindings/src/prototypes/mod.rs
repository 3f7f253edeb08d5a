//! The Prototype Lab (seed 001): the `Lab` handle (one run that JS steps,
//! queries and draws), its figures, and its experiments (study, τ-sweep,
//! positions) with their results.

mod experiments;
mod explorer;
mod figures;
mod inspect;
mod marks;
mod pulled;
pub(crate) mod replay;
mod results;
pub(crate) mod types;

pub use experiments::Experiment;
pub use figures::LAB_FIGURES;
pub use results::ExperimentResults;

use crate::exports::LabHandle;
use crate::figures::{DrawResult, surface};
use crate::live::Stepped;
use plotters::coord::Shift;
use plotters::prelude::*;
use protolab_core::{Live, Metrics, Trainer, hash};
use wasm_bindgen::prelude::*;

/// Metric samples kept for the curves; older ones are thinned to every other.
const HISTORY_CAP: usize = 1200;

/// A live Prototype Lab run.
#[wasm_bindgen]
pub struct Lab {
    live: Live<Trainer>,
    history: Vec<Metrics>,
    issues: Vec<String>,
    /// The data came from the user (clicks, CSV, a `pts=` link), not the generator.
    user_data: bool,
    /// The inspector's selection and the compare overlay (inspect.rs).
    marks: inspect::Marks,
}

impl Lab {
    /// A lab from a URL hash; bad values become defaults and are listed in `issues`.
    pub fn from_hash_str(hash_str: &str) -> Lab {
        let (config, issues) = hash::from_hash(hash_str);
        let mut issues: Vec<String> = issues.into_iter().map(|i| i.message).collect();
        let user = match hash::points_from_hash(hash_str) {
            Some(Ok(data)) => Trainer::with_data(config.clone(), data)
                .map_err(|e| issues.push(e.to_string()))
                .ok(),
            Some(Err(e)) => {
                issues.push(format!("{e}; using generated data"));
                None
            }
            None => None,
        };
        let user_data = user.is_some();
        let run =
            user.unwrap_or_else(|| Trainer::new(config).expect("from_hash returns a valid config"));
        Lab::around(run, issues, user_data)
    }

    fn around(run: Trainer, issues: Vec<String>, user_data: bool) -> Lab {
        let mut lab = Lab {
            live: Live::new(run),
            history: Vec::new(),
            issues,
            user_data,
            marks: inspect::Marks::default(),
        };
        // Measures step 0 (at large N the first calls finish it).
        lab.bounded_step(0);
        lab
    }

    /// A lab on user points with the other settings from `hash_str`.
    pub fn with_points(hash_str: &str, points: &[(f64, f64)]) -> Result<Lab, String> {
        let data = protolab_core::Dataset::from_points(points)?;
        // Bad settings beside the points become defaults and are named, as in a link.
        let (config, issues) = hash::from_hash(hash_str);
        let run = Trainer::with_data(config, data).map_err(|e| e.to_string())?;
        Ok(Lab::around(
            run,
            issues.into_iter().map(|i| i.message).collect(),
            true,
        ))
    }

    /// Every metric at the current step: the latest sample when it is of this
    /// step (no second Hungarian assignment), else computed now.
    pub fn current_metrics(&mut self) -> Option<Metrics> {
        match self.history.last() {
            Some(m) if m.step == self.live.steps_done() && self.live.divergence().is_none() => {
                Some(*m)
            }
            _ => self.live.run_mut().metrics(),
        }
    }

    /// Renders `figure` to an SVG document of `width × height` pixels.
    /// It carries the protolab version and the config's link in a comment.
    pub fn svg_string(&self, figure: &str, width: u32, height: u32) -> Result<String, String> {
        let svg = surface::svg(width, height, |area| self.figure(figure, area, 1.0))?;
        Ok(surface::with_provenance(
            svg,
            Some(&crate::exports::LabHandle::hash(self)),
        ))
    }
}

impl Stepped for Lab {
    type Run = Trainer;

    fn live_mut(&mut self) -> &mut Live<Trainer> {
        &mut self.live
    }

    fn record(&mut self, m: Metrics) {
        if self.history.last().map(|h| h.step) != Some(m.step) {
            crate::js::push_thinned(&mut self.history, m, HISTORY_CAP);
        }
    }
}

impl LabHandle for Lab {
    fn config_issues(&self) -> &[String] {
        &self.issues
    }

    fn live(&self) -> &Live<Trainer> {
        &self.live
    }

    fn rewind(&mut self) {
        self.live.run_mut().reset();
        self.history.clear();
        self.marks.generation += 1;
    }

    /// The hash with the points (`pts=x:y,…`) when the data is the user's.
    fn hash(&self) -> String {
        let mut h = hash::to_hash(self.live.config());
        if self.user_data {
            h.push('&');
            h.push_str(&hash::points_to_hash(self.live.data()));
        }
        h
    }

    fn divergence_message(&self) -> Option<String> {
        self.live.divergence().map(|d| d.to_string())
    }

    /// `null` once the run has diverged.
    fn metrics_value(&mut self) -> JsValue {
        self.current_metrics()
            .map_or(JsValue::NULL, |m| types::metrics(&m))
    }

    fn draw_figure<DB: DrawingBackend>(
        &mut self,
        figure: &str,
        area: &DrawingArea<DB, Shift>,
        s: f64,
    ) -> DrawResult {
        self.figure(figure, area, s)
    }
}

crate::exports::lab_exports!(
    Lab,
    metrics: "LabMetrics | null",
    "Every metric now: `{step, recon, nearest, specialization, hullEscape, hullDistance, fit, loss: {fit, coverage, separation, overlap, total}}`, or `null` once the run has diverged.",
    figures: "Figures: `fit`, `prototypes`, `losses`, `metrics`."
);

#[wasm_bindgen]
impl Lab {
    /// A lab from a config: a URL hash string (`"N=20&mask=CS&…"`, `#` optional)
    /// or a plain object with the same keys. Never fails on bad values: they are
    /// replaced by defaults and listed by `issues()`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "LabConfig")] config: JsValue,
    ) -> Result<Lab, JsError> {
        crate::start();
        Ok(Lab::from_hash_str(&crate::live::config_string(&config)?))
    }

    /// Steps past the configured step count too (the page's "keep training").
    #[wasm_bindgen(js_name = stepUnbounded)]
    pub fn step_unbounded(&mut self, n: u32) -> u32 {
        self.unbounded_step(u64::from(n))
    }

    /// Steps between the metric samples of the curves.
    #[wasm_bindgen(js_name = sampleEvery)]
    pub fn sample_every(&self) -> f64 {
        self.live.sample_every() as f64
    }

    /// True when the data came from the user rather than the generator.
    #[wasm_bindgen(js_name = isUserData)]
    pub fn is_user_data(&self) -> bool {
        self.user_data
    }

    /// A lab on the points `(xs[i], ys[i])` (N follows the data), other settings
    /// from `hash`. Bad points are an error naming the point.
    #[wasm_bindgen(js_name = withPoints)]
    pub fn with_points_js(hash: &str, xs: Vec<f64>, ys: Vec<f64>) -> Result<Lab, JsError> {
        if xs.len() != ys.len() {
            return Err(JsError::new("as many x as y values are needed"));
        }
        let points: Vec<(f64, f64)> = xs.into_iter().zip(ys).collect();
        Lab::with_points(hash, &points).map_err(|e| JsError::new(&e))
    }

    /// A lab on the points of a CSV text (`x,y` per line). A malformed file is an
    /// error naming the line and the problem.
    #[wasm_bindgen(js_name = fromCsv)]
    pub fn from_csv(hash: &str, csv: &str) -> Result<Lab, JsError> {
        let points =
            protolab_core::data::parse_points_csv(csv).map_err(|e| JsError::new(&e.message))?;
        Lab::with_points(hash, &points).map_err(|e| JsError::new(&e))
    }

    /// The whole state (config, data, weights, optimizer, step) as JSON.
    #[wasm_bindgen(js_name = exportState)]
    pub fn export_state(&self) -> Result<String, JsError> {
        self.live
            .export_state()
            .map_err(|e| JsError::new(&e.message))
    }

    /// A lab from JSON written by `exportState`: the identical run, at the same step.
    #[wasm_bindgen(js_name = importState)]
    pub fn import_state(json: &str) -> Result<Lab, JsError> {
        let run = Trainer::import_state(json).map_err(|e| JsError::new(&e.message))?;
        let generated = protolab_core::Dataset::generate(
            run.config().target,
            run.config().n,
            run.config().seed,
        );
        let user_data = *run.data() != generated;
        Ok(Lab::around(run, Vec::new(), user_data))
    }

    /// Data coordinates `[x, y]` of pixel `(px, py)` on a fit figure drawn at
    /// `width × height` canvas pixels with scale `scale` (devicePixelRatio), or
    /// `undefined` outside the plot area.
    #[wasm_bindgen(js_name = fitCoords)]
    pub fn fit_coords(
        &self,
        width: u32,
        height: u32,
        scale: f64,
        px: f64,
        py: f64,
    ) -> Option<Vec<f64>> {
        use plotters::coord::ReverseCoordTranslate;
        let mut sink = String::new();
        let root = crate::figures::Surface::Svg(plotters::prelude::SVGBackend::with_string(
            &mut sink,
            (width.max(1), height.max(1)),
        ));
        let area = plotters::prelude::IntoDrawingArea::into_drawing_area(root);
        let chart = figures::fit_chart(&area, self.live.data(), scale).ok()?;
        let (x, y) = chart
            .as_coord_spec()
            .reverse_translate((px.round() as i32, py.round() as i32))?;
        Some(vec![x, y])
    }

    /// The prototypes `p_j`.
    pub fn prototypes(&self) -> Vec<f64> {
        self.live.model().prototypes()
    }

    /// The training data as `{x: Float64Array, y: Float64Array}`.
    #[wasm_bindgen(unchecked_return_type = "LabData")]
    pub fn data(&self) -> JsValue {
        types::data(self.live.data())
    }

    /// Every unit's response `h_j(x)` at input `x`.
    pub fn responses(&self, x: f64) -> Vec<f64> {
        self.live.model().responses(x)
    }

    /// The network output at `x`.
    pub fn predict(&self, x: f64) -> f64 {
        self.live.model().predict(x)
    }
}

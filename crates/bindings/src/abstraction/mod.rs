//! The Abstraction Lab (seed 002): the `AbstractionLab` handle (step, query
//! and draw the second lab), its figures, and its λ-sweep.

mod experiments;
mod figures;

pub use experiments::{LambdaSweepResults, LambdaSweepRun};
pub use figures::ABSTRACTION_FIGURES;

use crate::figures::surface;
use crate::live::Stepped;
use protolab_core::Live;
use protolab_core::abstraction::{AbstractionConfig, AbstractionMetrics, AbstractionRun};
use wasm_bindgen::prelude::*;

/// Metric samples kept for the curves (each sample trains classifiers, so fewer than the Prototype Lab's).
const HISTORY_CAP: usize = 600;

/// A live Abstraction Lab run.
#[wasm_bindgen]
pub struct AbstractionLab {
    live: Live<AbstractionRun>,
    history: Vec<AbstractionMetrics>,
    issues: Vec<String>,
}

impl AbstractionLab {
    /// A lab from a hash (`D=3&P=0&lam=0.03&…`); bad values become defaults and are listed.
    pub fn from_hash_str(hash: &str) -> Self {
        let (config, issues) = AbstractionConfig::from_hash(hash);
        let run = AbstractionRun::new(config).expect("from_hash returns a valid config");
        let mut lab = Self {
            live: Live::new(run),
            history: Vec::new(),
            issues: issues.into_iter().map(|i| i.message).collect(),
        };
        // Starts measuring step 0; a wide layer's sample is finished by the
        // first calls of `step`, not here (it is half a second of work).
        lab.bounded_step(0);
        lab
    }

    /// Every metric at the current step: the latest sample when it is of this
    /// step (no second round of classifiers), else computed now.
    pub fn current_metrics(&mut self) -> Option<AbstractionMetrics> {
        match self.history.last() {
            Some(m) if m.step == self.live.steps_done() && !self.live.diverged() => Some(m.clone()),
            _ => self.live.run_mut().metrics(),
        }
    }

    /// True when the latest sample found the hidden layer collapsed.
    fn collapsed(&self) -> bool {
        self.history.last().is_some_and(|m| m.collapsed)
    }
}

impl Stepped for AbstractionLab {
    type Run = AbstractionRun;

    fn live_mut(&mut self) -> &mut Live<AbstractionRun> {
        &mut self.live
    }

    fn record(&mut self, m: AbstractionMetrics) {
        crate::js::push_thinned(&mut self.history, m, HISTORY_CAP);
    }
}

#[wasm_bindgen]
impl AbstractionLab {
    /// A lab from a config: a hash string (`"D=3&lam=0.1"`, `#` optional) or a
    /// plain object with the same keys. Bad values become defaults, listed by `issues()`.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<AbstractionLab, JsError> {
        crate::start();
        Ok(AbstractionLab::from_hash_str(&crate::live::config_string(
            &config,
        )?))
    }

    /// Problems found in the hash (each names the key).
    pub fn issues(&self) -> Vec<String> {
        self.issues.clone()
    }

    /// Takes up to `n` steps (not past the configured count) in one call of
    /// bounded work, measuring the metrics every `sampleEvery` steps on the
    /// way. Returns the steps taken: fewer than `n` when the call's work is
    /// spent, 0 while a measurement is under way (`isBusy()`); call again.
    pub fn step(&mut self, n: u32) -> u32 {
        self.bounded_step(n)
    }

    /// True while a call has work under way that completed no step (a metric
    /// sample in progress): a `step` that returned 0 still made progress.
    #[wasm_bindgen(js_name = isBusy)]
    pub fn is_busy(&self) -> bool {
        self.live.busy()
    }

    /// What the lab is busy with, for a status line (`undefined` when idle).
    pub fn activity(&self) -> Option<String> {
        self.live.activity()
    }

    /// Steps between the metric samples of the curves (more for a wide layer,
    /// whose sample costs hundreds of steps).
    #[wasm_bindgen(js_name = sampleEvery)]
    pub fn sample_every(&self) -> f64 {
        self.live.sample_every() as f64
    }

    /// Back to step 0, same seed.
    pub fn reset(&mut self) {
        self.live.run_mut().reset();
        self.live.restart();
        self.history.clear();
        self.bounded_step(0);
    }

    /// The config as a URL hash (`v=1&lab=abstraction&…`).
    pub fn config(&self) -> String {
        self.live.config().to_hash()
    }

    /// Steps taken.
    #[wasm_bindgen(js_name = stepCount)]
    pub fn step_count(&self) -> f64 {
        self.live.steps_done() as f64
    }

    /// True once the configured number of steps is reached (and measured) or
    /// the run diverged.
    #[wasm_bindgen(js_name = isFinished)]
    pub fn is_finished(&self) -> bool {
        self.live.is_finished()
    }

    /// Why the run stopped, if it diverged (a sentence for the page's alert).
    pub fn divergence(&self) -> Option<String> {
        self.live.divergence()
    }

    /// `{step, loss, ps: [...], ccgp: [...], alignment, shattering, collapsed}`
    /// (scores NaN when `collapsed`; `loss` null before the first step), or
    /// `null` after divergence.
    pub fn metrics(&mut self) -> JsValue {
        let Some(m) = self.current_metrics() else {
            return JsValue::NULL;
        };
        crate::js::Obj::new()
            .set("step", m.step as f64)
            // Before the first step there is no loss yet: null, not NaN.
            .set("loss", m.loss.map_or(JsValue::NULL, JsValue::from))
            .set("ps", js_sys::Float64Array::from(m.ps.as_slice()))
            .set("ccgp", js_sys::Float64Array::from(m.ccgp.as_slice()))
            .set("alignment", m.alignment)
            .set("shattering", m.shattering)
            .set("collapsed", m.collapsed)
            .done()
    }

    /// Draws `figure` (`kernels`, `pca`, `curves`) into a canvas.
    #[cfg(target_arch = "wasm32")]
    pub fn draw(
        &mut self,
        canvas: &web_sys::HtmlCanvasElement,
        figure: &str,
    ) -> Result<(), JsError> {
        surface::canvas(canvas, |area, s| self.figure(figure, area, s))
            .map_err(|e| JsError::new(&e))
    }

    /// `figure` as an SVG document.
    pub fn svg(&mut self, figure: &str, width: u32, height: u32) -> Result<String, JsError> {
        surface::svg(width, height, |area| self.figure(figure, area, 1.0))
            .map_err(|e| JsError::new(&e))
    }
}

//! The Abstraction Lab (seed 002): the `AbstractionLab` handle (step, query
//! and draw the second lab), its figures, and its λ-sweep.

mod experiments;
mod figures;
pub(crate) mod types;

pub use experiments::{LambdaSweepResults, LambdaSweepRun};
pub use figures::ABSTRACTION_FIGURES;

use crate::exports::LabHandle;
use crate::figures::DrawResult;
use crate::live::Stepped;
use plotters::coord::Shift;
use plotters::prelude::*;
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

impl LabHandle for AbstractionLab {
    fn config_issues(&self) -> &[String] {
        &self.issues
    }

    fn live(&self) -> &Live<AbstractionRun> {
        &self.live
    }

    fn rewind(&mut self) {
        self.live.run_mut().reset();
        self.history.clear();
    }

    fn hash(&self) -> String {
        self.live.config().to_hash()
    }

    fn divergence_message(&self) -> Option<String> {
        self.live.divergence()
    }

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
    AbstractionLab,
    metrics: "AbstractionLabMetrics | null",
    "`{step, loss, ps: [...], ccgp: [...], alignment, shattering, collapsed}` (scores NaN when `collapsed`; `loss` null before the first step), or `null` after divergence.",
    figures: "Figures: `kernels`, `pca`, `curves`."
);

#[wasm_bindgen]
impl AbstractionLab {
    /// A lab from a config: a hash string (`"D=3&lam=0.1"`, `#` optional) or a
    /// plain object with the same keys. Bad values become defaults, listed by `issues()`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "LabConfig")] config: JsValue,
    ) -> Result<AbstractionLab, JsError> {
        crate::start();
        Ok(AbstractionLab::from_hash_str(&crate::live::config_string(
            &config,
        )?))
    }

    /// Steps between the metric samples of the curves (more for a wide layer,
    /// whose sample costs hundreds of steps).
    #[wasm_bindgen(js_name = sampleEvery)]
    pub fn sample_every(&self) -> f64 {
        self.live.sample_every() as f64
    }
}

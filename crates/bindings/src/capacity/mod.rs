//! The Capacity Lab (seed 004): the `CapacityLab` handle (train, prune,
//! corrupt and look at one classifier), its figures, and its width sweep.

mod experiments;
mod figures;
pub(crate) mod types;

pub use experiments::{WidthSweepResults, WidthSweepRun};
pub use figures::CAPACITY_FIGURES;

use crate::exports::LabHandle;
use crate::figures::DrawResult;
use crate::live::Stepped;
use plotters::coord::Shift;
use plotters::prelude::*;
use protolab_core::Live;
use protolab_core::capacity::{CapacityConfig, CapacityRun, LabelledImages, Source};
use protolab_core::digits::Digits;
use wasm_bindgen::prelude::*;

/// The images of a config's source from the bytes of its shipped file.
pub(crate) fn images(source: Source, bytes: &[u8]) -> Result<LabelledImages, String> {
    match source {
        Source::Mnist => {
            LabelledImages::from_mnist(bytes).map_err(|e| format!("the MNIST data: {e}"))
        }
        Source::Digits => Digits::parse(bytes)
            .map(|d| LabelledImages::from_digits(&d))
            .map_err(|e| format!("the digits data: {e}")),
    }
}

/// A live Capacity Lab run.
#[wasm_bindgen]
pub struct CapacityLab {
    live: Live<CapacityRun>,
    issues: Vec<String>,
}

impl CapacityLab {
    /// A lab from a hash and the bytes of the data file its `data=` names
    /// (`data/mnist-pairs.bin` or `data/digits8x8.bin`).
    pub fn from_parts(hash: &str, bytes: &[u8]) -> Result<Self, String> {
        let (config, issues) = CapacityConfig::from_hash(hash);
        let data = images(config.source, bytes)?;
        let run = CapacityRun::new(config, &data).map_err(|e| e.to_string())?;
        Ok(Self {
            live: Live::new(run),
            issues: issues.into_iter().map(|i| i.message).collect(),
        })
    }
}

impl Stepped for CapacityLab {
    type Run = CapacityRun;

    fn live_mut(&mut self) -> &mut Live<CapacityRun> {
        &mut self.live
    }

    /// Every result is recorded by the run itself.
    fn record(&mut self, _: ()) {}
}

impl LabHandle for CapacityLab {
    fn config_issues(&self) -> &[String] {
        &self.issues
    }

    fn live(&self) -> &Live<CapacityRun> {
        &self.live
    }

    /// Every result is the run's: resetting it forgets them.
    fn rewind(&mut self) {
        self.live.run_mut().reset();
    }

    fn hash(&self) -> String {
        self.live.config().to_hash()
    }

    /// The dense net's divergence ends the run (nothing after it is run); a
    /// pruned or corruption net that diverges only loses its point.
    fn divergence_message(&self) -> Option<String> {
        self.live.dense().divergence().map(|d| {
            format!(
                "the dense net diverged in epoch {}: {} (lr {}) — lower the learning rate",
                d.step + 1,
                d.reason,
                self.live.config().classifier.lr
            )
        })
    }

    fn metrics_value(&mut self) -> JsValue {
        types::metrics(&self.live)
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
    CapacityLab,
    metrics: "CapacityLabMetrics",
    "`{epoch, f1, precision, recall, auc, pruned: [{scheme, level, achieved, f1, f1Tuned}], noise: [{H, sigma, f1}], paperLevel: {achieved, f1}}` (the scores absent before the first is measured; sigma `null` = occlusion; paperLevel = the dense net pruned 0.95 % globally, what the paper's code did, or `null`).",
    figures: "Figures: `training`, `pruning`, `noise`, `saliency`."
);

#[wasm_bindgen]
impl CapacityLab {
    /// A lab from a config — a hash string (`"pair=4/9&H=16"`, `#` optional)
    /// or a plain object with the same keys — and the bytes of the data file
    /// its `data=` names (`data/mnist-pairs.bin` by default, or
    /// `data/digits8x8.bin` with `data=digits`), fetched by the host. Bad config
    /// values become defaults, listed by `issues()`; a corrupt file is an error.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "LabConfig")] config: JsValue,
        data: &[u8],
    ) -> Result<CapacityLab, JsError> {
        crate::start();
        CapacityLab::from_parts(&crate::live::config_string(&config)?, data)
            .map_err(|e| JsError::new(&e))
    }

    /// Work in total.
    #[wasm_bindgen(js_name = totalSteps)]
    pub fn total_steps(&self) -> f64 {
        self.live.total_work() as f64
    }
}

//! The Latent Field Lab (seed 003): the `LatentLab` handle (an autoencoder on
//! the 8×8 digits) and its figures: the latent vector field, trajectories,
//! codes and attractors.

mod attractors;
mod figures;
mod trend;
pub(crate) mod types;

pub use figures::LATENT_FIGURES;
pub use trend::{LatentTrendResults, LatentTrendRun};

use crate::exports::LabHandle;
use crate::figures::DrawResult;
use crate::live::Stepped;
use plotters::coord::Shift;
use plotters::prelude::*;
use protolab_core::Live;
use protolab_core::digits::Digits;
use protolab_core::latent::{Analysis, LatentConfig, LatentLosses, LatentRun, LatentSample};
use wasm_bindgen::prelude::*;

/// A live Latent Field Lab run.
#[wasm_bindgen]
pub struct LatentLab {
    live: Live<LatentRun>,
    digits: Digits,
    /// `(losses, attractor count and memorised fraction if analysed then)`.
    history: Vec<(LatentLosses, Option<(usize, f64)>)>,
    analysis: Option<Analysis>,
    issues: Vec<String>,
}

impl LatentLab {
    /// A lab from a hash and the bytes of `data/digits8x8.bin`; bad hash values
    /// become defaults and are listed; a corrupt data file is an error.
    pub fn from_parts(hash: &str, digits: &[u8]) -> Result<Self, String> {
        let digits = Digits::parse(digits).map_err(|e| format!("the digits data: {e}"))?;
        let (config, issues) = LatentConfig::from_hash(hash);
        let run = LatentRun::new(config, &digits).map_err(|e| e.to_string())?;
        let mut lab = Self {
            live: Live::new(run),
            digits,
            history: Vec::new(),
            analysis: None,
            issues: issues.into_iter().map(|i| i.message).collect(),
        };
        // Starts the analysis of epoch 0; the first calls of `step` finish it.
        lab.bounded_step(0);
        Ok(lab)
    }
}

impl Stepped for LatentLab {
    type Run = LatentRun;

    fn live_mut(&mut self) -> &mut Live<LatentRun> {
        &mut self.live
    }

    fn record(&mut self, sample: LatentSample) {
        let analysed = sample.analysis.map(|a| {
            let summary = (a.attractors.len(), a.memorised_fraction);
            self.analysis = Some(a);
            summary
        });
        crate::js::push_thinned(&mut self.history, (sample.losses, analysed), 2000);
    }
}

impl LabHandle for LatentLab {
    fn config_issues(&self) -> &[String] {
        &self.issues
    }

    fn live(&self) -> &Live<LatentRun> {
        &self.live
    }

    fn rewind(&mut self) {
        self.live.run_mut().reset(&self.digits);
        self.history.clear();
        self.analysis = None;
    }

    fn hash(&self) -> String {
        self.live.config().to_hash()
    }

    fn divergence_message(&self) -> Option<String> {
        self.live.divergence()
    }

    fn metrics_value(&mut self) -> JsValue {
        if self.live.diverged() {
            return JsValue::NULL;
        }
        // The latest sample when it is of this epoch, else measured now.
        let l = match self.history.last() {
            Some((l, _)) if l.epoch == self.live.epochs_done() => *l,
            _ => self.live.losses(),
        };
        types::metrics(&l, self.analysis.as_ref())
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
    LatentLab,
    metrics: "LatentLabMetrics | null",
    "`{epoch, train, held, attractors, memorised, converged, analysedAt}` (the attractor fields from the latest analysis, absent before the first), or `null` after divergence.",
    figures: "Figures: `field`, `codes`, `attractors`, `curves`."
);

#[wasm_bindgen]
impl LatentLab {
    /// A lab from a config — a hash string (`"train=64&wd=0.001"`, `#`
    /// optional) or a plain object with the same keys — and the bytes of the
    /// digits file the app ships (`data/digits8x8.bin`, fetched by the host).
    /// Bad config values become defaults, listed by `issues()`; a corrupt or
    /// foreign data file is an error saying what is wrong.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "LabConfig")] config: JsValue,
        digits: &[u8],
    ) -> Result<LatentLab, JsError> {
        crate::start();
        LatentLab::from_parts(&crate::live::config_string(&config)?, digits)
            .map_err(|e| JsError::new(&e))
    }

    /// Runs the attractor analysis now, in one go (it otherwise runs in slices
    /// every `epochs / 25` epochs); at large grids this takes seconds.
    pub fn analyze(&mut self) {
        if !self.live.diverged() {
            self.analysis = Some(self.live.analyze());
        }
    }
}

//! The Latent Field Lab (seed 003): the `LatentLab` handle (an autoencoder on
//! the 8×8 digits) and its figures: the latent vector field, trajectories,
//! codes and attractors.

mod attractors;
mod figures;

pub use figures::LATENT_FIGURES;

use crate::figures::surface;
use crate::live::Stepped;
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

#[wasm_bindgen]
impl LatentLab {
    /// A lab from a config — a hash string (`"train=64&wd=0.001"`, `#`
    /// optional) or a plain object with the same keys — and the bytes of the
    /// digits file the app ships (`data/digits8x8.bin`, fetched by the host).
    /// Bad config values become defaults, listed by `issues()`; a corrupt or
    /// foreign data file is an error saying what is wrong.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue, digits: &[u8]) -> Result<LatentLab, JsError> {
        crate::start();
        LatentLab::from_parts(&crate::live::config_string(&config)?, digits)
            .map_err(|e| JsError::new(&e))
    }

    /// Problems found in the hash (each names the key).
    pub fn issues(&self) -> Vec<String> {
        self.issues.clone()
    }

    /// Trains up to `n` epochs (not past the configured count) in one call of
    /// bounded work; records the losses, and every `epochs / 25` epochs the
    /// attractor analysis (done in slices over the following calls). Returns
    /// the epochs completed: 0 while an epoch or an analysis is under way
    /// (`isBusy()`); call again.
    pub fn step(&mut self, n: u32) -> u32 {
        self.bounded_step(n)
    }

    /// True while a call has work under way that completed no epoch (part of
    /// an epoch, an attractor analysis): a `step` that returned 0 still made
    /// progress.
    #[wasm_bindgen(js_name = isBusy)]
    pub fn is_busy(&self) -> bool {
        self.live.busy()
    }

    /// What the lab is busy with, for a status line (`undefined` when idle),
    /// e.g. "analysing attractors 40 %".
    pub fn activity(&self) -> Option<String> {
        self.live.activity()
    }

    /// Back to epoch 0, same seed.
    pub fn reset(&mut self) {
        self.live.run_mut().reset(&self.digits);
        self.live.restart();
        self.history.clear();
        self.analysis = None;
        self.bounded_step(0);
    }

    /// The config as a URL hash (`v=1&lab=latent-field&…`).
    pub fn config(&self) -> String {
        self.live.config().to_hash()
    }

    /// Epochs trained.
    #[wasm_bindgen(js_name = stepCount)]
    pub fn step_count(&self) -> f64 {
        self.live.epochs_done() as f64
    }

    /// True once the configured epochs are trained (and analysed) or the run
    /// diverged.
    #[wasm_bindgen(js_name = isFinished)]
    pub fn is_finished(&self) -> bool {
        self.live.is_finished()
    }

    /// Why the run stopped, if it diverged.
    pub fn divergence(&self) -> Option<String> {
        self.live.divergence()
    }

    /// `{epoch, train, held, attractors, memorised, converged, analysedAt}`
    /// (attractor fields from the latest analysis), or `null` after divergence.
    pub fn metrics(&self) -> JsValue {
        if self.live.diverged() {
            return JsValue::NULL;
        }
        // The latest sample when it is of this epoch, else measured now.
        let l = match self.history.last() {
            Some((l, _)) if l.epoch == self.live.epochs_done() => *l,
            _ => self.live.losses(),
        };
        let o = crate::js::Obj::new()
            .set("epoch", l.epoch as f64)
            .set("train", l.train)
            .set("held", l.held);
        match &self.analysis {
            Some(a) => o
                .set("attractors", a.attractors.len() as f64)
                .set("memorised", a.memorised_fraction)
                .set("converged", a.converged_share)
                .set("analysedAt", a.epoch as f64)
                .done(),
            None => o.done(),
        }
    }

    /// Runs the attractor analysis now, in one go (it otherwise runs in slices
    /// every `epochs / 25` epochs); at large grids this takes seconds.
    pub fn analyze(&mut self) {
        if !self.live.diverged() {
            self.analysis = Some(self.live.analyze());
        }
    }

    /// Draws `figure` (`field`, `codes`, `attractors`, `curves`) into a canvas.
    #[cfg(target_arch = "wasm32")]
    pub fn draw(&self, canvas: &web_sys::HtmlCanvasElement, figure: &str) -> Result<(), JsError> {
        surface::canvas(canvas, |area, s| self.figure(figure, area, s))
            .map_err(|e| JsError::new(&e))
    }

    /// `figure` as an SVG document.
    pub fn svg(&self, figure: &str, width: u32, height: u32) -> Result<String, JsError> {
        surface::svg(width, height, |area| self.figure(figure, area, 1.0))
            .map_err(|e| JsError::new(&e))
    }
}

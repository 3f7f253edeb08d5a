//! The `CapacityLab` handle (seed 004): train, prune, corrupt and look at one
//! classifier. The width sweep lives in `width_sweep.rs`.

use crate::figures::{self, DrawResult, Lines, Palette, err};
use crate::live::Stepped;
use crate::render;
use plotters::coord::Shift;
use plotters::prelude::*;
use protolab_core::Live;
use protolab_core::capacity::saliency::PERTURBATION;
use protolab_core::capacity::{CapacityConfig, CapacityRun, LabelledImages, Scheme, Source};
use protolab_core::digits::Digits;
use protolab_core::nalgebra::DMatrix;
use wasm_bindgen::prelude::*;

/// Figures a capacity lab draws.
pub const CAPACITY_FIGURES: [&str; 4] = ["training", "pruning", "noise", "saliency"];

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

    fn training<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        let h = self.live.history();
        let series = |label: &str, c, f: fn(&protolab_core::capacity::Scores) -> f64| {
            (
                label.to_string(),
                c,
                h.iter().map(|(e, m)| (*e as f64, f(m))).collect(),
            )
        };
        let (a, b) = self.live.config().pair();
        let title = format!(
            "Dense net, H = {}: held-out scores of {a} vs {b} while training",
            self.live.config().classifier.hidden
        );
        figures::draw_lines(
            area,
            &Lines {
                title: &title,
                x_desc: "epoch (full-batch GD step)",
                y_desc: "score",
                series: vec![
                    series("F1", 3, |m| m.f1),
                    series("precision", 1, |m| m.precision),
                    series("recall", 2, |m| m.recall),
                    series("ROC-AUC", 4, |m| m.auc),
                ],
                y_range: Some((-0.02, 1.02)),
                legend: Some(SeriesLabelPosition::LowerRight),
                ..Default::default()
            },
            s,
        )
    }

    fn pruning<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        let pts = self.live.prune_points();
        let curve = |scheme: Scheme, tuned: bool| -> Vec<(f64, f64)> {
            let dense = self
                .live
                .history()
                .last()
                .map(|(_, m)| (0.0, m.f1))
                .into_iter();
            dense
                .chain(pts.iter().filter(|p| p.scheme == scheme).filter_map(|p| {
                    let f = if tuned { p.f1_tuned? } else { p.f1 };
                    Some((p.achieved, f))
                }))
                .collect()
        };
        let mut series = vec![
            ("global".to_string(), 1, curve(Scheme::Global, false)),
            ("per layer".to_string(), 2, curve(Scheme::PerLayer, false)),
        ];
        if self.live.config().finetune > 0 {
            let ft = self.live.config().finetune;
            series.push((
                format!("global + {ft} epochs fine-tuning"),
                3,
                curve(Scheme::Global, true),
            ));
            series.push((
                format!("per layer + {ft} epochs fine-tuning"),
                4,
                curve(Scheme::PerLayer, true),
            ));
        }
        if let Some(p) = self.live.paper_point() {
            series.push((
                format!(
                    "what the paper's code pruned: {:.2} % → F1 {:.3}",
                    100.0 * p.achieved,
                    p.f1
                ),
                0,
                vec![(p.achieved, p.f1)],
            ));
        }
        figures::draw_lines(
            area,
            &Lines {
                title: "Magnitude pruning: held-out F1 against the sparsity actually achieved",
                x_desc: "share of weights that are zero",
                y_desc: "F1",
                series,
                y_range: Some((-0.02, 1.02)),
                legend: Some(SeriesLabelPosition::LowerLeft),
                ..Default::default()
            },
            s,
        )
    }

    fn noise<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        let pts = self.live.noise_points();
        let c = self.live.config();
        let patch = if self.live.side() >= 28 {
            "7×7"
        } else {
            "2×2"
        };
        let series = [c.small, c.large]
            .iter()
            .enumerate()
            .map(|(k, &h)| {
                let occlusion = pts
                    .iter()
                    .find(|p| p.hidden == h && p.sigma.is_none())
                    .map_or("…".to_string(), |p| format!("{:.2}", p.f1));
                (
                    format!("H = {h} (random {patch} occlusion: F1 {occlusion})"),
                    [1, 3][k],
                    pts.iter()
                        .filter(|p| p.hidden == h)
                        .filter_map(|p| Some((p.sigma?, p.f1)))
                        .collect(),
                )
            })
            .collect();
        figures::draw_lines(
            area,
            &Lines {
                title: "F1 on held-out images with Gaussian noise σ (clipped to [0, 1])",
                x_desc: "noise σ",
                y_desc: "F1",
                series,
                y_range: Some((-0.02, 1.02)),
                legend: Some(SeriesLabelPosition::LowerLeft),
                ..Default::default()
            },
            s,
        )
    }

    fn saliency<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        let Some(pruned) = self.live.saliency_net() else {
            return figures::message(
                area,
                "the saliency maps appear once the 95 % pruned net exists",
                s,
            );
        };
        // The maps are computed once, a slice at a time, by the run.
        let Some(maps) = self.live.saliency_maps() else {
            return figures::message(area, "computing the saliency maps…", s);
        };
        let split = self.live.split();
        let side = self.live.side();
        let (title, body) = area.split_vertically((20.0 * s) as u32);
        title
            .draw_text(
                &format!(
                    "Saliency (blue < 0 < red): dense vs {:.0} % pruned; gradient ∂p/∂x and perturbation (Δ = {PERTURBATION})",
                    100.0 * pruned.sparsity()
                ),
                &("sans-serif", 12.0 * s).into_font().color(&BLACK),
                ((6.0 * s) as i32, (3.0 * s) as i32),
            )
            .map_err(err)?;
        let heads = [
            "image",
            "dense: gradient",
            "pruned: gradient",
            "dense: perturbation",
            "pruned: perturbation",
        ];
        let cells = body.split_evenly((maps.dense.len(), 5));
        for (r, (d, p)) in maps.dense.iter().zip(&maps.pruned).enumerate() {
            let x: Vec<f64> = split.test_x.column(d.image).iter().copied().collect();
            let maps = [
                (x.as_slice(), Palette::Grey),
                (d.gradient.as_slice(), Palette::Diverging),
                (p.gradient.as_slice(), Palette::Diverging),
                (d.perturbation.as_slice(), Palette::Diverging),
                (p.perturbation.as_slice(), Palette::Diverging),
            ];
            for (c, (values, palette)) in maps.into_iter().enumerate() {
                let m = DMatrix::from_row_slice(side, side, values);
                let head = if r == 0 { heads[c] } else { "" };
                figures::heatmap(&cells[r * 5 + c], head, &m, palette, s)?;
            }
        }
        Ok(())
    }

    /// Draws one of [`CAPACITY_FIGURES`] on any backend.
    pub fn figure<DB: DrawingBackend>(
        &self,
        figure: &str,
        area: &DrawingArea<DB, Shift>,
        s: f64,
    ) -> DrawResult {
        area.fill(&WHITE).map_err(err)?;
        match figure {
            "training" => self.training(area, s),
            _ if self.live.diverged() => {
                figures::message(area, "the dense net diverged: lower the learning rate", s)
            }
            "pruning" => self.pruning(area, s),
            "noise" => self.noise(area, s),
            "saliency" => self.saliency(area, s),
            other => Err(format!(
                "unknown figure {other:?}; the capacity lab draws {}",
                CAPACITY_FIGURES.join(", ")
            )),
        }
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

#[wasm_bindgen]
impl CapacityLab {
    /// A lab from a config — a hash string (`"pair=4/9&H=16"`, `#` optional)
    /// or a plain object with the same keys — and the bytes of the data file
    /// its `data=` names (`data/mnist-pairs.bin` by default, or
    /// `data/digits8x8.bin` with `data=digits`), fetched by the host. Bad config
    /// values become defaults, listed by `issues()`; a corrupt file is an error.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue, data: &[u8]) -> Result<CapacityLab, JsError> {
        crate::start();
        CapacityLab::from_parts(&crate::live::config_string(&config)?, data)
            .map_err(|e| JsError::new(&e))
    }

    /// Problems found in the hash (each names the key).
    pub fn issues(&self) -> Vec<String> {
        self.issues.clone()
    }

    /// Does up to `n` units of work (an epoch of the dense net, of a pruned
    /// net's fine-tuning, or of a corruption net) in one call of bounded work;
    /// returns the units done: 0 while a unit is under way (`isBusy()`); call again.
    pub fn step(&mut self, n: u32) -> u32 {
        self.bounded_step(n)
    }

    /// True while a call has work under way that completed no unit (part of
    /// an epoch, scoring, pruning): a `step` that returned 0 still made progress.
    #[wasm_bindgen(js_name = isBusy)]
    pub fn is_busy(&self) -> bool {
        self.live.busy()
    }

    /// What the lab is busy with, for a status line (`undefined` when idle).
    pub fn activity(&self) -> Option<String> {
        self.live.activity()
    }

    /// Back to the start, same seed.
    pub fn reset(&mut self) {
        self.live.run_mut().reset();
        self.live.restart();
    }

    /// The config as a URL hash (`v=1&lab=capacity&…`).
    pub fn config(&self) -> String {
        self.live.config().to_hash()
    }

    /// Work done (epochs of all nets).
    #[wasm_bindgen(js_name = stepCount)]
    pub fn step_count(&self) -> f64 {
        self.live.work_done() as f64
    }

    /// Work in total.
    #[wasm_bindgen(js_name = totalSteps)]
    pub fn total_steps(&self) -> f64 {
        self.live.total_work() as f64
    }

    /// True once every phase is done (or the dense net diverged).
    #[wasm_bindgen(js_name = isFinished)]
    pub fn is_finished(&self) -> bool {
        self.live.is_finished()
    }

    /// Why the run stopped, if the dense net diverged.
    pub fn divergence(&self) -> Option<String> {
        self.live.diverged().then(|| {
            format!(
                "the dense net's loss or a weight became non-finite (lr {})",
                self.live.config().classifier.lr
            )
        })
    }

    /// `{epoch, f1, precision, recall, auc, pruned: [{scheme, level, achieved,
    /// f1, f1Tuned}], noise: [{H, sigma, f1}], paperLevel: {achieved, f1}}`
    /// (sigma `null` = occlusion; paperLevel = the dense net pruned 0.95 % globally,
    /// what the paper's code did).
    pub fn metrics(&self) -> JsValue {
        let o = crate::js::Obj::new().set("epoch", self.live.dense().epochs_done() as f64);
        let o = match self.live.history().last() {
            Some((_, m)) => o
                .set("f1", m.f1)
                .set("precision", m.precision)
                .set("recall", m.recall)
                .set("auc", m.auc),
            None => o,
        };
        let pruned: js_sys::Array = self
            .live
            .prune_points()
            .iter()
            .map(|p| {
                crate::js::Obj::new()
                    .set(
                        "scheme",
                        if p.scheme == Scheme::Global {
                            "global"
                        } else {
                            "per-layer"
                        },
                    )
                    .set("level", p.level)
                    .set("achieved", p.achieved)
                    .set("f1", p.f1)
                    .set("f1Tuned", p.f1_tuned.map_or(JsValue::NULL, JsValue::from))
                    .done()
            })
            .collect();
        let noise: js_sys::Array = self
            .live
            .noise_points()
            .iter()
            .map(|p| {
                crate::js::Obj::new()
                    .set("H", p.hidden as f64)
                    .set("sigma", p.sigma.map_or(JsValue::NULL, JsValue::from))
                    .set("f1", p.f1)
                    .done()
            })
            .collect();
        let paper = self.live.paper_point().map_or(JsValue::NULL, |p| {
            crate::js::Obj::new()
                .set("achieved", p.achieved)
                .set("f1", p.f1)
                .done()
        });
        o.set("pruned", pruned)
            .set("noise", noise)
            .set("paperLevel", paper)
            .done()
    }

    /// Draws `figure` (`training`, `pruning`, `noise`, `saliency`) into a canvas.
    #[cfg(target_arch = "wasm32")]
    pub fn draw(&self, canvas: &web_sys::HtmlCanvasElement, figure: &str) -> Result<(), JsError> {
        render::canvas(canvas, |area, s| self.figure(figure, area, s)).map_err(|e| JsError::new(&e))
    }

    /// `figure` as an SVG document.
    pub fn svg(&self, figure: &str, width: u32, height: u32) -> Result<String, JsError> {
        render::svg(width, height, |area| self.figure(figure, area, 1.0))
            .map_err(|e| JsError::new(&e))
    }
}

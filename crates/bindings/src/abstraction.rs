//! The `AbstractionLab` handle (seed 002): step, query and draw the second lab.

use crate::figures::{self, DrawResult, Lines, color};
use crate::live::Stepped;
use crate::render;
use plotters::coord::Shift;
use plotters::prelude::*;
use protolab_core::Live;
use protolab_core::abstraction::{AbstractionConfig, AbstractionMetrics, AbstractionRun, geometry};
use wasm_bindgen::prelude::*;

/// Metric samples kept for the curves (each sample trains classifiers, so fewer than the Prototype Lab's).
const HISTORY_CAP: usize = 600;

/// What the figures say instead of plotting a collapsed layer's rounding noise.
const COLLAPSED: &str = "collapsed: the hidden layer no longer varies across conditions";

/// Figures an abstraction lab draws.
pub const ABSTRACTION_FIGURES: [&str; 3] = ["kernels", "pca", "curves"];

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

    fn collapsed(&self) -> bool {
        self.history.last().is_some_and(|m| m.collapsed)
    }

    fn kernels<DB: DrawingBackend>(&mut self, area: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        let h = self.live.run_mut().hidden();
        let task = self.live.task();
        let centred =
            |x: &protolab_core::nalgebra::DMatrix<f64>| geometry::centre(&geometry::gram(x));
        let mats = [
            ("hidden Gram H Hᵀ (centred)", centred(&h)),
            (
                "output kernel K_Y (centred)",
                centred(&task.targets.transpose()),
            ),
            (
                "input kernel K_X (centred)",
                centred(&task.inputs.transpose()),
            ),
        ];
        for (i, (panel, (title, k))) in area.split_evenly((1, 3)).iter().zip(mats).enumerate() {
            if i == 0 && self.collapsed() {
                figures::message(panel, "hidden layer collapsed", s)?;
            } else {
                figures::heatmap(panel, title, &k, figures::Palette::Diverging, s)?;
            }
        }
        Ok(())
    }

    fn pca<DB: DrawingBackend>(&mut self, area: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        let p = geometry::pca(&self.live.run_mut().hidden(), 2);
        let conds = p.nrows();
        let span = p.iter().fold(1e-9f64, |m, v| m.max(v.abs())) * 1.2;
        let mut chart = figures::square_chart(
            area,
            "PCA of the condition means (edges join conditions one latent apart)",
            span,
            ("PC 1", "PC 2"),
            s,
        )?;
        let d = self.live.config().d;
        for a in 0..conds {
            for i in 0..d {
                let b = a ^ (1 << i);
                if a < b {
                    let line = [(p[(a, 0)], p[(a, 1)]), (p[(b, 0)], p[(b, 1)])];
                    chart
                        .draw_series(LineSeries::new(
                            line,
                            color(i + 1).stroke_width((1.5 * s) as u32),
                        ))
                        .map_err(figures::err)?;
                }
            }
        }
        chart
            .draw_series((0..conds).map(|c| {
                let label: String = (0..d)
                    .map(|i| {
                        if geometry::latent(c, i) > 0.0 {
                            '+'
                        } else {
                            '−'
                        }
                    })
                    .collect();
                EmptyElement::at((p[(c, 0)], p[(c, 1)]))
                    + Circle::new((0, 0), (4.0 * s) as u32, BLACK.filled())
                    + Text::new(
                        label,
                        ((6.0 * s) as i32, (-10.0 * s) as i32),
                        ("sans-serif", 10.0 * s),
                    )
            }))
            .map_err(figures::err)?;
        Ok(())
    }

    fn curves<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        let series = |label: &str, c: usize, f: fn(&AbstractionMetrics) -> f64| {
            (
                label.to_string(),
                c,
                self.history.iter().map(|m| (m.step as f64, f(m))).collect(),
            )
        };
        // Once collapsed the scores are NaN (gaps); the title says from when.
        let title = match self.history.iter().find(|m| m.collapsed) {
            Some(m) if self.collapsed() => format!(
                "Collapsed by step {}: the hidden layer no longer varies",
                m.step
            ),
            _ => "Abstraction of the hidden layer over training".to_string(),
        };
        let lines = Lines {
            title: &title,
            x_desc: "step",
            y_desc: "score",
            log_x: false,
            log_y: false,
            series: vec![
                series("PS (mean over latents)", 1, |m| {
                    AbstractionMetrics::mean(&m.ps)
                }),
                series("CCGP (mean)", 2, |m| AbstractionMetrics::mean(&m.ccgp)),
                series("alignment with K_Y", 3, |m| m.alignment),
                series("shattering dim.", 4, |m| m.shattering),
            ],
            ..Default::default()
        };
        figures::draw_lines(area, &lines, s)
    }

    /// Draws one of [`ABSTRACTION_FIGURES`] on any backend.
    pub fn figure<DB: DrawingBackend>(
        &mut self,
        figure: &str,
        area: &DrawingArea<DB, Shift>,
        s: f64,
    ) -> DrawResult {
        area.fill(&WHITE).map_err(figures::err)?;
        let diverged = self.live.divergence();
        match figure {
            "kernels" | "pca" if diverged.is_some() => figures::message(
                area,
                &format!("diverged: {}", diverged.unwrap_or_default()),
                s,
            ),
            "pca" if self.collapsed() => figures::message(area, COLLAPSED, s),
            "kernels" => self.kernels(area, s),
            "pca" => self.pca(area, s),
            "curves" => self.curves(area, s),
            other => Err(format!(
                "unknown figure {other:?}; the abstraction lab draws {}",
                ABSTRACTION_FIGURES.join(", ")
            )),
        }
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
        render::canvas(canvas, |area, s| self.figure(figure, area, s)).map_err(|e| JsError::new(&e))
    }

    /// `figure` as an SVG document.
    pub fn svg(&mut self, figure: &str, width: u32, height: u32) -> Result<String, JsError> {
        render::svg(width, height, |area| self.figure(figure, area, 1.0))
            .map_err(|e| JsError::new(&e))
    }
}

//! The `LatentLab` handle (seed 003): an autoencoder on the 8×8 digits, its
//! latent vector field, trajectories and attractors.

use crate::figures::{self, DrawResult, Lines, digit_color, err};
use crate::live::Stepped;
use crate::render;
use plotters::coord::Shift;
use plotters::prelude::*;
use protolab_core::Live;
use protolab_core::digits::Digits;
use protolab_core::latent::run::EXTENT;
use protolab_core::latent::{Analysis, LatentConfig, LatentLosses, LatentRun, LatentSample};
use protolab_core::nalgebra::DMatrix;
use wasm_bindgen::prelude::*;

/// Figures a latent lab draws.
pub const LATENT_FIGURES: [&str; 4] = ["field", "codes", "attractors", "curves"];

/// Arrows per side of the field figure.
const ARROWS: usize = 21;
/// Live trajectories drawn on the field, and their length.
const PATHS: usize = 12;
const PATH_STEPS: usize = 60;

/// Dark blue (slow) to yellow (fast): the arrows' colour by |V| relative to the largest.
fn speed_color(t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let lerp = |a: f64, b: f64| (a + (b - a) * t) as u8;
    RGBColor(lerp(40.0, 250.0), lerp(40.0, 200.0), lerp(140.0, 30.0))
}

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

    fn field<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        let k = self.live.config().k;
        let mut chart = figures::square_chart(
            area,
            "Latent vector field V(z) = E(D(z)) − z (colour: |V|) and trajectories",
            EXTENT,
            ("z₁", if k == 1 { "V(z)" } else { "z₂" }),
            s,
        )?;
        if k == 1 {
            let z = DMatrix::from_fn(1, 200, |_, j| -EXTENT + 2.0 * EXTENT * j as f64 / 199.0);
            let v = self.live.field(&z);
            let pts = (0..200).map(|j| (z[j], v[j].clamp(-EXTENT, EXTENT)));
            chart
                .draw_series(LineSeries::new(pts, BLUE.stroke_width((1.5 * s) as u32)))
                .map_err(err)?;
            chart
                .draw_series(LineSeries::new(
                    [(-EXTENT, 0.0), (EXTENT, 0.0)],
                    BLACK.mix(0.4),
                ))
                .map_err(err)?;
        } else {
            let at = |i: usize| -EXTENT + 2.0 * EXTENT * (i as f64 + 0.5) / ARROWS as f64;
            let z = DMatrix::from_fn(2, ARROWS * ARROWS, |r, j| {
                at(if r == 0 { j % ARROWS } else { j / ARROWS })
            });
            let v = self.live.field(&z);
            let norms: Vec<f64> = v.column_iter().map(|c| c.norm()).collect();
            let top = norms
                .iter()
                .copied()
                .filter(|n| n.is_finite())
                .fold(1e-12, f64::max);
            let cell = 2.0 * EXTENT / ARROWS as f64;
            for j in 0..z.ncols() {
                if !norms[j].is_finite() {
                    continue;
                }
                // Arrows point along V, their length scaled to at most 0.9 of a cell.
                let len = 0.9 * cell * (norms[j] / top).sqrt();
                let (dx, dy) = (
                    v[(0, j)] / norms[j].max(1e-12),
                    v[(1, j)] / norms[j].max(1e-12),
                );
                let (x0, y0) = (z[(0, j)] - 0.5 * len * dx, z[(1, j)] - 0.5 * len * dy);
                let (x1, y1) = (x0 + len * dx, y0 + len * dy);
                let head = 0.3 * len;
                let c = speed_color(norms[j] / top);
                let style = c.stroke_width((1.2 * s).max(1.0) as u32);
                let left = (x1 - head * (dx - 0.5 * dy), y1 - head * (dy + 0.5 * dx));
                let right = (x1 - head * (dx + 0.5 * dy), y1 - head * (dy - 0.5 * dx));
                chart
                    .draw_series([
                        PathElement::new(vec![(x0, y0), (x1, y1)], style),
                        PathElement::new(vec![left, (x1, y1), right], style),
                    ])
                    .map_err(err)?;
            }
            let ring = DMatrix::from_fn(2, PATHS, |r, j| {
                let a = std::f64::consts::TAU * j as f64 / PATHS as f64;
                0.8 * EXTENT * if r == 0 { a.cos() } else { a.sin() }
            });
            for path in self.live.paths(&ring, PATH_STEPS) {
                let pts: Vec<(f64, f64)> = path
                    .iter()
                    .map(|p| (p[0].clamp(-EXTENT, EXTENT), p[1].clamp(-EXTENT, EXTENT)))
                    .collect();
                chart
                    .draw_series(LineSeries::new(
                        pts.clone(),
                        RED.mix(0.7).stroke_width((1.2 * s) as u32),
                    ))
                    .map_err(err)?;
                chart
                    .draw_series(
                        pts.first()
                            .map(|&p| Circle::new(p, (2.0 * s) as u32, RED.filled())),
                    )
                    .map_err(err)?;
            }
        }
        self.mark_attractors(&mut chart, s)
    }

    fn mark_attractors<DB: DrawingBackend>(
        &self,
        chart: &mut ChartContext<
            DB,
            Cartesian2d<
                plotters::coord::types::RangedCoordf64,
                plotters::coord::types::RangedCoordf64,
            >,
        >,
        s: f64,
    ) -> DrawResult {
        let Some(a) = &self.analysis else {
            return Ok(());
        };
        let k = self.live.config().k;
        let xr = chart.plotting_area().get_x_range();
        let yr = chart.plotting_area().get_y_range();
        let inside = |p: &(f64, f64)| (xr.start..=xr.end).contains(&p.0);
        let (y0, y1) = (yr.start, yr.end);
        chart
            .draw_series(
                a.attractors
                    .iter()
                    .filter(|at| {
                        let p = (at.center[0], if k == 1 { 0.0 } else { at.center[1] });
                        inside(&p) && (y0..=y1).contains(&p.1)
                    })
                    .map(|at| {
                        let p = (at.center[0], if k == 1 { 0.0 } else { at.center[1] });
                        let c = if at.memorised {
                            RGBColor(200, 0, 0)
                        } else {
                            BLACK
                        };
                        Cross::new(p, (5.0 * s) as u32, c.stroke_width((2.5 * s) as u32))
                    }),
            )
            .map_err(err)?;
        Ok(())
    }

    fn codes<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        let (train, held) = self.live.codes();
        let (train_idx, held_idx) = self.live.split();
        let k = self.live.config().k;
        let y = |m: &DMatrix<f64>, j: usize, label: u8| {
            if k == 1 {
                f64::from(label) - 4.5
            } else {
                m[(1, j)]
            }
        };
        let attractor_coords = self
            .analysis
            .iter()
            .flat_map(|a| a.attractors.iter().flat_map(|at| at.center.iter().copied()));
        let span = train
            .iter()
            .chain(held.iter())
            .copied()
            .chain(attractor_coords)
            .filter(|v| v.is_finite())
            .fold(1.0f64, |a, v| a.max(v.abs()))
            .max(if k == 1 { 5.0 } else { 1.0 })
            * 1.1;
        let mut chart = figures::square_chart(
            area,
            "Latent codes: training (filled) and held-out sample (rings), by digit",
            span,
            ("z₁", if k == 1 { "digit (spread)" } else { "z₂" }),
            s,
        )?;
        let labels = &self.digits.labels;
        // Held-out rings first, training dots on top.
        for (codes, idx, radius, filled) in [
            (&held, held_idx, 2.5, false),
            (&train, train_idx, 3.5, true),
        ] {
            chart
                .draw_series(
                    (0..codes.ncols())
                        .filter(|&j| codes[(0, j)].is_finite())
                        .map(|j| {
                            let l = labels[idx[j]];
                            let c = digit_color(l);
                            let style = if filled {
                                c.filled()
                            } else {
                                c.stroke_width(1)
                            };
                            Circle::new((codes[(0, j)], y(codes, j, l)), (radius * s) as u32, style)
                        }),
                )
                .map_err(err)?;
        }
        for d in 0..10u8 {
            chart
                .draw_series(std::iter::empty::<Circle<(f64, f64), u32>>())
                .map_err(err)?
                .label(d.to_string())
                .legend(move |(x, y)| Circle::new((x, y), 4, digit_color(d).filled()));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .label_font(("sans-serif", 9.0 * s))
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(200, 200, 200))
            .draw()
            .map_err(err)?;
        if k == 2 {
            self.mark_attractors(&mut chart, s)?;
        }
        Ok(())
    }

    fn attractors<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        let Some(a) = &self.analysis else {
            return figures::message(area, "no analysis yet", s);
        };
        if a.attractors.is_empty() {
            return figures::message(area, "no trajectory converged: no attractors", s);
        }
        let shown = a.attractors.len().min(8);
        let (title, body) = area.split_vertically((22.0 * s) as u32);
        title
            .draw_text(
                &format!(
                    "{} attractors at epoch {} ({} shown): decoded | nearest training | nearest held-out;  memorised {:.0}% (our definition)",
                    a.attractors.len(),
                    a.epoch,
                    shown,
                    100.0 * a.memorised_fraction
                ),
                &("sans-serif", 12.0 * s).into_font().color(&BLACK),
                ((6.0 * s) as i32, (4.0 * s) as i32),
            )
            .map_err(err)?;
        let cols = if shown > 4 {
            body.split_evenly((2, 4))
        } else {
            body.split_evenly((1, shown))
        };
        for (panel, at) in cols.iter().zip(&a.attractors) {
            let label_h = (30.0 * s) as u32;
            let (images, labels) =
                panel.split_vertically(panel.dim_in_pixel().1.saturating_sub(label_h));
            let shown = [
                at.image.clone(),
                self.digits.unit_pixels(at.nearest_train.0).to_vec(),
                self.digits.unit_pixels(at.nearest_held.0).to_vec(),
            ];
            for (cell, img) in images.split_evenly((1, 3)).iter().zip(shown) {
                let m = DMatrix::from_row_slice(8, 8, &img);
                figures::heatmap(cell, "", &m, figures::Palette::Grey, s)?;
            }
            let eig = at
                .eigenvalues
                .iter()
                .map(|(re, im)| {
                    if *im == 0.0 {
                        format!("{re:.2}")
                    } else {
                        format!("{re:.2}±{:.2}i", im.abs())
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
            let color = if at.memorised {
                RGBColor(200, 0, 0)
            } else {
                BLACK
            };
            let style = ("sans-serif", 9.5 * s).into_font().color(&color);
            labels
                .draw_text(
                    &format!(
                        "n={} {}  d {:.2} / {:.2}",
                        at.count,
                        if at.memorised { "memorised" } else { "" },
                        at.nearest_train.1,
                        at.nearest_held.1
                    ),
                    &style,
                    ((2.0 * s) as i32, (3.0 * s) as i32),
                )
                .map_err(err)?;
            labels
                .draw_text(
                    &format!("eig: {eig}"),
                    &style,
                    ((2.0 * s) as i32, (15.0 * s) as i32),
                )
                .map_err(err)?;
        }
        Ok(())
    }

    fn curves<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        let analysed: Vec<(f64, (usize, f64))> = self
            .history
            .iter()
            .filter_map(|(l, a)| a.map(|a| (l.epoch as f64, a)))
            .collect();
        let panels = area.split_evenly((1, 3));
        let count = Lines {
            title: "Attractors",
            x_desc: "epoch",
            y_desc: "count",
            series: vec![(
                "attractors".into(),
                0,
                analysed.iter().map(|(e, a)| (*e, a.0 as f64)).collect(),
            )],
            ..Default::default()
        };
        let memorised = Lines {
            title: "Memorised fraction (our definition)",
            x_desc: "epoch",
            y_desc: "share of attractors",
            series: vec![(
                "memorised".into(),
                3,
                analysed.iter().map(|(e, a)| (*e, a.1)).collect(),
            )],
            y_range: Some((-0.05, 1.05)),
            ..Default::default()
        };
        let losses = Lines {
            title: "Reconstruction MSE",
            x_desc: "epoch",
            y_desc: "MSE (log)",
            log_y: true,
            series: vec![
                (
                    "training".into(),
                    1,
                    self.history
                        .iter()
                        .map(|(l, _)| (l.epoch as f64, l.train))
                        .collect(),
                ),
                (
                    "held-out sample".into(),
                    2,
                    self.history
                        .iter()
                        .map(|(l, _)| (l.epoch as f64, l.held))
                        .collect(),
                ),
            ],
            ..Default::default()
        };
        figures::draw_lines(&panels[0], &count, s)?;
        figures::draw_lines(&panels[1], &memorised, s)?;
        figures::draw_lines(&panels[2], &losses, s)
    }

    /// Draws one of [`LATENT_FIGURES`] on any backend.
    pub fn figure<DB: DrawingBackend>(
        &self,
        figure: &str,
        area: &DrawingArea<DB, Shift>,
        s: f64,
    ) -> DrawResult {
        area.fill(&WHITE).map_err(err)?;
        match (figure, self.live.divergence()) {
            ("field" | "codes" | "attractors", Some(why)) => {
                figures::message(area, &format!("diverged: {why}"), s)
            }
            ("field", None) => self.field(area, s),
            ("codes", None) => self.codes(area, s),
            ("attractors", None) => self.attractors(area, s),
            ("curves", _) => self.curves(area, s),
            (other, _) => Err(format!(
                "unknown figure {other:?}; the latent field lab draws {}",
                LATENT_FIGURES.join(", ")
            )),
        }
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
        render::canvas(canvas, |area, s| self.figure(figure, area, s)).map_err(|e| JsError::new(&e))
    }

    /// `figure` as an SVG document.
    pub fn svg(&self, figure: &str, width: u32, height: u32) -> Result<String, JsError> {
        render::svg(width, height, |area| self.figure(figure, area, 1.0))
            .map_err(|e| JsError::new(&e))
    }
}

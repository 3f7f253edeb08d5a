//! The Prototype Lab's live figures (fit, prototypes, losses, metrics) and
//! the prototype-position panel its experiments reuse, on any backend.

use super::Lab;
use super::inspect::Overlay;
use super::marks;
use crate::figures::{self, DrawResult, Glyph, Lines, color, draw_legend, err, font, message};
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use protolab_core::prototypes::units::UnitInfo;
use protolab_core::{Dataset, Metrics};

/// Grid points of the response curves.
const CURVE_POINTS: usize = 180;

/// The prototype figure's title (hit-testing rebuilds its axes with it).
pub const PROTOTYPES_TITLE: &str = "Prototypes p_j (sorted) vs training inputs";

/// The figure names a lab draws.
pub const LAB_FIGURES: [&str; 4] = ["fit", "prototypes", "losses", "metrics"];

impl Lab {
    /// What the figures of this run need (curves computed on a grid by the core's model).
    pub fn with_view<R>(&self, f: impl FnOnce(&RunView) -> R) -> R {
        let data = self.live.data();
        let (lo, hi) = data.hull();
        let pad = 0.1 * (hi - lo).max(0.2);
        let model = self.live.model();
        let curves: Vec<(f64, f64, Vec<f64>)> = (0..CURVE_POINTS)
            .map(|k| {
                let x = lo - pad + (hi - lo + 2.0 * pad) * k as f64 / (CURVE_POINTS - 1) as f64;
                (x, model.predict(x), model.responses(x))
            })
            .collect();
        let prototypes = model.prototypes();
        let label = format!("mask {} (this run)", self.live.config().mask);
        f(&RunView {
            data,
            prototypes: &prototypes,
            curves: &curves,
            history: &self.history,
            diverged: self.live.divergence().map(|d| d.to_string()),
            highlight: self.highlighted(),
            overlay: self.marks.overlay.as_ref(),
            label,
        })
    }

    /// The history of one metric, `(step, value)`.
    pub fn series(&self, f: fn(&Metrics) -> f64) -> Vec<(f64, f64)> {
        self.history.iter().map(|m| (m.step as f64, f(m))).collect()
    }

    /// Draws one of [`LAB_FIGURES`] on any backend.
    pub fn figure<DB: DrawingBackend>(
        &self,
        figure: &str,
        area: &DrawingArea<DB, Shift>,
        s: f64,
    ) -> DrawResult {
        let lab = self;
        match figure {
            "fit" => lab.with_view(|v| draw_fit(area, v, s)),
            "prototypes" => lab.with_view(|v| draw_prototypes(area, v, s)),
            "losses" => {
                let series = vec![
                    ("fit MSE".to_string(), 0, lab.series(|m| m.loss.fit)),
                    ("coverage".to_string(), 1, lab.series(|m| m.loss.coverage)),
                    (
                        "separation".to_string(),
                        2,
                        lab.series(|m| m.loss.separation),
                    ),
                    ("overlap".to_string(), 3, lab.series(|m| m.loss.overlap)),
                    (
                        "total (weighted)".to_string(),
                        4,
                        lab.series(|m| m.loss.total),
                    ),
                ];
                let lines = Lines {
                    title: "Loss terms (every term, whichever the mask trains)",
                    x_desc: "step",
                    y_desc: "value (log)",
                    log_x: false,
                    log_y: true,
                    series,
                    ..Default::default()
                };
                figures::draw_lines(area, &lines, s)
            }
            "metrics" => {
                let series = vec![
                    ("recon (Hungarian)".to_string(), 1, lab.series(|m| m.recon)),
                    ("nearest".to_string(), 2, lab.series(|m| m.nearest)),
                    (
                        "specialization".to_string(),
                        4,
                        lab.series(|m| m.specialization),
                    ),
                    ("hull escape".to_string(), 3, lab.series(|m| m.hull_escape)),
                ];
                let lines = Lines {
                    title: "Metrics read from the weights",
                    x_desc: "step",
                    y_desc: "value",
                    log_x: false,
                    log_y: false,
                    series,
                    ..Default::default()
                };
                figures::draw_lines(area, &lines, s)
            }
            other => Err(format!(
                "unknown figure {other:?}; a lab draws {}",
                LAB_FIGURES.join(", ")
            )),
        }
    }
}

/// What the live figures of a run need.
pub struct RunView<'a> {
    /// Training data.
    pub data: &'a Dataset,
    /// Current prototypes.
    pub prototypes: &'a [f64],
    /// `(x, ŷ(x), h_j(x) for every j)` on a grid.
    pub curves: &'a [(f64, f64, Vec<f64>)],
    /// Metrics sampled during training.
    pub history: &'a [Metrics],
    /// Set when the run diverged (the figures say so instead of plotting).
    pub diverged: Option<String>,
    /// The unit the inspector selected, with its numbers.
    pub highlight: Option<UnitInfo>,
    /// A second run's prototypes to draw over this run's (compare mode).
    pub overlay: Option<&'a Overlay>,
    /// This run's legend label when there is an overlay.
    pub label: String,
}

/// The fit figure's axes: used to draw it and to turn a click into data coordinates.
pub fn fit_chart<'a, DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &Dataset,
    s: f64,
) -> Result<ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>, String> {
    let (lo, hi) = data.hull();
    let pad = 0.1 * (hi - lo).max(0.2);
    let ymax = data.y.iter().fold(1.0f64, |m, y| m.max(y.abs())) * 1.3;
    ChartBuilder::on(root)
        .caption(
            "Data, network output ŷ(x), unit responses h_j(x)",
            font(s, 15.0),
        )
        .margin((8.0 * s) as u32)
        .x_label_area_size((40.0 * s) as u32)
        .y_label_area_size((46.0 * s) as u32)
        .build_cartesian_2d((lo - pad)..(hi + pad), -ymax..ymax)
        .map_err(err)
}

/// Data, network output and every unit's response.
pub fn draw_fit<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    v: &RunView,
    s: f64,
) -> DrawResult {
    root.fill(&WHITE).map_err(err)?;
    let ymax = v.data.y.iter().fold(1.0f64, |m, y| m.max(y.abs())) * 1.3;
    let mut chart = fit_chart(root, v.data, s)?;
    chart
        .configure_mesh()
        .x_desc("input x")
        .y_desc("target y / output")
        .label_style(font(s, 11.0))
        .axis_desc_style(font(s, 12.0))
        .light_line_style(RGBColor(235, 235, 235))
        .draw()
        .map_err(err)?;
    if let Some(why) = &v.diverged {
        return message(root, why, s);
    }
    let units = v.curves.first().map_or(0, |c| c.2.len());
    // With a unit selected the others fade, so its curve stands out.
    let alpha = if v.highlight.is_some() { 0.15 } else { 0.45 };
    for j in 0..units {
        let pts = v.curves.iter().map(|c| (c.0, c.2[j] * ymax * 0.9 - ymax));
        chart
            .draw_series(LineSeries::new(
                pts,
                color(j + 1).mix(alpha).stroke_width(s.max(1.0) as u32),
            ))
            .map_err(err)?;
    }
    marks::fit_marks(&mut chart, v, ymax, s)?;
    chart
        .draw_series(LineSeries::new(
            v.curves.iter().map(|c| (c.0, c.1)),
            RGBColor(20, 20, 20).stroke_width((2.0 * s) as u32),
        ))
        .map_err(err)?;
    chart
        .draw_series(
            v.data.x.iter().zip(&v.data.y).map(|(&x, &y)| {
                Circle::new((x, y), (3.5 * s) as u32, RGBColor(214, 39, 40).filled())
            }),
        )
        .map_err(err)?;
    let legend = [
        (
            "network output ŷ(x)".to_string(),
            Glyph::Line {
                color: BLACK,
                len: (16.0 * s) as i32,
                width: 2,
            },
        ),
        (
            "training points".to_string(),
            Glyph::Dot {
                color: RGBColor(214, 39, 40),
                radius: (3.5 * s) as u32,
                dx: (8.0 * s) as i32,
            },
        ),
    ];
    draw_legend(
        &chart.plotting_area().strip_coord_spec(),
        &legend,
        &SeriesLabelPosition::UpperLeft,
        &font(s, 11.0),
    )?;
    Ok(())
}

/// Prototypes against the training inputs with the hull shaded.
pub fn draw_prototypes<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    v: &RunView,
    s: f64,
) -> DrawResult {
    root.fill(&WHITE).map_err(err)?;
    let chart = positions_panel(
        root,
        v.data,
        v.prototypes,
        PROTOTYPES_TITLE,
        s,
        v.diverged.as_deref(),
    )?;
    if let Some(mut chart) = chart {
        marks::prototype_marks(&mut chart, v, s)?;
    }
    Ok(())
}

/// The axes of a prototype-position panel, as [`positions_chart`] builds them.
pub type PositionsChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The axes of a prototype-position panel: input position across, one row
/// per unit (sorted) up, the data on row −1; the hull shaded. Used to draw a
/// panel and to find the unit under the pointer.
pub fn positions_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    data: &Dataset,
    rows: usize,
    title: &str,
    s: f64,
) -> Result<PositionsChart<'a, DB>, String> {
    let (x0, x1) = positions_range(data);
    let rows = rows.max(1) as f64;
    ChartBuilder::on(area)
        .caption(title, font(s, 13.0))
        .margin((6.0 * s) as u32)
        .x_label_area_size((36.0 * s) as u32)
        .y_label_area_size((40.0 * s) as u32)
        .build_cartesian_2d(x0..x1, -2.0..rows + 1.0)
        .map_err(err)
}

/// The plotted input range of a position panel: escapes up to one hull width
/// out; farther ones sit on the edge.
pub fn positions_range(data: &Dataset) -> (f64, f64) {
    let (lo, hi) = data.hull();
    let width = (hi - lo).max(0.2);
    (lo - 0.6 * width, hi + 0.6 * width)
}

/// One prototype-position panel (shared by the live figure and the N = 100 grid).
pub fn draw_positions_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &Dataset,
    prototypes: &[f64],
    title: &str,
    s: f64,
    diverged: Option<&str>,
) -> DrawResult {
    positions_panel(area, data, prototypes, title, s, diverged).map(|_| ())
}

/// [`draw_positions_panel`], returning its chart for more marks on the same
/// axes (`None` when the panel shows a divergence message instead).
pub fn positions_panel<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    data: &Dataset,
    prototypes: &[f64],
    title: &str,
    s: f64,
    diverged: Option<&str>,
) -> Result<Option<PositionsChart<'a, DB>>, String> {
    let (lo, hi) = data.hull();
    let (x0, x1) = positions_range(data);
    let mut sorted: Vec<f64> = prototypes.to_vec();
    protolab_core::sort::sort_f64(&mut sorted);
    let rows = sorted.len().max(1) as f64;
    let mut chart = positions_chart(area, data, sorted.len(), title, s)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .x_desc("position on the input axis")
        .y_desc("unit (sorted)")
        .label_style(font(s, 10.0))
        .axis_desc_style(font(s, 11.0))
        .light_line_style(RGBColor(238, 238, 238))
        .draw()
        .map_err(err)?;
    chart
        .draw_series([Rectangle::new(
            [(lo, -2.0), (hi, rows + 1.0)],
            RGBColor(31, 119, 180).mix(0.10).filled(),
        )])
        .map_err(err)?;
    if let Some(why) = diverged {
        return message(area, why, s).map(|_| None);
    }
    chart
        .draw_series(data.x.iter().map(|&x| {
            Cross::new(
                (x, -1.0),
                (3.0 * s) as u32,
                RGBColor(60, 60, 60).stroke_width(1),
            )
        }))
        .map_err(err)?;
    let r = (3.0 * s) as u32;
    // Prototypes beyond the plotted range: a red triangle on the edge.
    chart
        .draw_series(
            sorted
                .iter()
                .enumerate()
                .filter(|(_, p)| !(x0..=x1).contains(*p))
                .map(|(k, &p)| {
                    TriangleMarker::new(
                        (p.clamp(x0, x1), k as f64 + 0.5),
                        r + 2,
                        RGBColor(214, 39, 40).filled(),
                    )
                }),
        )
        .map_err(err)?;
    chart
        .draw_series(
            sorted
                .iter()
                .enumerate()
                .filter(|(_, p)| **p >= x0 && **p <= x1)
                .map(|(k, &p)| {
                    let inside = p >= lo && p <= hi;
                    let c = if inside {
                        RGBColor(31, 119, 180)
                    } else {
                        RGBColor(214, 39, 40)
                    };
                    Circle::new((p, k as f64 + 0.5), r, c.filled())
                }),
        )
        .map_err(err)?;
    Ok(Some(chart))
}

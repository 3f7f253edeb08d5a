//! Line charts: any named series against a shared x (steps, N, τ, λ, width).

use super::axis::Axis;
use super::scale::Scale;
use super::{DrawResult, Glyph, color, draw_legend, err, font};
use plotters::coord::Shift;
use plotters::prelude::*;

/// One named line: `(label, colour index, points)`.
pub type Series = (String, usize, Vec<(f64, f64)>);

/// A line chart of several named series against a shared x (steps or τ).
#[derive(Default)]
pub struct Lines<'a> {
    /// Title.
    pub title: &'a str,
    /// x axis label.
    pub x_desc: &'a str,
    /// y axis label.
    pub y_desc: &'a str,
    /// Log scale on x.
    pub log_x: bool,
    /// Log scale on y.
    pub log_y: bool,
    /// `(label, colour index, points)`.
    pub series: Vec<Series>,
    /// A fixed y range instead of the data's (e.g. headroom for the legend).
    pub y_range: Option<(f64, f64)>,
    /// Where the legend goes (plotters' default, middle right, when `None`).
    pub legend: Option<SeriesLabelPosition>,
    /// Labels for the x ticks instead of their values (e.g. `2^x` when x is log₂ H).
    pub x_label: Option<fn(f64) -> String>,
}

/// A tick label: thousands as `1.2k` / `20k` (steps), whole numbers without
/// `.0`, fractions in at most 3 decimals, tiny or huge values as `1e-4`.
pub fn tick(v: f64) -> String {
    let trim = |s: String| {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    let a = v.abs();
    if (1000.0..1e7).contains(&a) && (v * 1000.0).fract() == 0.0 {
        format!("{}k", trim(format!("{:.3}", v / 1000.0)))
    } else if v.fract() == 0.0 && a < 1e15 {
        format!("{v:.0}")
    } else if (1e-3..1e4).contains(&a) {
        trim(format!("{v:.3}"))
    } else {
        format!("{v:.0e}")
    }
}

/// A log-axis tick label: only 1, 2 and 5 × 10ᵏ are written (the other grid
/// lines stay, unlabelled), so labels do not run into each other.
pub fn log_tick(v: f64) -> String {
    if !(v.is_finite() && v > 0.0) {
        return String::new();
    }
    let m = v / 10f64.powf(v.log10().floor());
    if [1.0, 2.0, 5.0].iter().any(|k| (m - k).abs() < 1e-6) {
        tick(v)
    } else {
        String::new()
    }
}

/// Draws [`Lines`]. Non-finite or (on log axes) non-positive points are
/// skipped; the axes are ranges plotters can always draw ([`Axis`]), and points
/// beyond them (a value past the range a log axis can show, or outside a
/// fixed y range) sit on the edge.
pub fn draw_lines<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    l: &Lines,
    s: f64,
) -> DrawResult {
    draw_lines_placed(root, l, s).map(|_| ())
}

/// Where [`draw_lines_placed`] put a point: its series, its index in the
/// series' points, and its pixel on the backend (the whole figure's pixels).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placed {
    /// Index of the series in [`Lines::series`].
    pub series: usize,
    /// Index of the point in that series' points.
    pub point: usize,
    /// Pixel (x, y) of the point, from the chart's own coordinate mapping.
    pub pixel: (i32, i32),
}

/// [`draw_lines`], also returning where each drawn point landed, so a click
/// on the figure can be mapped back to its point (the page's replay, see
/// docs/labs/README.md#precomputed-results).
pub fn draw_lines_placed<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    l: &Lines,
    s: f64,
) -> Result<Vec<Placed>, String> {
    let mut placed = Vec::new();
    root.fill(&WHITE).map_err(err)?;
    let ok = |x: f64, y: f64| Axis::accepts(l.log_x, x) && Axis::accepts(l.log_y, y);
    let pts: Vec<(f64, f64)> = l
        .series
        .iter()
        .flat_map(|s| s.2.iter().copied())
        .filter(|p| ok(p.0, p.1))
        .collect();
    let x = Axis::fit(pts.iter().map(|p| p.0), l.log_x);
    let y = Axis::fixed_or_fit(l.y_range, pts.iter().map(|p| p.1), l.log_y);
    let mut chart = ChartBuilder::on(root)
        .caption(l.title, font(s, 14.0))
        .margin((8.0 * s) as u32)
        .x_label_area_size((38.0 * s) as u32)
        .y_label_area_size((54.0 * s) as u32)
        .build_cartesian_2d(
            Scale::new(x.lo, x.hi, l.log_x),
            Scale::new(y.lo, y.hi, l.log_y),
        )
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_labels(7)
        .x_label_formatter(&|v| match l.x_label {
            Some(f) => f(*v),
            None if l.log_x => log_tick(*v),
            None => tick(*v),
        })
        .y_label_formatter(&|v| if l.log_y { log_tick(*v) } else { tick(*v) })
        .x_desc(l.x_desc)
        .y_desc(l.y_desc)
        .label_style(font(s, 10.0))
        .axis_desc_style(font(s, 11.0))
        .light_line_style(RGBColor(235, 235, 235))
        .draw()
        .map_err(err)?;
    let mut legend = Vec::with_capacity(l.series.len());
    for (k, (label, c, points)) in l.series.iter().enumerate() {
        let c = color(*c);
        let kept: Vec<(usize, (f64, f64))> = points
            .iter()
            .enumerate()
            .filter(|(_, p)| ok(p.0, p.1))
            .map(|(i, p)| (i, (x.clamp(p.0), y.clamp(p.1))))
            .collect();
        for &(i, p) in &kept {
            placed.push(Placed {
                series: k,
                point: i,
                pixel: chart.backend_coord(&p),
            });
        }
        let line: Vec<(f64, f64)> = kept.iter().map(|&(_, p)| p).collect();
        chart
            .draw_series(LineSeries::new(
                line.clone(),
                c.stroke_width((1.5 * s).max(1.0) as u32),
            ))
            .map_err(err)?;
        let len = (16.0 * s) as i32;
        legend.push((
            label.clone(),
            Glyph::Line {
                color: c,
                len,
                width: 2,
            },
        ));
        if line.len() < 40 {
            chart
                .draw_series(
                    line.iter()
                        .map(|&p| Circle::new(p, (2.5 * s) as u32, c.filled())),
                )
                .map_err(err)?;
        }
    }
    draw_legend(
        &chart.plotting_area().strip_coord_spec(),
        &legend,
        l.legend
            .as_ref()
            .unwrap_or(&SeriesLabelPosition::MiddleRight),
        &font(s, 10.0),
    )?;
    Ok(placed)
}

#[cfg(test)]
mod tests {
    #[test]
    fn ticks_are_short() {
        use super::tick;
        assert_eq!(tick(20000.0), "20k");
        assert_eq!(tick(2500.0), "2.5k");
        assert_eq!(tick(1200.0), "1.2k");
        assert_eq!(tick(800.0), "800");
        assert_eq!(tick(0.0), "0");
        assert_eq!(tick(0.25), "0.25");
        assert_eq!(tick(1e-4), "1e-4");
        assert_eq!(tick(-1.5), "-1.5");
        assert_eq!(super::log_tick(0.05), "0.05");
        assert_eq!(super::log_tick(0.07), "");
        assert_eq!(super::log_tick(100.0), "100");
    }
}

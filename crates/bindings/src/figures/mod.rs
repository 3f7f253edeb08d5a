//! Figures drawn with plotters on any backend: the page's canvases and SVG export
//! run the same functions. The bindings never compute here: every number comes
//! from the core; these functions only place it.

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use protolab_core::experiments::RunRecord;
use protolab_core::nalgebra;
use protolab_core::{Dataset, Metrics};

/// Drawing failed (the message of the backend's error). Figures never call
/// `present()`: the surface (`render::svg`, `render::canvas`) does, once, after
/// every panel is drawn — an SVG document is closed by it.
pub type DrawResult = Result<(), String>;

mod axis;
mod lines;
pub use lines::{Lines, Series, draw_lines, study_lines};

/// A plotters error as the figures' message.
pub(crate) fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("drawing failed: {e:?}")
}

/// matplotlib's ten categorical colours (tab10).
const TAB10: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

/// Colour of series `i` (stable across figures: mask `i` is always the same
/// colour): dark grey, then tab10's blue, orange, red, green, purple, brown, pink.
pub fn color(i: usize) -> RGBColor {
    const ORDER: [usize; 7] = [0, 1, 3, 2, 4, 5, 6];
    match i % 8 {
        0 => RGBColor(60, 60, 60),
        k => TAB10[ORDER[k - 1]],
    }
}

/// Colour of digit `d` (tab10 in order).
pub fn digit_color(d: u8) -> RGBColor {
    TAB10[usize::from(d) % 10]
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
}

fn font(scale: f64, size: f64) -> TextStyle<'static> {
    ("sans-serif", size * scale).into_font().into()
}

/// A chart over the square `[-span, span]²` with a caption and axis names,
/// its mesh drawn (the PCA, latent field and codes figures).
pub fn square_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    title: &str,
    span: f64,
    (x_desc, y_desc): (&str, &str),
    s: f64,
) -> Result<ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>, String> {
    let mut chart = ChartBuilder::on(area)
        .caption(title, font(s, 13.0))
        .margin((8.0 * s) as u32)
        .x_label_area_size((28.0 * s) as u32)
        .y_label_area_size((40.0 * s) as u32)
        .build_cartesian_2d(-span..span, -span..span)
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .label_style(font(s, 10.0))
        .draw()
        .map_err(err)?;
    Ok(chart)
}

/// How [`heatmap`] colours a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Palette {
    /// Blue < 0 < red, scaled by the largest magnitude.
    Diverging,
    /// White 0 … black 1 (pixels), not rescaled.
    Grey,
}

/// A rows × cols matrix as square coloured cells, centred under its title.
pub fn heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    k: &nalgebra::DMatrix<f64>,
    palette: Palette,
    s: f64,
) -> DrawResult {
    let (rows, cols) = k.shape();
    let scale = k.iter().fold(1e-12f64, |m, v| m.max(v.abs()));
    // Square cells: centre a plot area of the matrix's aspect under the caption.
    let (w, h) = area.dim_in_pixel();
    let caption = if title.is_empty() {
        0
    } else {
        (20.0 * s) as u32
    };
    let room = (
        w as f64,
        h.saturating_sub(caption + (8.0 * s) as u32) as f64,
    );
    let cell = (room.0 / cols.max(1) as f64)
        .min(room.1 / rows.max(1) as f64)
        .max(0.5);
    let (pw, ph) = ((cell * cols as f64) as u32, (cell * rows as f64) as u32);
    let pad_x = (w.saturating_sub(pw) / 2) as i32;
    let pad_y = h.saturating_sub(caption + ph) as i32;
    let area = area.margin(0, pad_y.max(0), pad_x, pad_x);
    let mut builder = ChartBuilder::on(&area);
    if !title.is_empty() {
        builder.caption(title, font(s, 11.0));
    }
    let mut chart = builder.build_cartesian_2d(0..cols, 0..rows).map_err(err)?;
    chart
        .draw_series(
            (0..rows)
                .flat_map(|i| (0..cols).map(move |j| (i, j)))
                .map(|(i, j)| {
                    let c = match palette {
                        Palette::Diverging => {
                            let v = (k[(i, j)] / scale).clamp(-1.0, 1.0);
                            let t = (255.0 * (1.0 - v.abs())) as u8;
                            if v >= 0.0 {
                                RGBColor(255, t, t)
                            } else {
                                RGBColor(t, t, 255)
                            }
                        }
                        Palette::Grey => {
                            let g = (255.0 * (1.0 - k[(i, j)].clamp(0.0, 1.0))) as u8;
                            RGBColor(g, g, g)
                        }
                    };
                    Rectangle::new([(j, rows - 1 - i), (j + 1, rows - i)], c.filled())
                }),
        )
        .map_err(err)?;
    Ok(())
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
    for j in 0..units {
        let pts = v.curves.iter().map(|c| (c.0, c.2[j] * ymax * 0.9 - ymax));
        chart
            .draw_series(LineSeries::new(
                pts,
                color(j + 1).mix(0.45).stroke_width(s.max(1.0) as u32),
            ))
            .map_err(err)?;
    }
    chart
        .draw_series(LineSeries::new(
            v.curves.iter().map(|c| (c.0, c.1)),
            RGBColor(20, 20, 20).stroke_width((2.0 * s) as u32),
        ))
        .map_err(err)?
        .label("network output ŷ(x)")
        .legend(move |(x, y)| {
            PathElement::new([(x, y), (x + (16.0 * s) as i32, y)], BLACK.stroke_width(2))
        });
    chart
        .draw_series(
            v.data.x.iter().zip(&v.data.y).map(|(&x, &y)| {
                Circle::new((x, y), (3.5 * s) as u32, RGBColor(214, 39, 40).filled())
            }),
        )
        .map_err(err)?
        .label("training points")
        .legend(move |(x, y)| {
            Circle::new(
                (x + (8.0 * s) as i32, y),
                (3.5 * s) as u32,
                RGBColor(214, 39, 40).filled(),
            )
        });
    chart
        .configure_series_labels()
        .label_font(font(s, 11.0))
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(200, 200, 200))
        .position(SeriesLabelPosition::UpperLeft)
        .draw()
        .map_err(err)?;
    Ok(())
}

/// Prototypes against the training inputs with the hull shaded.
pub fn draw_prototypes<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    v: &RunView,
    s: f64,
) -> DrawResult {
    root.fill(&WHITE).map_err(err)?;
    draw_positions_panel(
        root,
        v.data,
        v.prototypes,
        "Prototypes p_j (sorted) vs training inputs",
        s,
        v.diverged.as_deref(),
    )?;
    Ok(())
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
    let (lo, hi) = data.hull();
    // Show escapes up to one hull width out; farther ones sit on the edge as ◆.
    let width = (hi - lo).max(0.2);
    let (x0, x1) = (lo - 0.6 * width, hi + 0.6 * width);
    let mut sorted: Vec<f64> = prototypes.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rows = sorted.len().max(1) as f64;
    let mut chart = ChartBuilder::on(area)
        .caption(title, font(s, 13.0))
        .margin((6.0 * s) as u32)
        .x_label_area_size((36.0 * s) as u32)
        .y_label_area_size((40.0 * s) as u32)
        .build_cartesian_2d(x0..x1, -2.0..rows + 1.0)
        .map_err(err)?;
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
        return message(area, why, s);
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
    Ok(())
}

/// Writes a centred message (e.g. why a run diverged) over a panel.
pub fn message<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    s: f64,
) -> DrawResult {
    let (w, h) = area.dim_in_pixel();
    let style =
        font(s, 14.0)
            .color(&RGBColor(180, 0, 0))
            .pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Center,
                plotters::style::text_anchor::VPos::Center,
            ));
    area.draw_text(text, &style, ((w / 2) as i32, (h / 2) as i32))
        .map_err(err)
}

/// The N = 100 positions figure: one panel per mask.
pub fn draw_position_grid<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    records: &[RunRecord],
    s: f64,
) -> DrawResult {
    root.fill(&WHITE).map_err(err)?;
    let panels = root.split_evenly((2, 4));
    for (panel, r) in panels.iter().zip(records) {
        let data = Dataset::generate(r.config.target, r.config.n, r.config.seed);
        let title = match &r.outcome {
            Ok(m) => format!(
                "{}: {:.0}% outside, recon {:.3}",
                r.config.mask,
                100.0 * m.hull_escape,
                m.recon
            ),
            Err(_) => format!("{}: diverged", r.config.mask),
        };
        let diverged = r.outcome.as_ref().err().map(|d| d.to_string());
        draw_positions_panel(
            panel,
            &data,
            &r.prototypes,
            &title,
            s * 0.85,
            diverged.as_deref(),
        )?;
    }
    Ok(())
}

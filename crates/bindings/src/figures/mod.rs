//! The drawing helpers every lab's figures share (colours, square charts,
//! heatmaps, line charts, messages, the SVG and canvas surfaces), generic over
//! plotters' backends so the page's canvases, SVG export and later the CLI run
//! the same functions. Each lab's own figures live in its folder. Nothing is
//! computed here: every number comes from the core; these functions only place it.

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use protolab_core::nalgebra;

/// Drawing failed (the message of the backend's error). Figures never call
/// `present()`: the surface ([`surface::svg`], `surface::canvas`) does, once, after
/// every panel is drawn — an SVG document is closed by it.
pub type DrawResult = Result<(), String>;

mod axis;
mod backend;
pub mod legend;
mod lines;
pub mod metric;
mod scale;
pub mod surface;
mod svg_text;
pub use axis::Axis;
pub use backend::Surface;
pub use legend::{Glyph, draw_legend};
pub use lines::{Lines, Placed, Series, draw_lines, draw_lines_placed, tick};
pub use svg_text::FixedSvg;

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

/// A sans-serif font of `size` px at scale `scale` (the device pixel ratio).
pub fn font(scale: f64, size: f64) -> TextStyle<'static> {
    sans(size * scale).into()
}

/// plotters' sans-serif font of `size` px: what `("sans-serif",
/// size).into_font()` gives, without its case-insensitive lookup of the name
/// (`str::to_lowercase`, whose Unicode tables the page's wasm would carry).
pub fn sans(size: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::SansSerif, size, FontStyle::Normal)
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

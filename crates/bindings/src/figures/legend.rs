//! The legend box of a chart, drawn by us instead of plotters'
//! `configure_series_labels()`: plotters measures its legend lines with the
//! font backend directly (`MultiLineText`), which on wasm is the browser's and
//! natively a crude estimate, so an SVG drawn natively and in the page would
//! differ. This one lays the box out exactly as plotters 0.3.7 does (margin
//! 10 px, a 30 px glyph column, lines 1.25 font sizes apart) but measures text
//! through the backend (`estimate_text_size`): on the page's canvas that is the
//! same browser measurement as before, and in SVG the fixed metric of
//! [`super::metric`] (docs/figures.md, "Same SVG everywhere").

use super::{DrawResult, err};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// What stands left of a legend line.
#[derive(Clone, Copy, Debug)]
pub enum Glyph {
    /// A horizontal stroke `len` px long and `width` px wide.
    Line {
        /// Colour.
        color: RGBColor,
        /// Length in px.
        len: i32,
        /// Stroke width in px.
        width: u32,
    },
    /// A filled dot of `radius` px, its centre `dx` px right of the glyph's start.
    Dot {
        /// Colour.
        color: RGBColor,
        /// Radius in px.
        radius: u32,
        /// Offset of the centre from the glyph's start.
        dx: i32,
    },
    /// A hollow ring of `radius` px stroked `width` px wide, its centre `dx`
    /// px right of the glyph's start.
    Ring {
        /// Colour.
        color: RGBColor,
        /// Radius in px.
        radius: u32,
        /// Stroke width in px.
        width: u32,
        /// Offset of the centre from the glyph's start.
        dx: i32,
    },
}

/// Where the legend box sits in the plotting area (plotters' positions).
pub type Place = SeriesLabelPosition;

/// Plotters' defaults for the legend box (`SeriesLabelStyle::new`).
const MARGIN: i32 = 10;
const GLYPH_AREA: i32 = 30;
const LINE_HEIGHT: f64 = 1.25;

/// The box's top-left corner for a box of `(w, h)` in an area of `(aw, ah)`
/// (as plotters' `SeriesLabelPosition::layout_label_area`).
fn corner(place: &Place, (w, h): (i32, i32), (aw, ah): (u32, u32)) -> (i32, i32) {
    use SeriesLabelPosition::*;
    let (aw, ah) = (aw as i32, ah as i32);
    let x = match place {
        UpperLeft | MiddleLeft | LowerLeft => 5,
        UpperMiddle | MiddleMiddle | LowerMiddle => (aw - w) / 2,
        UpperRight | MiddleRight | LowerRight => aw - w - 5,
        Coordinate(x, _) => *x,
    };
    let y = match place {
        UpperLeft | UpperMiddle | UpperRight => 5,
        MiddleLeft | MiddleMiddle | MiddleRight => (ah - h) / 2,
        LowerLeft | LowerMiddle | LowerRight => ah - h - 5,
        Coordinate(_, y) => *y,
    };
    (x, y)
}

/// Draws a legend of `entries` (label and glyph) in `area` (a chart's plotting
/// area, `chart.plotting_area().strip_coord_spec()`) on a white, slightly
/// transparent box with a light grey border.
pub fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(String, Glyph)],
    place: &Place,
    font: &TextStyle,
) -> DrawResult {
    if entries.is_empty() {
        return Ok(());
    }
    let step = font.font.get_size() * LINE_HEIGHT;
    // Each line's top-left offset and size, measured by the backend.
    let mut lines = Vec::with_capacity(entries.len());
    for (i, (label, _)) in entries.iter().enumerate() {
        let y = (i as f64 * step).round() as i32;
        let (w, h) = area.estimate_text_size(label, font).map_err(err)?;
        lines.push((y, w as i32, h as i32));
    }
    let text_w = lines.iter().map(|l| l.1).max().unwrap_or(0);
    let text_h = lines.iter().map(|l| l.0 + l.2).max().unwrap_or(0);
    let (w, h) = (text_w + GLYPH_AREA + 2 * MARGIN, text_h + 2 * MARGIN);
    let (x0, y0) = corner(place, (w, h), area.dim_in_pixel());
    let bounds = [(x0, y0), (x0 + w, y0 + h)];
    area.draw(&Rectangle::new(bounds, WHITE.mix(0.85).filled()))
        .map_err(err)?;
    area.draw(&Rectangle::new(bounds, RGBColor(200, 200, 200)))
        .map_err(err)?;
    let text = font.pos(Pos::new(HPos::Left, VPos::Top));
    let (tx, ty) = (x0 + GLYPH_AREA + MARGIN, y0 + MARGIN);
    for ((label, glyph), &(dy, _, lh)) in entries.iter().zip(&lines) {
        area.draw_text(label, &text, (tx, ty + dy)).map_err(err)?;
        let (gx, gy) = (x0 + MARGIN, ty + dy + lh / 2);
        match *glyph {
            Glyph::Line { color, len, width } => area.draw(&PathElement::new(
                [(gx, gy), (gx + len, gy)],
                color.stroke_width(width),
            )),
            Glyph::Dot { color, radius, dx } => {
                area.draw(&Circle::new((gx + dx, gy), radius, color.filled()))
            }
            Glyph::Ring {
                color,
                radius,
                width,
                dx,
            } => area.draw(&Circle::new(
                (gx + dx, gy),
                radius,
                color.stroke_width(width),
            )),
        }
        .map_err(err)?;
    }
    Ok(())
}

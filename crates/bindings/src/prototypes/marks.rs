//! The inspector's and compare mode's marks on the live figures
//! (docs/labs/prototypes.md#inspector, docs/labs/prototypes.md#compare): the
//! selected unit's curve, prototype, nearest samples and Hungarian partner,
//! and a second run's prototypes over this run's.

use super::figures::{PositionsChart, RunView, positions_range};
use crate::figures::{Glyph, color, draw_legend, err, font};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

/// The fit figure's axes.
type FitChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Colour of the compare run's prototypes (tab10 orange: not a mask colour
/// of this figure, which uses blue and red).
pub const COMPARE: RGBColor = RGBColor(255, 127, 14);
/// Colour of the selected unit's partner and nearest samples.
const PICK: RGBColor = RGBColor(20, 20, 20);
/// Colour of the Hungarian partner (a green no unit curve uses).
const PARTNER: RGBColor = RGBColor(0, 140, 70);

/// On the fit figure: the selected unit's response curve bold, its centre
/// line, rings on the samples it is nearest to and a square on its partner.
pub fn fit_marks<'a, DB: DrawingBackend + 'a>(
    chart: &mut FitChart<'a, DB>,
    v: &RunView,
    ymax: f64,
    s: f64,
) -> Result<(), String> {
    let Some(info) = &v.highlight else {
        return Ok(());
    };
    let j = info.unit;
    let curve = v.curves.iter().map(|c| (c.0, c.2[j] * ymax * 0.9 - ymax));
    chart
        .draw_series(LineSeries::new(
            curve,
            color(j + 1).stroke_width((3.0 * s).max(2.0) as u32),
        ))
        .map_err(err)?;
    chart
        .draw_series(LineSeries::new(
            [(info.centre, -ymax), (info.centre, ymax)],
            PICK.mix(0.5).stroke_width(1),
        ))
        .map_err(err)?;
    let point = |i: usize| (v.data.x[i], v.data.y[i]);
    chart
        .draw_series(
            info.owned
                .iter()
                .map(|&i| Circle::new(point(i), (7.0 * s) as u32, PICK.stroke_width(2))),
        )
        .map_err(err)?;
    if let Some(i) = info.partner {
        let (x, y) = point(i);
        let r = (6.0 * s) as i32;
        chart
            .draw_series([EmptyElement::at((x, y))
                + Rectangle::new([(-r, -r), (r, r)], PARTNER.stroke_width(2))])
            .map_err(err)?;
    }
    Ok(())
}

/// On the prototype figure: the compare run's prototypes (hollow orange
/// rings, sorted like this run's) with a legend naming both runs, then the
/// selected unit's row, ring and a line to its Hungarian partner.
pub fn prototype_marks<'a, DB: DrawingBackend + 'a>(
    chart: &mut PositionsChart<'a, DB>,
    v: &RunView,
    s: f64,
) -> Result<(), String> {
    let (x0, x1) = positions_range(v.data);
    let r = (3.0 * s) as u32;
    if let Some(o) = v.overlay {
        let mut sorted = o.prototypes.clone();
        protolab_core::sort::sort_f64(&mut sorted);
        chart
            .draw_series(sorted.iter().enumerate().map(|(k, &p)| {
                Circle::new(
                    (p.clamp(x0, x1), k as f64 + 0.5),
                    r + 2,
                    COMPARE.stroke_width((1.5 * s).max(1.0) as u32),
                )
            }))
            .map_err(err)?;
        // Our legend, not plotters': its text is measured through the backend,
        // so the SVG export is the same natively and in the page (legend.rs).
        let legend = [
            (
                v.label.clone(),
                Glyph::Dot {
                    color: RGBColor(31, 119, 180),
                    radius: r,
                    dx: 8,
                },
            ),
            (
                o.label.clone(),
                Glyph::Ring {
                    color: COMPARE,
                    radius: r + 2,
                    width: 2,
                    dx: 8,
                },
            ),
        ];
        draw_legend(
            &chart.plotting_area().strip_coord_spec(),
            &legend,
            &SeriesLabelPosition::UpperLeft,
            &font(s, 10.0),
        )?;
    }
    let Some(info) = &v.highlight else {
        return Ok(());
    };
    let row = info.rank as f64 + 0.5;
    let p = info.centre.clamp(x0, x1);
    chart
        .draw_series([Rectangle::new(
            [(x0, row - 0.5), (x1, row + 0.5)],
            RGBColor(255, 215, 0).mix(0.35).filled(),
        )])
        .map_err(err)?;
    for &i in &info.owned {
        chart
            .draw_series(LineSeries::new(
                [(p, row), (v.data.x[i], -1.0)],
                PICK.mix(0.35).stroke_width(1),
            ))
            .map_err(err)?;
    }
    if let Some(i) = info.partner {
        let x = v.data.x[i];
        chart
            .draw_series(LineSeries::new(
                [(p, row), (x, -1.0)],
                PARTNER.stroke_width((2.0 * s).max(1.0) as u32),
            ))
            .map_err(err)?;
        let q = (5.0 * s) as i32;
        chart
            .draw_series([EmptyElement::at((x, -1.0))
                + Rectangle::new([(-q, -q), (q, q)], PARTNER.stroke_width(2))])
            .map_err(err)?;
    }
    chart
        .draw_series([Circle::new((p, row), r + 4, PICK.stroke_width(2))])
        .map_err(err)?;
    Ok(())
}

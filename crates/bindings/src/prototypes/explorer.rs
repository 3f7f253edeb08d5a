//! The study explorer (docs/labs/prototypes.md#explorer): for any two masks
//! A and B of a study, `recon(B) − recon(A)` per N, one dot per seed, with
//! mean ± SE — the numbers from the core (`experiments::paired_differences`),
//! placed here.

use super::ExperimentResults;
use crate::figures::{Axis, DrawResult, color, err, font, message, surface, tick};
use plotters::coord::Shift;
use plotters::prelude::*;
use protolab_core::Mask;
use protolab_core::experiments::{self, PairedAtN};
use wasm_bindgen::prelude::*;

/// Reads a mask name as links do (`base`, letters in any order), or says
/// which names are allowed.
fn mask(name: &str) -> Result<Mask, String> {
    Mask::parse(name.trim()).ok_or_else(|| {
        format!("{name:?} is not a mask (base, or the letters C, S, O once each, e.g. CS)")
    })
}

impl ExperimentResults {
    /// The paired differences of masks `a` and `b` over this study's runs
    /// (none for results that are not a study).
    pub fn paired(&self, a: &str, b: &str) -> Result<Vec<PairedAtN>, String> {
        Ok(experiments::paired_differences(
            self.study_records(),
            mask(a)?,
            mask(b)?,
        ))
    }

    /// The explorer figure for masks `a` and `b` as an SVG document, with the
    /// version that drew it (results may join several configs' runs).
    pub fn explorer_svg_string(
        &self,
        a: &str,
        b: &str,
        width: u32,
        height: u32,
    ) -> Result<String, String> {
        let rows = self.paired(a, b)?;
        let masks = (mask(a)?, mask(b)?);
        let svg = surface::svg(width, height, |area| draw_explorer(area, &rows, masks, 1.0))?;
        Ok(surface::with_provenance(svg, None))
    }
}

/// A tick label of the difference axis: a tick a rounding error off zero
/// (plotters steps to `-2.2e-16`) reads as 0.
fn y_tick(v: f64, span: f64) -> String {
    tick(if v.abs() < 1e-9 * span { 0.0 } else { v })
}

/// Draws the explorer for masks `a`, `b`: N across (one slot per N), the
/// difference up, a dot per seed spread across its slot, mean ± SE in black.
pub fn draw_explorer<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    rows: &[PairedAtN],
    (a, b): (Mask, Mask),
    s: f64,
) -> DrawResult {
    root.fill(&WHITE).map_err(err)?;
    let title =
        format!("Paired recon({b}) − recon({a}): a dot per seed, bar = mean ± SE; < 0: {b} better");
    if rows.iter().all(|r| r.seeds.is_empty()) {
        return message(
            root,
            &format!("No seed has finished runs of both {a} and {b}"),
            s,
        );
    }
    let values = rows.iter().flat_map(|r| {
        let band = [r.stat.mean - r.stat.se(), r.stat.mean + r.stat.se(), 0.0];
        r.seeds.iter().map(|d| d.1).chain(band)
    });
    let y = Axis::fit(values, false);
    let slots = rows.len() as f64;
    let mut chart = ChartBuilder::on(root)
        .caption(title, font(s, 13.0))
        .margin((8.0 * s) as u32)
        .x_label_area_size((38.0 * s) as u32)
        .y_label_area_size((58.0 * s) as u32)
        .build_cartesian_2d(-0.5..slots - 0.5, y.lo..y.hi)
        .map_err(err)?;
    let label_of = |v: &f64| {
        let k = v.round();
        if (v - k).abs() < 1e-6 && k >= 0.0 && (k as usize) < rows.len() {
            rows[k as usize].n.to_string()
        } else {
            String::new()
        }
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(rows.len() * 2 + 1)
        .x_label_formatter(&label_of)
        .y_label_formatter(&|v| y_tick(*v, y.hi - y.lo))
        .x_desc("N (data-set size = width)")
        .y_desc(format!("recon({b}) − recon({a})"))
        .label_style(font(s, 10.0))
        .axis_desc_style(font(s, 11.0))
        .light_line_style(RGBColor(235, 235, 235))
        .draw()
        .map_err(err)?;
    chart
        .draw_series(LineSeries::new(
            [(-0.5, 0.0), (slots - 0.5, 0.0)],
            RGBColor(120, 120, 120).stroke_width(1),
        ))
        .map_err(err)?;
    let dot = color(Mask::ALL.iter().position(|m| *m == b).unwrap_or(1));
    for (k, r) in rows.iter().enumerate() {
        let m = r.seeds.len().max(1) as f64;
        // Seeds side by side across 60 % of the slot, in record order.
        let dots = r.seeds.iter().enumerate().map(|(i, d)| {
            let dx = if m > 1.0 {
                0.6 * (i as f64 / (m - 1.0) - 0.5)
            } else {
                0.0
            };
            Circle::new(
                (k as f64 + dx, y.clamp(d.1)),
                (3.0 * s) as u32,
                dot.mix(0.8).filled(),
            )
        });
        chart.draw_series(dots).map_err(err)?;
        if r.seeds.is_empty() {
            continue;
        }
        let (mean, se) = (r.stat.mean, r.stat.se());
        let x = k as f64;
        let black = BLACK.stroke_width((2.0 * s).max(1.0) as u32);
        chart
            .draw_series(LineSeries::new(
                [(x, y.clamp(mean - se)), (x, y.clamp(mean + se))],
                black,
            ))
            .map_err(err)?;
        for end in [mean - se, mean + se] {
            chart
                .draw_series(LineSeries::new(
                    [(x - 0.12, y.clamp(end)), (x + 0.12, y.clamp(end))],
                    black,
                ))
                .map_err(err)?;
        }
        // The mean: a wide bar across the dots.
        chart
            .draw_series(LineSeries::new(
                [(x - 0.25, y.clamp(mean)), (x + 0.25, y.clamp(mean))],
                BLACK.stroke_width((3.0 * s).max(2.0) as u32),
            ))
            .map_err(err)?;
    }
    Ok(())
}

#[wasm_bindgen]
impl ExperimentResults {
    /// For masks `a` and `b` (`base`, `C`, `CS`, …): `recon(b) − recon(a)` per
    /// N of the study, one value per seed where both runs finished, with mean
    /// and SE. An unknown mask is an error naming it.
    #[wasm_bindgen(js_name = pairedDifferences, unchecked_return_type = "PairedDifference[]")]
    pub fn paired_differences(&self, a: &str, b: &str) -> Result<JsValue, JsError> {
        let rows = self.paired(a, b).map_err(|e| JsError::new(&e))?;
        Ok(super::types::paired(&rows))
    }

    /// The explorer figure for masks `a` and `b` as an SVG document of
    /// `width × height` pixels.
    #[wasm_bindgen(js_name = explorerSvg)]
    pub fn explorer_svg(
        &self,
        a: &str,
        b: &str,
        width: u32,
        height: u32,
    ) -> Result<String, JsError> {
        self.explorer_svg_string(a, b, width, height)
            .map_err(|e| JsError::new(&e))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_tick_next_to_zero_reads_zero() {
        assert_eq!(super::y_tick(-2.220446049250313e-16, 1.5), "0");
        assert_eq!(super::y_tick(-0.2, 1.5), "-0.2");
        assert_eq!(super::y_tick(1e-4, 1e-3), "1e-4");
    }
}

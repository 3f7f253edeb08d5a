//! Which figure is which, and the two surfaces they render to (canvas, SVG).

use crate::figures::{self, DrawResult, Lines};
use crate::lab::Lab;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Renders into an SVG string of `width × height`.
pub fn svg(
    width: u32,
    height: u32,
    f: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> DrawResult,
) -> Result<String, String> {
    let mut out = String::new();
    {
        let root =
            SVGBackend::with_string(&mut out, (width.clamp(100, 4000), height.clamp(100, 4000)))
                .into_drawing_area();
        f(&root)?;
        root.present()
            .map_err(|e| format!("drawing failed: {e:?}"))?;
    }
    Ok(out)
}

/// Renders into a canvas; the scale passed on is the device pixel ratio, so text
/// and lines keep their CSS size on HiDPI screens.
#[cfg(target_arch = "wasm32")]
pub fn canvas(
    canvas: &web_sys::HtmlCanvasElement,
    f: impl FnOnce(&DrawingArea<plotters_canvas::CanvasBackend, Shift>, f64) -> DrawResult,
) -> Result<(), String> {
    let scale = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .clamp(0.5, 4.0);
    let backend = plotters_canvas::CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or_else(|| "the canvas has no 2D context".to_string())?;
    let root = backend.into_drawing_area();
    f(&root, scale)?;
    root.present().map_err(|e| format!("drawing failed: {e:?}"))
}

/// The figure names a lab draws.
pub const LAB_FIGURES: [&str; 4] = ["fit", "prototypes", "losses", "metrics"];

/// Draws one of [`LAB_FIGURES`].
pub fn lab_figure<DB: DrawingBackend>(
    lab: &Lab,
    figure: &str,
    area: &DrawingArea<DB, Shift>,
    s: f64,
) -> DrawResult {
    match figure {
        "fit" => lab.with_view(|v| figures::draw_fit(area, v, s)),
        "prototypes" => lab.with_view(|v| figures::draw_prototypes(area, v, s)),
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

//! The two surfaces every figure renders to: an SVG string (export, native
//! tests, later the CLI) and the page's canvas. Figures are written once,
//! generic over plotters' `DrawingBackend`; only these functions pick one.

use super::DrawResult;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Renders into an SVG string of `width × height` (each clamped to 100–4000 px).
pub fn svg(
    width: u32,
    height: u32,
    f: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> DrawResult,
) -> Result<String, String> {
    // On wasm, plotters measures text with a canvas of the page's document:
    // without one (Node, a worker) it would panic, so say so instead.
    #[cfg(target_arch = "wasm32")]
    if web_sys::window().and_then(|w| w.document()).is_none() {
        return Err("drawing needs a browser page: text is measured with the document's canvas (in Node or a worker, use metrics() and csv(); the CLI draws figures natively)".into());
    }
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

/// `svg` with a provenance comment right inside its root element: the
/// protolab version and, when known, the config's link (docs/ARCHITECTURE.md#provenance).
pub fn with_provenance(svg: String, config: Option<&str>) -> String {
    let Some(end) = svg.find('>') else {
        return svg;
    };
    // `--` may not appear inside an XML comment.
    let config = config.map_or(String::new(), |c| {
        format!("; config: {}", c.replace("--", "- -"))
    });
    format!(
        "{}\n<!-- protolab {}{config} -->{}",
        &svg[..=end],
        protolab_core::VERSION,
        &svg[end + 1..]
    )
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

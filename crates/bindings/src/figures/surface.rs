//! The two surfaces every figure renders to: an SVG string (export, native
//! tests, the CLI) and the page's canvas. Figures are written once, generic
//! over plotters' `DrawingBackend`; only these functions pick one, and each
//! hands it over as a [`Surface`], so a figure is compiled once (not once per
//! backend) into the page's wasm.

use super::{DrawResult, FixedSvg, Surface};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Renders into an SVG string of `width × height` (each clamped to 100–4000
/// px), measuring text with the fixed metric of [`super::metric`] so the SVG
/// is the same natively and in the browser. Exports add [`with_provenance`].
pub fn svg(
    width: u32,
    height: u32,
    f: impl FnOnce(&DrawingArea<Surface, Shift>) -> DrawResult,
) -> Result<String, String> {
    // The page's contract (docs/package.md): figures need a browser page. The
    // SVG path no longer measures text with the DOM (the fixed metric), so
    // lifting this for Node and workers is possible; it is its own change,
    // with its package test (tests/package.mjs).
    #[cfg(target_arch = "wasm32")]
    if web_sys::window().and_then(|w| w.document()).is_none() {
        return Err("drawing needs a browser page (in Node or a worker, use metrics() and csv(); the CLI draws figures natively)".into());
    }
    let mut out = String::new();
    {
        let size = (width.clamp(100, 4000), height.clamp(100, 4000));
        let root =
            Surface::Fixed(FixedSvg(SVGBackend::with_string(&mut out, size))).into_drawing_area();
        f(&root)?;
        root.present()
            .map_err(|e| format!("drawing failed: {e:?}"))?;
    }
    Ok(out)
}

/// Lays a figure out as the page's canvas does (plotters' own text
/// measurement: the browser's on wasm) into a throwaway SVG of `width ×
/// height` (clamped as [`svg`]): where the page's points landed, for picking
/// with the pointer. Not an export, so not [`FixedSvg`].
pub fn layout(
    width: u32,
    height: u32,
    f: impl FnOnce(&DrawingArea<Surface, Shift>) -> DrawResult,
) -> DrawResult {
    #[cfg(target_arch = "wasm32")]
    if web_sys::window().and_then(|w| w.document()).is_none() {
        return Err(
            "laying out a figure needs a browser page: text is measured with the document's canvas"
                .into(),
        );
    }
    let mut sink = String::new();
    let size = (width.clamp(100, 4000), height.clamp(100, 4000));
    f(&Surface::Svg(SVGBackend::with_string(&mut sink, size)).into_drawing_area())
}

/// `svg` with a provenance comment right inside its root element: the
/// protolab version and, when known, the config's link (docs/ARCHITECTURE.md#provenance).
pub fn with_provenance(svg: String, config: Option<&str>) -> String {
    let Some(end) = svg.find('>') else {
        return svg;
    };
    // `--` may not appear inside an XML comment.
    let config = config.map_or(String::new(), |c| {
        let mut c = c.to_string();
        while c.contains("--") {
            c = c.replace("--", "- -"); // once leaves `---` as `- --`
        }
        format!("; config: {c}")
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
    f: impl FnOnce(&DrawingArea<Surface, Shift>, f64) -> DrawResult,
) -> Result<(), String> {
    let scale = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .clamp(0.5, 4.0);
    let backend = plotters_canvas::CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or_else(|| "the canvas has no 2D context".to_string())?;
    let root = Surface::Canvas(backend).into_drawing_area();
    f(&root, scale)?;
    root.present().map_err(|e| format!("drawing failed: {e:?}"))
}

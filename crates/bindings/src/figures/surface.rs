//! The two surfaces every figure renders to: an SVG string (export, native
//! tests, the CLI) and the page's canvas. Figures are written once, generic
//! over plotters' `DrawingBackend`; only these functions pick one.

use super::{DrawResult, FixedSvg};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Renders into an SVG string of `width × height` (each clamped to 100–4000
/// px), measuring text with the fixed metric of [`super::metric`] so the SVG
/// is the same natively and in the browser, and stamped with
/// [`provenance`]`(config)` right after the `<svg …>` tag.
pub fn svg(
    width: u32,
    height: u32,
    config: &str,
    f: impl FnOnce(&DrawingArea<FixedSvg, Shift>) -> DrawResult,
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
        let root = FixedSvg(SVGBackend::with_string(&mut out, size)).into_drawing_area();
        f(&root)?;
        root.present()
            .map_err(|e| format!("drawing failed: {e:?}"))?;
    }
    Ok(stamp(out, config))
}

/// The comments every SVG we write carries: the protolab version that drew it
/// and the config (a lab's link, or a description of the results) that made it.
pub fn provenance(config: &str) -> String {
    // `--` may not appear inside an XML comment.
    let config = config.replace("--", "-\u{2010}");
    format!(
        "<!-- protolab {} -->\n<!-- config: {config} -->\n",
        env!("CARGO_PKG_VERSION")
    )
}

/// Inserts [`provenance`] after the end of the opening `<svg …>` tag.
fn stamp(mut svg: String, config: &str) -> String {
    let at = svg
        .find("<svg")
        .and_then(|i| svg[i..].find('>').map(|j| i + j + 1));
    if let Some(at) = at {
        let insert = if svg[at..].starts_with('\n') {
            (at + 1, provenance(config))
        } else {
            (at, format!("\n{}", provenance(config)))
        };
        svg.insert_str(insert.0, &insert.1);
    }
    svg
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

#[cfg(test)]
mod tests {
    #[test]
    fn provenance_follows_the_svg_tag_and_escapes_comment_ends() {
        let out = super::stamp("<svg a=\"1\">\n<rect/>\n</svg>\n".into(), "v=1&x=--y");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "<svg a=\"1\">");
        assert!(lines[1].starts_with("<!-- protolab ") && lines[1].ends_with(" -->"));
        assert!(
            lines[2].starts_with("<!-- config: v=1&x=-")
                && !lines[2][4..lines[2].len() - 3].contains("--")
        );
        assert_eq!(lines[3], "<rect/>");
    }
}

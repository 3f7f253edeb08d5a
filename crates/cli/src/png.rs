//! PNGs without a browser: the figure's SVG rasterised by resvg, its text set
//! in DejaVu Sans embedded in the binary (the font whose widths the SVG's
//! layout used, `protolab_bindings` figures' metric; no system fonts are
//! needed). DejaVu's licence (Bitstream Vera, free): docs/figures.md.

use resvg::{tiny_skia, usvg};
use std::sync::{Arc, OnceLock};

/// PNGs are drawn at twice the SVG's size (sharp in print and on HiDPI screens).
pub const SCALE: f32 = 2.0;

/// The parsing options with DejaVu Sans as the only font (and as the generic
/// families), built once.
fn options() -> &'static usvg::Options<'static> {
    static OPTIONS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(dejavu::sans::regular().to_vec());
        db.load_font_data(dejavu::sans::bold().to_vec());
        db.set_sans_serif_family("DejaVu Sans");
        db.set_serif_family("DejaVu Sans");
        db.set_monospace_family("DejaVu Sans");
        usvg::Options {
            font_family: "DejaVu Sans".into(),
            fontdb: Arc::new(db),
            ..usvg::Options::default()
        }
    })
}

/// `svg` as PNG bytes at [`SCALE`]× its size, on its own (white) background.
pub fn rasterise(svg: &str) -> Result<Vec<u8>, String> {
    let tree = usvg::Tree::from_str(svg, options()).map_err(|e| format!("reading the SVG: {e}"))?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(SCALE)
        .ok_or("the figure is empty")?;
    let mut pixmap =
        tiny_skia::Pixmap::new(size.width(), size.height()).ok_or("the figure is too large")?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(SCALE, SCALE),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| format!("encoding the PNG: {e}"))
}

//! [`Surface`]: the one backend type every figure is drawn on.
//!
//! The figures are generic over plotters' `DrawingBackend`, and plotters'
//! charts, meshes and series are generic too: drawn on three backend types
//! (the SVG export's [`FixedSvg`], the layout's `SVGBackend`, the page's
//! `CanvasBackend`), all of it was compiled three times into the page's wasm.
//! `Surface` wraps the three in one type and hands every call to the one it
//! holds, unchanged, so each figure is compiled once and draws exactly what
//! it drew on the backend itself.

use super::FixedSvg;
use plotters::prelude::SVGBackend;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

/// A backend of the figures: the SVG export's, the layout's or the page's canvas.
pub enum Surface<'a> {
    /// An SVG document measuring text with the fixed metric (exports).
    Fixed(FixedSvg<'a>),
    /// plotters' SVG backend, text measured by plotters (the browser on
    /// wasm): where the page's canvas placed things.
    Svg(SVGBackend<'a>),
    /// The page's canvas.
    #[cfg(target_arch = "wasm32")]
    Canvas(plotters_canvas::CanvasBackend),
}

/// A backend's error, as its `Debug` text: `{e:?}` of a failed drawing reads
/// as it did on the backend itself.
pub struct SurfaceError(String);

impl std::fmt::Debug for SurfaceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Display for SurfaceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SurfaceError {}

type Error = DrawingErrorKind<SurfaceError>;

/// The inner backend's error as [`Surface`]'s.
fn lift<E: std::error::Error + Send + Sync>(e: DrawingErrorKind<E>) -> Error {
    match e {
        DrawingErrorKind::DrawingError(e) => {
            DrawingErrorKind::DrawingError(SurfaceError(format!("{e:?}")))
        }
        DrawingErrorKind::FontError(e) => DrawingErrorKind::FontError(e),
    }
}

/// `$body` with `$b` bound to the backend `$surface` holds.
macro_rules! each {
    ($surface:expr, $b:ident => $body:expr) => {
        match $surface {
            Surface::Fixed($b) => $body,
            Surface::Svg($b) => $body,
            #[cfg(target_arch = "wasm32")]
            Surface::Canvas($b) => $body,
        }
    };
}

impl DrawingBackend for Surface<'_> {
    type ErrorType = SurfaceError;

    fn get_size(&self) -> (u32, u32) {
        each!(self, b => b.get_size())
    }
    fn ensure_prepared(&mut self) -> Result<(), Error> {
        each!(self, b => b.ensure_prepared().map_err(lift))
    }
    fn present(&mut self) -> Result<(), Error> {
        each!(self, b => b.present().map_err(lift))
    }
    fn draw_pixel(&mut self, p: BackendCoord, color: BackendColor) -> Result<(), Error> {
        each!(self, b => b.draw_pixel(p, color).map_err(lift))
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), Error> {
        each!(self, b => b.draw_line(from, to, style).map_err(lift))
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Error> {
        each!(self, b => b.draw_rect(upper_left, bottom_right, style, fill).map_err(lift))
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Error> {
        each!(self, b => b.draw_path(path, style).map_err(lift))
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), Error> {
        each!(self, b => b.draw_circle(center, radius, style, fill).map_err(lift))
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), Error> {
        each!(self, b => b.fill_polygon(vert, style).map_err(lift))
    }
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), Error> {
        each!(self, b => b.draw_text(text, style, pos).map_err(lift))
    }
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), Error> {
        each!(self, b => b.estimate_text_size(text, style).map_err(lift))
    }
    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), Error> {
        each!(self, b => b.blit_bitmap(pos, size, src).map_err(lift))
    }
}

//! Helpers the browser test files share: reading JS objects and counting
//! the ink on a canvas.
#![allow(dead_code)]

use wasm_bindgen::{JsCast, JsValue};

/// `obj[key]`.
pub fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &key.into()).unwrap()
}

/// `obj[key]` as a number (panics, naming the key, when it is not one).
pub fn num(obj: &JsValue, key: &str) -> f64 {
    get(obj, key)
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number"))
}

/// A `w` × `h` canvas attached to the test page's body.
pub fn canvas(w: u32, h: u32) -> web_sys::HtmlCanvasElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let c: web_sys::HtmlCanvasElement = doc.create_element("canvas").unwrap().dyn_into().unwrap();
    c.set_width(w);
    c.set_height(h);
    doc.body().unwrap().append_child(&c).unwrap();
    c
}

/// Pixels of `c` that are drawn and not (near) white.
pub fn non_white_pixels(c: &web_sys::HtmlCanvasElement) -> usize {
    let ctx: web_sys::CanvasRenderingContext2d =
        c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    let data = ctx
        .get_image_data(0.0, 0.0, c.width() as f64, c.height() as f64)
        .unwrap()
        .data();
    data.chunks(4)
        .filter(|px| px[3] > 0 && (px[0] < 250 || px[1] < 250 || px[2] < 250))
        .count()
}

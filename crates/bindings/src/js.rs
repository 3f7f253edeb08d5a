//! Small helpers that turn core results into plain JS objects.

use protolab_core::Metrics;
use protolab_core::experiments::{CellStats, Finding, Progress};
use wasm_bindgen::JsValue;

/// Appends a metric sample, halving the history (every other sample kept)
/// once it holds more than `cap`, so long runs keep a bounded, even record.
pub fn push_thinned<T>(history: &mut Vec<T>, sample: T, cap: usize) {
    history.push(sample);
    if history.len() > cap {
        let mut k = 0;
        history.retain(|_| {
            k += 1;
            k % 2 == 1
        });
    }
}

/// A plain object built field by field.
pub struct Obj(js_sys::Object);

impl Obj {
    /// An empty object.
    pub fn new() -> Self {
        Self(js_sys::Object::new())
    }

    /// Sets `key` (setting a property on a fresh object cannot fail).
    pub fn set(self, key: &str, value: impl Into<JsValue>) -> Self {
        let _ = js_sys::Reflect::set(&self.0, &key.into(), &value.into());
        self
    }

    /// The finished object.
    pub fn done(self) -> JsValue {
        self.0.into()
    }
}

/// Metrics as `{step, recon, nearest, specialization, hullEscape, hullDistance, fit, loss: {...}}`.
pub fn metrics(m: &Metrics) -> JsValue {
    let loss = Obj::new()
        .set("fit", m.loss.fit)
        .set("coverage", m.loss.coverage)
        .set("separation", m.loss.separation)
        .set("overlap", m.loss.overlap)
        .set("total", m.loss.total)
        .done();
    Obj::new()
        .set("step", m.step as f64)
        .set("recon", m.recon)
        .set("nearest", m.nearest)
        .set("specialization", m.specialization)
        .set("hullEscape", m.hull_escape)
        .set("hullDistance", m.hull_distance)
        .set("fit", m.loss.fit)
        .set("loss", loss)
        .done()
}

/// Progress as `{runsDone, runsTotal, fraction, done}`.
pub fn progress(p: Progress, done: bool) -> JsValue {
    Obj::new()
        .set("runsDone", p.runs_done as f64)
        .set("runsTotal", p.runs_total as f64)
        .set("fraction", p.fraction)
        .set("done", done)
        .done()
}

fn mean_sd(m: protolab_core::experiments::MeanSd) -> JsValue {
    Obj::new()
        .set("mean", m.mean)
        .set("sd", m.sd)
        .set("count", m.count as f64)
        .done()
}

/// The summary cells as an array of objects.
pub fn cells(cells: &[CellStats]) -> JsValue {
    let arr = js_sys::Array::new();
    for c in cells {
        arr.push(
            &Obj::new()
                .set("mask", c.mask.name())
                .set("N", c.n as f64)
                .set("runs", c.runs as f64)
                .set("diverged", c.diverged as f64)
                .set("recon", mean_sd(c.recon))
                .set("nearest", mean_sd(c.nearest))
                .set("specialization", mean_sd(c.specialization))
                .set("hullEscape", mean_sd(c.hull_escape))
                .set("fit", mean_sd(c.fit))
                .done(),
        );
    }
    arr.into()
}

/// Findings as an array of `{id, claim, criterion, verdict, detail: [..]}`.
pub fn findings(findings: &[Finding]) -> JsValue {
    let arr = js_sys::Array::new();
    for f in findings {
        let detail = js_sys::Array::new();
        for d in &f.detail {
            detail.push(&JsValue::from_str(d));
        }
        arr.push(
            &Obj::new()
                .set("id", f.id)
                .set("claim", f.claim)
                .set("criterion", f.criterion)
                .set("verdict", f.verdict.label())
                .set("detail", detail)
                .done(),
        );
    }
    arr.into()
}

#[cfg(test)]
mod tests {
    use super::push_thinned;

    #[test]
    fn history_is_halved_past_its_cap_keeping_every_other_sample() {
        let mut h = Vec::new();
        for k in 0..5 {
            push_thinned(&mut h, k, 4);
        }
        assert_eq!(h, [0, 2, 4]);
        push_thinned(&mut h, 5, 4);
        assert_eq!(h, [0, 2, 4, 5]);
    }
}

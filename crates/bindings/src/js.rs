//! Small helpers that turn core results into plain JS objects, and the
//! TypeScript every lab shares: the objects stay plain (a worker posts them,
//! pages spread and stringify them), so their fields are declared in custom
//! sections of the generated `.d.ts` and named by each export's
//! `unchecked_return_type` — never `any`.

use protolab_core::experiments::Progress;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::*;

/// The TypeScript shared by every lab: the config a constructor takes and
/// the progress of a long run.
pub const TYPESCRIPT: &str = r#"
/** A lab's config: a URL hash string ("N=20&seed=3", a leading # optional), a plain
 * object with the same keys, or null / undefined for the defaults. */
export type LabConfig = string | Record<string, string | number | boolean> | null | undefined;

/** What `advance(budgetMs)` of a long run returns. */
export interface Progress {
  /** Runs finished. */
  runsDone: number;
  /** Runs in total (of this shard; once an experiment pulls, of all its workers). */
  runsTotal: number;
  /** Share of the work done, 0 … 1 (once pulling, of all its workers' work: theirs add up). */
  fraction: number;
  /** True when every run it has is finished. */
  done: boolean;
}
"#;

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT_SECTION: &str = TYPESCRIPT;

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

/// Progress as `{runsDone, runsTotal, fraction, done}`.
pub fn progress(p: Progress, done: bool) -> JsValue {
    Obj::new()
        .set("runsDone", p.runs_done as f64)
        .set("runsTotal", p.runs_total as f64)
        .set("fraction", p.fraction)
        .set("done", done)
        .done()
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

//! What every live lab handle and every long experiment share: stepping up to
//! the configured count in calls of bounded work (the core's [`Live`] driver
//! with a [`Budget::call`] each), reading a config given as a hash string or a
//! plain object, and advancing sweeps in time-budgeted slices.

use protolab_core::budget::Budget;
use protolab_core::{Live, Paced, Steps};
use wasm_bindgen::prelude::*;

/// A lab handle the page steps: it names its live run and how it records a
/// metric sample; the pacing is the same for every lab.
pub trait Stepped {
    /// The core's run inside the handle.
    type Run: Paced;
    /// The live run.
    fn live_mut(&mut self) -> &mut Live<Self::Run>;
    /// Records a metric sample for the curves.
    fn record(&mut self, sample: <Self::Run as Paced>::Sample);

    /// Takes up to `n` steps, not past the configured count, in one call of
    /// bounded work ([`Budget::call`]): a call may return fewer steps, or 0
    /// while a measurement or a long step is under way (then `isBusy()`).
    fn bounded_step(&mut self, n: u32) -> u32 {
        let live = self.live_mut();
        let left = live.target_steps().saturating_sub(live.steps_done());
        self.unbounded_step(u64::from(n).min(left))
    }

    /// Takes up to `n` steps, past the configured count too, in one call of
    /// bounded work; records the samples completed on the way.
    fn unbounded_step(&mut self, n: u64) -> u32 {
        let mut samples = Vec::new();
        let taken = self
            .live_mut()
            .advance(n, &mut Budget::call(), &mut |s| samples.push(s));
        for s in samples {
            self.record(s);
        }
        u32::try_from(taken).unwrap_or(u32::MAX)
    }
}

/// A config given to a constructor as a hash string (`"N=20&seed=3"`, `#`
/// optional), `undefined`/`null` (the defaults) or a plain object with the same keys.
pub fn config_string(config: &JsValue) -> Result<String, JsError> {
    if let Some(s) = config.as_string() {
        return Ok(s);
    }
    if config.is_undefined() || config.is_null() {
        return Ok(String::new());
    }
    if !config.is_object() {
        return Err(JsError::new(
            "a lab is made from a hash string or a config object",
        ));
    }
    let mut parts = Vec::new();
    for entry in js_sys::Object::entries(config.unchecked_ref()).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        let key = pair.get(0).as_string().unwrap_or_default();
        let value = pair.get(1);
        let text = value
            .as_string()
            .or_else(|| value.as_f64().map(|v| v.to_string()))
            .or_else(|| value.as_bool().map(|b| u8::from(b).to_string()))
            .unwrap_or_default();
        // Encoded as a link would be: `+`, `%`, `&` or `=` in a value stay the value.
        parts.push(format!(
            "{}={}",
            protolab_core::hash::encode(&key),
            protolab_core::hash::encode(&text)
        ));
    }
    Ok(parts.join("&"))
}

/// Calls `work(chunk)` (which returns true once everything is done) until it
/// is done or `budget_ms` has passed, tuning `chunk` so each call takes ~2–8 ms
/// and the budget is met closely.
pub fn advance_for(
    budget_ms: f64,
    chunk: &mut u64,
    min_chunk: u64,
    mut work: impl FnMut(u64) -> bool,
) {
    let start = js_sys::Date::now();
    loop {
        let t0 = js_sys::Date::now();
        let done = work(*chunk);
        let spent = js_sys::Date::now() - t0;
        if spent < 2.0 {
            *chunk = (*chunk * 2).min(1 << 32);
        } else if spent > 8.0 {
            *chunk = (*chunk / 2).max(min_chunk);
        }
        if done || js_sys::Date::now() - start >= budget_ms {
            break;
        }
    }
}

/// A long run advanced in slices of work units (an experiment, one worker's
/// shard of a sweep); its exported `advance`, `isDone` and `csv` are written
/// once by `runner_exports!`.
pub trait Sliced {
    /// The smallest slice (in work units) the tuning goes down to.
    const MIN_CHUNK: u64;
    /// The slice size tuned so far (kept across calls).
    fn chunk_mut(&mut self) -> &mut u64;
    /// Does about `units` units of work.
    fn work(&mut self, units: u64);
    /// `(runs done, runs in total)`.
    fn runs(&self) -> (usize, usize);
    /// Share of the work done.
    fn fraction(&self) -> f64;
    /// True when every run is finished.
    fn finished(&self) -> bool;
    /// One CSV row per finished run.
    fn csv_text(&self) -> String;

    /// Works for about `budget_ms`, tuning the slice size, and returns
    /// `{runsDone, runsTotal, fraction, done}`.
    fn advance_js(&mut self, budget_ms: f64) -> JsValue
    where
        Self: Sized,
    {
        let mut chunk = *self.chunk_mut();
        advance_for(budget_ms, &mut chunk, Self::MIN_CHUNK, |units| {
            self.work(units);
            self.finished()
        });
        *self.chunk_mut() = chunk;
        let (runs_done, runs_total) = self.runs();
        crate::js::progress(
            protolab_core::experiments::Progress {
                runs_done,
                runs_total,
                fraction: self.fraction(),
            },
            self.finished(),
        )
    }
}

/// The rows of several shards' CSVs, read with `parse`; the error names the
/// part (1-based) and what `parse` said.
pub fn merge_parts<T>(
    parts: &[String],
    parse: fn(&str) -> Result<Vec<T>, protolab_core::InputError>,
) -> Result<Vec<T>, String> {
    let mut rows = Vec::new();
    for (k, text) in parts.iter().enumerate() {
        rows.extend(parse(text).map_err(|e| format!("part {}: {e}", k + 1))?);
    }
    Ok(rows)
}

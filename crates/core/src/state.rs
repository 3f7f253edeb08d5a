//! The whole state of a run — config, data, weights, optimizer, step — as JSON
//! that imports back to the identical run (continuing it gives the same numbers).

use crate::data::Dataset;
use crate::hash;
use crate::nn::all_finite;
use crate::train::Trainer;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

/// The `format` tag of a state file.
pub const STATE_FORMAT: &str = "protolab-state";
/// The version of the state format this build reads and writes.
pub const STATE_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Optim {
    m: Vec<f64>,
    v: Vec<f64>,
    beta1_t: f64,
    beta2_t: f64,
}

#[derive(Serialize, Deserialize)]
struct StateFile {
    format: String,
    version: u32,
    /// The config as a URL hash (the same schema as links).
    config: String,
    x: Vec<f64>,
    y: Vec<f64>,
    params: Vec<f64>,
    adam: Optim,
    step: u64,
    initial_loss: Option<f64>,
}

impl Trainer {
    /// The run as JSON. A diverged run has nothing trustworthy to save.
    pub fn export_state(&self) -> Result<String, String> {
        if let Some(d) = self.divergence() {
            return Err(alloc::format!("cannot export a run that {d}"));
        }
        let (m, v, beta1_t, beta2_t) = self.optimizer().moments();
        let file = StateFile {
            format: STATE_FORMAT.to_string(),
            version: STATE_VERSION,
            config: hash::to_hash(self.config()),
            x: self.data().x.clone(),
            y: self.data().y.clone(),
            params: self.model().params.clone(),
            adam: Optim {
                m: m.to_vec(),
                v: v.to_vec(),
                beta1_t,
                beta2_t,
            },
            step: self.steps_done(),
            initial_loss: self.initial_loss(),
        };
        serde_json::to_string_pretty(&file)
            .map_err(|e| alloc::format!("cannot write the state: {e}"))
    }

    /// A run from JSON written by [`Trainer::export_state`]. Every part is
    /// checked (format, config, data, shapes, finiteness); errors say what is wrong.
    pub fn import_state(json: &str) -> Result<Trainer, String> {
        let file: StateFile = serde_json::from_str(json)
            .map_err(|e| alloc::format!("not a protolab state file: {e}"))?;
        if file.format != STATE_FORMAT {
            return Err(alloc::format!(
                "format is {:?}, expected {STATE_FORMAT:?}",
                file.format
            ));
        }
        if file.version != STATE_VERSION {
            return Err(alloc::format!(
                "state version {} is not one this build reads ({STATE_VERSION})",
                file.version
            ));
        }
        let (config, issues) = hash::from_hash(&file.config);
        if let Some(i) = issues.first() {
            return Err(alloc::format!("config: {}", i.message));
        }
        if file.x.len() != file.y.len() {
            return Err(alloc::format!(
                "data: {} inputs but {} targets",
                file.x.len(),
                file.y.len()
            ));
        }
        let points: Vec<(f64, f64)> = file.x.iter().copied().zip(file.y.iter().copied()).collect();
        let data = Dataset::from_points(&points).map_err(|e| alloc::format!("data: {e}"))?;
        if data.x != file.x {
            return Err("data: inputs must be sorted ascending".into());
        }
        let mut run =
            Trainer::with_data(config, data).map_err(|e| alloc::format!("config: {e}"))?;
        let n_params = run.model().params.len();
        if file.params.len() != n_params || !all_finite(&file.params) {
            return Err(alloc::format!(
                "params: expected {n_params} finite numbers (3N + 1), found {}",
                file.params.len()
            ));
        }
        if file.initial_loss.is_some_and(|l| !l.is_finite()) {
            return Err("initial_loss: not a finite number".into());
        }
        run.restore_parts(&file.params, file.step, file.initial_loss)?;
        run.optimizer_mut()
            .restore(
                &file.adam.m,
                &file.adam.v,
                file.adam.beta1_t,
                file.adam.beta2_t,
            )
            .map_err(|e| alloc::format!("adam: {e}"))?;
        Ok(run)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;

    #[test]
    fn export_import_continues_identically() {
        let mut a = Trainer::new(Config {
            n: 9,
            seed: 4,
            ..Config::default()
        })
        .unwrap();
        a.step(137);
        let json = a.export_state().unwrap();
        let mut b = Trainer::import_state(&json).unwrap();
        assert_eq!(b.steps_done(), 137);
        assert_eq!(b.metrics(), a.metrics());
        a.step(200);
        b.step(200);
        assert_eq!(a.model().params, b.model().params);
        assert_eq!(b.export_state().unwrap(), a.export_state().unwrap());
    }

    #[test]
    fn bad_state_files_are_refused_with_a_reason() {
        let a = Trainer::new(Config {
            n: 5,
            ..Config::default()
        })
        .unwrap();
        let good = a.export_state().unwrap();
        for (spoil, needle) in [
            (good.replace("protolab-state", "other"), "format"),
            (good.replace("\"version\": 1", "\"version\": 7"), "version"),
            (good.replace("N=5", "N=oops"), "config"),
            (
                good.replacen("\"params\": [", "\"params\": [1.0,", 1),
                "params",
            ),
            (String::from("{not json"), "not a protolab state file"),
        ] {
            let e = Trainer::import_state(&spoil).expect_err("must be refused");
            assert!(e.contains(needle), "{needle}: {e}");
        }
        let mut d = Trainer::new(Config {
            lr: 1e6,
            ..Config::default()
        })
        .unwrap();
        d.step(10);
        assert!(d.export_state().unwrap_err().contains("diverged"));
    }
}

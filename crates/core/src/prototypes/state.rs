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
    /// The protolab version that wrote the file (provenance only: any value,
    /// or none in files written before it was kept, is accepted on import).
    #[serde(default)]
    protolab: String,
    /// The config as a URL hash (the same schema as links).
    config: String,
    x: Vec<f64>,
    y: Vec<f64>,
    params: Vec<f64>,
    adam: Optim,
    step: u64,
    initial_loss: Option<f64>,
}

/// How far a saved `initial_loss` (or β power) may be from the value recomputed
/// here, relative. The browser's and native math libraries may differ in the
/// last bits of `exp`; anything beyond rounding means the file was edited.
const TOLERANCE: f64 = 1e-9;

impl Trainer {
    /// The run as JSON. A diverged run (or one whose next step would find it
    /// diverged) has nothing trustworthy to save.
    ///
    /// A run stepped past its configured count ("keep training") is saved with
    /// the count raised to the steps taken, so the file's config describes the
    /// run it holds and import can insist on `step ≤ steps`.
    pub fn export_state(&self) -> Result<String, crate::InputError> {
        self.export_state_text()
            .map_err(crate::InputError::of(crate::InputKind::State))
    }

    fn export_state_text(&self) -> Result<String, String> {
        if let Some(d) = self.divergence() {
            return Err(alloc::format!("cannot export a run that {d}"));
        }
        // The check import makes (weights whose loss already blew up are
        // caught at the next step): what is saved must import back. A copy,
        // because checking needs the objective's scratch buffers.
        self.clone()
            .check_health()
            .map_err(|d| alloc::format!("cannot export a run that {d}"))?;
        let mut config = self.config().clone();
        config.steps = config.steps.max(self.steps_done());
        config
            .validate()
            .map_err(|e| alloc::format!("cannot export this run: {e}"))?;
        let (m, v, beta1_t, beta2_t) = self.optimizer().moments();
        let file = StateFile {
            format: STATE_FORMAT.to_string(),
            version: STATE_VERSION,
            protolab: crate::VERSION.to_string(),
            config: hash::to_hash(&config),
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
    /// checked — format, config, data, shapes, finiteness, the step against the
    /// config, the optimizer and initial loss against the step, and that the
    /// run is not already diverged — and errors name the field that is wrong.
    pub fn import_state(json: &str) -> Result<Trainer, crate::InputError> {
        Self::import_state_text(json).map_err(crate::InputError::of(crate::InputKind::State))
    }

    fn import_state_text(json: &str) -> Result<Trainer, String> {
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
        let data = read_data(&file)?;
        // The trainer takes N from the data; a file whose config says otherwise
        // was edited, and which of the two is meant cannot be known.
        if config.n != data.len() {
            return Err(alloc::format!(
                "config: N={} but the data hold {} points",
                config.n,
                data.len()
            ));
        }
        if file.step > config.steps {
            return Err(alloc::format!(
                "step: {} is beyond the run's {} steps",
                file.step,
                config.steps
            ));
        }
        let mut run =
            Trainer::with_data(config, data).map_err(|e| alloc::format!("config: {e}"))?;
        // Every run starts from the seed's initial weights (`reset` goes back to
        // them), so the loss the divergence check compares against is known
        // exactly: recompute it rather than trust the file, where e.g. `1e300`
        // would switch the check off.
        let start_loss = run.loss_now().total;
        let initial_loss = match file.initial_loss {
            Some(l) if !l.is_finite() => {
                return Err("initial_loss: not a finite number".into());
            }
            Some(l) if !close(l, start_loss) => {
                return Err(alloc::format!(
                    "initial_loss: {l:e} is not the loss of this run's initial weights ({start_loss:e})"
                ));
            }
            Some(l) => Some(l),
            // Not yet recorded at step 0; otherwise fill in what the trainer saw.
            None => (file.step > 0).then_some(start_loss),
        };
        let n_params = run.model().params.len();
        for (name, values) in [
            ("params", &file.params),
            ("adam.m", &file.adam.m),
            ("adam.v", &file.adam.v),
        ] {
            if values.len() != n_params || !all_finite(values) {
                return Err(alloc::format!(
                    "{name}: expected {n_params} finite numbers (3N + 1), found {}",
                    values.len()
                ));
            }
        }
        if file.step == 0 {
            // A run at step 0 is its seed's start (export writes nothing else):
            // other weights would make its first step record a reference loss
            // other than the one recomputed above, other moments a different run.
            let start = &run.model().params;
            if !file.params.iter().zip(start).all(|(&a, &b)| close(a, b)) {
                return Err("params: at step 0 the weights must be the seed's initial ones".into());
            }
            if file.adam.m.iter().chain(&file.adam.v).any(|&x| x != 0.0) {
                return Err("adam: at step 0 the moments must be zero".into());
            }
        }
        run.restore_parts(&file.params, file.step, initial_loss)?;
        let adam = &file.adam;
        run.optimizer_mut()
            .restore(&adam.m, &adam.v, adam.beta1_t, adam.beta2_t)
            .map_err(|e| alloc::format!("adam: {e}"))?;
        let (b1, b2) = (run.optimizer().beta1, run.optimizer().beta2);
        check_power("adam.beta1_t", adam.beta1_t, b1, file.step)?;
        check_power("adam.beta2_t", adam.beta2_t, b2, file.step)?;
        // Export refuses a diverged run; import refuses one that would be
        // stopped at once (weights whose loss blew up, non-finite metrics).
        run.check_health()
            .map_err(|d| alloc::format!("params: the imported run {d}"))?;
        Ok(run)
    }
}

/// The file's data, checked: as many targets as inputs, finite, in range,
/// sorted (as every exported data set is).
fn read_data(file: &StateFile) -> Result<Dataset, String> {
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
    Ok(data)
}

/// True when `a` equals `b` up to [`TOLERANCE`] relative.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOLERANCE * b.abs().max(a.abs())
}

/// Checks a running β power against `β^step`. What a step uses is the bias
/// correction `1 − βᵗ`, so that is compared: powers that underflowed to 0 in a
/// long run match, and at step 0 the power must be exactly 1.
fn check_power(name: &str, value: f64, beta: f64, step: u64) -> Result<(), String> {
    let expected = libm::pow(beta, step as f64);
    let (got, want) = (1.0 - value, 1.0 - expected);
    if (got - want).abs() <= TOLERANCE * want {
        Ok(())
    } else {
        Err(alloc::format!(
            "{name}: {value:e} does not match step {step} (expected {expected:e})"
        ))
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
        // Provenance: the version and the config link are in the file; files
        // without the version (older ones) or with another still import.
        assert!(json.contains(&alloc::format!("\"protolab\": \"{}\"", crate::VERSION)));
        assert!(json.contains("\"config\": \"v=1&lab=prototypes"), "{json}");
        let old = json.replace(&alloc::format!("\"protolab\": \"{}\",", crate::VERSION), "");
        assert!(!old.contains("\"protolab\""));
        assert_eq!(Trainer::import_state(&old).unwrap().steps_done(), 137);
        let other = json.replace(crate::VERSION, "9.9.9");
        assert_eq!(Trainer::import_state(&other).unwrap().steps_done(), 137);
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
            assert!(e.message.contains(needle), "{needle}: {e}");
        }
        let mut d = Trainer::new(Config {
            lr: 1e6,
            ..Config::default()
        })
        .unwrap();
        d.step(10);
        assert!(d.export_state().unwrap_err().message.contains("diverged"));
    }
}

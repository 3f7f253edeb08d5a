//! Each lab's table of settings for the page: its controls take their
//! limits, help and "our choice" notes from the core, so the HTML repeats none.

use protolab_core::Config;
use protolab_core::abstraction::AbstractionConfig;
use protolab_core::capacity::CapacityConfig;
use protolab_core::latent::LatentConfig;
use protolab_core::schema::{Kind, Schema};
use wasm_bindgen::prelude::*;

/// One setting of a lab, as the page's controls need it.
#[wasm_bindgen(getter_with_clone)]
#[derive(Clone, Debug, PartialEq)]
pub struct SettingInfo {
    /// The key in links (`N`, `lamC`, `pair`, …).
    pub key: String,
    /// A short label.
    pub label: String,
    /// `"int"`, `"real"` or `"choice"`.
    pub kind: String,
    /// Smallest allowed value (ints and reals; 0 for choices).
    pub min: f64,
    /// Largest allowed value (ints and reals; `Infinity` when only the type
    /// bounds it, e.g. a seed).
    pub max: f64,
    /// The value spans decades (a learning rate, a temperature).
    pub log: bool,
    /// The names a choice accepts, as written in links (empty otherwise).
    pub choices: Vec<String>,
    /// Unit, if any.
    pub unit: String,
    /// One sentence of help.
    pub help: String,
    /// The default is our choice, not the paper's.
    #[wasm_bindgen(js_name = ourChoice)]
    pub our_choice: bool,
    /// The default as written in links.
    #[wasm_bindgen(js_name = defaultValue)]
    pub default_value: String,
    /// It chooses what the page shows, not what a run computes (the core's
    /// `Schema::VIEW_KEYS`): results made at another value still apply.
    pub view: bool,
}

fn infos<S: Schema>() -> Vec<SettingInfo> {
    let d = S::default();
    S::SETTINGS
        .iter()
        .map(|s| {
            let (kind, min, max, log, choices) = match s.kind {
                Kind::Int { min, max } => {
                    // Beyond 2^53 a JS number is not exact: such a bound is the type's.
                    let max = if max > (1 << 53) {
                        f64::INFINITY
                    } else {
                        max as f64
                    };
                    ("int", min as f64, max, false, Vec::new())
                }
                Kind::Real { min, max, log } => ("real", min, max, log, Vec::new()),
                Kind::Choice(names) => (
                    "choice",
                    0.0,
                    0.0,
                    false,
                    names.iter().map(|n| n.to_string()).collect(),
                ),
            };
            SettingInfo {
                key: s.key.into(),
                label: s.label.into(),
                kind: kind.into(),
                min,
                max,
                log,
                choices,
                unit: s.unit.into(),
                help: s.help.into(),
                our_choice: s.our_choice,
                default_value: s.format(d.get(s.key)),
                view: S::VIEW_KEYS.contains(&s.key),
            }
        })
        .collect()
}

/// The settings of the lab `lab` (`prototypes`, `abstraction`, `latent-field`
/// or `capacity`), in the order links write them.
#[wasm_bindgen]
pub fn settings(lab: &str) -> Result<Vec<SettingInfo>, JsError> {
    Ok(match lab {
        "prototypes" => infos::<Config>(),
        "abstraction" => infos::<AbstractionConfig>(),
        "latent-field" => infos::<LatentConfig>(),
        "capacity" => infos::<CapacityConfig>(),
        _ => return Err(JsError::new(&format!("{lab:?} is not a lab"))),
    })
}

/// The sizes of the experiments the page runs, as the core defines them
/// (the CLI uses the same): the worker builds its runs from these.
#[wasm_bindgen]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExperimentSizes {
    /// N of the τ-sweep.
    #[wasm_bindgen(js_name = sweepN)]
    pub sweep_n: u32,
    /// Seeds per τ of the τ-sweep.
    #[wasm_bindgen(js_name = sweepSeeds)]
    pub sweep_seeds: u32,
    /// N of the prototype-positions figure.
    #[wasm_bindgen(js_name = positionsN)]
    pub positions_n: u32,
    /// Seeds per λ of the page's λ-sweep.
    #[wasm_bindgen(js_name = lambdaSeeds)]
    pub lambda_seeds: u32,
    /// The F1 a width must exceed in the width sweep.
    #[wasm_bindgen(js_name = passF1)]
    pub pass_f1: f64,
}

/// The experiments' sizes (see [`ExperimentSizes`]).
#[wasm_bindgen(js_name = experimentSizes)]
pub fn experiment_sizes() -> ExperimentSizes {
    use protolab_core::{abstraction::sweep, capacity::sweep as widths, experiments};
    ExperimentSizes {
        sweep_n: experiments::SWEEP_N as u32,
        sweep_seeds: experiments::SWEEP_SEEDS as u32,
        positions_n: experiments::POSITIONS_N as u32,
        lambda_seeds: sweep::PAGE_SEEDS as u32,
        pass_f1: widths::PASS_F1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lab_has_its_table() {
        for lab in ["prototypes", "abstraction", "latent-field", "capacity"] {
            let s = settings(lab).unwrap_or_else(|_| panic!("{lab}"));
            assert!(s.len() >= 9, "{lab}");
            assert!(
                s.iter().all(|i| i.min <= i.max && !i.help.is_empty()),
                "{lab}"
            );
        }
        let p = settings("capacity").unwrap();
        let pair = p.iter().find(|s| s.key == "pair").unwrap();
        assert_eq!(pair.choices, ["0/1", "1/7", "5/6", "3/8", "4/9"]);
        assert_eq!(pair.default_value, "4/9");
        let seed = p.iter().find(|s| s.key == "seed").unwrap();
        assert_eq!(seed.max, f64::INFINITY);
    }
}

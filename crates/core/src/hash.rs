//! The URL-hash form of a [`Config`] (SPEC §5a): `v=1&lab=prototypes&N=20&…`.
//!
//! Decoding is forgiving in the way a shared link needs: unknown keys are
//! ignored (the page keeps its own, like `speed` or `embed`), and a bad value is
//! reported and replaced by its default, so a hand-edited link still opens.

use crate::config::{Config, Mask, Target, TauUnits, limits};
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt::Write;

/// The schema version written first in every hash.
pub const SCHEMA_VERSION: u32 = 1;

/// A value in a hash that could not be used.
#[derive(Clone, Debug, PartialEq)]
pub struct HashIssue {
    /// The key as written in the hash.
    pub key: String,
    /// What was wrong and what was used instead.
    pub message: String,
}

/// The config as a hash (without the leading `#`), every field written, `v=` first.
pub fn to_hash(c: &Config) -> String {
    let mut s = alloc::format!("v={SCHEMA_VERSION}&lab=prototypes");
    for (key, value) in c.pairs() {
        let _ = write!(s, "&{key}={value}");
    }
    s
}

/// Reads a lab's hash into a config: `set(config, key, value)` returns `None`
/// for a key the lab does not know (ignored), `Some(false)` for a value it
/// cannot parse; each parsed value is kept only if `validate` accepts the
/// result. Bad values are reported and the default kept, so the config is valid.
pub fn read_config<C: Clone>(
    hash: &str,
    default: C,
    set: impl Fn(&mut C, &str, &str) -> Option<bool>,
    validate: impl Fn(&C) -> Result<(), crate::ConfigError>,
) -> (C, Vec<HashIssue>) {
    let mut c = default;
    let mut issues = Vec::new();
    for (key, value) in pairs(hash) {
        let mut trial = c.clone();
        let message = match (set(&mut trial, key, value), validate(&trial)) {
            (None, _) => continue,
            (Some(true), Ok(())) => {
                c = trial;
                continue;
            }
            (Some(true), Err(e)) => {
                alloc::format!("{key}={value:?}: {}; using the default", e.message)
            }
            (Some(false), _) => {
                alloc::format!("{key}={value:?} is not a valid value; using the default")
            }
        };
        issues.push(HashIssue {
            key: key.into(),
            message,
        });
    }
    (c, issues)
}

/// Parses `value` into `slot`; false (slot untouched) when it does not parse.
pub fn parse_into<T: core::str::FromStr>(slot: &mut T, value: &str) -> bool {
    value.parse().map(|v| *slot = v).is_ok()
}

/// Splits `a=1&b=2` (an optional leading `#` is skipped) into key/value pairs.
pub fn pairs(hash: &str) -> impl Iterator<Item = (&str, &str)> {
    hash.trim_start_matches('#')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
}

/// Reads a config from a hash. Missing keys keep their defaults; unknown keys
/// are ignored; each bad value is listed in the issues and replaced by the
/// default. The result always validates.
pub fn from_hash(hash: &str) -> (Config, Vec<HashIssue>) {
    let defaults = Config::default();
    let mut c = defaults.clone();
    let mut issues = Vec::new();
    let mut bad = |key: &str, value: &str, why: &str| {
        issues.push(HashIssue {
            key: key.to_string(),
            message: alloc::format!("{key}={value:?} {why}; using the default"),
        });
    };
    for (key, value) in pairs(hash) {
        let value = value.trim();
        match key {
            "v" if value.parse::<u32>().ok() != Some(SCHEMA_VERSION) => {
                bad(key, value, "is not a schema version this page reads (1)");
            }
            "N" => match value.parse() {
                Ok(n) if (limits::N.0..=limits::N.1).contains(&n) => c.n = n,
                _ => bad(
                    key,
                    value,
                    &alloc::format!(
                        "is not a whole number in [{}, {}]",
                        limits::N.0,
                        limits::N.1
                    ),
                ),
            },
            "mask" => match Mask::parse(value) {
                Some(m) => c.mask = m,
                None => bad(key, value, "is not one of base, C, S, O, CS, CO, SO, CSO"),
            },
            "target" => match Target::parse(value) {
                Some(t) => c.target = t,
                None => bad(key, value, "is not one of random, sine, step"),
            },
            "tauUnits" => match TauUnits::parse(value) {
                Some(u) => c.tau_units = u,
                None => bad(key, value, "is not abs or spacing"),
            },
            "steps" => match value.parse() {
                Ok(s) if s <= limits::STEPS => c.steps = s,
                _ => bad(
                    key,
                    value,
                    &alloc::format!("is not a whole number up to {}", limits::STEPS),
                ),
            },
            "seed" => match value.parse() {
                Ok(s) => c.seed = s,
                _ => bad(key, value, "is not a whole number in [0, 2^64)"),
            },
            "lamC" | "lamS" | "lamO" | "tauC" | "tauS" | "lr" => {
                let (slot, range) = match key {
                    "lamC" => (&mut c.lambda_c, limits::LAMBDA),
                    "lamS" => (&mut c.lambda_s, limits::LAMBDA),
                    "lamO" => (&mut c.lambda_o, limits::LAMBDA),
                    "tauC" => (&mut c.tau_c, limits::TAU),
                    "tauS" => (&mut c.tau_s, limits::TAU),
                    _ => (&mut c.lr, limits::LR),
                };
                match value.parse::<f64>() {
                    Ok(x) if x.is_finite() && x >= range.0 && x <= range.1 => *slot = x,
                    _ => bad(
                        key,
                        value,
                        &alloc::format!("is not a number in [{}, {}]", range.0, range.1),
                    ),
                }
            }
            _ => {}
        }
    }
    debug_assert!(c.validate().is_ok());
    (c, issues)
}

/// User data in a hash: `pts=x1:y1,x2:y2,…` (shortest round-trip numbers).
pub fn points_to_hash(data: &crate::data::Dataset) -> String {
    let mut s = String::from("pts=");
    for (k, (x, y)) in data.x.iter().zip(&data.y).enumerate() {
        let _ = write!(s, "{}{x}:{y}", if k > 0 { "," } else { "" });
    }
    s
}

/// The user points of a hash, if it has a `pts` key: `None` without one,
/// `Some(Err)` naming the bad point when it cannot be read.
pub fn points_from_hash(hash: &str) -> Option<Result<crate::data::Dataset, String>> {
    let (_, value) = pairs(hash).find(|(k, _)| *k == "pts")?;
    let mut points = Vec::new();
    for (k, item) in value.split(',').filter(|s| !s.is_empty()).enumerate() {
        let parsed = item.split_once(':').and_then(|(x, y)| {
            Some((x.trim().parse::<f64>().ok()?, y.trim().parse::<f64>().ok()?))
        });
        match parsed {
            Some(p) => points.push(p),
            None => {
                return Some(Err(alloc::format!(
                    "pts: point {} ({item:?}) is not x:y",
                    k + 1
                )));
            }
        }
    }
    if points.len() > limits::N.1 {
        return Some(Err(alloc::format!("pts: more than {} points", limits::N.1)));
    }
    Some(crate::data::Dataset::from_points(&points).map_err(|e| alloc::format!("pts: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_field() {
        let c = Config {
            n: 37,
            mask: Mask::parse("SO").unwrap(),
            target: Target::Sine,
            lambda_c: 0.25,
            lambda_s: 3.0,
            lambda_o: 0.1,
            tau_c: 0.0123,
            tau_s: 4.5e-5,
            tau_units: TauUnits::Absolute,
            lr: 0.007,
            steps: 1234,
            seed: u64::MAX,
        };
        let h = to_hash(&c);
        assert!(h.starts_with("v=1&"));
        assert_eq!(from_hash(&h), (c.clone(), Vec::new()));
        assert_eq!(from_hash(&alloc::format!("#{h}")).0, c);
    }

    #[test]
    fn user_points_round_trip_and_bad_ones_are_named() {
        let d = crate::data::Dataset::from_points(&[(0.25, -1.0), (-0.5, 0.125)]).unwrap();
        let h = alloc::format!("N=2&{}", points_to_hash(&d));
        assert_eq!(points_from_hash(&h), Some(Ok(d)));
        assert_eq!(points_from_hash("N=3"), None);
        let e = points_from_hash("pts=0:1,zz").unwrap().unwrap_err();
        assert!(e.contains("point 2"), "{e}");
        assert!(points_from_hash("pts=0:NaN").unwrap().is_err());
    }

    #[test]
    fn the_spec_example_opens() {
        let (c, issues) = from_hash(
            "#v=1&lab=prototypes&N=20&mask=CS&lamC=1&lamS=1&lamO=1&tauC=0.01&tauS=0.001&lr=0.03&seed=7",
        );
        assert!(issues.is_empty());
        assert_eq!((c.n, c.mask.name(), c.seed, c.tau_c), (20, "CS", 7, 0.01));
    }

    #[test]
    fn bad_values_are_reported_and_replaced_unknown_keys_ignored() {
        let (c, issues) =
            from_hash("v=1&N=-5&lr=NaN&mask=Q&seed=abc&tauS=1e99&steps=1e3&speed=9&embed=1&junk");
        let keys: Vec<&str> = issues.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, ["N", "lr", "mask", "seed", "tauS", "steps"]);
        let d = Config::default();
        assert_eq!(
            (c.n, c.lr, c.mask, c.seed, c.tau_s, c.steps),
            (d.n, d.lr, d.mask, d.seed, d.tau_s, d.steps)
        );
        assert!(issues[0].message.contains("N=\"-5\"") && issues[0].message.contains("default"));
        assert!(c.validate().is_ok());
        assert_eq!(from_hash("v=2").1.len(), 1);
    }
}

//! The Prototype Lab's links: its config by the shared rules of
//! [`crate::hash`] and its table of settings, plus the user's own points
//! (`pts=x1:y1,x2:y2,…`).

use super::config::{Config, limits};
use super::data::Dataset;
use crate::hash::{HashIssue, pairs};
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

/// The config as a hash (without the leading `#`), every field written, `v=` first.
pub fn to_hash(c: &Config) -> String {
    crate::schema::write_hash(c)
}

/// Reads a Prototype Lab config from a hash by the rules of [`crate::hash::read_config`].
/// Missing keys keep their defaults; the result always validates.
pub fn from_hash(hash: &str) -> (Config, Vec<HashIssue>) {
    crate::schema::read_hash(hash)
}

/// User data in a hash: `pts=x1:y1,x2:y2,…` (shortest round-trip numbers).
pub fn points_to_hash(data: &Dataset) -> String {
    let mut s = String::from("pts=");
    for (k, (x, y)) in data.x.iter().zip(&data.y).enumerate() {
        let _ = write!(s, "{}{x}:{y}", if k > 0 { "," } else { "" });
    }
    s
}

/// The user points of a hash, if it has a `pts` key: `None` without one,
/// `Some(Err)` naming the bad point when it cannot be read.
pub fn points_from_hash(hash: &str) -> Option<Result<Dataset, String>> {
    let (_, value) = pairs(hash).find(|(k, _)| k == "pts")?;
    let mut points = Vec::new();
    for (k, item) in value
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .enumerate()
    {
        if points.len() == limits::N.1 {
            return Some(Err(alloc::format!("pts: more than {} points", limits::N.1)));
        }
        let parsed = item.split_once(':').and_then(|(x, y)| {
            Some((x.trim().parse::<f64>().ok()?, y.trim().parse::<f64>().ok()?))
        });
        match parsed {
            Some(p) => points.push(p),
            None => {
                // A hostile link may hold megabytes in one item: quote its start.
                let shown: String = item.chars().take(40).collect();
                let more = if shown.len() < item.len() { "…" } else { "" };
                return Some(Err(alloc::format!(
                    "pts: point {} ({shown:?}{more}) is not x:y",
                    k + 1
                )));
            }
        }
    }
    Some(Dataset::from_points(&points).map_err(|e| alloc::format!("pts: {e}")))
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Mask, Target, TauUnits};
    use crate::hash::encode;

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
            compare: Some(Mask::parse("C").unwrap()),
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

    #[test]
    fn percent_encoded_and_plus_values_are_decoded() {
        let (c, issues) = from_hash("v=1&N=%2031+&mask=C%53&lr=3e-2&%74arget=sine");
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!((c.n, c.mask.name(), c.target), (31, "CS", Target::Sine));
        let d = crate::data::Dataset::from_points(&[(-0.5, 0.25), (0.0, 0.5)]).unwrap();
        assert_eq!(
            points_from_hash("pts=-0.5%3A0.25%2C0%3A0.5"),
            Some(Ok(d.clone()))
        );
        assert_eq!(
            points_from_hash(&encode_hash(&points_to_hash(&d))),
            Some(Ok(d))
        );
    }

    #[test]
    fn unknown_versions_are_named_and_the_link_still_opens() {
        let (c, issues) = from_hash("v=7&N=12");
        assert_eq!(c.n, 12);
        assert_eq!(issues.len(), 1);
        assert!(issues[0].message.contains("v=\"7\"") && issues[0].message.contains("v=1"));
        assert!(from_hash("v=%31&N=12").1.is_empty());
    }

    /// Encodes every key and value of a hash as `URLSearchParams` would.
    fn encode_hash(h: &str) -> String {
        h.split('&')
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                alloc::format!("{}={}", encode(k), encode(v))
            })
            .collect::<Vec<_>>()
            .join("&")
    }
}

//! The URL-hash form of every lab's config (docs/ARCHITECTURE.md#links): `v=1&lab=prototypes&N=20&…`.
//!
//! One reader for all labs, with the same rules everywhere:
//! - keys and values are decoded as `application/x-www-form-urlencoded`
//!   (`%XX` escapes and `+` for a space), exactly what the page's
//!   `URLSearchParams` writes, then trimmed;
//! - `v=` is the schema version: a version this build does not read is
//!   reported, and the link is read as the current version;
//! - unknown keys are ignored (the page keeps its own, like `speed` or
//!   `embed`), and a bad value is reported and replaced by its default, so a
//!   hand-edited link still opens and the config always validates.
//!
//! The core writes hashes with plain characters (`pair=4/9`, `pts=0.5:1,…`);
//! the page may percent-encode them: both read back to the same config.

use crate::config::{Config, limits};
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

/// The schema version written first in every hash.
pub const SCHEMA_VERSION: u32 = 1;

/// A value in a hash that could not be used.
#[derive(Clone, Debug, PartialEq)]
pub struct HashIssue {
    /// The key as written in the hash (decoded).
    pub key: String,
    /// What was wrong and what was used instead.
    pub message: String,
}

/// The config as a hash (without the leading `#`), every field written, `v=` first.
pub fn to_hash(c: &Config) -> String {
    crate::schema::write_hash(c)
}

/// Decodes one key or value of a hash as `application/x-www-form-urlencoded`:
/// `+` is a space and `%XX` a byte; a `%` not followed by two hex digits is
/// kept as it is (as `URLSearchParams` does), and bytes that are not UTF-8
/// become U+FFFD.
pub fn decode(s: &str) -> String {
    if !s.contains(['%', '+']) {
        return s.into();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let hex = |k: usize| bytes.get(k).and_then(|c| (*c as char).to_digit(16));
        match (b, hex(i + 1), hex(i + 2)) {
            (b'+', ..) => out.push(b' '),
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 2;
            }
            _ => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Encodes a key or value as the page's `URLSearchParams.toString()` does:
/// ASCII letters, digits and `*-._` stay, a space becomes `+`, every other
/// byte of the UTF-8 form becomes `%XX`. [`decode`] inverts it.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// Splits `a=1&b=2` (an optional leading `#` is skipped) into decoded,
/// trimmed key/value pairs; a part without `=` has an empty value.
pub fn pairs(hash: &str) -> impl Iterator<Item = (String, String)> + '_ {
    hash.trim_start_matches('#')
        .split('&')
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k).trim().into(), decode(v).trim().into())
        })
}

/// The issue for a `v=` this build does not read, if `value` is one.
fn version_issue(value: &str) -> Option<HashIssue> {
    (value.parse::<u32>().ok() != Some(SCHEMA_VERSION)).then(|| HashIssue {
        key: "v".into(),
        message: alloc::format!(
            "v={value:?} is not a schema version this page reads (it reads v={SCHEMA_VERSION}); \
             the link was read as v={SCHEMA_VERSION}"
        ),
    })
}

/// Reads a lab's hash into a config, by the rules of this module:
/// `set(config, key, value)` returns `None` for a key the lab does not know
/// (ignored), `Some(false)` for a value it cannot parse; each parsed value is
/// kept only if `validate` accepts the result. Bad values are reported and
/// the default kept, so the config is valid.
pub fn read_config<C: Clone>(
    hash: &str,
    default: C,
    set: impl Fn(&mut C, &str, &str) -> Option<bool>,
    validate: impl Fn(&C) -> Result<(), crate::ConfigError>,
) -> (C, Vec<HashIssue>) {
    let mut c = default;
    let mut issues = Vec::new();
    for (key, value) in pairs(hash) {
        if key == "v" {
            issues.extend(version_issue(&value));
            continue;
        }
        let mut trial = c.clone();
        let message = match (set(&mut trial, &key, &value), validate(&trial)) {
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
        issues.push(HashIssue { key, message });
    }
    (c, issues)
}

/// Parses `value` into `slot`; false (slot untouched) when it does not parse.
pub fn parse_into<T: core::str::FromStr>(slot: &mut T, value: &str) -> bool {
    value.parse().map(|v| *slot = v).is_ok()
}

/// Reads a Prototype Lab config from a hash by the rules of [`read_config`].
/// Missing keys keep their defaults; the result always validates.
pub fn from_hash(hash: &str) -> (Config, Vec<HashIssue>) {
    crate::schema::read_hash(hash)
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
    Some(crate::data::Dataset::from_points(&points).map_err(|e| alloc::format!("pts: {e}")))
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Mask, Target, TauUnits};

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
    fn decode_keeps_broken_escapes_and_replaces_bad_utf8() {
        assert_eq!(decode("a%zz%4"), "a%zz%4");
        assert_eq!(decode("%41+b%2b"), "A b+");
        assert_eq!(decode("%FF"), "\u{FFFD}");
        assert_eq!(decode("%E2%9C%93"), "✓");
        for s in ["4/9", "x:y,z", "a b+c", "∂τ=1&2", "%"] {
            assert_eq!(decode(&encode(s)), s);
        }
        assert_eq!(encode("0/1 x"), "0%2F1+x");
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

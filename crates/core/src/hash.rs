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

// The Prototype Lab's link functions lived here before the labs had folders.
pub use crate::prototypes::links::{from_hash, points_from_hash, points_to_hash, to_hash};

#[cfg(test)]
mod tests {
    use super::*;

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
}

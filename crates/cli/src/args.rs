//! Hand-rolled flag parsing: `--key value` or `--key=value`, keys as in the page's URL.

use protolab_core::{Config, Mask, Target, TauUnits};
use std::collections::BTreeMap;

/// Parsed flags and positional arguments.
pub struct Args {
    flags: BTreeMap<String, String>,
    switches: Vec<String>,
    /// Arguments that are not flags (file names for `merge`).
    pub positional: Vec<String>,
}

/// Flags that take no value.
const SWITCHES: [&str; 4] = ["no-sweep", "quiet", "help", "quick"];

impl Args {
    /// Splits `args` (without the program and command names) into flags and positionals.
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut flags = BTreeMap::new();
        let mut switches = Vec::new();
        let mut positional = Vec::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if let Some(key) = a.strip_prefix("--") {
                if SWITCHES.contains(&key) {
                    switches.push(key.to_string());
                } else if let Some((k, v)) = key.split_once('=') {
                    flags.insert(k.to_string(), v.to_string());
                } else {
                    let v = it.next().ok_or_else(|| format!("--{key} needs a value"))?;
                    flags.insert(key.to_string(), v.clone());
                }
            } else {
                positional.push(a.clone());
            }
        }
        Ok(Self {
            flags,
            switches,
            positional,
        })
    }

    /// True when `--name` was given.
    pub fn switch(&self, name: &str) -> bool {
        self.switches.iter().any(|s| s == name)
    }

    /// True when `--key` was given with a value (and not yet taken).
    pub fn has(&self, key: &str) -> bool {
        self.flags.contains_key(key)
    }

    /// Removes and returns a raw flag value.
    pub fn take(&mut self, key: &str) -> Option<String> {
        self.flags.remove(key)
    }

    /// Removes and parses a flag, naming it in the error.
    pub fn take_parsed<T: std::str::FromStr>(&mut self, key: &str) -> Result<Option<T>, String> {
        match self.flags.remove(key) {
            None => Ok(None),
            Some(v) => v
                .parse()
                .map(Some)
                .map_err(|_| format!("--{key}: cannot read {v:?}")),
        }
    }

    /// Removes a comma-separated list flag.
    pub fn take_list<T: std::str::FromStr>(&mut self, key: &str) -> Result<Option<Vec<T>>, String> {
        match self.flags.remove(key) {
            None => Ok(None),
            Some(v) => v
                .split(',')
                .map(|s| {
                    s.trim()
                        .parse()
                        .map_err(|_| format!("--{key}: cannot read {s:?} in {v:?}"))
                })
                .collect::<Result<Vec<T>, String>>()
                .map(Some),
        }
    }

    /// Reads the run-config flags over the defaults and validates the result.
    pub fn take_config(&mut self) -> Result<Config, String> {
        let mut c = Config::default();
        if let Some(v) = self.take_parsed("N")? {
            c.n = v;
        }
        if let Some(m) = self.take("mask") {
            c.mask = Mask::parse(&m).ok_or_else(|| {
                format!("--mask: {m:?} is not one of base, C, S, O, CS, CO, SO, CSO")
            })?;
        }
        if let Some(t) = self.take("target") {
            c.target = Target::parse(&t)
                .ok_or_else(|| format!("--target: {t:?} is not one of random, sine, step"))?;
        }
        for (key, slot) in [
            ("lamC", &mut c.lambda_c),
            ("lamS", &mut c.lambda_s),
            ("lamO", &mut c.lambda_o),
            ("tauC", &mut c.tau_c),
            ("tauS", &mut c.tau_s),
            ("lr", &mut c.lr),
        ] {
            if let Some(v) = self.take_parsed(key)? {
                *slot = v;
            }
        }
        if let Some(u) = self.take("tauUnits") {
            c.tau_units = TauUnits::parse(&u)
                .ok_or_else(|| format!("--tauUnits: {u:?} is not abs or spacing"))?;
        }
        if let Some(v) = self.take_parsed("steps")? {
            c.steps = v;
        }
        if let Some(v) = self.take_parsed("seed")? {
            c.seed = v;
        }
        c.validate().map_err(|e| format!("--{e}"))?;
        Ok(c)
    }

    /// Fails on any flag nobody took (a typo should not be silently ignored).
    pub fn finish(self) -> Result<Vec<String>, String> {
        match self.flags.keys().next() {
            Some(k) => Err(format!("unknown flag --{k} (see `protolab help`)")),
            None => Ok(self.positional),
        }
    }
}

//! The flags a command was given (keys as in the page's URL), as clap matched
//! them (`cli::to_args`), with the readers the commands take them by.

use protolab_core::Config;
use protolab_core::schema::{self, Schema};
use std::collections::BTreeMap;

/// Parsed flags and positional arguments.
pub struct Args {
    flags: BTreeMap<String, String>,
    switches: Vec<String>,
    /// Arguments that are not flags (file names for `merge`).
    pub positional: Vec<String>,
}

impl Args {
    /// Flags (`key`, value), switches given and positionals, as clap matched them.
    pub fn from_parts(
        flags: Vec<(String, String)>,
        switches: Vec<String>,
        positional: Vec<String>,
    ) -> Self {
        Self {
            flags: flags.into_iter().collect(),
            switches,
            positional,
        }
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
        // `compare` is the page's side-by-side view (docs/labs/prototypes.md#compare):
        // a run here would silently ignore it, so it is refused.
        if self.flags.contains_key("compare") {
            return Err(
                "--compare is the page's side-by-side view; run the other mask with --mask (same --seed and --N give the same data and initial network)".into(),
            );
        }
        self.take_settings::<Config>()
    }

    /// Reads a lab's settings from the flags named after its table of
    /// settings (the link keys: `--N`, `--lamC`, `--pair`, …) over the defaults,
    /// strictly: a bad value is an error naming its flag.
    pub fn take_settings<S: Schema>(&mut self) -> Result<S, String> {
        let given: Vec<(&str, String)> = S::SETTINGS
            .iter()
            .filter_map(|s| Some((s.key, self.flags.remove(s.key)?)))
            .collect();
        schema::read_strict::<S>(given.iter().map(|(k, v)| (*k, v.as_str())))
            .map_err(|e| format!("--{e}"))
    }

    /// Fails on any flag nobody took (a typo should not be silently ignored).
    pub fn finish(self) -> Result<Vec<String>, String> {
        match self.flags.keys().next() {
            Some(k) => Err(format!("unknown flag --{k} (see `protolab help`)")),
            None => Ok(self.positional),
        }
    }
}

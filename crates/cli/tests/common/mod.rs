//! Helpers shared by the CLI's test files: run the binary in a scratch folder.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the binary with `args` in `dir`.
pub fn protolab(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_protolab"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run protolab")
}

/// A fresh scratch folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("protolab-labs-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Stdout and stderr together.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

pub fn ok(args: &[&str], dir: &Path) -> String {
    let o = protolab(args, dir);
    assert!(o.status.success(), "{args:?}: {}", text(&o));
    text(&o)
}

pub fn read(dir: &Path, f: &str) -> String {
    std::fs::read_to_string(dir.join(f)).unwrap()
}

/// Data lines (no provenance), wall-time columns removed by `wall` when set.
pub fn data_lines(csv: &str) -> Vec<&str> {
    csv.lines().filter(|l| !l.starts_with('#')).collect()
}

//! The citation and licence files say what Cargo.toml says: one version, one licence.

// Native only: the browser tests of this package cannot read files.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

fn read(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The value of a top-level `key: "value"` line of CITATION.cff.
fn cff_field(cff: &str, key: &str) -> Option<String> {
    cff.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .map(|v| v.trim().trim_matches('"').to_string())
}

#[test]
fn citation_names_this_version_and_the_paper() {
    let cff = read("CITATION.cff");
    assert_eq!(cff_field(&cff, "cff-version").as_deref(), Some("1.2.0"));
    assert_eq!(
        cff_field(&cff, "version").as_deref(),
        Some(env!("CARGO_PKG_VERSION")),
        "CITATION.cff's version must follow the workspace version"
    );
    assert!(
        cff.contains("arXiv:2605.25939"),
        "the reproduced paper is a reference"
    );
}

#[test]
fn licence_files_match_the_declared_licence() {
    let manifest = read("Cargo.toml");
    assert!(manifest.contains(r#"license = "MIT OR Apache-2.0""#));
    assert!(read("LICENSE-MIT").starts_with("MIT License"));
    let apache = read("LICENSE-APACHE");
    assert!(apache.contains("Apache License") && apache.contains("Version 2.0, January 2004"));
    let cff = read("CITATION.cff");
    assert!(cff.contains("- MIT") && cff.contains("- Apache-2.0"));
}

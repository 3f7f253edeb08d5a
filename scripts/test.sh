#!/usr/bin/env bash
# Sets up what the test suite needs (when missing) and runs all of it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_rust

log "format"
cargo fmt --all --check </dev/null
log "clippy (workspace, all targets)"
cargo clippy --workspace --all-targets -- -D warnings
log "clippy (core without std)"
cargo clippy -p protolab-core --no-default-features -- -D warnings
log "native tests"
cargo test --workspace
log "core builds without std for wasm32"
cargo build -p protolab-core --no-default-features --target wasm32-unknown-unknown
log "all checks passed"

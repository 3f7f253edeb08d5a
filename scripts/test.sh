#!/usr/bin/env bash
# Sets up what the test suite needs (when missing) and runs all of it:
# formatting, lints, native tests, the no_std build of the core, the browser
# tests (wasm-pack, headless Chrome), the generated TypeScript declarations and
# the end-to-end test of the built page.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_rust
ensure_chromium
ensure_node_modules
ensure_wasm_tools trunk wasm-pack

log "format"
cargo fmt --all --check </dev/null
log "clippy (workspace, all targets; bindings and browser tests for wasm32)"
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p protolab-bindings --tests --target wasm32-unknown-unknown -- -D warnings
cargo clippy --tests --target wasm32-unknown-unknown -- -D warnings  # the browser tests
log "clippy (core without std)"
cargo clippy -p protolab-core --no-default-features -- -D warnings
log "docs build without warnings (cargo doc -D warnings)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --workspace
log "native tests"
cargo test --workspace
log "core builds without std for wasm32"
cargo build -p protolab-core --no-default-features --target wasm32-unknown-unknown
log "the front end's lab registry, page and modules agree (tests/e2e/registry.mjs)"
node tests/e2e/registry.mjs
log "browser tests (wasm-pack test --headless --chrome)"
wasm-pack test --headless --chrome
log "build the page and test it end to end in headless Chromium"
trunk build --release
log "the generated TypeScript names every result's fields (scripts/types.sh)"
scripts/types.sh
node tests/e2e/page.mjs
log "every control of every lab survives its link (tests/e2e/links.mjs)"
node tests/e2e/links.mjs
log "compare mode and the unit inspector (tests/e2e/compare.mjs)"
node tests/e2e/compare.mjs
log "the study explorer (tests/e2e/explorer.mjs)"
node tests/e2e/explorer.mjs
log "all checks passed"

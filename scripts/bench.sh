#!/usr/bin/env bash
# The benchmark: native training speed and study wall time, then the wasm
# build's speed in headless Chromium (bare and while the page animates).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_rust
ensure_chromium
ensure_node_modules
ensure_wasm_tools trunk
cargo run --release -q -p protolab-cli -- bench
log "wasm in headless Chromium"
trunk build --release >/dev/null 2>&1 || trunk build --release
node tests/e2e/bench.mjs

#!/usr/bin/env bash
# Builds the npm package into pkg/: the bindings as an ES module (wasm-bindgen
# --target web, size-optimised with binaryen's wasm-opt), their TypeScript
# declarations, a package.json (scripts/package.mjs: name, version from
# Cargo.toml, licence, `types`, exports) and the licence files. Then checks it:
# `npm pack --dry-run` lists the files, and tests/package.mjs type-checks the
# example host (examples/host/) and the API reference's snippets
# (docs/api.md) against the declarations, and runs the host in Node.
# Usage: ./scripts/package.sh [--no-check]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_rust
ensure_node_modules
ensure_wasm_tools

log "npm package: building pkg/"
cargo build --release -p protolab-bindings --target wasm32-unknown-unknown </dev/null
rm -rf pkg
wasm-bindgen --target web --out-dir pkg --out-name protolab \
  target/wasm32-unknown-unknown/release/protolab_bindings.wasm
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals pkg/protolab_bg.wasm -o pkg/protolab_bg.wasm
node scripts/package.mjs pkg
cp LICENSE-MIT LICENSE-APACHE pkg/
cp docs/package.md pkg/README.md

[ "${1:-}" = "--no-check" ] && exit 0
log "npm package: checks"
npm pack --dry-run --json ./pkg > target/pkg-files.json
node tests/package.mjs pkg target/pkg-files.json

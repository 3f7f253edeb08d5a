#!/usr/bin/env bash
# Generates the bindings' TypeScript declarations as a package would ship them
# (wasm-bindgen --target web on the wasm32 release build, the one trunk makes)
# and checks them with tests/dts.mjs: no export typed `any`, every named type
# declared, each typed result and shared method as the API promises.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_rust
ensure_wasm_tools

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# After `trunk build --release` this build is already fresh.
cargo build --release -p protolab-bindings --target wasm32-unknown-unknown </dev/null
wasm-bindgen --target web --out-dir "$out" target/wasm32-unknown-unknown/release/protolab_bindings.wasm
node tests/dts.mjs "$out/protolab_bindings.d.ts"

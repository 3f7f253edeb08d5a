#!/usr/bin/env bash
# Sets up what the page needs (when missing), builds it and serves it on
# http://127.0.0.1:8080/ (PORT=... to change). Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_rust
ensure_node_modules
ensure_wasm_tools trunk
log "building and serving on http://127.0.0.1:${PORT:-8080}/ (release build; first build ~1 min)"
exec trunk serve --release --port "${PORT:-8080}"

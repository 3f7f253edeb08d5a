#!/usr/bin/env bash
# Sets up what the test suite needs (when missing) and runs all of it:
# formatting, lints, native tests, the no_std build of the core, the browser
# tests (wasm-pack, headless Chrome), the generated TypeScript declarations,
# the first load's size, the end-to-end test of the built page and the study
# on a one-node SLURM cluster. Ends with a summary: each step passed or
# skipped (a skip is never counted as a pass), or the step that failed — which
# fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

STEPS=()   # "passed  <step>" / "SKIPPED <step>: why", in order
CURRENT="" # the step under way
# step LABEL: the previous step passed (set -e stops the run on a failure);
# LABEL starts.
step() {
  [ -z "$CURRENT" ] || STEPS+=("passed   $CURRENT")
  CURRENT=$1
  [ -z "$1" ] || log "$1"
}
summary() {
  local rc=$? line skipped=0
  printf '\n\033[1m== summary\033[0m\n' >&2
  for line in "${STEPS[@]}"; do
    printf '  %s\n' "$line" >&2
    [[ $line == SKIPPED* ]] && skipped=$((skipped + 1))
  done
  if [ "$rc" != 0 ]; then
    printf '  FAILED   %s (exit %s)\n' "${CURRENT:-setup}" "$rc" >&2
  elif [ "$skipped" -gt 0 ]; then
    printf '%s passed, %s SKIPPED (not passed: see why above)\n' \
      $((${#STEPS[@]} - skipped)) "$skipped" >&2
  else
    printf 'all %s steps passed\n' "${#STEPS[@]}" >&2
  fi
}
trap summary EXIT

ensure_rust
ensure_chromium
ensure_node_modules
ensure_wasm_tools trunk wasm-pack

step "format"
cargo fmt --all --check </dev/null
step "clippy (workspace, all targets; bindings and browser tests for wasm32)"
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p protolab-bindings --tests --target wasm32-unknown-unknown -- -D warnings
cargo clippy --tests --target wasm32-unknown-unknown -- -D warnings  # the browser tests
step "clippy (core without std)"
cargo clippy -p protolab-core --no-default-features -- -D warnings
step "docs build without warnings (cargo doc -D warnings)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --workspace
step "native tests"
cargo test --workspace
step "the study through a one-node SLURM cluster (scripts/test-slurm.sh)"
slurm_log=$(mktemp)
slurm_rc=0
bash scripts/test-slurm.sh 2>&1 | tee "$slurm_log" || slurm_rc=${PIPESTATUS[0]}
if [ "$slurm_rc" = 77 ]; then
  STEPS+=("SKIPPED  $CURRENT: $(sed -n 's/^SKIPPED: //p' "$slurm_log" | tail -n 1)")
  CURRENT=""
fi
rm -f "$slurm_log"
[ "$slurm_rc" = 0 ] || [ "$slurm_rc" = 77 ] || exit "$slurm_rc"
step "the results shipped in data/results/ are what the release CLI makes (scripts/precompute.sh --check)"
scripts/precompute.sh --check
step "core builds without std for wasm32"
cargo build -p protolab-core --no-default-features --target wasm32-unknown-unknown
step "the front end's lab registry, page and modules agree (tests/e2e/registry.mjs)"
node tests/e2e/registry.mjs
step "the README's and docs' links and anchors resolve (tests/doclinks.mjs)"
node tests/doclinks.mjs
step "browser tests (wasm-pack test --headless --chrome)"
wasm-pack test --headless --chrome
step "build the page (trunk build --release)"
trunk build --release
step "the generated TypeScript names every result's fields (scripts/types.sh)"
scripts/types.sh
step "the npm package builds, installs and serves a typed host (scripts/package.sh)"
scripts/package.sh
step "the first load is within the SPEC's 400 KB gzipped (tests/e2e/size.mjs)"
node tests/e2e/size.mjs
step "the built page end to end (tests/e2e/page.mjs)"
node tests/e2e/page.mjs
step "the reader's page: shipped results, replay, run again, show=study (tests/e2e/precomputed.mjs)"
node tests/e2e/precomputed.mjs
step "every control of every lab survives its link (tests/e2e/links.mjs)"
node tests/e2e/links.mjs
step "compare mode and the unit inspector (tests/e2e/compare.mjs)"
node tests/e2e/compare.mjs
step "the study explorer (tests/e2e/explorer.mjs)"
node tests/e2e/explorer.mjs
step ""

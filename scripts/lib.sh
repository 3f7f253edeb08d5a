# Shared setup for protolab's scripts: pinned tool versions and idempotent
# installers. Each `ensure_*` does nothing when the right thing is already there.
# shellcheck shell=bash

# The wasm-bindgen CLI must equal the wasm-bindgen crate: read the crate's
# exact pin from Cargo.toml so there is one place to change it.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
TRUNK_VERSION=0.21.14
WASM_PACK_VERSION=0.15.1

log() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }

ensure_rust() {
  command -v rustup >/dev/null || { echo "rustup is missing: install Rust with rustup first (https://rustup.rs)" >&2; exit 1; }
  # rust-toolchain.toml names the toolchain (with rustfmt, clippy and the wasm32
  # target); rustup does not install it on first use, so do it here once.
  local channel
  channel=$(sed -n 's/^channel = "\(.*\)"/\1/p' rust-toolchain.toml)
  if ! rustup toolchain list | grep -q "^$channel-"; then
    log "installing Rust $channel with rustfmt, clippy and the wasm32 target (rust-toolchain.toml)"
    rustup toolchain install
  fi
  # A toolchain installed before the file listed them may still lack the parts.
  rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
  rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
}

# ensure_cargo_tool BINARY VERSION CRATE [cargo install flags...]
ensure_cargo_tool() {
  local bin=$1 version=$2 crate=$3
  shift 3
  if command -v "$bin" >/dev/null && "$bin" --version 2>/dev/null | grep -q " $version"; then
    return
  fi
  log "installing $crate $version (one-off, several minutes)"
  CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install "$crate" --version "$version" "$@"
}

# ensure_wasm_tools [trunk] [wasm-pack]: the wasm-bindgen CLI always, plus the
# named tools; missing ones are built in parallel (cargo install, ~10-15 min
# on 2 cores the first time, nothing afterwards).
ensure_wasm_tools() {
  [ -n "$WASM_BINDGEN_VERSION" ] || { echo "cannot read the wasm-bindgen pin from Cargo.toml" >&2; exit 1; }
  local pids=()
  # No --locked for wasm-bindgen-cli: its lock file wants a crate the registry lacks.
  ensure_cargo_tool wasm-bindgen "$WASM_BINDGEN_VERSION" wasm-bindgen-cli & pids+=($!)
  for tool in "$@"; do
    case $tool in
      trunk) ensure_cargo_tool trunk "$TRUNK_VERSION" trunk --locked & pids+=($!) ;;
      wasm-pack) ensure_cargo_tool wasm-pack "$WASM_PACK_VERSION" wasm-pack --locked & pids+=($!) ;;
    esac
  done
  local failed=0
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  [ "$failed" = 0 ] || { echo "a tool install failed (see above)" >&2; exit 1; }
  # npm's binaryen first on PATH: Debian's wasm-opt is too old for this Rust.
  export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
}

ensure_chromium() {
  if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
    return
  fi
  log "installing Chromium and ChromeDriver from Debian packages"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
}

ensure_node_modules() {
  if [ -x node_modules/.bin/wasm-opt ] && [ -d node_modules/playwright-core ] && [ -x node_modules/.bin/tsc ] && [ -x node_modules/.bin/terser ]; then
    return
  fi
  log "installing npm dev tools (binaryen's wasm-opt, playwright-core, typescript, terser)"
  npm ci --no-audit --no-fund --loglevel=error
}

#!/usr/bin/env bash
# The results that ship with the page (data/results/): each lab's experiments
# at the documented defaults, made by the release CLI, and the manifest the
# page reads them from (web/js/precomputed.js; docs/labs/README.md#precomputed-results).
#
#   scripts/precompute.sh          regenerate data/results/
#   scripts/precompute.sh --check  regenerate into a scratch directory and
#                                  require the same files, byte for byte, but for
#                                  the version lines of the manifest (provenance)
#
# Wall times are machine-dependent: their column is kept (so the files stay
# in the CLI's format) but emptied. Every other number is written in Rust's
# shortest round-trip form, so the page reads back bit-identical values.
set -euo pipefail
cd "$(dirname "$0")/.."

check=0
case "${1:-}" in
  --check) check=1 ;;
  "") ;;
  *) echo "usage: scripts/precompute.sh [--check]" >&2; exit 2 ;;
esac

cargo build --release -q -p protolab-cli
cli=target/release/protolab
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
out=$scratch/results
mkdir -p "$out"

# A run CSV with its wall-time values (the last column) emptied.
no_wall_time() { sed -E '2,$ s/,[^,]*$/,/' "$1" >"$1.tmp" && mv "$1.tmp" "$1"; }

# The defaults: no config flags (the page's defaults are the same table's).
{ read -r _ version; read -r config; } < <("$cli" config)

"$cli" study --quiet --out "$out/prototypes-study.csv" --sweep-out "$out/prototypes-sweep.csv" >"$scratch/study.log"
"$cli" positions --out "$out/prototypes-positions.csv" --runs-out "$out/prototypes-positions-runs.csv" >"$scratch/positions.log"
for f in prototypes-study prototypes-sweep prototypes-positions-runs; do no_wall_time "$out/$f.csv"; done

# TODO(issue #13): the other labs' experiments, once their CLI commands land:
#   protolab abstraction sweep --out "$out/abstraction-lambda.csv"
#   protolab latent trend      --out "$out/latent-trend.csv"
#   protolab capacity width    --out "$out/capacity-widths.csv"   (all five pairs)
# then give their manifest entries below a "files" object instead of null
# (their CSVs start with `# protolab <version>` / `# config: <hash>` lines,
# which their readers skip) and a "config" from `protolab <lab> config` or
# those lines. Until then the page shows "not precomputed yet".

# One key per line for "version", so --check can leave provenance out.
cat >"$out/manifest.json" <<JSON
{
  "about": "Results shipped with the page, made by scripts/precompute.sh with the release CLI at the documented defaults. files: part name -> file in this directory (null: not precomputed yet). varies: the settings the experiment sets itself, so the lab's value of them does not matter.",
  "labs": {
    "prototypes": {
      "experiments": {
        "study": {
          "version": "$version",
          "config": "$config",
          "plan": "8 masks x N in {3, 5, 10, 20, 50, 100} x seeds 0-9 (480 runs), then the tau-sweep",
          "command": "protolab study --out prototypes-study.csv --sweep-out prototypes-sweep.csv",
          "varies": ["mask", "N", "seed"],
          "files": { "csv": "prototypes-study.csv", "sweepCsv": "prototypes-sweep.csv" }
        },
        "sweep": {
          "version": "$version",
          "config": "$config",
          "plan": "mask S at N = 50, seeds 0-4, tauS on the default grid, then the same seeds with no structural loss",
          "command": "protolab study (its --sweep-out)",
          "varies": ["mask", "N", "seed", "tauS"],
          "files": { "csv": "prototypes-sweep.csv" }
        },
        "positions": {
          "version": "$version",
          "config": "$config",
          "plan": "every mask at N = 100 with the config's seed",
          "command": "protolab positions --out prototypes-positions.csv --runs-out prototypes-positions-runs.csv",
          "varies": ["mask", "N"],
          "files": { "csv": "prototypes-positions-runs.csv", "positions": "prototypes-positions.csv" }
        }
      }
    },
    "abstraction": {
      "experiments": {
        "lambda": { "plan": "the lambda-sweep", "command": "protolab abstraction sweep --out abstraction-lambda.csv", "files": null }
      }
    },
    "latent-field": {
      "experiments": {
        "trend": { "plan": "the latent-field trend", "command": "protolab latent trend --out latent-trend.csv", "files": null }
      }
    },
    "capacity": {
      "experiments": {
        "widths": { "plan": "the width sweep of all five pairs", "command": "protolab capacity width --out capacity-widths.csv", "files": null }
      }
    }
  }
}
JSON

if [ "$check" = 1 ]; then
  status=0
  for f in "$out"/*; do
    name=$(basename "$f")
    if [ ! -f "data/results/$name" ]; then
      echo "data/results/$name is missing (run scripts/precompute.sh)" >&2
      status=1
    elif ! diff -q <(grep -v -e '^#' -e '"version":' "$f") <(grep -v -e '^#' -e '"version":' "data/results/$name") >/dev/null; then
      echo "data/results/$name differs from what the CLI makes now:" >&2
      diff <(grep -v -e '^#' -e '"version":' "$f") <(grep -v -e '^#' -e '"version":' "data/results/$name") | head -5 >&2
      status=1
    fi
  done
  [ "$status" = 0 ] && echo "data/results/ equals what the release CLI makes (scripts/precompute.sh --check)"
  exit "$status"
fi
rm -rf data/results
mkdir -p data/results
cp "$out"/* data/results/
echo "data/results/: $(ls data/results | tr '\n' ' ')"

#!/usr/bin/env bash
# The results that ship with the page (data/results/): each lab's experiments
# at the documented defaults, made by the release CLI, and the manifest the
# page reads them from (web/js/precomputed.js; docs/labs/README.md#precomputed-results).
#
#   scripts/precompute.sh          regenerate data/results/
#   scripts/precompute.sh --check  regenerate into a scratch directory and
#                                  require the same files, byte for byte, but for
#                                  the version lines (the CSVs' `# protolab X`,
#                                  the manifest's "version")
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

# A CSV with the values of its wall-time column (`wall_ms`, found by name in
# the header, the first line that is not a `#` comment) emptied: a clock, not
# a result. Comment lines and the header are left as the CLI wrote them.
no_wall_time() {
  awk -F, -v OFS=, '
    /^#/ { print; next }
    !seen { seen = 1; for (i = 1; i <= NF; i++) if ($i == "wall_ms") col = i; print; next }
    { if (col) $col = ""; print }
  ' "$1" >"$1.tmp" && mv "$1.tmp" "$1"
}

# The line `# config: <link>` of a CSV the CLI wrote: the config it ran at.
config_of() { sed -n 's/^# config: //p' "$1" | head -1; }

# The defaults: no config flags (the page's defaults are the same table's).
{ read -r _ version; read -r config; } < <("$cli" config)

"$cli" study --quiet --out "$out/prototypes-study.csv" --sweep-out "$out/prototypes-sweep.csv" >"$scratch/study.log"
"$cli" positions --out "$out/prototypes-positions.csv" --runs-out "$out/prototypes-positions-runs.csv" >"$scratch/positions.log"
for f in prototypes-study prototypes-sweep prototypes-positions-runs; do no_wall_time "$out/$f.csv"; done

# The other labs' experiments, each the plan its panel's "Run again" runs:
# the λ-sweep's seeds are the core's PAGE_SEEDS (the CLI's default too), the
# width sweep covers all five pairs (the panel's scope defaults to that), and
# the trend is the README's (docs/labs/latent-field.md#findings).
"$cli" abstraction sweep --quiet --out "$out/abstraction-lambda.csv" >"$scratch/lambda.log"
"$cli" capacity width --quiet --out "$out/capacity-widths.csv" >"$scratch/widths.log"
"$cli" latent trend --quiet --out "$out/latent-trend.csv" >"$scratch/trend.log"
# Each lab's link at its defaults, as the CSVs record it. The trend sets its
# own grid (trend::GRID), so its CSV's link is not the lab's default one; the
# manifest lists grid among the settings it varies.
lambda_config=$(config_of "$out/abstraction-lambda.csv")
widths_config=$(config_of "$out/capacity-widths.csv")
trend_config=$(config_of "$out/latent-trend.csv")

# One key per line for "version", so --check can leave provenance out.
cat >"$out/manifest.json" <<JSON
{
  "about": "Results shipped with the page, made by scripts/precompute.sh with the release CLI at the documented defaults. files: part name -> file in this directory (null: not precomputed yet). varies: the settings the experiment sets itself, so the lab's value of them does not matter. Settings that only choose a view (the core's Schema::VIEW_KEYS, e.g. compare) are never compared.",
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
        "lambda": {
          "version": "$version",
          "config": "$lambda_config",
          "plan": "lambda = 0, then 1e-4 to 1 (three per decade) x 2 seeds from the config's",
          "command": "protolab abstraction sweep --out abstraction-lambda.csv",
          "varies": ["lam"],
          "files": { "csv": "abstraction-lambda.csv" }
        }
      }
    },
    "latent-field": {
      "experiments": {
        "trend": {
          "version": "$version",
          "config": "$trend_config",
          "plan": "3 seeds x (no weight decay at epochs 100-5000, weight decay 0.001 at epochs 2000 and 5000), 24 x 24 starts",
          "command": "protolab latent trend --out latent-trend.csv",
          "varies": ["epochs", "grid"],
          "files": { "csv": "latent-trend.csv" }
        }
      }
    },
    "capacity": {
      "experiments": {
        "widths": {
          "version": "$version",
          "config": "$widths_config",
          "plan": "all five pairs x H in {2 ... 64} x seeds 0, 42, 78",
          "command": "protolab capacity width --out capacity-widths.csv",
          "varies": ["pair", "H", "seed"],
          "files": { "csv": "capacity-widths.csv" }
        }
      }
    }
  }
}
JSON

# A file without its provenance's version: the CSVs' `# protolab <version>`
# line and the manifest's "version" keys. Everything else (config and plan
# lines included) must be equal.
unversioned() { grep -v -e '^# protolab ' -e '"version":' "$1"; }

if [ "$check" = 1 ]; then
  status=0
  for f in data/results/*; do
    [ -f "$out/$(basename "$f")" ] || { echo "$f is not made by this script any more" >&2; status=1; }
  done
  for f in "$out"/*; do
    name=$(basename "$f")
    if [ ! -f "data/results/$name" ]; then
      echo "data/results/$name is missing (run scripts/precompute.sh)" >&2
      status=1
    elif ! diff -q <(unversioned "$f") <(unversioned "data/results/$name") >/dev/null; then
      echo "data/results/$name differs from what the CLI makes now:" >&2
      diff <(unversioned "$f") <(unversioned "data/results/$name") | head -5 >&2
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

#!/usr/bin/env bash
# Submits one lab's sweep to SLURM as a job array (one shard per task) and the
# merge job that waits for it (docs/cluster.md), and prints both job ids.
#
#   examples/slurm/submit.sh study                  # the 480-run study, 32 shards
#   SHARDS=100 THROTTLE=20 SEEDS=50 NS=3,5,10,20,50,100,200,500 \
#     examples/slurm/submit.sh study
#   ARGS="--steps 6000" examples/slurm/submit.sh abstraction
#
# LAB (the argument): study | abstraction | latent | capacity.
# Environment, with defaults:
#   PROTOLAB  the protolab binary (default: protolab on PATH, else this
#             checkout's target/release/protolab)
#   OUT       the output folder, shared by the nodes (default: ./protolab-out)
#   SHARDS    array tasks = shards (default: 32)
#   THROTTLE  at most this many tasks at once, the array's `%` (default: 8)
#   NS, SEEDS the study's plan (study.sbatch); ARGS more flags for the command
# Extra sbatch options (partition, account, ...) go in SBATCH_* variables,
# e.g. SBATCH_PARTITION=short SBATCH_ACCOUNT=mylab, which sbatch reads itself.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
LAB=${1:-study}
case $LAB in
  study) script=study.sbatch result=study.csv ;;
  abstraction) script=abstraction-sweep.sbatch result=abstraction-sweep.csv ;;
  latent) script=latent-trend.sbatch result=latent-trend.csv ;;
  capacity) script=capacity-width.sbatch result=capacity-width.csv ;;
  *) echo "usage: $0 study|abstraction|latent|capacity" >&2; exit 2 ;;
esac

SHARDS=${SHARDS:-32}
THROTTLE=${THROTTLE:-8}
case "$SHARDS$THROTTLE" in
  *[!0-9]*) echo "SHARDS and THROTTLE must be whole numbers" >&2; exit 2 ;;
esac
if [ "$SHARDS" -lt 1 ] || [ "$THROTTLE" -lt 1 ]; then
  echo "SHARDS and THROTTLE must be at least 1" >&2
  exit 2
fi

# The jobs may start in another folder on another node: hand them absolute paths.
if [ -z "${PROTOLAB:-}" ]; then
  PROTOLAB=$(command -v protolab || echo "$here/../../target/release/protolab")
fi
[ -x "$PROTOLAB" ] || PROTOLAB=$(command -v "$PROTOLAB" || true)
if [ -z "$PROTOLAB" ] || [ ! -x "$PROTOLAB" ]; then
  echo "no protolab binary: build it (cargo build --release -p protolab-cli) or set PROTOLAB" >&2
  exit 2
fi
PROTOLAB=$(cd "$(dirname "$PROTOLAB")" && pwd)/$(basename "$PROTOLAB")
OUT=${OUT:-protolab-out}
mkdir -p "$OUT/logs" "$OUT/parts"
OUT=$(cd "$OUT" && pwd)
export PROTOLAB OUT SHARDS LAB

# --parsable prints "jobid" or "jobid;cluster".
array=$(sbatch --parsable --array="0-$((SHARDS - 1))%$THROTTLE" \
  --output="$OUT/logs/%x-%A_%a.out" "$here/$script")
array=${array%%;*}
merge=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes \
  --output="$OUT/logs/%x-%j.out" "$here/merge.sbatch")
merge=${merge%%;*}

echo "array job $array: $SHARDS shards of $LAB, at most $THROTTLE at once → $OUT/parts/"
echo "merge job $merge: runs when every shard succeeded → $OUT/$result"
echo "watch with: squeue -j $array,$merge   (logs in $OUT/logs/)"

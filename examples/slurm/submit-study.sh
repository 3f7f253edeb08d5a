#!/usr/bin/env bash
# The study's array and merge (docs/cluster.md): `submit.sh study`, with the
# same environment (PROTOLAB, OUT, SHARDS, THROTTLE, NS, SEEDS, ARGS).
set -euo pipefail
exec "$(dirname "$0")/submit.sh" study

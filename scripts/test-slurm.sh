#!/usr/bin/env bash
# The study on a real SLURM cluster of one node (docs/cluster.md#the-test):
# installs Debian's munge and slurm-wlm when missing, starts munged, slurmctld
# and slurmd on 127.0.0.1 (everything in a temporary folder: configuration,
# state, spool, logs, pid files, the munge key and socket, private ports),
# submits examples/slurm/submit-study.sh for a reduced study (N = 3,5,10 x 8
# masks x 4 seeds, 4 shards, and a small tau-sweep in the merge job) and checks
# that the merged CSV, the sweep CSV and the report (table, findings F1-F5)
# equal a single-process `protolab study` of the same plan, row for row (wall
# times and `#` comment lines aside). It stops the daemons it started by their pids and
# leaves nothing running.
#
# Exit codes: 0 passed; 1 failed; 77 skipped (munge/slurm cannot be installed
# or the daemons do not come up here — printed as "SKIPPED: why").
# Environment: SLURM_TEST_TIMEOUT (seconds the jobs may take, default 300),
# SLURM_TEST_KEEP=1 (keep the temporary folder for a look at the logs); a
# bigger plan for a trial by hand: SLURM_TEST_NS, _SEEDS, _SHARDS, _THROTTLE,
# _SWEEP_N, _SWEEP_SEEDS (the test command uses the defaults below).
set -euo pipefail
cd "$(dirname "$0")/.."

SKIP=77
TIMEOUT=${SLURM_TEST_TIMEOUT:-300}
NS=${SLURM_TEST_NS:-3,5,10}
SEEDS=${SLURM_TEST_SEEDS:-4}
SHARDS=${SLURM_TEST_SHARDS:-4}
THROTTLE=${SLURM_TEST_THROTTLE:-2} # the array's `%`: at most 2 shards at once
SWEEP_N=${SLURM_TEST_SWEEP_N:-10}  # the tau-sweep the merge job runs for F5, kept small
SWEEP_SEEDS=${SLURM_TEST_SWEEP_SEEDS:-1}
MASKS=8 # every loss mask: the study's plan is masks x N x seeds
say() { printf '[slurm] %s\n' "$*" >&2; }
skip() {
  echo "SKIPPED: $*" >&2
  exit "$SKIP"
}
fail() {
  echo "FAILED: $*" >&2
  exit 1
}

say "the example scripts parse (bash -n; shellcheck too when installed)"
for f in examples/slurm/*.sh examples/slurm/*.sbatch; do
  bash -n "$f" || fail "$f does not parse"
done
if command -v shellcheck >/dev/null; then
  shellcheck -x examples/slurm/*.sh examples/slurm/*.sbatch scripts/test-slurm.sh ||
    fail "shellcheck found problems in the examples"
fi

# --- munge and SLURM from Debian -------------------------------------------
NEEDED=(munged mungekey munge unmunge slurmctld slurmd sbatch squeue sinfo scontrol scancel runuser)
missing() {
  local c
  for c in "${NEEDED[@]}"; do command -v "$c" >/dev/null || return 0; done
  return 1
}
[ "$(id -u)" = 0 ] || skip "the one-node cluster runs its daemons as root (SlurmUser=root); run as root"
if missing; then
  command -v apt-get >/dev/null || skip "munge/slurm-wlm are missing and there is no apt-get to install them"
  say "installing munge and slurm-wlm from Debian (one-off, ~30 s)"
  export DEBIAN_FRONTEND=noninteractive
  apt_install() { apt-get install -y -qq --no-install-recommends munge slurm-wlm >/dev/null; }
  # The packages would start the system's munged, slurmctld and slurmd where an
  # init system lets them; this test starts its own and leaves nothing running,
  # so a policy-rc.d ("deny") is put in place for the install when none is there.
  policy=/usr/sbin/policy-rc.d
  own_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && own_policy=1
  fi
  installed=0
  if apt_install || { apt-get update -qq && apt_install; }; then installed=1; fi
  [ "$own_policy" = 0 ] || rm -f "$policy"
  [ "$installed" = 1 ] || skip "cannot install munge and slurm-wlm from Debian (apt-get failed)"
  missing && skip "munge/slurm-wlm installed but a command is still missing (${NEEDED[*]})"
fi
id munge >/dev/null 2>&1 || skip "there is no munge user (the munge package makes it)"

say "building the release CLI"
cargo build --release -p protolab-cli </dev/null
BIN=${CARGO_TARGET_DIR:-$PWD/target}/release/protolab
[ -x "$BIN" ] || fail "no binary at $BIN after the build"

# --- the temporary cluster and its clean-up --------------------------------
T=$(mktemp -d /tmp/protolab-slurm.XXXXXX)
chmod 755 "$T" # munged runs as the munge user and must reach its socket folder
CONF=$T/slurm.conf
JOBS=""
mkdir -p "$T/munge" "$T/state" "$T/spool" "$T/log" "$T/run" "$T/out"
chown munge:munge "$T/munge"
sl() { SLURM_CONF=$CONF "$@"; } # every SLURM command talks to this cluster only

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
pid_of() { if [ -s "$1" ]; then tr -dc '0-9' <"$1"; fi; }
# Stops one pid: TERM, up to 15 s, then KILL.
stop_pid() {
  local pid=$1 name=$2 i
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 30; i++)); do
    alive "$pid" || return 0
    sleep 0.5
  done
  say "$name ($pid) ignored TERM; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}
# Processes of this run that are no daemon: job scripts, job steps and
# protolab shards carry the temporary folder in their command line or
# environment (SLURM_CONF, OUT), and nothing else on the machine does.
strays() {
  local p
  for p in /proc/[0-9]*; do
    p=${p#/proc/}
    [ "$p" = $$ ] || [ "$p" = "$BASHPID" ] && continue
    if grep -qsaF -- "$T" "/proc/$p/cmdline" "/proc/$p/environ"; then echo "$p"; fi
  done
}
cleanup() {
  local rc=$? pid i left
  trap - EXIT INT TERM
  if [ -n "$JOBS" ] && alive "$(pid_of "$T/run/slurmctld.pid")"; then
    # shellcheck disable=SC2086 # one argument per job id
    sl scancel ${JOBS//,/ } 2>/dev/null || true
    for ((i = 0; i < 30; i++)); do
      [ -z "$(sl squeue -h -j "$JOBS" 2>/dev/null)" ] && break
      sleep 0.5
    done
  fi
  stop_pid "$(pid_of "$T/run/slurmd.pid")" slurmd
  stop_pid "$(pid_of "$T/run/slurmctld.pid")" slurmctld
  stop_pid "$(pid_of "$T/munge/munged.pid")" munged
  for pid in $(strays); do stop_pid "$pid" "leftover process"; done
  left=$(pgrep -af -- "$T" || true)
  if [ -n "$left" ]; then
    echo "FAILED: processes left running:" >&2
    echo "$left" >&2
    rc=1
  fi
  if [ "${SLURM_TEST_KEEP:-0}" = 1 ]; then say "kept $T"; else rm -rf "$T"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# Shows the end of the daemons' logs before a skip or failure, for the why.
logs() {
  local f
  for f in "$T"/munge/munged.log "$T"/log/*.log; do
    [ -s "$f" ] && { echo "--- $f" >&2; tail -n 15 "$f" >&2; }
  done
  return 0
}
# wait_for SECONDS COMMAND...: polls until the command succeeds.
wait_for() {
  local secs=$1 i
  shift
  for ((i = 0; i < secs * 2; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  return 1
}
# A free TCP port on 127.0.0.1 other than $1, into PORT (private ports, so a
# SLURM already on the machine is left alone).
free_port() {
  local p
  for _ in $(seq 100); do
    p=$((20000 + RANDOM % 30000))
    if [ "$p" != "${1:-}" ] && ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      PORT=$p
      return 0
    fi
  done
  return 1
}

say "munged (its own key, socket and pid file in $T/munge)"
M=$T/munge
runuser -u munge -- mungekey -c -k "$M/munge.key" >/dev/null 2>&1 || skip "mungekey cannot make a key"
runuser -u munge -- munged --socket="$M/munge.socket" --key-file="$M/munge.key" \
  --pid-file="$M/munged.pid" --log-file="$M/munged.log" --seed-file="$M/munged.seed" ||
  {
    logs
    skip "munged does not start here"
  }
munge_ok() { munge -n -S "$M/munge.socket" | unmunge -S "$M/munge.socket"; }
wait_for 15 munge_ok || {
  logs
  skip "munged started but does not answer (munge -n | unmunge)"
}

free_port || skip "no free TCP port on 127.0.0.1"
CTLD_PORT=$PORT
free_port "$CTLD_PORT" || skip "no free TCP port on 127.0.0.1"
SLURMD_PORT=$PORT
MEM_MB=$(awk '/^MemTotal/ {print int($2 / 1024 * 0.8)}' /proc/meminfo)
cat >"$CONF" <<EOF
# A one-node cluster for scripts/test-slurm.sh: root daemons, no systemd or
# cgroups, every path in $T (docs/cluster.md#the-test).
ClusterName=protolabtest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$M/munge.socket
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/run/slurmctld.pid
SlurmdPidFile=$T/run/slurmd.pid
SlurmctldLogFile=$T/log/slurmctld.log
SlurmdLogFile=$T/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MinJobAge=600
NodeName=protolab1 NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=$MEM_MB State=UNKNOWN
PartitionName=test Nodes=protolab1 Default=YES MaxTime=INFINITE State=UP
EOF

say "slurmctld and slurmd (ports $CTLD_PORT, $SLURMD_PORT)"
sl slurmctld -c -f "$CONF" || {
  logs
  skip "slurmctld does not start here"
}
wait_for 30 sl scontrol ping || {
  logs
  skip "slurmctld started but does not answer (scontrol ping)"
}
sl slurmd -f "$CONF" -N protolab1 || {
  logs
  skip "slurmd does not start here"
}
node_idle() { sl sinfo -h -N -o %T | grep -qx idle; }
wait_for 60 node_idle || {
  logs
  skip "the node does not come up idle within 60 s (sinfo)"
}
say "cluster up: $(sl sinfo -h -o '%P %D node(s) %T %C(CPUs A/I/O/T)')"

# --- the study through the cluster -----------------------------------------
say "submitting the study: N = $NS x $MASKS masks x $SEEDS seeds, $SHARDS shards (%$THROTTLE), and its merge"
# The jobs inherit this environment (sbatch --export=ALL): set every setting
# the examples read, and drop SBATCH_* options meant for some other cluster.
for v in $(compgen -v SBATCH_); do unset "$v"; done
submitted=$(SLURM_CONF=$CONF PROTOLAB=$BIN OUT=$T/out NS=$NS SEEDS=$SEEDS SHARDS=$SHARDS \
  THROTTLE=$THROTTLE ARGS="" SWEEP=1 SWEEP_ARGS="--N $SWEEP_N --seeds $SWEEP_SEEDS" \
  examples/slurm/submit-study.sh) || {
  logs
  fail "submit-study.sh failed"
}
echo "$submitted" >&2
ARRAY=$(awk '/^array job/ {sub(":", "", $3); print $3}' <<<"$submitted")
MERGE=$(awk '/^merge job/ {sub(":", "", $3); print $3}' <<<"$submitted")
[[ $ARRAY =~ ^[0-9]+$ && $MERGE =~ ^[0-9]+$ ]] || fail "cannot read the job ids from submit-study.sh"
JOBS=$ARRAY,$MERGE
jobs_done() { [ -z "$(sl squeue -h -j "$JOBS")" ]; }
wait_for "$TIMEOUT" jobs_done || {
  sl squeue -j "$JOBS" >&2 || true
  logs
  fail "the jobs did not finish within $TIMEOUT s"
}
# Every array task and the merge must have completed (afterok holds the merge
# back unless every shard succeeded; --kill-on-invalid-dep cancels it).
show_jobs() { sl scontrol show job "$ARRAY" && sl scontrol show job "$MERGE"; }
shown=$(show_jobs) || fail "scontrol cannot show the jobs $JOBS"
states=$(grep -o 'JobState=[A-Z_]*' <<<"$shown" | sort | uniq -c | xargs)
say "job states: $states"
completed=$(grep -c 'JobState=COMPLETED' <<<"$shown" || true)
if [ "$completed" != $((SHARDS + 1)) ]; then
  cat "$T"/out/logs/*.out >&2 2>/dev/null || true
  fail "expected $SHARDS array tasks and the merge COMPLETED, got: $states"
fi

# --- the merged CSV against one process -------------------------------------
RUNS=$((MASKS * $(tr ',' '\n' <<<"$NS" | grep -c .) * SEEDS))
MERGED=$T/out/study.csv
[ -s "$MERGED" ] || fail "the merge job wrote no $MERGED"
rows() { grep -vc -e '^#' -e '^index,' "$1" || true; }
total=0
for ((i = 0; i < SHARDS; i++)); do
  part=$T/out/parts/study-$i-of-$SHARDS.csv
  [ -s "$part" ] || fail "shard $i wrote no $part"
  n=$(rows "$part")
  [ "$n" -gt 0 ] || fail "shard $i has no runs"
  total=$((total + n))
done
[ "$total" = "$RUNS" ] || fail "the shards hold $total runs, the plan has $RUNS"
say "single-process run of the same plan"
"$BIN" study --ns "$NS" --seeds "$SEEDS" --sweep-N "$SWEEP_N" --sweep-seeds "$SWEEP_SEEDS" \
  --quiet --out "$T/single.csv" --sweep-out "$T/single-sweep.csv" >"$T/single.txt"
# Drops `#` lines and every column whose header names a wall time.
comparable() {
  awk -F, '/^#/ {next}
    !seen++ {for (i = 1; i <= NF; i++) if ($i ~ /wall/) drop[i] = 1}
    {line = ""; k = 0
     for (i = 1; i <= NF; i++) if (!(i in drop)) line = line (k++ ? "," : "") $i
     print line}' "$1"
}
# same WHAT CLUSTER_FILE SINGLE_FILE: equal, or the first differences and a failure.
same() {
  if ! diff -q "$2" "$3" >/dev/null; then
    diff "$2" "$3" | head -n 20 >&2
    fail "$1 differs from the single-process run (first differences above)"
  fi
}
comparable "$MERGED" >"$T/merged.cmp"
comparable "$T/single.csv" >"$T/single.cmp"
[ "$(rows "$T/merged.cmp")" = "$RUNS" ] || fail "the merged CSV has $(rows "$T/merged.cmp") runs, expected $RUNS"
same "the merged CSV" "$T/merged.cmp" "$T/single.cmp"
[ -s "$T/out/study-sweep.csv" ] || fail "the merge job ran no tau-sweep ($T/out/study-sweep.csv)"
comparable "$T/out/study-sweep.csv" >"$T/sweep.cmp"
comparable "$T/single-sweep.csv" >"$T/single-sweep.cmp"
same "the tau-sweep CSV" "$T/sweep.cmp" "$T/single-sweep.cmp"
# The report (table of mean ± sd, findings F1-F5) from the merge job's log.
sed -n '/^Summary/,$p' "$T"/out/logs/protolab-merge-*.out >"$T/report.cmp"
sed -n '/^Summary/,$p' "$T/single.txt" >"$T/single-report.cmp"
grep -q '^F5 .*: \(REPRODUCES\|DOES NOT REPRODUCE\)' "$T/report.cmp" ||
  fail "the merged report does not judge F5 (the tau-sweep did not reach the merge)"
same "the merged report (table and findings)" "$T/report.cmp" "$T/single-report.cmp"
say "merged CSV ($RUNS runs from $SHARDS shards), tau-sweep and findings equal the single-process run, wall times aside:"
head -n 3 "$MERGED" | cut -c1-160 >&2
echo "PASSED: SLURM job array of $SHARDS shards + afterok merge = one process ($RUNS runs)" >&2

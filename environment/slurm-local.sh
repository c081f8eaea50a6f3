#!/usr/bin/env bash
# slurm-local.sh start|stop|status DIR: a single-node Slurm on loopback, all of it inside DIR (munge key and socket,
# slurm.conf, state, spool, logs, pids), for tests and for trying `bin/rrl sweep slurm` by hand. No system config is
# read or written: clients find this cluster through SLURM_CONF=DIR/slurm.conf, and its own munge socket and ports
# keep it apart from a system Slurm or munge, if one runs.
#   start   start munged, slurmctld and slurmd (what already runs is left alone) and wait until the node takes jobs
#   stop    cancel the jobs, stop the daemons this DIR started and any job step left behind
#   status  one line per daemon; exit 0 when all run
# RRL_SLURM_WATCH_PID=PID (start): stop the cluster by itself once process PID is gone (a test's JVM), so the daemons
# never outlive it.
set -euo pipefail

say() { echo "slurm-local: $*"; }
die() { echo "slurm-local: $1" >&2; exit "${2:-1}"; }
PATH="$PATH:/usr/sbin:/sbin" # the daemons live there, and a non-login PATH may lack it

usage="usage: environment/slurm-local.sh start|stop|status DIR"
[[ $# -eq 2 ]] || die "$usage" 2
cmd="$1"
case "$cmd" in start|stop|status) ;; *) die "unknown command '$cmd'; $usage" 2 ;; esac
[[ -n "$2" ]] || die "DIR is empty; $usage" 2
if [[ "$cmd" == start ]]; then
  missing=()
  for c in munged mungekey slurmctld slurmd sbatch scontrol squeue scancel; do command -v "$c" >/dev/null || missing+=("$c"); done
  ((${#missing[@]} == 0)) || die "Slurm is not installed (no ${missing[*]}): run environment/setup.sh (it installs slurm-wlm and munge)"
  mkdir -p "$2" 2>/dev/null || die "cannot create $2" 2
elif [[ ! -d "$2" ]]; then
  say "no cluster in $2"
  [[ "$cmd" == stop ]] && exit 0 || exit 1
fi
DIR="$(cd "$2" && pwd)"
[[ "$DIR" != *[[:space:]]* ]] || die "DIR must not contain spaces (slurm.conf cannot quote them): $DIR" 2
CONF="$DIR/slurm.conf"
SOCKET="$DIR/munge/munge.socket"
# A unix socket path holds at most 107 bytes; Slurm's per-step sockets in the spool need room too.
((${#SOCKET} <= 90)) || die "DIR is too long for munge's socket path (${#SOCKET} > 90 chars): $DIR" 2
export SLURM_CONF="$CONF"

pid_of() { # the pid in DIR/NAME.pid if that process is alive (not a zombie) and still runs NAME (not a reused pid)
  local p name="$1" stat
  [[ "$name" == watch ]] && name=bash
  p="$(cat "$DIR/$1.pid" 2>/dev/null || true)"
  [[ "$p" =~ ^[0-9]+$ ]] || return 1
  stat="$(cat "/proc/$p/stat" 2>/dev/null)" || return 1
  [[ "${stat#*) }" != Z* ]] || return 1
  [[ "$(tr '\0' ' ' 2>/dev/null <"/proc/$p/cmdline")" == *"$name"* ]] || return 1
  echo "$p"
}
running() { [[ -n "$(pid_of "$1")" ]]; }

# Pids of the job steps this cluster started: slurmstepd and the job's processes carry this cluster's SLURM_CONF in
# their environment (the daemons pass theirs on; sbatch exports the submitter's), next to a job id or a step name.
strays() {
  local e p env
  for e in /proc/[0-9]*/environ; do
    p="${e#/proc/}"; p="${p%/environ}"
    [[ "$p" == "$$" ]] && continue
    env="$(tr '\0' '\n' 2>/dev/null <"$e")" || continue
    if grep -qxF "SLURM_CONF=$CONF" <<<"$env"; then
      if grep -q '^SLURM_JOB_ID=' <<<"$env" || [[ "$(tr '\0' ' ' 2>/dev/null <"/proc/$p/cmdline")" == slurmstepd* ]]; then
        echo "$p"
      fi
    fi
  done
}

alive() { local stat; stat="$(cat "/proc/$1/stat" 2>/dev/null)" && [[ "${stat#*) }" != Z* ]]; }

stop_pid() { # TERM, then KILL after 5 s
  local p="$1" i
  kill "$p" 2>/dev/null || return 0
  for i in $(seq 50); do alive "$p" || return 0; sleep 0.1; done
  kill -9 "$p" 2>/dev/null || true
}

status() {
  local all=0 d
  for d in munged slurmctld slurmd; do
    if running "$d"; then say "$d running (pid $(pid_of "$d"))"; else say "$d not running"; all=1; fi
  done
  return $all
}

free_port() { # a TCP port >= $1 that nothing listens on (loopback or any address), skipping $2
  local port="$1" used=" " sl local rem st rest
  # /proc/net/tcp*: local address as HEXIP:HEXPORT, state 0A = listening.
  while read -r sl local rem st rest; do
    [[ "$st" == 0A ]] && used+="$((16#${local##*:})) "
  done < <(cat /proc/net/tcp /proc/net/tcp6 2>/dev/null)
  while [[ "$used" == *" $port "* || "$port" == "${2:-}" ]]; do port=$((port + 1)); done
  echo "$port"
}

start() {
  if status >/dev/null && scontrol ping >/dev/null 2>&1; then
    say "already running in $DIR"
    say "export SLURM_CONF=$CONF"
    return 0
  fi
  # munged wants every folder above its socket searchable by all, and its key readable by its owner only.
  local up="$DIR"
  while up="$(dirname "$up")"; [[ "$up" != / ]]; do
    [[ "$(stat -c %A "$up")" == *x ]] || [[ "$(stat -c %A "$up")" == *t ]] \
      || die "munged needs every folder above DIR searchable by all; $up is not (chmod o+x $up, or pick another DIR)"
  done
  mkdir -p "$DIR/munge" "$DIR/state" "$DIR/spool" "$DIR/log"
  chmod 755 "$DIR" "$DIR/munge"
  if [[ ! -s "$DIR/munge/munge.key" ]]; then
    mungekey --create --keyfile="$DIR/munge/munge.key"
    say "munge key created"
  fi
  chmod 400 "$DIR/munge/munge.key"
  if ! running munged; then
    rm -f "$SOCKET"
    munged --socket="$SOCKET" --key-file="$DIR/munge/munge.key" --pid-file="$DIR/munged.pid" \
      --log-file="$DIR/log/munged.log" --seed-file="$DIR/munge/munged.seed" </dev/null >/dev/null 2>&1 \
      || die "munged did not start: $(tail -1 "$DIR/log/munged.log" 2>/dev/null)"
    say "munged started (socket $SOCKET)"
  fi

  if ! running slurmctld && ! running slurmd; then
    write_conf
    say "wrote $CONF"
  fi
  if ! running slurmctld; then
    slurmctld -f "$CONF" </dev/null >>"$DIR/log/slurmctld.out" 2>&1 || die "slurmctld did not start: see $DIR/log/slurmctld.log"
    wait_for "slurmctld answering" 30 'scontrol ping 2>/dev/null | grep -q UP' \
      || die "slurmctld does not answer: $(tail -1 "$DIR/log/slurmctld.log" 2>/dev/null)"
    say "slurmctld started (port $(sed -n 's/^SlurmctldPort=//p' "$CONF"))"
  fi
  if ! running slurmd; then
    # -N: the node's name in slurm.conf is localhost, not this machine's hostname.
    slurmd -f "$CONF" -N localhost </dev/null >>"$DIR/log/slurmd.out" 2>&1 || die "slurmd did not start: see $DIR/log/slurmd.log"
    say "slurmd started (port $(sed -n 's/^SlurmdPort=//p' "$CONF"))"
  fi
  # A node left down or drained by an earlier run of this cluster takes no jobs until resumed.
  if scontrol show node localhost 2>/dev/null | grep -Eq 'State=[A-Z+]*(DOWN|DRAIN)'; then
    scontrol update nodename=localhost state=resume >/dev/null 2>&1 || true
  fi
  wait_for "node idle" 30 'scontrol show node localhost 2>/dev/null | grep -Eq "State=(IDLE|MIXED|ALLOCATED)"' \
    || die "the node did not come up: $(scontrol show node localhost 2>/dev/null | grep -o 'State=[^ ]*\|Reason=.*' | tr '\n' ' ')"
  say "node localhost up with $(sed -n 's/.* CPUs=\([0-9]*\).*/\1/p' "$CONF") CPUs, partition local"
  if [[ -n "${RRL_SLURM_WATCH_PID:-}" ]]; then
    [[ "$RRL_SLURM_WATCH_PID" =~ ^[0-9]+$ ]] || die "RRL_SLURM_WATCH_PID must be a process id, got $RRL_SLURM_WATCH_PID" 2
    if ! running watch; then
      setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; exec "$2" stop "$3"' watch \
        "$RRL_SLURM_WATCH_PID" "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")" "$DIR" \
        </dev/null >>"$DIR/log/watch.log" 2>&1 &
      echo $! >"$DIR/watch.pid"
      say "stops by itself when process $RRL_SLURM_WATCH_PID ends"
    fi
  fi
  say "export SLURM_CONF=$CONF"
}

wait_for() { # NAME SECONDS CONDITION: poll every 0.2 s
  local i
  for i in $(seq $(($2 * 5))); do
    if eval "$3"; then return 0; fi
    sleep 0.2
  done
  return 1
}

write_conf() {
  local user ctld_port slurmd_port topo
  user="$(id -un)"
  ctld_port="$(free_port 16817)"
  slurmd_port="$(free_port $((ctld_port + 1)) "$ctld_port")"
  # The node's sockets/cores/threads as slurmd sees them, so it is not drained for a mismatch.
  topo="$(slurmd -C 2>/dev/null | head -1 | grep -o 'CPUs=[0-9]* Boards=[0-9]* SocketsPerBoard=[0-9]* CoresPerSocket=[0-9]* ThreadsPerCore=[0-9]*' || true)"
  [[ -n "$topo" ]] || topo="CPUs=$(nproc)"
  cat >"$CONF.tmp" <<EOF
# Written by environment/slurm-local.sh: a one-node cluster on loopback, everything under $DIR.
ClusterName=rrl-local
SlurmctldHost=localhost
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
CredType=cred/munge
# cred_expire is also how long a requeued job waits before it may start again (default 120 s).
AuthInfo=socket=$SOCKET,cred_expire=10
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
# Start jobs within a second or two of being submitted or freed (defaults: 60 s main loop, 30 s backfill).
SchedulerParameters=sched_interval=2,bf_interval=1,batch_sched_delay=0
JobRequeue=1
ReturnToService=2
KillWait=5
MinJobAge=600
NodeName=localhost NodeAddr=127.0.0.1 $topo RealMemory=1024 State=UNKNOWN
PartitionName=local Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
  mv "$CONF.tmp" "$CONF"
}

stop() {
  local p d
  if running slurmctld; then
    # Cancelled jobs let slurmstepd end their processes itself; wait a little for that.
    timeout 5 scancel --user="$(id -un)" >/dev/null 2>&1 || true
    wait_for "jobs gone" 10 '[[ -z "$(timeout 2 squeue -h -o %i 2>/dev/null)" ]]' || true
  fi
  for d in watch slurmd slurmctld munged; do
    [[ "$d" == watch && "$(pid_of watch)" == "$$" ]] && continue # the watcher itself stopping the cluster
    if p="$(pid_of "$d")"; then
      stop_pid "$p"
      say "$d stopped"
    fi
    rm -f "$DIR/$d.pid"
  done
  for p in $(strays); do
    kill -9 "$p" 2>/dev/null && say "killed stray job process $p" || true
  done
  say "stopped"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  status) status ;;
esac

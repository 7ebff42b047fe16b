#!/usr/bin/env bash
# Stops the Flink session cluster that start-flink-cluster.sh started from WORKDIR, by the PIDs it recorded in
# WORKDIR/run/*.pid (never by process name): SIGTERM to all at once (graceful shutdown), then SIGKILL to any
# process still alive after the grace period.
#
# Usage: stop-flink-cluster.sh [workdir (default /tmp/rios-flink)] [grace seconds (default 15)]
set -uo pipefail

WORKDIR="${1:-/tmp/rios-flink}"
GRACE="${2:-15}"
RUN="$WORKDIR/run"
log() { echo "[stop-flink-cluster] $*" >&2; }

[[ -d "$RUN" ]] || { log "nothing to stop: no $RUN"; exit 0; }
WORKDIR="$(cd "$WORKDIR" && pwd)"

# Alive = exists and is not a zombie (a process killed but not yet reaped by its parent).
alive() { kill -0 "$1" 2>/dev/null && ! grep -qs '^[0-9]* (.*) Z' "/proc/$1/stat"; }

# Only PIDs that are alive and still the java process started for this workdir (a PID may be reused).
ours() {
  local pid=$1
  alive "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "--configDir $WORKDIR/conf"
}

pids=()
names=()
for f in "$RUN"/*.pid; do
  [[ -f "$f" ]] || continue
  pid="$(cat "$f")"
  if ours "$pid"; then
    pids+=("$pid")
    names+=("$(basename "$f" .pid)")
  fi
  rm -f "$f"
done
rm -f "$WORKDIR/rest-address"
((${#pids[@]})) || { log "no running process recorded in $RUN"; exit 0; }

kill -TERM "${pids[@]}" 2>/dev/null
deadline=$(( $(date +%s) + GRACE ))
for i in "${!pids[@]}"; do
  pid=${pids[$i]}
  while alive "$pid" && (( $(date +%s) < deadline )); do sleep 0.2; done
  if alive "$pid"; then
    log "${names[$i]} (pid $pid) still alive after ${GRACE}s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null
  fi
done
# Reap: wait until the killed processes are gone.
for pid in "${pids[@]}"; do
  for _ in $(seq 1 50); do alive "$pid" || break; sleep 0.1; done
done
log "stopped: $(for i in "${!pids[@]}"; do printf '%s(%s) ' "${names[$i]}" "${pids[$i]}"; done)"

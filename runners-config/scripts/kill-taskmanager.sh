#!/usr/bin/env bash
# Kills one TaskManager of the cluster started by start-flink-cluster.sh, by its recorded PID, to simulate a
# lost machine (fault-injection tests). The JobManager notices within a few seconds (heartbeat settings in
# config.yaml) and restarts running jobs according to their restart strategy.
#
# Usage: kill-taskmanager.sh [workdir (default /tmp/rios-flink)] [index (default 1)] [signal (default KILL)]
# Prints the PID it killed.
set -euo pipefail

WORKDIR="${1:-/tmp/rios-flink}"
INDEX="${2:-1}"
SIG="${3:-KILL}"
f="$WORKDIR/run/taskmanager-$INDEX.pid"
[[ -f "$f" ]] || { echo "[kill-taskmanager] no $f" >&2; exit 1; }
pid="$(cat "$f")"
WORKDIR="$(cd "$WORKDIR" && pwd)"
if ! kill -0 "$pid" 2>/dev/null \
   || ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "TaskManagerRunner --configDir $WORKDIR/conf"; then
  echo "[kill-taskmanager] taskmanager-$INDEX (pid $pid) is not running" >&2
  exit 1
fi
kill "-$SIG" "$pid"
alive() { kill -0 "$1" 2>/dev/null && ! grep -qs '^[0-9]* (.*) Z' "/proc/$1/stat"; }   # not a zombie
for _ in $(seq 1 50); do
  alive "$pid" || break
  sleep 0.1
done
echo "$pid"

#!/usr/bin/env bash
# Stops the cluster that scripts/start-slurm-cluster.sh DIR started: cancels any job still queued or running,
# then stops slurmd, slurmctld and munged by the PIDs in their pid files (never by name), waiting up to 10 s
# each before SIGKILL. Safe to run when nothing is running.
#
# Usage: scripts/stop-slurm-cluster.sh DIR
set -uo pipefail
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
[ -d "$1" ] || exit 0
B="$(cd "$1" && pwd)"
export SLURM_CONF="$B/etc/slurm.conf"
if [ -f "$B/run/slurmctld.pid" ] && kill -0 "$(cat "$B/run/slurmctld.pid")" 2>/dev/null; then
  jobs=$(squeue -h -o %i 2>/dev/null | tr '\n' ' ')
  if [ -n "${jobs// /}" ]; then
    echo "[stop-slurm] cancelling leftover jobs: $jobs" >&2
    # shellcheck disable=SC2086
    scancel $jobs 2>/dev/null
  fi
fi
for f in "$B/run/slurmd.pid" "$B/run/slurmctld.pid" "$B/munge/run/munged.pid"; do
  [ -f "$f" ] || continue
  pid=$(cat "$f")
  kill -TERM "$pid" 2>/dev/null || continue
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
done
exit 0

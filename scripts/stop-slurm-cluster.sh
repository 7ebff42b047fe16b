#!/usr/bin/env bash
# Stops the cluster that scripts/start-slurm-cluster.sh DIR started: cancels any job still queued or running,
# then stops slurmd, slurmctld and munged by the PIDs in their pid files (never by name), waiting up to 10 s
# each before SIGKILL. A PID is signalled only while /proc/PID/comm is the daemon that pid file belongs to: a
# stale pid file (the daemon gone, its PID since given to another process) is reported and removed instead.
# Safe to run when nothing is running.
#
# Usage: scripts/stop-slurm-cluster.sh DIR
set -uo pipefail
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
[ -d "$1" ] || exit 0
B="$(cd "$1" && pwd)"
export SLURM_CONF="$B/etc/slurm.conf"
# shellcheck source=scripts/slurm-daemons.sh
. "$(dirname "$0")/slurm-daemons.sh"
if [ -n "$(daemon_pid slurmctld "$B/run/slurmctld.pid")" ]; then
  jobs=$(squeue -h -o %i 2>/dev/null | tr '\n' ' ')
  if [ -n "${jobs// /}" ]; then
    echo "[stop-slurm] cancelling leftover jobs: $jobs" >&2
    # shellcheck disable=SC2086
    scancel $jobs 2>/dev/null
  fi
fi
for d in "slurmd $B/run/slurmd.pid" "slurmctld $B/run/slurmctld.pid" "munged $B/munge/run/munged.pid"; do
  read -r name f <<<"$d"
  [ -f "$f" ] || continue
  pid=$(daemon_pid "$name" "$f")
  if [ -z "$pid" ]; then
    echo "[stop-slurm] $f: no running $name with PID '$(head -c 32 "$f" 2>/dev/null)'; removing the stale pid file" >&2
    rm -f "$f"
    continue
  fi
  stop_daemon "$name" "$pid"
done
exit 0

#!/usr/bin/env bash
# Shared by start-slurm-cluster.sh and stop-slurm-cluster.sh (sourced, not run): finding and stopping the
# private cluster's daemons by PID, only while a PID still belongs to the daemon its pid file names (a stale
# pid file can name a PID the system has given to another process since).

# is_daemon NAME PID: whether PID is a live process (not a zombie) named NAME (/proc/PID/comm).
is_daemon() {
  [ "$(cat "/proc/$2/comm" 2>/dev/null)" = "$1" ] \
    && [ "$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$2/status" 2>/dev/null)" != Z ]
}

# daemon_pid NAME PIDFILE: the PID in PIDFILE if that process is a live NAME, else nothing.
daemon_pid() {
  local pid=""
  if [ -f "$2" ]; then pid="$(cat "$2" 2>/dev/null || true)"; fi
  case "$pid" in "" | *[!0-9]*) return 0 ;; esac
  if is_daemon "$1" "$pid"; then echo "$pid"; fi
  return 0
}

# stop_daemon NAME PID: SIGTERM, up to 10 s to exit, then SIGKILL; only while PID is still a live NAME.
stop_daemon() {
  local name="$1" pid="$2"
  is_daemon "$name" "$pid" || return 0
  echo "[slurm] stopping $name (PID $pid)" >&2
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do is_daemon "$name" "$pid" || return 0; sleep 0.1; done
  if is_daemon "$name" "$pid"; then
    echo "[slurm] $name (PID $pid) still running after 10 s: SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  return 0
}

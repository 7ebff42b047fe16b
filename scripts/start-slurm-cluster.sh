#!/usr/bin/env bash
# Starts a private single-node SLURM cluster for tests and demos: munged, slurmctld and slurmd, all as
# daemons whose state, logs, pid files and munge socket live under DIR (nothing under /etc or /run is used),
# the controller on this host's short name (which must resolve; here it is 127.0.0.1). Writes DIR/etc/slurm.conf
# on first use (and again when it is not this script's current one); clients find the cluster through
# SLURM_CONF=DIR/etc/slurm.conf. Waits until the node is idle.
# Nothing listens beyond this host: slurmctld (port 6817) and slurmd (port 6818) bind 127.0.0.1 only
# (SlurmctldHost=HOST(127.0.0.1), NodeAddr=127.0.0.1), which is checked once they are up, and munged has only
# its Unix socket. If a daemon does not start, or the node is not idle within 30 s, the daemons this run
# started are stopped again before it exits 1.
# The node advertises at least 4 CPUs (config_overrides) so a few one-CPU worker jobs run at once on small
# machines. Stop it with scripts/stop-slurm-cluster.sh DIR (by PID).
#
# Usage: scripts/start-slurm-cluster.sh DIR        (as root; installs the packages if missing)
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/install-slurm.sh"
mkdir -p "$1"
B="$(cd "$1" && pwd)"
export SLURM_CONF="$B/etc/slurm.conf"
H="$(hostname -s)"
ADDR=127.0.0.1
CTLD_PORT=6817
SLURMD_PORT=6818
log() { echo "[start-slurm] $*" >&2; }
if ! getent hosts "$H" >/dev/null; then
  log "host name $H does not resolve; slurmd needs it: adding '$ADDR $H' to /etc/hosts"
  echo "$ADDR $H" >> /etc/hosts
fi

# shellcheck source=scripts/slurm-daemons.sh
. "$(dirname "$0")/slurm-daemons.sh"

for d in "munged $B/munge/run/munged.pid" "slurmctld $B/run/slurmctld.pid" "slurmd $B/run/slurmd.pid"; do
  read -r name pidfile <<<"$d" # (the pid file's path, with any blanks in DIR, is the rest of the line)
  pid="$(daemon_pid "$name" "$pidfile")"
  if [ -n "$pid" ]; then
    log "$name (PID $pid) is already running from $B; stop it first: scripts/stop-slurm-cluster.sh $B"
    exit 1
  fi
  rm -f "$pidfile" # stale: the daemon is gone; a fresh pid file is how start_daemon sees it start
done

mkdir -p "$B/etc" "$B/munge/etc" "$B/munge/run" "$B/munge/lib" "$B/munge/log" "$B/spool/ctld" "$B/spool/d" \
  "$B/log" "$B/run"
# munged insists on o+x along the path to its socket, and on private key/state/log directories.
chmod 755 "$B" "$B/munge" "$B/munge/run"
chmod 700 "$B/munge/etc" "$B/munge/lib" "$B/munge/log"
# A configuration this script did not write for this host and address (an older one listening on every
# interface, or one from another host name) is set aside and written anew.
ctld_line="SlurmctldHost=$H($ADDR)"
if [ -f "$SLURM_CONF" ] && ! grep -qxF "$ctld_line" "$SLURM_CONF"; then
  log "$SLURM_CONF is not for $H on $ADDR only: moved to $SLURM_CONF.old, writing a new one"
  mv -f "$SLURM_CONF" "$SLURM_CONF.old"
fi
if [ ! -f "$SLURM_CONF" ]; then
  cpus=$(nproc); [ "$cpus" -ge 4 ] || cpus=4
  mem=$(slurmd -C | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')
  if [ -z "$mem" ] || [ "$mem" -le 200 ]; then log "slurmd -C reported no usable RealMemory ('$mem')"; exit 1; fi
  mem=$((mem - 100))
  cat > "$SLURM_CONF" <<CONF
ClusterName=riostest
$ctld_line
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$B/munge/run/munge.socket.2
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
StateSaveLocation=$B/spool/ctld
SlurmdSpoolDir=$B/spool/d
SlurmctldPidFile=$B/run/slurmctld.pid
SlurmdPidFile=$B/run/slurmd.pid
SlurmctldLogFile=$B/log/slurmctld.log
SlurmdLogFile=$B/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$B/log/jobcomp.txt
MpiDefault=none
MailProg=/bin/true
SwitchType=switch/none
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
ReturnToService=2
MinJobAge=300
KillWait=5
InactiveLimit=0
SlurmctldTimeout=30
SlurmdTimeout=60
NodeName=$H NodeAddr=$ADDR NodeHostname=$H CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$H Default=YES MaxTime=INFINITE State=UP
CONF
fi

# munged needs a key of at least 32 bytes that only its owner can read: an empty or short one (an interrupted
# earlier run) is made anew; a good one is kept, its mode made 0600 (munged refuses a readable key).
key="$B/munge/etc/munge.key"
if [ ! -f "$key" ] || [ "$(stat -c %s "$key")" -lt 32 ]; then
  rm -f "$key"
  mungekey --create --keyfile="$key"
fi
chmod 600 "$key"

# slurmctld and slurmd bind the wildcard address whatever slurm.conf says (Debian's SLURM 22.05 ignores the
# addresses above when binding), so they run with a small preloaded library, built here, whose bind() puts
# the loopback address (127.0.0.1, ::1) where a wildcard address was asked for; it takes itself out of
# LD_PRELOAD once loaded, so the daemons' children (slurmstepd, the jobs) run without it.
shim="$B/lib/loopback-bind.so"
if [ ! -f "$shim" ] || [ "$shim" -ot "$0" ]; then
  command -v cc >/dev/null 2>&1 || { log "a C compiler (cc) is needed to build $shim"; exit 1; }
  mkdir -p "$B/lib"
  cat > "$B/lib/loopback-bind.c" <<'SHIM'
/* Preloaded into slurmctld and slurmd by scripts/start-slurm-cluster.sh: a bind() to the wildcard address
 * binds the loopback address instead, so that the private cluster listens on this host only. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

typedef int (*bind_fn)(int, const struct sockaddr *, socklen_t);

__attribute__((constructor)) static void leave_ld_preload(void) { unsetenv("LD_PRELOAD"); }

int bind(int fd, const struct sockaddr *addr, socklen_t len) {
  static bind_fn next_bind;
  if (!next_bind) next_bind = (bind_fn) dlsym(RTLD_NEXT, "bind");
  if (addr && addr->sa_family == AF_INET && len >= (socklen_t) sizeof(struct sockaddr_in)) {
    struct sockaddr_in a;
    memcpy(&a, addr, sizeof a);
    if (a.sin_addr.s_addr == htonl(INADDR_ANY)) {
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      return next_bind(fd, (const struct sockaddr *) &a, sizeof a);
    }
  } else if (addr && addr->sa_family == AF_INET6 && len >= (socklen_t) sizeof(struct sockaddr_in6)) {
    struct sockaddr_in6 a;
    memcpy(&a, addr, sizeof a);
    if (IN6_IS_ADDR_UNSPECIFIED(&a.sin6_addr)) {
      a.sin6_addr = in6addr_loopback;
      return next_bind(fd, (const struct sockaddr *) &a, sizeof a);
    }
  }
  return next_bind(fd, addr, len);
}
SHIM
  cc -O2 -Wall -shared -fPIC -o "$shim.tmp" "$B/lib/loopback-bind.c" -ldl >"$B/lib/build.log" 2>&1 \
    || { cat "$B/lib/build.log" >&2; log "could not build $shim"; exit 1; }
  mv -f "$shim.tmp" "$shim"
fi

# What this run starts is stopped again if the cluster does not come up (on any exit before it is up).
started_names=() started_pidfiles=() started_pids=()
up=""
# shellcheck disable=SC2317  # the EXIT trap
cleanup() {
  [ -z "$up" ] || return 0
  local i pid
  for ((i = ${#started_names[@]} - 1; i >= 0; i--)); do
    pid="${started_pids[$i]}"
    [ -n "$pid" ] || pid="$(daemon_pid "${started_names[$i]}" "${started_pidfiles[$i]}")"
    [ -z "$pid" ] || stop_daemon "${started_names[$i]}" "$pid"
  done
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# start_daemon NAME PIDFILE CMD...: runs CMD (which puts NAME in the background) and waits up to 10 s for
# PIDFILE to name a live NAME; exits 1 if it does not.
start_daemon() {
  local name="$1" pidfile="$2" pid=""
  shift 2
  # recorded before its PID is known: cleanup then reads the pid file (removed above, so it is this run's)
  started_names+=("$name"); started_pidfiles+=("$pidfile"); started_pids+=("")
  "$@" || { log "$name failed to start (exit status $?); logs in $B/log and $B/munge/log"; exit 1; }
  for _ in $(seq 1 100); do
    pid="$(daemon_pid "$name" "$pidfile")"
    [ -z "$pid" ] || break
    sleep 0.1
  done
  [ -n "$pid" ] || { log "$name did not start (no live $name in $pidfile after 10 s); logs in $B/log and $B/munge/log"
    exit 1; }
  started_pids[${#started_pids[@]} - 1]="$pid"
}
start_daemon munged "$B/munge/run/munged.pid" munged --key-file="$key" --socket="$B/munge/run/munge.socket.2" \
  --pid-file="$B/munge/run/munged.pid" --log-file="$B/munge/log/munged.log" --seed-file="$B/munge/lib/munged.seed"
start_daemon slurmctld "$B/run/slurmctld.pid" env LD_PRELOAD="$shim" slurmctld
start_daemon slurmd "$B/run/slurmd.pid" env LD_PRELOAD="$shim" slurmd

# wide_listeners PORT...: the TCP sockets listening on these ports at any address but the loopback one, from
# /proc/net/tcp and tcp6 (addresses and ports in hex there: 127.0.0.1 is 0100007F, ::1 is 0...01000000).
wide_listeners() {
  local p ports="" files=()
  for p in "$@"; do ports+=" $(printf '%04X' "$p") "; done
  for p in /proc/net/tcp /proc/net/tcp6; do [ ! -r "$p" ] || files+=("$p"); done
  [ ${#files[@]} -gt 0 ] || { echo "(no /proc/net/tcp to check)"; return 0; }
  awk -v ports="$ports" '$4 == "0A" { split($2, a, ":")
      if (index(ports, " " a[2] " ") && a[1] != "0100007F" && a[1] != "00000000000000000000000001000000")
        print FILENAME ":" $2 }' "${files[@]}"
}
for _ in $(seq 1 300); do
  if sinfo -h -o %T 2>/dev/null | grep -qx idle; then
    wide="$(wide_listeners "$CTLD_PORT" "$SLURMD_PORT")"
    if [ -n "$wide" ]; then
      log "slurmctld/slurmd listen beyond $ADDR: $(echo "$wide" | tr '\n' ' ')"
      exit 1
    fi
    up=1
    log "SLURM up on $H ($ADDR only); export SLURM_CONF=$SLURM_CONF"
    exit 0
  fi
  sleep 0.1
done
log "the node did not become idle in 30 s; logs in $B/log and $B/munge/log"
exit 1

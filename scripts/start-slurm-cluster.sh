#!/usr/bin/env bash
# Starts a private single-node SLURM cluster for tests and demos: munged, slurmctld and slurmd, all as
# daemons whose state, logs, pid files and munge socket live under DIR (nothing under /etc or /run is used),
# the controller on this host's short name (which must resolve; here it is 127.0.0.1). Writes DIR/etc/slurm.conf
# on first use; clients find the cluster through SLURM_CONF=DIR/etc/slurm.conf. Waits until the node is idle.
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
if ! getent hosts "$H" >/dev/null; then
  echo "[start-slurm] host name $H does not resolve; slurmd needs it: adding '127.0.0.1 $H' to /etc/hosts" >&2
  echo "127.0.0.1 $H" >> /etc/hosts
fi
if [ -f "$B/run/slurmctld.pid" ] && kill -0 "$(cat "$B/run/slurmctld.pid")" 2>/dev/null; then
  echo "[start-slurm] a cluster is already running from $B; stop it first" >&2; exit 1
fi
mkdir -p "$B/etc" "$B/munge/etc" "$B/munge/run" "$B/munge/lib" "$B/munge/log" "$B/spool/ctld" "$B/spool/d" \
  "$B/log" "$B/run"
# munged insists on o+x along the path to its socket, and on private key/state/log directories.
chmod 755 "$B" "$B/munge" "$B/munge/run"
chmod 700 "$B/munge/etc" "$B/munge/lib" "$B/munge/log"
if [ ! -f "$SLURM_CONF" ]; then
  cpus=$(nproc); [ "$cpus" -ge 4 ] || cpus=4
  mem=$(slurmd -C | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p'); mem=$((mem - 100))
  cat > "$SLURM_CONF" <<CONF
ClusterName=riostest
SlurmctldHost=$H
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$B/munge/run/munge.socket.2
SlurmctldPort=6817
SlurmdPort=6818
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
NodeName=$H CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$H Default=YES MaxTime=INFINITE State=UP
CONF
fi
[ -f "$B/munge/etc/munge.key" ] || mungekey --create --keyfile="$B/munge/etc/munge.key"
munged --key-file="$B/munge/etc/munge.key" --socket="$B/munge/run/munge.socket.2" \
  --pid-file="$B/munge/run/munged.pid" --log-file="$B/munge/log/munged.log" --seed-file="$B/munge/lib/munged.seed"
slurmctld
slurmd
for _ in $(seq 1 300); do
  if sinfo -h -o %T 2>/dev/null | grep -qx idle; then
    echo "[start-slurm] SLURM up on $H; export SLURM_CONF=$SLURM_CONF" >&2
    exit 0
  fi
  sleep 0.1
done
echo "[start-slurm] the node did not become idle in 30 s; logs in $B/log and $B/munge/log" >&2
exit 1

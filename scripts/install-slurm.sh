#!/usr/bin/env bash
# Installs what the CW_SLURM / CW_PBS integration tests need from Debian's archive: SLURM's controller and
# node daemons, its client commands, munge (authentication), and slurm-wlm-torque (PBS-style qsub, qstat,
# qdel wrappers that drive the same SLURM cluster), and a C compiler (scripts/start-slurm-cluster.sh builds a
# small library that keeps the daemons on 127.0.0.1). Idempotent: does nothing when everything is present.
# The packages' own service start-up is refused by policy-rc.d on machines without an init system, which is
# harmless: scripts/start-slurm-cluster.sh starts private daemons instead.
#
# Usage: scripts/install-slurm.sh      (as root)
set -euo pipefail
# mungekey makes the private cluster's munge key and cc its loopback-bind library (start-slurm-cluster.sh):
# checked before and after installing, like the rest
cmds=(slurmctld slurmd sbatch squeue scancel munged mungekey qsub qstat qdel cc)
need=()
for cmd in "${cmds[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || need+=("$cmd")
done
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "[install-slurm] missing: ${need[*]}; installing from the Debian archive" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge slurm-wlm-torque gcc libc6-dev \
  >/dev/null
for cmd in "${cmds[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || { echo "[install-slurm] $cmd still missing after apt-get" >&2; exit 1; }
done
echo "[install-slurm] installed slurmctld, slurmd, the client commands, munge, slurm-wlm-torque and gcc" >&2

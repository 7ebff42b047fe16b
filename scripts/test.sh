#!/usr/bin/env bash
# Runs the whole test suite: installs GDAL's native Java part, GDAL's Python utilities (the COG validator)
# and the SLURM packages (for the CW_SLURM / CW_PBS integration tests) if missing, then builds every module and runs all unit and integration tests
# with Maven. The tests start and stop their own Flink and SLURM daemons, S3 server and HTTP server. Used as-is by CI (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-gdal-java.sh
bash scripts/install-test-tools.sh
bash scripts/install-slurm.sh
mvn -B -ntp verify "$@"

#!/usr/bin/env bash
# Runs the whole test suite: installs GDAL's native Java part if missing, then builds every module and runs
# all unit and integration tests with Maven. Used as-is by CI (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-gdal-java.sh
mvn -B -ntp verify "$@"

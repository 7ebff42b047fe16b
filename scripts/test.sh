#!/usr/bin/env bash
# Runs the whole test suite: installs GDAL's native Java part, GDAL's Python utilities (the COG validator)
# and the SLURM packages (for the CW_SLURM / CW_PBS integration tests) if missing, then builds every module and runs all unit and integration tests
# with Maven. The tests start and stop their own Flink and SLURM daemons, S3 server and HTTP server. Used as-is by CI (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-gdal-java.sh
bash scripts/install-test-tools.sh
bash scripts/install-slurm.sh
# the tests name files outside ASCII, which a JVM started under a locale without UTF-8 cannot (LANG=C or unset,
# as in a bare container); C.UTF-8 is part of every Debian/Ubuntu libc
if [ "$(locale charmap 2>/dev/null)" != "UTF-8" ]; then export LC_ALL=C.UTF-8; fi
mvn -B -ntp verify "$@"

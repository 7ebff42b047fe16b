#!/usr/bin/env bash
# Installs what the tests use besides GDAL's Java natives: GDAL's Python utilities (python3-gdal), whose
# validate_cloud_optimized_geotiff checks the COG outputs in the integration tests (and which the JNI-parity
# benchmark uses). Idempotent: exits at once when they are there.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
if /usr/bin/python3 -c "from osgeo_utils.samples import validate_cloud_optimized_geotiff" >/dev/null 2>&1; then
  exit 0
fi
echo "[install-test-tools] installing python3-gdal" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends python3-gdal >/dev/null
/usr/bin/python3 -c "from osgeo_utils.samples import validate_cloud_optimized_geotiff" >/dev/null

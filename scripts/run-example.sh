#!/usr/bin/env bash
# Runs the main example end to end on a fresh Debian/Ubuntu machine: installs GDAL's native Java part if
# missing, fetches a real Landsat 7 sample image from Debian's r-cran-stars package, builds the project,
# computes NDVI with the applier, prints the timing report and shows the output's statistics, histogram
# and overviews with gdalinfo.
#
# Usage: scripts/run-example.sh [ExampleClass args...]   (default: NdviExample on the Landsat sample)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-gdal-java.sh
data="$(bash scripts/get-sample-data.sh)"
mvn -B -ntp -q -DskipTests install
cp="$(cat examples/target/classpath.txt):examples/target/classes"
out="${RIOS_EXAMPLE_OUT:-$PWD/examples/target/example-output}"
mkdir -p "$out"
if [ $# -gt 0 ]; then
  cls="$1"; shift
  exec java -cp "$cp" "org.rios.examples.$cls" "$@"
fi
java -cp "$cp" org.rios.examples.NdviExample "$data/stars/tif/L7_ETMs.tif" "$out/ndvi.tif"
echo
echo "== gdalinfo -stats -hist $out/ndvi.tif"
gdalinfo -stats -hist "$out/ndvi.tif"

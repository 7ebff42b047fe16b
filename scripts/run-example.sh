#!/usr/bin/env bash
# Runs the main example end to end on a fresh Debian/Ubuntu machine: installs GDAL's native Java part if
# missing, fetches a real Landsat 7 sample image from Debian's r-cran-stars package, builds the project,
# computes NDVI with the applier, prints the timing report and shows the output's statistics, histogram
# and overviews with gdalinfo.
#
# Usage: scripts/run-example.sh [ExampleClass args...]   (default: NdviExample on the Landsat sample)
#   The example runs in the directory the script was started from, so relative paths among its args (and in
#   RIOS_EXAMPLE_OUT, the default run's output directory) are relative to that directory.
set -euo pipefail
caller_dir="$PWD"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash scripts/install-gdal-java.sh
data="$(bash scripts/get-sample-data.sh)"
mvn -B -ntp -q -DskipTests install
# absolute, so that the class path holds from the caller's directory too (classpath.txt's entries are absolute)
cp="$(cat examples/target/classpath.txt):$root/examples/target/classes"
if [ $# -gt 0 ]; then
  cls="$1"; shift
  cd "$caller_dir"
  exec java -cp "$cp" "org.rios.examples.$cls" "$@"
fi
out="${RIOS_EXAMPLE_OUT:-$root/examples/target/example-output}"
case "$out" in /*) ;; *) out="$caller_dir/$out" ;; esac
mkdir -p "$out"
java -cp "$cp" org.rios.examples.NdviExample "$data/stars/tif/L7_ETMs.tif" "$out/ndvi.tif"
echo
echo "== gdalinfo -stats -hist $out/ndvi.tif"
gdalinfo -stats -hist "$out/ndvi.tif"

#!/usr/bin/env bash
# Concurrency benchmark: generates an 8192 x 8192 4-band UInt16 DEFLATE GTiff, times gdal_translate of it
# (same creation options: the I/O floor) and a sequential applier copy, then runs an I/O-bound workload
# (NDVI) and a compute-bound one (a per-pixel iteration) under the styles sequential / 1 read worker /
# 1 read + 2 compute threads / 1 read + 2 subprocess workers / Beam DirectRunner and embedded Flink with
# parallelism 2, each in its own JVM, printing every timing
# report, the speedups against sequential, and each run's peak RSS. Finally the memory check: the
# threaded NDVI on 4096^2 and 16384^2 4-band rasters with GDAL's cache capped, whose peak RSS
# should be the same. Writes a timeline of the threaded compute-bound run to <workdir>/timeline.html.
# Last, the collections benchmark (scripts/benchmark-jobs.sh): 8 NDVI jobs of 4096^2 with RiosIO.
#
# Usage: scripts/benchmark.sh [workdir] [size]     (default /tmp/rios-bench, 8192; needs ~2 GB free)
set -euo pipefail
# shellcheck source=scripts/bench-common.sh
source "$(dirname "$0")/bench-common.sh"
work="${1:-/tmp/rios-bench}"
size="${2:-8192}"
mkdir -p "$work"
in="$work/in_${size}.tif"
[ -f "$in" ] || java -cp "$cp" org.rios.examples.bench.MakeBenchRaster "$in" "$size" "$size" 4

run() { # label, then command...; prints the command output, sets SECS and RSS
  local label="$1"; shift
  local out
  out=$( { /usr/bin/time -f "TIME %e %M" "$@" ; } 2>&1 )
  echo "---- $label"; echo "$out" | grep -v '^TIME' || true
  SECS=$(echo "$out" | awk '/^TIME/{print $2}'); RSS=$(echo "$out" | awk '/^TIME/{printf "%.0f", $3/1024}')
}

rm -f "$work/gdal_translate.tif"
run "gdal_translate (I/O floor)" gdal_translate -q -co TILED=YES -co COMPRESS=DEFLATE -co INTERLEAVE=BAND \
  -co BIGTIFF=IF_SAFER "$in" "$work/gdal_translate.tif"
floor=$SECS; floorRss=$RSS
run "applier copy, sequential" java -cp "$cp" org.rios.examples.bench.ConcurrencyBenchmark "$in" "$work/copy.tif" copy seq
copy=$SECS; copyRss=$RSS

declare -A T R
for w in ndvi iterate; do
  for s in seq read1 threads subproc direct flinklocal; do
    tl=""; [ "$w/$s" = "iterate/threads" ] && tl="$work/timeline.html"
    run "$w / $s" java -cp "$cp" org.rios.examples.bench.ConcurrencyBenchmark "$in" "$work/${w}_$s.tif" "$w" "$s" $tl
    T[$w/$s]=$SECS; R[$w/$s]=$RSS
  done
done

echo
echo "== Summary (${size}x${size}, 4-band UInt16 DEFLATE; $(nproc) cores)"
printf '%-34s %9s %9s %9s\n' run seconds ratio peakRssMB
printf '%-34s %9.2f %9s %9s\n' "gdal_translate (floor)" "$floor" "1.00" "$floorRss"
printf '%-34s %9.2f %9s %9s\n' "applier copy, sequential" "$copy" "$(div "$copy" "$floor")" "$copyRss"
for w in ndvi iterate; do
  for s in seq read1 threads subproc direct flinklocal; do
    printf '%-34s %9.2f %9s %9s\n' "$w / $s" "${T[$w/$s]}" "x$(div "${T[$w/seq]}" "${T[$w/$s]}")" "${R[$w/$s]}"
  done
done
echo "(ratio: copy vs gdal_translate; workloads: speed-up over their sequential run)"

echo
echo "== Memory: threaded NDVI with GDAL_CACHEMAX=64 at 4096^2 and 16384^2"
for n in 4096 16384; do
  f="$work/in_${n}.tif"
  [ -f "$f" ] || java -cp "$cp" org.rios.examples.bench.MakeBenchRaster "$f" "$n" "$n" 4
  out=$( { env GDAL_CACHEMAX=64 /usr/bin/time -f "TIME %e %M" java -Xmx256m -cp "$cp" \
           org.rios.examples.bench.ConcurrencyBenchmark "$f" "$work/mem_$n.tif" ndvi threads ; } 2>&1 )
  printf '%-8s %8s s  peak RSS %6s MB\n' "$n" "$(echo "$out" | awk '/^TIME/{print $2}')" \
    "$(echo "$out" | awk '/^TIME/{printf "%.0f", $3/1024}')"
done
echo "timeline of iterate/threads: $work/timeline.html"

echo
bash scripts/benchmark-jobs.sh "$work/jobs" 4096 8

#!/usr/bin/env bash
# Measures what the sequential applier costs on top of GDAL's own I/O, and that its memory does not grow
# with the raster: for 4096^2 and 16384^2 single-band UInt16 DEFLATE rasters it copies the file
#   (1) with gdal_translate and the same creation options (the I/O floor),
#   (2) through the applier as a plain copy, with a 64 MB Java heap,
#   (3) through the applier with statistics, histogram and overviews,
#   (4) as (2) with GDAL's block cache capped at 64 MB (GDAL_CACHEMAX=64), to show what the applier itself needs,
# and prints wall times, ratios to gdal_translate and peak RSS / heap. Builds the project first if it is missing
# or older than its sources (scripts/bench-common.sh), and installs the time package if needed.
# A step that fails stops the script with that step's output.
# Usage: scripts/measure-sequential.sh [workdir]   (needs ~2 GB free in workdir)
#   With a workdir (relative to the current directory), its files are kept, and the input rasters are reused by
#   the next run; without one, a temporary directory under /tmp is used and removed when the script ends.
set -euo pipefail
# shellcheck source=scripts/bench-common.sh
source "$(dirname "$0")/bench-common.sh"
if [ -n "${1:-}" ]; then
  work="$(abs_path "$1")"
  mkdir -p "$work"
else
  work="$(mktemp -d /tmp/rios-measure.XXXXXX)"
  # its rasters and copies take ~2 GB: removed however the script ends (INT and TERM exit, so EXIT runs)
  trap 'rm -rf "$work"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
fi
div() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.4f", a/b}'; }
CO=(-co TILED=YES -co COMPRESS=DEFLATE -co INTERLEAVE=BAND -co BIGTIFF=IF_SAFER)
printf '%-8s %-28s %9s %8s %10s %10s\n' size run seconds ratio peakRssMB peakHeapMB
for n in 4096 16384; do
  in="$work/in_$n.tif"
  [ -f "$in" ] || capture "making the $n^2 input" java -cp "$cp" org.rios.examples.bench.MakeBenchRaster "$in" "$n" "$n" 1
  rm -f "$work/gt_$n.tif"
  # timed (bench-common.sh): a failing step prints its output and its name, and the script exits 1
  timed "gdal_translate $n" gdal_translate -q "${CO[@]}" "$in" "$work/gt_$n.tif"
  gsec=$(echo "$OUT" | awk '/^TIME/{print $2}'); grss=$(echo "$OUT" | awk '/^TIME/{print $3}')
  printf '%-8s %-28s %9.2f %8s %10.1f %10s\n' "$n" "gdal_translate" "$gsec" "1.00" "$(div "$grss" 1024)" "-"
  for mode in copy stats cache64; do
    flag=""; [ "$mode" = stats ] && flag="--stats"
    # cache64: GDAL's block cache (default 5% of RAM, most of the RSS of both tools) capped at 64 MB.
    cache=""; [ "$mode" = cache64 ] && cache="64"
    step="applier $mode $n"
    timed "$step" env ${cache:+GDAL_CACHEMAX=$cache} java -Xmx64m -cp "$cp" \
      org.rios.examples.bench.SequentialCostBenchmark "$in" "$work/rios_${mode}_$n.tif" $flag
    t=$(echo "$OUT" | awk '/^TIME/{print $2}'); rss=$(echo "$OUT" | awk '/^TIME/{print $3}')
    heap=$(echo "$OUT" | sed -n 's/^RESULT.*peakHeapMB=\([0-9.]*\).*/\1/p' | tail -n 1)
    [ -n "$heap" ] || { { echo "$OUT"; echo "[bench] FAILED: $step printed no RESULT line with peakHeapMB"; } >&2
      exit 1; }
    printf '%-8s %-28s %9.2f %8.2f %10.1f %10s\n' "$n" "applier ($mode, -Xmx64m)" "$t" "$(div "$t" "$gsec")" \
      "$(div "$rss" 1024)" "$heap"
  done
done
if [ -n "${1:-}" ]; then echo "(files in $work)"; else echo "(files in $work, removed on exit)"; fi

#!/usr/bin/env bash
# Measures what the sequential applier costs on top of GDAL's own I/O, and that its memory does not grow
# with the raster: for 4096^2 and 16384^2 single-band UInt16 DEFLATE rasters it copies the file
#   (1) with gdal_translate and the same creation options (the I/O floor),
#   (2) through the applier as a plain copy, with a 64 MB Java heap,
#   (3) through the applier with statistics, histogram and overviews,
#   (4) as (2) with GDAL's block cache capped at 64 MB (GDAL_CACHEMAX=64), to show what the applier itself needs,
# and prints wall times, ratios to gdal_translate and peak RSS / heap. Needs the project built
# (mvn -DskipTests install) and the time package.
# Usage: scripts/measure-sequential.sh [workdir]   (needs ~2 GB free in workdir)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
cp="$(cat examples/target/classpath.txt):examples/target/classes"
work="${1:-$(mktemp -d /tmp/rios-measure.XXXXXX)}"
mkdir -p "$work"
div() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.4f", a/b}'; }
CO=(-co TILED=YES -co COMPRESS=DEFLATE -co INTERLEAVE=BAND -co BIGTIFF=IF_SAFER)
printf '%-8s %-28s %9s %8s %10s %10s\n' size run seconds ratio peakRssMB peakHeapMB
for n in 4096 16384; do
  in="$work/in_$n.tif"
  [ -f "$in" ] || java -cp "$cp" org.rios.examples.bench.MakeBenchRaster "$in" "$n" "$n" 1
  rm -f "$work/gt_$n.tif"
  g=$( { /usr/bin/time -f "%e %M" gdal_translate -q "${CO[@]}" "$in" "$work/gt_$n.tif" ; } 2>&1 | tail -1)
  gsec=${g% *}; grss=${g#* }
  printf '%-8s %-28s %9.2f %8s %10.1f %10s\n' "$n" "gdal_translate" "$gsec" "1.00" "$(div "$grss" 1024)" "-"
  for mode in copy stats cache64; do
    flag=""; [ "$mode" = stats ] && flag="--stats"
    # cache64: GDAL's block cache (default 5% of RAM, most of the RSS of both tools) capped at 64 MB.
    cache=""; [ "$mode" = cache64 ] && cache="64"
    out=$( { env ${cache:+GDAL_CACHEMAX=$cache} /usr/bin/time -f "TIME %e %M" java -Xmx64m -cp "$cp" \
             org.rios.examples.bench.SequentialCostBenchmark "$in" "$work/rios_${mode}_$n.tif" $flag ; } 2>&1 )
    t=$(echo "$out" | grep '^TIME' | awk '{print $2}'); rss=$(echo "$out" | grep '^TIME' | awk '{print $3}')
    heap=$(echo "$out" | grep '^RESULT' | sed 's/.*peakHeapMB=\([0-9.]*\).*/\1/')
    printf '%-8s %-28s %9.2f %8.2f %10.1f %10s\n' "$n" "applier ($mode, -Xmx64m)" "$t" "$(div "$t" "$gsec")" \
      "$(div "$rss" 1024)" "$heap"
  done
done
echo "(files in $work)"

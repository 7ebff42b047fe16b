#!/usr/bin/env bash
# Concurrency and I/O benchmark, every configuration in its own JVM, side by side in one run:
#  - the machine's parallel capacity (two CPU-bound processes together vs one alone), at the start and again
#    before the summary (the ratios against it use their mean);
#  - fixed cost: a 64 x 64 copy, JVM start to exit, against gdal_translate of the same file (and with a class-data
#    archive of the classes it loads, -XX:SharedArchiveFile);
#  - the I/O floor: gdal_translate of an 8192 x 8192 4-band UInt16 DEFLATE GTiff with RIOS's creation options
#    and GDAL's own threads (NUM_THREADS=ALL_CPUS, GDAL_NUM_THREADS=ALL_CPUS), against the applier's
#    sequential copy;
#  - NDVI (I/O-bound) and a 200-step per-pixel Newton iteration (compute-bound) under sequential / 1 read
#    worker / 1 read + 2 compute threads / 2 reads + 2 threads / auto / 1 read + 2 subprocess workers /
#    CW_BEAM on the DirectRunner and on embedded Flink (parallelism 2); NDVI's CW_BEAM rows also with a
#    class-data archive of their runner's classes (*-cds: -XX:SharedArchiveFile, made by an untimed run);
#    with the single-job CW_BEAM targets against 1 read + 2 threads and the lower bound their CPU puts on them
#    (the runner's fixed CPU from NDVI runs of a 64 x 64 raster);
#  - RIOS's own workload: the per-pixel median of a stack of 8 single-band 4096^2 images, under sequential /
#    1 read / 1 read + 2 threads / 2 reads + 2 threads / auto;
#  - fast user functions: NDVI with typed arrays against per-pixel getDouble/setDouble (4096^2, sequential);
#  - JNI parity: every 256 x 256 window of the 8192^2 raster read and written through the library's RasterIO
#    against the same requests through GDAL's Python bindings (scripts/jni-parity.py, needs python3-gdal);
#  - memory: the threaded NDVI on 4096^2 and 16384^2 rasters with GDAL's cache capped, whose peak RSS should be
#    the same: the median of RIOS_BENCH_MEM_ROUNDS runs (default 3) as the library runs by default, one run with
#    the native-heap trimming off (RIOS_TRIM_NATIVE_HEAP_MS=0), each peak split into the Java heap and the rest;
#  - read amplification over HTTP: NDVI of a 4096^2 raster through /vsicurl/ from a local range-capable HTTP
#    server (RangeFileServer), as bytes sent per byte needed, for three layouts of the same pixels;
#  - collections (scripts/benchmark-jobs.sh): 8 NDVI jobs of 4096^2 with RiosIO.
# Prints every timing report, a summary with ratios, and each run's peak RSS. Writes a timeline of the
# threaded compute-bound run to <workdir>/timeline.html.
#
# Usage: scripts/benchmark.sh [workdir] [size]     (default /tmp/rios-bench, 8192; needs ~3 GB free)
#        RIOS_BENCH_SKIP_JOBS=1 leaves out the collections benchmark (RIOS_BENCH_ROUNDS=N runs its rows N times);
#        RIOS_BENCH_ONLY=median runs only the capacity line and the median-of-8 rows;
#        RIOS_BENCH_ONLY=ndvi runs only the capacity line and the NDVI rows of every style (with the 64x64
#          NDVI rows of the single-job CW_BEAM targets' bound);
#        RIOS_BENCH_ONLY=vsicurl runs only the read-amplification rows;
#        RIOS_BENCH_ONLY=memory runs only the memory rows
# A relative workdir is taken from the current directory. The project is built first when its build is missing
# or older than its sources (RIOS_BENCH_NO_BUILD=1: a warning instead; scripts/bench-common.sh); a step that
# fails stops the benchmark with that step's output and name.
set -euo pipefail
# shellcheck source=scripts/bench-common.sh
source "$(dirname "$0")/bench-common.sh"
work="$(abs_path "${1:-/tmp/rios-bench}")" # a relative workdir is the caller's, not the repository root's
size="${2:-8192}"
mkdir -p "$work"
only="${RIOS_BENCH_ONLY:-}"
case "$only" in
  "" | median | ndvi | vsicurl | memory) ;;
  *) echo "RIOS_BENCH_ONLY must be median, ndvi, vsicurl or memory (or unset for every row), not '$only'" >&2
     exit 1 ;;
esac
make() { [ -f "$1" ] || java -cp "$cp" org.rios.examples.bench.MakeBenchRaster "$1" "$2" "$2" "$3"; }
# the inputs, each made once (kept in the workdir) and only for the rows that read it
in="$work/in_${size}.tif"; case "$only" in "" | ndvi) make "$in" "$size" 4 ;; esac
small="$work/in_64.tif"; case "$only" in "" | ndvi) make "$small" 64 4 ;; esac
in4k="$work/in_4096.tif"; case "$only" in "" | ndvi | vsicurl) make "$in4k" 4096 4 ;; esac
stack="$work/in1_4096.tif"; case "$only" in "" | median) make "$stack" 4096 1 ;; esac

run() { # label, then command...; prints the command output, sets SECS, RSS, CPU (user + sys seconds) and OUT;
  # a command that fails stops the benchmark with its output and the label (timed, in bench-common.sh)
  local label="$1"; shift
  echo "---- $label"
  timed "$label" "$@"
  echo "$OUT" | grep -v '^TIME' || true
  SECS=$(echo "$OUT" | awk '/^TIME/{print $2}'); RSS=$(echo "$OUT" | awk '/^TIME/{printf "%.0f", $3/1024}')
  CPU=$(echo "$OUT" | awk '/^TIME/{print $4 + $5}')
}
result_lines() { # STEP: prints the RESULT lines of $OUT; none stops the benchmark with the whole output
  printf '%s\n' "$OUT" | grep '^RESULT' && return 0
  { printf '%s\n' "$OUT"; echo "[bench] FAILED: $1 printed no RESULT line"; } >&2
  exit 1
}
timer() { echo "$OUT" | awk -v t="$1" '$1==t {print $2; f=1} END{if(!f) print 0}'; } # a timer's total
bench=(java -cp "$cp" org.rios.examples.bench.ConcurrencyBenchmark)
gt_opts=(-q -co TILED=YES -co COMPRESS=DEFLATE -co INTERLEAVE=BAND -co BIGTIFF=IF_SAFER -co NUM_THREADS=ALL_CPUS
  --config GDAL_NUM_THREADS ALL_CPUS)

cap=$(capacity)

median_rows() {
  for s in "${mstyles[@]}"; do
    run "median8 / $s" "${bench[@]}" "$stack" "$work/median8_$s.tif" median8 "$s"
    T[median8/$s]=$SECS; R[median8/$s]=$RSS; C[median8/$s]=$CPU
  done
  # RIOS's sequential loop is single-threaded; ours lets GDAL encode and decode on the free cores
  run "median8 / seq, one GDAL thread" env RIOS_GDAL_THREADS=1 "${bench[@]}" "$stack" "$work/median8_seq1.tif" median8 seq
  T[median8/seq1]=$SECS; R[median8/seq1]=$RSS; C[median8/seq1]=$CPU
  # the README's JVM option for short runs: a fixed young generation reuses memory the kernel has mapped
  run "median8 / seq, java -Xmn64m" java -Xmn64m "${bench[@]:1}" "$stack" "$work/median8_seqxmn.tif" median8 seq
  T[median8/seqxmn]=$SECS; R[median8/seqxmn]=$RSS; C[median8/seqxmn]=$CPU
}
median_summary() {
  for s in "${mstyles[@]}" seq1 seqxmn; do
    label="median8 4096 / $s"; [ "$s" = seq1 ] && label="median8 4096 / seq, 1 GDAL thread"
    [ "$s" = seqxmn ] && label="median8 4096 / seq, java -Xmn64m"
    printf '%-34s %9.2f %9s %9s\n' "$label" "${T[median8/$s]}" \
      "x$(div "${T[median8/seq]}" "${T[median8/$s]}")" "${R[median8/$s]}"
  done
  printf 'median8, 1 read + 2 threads speed-up / capacity:       %s    (target >= 0.9; vs seq with GDAL threads)\n' \
    "$(awk -v s="${T[median8/seq]}" -v t="${T[median8/threads]}" -v c="$cap" 'BEGIN{printf "%.2f", s/t/c}')"
  printf 'median8, 1 read + 2 threads speed-up / capacity:       %s    (vs seq with one GDAL thread, as RIOS)\n' \
    "$(awk -v s="${T[median8/seq1]}" -v t="${T[median8/threads]}" -v c="$cap" 'BEGIN{printf "%.2f", s/t/c}')"
  # The bound: no schedule of the same CPU work on $(nproc) cores is shorter than its CPU seconds / cores.
  printf 'median8, 1 read + 2 threads: CPU %.1f s (user + sys) -> no run shorter than %.2f s on %d cores;\n' \
    "${C[median8/threads]}" "$(awk -v c="${C[median8/threads]}" -v n="$(nproc)" 'BEGIN{print c/n}')" "$(nproc)"
  printf '  the 0.9 x capacity target needs %.2f s (vs seq) or %.2f s (vs seq, one GDAL thread)\n' \
    "$(awk -v s="${T[median8/seq]}" -v c="$cap" 'BEGIN{print s/(0.9*c)}')" \
    "$(awk -v s="${T[median8/seq1]}" -v c="$cap" 'BEGIN{print s/(0.9*c)}')"
}
# mem_run FILE TRIM: one threaded NDVI of FILE with GDAL's cache capped and a 256 MB Java heap (TRIM, if set, is
# RIOS_TRIM_NATIVE_HEAP_MS); sets MSECS, MPEAK (peak RSS in MB, the kernel's high-water mark from GNU time) and,
# from /proc/PID/smaps sampled every 0.1 s, MHEAP and MREST: at the largest sample, the resident MB of the Java
# heap (with compressed oops a 256 MB heap lies below 4 GB, the only mappings there) and of everything else
# (GDAL's cache and buffers, glibc's arenas, the JVM's code, metaspace and thread stacks).
mem_run() {
  local f="$1" m="$2" log="$work/mem_run.log" tp jp="" best=0 h o
  MHEAP=0; MREST=0
  env GDAL_CACHEMAX=64 ${m:+RIOS_TRIM_NATIVE_HEAP_MS=$m} /usr/bin/time -o "$log.time" -f "%e %M" java -Xmx256m \
    -cp "$cp" org.rios.examples.bench.ConcurrencyBenchmark "$f" "$work/mem_out.tif" ndvi threads >"$log" 2>&1 &
  tp=$!
  while kill -0 "$tp" 2>/dev/null; do
    [ -n "$jp" ] || jp=$(pgrep -P "$tp" java | head -1 || true)
    if [ -n "$jp" ] && read -r h o < <(awk '/^[0-9a-f]+-[0-9a-f]+ /{split($1, a, "-"); low = length(a[1]) <= 8; next}
        /^Rss:/{if (low) h += $2; else o += $2} END{if (NR) print h + 0, o + 0}' "/proc/$jp/smaps" 2>/dev/null); then
      if [ $((h + o)) -gt "$best" ]; then best=$((h + o)); MHEAP=$((h / 1024)); MREST=$((o / 1024)); fi
    fi
    sleep 0.1
  done
  wait "$tp" || { echo "memory row failed on $f; its output:" >&2; tail -20 "$log" >&2; exit 1; }
  read -r MSECS MPEAK < "$log.time"; MPEAK=$((MPEAK / 1024))
}
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END{print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
memory_rows() {
  local rounds="${RIOS_BENCH_MEM_ROUNDS:-3}" m n f i label
  declare -A MP MH MR
  echo
  echo "== Memory: threaded NDVI with GDAL_CACHEMAX=64 and -Xmx256m at 4096^2 and 16384^2 (peak RSS should be the"
  echo "   same), as the library runs by default (the native heap trimmed when it grows while blocks move), $rounds runs"
  echo "   each, and once with trimming off (RIOS_TRIM_NATIVE_HEAP_MS=0: glibc keeps GDAL's freed tile buffers)."
  echo "   At each run's largest sample of /proc/PID/smaps: the Java heap's resident MB and the rest's."
  for m in "" 0; do
    for n in 4096 16384; do
      f="$work/in_${n}.tif"
      make "$f" "$n" 4
      for ((i = 1; i <= (${#m} ? 1 : rounds); i++)); do
        mem_run "$f" "$m"
        printf '%-8s %8s s  peak RSS %6s MB  (Java heap %4s MB, the rest %4s MB)%s\n' "$n" "$MSECS" "$MPEAK" \
          "$MHEAP" "$MREST" "${m:+  RIOS_TRIM_NATIVE_HEAP_MS=$m}"
        MP[$m/$n]+=" $MPEAK"; MH[$m/$n]+=" $MHEAP"; MR[$m/$n]+=" $MREST"
      done
    done
  done
  # shellcheck disable=SC2086  # the lists are space-separated numbers
  for m in "" 0; do
    label="default"; [ -n "$m" ] && label="trimming off"
    printf 'peak RSS 16384^2 vs 4096^2, %-13s %6s vs %6s MB: %+.1f %%  (Java heap %s vs %s, the rest %s vs %s; medians)\n' \
      "$label:" "$(median ${MP[$m/16384]})" "$(median ${MP[$m/4096]})" \
      "$(awk -v a="$(median ${MP[$m/16384]})" -v b="$(median ${MP[$m/4096]})" 'BEGIN{print 100 * (a / b - 1)}')" \
      "$(median ${MH[$m/16384]})" "$(median ${MH[$m/4096]})" "$(median ${MR[$m/16384]})" "$(median ${MR[$m/4096]})"
  done
  echo "(target: the default's within 10 %)"
}
vsicurl_rows() {
  echo
  echo "== Read amplification: NDVI (bands 3, 4 of 4096^2 x 4 UInt16) over /vsicurl/ from a local HTTP server"
  echo "   (bytes the server sent per byte needed: the tiles holding bands 3 and 4, plus opening the file; target <= 1.2)"
  local band="$work/in_4096_bandfile.tif" cog="$work/in_4096_cog.tif"
  [ -f "$band" ] || gdal_translate -q -co TILED=YES -co COMPRESS=DEFLATE -co INTERLEAVE=BAND "$in4k" "$band"
  [ -f "$cog" ] || gdal_translate -q -of COG -co COMPRESS=DEFLATE "$in4k" "$cog"
  local label f
  for f in "$in4k" "$band" "$cog"; do
    case "$f" in
      "$in4k") label="GTiff written block by block (RIOS)";;
      "$band") label="GTiff written band by band (gdal_translate)";;
      *) label="COG (gdal_translate -of COG)";;
    esac
    printf '%-46s ' "$label"
    capture "vsicurl: $label" java -cp "$cp" org.rios.examples.bench.VsicurlBenchmark "$f" "$work/vsicurl_ndvi.tif"
    result_lines "vsicurl: $label"
  done
}
# The runners' fixed cost for the single-job CW_BEAM targets: NDVI of the 64 x 64 raster with 1 read + 2 threads
# and with each runner, whose CPU seconds beyond the native run's are what the runner adds to any job.
beam_floor_rows() {
  local s
  for s in threads direct flinklocal; do
    run "ndvi 64x64 / $s (fixed cost)" "${bench[@]}" "$small" "$work/ndvi64_$s.tif" ndvi "$s"
    C[floor/$s]=$CPU
  done
}
# The single-job CW_BEAM targets (no worse than 1.30x and 1.63x of 1 read + 2 threads on NDVI), each with the
# bound its CPU puts on it: a CW_BEAM run does at least the native run's CPU work plus what its runner adds
# (its 64 x 64 run's CPU minus the native 64 x 64 run's), and no schedule of that on these cores is shorter
# than its CPU seconds / cores.
beam_target_lines() {
  local s target added bound
  for s in direct flinklocal; do
    target=1.30; [ "$s" = flinklocal ] && target=1.63
    added=$(awk -v f="${C[floor/$s]}" -v z="${C[floor/threads]}" 'BEGIN{print f - z}')
    bound=$(awk -v n="${C[ndvi/threads]}" -v a="$added" -v c="$(nproc)" 'BEGIN{print (n + a) / c}')
    printf 'single-job CW_BEAM ndvi, %-10s vs threads:     %sx   (target <= %s; CPU %.1f s vs %.1f s; no run\n' \
      "$s" "$(div "${T[ndvi/$s]}" "${T[ndvi/threads]}")" "$target" "${C[ndvi/$s]}" "${C[ndvi/threads]}"
    printf '  shorter than (%.1f + %.1f - %.1f CPU s) / %d cores = %.2f s = %sx: the runner adds %.1f CPU s)\n' \
      "${C[ndvi/threads]}" "${C[floor/$s]}" "${C[floor/threads]}" "$(nproc)" "$bound" \
      "$(div "$bound" "${T[ndvi/threads]}")" "$added"
  done
}
mstyles=(seq read1 threads read2threads auto)
styles=(seq read1 threads read2threads auto subproc direct flinklocal)
nstyles=("${styles[@]}" direct-cds flinklocal-cds)
declare -A T R IO C
# style_cmd WORKLOAD OUTPUT STYLE sets CMD, the style's command: a *-cds style runs its runner with the
# class-data archive of cds_archives (the JDK's application class-data sharing: classes mapped, not loaded)
style_cmd() {
  local w="$1" o="$2" s="$3"
  if [ "${s%-cds}" != "$s" ]; then
    CMD=(java -XX:SharedArchiveFile="$work/${s%-cds}.jsa" -cp "$cpj" org.rios.examples.bench.ConcurrencyBenchmark
      "$in" "$o" "$w" "${s%-cds}")
  else
    CMD=("${bench[@]}" "$in" "$o" "$w" "$s")
  fi
}
cds_archives() { # after cds_classpath (making the jar again would invalidate archives made from it)
  for r in direct flinklocal; do
    cds_archive "$work/$r.jsa" org.rios.examples.bench.ConcurrencyBenchmark "$in4k" "$work/cds_train.tif" ndvi "$r"
  done
}
if [ "$only" = median ]; then
  median_rows
  read -r cap capStart capEnd <<<"$(capacity_end "$cap")"
[ -n "$capEnd" ] || { echo "could not measure the parallel capacity" >&2; exit 1; }
  echo; echo "== median of 8 (4096^2 single-band; $(nproc) cores, parallel capacity ${cap}x:" \
    "${capStart}x at the start, ${capEnd}x at the end)"
  median_summary
  exit 0
fi
if [ "$only" = ndvi ]; then
  cds_classpath "$work"
  cds_archives
  for s in "${nstyles[@]}"; do
    style_cmd ndvi "$work/ndvi_$s.tif" "$s"
    run "ndvi / $s" "${CMD[@]}"
    T[ndvi/$s]=$SECS; R[ndvi/$s]=$RSS; C[ndvi/$s]=$CPU
  done
  beam_floor_rows
  read -r cap capStart capEnd <<<"$(capacity_end "$cap")"
  [ -n "$capEnd" ] || { echo "could not measure the parallel capacity" >&2; exit 1; }
  echo; echo "== NDVI (${size}x${size}, 4-band UInt16 DEFLATE; $(nproc) cores, parallel capacity ${cap}x:" \
    "${capStart}x at the start, ${capEnd}x at the end)"
  printf '%-34s %9s %9s %9s %9s\n' run seconds ratio peakRssMB outputMB
  for s in "${nstyles[@]}"; do
    printf '%-34s %9.2f %9s %9s %9.1f\n' "ndvi / $s" "${T[ndvi/$s]}" "x$(div "${T[ndvi/seq]}" "${T[ndvi/$s]}")" \
      "${R[ndvi/$s]}" "$(awk -v b="$(stat -c %s "$work/ndvi_$s.tif")" 'BEGIN{print b/1e6}')"
  done
  beam_target_lines
  exit 0
fi
if [ "$only" = vsicurl ]; then
  vsicurl_rows
  exit 0
fi
if [ "$only" = memory ]; then
  memory_rows
  exit 0
fi

rm -f "$work/gt_64.tif"; run "gdal_translate 64x64" gdal_translate "${gt_opts[@]}" "$small" "$work/gt_64.tif"
fixedGt=$SECS
run "applier copy 64x64 (fixed cost)" "${bench[@]}" "$small" "$work/copy_64.tif" copy seq
fixed=$SECS
cds_classpath "$work"
cds_archive "$work/copy.jsa" org.rios.examples.bench.ConcurrencyBenchmark "$small" "$work/cds_copy_64.tif" copy seq
run "applier copy 64x64, class-data archive" java -XX:SharedArchiveFile="$work/copy.jsa" -cp "$cpj" \
  org.rios.examples.bench.ConcurrencyBenchmark "$small" "$work/copy_64.tif" copy seq
fixedCds=$SECS

rm -f "$work/gdal_translate.tif"
run "gdal_translate, GDAL threads (I/O floor)" gdal_translate "${gt_opts[@]}" "$in" "$work/gdal_translate.tif"
floor=$SECS; floorRss=$RSS
run "applier copy, sequential" "${bench[@]}" "$in" "$work/copy.tif" copy seq
copy=$SECS; copyRss=$RSS; copyIo=$(awk -v r="$(timer reading)" -v w="$(timer writing)" 'BEGIN{print r+w}')

cds_archives
for w in ndvi iterate; do
  ws=("${styles[@]}"); [ "$w" = ndvi ] && ws=("${nstyles[@]}")
  for s in "${ws[@]}"; do
    tl=""; [ "$w/$s" = "iterate/threads" ] && tl="$work/timeline.html"
    style_cmd "$w" "$work/${w}_$s.tif" "$s"
    run "$w / $s" "${CMD[@]}" ${tl:+"$tl"}
    T[$w/$s]=$SECS; R[$w/$s]=$RSS; C[$w/$s]=$CPU; IO[$w/$s]=$(awk -v r="$(timer reading)" -v w="$(timer writing)" 'BEGIN{print r+w}')
  done
done
beam_floor_rows
median_rows
run "ndvi typed arrays, 4096" "${bench[@]}" "$in4k" "$work/ndvi_typed.tif" ndvi seq
typed=$SECS; typedFn=$(timer userfunction)
run "ndvi getDouble, 4096" "${bench[@]}" "$in4k" "$work/ndvi_getdouble.tif" ndvi-getdouble seq
slow=$SECS; slowFn=$(timer userfunction)

best() { # the smallest of T[w/s] over the styles given
  local w="$1"; shift; local b=""
  for s in "$@"; do b=$(awk -v a="${T[$w/$s]}" -v b="$b" 'BEGIN{print (b=="" || a<b) ? a : b}'); done; echo "$b"
}

read -r cap capStart capEnd <<<"$(capacity_end "$cap")"
[ -n "$capEnd" ] || { echo "could not measure the parallel capacity" >&2; exit 1; }
echo
echo "== Summary (${size}x${size}, 4-band UInt16 DEFLATE; $(nproc) cores, parallel capacity ${cap}x:" \
  "${capStart}x at the start, ${capEnd}x at the end)"
printf '%-34s %9s %9s %9s\n' run seconds ratio peakRssMB
printf '%-34s %9.2f %9s %9s\n' "gdal_translate 64x64" "$fixedGt" "1.00" ""
printf '%-34s %9.2f %9s %9s\n' "applier copy 64x64 (fixed cost)" "$fixed" "$(div "$fixed" "$fixedGt")" ""
printf '%-34s %9.2f %9s %9s\n' "  the same, class-data archive" "$fixedCds" "$(div "$fixedCds" "$fixedGt")" ""
printf '%-34s %9.2f %9s %9s\n' "gdal_translate, GDAL threads" "$floor" "1.00" "$floorRss"
printf '%-34s %9.2f %9s %9s\n' "applier copy, sequential" "$copy" "$(div "$copy" "$floor")" "$copyRss"
for w in ndvi iterate; do
  ws=("${styles[@]}"); [ "$w" = ndvi ] && ws=("${nstyles[@]}")
  for s in "${ws[@]}"; do
    printf '%-34s %9.2f %9s %9s\n' "$w / $s" "${T[$w/$s]}" "x$(div "${T[$w/seq]}" "${T[$w/$s]}")" "${R[$w/$s]}"
  done
done
median_summary
printf '%-34s %9.2f %9s   userfunction %5.2f s\n' "ndvi 4096, typed arrays" "$typed" "1.00" "$typedFn"
printf '%-34s %9.2f %9s   userfunction %5.2f s (%sx)\n' "ndvi 4096, getDouble/setDouble" "$slow" \
  "$(div "$slow" "$typed")" "$slowFn" "$(div "$slowFn" "$typedFn")"
echo "(ratios: copies vs gdal_translate; workloads: speed-up over their sequential run; getDouble vs typed)"
echo
echo "== Targets"
printf 'sequential copy vs gdal_translate with GDAL threads:   %sx   (target <= 1.1)\n' "$(div "$copy" "$floor")"
printf 'ndvi seq reading+writing vs the copy'"'"'s:                %sx   (target <= 1.1)\n' \
  "$(div "${IO[ndvi/seq]}" "$copyIo")"
for w in ndvi iterate median8; do
  b=$(best "$w" seq read1 threads read2threads)
  printf 'auto vs the best of seq/read1/threads/read2threads, %-8s %sx   (target <= 1.1)\n' "$w:" \
    "$(div "${T[$w/auto]}" "$b")"
done
beam_target_lines

echo
echo "== JNI parity: every 256x256 window of ${size}^2 x 4 bands, read, then written uncompressed (seconds)"
if /usr/bin/python3 -c "from osgeo import gdal" 2>/dev/null; then
  for _ in 1 2; do
    capture "JNI parity (Java)" java -cp "$cp" org.rios.examples.bench.JniParityBenchmark "$in" "$work/jni_java.tif"
    result_lines "JNI parity (Java)"
    capture "JNI parity (Python)" /usr/bin/python3 scripts/jni-parity.py "$in" "$work/jni_python.tif"
    printf '%s\n' "$OUT"
  done
else
  echo "(skipped: GDAL's Python bindings are not installed; apt-get install python3-gdal)"
fi

memory_rows
echo "timeline of iterate/threads: $work/timeline.html"
vsicurl_rows

echo
[ -n "${RIOS_BENCH_SKIP_JOBS:-}" ] || bash scripts/benchmark-jobs.sh "$work/jobs" 4096 8

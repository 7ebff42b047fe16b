#!/usr/bin/env bash
# Collections benchmark: N NDVI jobs (default 8) on one SIZE^2 4-band UInt16 DEFLATE GTiff (default 4096),
# each run in its own JVM, side by side in one run: a loop of native runs in one JVM (1 read + 2 compute threads each),
# RiosIO on the DirectRunner and RiosIO on an embedded Flink (parallelism 2), both with the compute workers
# writing in process (their default there) and with the blocks sent through the runner to the writer steps
# (*-sent rows, --writersInProcess=false, as on a cluster), and each runner's floor (the same pipeline start
# with no raster work), each also in a JVM with the quick JIT only; and the fixed cost of the native loop's
# JVM (floornative: one job on a 64 x 64 raster, JVM start, GDAL, planning), which is not raster work. First
# (and again after the timed rows) it measures the machine's parallel capacity (two CPU-bound processes
# together vs one alone), since two cores do not always give twice one. Prints seconds, ratios against the
# native loop, and peak RSS. GDAL's block cache is capped at the same GDAL_CACHEMAX (default 256 MB) for
# every run, so that every run has the same cache whatever its runner (otherwise the library sizes it for the
# run, and the jobs of one pipeline share one JVM's cache).
# The *-c1 rows run the same pipelines in a JVM limited to its quick JIT compiler (-XX:TieredStopAtLevel=1),
# the option the README suggests for short pipelines on small machines; the *-cds rows run them with a class-data
# archive of the classes a first, untimed run of the same runner loaded (-XX:ArchiveClassesAtExit, then
# -XX:SharedArchiveFile: the JDK's application class-data sharing, which needs a class path of jars only, so
# those rows run the examples' classes from a jar); every other row uses the JVM's defaults.
#
# RIOS_BENCH_ROUNDS=N (default 1) runs every row N times, round by round (each round runs every row once, in
# the same order), and prints for each row the median of its N runs and their range; each ratio is the median
# of the rounds' ratios (the row against the same round's native loop), which keeps a drift of the host's
# speed during the benchmark out of the ratios.
#
# Usage: scripts/benchmark-jobs.sh [workdir] [size] [jobs]    (default /tmp/rios-bench-jobs 4096 8)
# A relative workdir is taken from the current directory; the build and failing steps are handled as in
# scripts/benchmark.sh (scripts/bench-common.sh).
set -euo pipefail
# shellcheck source=scripts/bench-common.sh
source "$(dirname "$0")/bench-common.sh"
work="$(abs_path "${1:-/tmp/rios-bench-jobs}")" # a relative workdir is the caller's, not the repository root's
size="${2:-4096}"
jobs="${3:-8}"
export GDAL_CACHEMAX="${GDAL_CACHEMAX:-256}"
mkdir -p "$work/out"
in="$work/in_${size}.tif"
[ -f "$in" ] || java -cp "$cp" org.rios.examples.bench.MakeBenchRaster "$in" "$size" "$size" 4
small="$work/in_64.tif"
[ -f "$small" ] || java -cp "$cp" org.rios.examples.bench.MakeBenchRaster "$small" 64 64 4

capacity=$(capacity)

rounds="${RIOS_BENCH_ROUNDS:-1}"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "RIOS_BENCH_ROUNDS must be a positive number, not '$rounds'" >&2; exit 1; }
declare -A T R C   # per "row,round": seconds, peak RSS (MB), CPU seconds (user + sys)
rows=(native floornative direct flinklocal direct-sent flinklocal-sent direct-c1 flinklocal-c1 native-cds direct-cds
  flinklocal-cds floordirect floorflinklocal floordirect-c1 floorflinklocal-c1 floordirect-cds floorflinklocal-cds)

# The class-data archives of the *-cds rows: one per runner, from an untimed run that loads its classes.
cds_classpath "$work"
for a in native direct flinklocal; do
  rm -f "$work/out/${a}_"*.tif "$work/out/${a}_"*.tif.aux.xml
  cds_archive "$work/$a.jsa" org.rios.examples.bench.JobsBenchmark "$in" "$work/out" "$jobs" "$a"
done

for ((r = 1; r <= rounds; r++)); do
  for m in "${rows[@]}"; do
    mode="${m%-c1}"; jvm=(); [ "$mode" = "$m" ] || jvm=(-XX:TieredStopAtLevel=1)
    classpath="$cp"
    if [ "${mode%-cds}" != "$mode" ]; then
      mode="${mode%-cds}"; classpath="$cpj"; jvm=(-XX:SharedArchiveFile="$work/${mode#floor}.jsa")
    fi
    extra=(); [ "${mode%-sent}" = "$mode" ] || { mode="${mode%-sent}"; extra=(--writersInProcess=false); }
    input="$in"; n="$jobs"
    [ "$mode" = floornative ] && { mode=native; input="$small"; n=1; }
    rm -f "$work/out/${mode}_"*.tif "$work/out/${mode}_"*.tif.aux.xml
    step="$m"
    if [ "$rounds" -gt 1 ]; then step+=" (round $r of $rounds)"; fi
    echo "---- $step"
    # timed (bench-common.sh): a run that fails stops the benchmark with its output and the row's name
    timed "$step" java ${jvm[@]+"${jvm[@]}"} -cp "$classpath" \
      org.rios.examples.bench.JobsBenchmark "$input" "$work/out" "$n" "$mode" ${extra[@]+"${extra[@]}"}
    out="$OUT"
    echo "$out" | grep -E '^RESULT' || {
      { echo "$out"; echo "[bench] FAILED: $step printed no RESULT line"; } >&2; exit 1; }
    T[$m,$r]=$(echo "$out" | awk '/^TIME/{print $2}')
    R[$m,$r]=$(echo "$out" | awk '/^TIME/{printf "%.0f", $3/1024}')
    C[$m,$r]=$(echo "$out" | awk '/^TIME/{print $4 + $5}')
  done
done

median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
# per row: the median of its rounds (TM: seconds, CM: CPU), the largest peak RSS, the range of its seconds,
# and the median of its per-round ratios to native
declare -A TM CM RM LO HI Q
for m in "${rows[@]}"; do
  TM[$m]=$(for ((r = 1; r <= rounds; r++)); do echo "${T[$m,$r]}"; done | median)
  CM[$m]=$(for ((r = 1; r <= rounds; r++)); do echo "${C[$m,$r]}"; done | median)
  RM[$m]=$(for ((r = 1; r <= rounds; r++)); do echo "${R[$m,$r]}"; done | sort -n | tail -1)
  LO[$m]=$(for ((r = 1; r <= rounds; r++)); do echo "${T[$m,$r]}"; done | sort -g | head -1)
  HI[$m]=$(for ((r = 1; r <= rounds; r++)); do echo "${T[$m,$r]}"; done | sort -g | tail -1)
  Q[$m]=$(for ((r = 1; r <= rounds; r++)); do awk -v a="${T[$m,$r]}" -v b="${T[native,$r]}" 'BEGIN{print a/b}'; done \
    | median)
done

read -r capacity capStart capEnd <<<"$(capacity_end "$capacity")"
[ -n "$capEnd" ] || { echo "could not measure the parallel capacity" >&2; exit 1; }
echo
echo "== $jobs NDVI jobs on ${size}x${size} 4-band UInt16 DEFLATE; $(nproc) cores, parallel capacity ${capacity}x"\
  "(${capStart}x at the start, ${capEnd}x at the end); GDAL_CACHEMAX=$GDAL_CACHEMAX$( [ "$rounds" -gt 1 ] \
  && echo "; median of $rounds rounds")"
if [ "$rounds" -gt 1 ]; then
  printf '%-40s %9s %9s %9s %9s %15s\n' run seconds ratio peakRssMB cpuSecs "range (s)"
else
  printf '%-40s %9s %9s %9s %9s\n' run seconds ratio peakRssMB cpuSecs
fi
for m in "${rows[@]}"; do
  printf '%-40s %9.2f %9.2f %9s %9.1f' "$m" "${TM[$m]}" "${Q[$m]}" "${RM[$m]}" "${CM[$m]}"
  [ "$rounds" -gt 1 ] && printf ' %7.2f-%-7.2f' "${LO[$m]}" "${HI[$m]}"
  echo
done
echo "(ratio: seconds vs the loop of native 1 read + 2 thread runs; parallel capacity: 2 x one alone / two together;"
echo " *-sent: blocks sent through the runner to the writer steps (--writersInProcess=false), as on a cluster;"
echo " *-c1: the same run in a JVM with -XX:TieredStopAtLevel=1;"
echo " *-cds: the same run with a class-data archive of its runner's classes (-XX:SharedArchiveFile);"
echo " floor*: the runner's fixed cost, the same job list through a pipeline that reads no raster;"
echo " floornative: one native run of one job on a 64x64 raster, the native loop's fixed cost)"
for j in "" -c1 -cds; do
  printf 'above the floor%s: direct %.2fx, flinklocal %.2fx of native\n' \
    "$(case "$j" in -c1) echo " (quick JIT)";; -cds) echo " (class-data archive)";; esac)" \
    "$(awk -v a="${TM[direct$j]}" -v f="${TM[floordirect$j]}" -v n="${TM[native]}" 'BEGIN{print (a-f)/n}')" \
    "$(awk -v a="${TM[flinklocal$j]}" -v f="${TM[floorflinklocal$j]}" -v n="${TM[native]}" 'BEGIN{print (a-f)/n}')"
done
# The bound: a pipeline does at least the raster work of the native loop (one JVM running the jobs one after
# another), which is its CPU less its JVM's fixed cost (start, GDAL, planning: the floornative row's CPU), plus
# its runner's own start (the floor run's CPU, whose JVM start is in it); no schedule of that work on these
# cores is shorter than its CPU seconds / cores. Not for the quick-JIT rows: the native loop's CPU includes its
# optimizing compiler's, which a JVM limited to the quick one never spends.
work_cpu=$(awk -v a="${CM[native]}" -v f="${CM[floornative]}" 'BEGIN{print a - f}')
printf 'raster work of the native loop: %.1f CPU s less its JVM'"'"'s fixed cost %.1f s = %.1f CPU s\n' "${CM[native]}" \
  "${CM[floornative]}" "$work_cpu"
for r in direct flinklocal direct-cds flinklocal-cds; do
  printf 'lower bound for %s: (raster work + floor CPU %.1f s) / %d cores = %.2f s = %.2fx of native (target 1.2x)\n' \
    "$r" "${CM[floor$r]}" "$(nproc)" "$(awk -v a="$work_cpu" -v b="${CM[floor$r]}" -v n="$(nproc)" 'BEGIN{print (a+b)/n}')" \
    "$(awk -v a="$work_cpu" -v b="${CM[floor$r]}" -v n="$(nproc)" -v t="${TM[native]}" 'BEGIN{print (a+b)/n/t}')"
done

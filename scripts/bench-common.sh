# shellcheck shell=bash
# Shared by the benchmark scripts (sourced, not run): the repository root as working directory (the caller's
# directory is kept in $caller_dir, and abs_path resolves a user's path argument against it), GNU time, the
# examples' class path ($cp, building the project if it is missing or older than its sources), div A B (A / B
# to two decimals), and capture / timed, which run a step and stop the benchmark with its output if it fails.
caller_dir="$PWD"
cd -P "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
# abs_path PATH: PATH as given when absolute, else resolved against the directory the benchmark was started in
# (the scripts run from the repository root, where a relative path would otherwise land).
abs_path() { case "$1" in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$caller_dir/$1" ;; esac; }
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

# stale_build: prints why the build the benchmarks would run is missing or older than its sources (nothing when
# it is up to date). Each of this repository's jars on the examples' class path is compared with its module's
# sources and pom.xml, the examples' jar with theirs, and the root pom.xml with the class path file; a build made
# here also leaves a stamp, so a change that alters no jar (a comment in a pom) rebuilds once, not every time.
bench_stamp=examples/target/.bench-build-stamp
newer_than() { # REF PATH...: the first file under PATH... newer than REF and than the stamp (nothing if none)
  local ref="$1" stamp=()
  shift
  [ -f "$bench_stamp" ] && stamp=(-newer "$bench_stamp")
  find "$@" -type f -newer "$ref" ${stamp[@]+"${stamp[@]}"} -print 2>/dev/null | head -n 1 || true
}
# module_of ARTIFACT: the directory of this repository's module whose own artifactId is ARTIFACT (nothing if none).
module_of() {
  local pom
  for pom in */pom.xml */*/pom.xml; do
    [ "$(awk '/<\/parent>/{p=1;next} p && /<artifactId>/{gsub(/.*<artifactId>|<\/artifactId>.*/,""); print; exit}' \
      "$pom")" = "$1" ] && { dirname "$pom"; return 0; }
  done
}
stale_build() {
  local f mod jar n art entries=()
  [ -f examples/target/classpath.txt ] || { echo "examples/target/classpath.txt is missing"; return 0; }
  readarray -t entries < <(tr ':' '\n' < examples/target/classpath.txt)
  for f in ${entries[@]+"${entries[@]}"}; do
    case "$f" in
      "$PWD"/*/target/*.jar) mod="${f%/target/*}" ;;
      */repository/org/rios/*.jar) # a module installed into the local Maven repository by an earlier build
        art="$(basename "$(dirname "$(dirname "$f")")")"
        mod="$(module_of "$art")"
        [ -n "$mod" ] || continue ;;
      *) continue ;;
    esac
    [ -f "$f" ] || { echo "${f#"$PWD"/} (on the examples' class path) is missing"; return 0; }
    n=$(newer_than "$f" "$mod/src/main" "$mod/pom.xml")
    [ -z "$n" ] || { echo "${n#"$PWD"/} is newer than ${f#"$PWD"/}"; return 0; }
  done
  jar=$(find examples/target -maxdepth 1 -name 'rios-examples-*.jar' ! -name '*-sources.jar' ! -name '*-javadoc.jar' \
    ! -name '*-tests.jar' -printf '%T@ %p\n' 2>/dev/null | sort -n | tail -n 1 | cut -d' ' -f2-)
  [ -n "$jar" ] || { echo "the examples' jar (examples/target/rios-examples-*.jar) is missing"; return 0; }
  n=$(newer_than "$jar" examples/src/main examples/pom.xml)
  [ -z "$n" ] || { echo "$n is newer than $jar"; return 0; }
  n=$(newer_than examples/target/classpath.txt pom.xml)
  [ -z "$n" ] || { echo "$n is newer than examples/target/classpath.txt"; return 0; }
}
# RIOS_BENCH_NO_BUILD=1: never build; warn instead when the build looks out of date (e.g. while another build runs).
stale="$(stale_build)"
if [ -n "$stale" ]; then
  if [ -n "${RIOS_BENCH_NO_BUILD:-}" ] && [ -f examples/target/classpath.txt ]; then
    echo "[bench] WARNING: the build is out of date ($stale), and RIOS_BENCH_NO_BUILD is set:" \
      "benchmarking the old build" >&2
  else
    echo "[bench] building the project (mvn -q -DskipTests install): $stale" >&2
    mvn -B -ntp -q -DskipTests install
    mkdir -p examples/target && touch "$bench_stamp"
  fi
fi
unset stale
# shellcheck disable=SC2034  # used by the scripts that source this one
cp="$(cat examples/target/classpath.txt):examples/target/classes"
div() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }

# capture STEP CMD...: runs CMD with its stdout and stderr in $OUT. When CMD fails, prints $OUT and a line naming
# STEP and CMD's exit status on stderr and exits 1 (a bare OUT=$(CMD) under set -e would end the benchmark with
# no word, throwing the output away). Not for use inside $(...), where the exit would only leave the subshell.
capture() {
  local step="$1" rc=0
  shift
  OUT=$("$@" 2>&1) || rc=$?
  if [ "$rc" -ne 0 ]; then
    { printf '%s\n' "$OUT"; echo "[bench] FAILED: $step (exit status $rc)"; } >&2
    exit 1
  fi
}
# timed STEP CMD...: capture of CMD run by GNU time, whose last line of $OUT is "TIME seconds peakRssKB user sys".
timed() {
  local step="$1"
  shift
  capture "$step" /usr/bin/time -f "TIME %e %M %U %S" "$@"
}

# The machine's parallel capacity: two CPU-bound processes together vs one alone (2.00 on two free cores).
capacity() {
  spin() { awk 'BEGIN{s=0; for(i=0;i<6e7;i++) s+=i%7; print s}' >/dev/null; }
  local t0 t1 t2
  t0=$(date +%s.%N); spin; t1=$(date +%s.%N)
  spin & spin & wait; t2=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN{printf "%.2f", 2*(b-a)/(c-b)}'
}
# Measured again after a run's timed rows: on a shared host the capacity drifts while a benchmark runs.
# capacity_end START prints "MEAN START END" (scripts that read ratios against the capacity use the mean).
capacity_end() {
  local end; end=$(capacity)
  awk -v a="$1" -v b="$end" 'BEGIN{printf "%.2f %.2f %.2f", (a+b)/2, a, b}'
}
# Application class-data sharing (the *-cds rows): the JDK archives classes from jars only, so cds_classpath DIR
# puts the examples' classes in DIR/examples-classes.jar and sets $cpj, a class path of jars; cds_archive FILE
# MAINCLASS ARGS... makes the archive FILE from an untimed run (-XX:ArchiveClassesAtExit) of MAINCLASS on $cpj.
cds_classpath() {
  jar cf "$1/examples-classes.jar" -C examples/target/classes .
  cpj="$(cat examples/target/classpath.txt):$1/examples-classes.jar"
}
cds_archive() {
  local f="$1"; shift
  rm -f "$f"
  if ! java -XX:ArchiveClassesAtExit="$f" -Xlog:cds=off -Xlog:cds+dynamic=off -cp "$cpj" "$@" >"$f.log" 2>&1 \
      || [ ! -f "$f" ]; then
    echo "could not make the class-data archive $f: its training run failed; its output:" >&2
    tail -20 "$f.log" >&2
    exit 1
  fi
}

# shellcheck shell=bash
# Shared by the benchmark scripts (sourced, not run): the repository root as working directory, GNU time,
# the examples' class path ($cp, building the project if needed), and div A B (A / B to two decimals).
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
[ -f examples/target/classpath.txt ] || mvn -B -ntp -q -DskipTests install
# shellcheck disable=SC2034  # used by the scripts that source this one
cp="$(cat examples/target/classpath.txt):examples/target/classes"
div() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }

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

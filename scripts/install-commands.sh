#!/usr/bin/env bash
# Installs the command-line tools rios-calcstats, rios-printstats, rios-info and rios-computeworker (the
# compute-worker entry point batch jobs run, and the one to start a worker by hand; it adds $CLASSPATH, where the user function's
# classes must be, to its own jars).
#
# Builds rios-core if its jar is missing or older than its sources (mvn -q -DskipTests install), copies the
# rios-core jar and its runtime dependencies (sdk/core/target/lib, made by maven-dependency-plugin) into
# $PREFIX/lib/rios-beam/, and writes one small wrapper per command into $PREFIX/bin/ that runs
#   java -cp '$PREFIX/lib/rios-beam/*' org.rios.cli.<Command> "$@"
# Idempotent: re-running replaces the jars and wrappers with the current build.
#
# Usage: scripts/install-commands.sh                   (as root: /usr/local/bin, /usr/local/lib/rios-beam)
#        PREFIX=$HOME/.local scripts/install-commands.sh
#        MVN_ARGS=-o scripts/install-commands.sh       (extra Maven arguments, e.g. offline)
# The wrappers use $JAVA_HOME/bin/java when JAVA_HOME is set at run time, else java from PATH. GDAL's native
# Java library must be installed (scripts/install-gdal-java.sh) for the commands to run.
set -euo pipefail
cd "$(dirname "$0")/.."

PREFIX="${PREFIX:-/usr/local}"
LIBDIR="$PREFIX/lib/rios-beam"
BINDIR="$PREFIX/bin"
log() { echo "[install-commands] $*" >&2; }

sdk_jar() { # the library's jar, not its sources, javadoc or tests jar; nothing if it is not built
  local f
  for f in sdk/core/target/rios-core-*.jar; do
    case "$f" in *-sources.jar | *-javadoc.jar | *-tests.jar) ;; *) [ -f "$f" ] && { echo "$f"; return 0; } ;; esac
  done
  return 0
}

jar="$(sdk_jar)"
if [ -z "$jar" ] || [ ! -d sdk/core/target/lib ] || [ -n "$(find sdk/core/src/main sdk/core/pom.xml pom.xml \
    -newer "$jar" -type f 2>/dev/null | head -n 1)" ]; then
  log "building rios-core (mvn -q -DskipTests install)"
  # shellcheck disable=SC2086
  mvn -q -B -ntp ${MVN_ARGS:-} -DskipTests install -pl sdk/core -am
  jar="$(sdk_jar)"
fi
[ -n "$jar" ] || { log "no rios-core jar in sdk/core/target after the build"; exit 1; }
[ -d sdk/core/target/lib ] || { log "sdk/core/target/lib (runtime dependencies) missing after the build"; exit 1; }

mkdir -p "$LIBDIR" "$BINDIR"
# The directory belongs to this installer: old jars go, so a version change leaves no duplicates.
rm -f "$LIBDIR"/*.jar
cp "$jar" "$LIBDIR/"
cp sdk/core/target/lib/*.jar "$LIBDIR/"
log "installed $(ls "$LIBDIR"/*.jar | wc -l) jars into $LIBDIR"

write_wrapper() {
  local name="$1" cls="$2" extra="${3:-}" tmp
  tmp="$(mktemp "$BINDIR/.$name.XXXXXX")"
  cat >"$tmp" <<EOF
#!/bin/sh
# $name: rios-beam command-line tool (written by scripts/install-commands.sh)
if [ -n "\${JAVA_HOME:-}" ]; then JAVA="\$JAVA_HOME/bin/java"; else JAVA=java; fi
exec "\$JAVA" -cp '$LIBDIR/*'$extra $cls "\$@"
EOF
  chmod 0755 "$tmp"
  mv -f "$tmp" "$BINDIR/$name"
  log "wrote $BINDIR/$name"
}

write_wrapper rios-calcstats org.rios.cli.CalcStatsCommand
write_wrapper rios-printstats org.rios.cli.PrintStatsCommand
write_wrapper rios-info org.rios.cli.InfoCommand
# shellcheck disable=SC2016
write_wrapper rios-computeworker org.rios.concurrency.internal.channel.ComputeWorkerMain '"${CLASSPATH:+:$CLASSPATH}"'

if ! ls /usr/java/packages/lib/libgdalalljni.so >/dev/null 2>&1 && [ -z "${RIOS_JNI_DIR:-}" ]; then
  log "note: GDAL's Java native library was not found in /usr/java/packages/lib;" \
    "run scripts/install-gdal-java.sh before using the commands"
fi

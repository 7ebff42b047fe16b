#!/usr/bin/env bash
# Installs the command-line tools rios-calcstats, rios-printstats, rios-info and rios-computeworker (the
# compute-worker entry point batch jobs run, and the one to start a worker by hand; it adds $CLASSPATH, where the user function's
# classes must be, to its own jars).
#
# Builds rios-core if its jar is missing or older than its sources (mvn -q -DskipTests install), copies the
# rios-core jar of the version in the POMs (sdk/core/target/rios-core-VERSION.jar: never a sources, javadoc or
# tests jar, nor a jar of another version left in target/) and its runtime dependencies (sdk/core/target/lib,
# made by maven-dependency-plugin) into $PREFIX/lib/rios-beam/, and writes one small wrapper per command into
# $PREFIX/bin/ that runs
#   java [-Djava.library.path=$RIOS_JNI_DIR:...] $JAVA_OPTS -cp '$PREFIX/lib/rios-beam/*' org.rios.cli.<Command> "$@"
# Idempotent: re-running replaces the jars and wrappers with the current build.
#
# Usage: scripts/install-commands.sh                   (as root: /usr/local/bin, /usr/local/lib/rios-beam)
#        PREFIX=$HOME/.local scripts/install-commands.sh   (a relative PREFIX is taken from the current directory)
#        MVN_ARGS=-o scripts/install-commands.sh       (extra Maven arguments, e.g. offline)
#        RIOS_JNI_DIR=/opt/gdal-jni scripts/install-commands.sh   (GDAL's libgdalalljni.so is in that directory, as
#                                                      installed by RIOS_JNI_DIR=... scripts/install-gdal-java.sh)
# At run time the wrappers use $JAVA_HOME/bin/java when JAVA_HOME is set, else java from PATH; pass $JAVA_OPTS to
# the JVM (split at blanks, e.g. JAVA_OPTS='-Xmx4g -Djava.io.tmpdir=/scratch'); and put RIOS_JNI_DIR (as set at
# run time, else as set when the commands were installed) first on java.library.path. GDAL's native Java
# library must be installed (scripts/install-gdal-java.sh) for the commands to run.
set -euo pipefail
caller_dir="$PWD"
cd "$(dirname "$0")/.."
abs_path() { case "$1" in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$caller_dir/$1" ;; esac; }

PREFIX="$(abs_path "${PREFIX:-/usr/local}")"
LIBDIR="$PREFIX/lib/rios-beam"
BINDIR="$PREFIX/bin"
JNI_DIR=""
[ -z "${RIOS_JNI_DIR:-}" ] || JNI_DIR="$(abs_path "$RIOS_JNI_DIR")"
log() { echo "[install-commands] $*" >&2; }
# The JVM's own library search path (Debian's lists its multiarch and jni directories), for wrappers that put
# RIOS_JNI_DIR before it: setting java.library.path replaces the default, so the default is written out here.
DEFAULT_LIBPATH="$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -XshowSettings:properties -version 2>&1 \
  | awk '/^ *java\.library\.path = / { sub(/^ *java\.library\.path = /, ""); p = $0; on = 1; next }
         on && / = / { on = 0 } on { gsub(/^ +/, ""); p = p ":" $0 } END { print p }')"
[ -n "$DEFAULT_LIBPATH" ] || DEFAULT_LIBPATH=/usr/java/packages/lib:/usr/lib64:/lib64:/lib:/usr/lib

# pom_version POM: the version of the project that POM describes: its own <version>, else its <parent>'s (which
# it inherits). Only those two elements count, found by their place in the document (comments left out), never
# the <version> of a dependency or a plugin.
pom_version() {
  awk '
    { text = text $0 "\n" }
    END {
      while ((i = index(text, "<!--")) > 0) {
        j = index(substr(text, i + 4), "-->")
        if (!j) { text = substr(text, 1, i - 1); break }
        text = substr(text, 1, i - 1) substr(text, i + 4 + j + 2)
      }
      path = ""; own = ""; parent = ""
      while (match(text, /<[^>]*>/)) {
        body = substr(text, 1, RSTART - 1); tag = substr(text, RSTART, RLENGTH)
        text = substr(text, RSTART + RLENGTH)
        if (tag ~ /^<[?!]/ || tag ~ /\/>$/) continue
        if (tag ~ /^<\//) {
          if (path == "/project/version") own = body
          else if (path == "/project/parent/version") parent = body
          sub(/\/[^\/]*$/, "", path)
          continue
        }
        name = substr(tag, 2); sub(/[ \t\r\n>].*$/, "", name)
        path = path "/" name
      }
      v = (own != "") ? own : parent
      gsub(/[ \t\r\n]/, "", v)
      print v
    }' "$1"
}

version="$(pom_version sdk/core/pom.xml)"
case "$version" in
  "") log "cannot read rios-core's version from sdk/core/pom.xml (neither <version> nor <parent><version>)"; exit 1 ;;
  *[!A-Za-z0-9._+-]*) log "rios-core's version '$version' in sdk/core/pom.xml is not a plain version"; exit 1 ;;
esac
# the library's own jar; its sources, javadoc and tests jars are rios-core-$version-<classifier>.jar
jar="sdk/core/target/rios-core-$version.jar"

if [ ! -f "$jar" ] || [ ! -d sdk/core/target/lib ] || [ -n "$(find sdk/core/src/main sdk/core/pom.xml pom.xml \
    -newer "$jar" -type f 2>/dev/null | head -n 1)" ]; then
  log "building rios-core $version (mvn -q -DskipTests install)"
  # shellcheck disable=SC2086
  mvn -q -B -ntp ${MVN_ARGS:-} -DskipTests install -pl sdk/core -am
fi
[ -f "$jar" ] || { log "no $jar after the build (the version in sdk/core/pom.xml is $version)"; exit 1; }
[ -d sdk/core/target/lib ] || { log "sdk/core/target/lib (runtime dependencies) missing after the build"; exit 1; }
others=()
for f in sdk/core/target/rios-core-*.jar; do
  case "$f" in "$jar" | "sdk/core/target/rios-core-$version-"*.jar) ;; *) [ ! -f "$f" ] || others+=("$f") ;; esac
done
[ ${#others[@]} -eq 0 ] || log "not installing jars of other versions: ${others[*]}"

mkdir -p "$LIBDIR" "$BINDIR"
# The directory belongs to this installer: old jars go, so a version change leaves no duplicates.
rm -f "$LIBDIR"/*.jar
cp "$jar" "$LIBDIR/"
cp sdk/core/target/lib/*.jar "$LIBDIR/"
log "installed rios-core $version and $(find sdk/core/target/lib -maxdepth 1 -name '*.jar' | wc -l)" \
  "dependency jars into $LIBDIR"

# sq STRING: STRING quoted for sh (in single quotes, each ' in it written '\'').
sq() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
write_wrapper() {
  local name="$1" cls="$2" extra="${3:-}" tmp
  tmp="$(mktemp "$BINDIR/.$name.XXXXXX")"
  cat >"$tmp" <<WRAPPER
#!/bin/sh
# $name: rios-beam command-line tool (written by scripts/install-commands.sh)
# JAVA_HOME: the JDK whose java runs it (else java from PATH); JAVA_OPTS: options for the JVM (split at blanks);
# RIOS_JNI_DIR: the directory of GDAL's libgdalalljni.so when it is not on the JVM's default library path (when
# unset, the one given when the command was installed, if any).
# shellcheck disable=SC2086,SC2089,SC2090  # JAVA_OPTS is split at blanks on purpose; the quoting is sh's own
set -f
if [ -n "\${JAVA_HOME:-}" ]; then JAVA="\$JAVA_HOME/bin/java"; else JAVA=java; fi
jni="\${RIOS_JNI_DIR:-}"
[ -n "\$jni" ] || jni=$(sq "$JNI_DIR")
libpath=""
# that directory first, then what the JVM searches by default (LD_LIBRARY_PATH, then the directories the
# installing JVM listed)
if [ -n "\$jni" ]; then
  libpath="-Djava.library.path=\$jni\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}:"$(sq "$DEFAULT_LIBPATH")
fi
exec "\$JAVA" \${libpath:+"\$libpath"} \${JAVA_OPTS:-} -cp $(sq "$LIBDIR/*")$extra $cls "\$@"
WRAPPER
  chmod 0755 "$tmp"
  mv -f "$tmp" "$BINDIR/$name"
  log "wrote $BINDIR/$name"
}

write_wrapper rios-calcstats org.rios.cli.CalcStatsCommand
write_wrapper rios-printstats org.rios.cli.PrintStatsCommand
write_wrapper rios-info org.rios.cli.InfoCommand
# shellcheck disable=SC2016
write_wrapper rios-computeworker org.rios.concurrency.internal.channel.ComputeWorkerMain '"${CLASSPATH:+:$CLASSPATH}"'

if [ -n "$JNI_DIR" ]; then
  if [ -f "$JNI_DIR/libgdalalljni.so" ]; then
    log "the commands load GDAL's Java native library from $JNI_DIR (RIOS_JNI_DIR)"
  else
    log "note: RIOS_JNI_DIR=$JNI_DIR holds no libgdalalljni.so;" \
      "run RIOS_JNI_DIR=$JNI_DIR scripts/install-gdal-java.sh before using the commands"
  fi
elif [ ! -f /usr/java/packages/lib/libgdalalljni.so ]; then
  log "note: GDAL's Java native library was not found in /usr/java/packages/lib;" \
    "run scripts/install-gdal-java.sh (or install it elsewhere and set RIOS_JNI_DIR) before using the commands"
fi

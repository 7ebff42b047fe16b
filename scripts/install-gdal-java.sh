#!/usr/bin/env bash
# Installs the native half of GDAL's Java bindings (libgdalalljni.so) for the libgdal installed on this
# machine, so that the org.gdal:gdal jar from Maven Central can load it from any `java` command.
#
# Why this exists: Debian ships libgdal but no Java bindings package, and Maven Central only has the Java
# classes. The JNI library must be generated with SWIG from the GDAL sources of the installed version.
#
# Idempotent: when the library is already installed for the current libgdal version it exits at once.
# The library goes into /usr/java/packages/lib, which is on the default java.library.path of every
# OpenJDK/Temurin build on Linux, so no -Djava.library.path is ever needed.
#
# Usage: scripts/install-gdal-java.sh            (as root, or with sudo available)
#        RIOS_JNI_DIR=/some/dir scripts/install-gdal-java.sh   (install elsewhere; then that dir must be on
#                                                  java.library.path or LD_LIBRARY_PATH)
set -euo pipefail

JNI_DIR="${RIOS_JNI_DIR:-/usr/java/packages/lib}"
STAMP="$JNI_DIR/libgdalalljni.version"
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

log() { echo "[install-gdal-java] $*" >&2; }

installed_gdal_version() {
  if command -v gdal-config >/dev/null 2>&1; then gdal-config --version; else echo ""; fi
}

# Fast path: library present and built for the installed libgdal.
ver="$(installed_gdal_version)"
if [ -n "$ver" ] && [ -f "$JNI_DIR/libgdalalljni.so" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$ver" ] \
   && command -v gdalinfo >/dev/null 2>&1; then
  log "libgdalalljni.so for GDAL $ver already installed in $JNI_DIR"
  exit 0
fi

# 1. Packages: libgdal + headers, command-line tools (used by tests and benchmarks), SWIG and compilers.
need_pkgs=()
for p in libgdal-dev gdal-bin swig g++ xz-utils; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need_pkgs+=("$p")
done
if [ ${#need_pkgs[@]} -gt 0 ]; then
  log "installing packages: ${need_pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi
ver="$(installed_gdal_version)"
[ -n "$ver" ] || { log "gdal-config not found after installing libgdal-dev"; exit 1; }

# 2. GDAL sources of exactly the installed version (the SWIG interface files). `apt-get source` needs a
# deb-src entry that apt actually uses; when apt knows no source package for gdal, mirror the machine's own
# `deb` entries as `deb-src` (same mirrors, suites, components, keys and Enabled fields), so this works on
# Debian and Ubuntu alike (Ubuntu's gdal is in universe).
APT_ETC=/etc/apt
# Prints deb822 stanzas (from *.sources) and one-line entries (from *.list) turned into deb-src, into $1.sources
# and $1.list (deb822 field names are case-insensitive; a file's last line may lack its newline).
derived_deb_src() {
  local f
  for f in "$APT_ETC"/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    sed -E -e 's/^[Tt][Yy][Pp][Ee][Ss]:.*/Types: deb-src/' -e '$a\' "$f"
    echo
  done >"$1.sources"
  grep -hsE '^deb[[:space:]]' "$APT_ETC/sources.list" "$APT_ETC"/sources.list.d/*.list 2>/dev/null \
    | sed -E 's/^deb([[:space:]])/deb-src\1/' >"$1.list" || true
}
if ! apt-cache showsrc gdal >/dev/null 2>&1; then
  $SUDO apt-get update -qq # deb-src entries may be there, their lists not fetched yet
fi
if ! apt-cache showsrc gdal >/dev/null 2>&1; then
  tmp_src="$(mktemp -d /tmp/rios-src.XXXXXX)"
  derived_deb_src "$tmp_src/derived"
  if grep -qsiE '^types:' "$tmp_src/derived.sources"; then
    $SUDO install -m 0644 "$tmp_src/derived.sources" "$APT_ETC/sources.list.d/rios-src.sources"
  fi
  if [ -s "$tmp_src/derived.list" ]; then
    $SUDO install -m 0644 "$tmp_src/derived.list" "$APT_ETC/sources.list.d/rios-src.list"
  fi
  rm -rf "$tmp_src"
  log "added deb-src entries mirroring this machine's apt sources"
  $SUDO apt-get update -qq
  apt-cache showsrc gdal >/dev/null 2>&1 || {
    log "apt knows no source package 'gdal' even with deb-src entries mirroring the machine's deb entries in"
    log "$APT_ETC/sources.list.d/rios-src.*: add a deb-src entry for your distribution's archive and rerun"
    exit 1
  }
fi

work="$(mktemp -d /tmp/rios-gdal-jni.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cd "$work"
log "downloading GDAL $ver sources"
apt-get source --download-only gdal >"$work/source.log" 2>&1 || {
  cat "$work/source.log" >&2; log "apt-get source gdal failed"; exit 1; }
tarball="$(ls gdal_*.orig.tar.* | head -1)"
tar xf "$tarball"
src="$(find . -maxdepth 1 -type d -name 'gdal-*' | head -1)"
S="$(cd "$src/swig" && pwd)"

# 3. SWIG wrappers (same arguments as GDAL's own swig/java build) and the shared library.
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
B="$work/build"
mkdir -p "$B/org/gdal/gdalconst" "$B/org/gdal/gdal" "$B/org/gdal/ogr" "$B/org/gdal/osr"
log "generating JNI wrappers with SWIG"
(cd "$S/java" && swig -I"$S/include" -I"$S/include/java" -outdir "$B/org/gdal/gdalconst" \
   -package org.gdal.gdalconst -java -o "$B/org/gdal/gdalconst/gdalconst_wrap.c" "$S/include/gdalconst.i") \
   >>"$work/swig.log" 2>&1 || { cat "$work/swig.log" >&2; exit 1; }
for t in gdal ogr osr; do
  (cd "$S/java" && swig -I"$S/include" -I"$S/include/java" -outdir "$B/org/gdal/$t" -package "org.gdal.$t" \
     -c++ -java -o "$B/org/gdal/$t/${t}_wrap.cpp" "$S/include/$t.i") \
     >>"$work/swig.log" 2>&1 || { cat "$work/swig.log" >&2; exit 1; }
done
read -ra gdal_cflags <<<"$(gdal-config --cflags)"
read -ra gdal_libs <<<"$(gdal-config --libs)"
inc=(-I"$java_home/include" -I"$java_home/include/linux" "${gdal_cflags[@]}")
log "compiling libgdalalljni.so"
# The four wrappers compile side by side, each with its own log; every compile is waited for by its PID and
# its status checked (a bare `wait` returns 0 whatever the jobs returned), and the first failure's log is
# shown: no library is linked and no stamp written when any of them failed.
pids=() units=()
gcc -O2 -fPIC -w -c "$B/org/gdal/gdalconst/gdalconst_wrap.c" "${inc[@]}" -o "$B/gdalconst_wrap.o" \
  >"$work/compile-gdalconst.log" 2>&1 &
pids+=("$!"); units+=(gdalconst)
for t in gdal ogr osr; do
  g++ -O2 -fPIC -w -c "$B/org/gdal/$t/${t}_wrap.cpp" "${inc[@]}" -o "$B/${t}_wrap.o" >"$work/compile-$t.log" 2>&1 &
  pids+=("$!"); units+=("$t")
done
failed=()
for i in "${!pids[@]}"; do
  rc=0
  wait "${pids[$i]}" || rc=$?
  if [ "$rc" -ne 0 ]; then
    failed+=("${units[$i]}")
    log "compiling ${units[$i]}_wrap failed (exit status $rc):"
    cat "$work/compile-${units[$i]}.log" >&2
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  log "compiling the JNI wrappers failed (${failed[*]}); nothing installed"
  exit 1
fi
g++ -shared -o "$B/libgdalalljni.so" "$B"/*.o "${gdal_libs[@]}" >"$work/link.log" 2>&1 || {
  cat "$work/link.log" >&2; log "linking libgdalalljni.so failed; nothing installed"; exit 1; }

$SUDO mkdir -p "$JNI_DIR"
$SUDO install -m 0755 "$B/libgdalalljni.so" "$JNI_DIR/libgdalalljni.so"
echo "$ver" | $SUDO tee "$STAMP" >/dev/null
log "installed $JNI_DIR/libgdalalljni.so for GDAL $ver"

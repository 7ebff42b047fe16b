#!/usr/bin/env bash
# Extracts real sample rasters from Debian packages (no R needed) into sample-data/ and prints that path.
# r-cran-stars: stars/tif/L7_ETMs.tif (Landsat 7, 6 bands), olinda_dem_utm25s.tif, lc.tif (land cover);
# r-cran-terra: terra/ex/elev.tif, terra/ex/lux.shp. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
dest="$PWD/sample-data"
if [ -f "$dest/stars/tif/L7_ETMs.tif" ] && [ -f "$dest/terra/ex/elev.tif" ]; then
  echo "$dest"; exit 0
fi
mkdir -p "$dest"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && { apt-get download r-cran-stars r-cran-terra >/dev/null 2>&1 \
   || { apt-get update -qq >/dev/null && apt-get download r-cran-stars r-cran-terra >/dev/null; }; })
for deb in "$work"/*.deb; do
  dpkg -x "$deb" "$work/x"
done
for pkg in stars terra; do
  src="$(find "$work/x" -type d -path "*/site-library/$pkg" | head -1)"
  [ -n "$src" ] || { echo "r-cran-$pkg has no $pkg directory" >&2; exit 1; }
  mkdir -p "$dest/$pkg"
  cp -r "$src/tif" "$dest/$pkg/" 2>/dev/null || true
  cp -r "$src/ex" "$dest/$pkg/" 2>/dev/null || true
done
echo "$dest"

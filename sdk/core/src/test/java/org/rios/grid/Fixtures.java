package org.rios.grid;

import org.gdal.osr.SpatialReference;
import org.gdal.osr.osrConstants;
import org.rios.gdal.GdalRuntime;

/** Shared grids and projections for the grid tests (the RIOS test-suite's standard raster and friends). */
final class Fixtures {
  /** Top-left corner and pixel size of RIOS's standard 500 x 500 test raster in EPSG:28355. */
  static final double X_LEFT = 500000;
  static final double Y_TOP = 7000000;
  static final double RES = 10;
  static final int SIZE = 500;

  private Fixtures() {}

  /** WKT of an EPSG code, built with OSR directly rather than through the code under test. */
  static String wkt(int epsg) {
    GdalRuntime.ensureLoaded();
    SpatialReference sr = new SpatialReference();
    try {
      sr.ImportFromEPSG(epsg);
      sr.SetAxisMappingStrategy(osrConstants.OAMS_TRADITIONAL_GIS_ORDER);
      return sr.ExportToWkt();
    } finally {
      sr.delete();
    }
  }

  /** The standard raster's grid, shifted right by {@code dxPix} and down by {@code dyPix} pixels. */
  static PixelGrid standard(double dxPix, double dyPix) {
    return new PixelGrid(wkt(28355),
        new double[] {X_LEFT + dxPix * RES, RES, 0, Y_TOP - dyPix * RES, 0, -RES}, SIZE, SIZE);
  }

  /** A square box of side {@code side} centred on (cx, cy). */
  static PixelGrid box(int epsg, double cx, double cy, double side, double res) {
    return PixelGrid.fromBounds(wkt(epsg), cx - side / 2, cx + side / 2, cy - side / 2, cy + side / 2, res, res);
  }
}

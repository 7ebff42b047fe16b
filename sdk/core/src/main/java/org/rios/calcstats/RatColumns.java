package org.rios.calcstats;

import org.gdal.gdal.RasterAttributeTable;

/**
 * Raster attribute table column lookup by usage, shared by the histogram writer (PixelCount column) and the
 * automatic colour table (Red/Green/Blue/Alpha columns).
 *
 * <pre>{@code
 * RatColumns.Column c = RatColumns.findOrCreate(rat, gdalconst.GFU_PixelCount, "Histogram", gdalconst.GFT_Real);
 * if (c.created()) { ... }
 * }</pre>
 */
public final class RatColumns {
  private RatColumns() {}

  /** A column index and whether it was just created. */
  public record Column(int index, boolean created) {}

  /**
   * The first column with usage {@code usage} (a GFU_* code); if there is none, a new column named
   * {@code name} of field type {@code type} (a GFT_* code) with that usage, appended at the end.
   */
  public static Column findOrCreate(RasterAttributeTable rat, int usage, String name, int type) {
    int ncols = rat.GetColumnCount();
    for (int c = 0; c < ncols; c++) {
      if (rat.GetUsageOfCol(c) == usage) {
        return new Column(c, false);
      }
    }
    rat.CreateColumn(name, type, usage);
    return new Column(ncols, true);
  }
}

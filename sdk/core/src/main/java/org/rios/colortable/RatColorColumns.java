package org.rios.colortable;

import org.gdal.gdal.Band;
import org.gdal.gdal.RasterAttributeTable;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.calcstats.RatColumns;
import org.rios.calcstats.StatisticsWriter;

/**
 * The four colour columns of a raster attribute table (usages Red, Green, Blue, Alpha), shared by the automatic
 * colour table and {@link ColorTables#setTable}.
 */
final class RatColorColumns {
  /** Column usages in table row order: R, G, B, A. */
  static final int[] USAGES = {gdalconstConstants.GFU_Red, gdalconstConstants.GFU_Green,
      gdalconstConstants.GFU_Blue, gdalconstConstants.GFU_Alpha};
  /** Names given to columns that have to be created, in the same order. */
  static final String[] NAMES = {"Red", "Green", "Blue", "Alpha"};

  /** Column indices in R, G, B, A order, and whether any of them was just created. */
  record Columns(int[] indices, boolean anyCreated) {}

  private RatColorColumns() {}

  /** Finds the four colour columns by usage, creating missing ones as Integer columns with those usages. */
  static Columns findOrCreate(RasterAttributeTable rat) {
    int[] idx = new int[4];
    boolean created = false;
    for (int c = 0; c < 4; c++) {
      RatColumns.Column col = RatColumns.findOrCreate(rat, USAGES[c], NAMES[c], gdalconstConstants.GFT_Integer);
      idx[c] = col.index();
      created |= col.created();
    }
    return new Columns(idx, created);
  }

  /** Column indices of the colour columns in R, G, B, A order, -1 where a usage is missing. */
  static int[] find(RasterAttributeTable rat) {
    int[] idx = {-1, -1, -1, -1};
    int ncols = rat.GetColumnCount();
    for (int c = 0; c < 4; c++) {
      for (int col = 0; col < ncols; col++) {
        if (rat.GetUsageOfCol(col) == USAGES[c]) {
          idx[c] = col;
          break;
        }
      }
    }
    return idx;
  }

  /** Writes every row of {@code rgba} (each row R, G, B, A) into the given columns, starting at row 0. */
  static void writeRows(RasterAttributeTable rat, int[] cols, int[][] rgba) {
    for (int row = 0; row < rgba.length; row++) {
      for (int c = 0; c < 4; c++) {
        rat.SetValueAsInt(row, cols[c], rgba[row][c]);
      }
    }
  }

  /** Writes a (4, n) table: {@code table[c][row]} into column {@code cols[c]}. */
  static void writeColumns(RasterAttributeTable rat, int[] cols, int[][] table) {
    for (int c = 0; c < 4; c++) {
      int[] values = table[c];
      for (int row = 0; row < values.length; row++) {
        rat.SetValueAsInt(row, cols[c], values[row]);
      }
    }
  }

  /** Reads a (4, n) table from the given columns, n being the row count. */
  static int[][] readColumns(RasterAttributeTable rat, int[] cols) {
    int n = rat.GetRowCount();
    int[][] out = new int[4][n];
    for (int c = 0; c < 4; c++) {
      for (int row = 0; row < n; row++) {
        out[c][row] = rat.GetValueAsInt(row, cols[c]);
      }
    }
    return out;
  }

  /**
   * Hands the RAT back to the band when the driver keeps it in memory only (e.g. PAM-backed GeoTIFF); a copy is
   * set, never the band's own object (see {@link StatisticsWriter#setDefaultRat}).
   */
  static void reattachIfNeeded(Band band, RasterAttributeTable rat) {
    if (rat.ChangesAreWrittenToFile() == 0) {
      StatisticsWriter.setDefaultRat(band, rat);
    }
  }
}

package org.rios.colortable;

import java.awt.Color;
import org.gdal.gdal.Band;
import org.gdal.gdal.ColorTable;
import org.gdal.gdal.Dataset;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.errors.ArrayShapeException;
import org.rios.errors.AttributeTableColumnException;
import org.rios.errors.ColorTableException;

/**
 * A band's GDAL colour table as a simple array of {value, R, G, B, A} rows. For tables of more than 256 entries
 * prefer {@link ColorTables}, which goes through the raster attribute table.
 *
 * <pre>{@code
 * GdalColorTables.setColorTable("classes.img", new int[][] {{0, 0, 0, 0, 0}, {1, 255, 0, 0, 255}}, 1);
 * int[][] ct = GdalColorTables.getColorTable("classes.img", 1);   // 256 rows for a Byte band
 * }</pre>
 */
public final class GdalColorTables {
  /** Beyond this many rows {@link #setColorTable} warns that {@link ColorTables} is the better route. */
  public static final int MAX_RECOMMENDED_COLOR_TABLE = 256;

  private GdalColorTables() {}

  /**
   * The band's colour table: one {value, R, G, B, A} row per entry, value = entry index.
   *
   * @throws AttributeTableColumnException if the band has no colour table
   * @throws org.rios.errors.GdalLayerNumberException if there is no such band
   */
  public static int[][] getColorTable(Dataset ds, int bandNumber) {
    Band band = ColorBands.band(ds, bandNumber);
    ColorTable ct = band.GetColorTable();
    if (ct == null) {
      throw new AttributeTableColumnException("Band " + bandNumber + " of " + ColorBands.describe(ds)
          + " has no colour table");
    }
    int n = ct.GetCount();
    int[][] out = new int[n][];
    for (int i = 0; i < n; i++) {
      Color c = ct.GetColorEntry(i);
      out[i] = new int[] {i, c.getRed(), c.getGreen(), c.getBlue(), c.getAlpha()};
    }
    return out;
  }

  /** {@link #getColorTable(Dataset, int)} on a file opened read-only. */
  public static int[][] getColorTable(String filename, int bandNumber) {
    Dataset ds = ColorBands.openReadOnly(filename);
    try {
      return getColorTable(ds, bandNumber);
    } finally {
      ds.delete();
    }
  }

  /** {@link #getColorTable(Dataset, int)} of band 1. */
  public static int[][] getColorTable(Dataset ds) {
    return getColorTable(ds, 1);
  }

  /** {@link #getColorTable(String, int)} of band 1. */
  public static int[][] getColorTable(String filename) {
    return getColorTable(filename, 1);
  }

  /**
   * Sets a GDAL (RGB) colour table on band {@code bandNumber}, which must be open for update. {@code table}
   * rows are either {value, R, G, B, A} (values may be sparse; listed in ascending order by convention, though
   * any order works and a repeated value takes its last row) or {R, G, B, A} with the row index as the value.
   * The GDAL table gets an entry for every value 0..max (0..255 for Byte bands); values not listed are
   * (0, 0, 0, 0). More than {@value #MAX_RECOMMENDED_COLOR_TABLE} rows prints a warning on stderr.
   *
   * @throws ArrayShapeException unless every row has 5 columns, or every row 4 (and there is at least one)
   * @throws ColorTableException for a negative value, a value above 255 on a Byte band, a colour outside
   *     0..255, or a colour table GDAL refuses
   * @throws org.rios.errors.GdalLayerNumberException if there is no such band
   */
  public static void setColorTable(Dataset ds, int[][] table, int bandNumber) {
    int ncols = checkShape(table);
    Band band = ColorBands.band(ds, bandNumber);
    if (table.length > MAX_RECOMMENDED_COLOR_TABLE) {
      System.err.println("Warning: setting a GDAL colour table of " + table.length + " rows (more than "
          + MAX_RECOMMENDED_COLOR_TABLE + ") is deprecated; use ColorTables.setTable, which writes the raster"
          + " attribute table");
    }
    boolean hasValues = ncols == 5;
    int first = hasValues ? 1 : 0;
    int maxValue = -1;
    for (int row = 0; row < table.length; row++) {
      int value = hasValues ? table[row][0] : row;
      if (value < 0) {
        throw new ColorTableException("Colour table value " + value + " (row " + row + ") is negative");
      }
      for (int c = first; c < ncols; c++) {
        if (table[row][c] < 0 || table[row][c] > 255) {
          throw new ColorTableException("Colour " + table[row][c] + " in row " + row + " is outside 0..255");
        }
      }
      maxValue = Math.max(maxValue, value);
    }
    boolean isByte = band.getDataType() == gdalconstConstants.GDT_Byte;
    if (isByte && maxValue > 255) {
      throw new ColorTableException("Colour table value " + maxValue + " does not fit band " + bandNumber
          + " of " + ColorBands.describe(ds) + ", which is Byte");
    }
    ColorBands.checkGdalTableSize(ds, band, bandNumber, maxValue + 1L);  // before allocating maxValue+1 entries
    int size = isByte ? 256 : maxValue + 1;
    int[][] entries = new int[size][4];
    for (int row = 0; row < table.length; row++) {
      int value = hasValues ? table[row][0] : row;
      System.arraycopy(table[row], first, entries[value], 0, 4);
    }
    ColorTable ct = new ColorTable(gdalconstConstants.GPI_RGB);
    try {
      for (int i = 0; i < size; i++) {
        ct.SetColorEntry(i, new Color(entries[i][0], entries[i][1], entries[i][2], entries[i][3]));
      }
      ColorBands.setGdalTable(ds, band, bandNumber, ct, size);
    } finally {
      ct.delete();
    }
    ds.FlushCache();
  }

  /** {@link #setColorTable(Dataset, int[][], int)} on a file opened for update and closed afterwards. */
  public static void setColorTable(String filename, int[][] table, int bandNumber) {
    checkShape(table); // before touching the file
    Dataset ds = ColorBands.openForUpdate(filename);
    try {
      setColorTable(ds, table, bandNumber);
    } finally {
      ds.delete();
    }
  }

  /** {@link #setColorTable(Dataset, int[][], int)} on band 1. */
  public static void setColorTable(Dataset ds, int[][] table) {
    setColorTable(ds, table, 1);
  }

  /** {@link #setColorTable(String, int[][], int)} on band 1. */
  public static void setColorTable(String filename, int[][] table) {
    setColorTable(filename, table, 1);
  }

  /** The common column count (4 or 5) of the table's rows. */
  private static int checkShape(int[][] table) {
    if (table == null || table.length == 0 || table[0] == null) {
      throw new ArrayShapeException("A colour table must be a non-empty 2-D array with 4 or 5 columns");
    }
    int ncols = table[0].length;
    if (ncols != 4 && ncols != 5) {
      throw new ArrayShapeException("A colour table must have 4 columns (R, G, B, A) or 5 (value, R, G, B, A);"
          + " got " + ncols);
    }
    for (int row = 1; row < table.length; row++) {
      if (table[row] == null || table[row].length != ncols) {
        throw new ArrayShapeException("Colour table row " + row + " does not have " + ncols + " columns");
      }
    }
    return ncols;
  }
}

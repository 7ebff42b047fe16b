package org.rios.colortable;

import java.awt.Color;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.gdal.gdal.Band;
import org.gdal.gdal.ColorTable;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.RasterAttributeTable;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.errors.ArrayShapeException;
import org.rios.errors.ColorTableException;
import org.rios.errors.ColorTableMissingException;
import org.rios.rat.RatBands;
import org.rios.rat.RatCells;

/**
 * Colour tables of any size generated from named ramps (see {@link ColorRamps} for the ramps and their
 * sources), read from and written to a band's raster attribute table or GDAL colour table. Tables are
 * {@code int[4][n]}: rows R, G, B, A, one column per pixel value, each value 0..255.
 *
 * <pre>{@code
 * int[][] table = ColorTables.genTable(1000, "inferno", 0, null);   // value 0 transparent black
 * ColorTables.setTable("classes.img", table, 1, false);            // through the RAT
 * int[][] back = ColorTables.getTable("classes.img", 1);
 * }</pre>
 */
public final class ColorTables {
  /** The largest table {@link #genTable} makes: 2^24 entries (256 MB of int). */
  public static final int MAX_ENTRIES = 1 << 24;

  private static final Random RANDOM = new Random();

  private ColorTables() {}

  /** Same as {@link ColorRamps#addRamp}. */
  public static void addRamp(String name, String red, String green, String blue) {
    ColorRamps.addRamp(name, red, green, blue);
  }

  /** Same as {@link ColorRamps#getRampNames}: every ramp name, then {@code RANDOM}. */
  public static List<String> getRampNames() {
    return ColorRamps.getRampNames();
  }

  /** {@link #genTable(int, String, Integer, double[])} with no ignore value and evenly spaced points. */
  public static int[][] genTable(int n, String rampName) {
    return genTable(n, rampName, null, null);
  }

  /** {@link #genTable(int, String, Integer, double[])} with evenly spaced control points. */
  public static int[][] genTable(int n, String rampName, Integer ignoreVal) {
    return genTable(n, rampName, ignoreVal, null);
  }

  /**
   * A {@code (4, n)} colour table from a ramp. The ramp's k control points sit at k evenly spaced positions
   * from 0 to n (or at {@code colorPoints}, which must have k strictly increasing values); each channel is
   * linearly interpolated at n evenly spaced positions from 0 to n inclusive (before the first point or after
   * the last, the end colour) and truncated to an integer. Alpha is 255. If {@code ignoreVal} is given, that
   * column is all zeros (transparent black). {@link ColorRamps#RANDOM} gives random RGB colours instead.
   *
   * @param n number of entries (table columns), &gt;= 0
   * @param rampName a name from {@link #getRampNames()}
   * @param ignoreVal entry to make transparent black, or null; must be in 0..n-1
   * @param colorPoints positions of the ramp's control points, or null for evenly spaced ones
   * @throws ColorTableException for an unknown ramp, n negative or above {@link #MAX_ENTRIES}, an ignoreVal
   *     outside the table, or
   *     colorPoints of the wrong length or not strictly increasing
   */
  public static int[][] genTable(int n, String rampName, Integer ignoreVal, double[] colorPoints) {
    return genTable(n, rampName, ignoreVal, colorPoints, RANDOM);
  }

  /** {@link #genTable(int, String, Integer, double[])} with the random source used for {@code RANDOM}. */
  public static int[][] genTable(int n, String rampName, Integer ignoreVal, double[] colorPoints, Random random) {
    if (n < 0 || n > MAX_ENTRIES) {
      throw new ColorTableException("Cannot generate a colour table of " + n + " entries (0 to " + MAX_ENTRIES
          + ": one per class value of a thematic raster, which GDAL's tables and RATs hold in memory)");
    }
    if (random == null && ColorRamps.RANDOM.equals(rampName)) {
      throw new ColorTableException("genTable: the RANDOM ramp needs a random source, not null");
    }
    if (ignoreVal != null && (ignoreVal < 0 || ignoreVal >= n)) {
      throw new ColorTableException("ignoreVal " + ignoreVal + " is outside the table's entries 0.." + (n - 1));
    }
    int[][] table = new int[4][n];
    if (ColorRamps.RANDOM.equals(rampName)) {
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < 3; c++) {
          table[c][i] = random.nextInt(256);
        }
      }
    } else {
      int[][] points = ColorRamps.getRamp(rampName); // throws ColorTableException if unknown
      double[] xp = controlPositions(n, points.length, colorPoints, rampName);
      double[] x = linspace(0, n, n);
      for (int c = 0; c < 3; c++) {
        double[] fp = new double[points.length];
        for (int j = 0; j < points.length; j++) {
          fp[j] = points[j][c];
        }
        for (int i = 0; i < n; i++) {
          table[c][i] = Math.max(0, Math.min(255, (int) interp(x[i], xp, fp)));
        }
      }
    }
    Arrays.fill(table[3], 255);
    if (ignoreVal != null) {
      for (int c = 0; c < 4; c++) {
        table[c][ignoreVal] = 0;
      }
    }
    return table;
  }

  /**
   * The colour table held in band {@code bandNumber}'s raster attribute table, from the columns with usages
   * Red, Green, Blue and Alpha, as {@code (4, n)} with n the RAT's row count.
   *
   * @throws ColorTableMissingException if the band has no RAT, the RAT has no rows, or a colour column is missing
   * @throws org.rios.errors.GdalLayerNumberException if there is no such band
   */
  public static int[][] getTable(Dataset ds, int bandNumber) {
    Band band = ColorBands.band(ds, bandNumber);
    RasterAttributeTable rat = band.GetDefaultRAT();
    String where = "band " + bandNumber + " of " + ColorBands.describe(ds);
    if (rat == null) {
      throw new ColorTableMissingException("No raster attribute table on " + where);
    }
    if (rat.GetRowCount() == 0) {
      throw new ColorTableMissingException("The raster attribute table of " + where + " has no rows");
    }
    int[] cols = RatColorColumns.find(rat);
    for (int c = 0; c < 4; c++) {
      if (cols[c] < 0) {
        throw new ColorTableMissingException("No " + RatColorColumns.NAMES[c] + " column (by usage) in the raster"
            + " attribute table of " + where);
      }
    }
    return RatColorColumns.readColumns(rat, cols);
  }

  /** {@link #getTable(Dataset, int)} on a file opened read-only. */
  public static int[][] getTable(String filename, int bandNumber) {
    Dataset ds = ColorBands.openReadOnly(filename);
    try {
      return getTable(ds, bandNumber);
    } finally {
      ds.delete();
    }
  }

  /** {@link #getTable(Dataset, int)} of band 1. */
  public static int[][] getTable(Dataset ds) {
    return getTable(ds, 1);
  }

  /** {@link #getTable(String, int)} of band 1. */
  public static int[][] getTable(String filename) {
    return getTable(filename, 1);
  }

  /**
   * Writes a {@code (4, n)} colour table to band {@code bandNumber}, which must be open for update.
   * <ul>
   * <li>{@code colorTableApi == false} (the RAT route): the band's raster attribute table (created if absent) gets
   * n rows; columns with usages Red, Green, Blue, Alpha are found, or created as Integer columns of those names
   * and usages; the table is written into them. A RAT the driver keeps in memory only is set back on the band
   * (as a copy). Other columns are kept (but cut or padded to n rows).
   * <li>{@code colorTableApi == true}: a GDAL RGB colour table of n entries is set on the band (at most 256 for
   * Byte bands and 65536 for UInt16 ones; GTiff takes tables on those two types only).
   * </ul>
   *
   * @throws ArrayShapeException unless {@code table} has 4 rows of equal length
   * @throws ColorTableException if a value is outside 0..255, or (GDAL colour table) the table does not fit the
   *     band or the driver refuses it
   * @throws org.rios.errors.GdalLayerNumberException if there is no such band
   */
  public static void setTable(Dataset ds, int[][] table, int bandNumber, boolean colorTableApi) {
    int n = checkTable(table);
    Band band = ColorBands.band(ds, bandNumber);
    if (colorTableApi) {
      ColorTable ct = new ColorTable(gdalconstConstants.GPI_RGB);
      for (int i = 0; i < n; i++) {
        ct.SetColorEntry(i, new Color(table[0][i], table[1][i], table[2][i], table[3][i]));
      }
      try {
        ColorBands.setGdalTable(ds, band, bandNumber, ct, n);
      } finally {
        ct.delete();
      }
    } else {
      RasterAttributeTable rat = band.GetDefaultRAT();
      boolean fresh = rat == null;
      if (fresh) {
        rat = new RasterAttributeTable();
      }
      try {
        RatCells.setRowCount(rat, n, RatBands.describe(band));
        RatColorColumns.Columns cols = RatColorColumns.findOrCreate(rat);
        RatColorColumns.writeColumns(rat, cols.indices(), table);
        RatColorColumns.reattachIfNeeded(band, rat); // GDAL copies a table it is handed
      } finally {
        if (fresh) {
          rat.delete();
        }
      }
    }
    ds.FlushCache();
  }

  /**
   * {@link #setTable(Dataset, int[][], int, boolean)} on a file opened for update and closed afterwards; a
   * table written as raster attribute table columns is then read back.
   *
   * @throws org.rios.errors.OutputWriteException if GDAL could not save the table (a GTiff's .aux.xml in a
   *     directory that is not writable)
   */
  public static void setTable(String filename, int[][] table, int bandNumber, boolean colorTableApi) {
    int n = checkTable(table); // before touching the file
    Dataset ds = ColorBands.openForUpdate(filename);
    int columns;
    try {
      setTable(ds, table, bandNumber, colorTableApi);
      RasterAttributeTable rat = ds.GetRasterBand(bandNumber).GetDefaultRAT();
      columns = rat == null ? 0 : rat.GetColumnCount();
    } finally {
      ds.delete();
    }
    if (!colorTableApi) {
      RatBands.verifySaved(filename, bandNumber, n, columns);
    }
  }

  /** {@link #setTable(Dataset, int[][], int, boolean)} on band 1 through the RAT. */
  public static void setTable(Dataset ds, int[][] table) {
    setTable(ds, table, 1, false);
  }

  /** {@link #setTable(String, int[][], int, boolean)} on band 1 through the RAT. */
  public static void setTable(String filename, int[][] table) {
    setTable(filename, table, 1, false);
  }

  /** Checks shape (4, n) and value range; returns n. */
  private static int checkTable(int[][] table) {
    if (table == null || table.length != 4) {
      throw new ArrayShapeException("A colour table must have 4 rows (R, G, B, A); got "
          + (table == null ? "null" : table.length + " rows"));
    }
    int n = -1;
    for (int c = 0; c < 4; c++) {
      if (table[c] == null || (n >= 0 && table[c].length != n)) {
        throw new ArrayShapeException("The 4 rows of a colour table must all have the same length");
      }
      n = table[c].length;
      for (int i = 0; i < n; i++) {
        if (table[c][i] < 0 || table[c][i] > 255) {
          throw new ColorTableException("Colour table value " + table[c][i] + " at (" + c + ", " + i
              + ") is outside 0..255");
        }
      }
    }
    return n;
  }

  private static double[] controlPositions(int n, int k, double[] colorPoints, String rampName) {
    if (colorPoints == null) {
      return linspace(0, n, k);
    }
    if (colorPoints.length != k) {
      throw new ColorTableException("colorPoints has " + colorPoints.length + " values but ramp '" + rampName
          + "' has " + k + " control points");
    }
    for (int j = 1; j < k; j++) {
      if (!(colorPoints[j] > colorPoints[j - 1])) {
        throw new ColorTableException("colorPoints must be strictly increasing");
      }
    }
    return colorPoints.clone();
  }

  /** {@code num} evenly spaced values from start to stop inclusive (just start if num is 1). */
  static double[] linspace(double start, double stop, int num) {
    double[] out = new double[num];
    if (num == 1) {
      out[0] = start;
    } else if (num > 1) {
      double step = (stop - start) / (num - 1);
      for (int i = 0; i < num; i++) {
        out[i] = start + i * step;
      }
      out[num - 1] = stop;
    }
    return out;
  }

  /** Piecewise-linear interpolation of (xp, fp) at x, clamped to the end values; xp strictly increasing. */
  static double interp(double x, double[] xp, double[] fp) {
    int last = xp.length - 1;
    if (x <= xp[0]) {
      return fp[0];
    }
    if (x >= xp[last]) {
      return fp[last];
    }
    int lo = 0;
    int hi = last;
    while (hi - lo > 1) { // invariant: xp[lo] <= x < xp[hi]
      int mid = (lo + hi) >>> 1;
      if (xp[mid] <= x) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double slope = (fp[lo + 1] - fp[lo]) / (xp[lo + 1] - xp[lo]);
    return slope * (x - xp[lo]) + fp[lo];
  }
}

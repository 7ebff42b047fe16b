package org.rios.rat;

import java.util.List;
import java.util.function.Function;
import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.RasterAttributeTable;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.errors.AttributeTableColumnException;
import org.rios.errors.AttributeTableTypeException;
import org.rios.gdal.GdalRuntime;
import org.rios.calcstats.StatisticsWriter;

/**
 * Whole-column access to raster attribute tables (RATs): read, write, list columns, column usage. Every
 * method comes for a GDAL {@link Band}, for an open {@link Dataset} plus 1-based band number, and for a
 * file name (band 1 unless given; opened read-only to read, in update mode to write).
 *
 * <pre>{@code
 * Rat.writeColumn("classes.img", "Area", new double[] {0, 12.5, 40});
 * double[] area = Rat.readRealColumn("classes.img", "Area");
 * List<String> names = Rat.getColumnNames("classes.img");
 * }</pre>
 *
 * <p>Colour columns: a Real column with usage Red, Green, Blue or Alpha holds 0..1 values; reading it gives
 * 0..255 integers (value x 255, rounded to nearest, where RIOS truncates, so that write-then-read
 * round-trips exactly), and integer data written into it is divided by 255. (GDAL 3.6's GTiff/aux.xml and
 * HFA tables already present colour columns as Integer 0..255, so this only matters for drivers such as KEA.)
 *
 * <p>Drivers may rename columns: HFA names columns after their usage (PixelCount becomes "Histogram",
 * Name becomes "Class_Names", colours "Red"...), and keeps only the usages those names imply.
 *
 * <p>For whole-table, block-by-block processing prefer {@code org.rios.ratapplier.RatApplier}.
 */
public final class Rat {
  private Rat() {}

  // ---------------------------------------------------------------- reading

  /**
   * The whole column {@code name}: INTEGER as int, REAL as double (colour Real columns as 0..255 INTEGER),
   * STRING as text.
   *
   * @throws AttributeTableColumnException naming the column and file if the band has no such column
   */
  public static RatColumn readColumn(Band band, String name) {
    GdalRuntime.ensureLoaded();
    RasterAttributeTable rat = band.GetDefaultRAT();
    int col = rat == null ? -1 : RatCells.findColumn(rat, name);
    if (col < 0) {
      throw missing(band, name, rat);
    }
    RatColumn values = RatCells.read(rat, col, 0, rat.GetRowCount());
    if (values.type() == RatColumnType.REAL && RatCells.usageOf(rat, col).isColor()) {
      return colourFromStored(values);
    }
    return values;
  }

  public static RatColumn readColumn(Dataset ds, String name, int bandNumber) {
    return readColumn(RatBands.band(ds, bandNumber, ds.GetDescription()), name);
  }

  public static RatColumn readColumn(String filename, String name, int bandNumber) {
    return withBand(filename, false, bandNumber, b -> readColumn(b, name));
  }

  public static RatColumn readColumn(String filename, String name) {
    return readColumn(filename, name, 1);
  }

  /**
   * {@link #readColumn(Band, String)} converted to {@code int} (reals truncate).
   *
   * @throws AttributeTableTypeException naming the column, file and row of a value no {@code int} holds
   */
  public static int[] readIntColumn(Band band, String name) {
    return converted(band, name, RatColumn::toIntArray);
  }

  public static int[] readIntColumn(String filename, String name) {
    return readIntColumn(filename, name, 1);
  }

  public static int[] readIntColumn(String filename, String name, int bandNumber) {
    return withBand(filename, false, bandNumber, b -> readIntColumn(b, name));
  }

  /** {@link #readColumn(Band, String)} converted to {@code double}. */
  public static double[] readRealColumn(Band band, String name) {
    return converted(band, name, RatColumn::toDoubleArray);
  }

  public static double[] readRealColumn(String filename, String name) {
    return readRealColumn(filename, name, 1);
  }

  public static double[] readRealColumn(String filename, String name, int bandNumber) {
    return withBand(filename, false, bandNumber, b -> readRealColumn(b, name));
  }

  /**
   * {@link #readColumn(Band, String)} as text. RIOS's {@code useStringDType} choice (bytes or numpy
   * strings) has no Java counterpart: text is always {@code String}.
   */
  public static String[] readStringColumn(Band band, String name) {
    return readColumn(band, name).toStringArray();
  }

  public static String[] readStringColumn(String filename, String name) {
    return readColumn(filename, name).toStringArray();
  }

  public static String[] readStringColumn(String filename, String name, int bandNumber) {
    return readColumn(filename, name, bandNumber).toStringArray();
  }

  /** Column {@code name} of {@code band} converted by {@code to}, a failed conversion naming the column and band. */
  private static <T> T converted(Band band, String name, Function<RatColumn, T> to) {
    RatColumn column = readColumn(band, name);
    try {
      return to.apply(column);
    } catch (AttributeTableTypeException e) {
      throw new AttributeTableTypeException("Column '" + name + "' of " + RatBands.describe(band) + ": "
          + e.getMessage(), e);
    }
  }

  /** Column names in table order; empty if the band has no RAT. */
  public static List<String> getColumnNames(Band band) {
    GdalRuntime.ensureLoaded();
    RasterAttributeTable rat = band.GetDefaultRAT();
    return rat == null ? List.of() : RatCells.columnNames(rat);
  }

  public static List<String> getColumnNames(Dataset ds, int bandNumber) {
    return getColumnNames(RatBands.band(ds, bandNumber, ds.GetDescription()));
  }

  public static List<String> getColumnNames(String filename, int bandNumber) {
    return withBand(filename, false, bandNumber, Rat::getColumnNames);
  }

  public static List<String> getColumnNames(String filename) {
    return getColumnNames(filename, 1);
  }

  /**
   * The usage of column {@code name}. (RIOS opens the file in update mode for this; here it is read-only.)
   *
   * @throws AttributeTableColumnException if there is no such column
   */
  public static RatColumnUsage getUsageOfColumn(Band band, String name) {
    GdalRuntime.ensureLoaded();
    RasterAttributeTable rat = band.GetDefaultRAT();
    int col = rat == null ? -1 : RatCells.findColumn(rat, name);
    if (col < 0) {
      throw missing(band, name, rat);
    }
    return RatCells.usageOf(rat, col);
  }

  public static RatColumnUsage getUsageOfColumn(String filename, String name, int bandNumber) {
    return withBand(filename, false, bandNumber, b -> getUsageOfColumn(b, name));
  }

  public static RatColumnUsage getUsageOfColumn(String filename, String name) {
    return getUsageOfColumn(filename, name, 1);
  }

  /** The stored type of column {@code name} (before any colour scaling). */
  public static RatColumnType getTypeOfColumn(Band band, String name) {
    GdalRuntime.ensureLoaded();
    RasterAttributeTable rat = band.GetDefaultRAT();
    int col = rat == null ? -1 : RatCells.findColumn(rat, name);
    if (col < 0) {
      throw missing(band, name, rat);
    }
    return RatCells.typeOf(rat, col);
  }

  public static RatColumnType getTypeOfColumn(String filename, String name, int bandNumber) {
    return withBand(filename, false, bandNumber, b -> getTypeOfColumn(b, name));
  }

  /** Number of rows of the band's RAT; 0 if it has none. */
  public static int getRowCount(Band band) {
    GdalRuntime.ensureLoaded();
    RasterAttributeTable rat = band.GetDefaultRAT();
    return rat == null ? 0 : rat.GetRowCount();
  }

  public static int getRowCount(String filename, int bandNumber) {
    return withBand(filename, false, bandNumber, Rat::getRowCount);
  }

  public static int getRowCount(String filename) {
    return getRowCount(filename, 1);
  }

  // ---------------------------------------------------------------- writing

  /**
   * The column type {@link #writeColumn} would infer for {@code values}, or null if none: {@code int[]},
   * {@code short[]}, {@code long[]} (must fit 32 bits, unless written into an existing Real column),
   * {@code boolean[]} give INTEGER; {@code double[]},
   * {@code float[]} give REAL; {@code String[]} gives STRING; a {@link RatColumn} keeps its type; other
   * object arrays and collections are inferred from their first element (Integer/Long/Short/Byte/Boolean,
   * Double/Float, CharSequence). {@code byte[]} is refused (its signedness is ambiguous).
   */
  public static RatColumnType inferColumnType(Object values) {
    return values instanceof byte[] ? null : RatValues.infer(values);
  }

  /** {@link #writeColumn(Band, String, Object, RatColumnType, RatColumnUsage)} with inferred type, Generic. */
  public static void writeColumn(Band band, String name, Object values) {
    writeColumn(band, name, values, null, RatColumnUsage.GENERIC);
  }

  /**
   * Writes a whole column. The band gets a RAT if it has none and the column is created (with
   * {@code type}, or the inferred type if null, and {@code usage}, Generic if null) if missing; an existing
   * column keeps its type and usage and the values are converted to it. The table's row count becomes the
   * number of values, or at least 256 on a Byte band (one row per possible pixel value) - note this
   * truncates or extends the other columns, as in RIOS.
   *
   * @throws AttributeTableTypeException if no type can be inferred or a value does not convert
   */
  public static void writeColumn(Band band, String name, Object values, RatColumnType type,
      RatColumnUsage usage) {
    GdalRuntime.ensureLoaded();
    RatCells.checkName(name, "Rat.writeColumn");
    RasterAttributeTable rat = band.GetDefaultRAT();
    boolean fresh = rat == null;
    if (fresh) {
      rat = new RasterAttributeTable();
    }
    try {
      int col = RatCells.findColumn(rat, name);
      RatColumn column = toColumn(band, name, values, type != null || col < 0 ? type : storedTypeFor(rat, col));
      if (col < 0) {
        col = RatCells.createColumn(rat, name, column.type(), usage, RatBands.describe(band),
            RatBands.namesColumnsByUsage(band));
      }
      if (RatCells.typeOf(rat, col) == RatColumnType.REAL && RatCells.usageOf(rat, col).isColor()
          && column.type() == RatColumnType.INTEGER) {
        column = colourToStored(column);
      }
      int rows = column.length();
      if (band.getDataType() == gdalconstConstants.GDT_Byte) {
        rows = Math.max(rows, 256);
      }
      RatCells.setRowCount(rat, rows, RatBands.describe(band));
      RatCells.write(rat, col, 0, column);
      if (fresh) {
        band.SetDefaultRAT(rat);   // our own object: GDAL copies it
      } else if (rat.ChangesAreWrittenToFile() == 0) {
        // in-memory (PAM) tables only reach the file when set back; never hand GDAL its own object
        StatisticsWriter.setDefaultRat(band, rat);
      }
    } finally {
      if (fresh) {
        rat.delete();
      }
    }
  }

  public static void writeColumn(Dataset ds, String name, Object values, RatColumnType type, int bandNumber,
      RatColumnUsage usage) {
    writeColumn(RatBands.band(ds, bandNumber, ds.GetDescription()), name, values, type, usage);
  }

  /**
   * Opens {@code filename} in update mode, writes the column to band {@code bandNumber}, closes the file and
   * checks the table reached it.
   *
   * @throws org.rios.errors.OutputWriteException if GDAL could not save the table (a GTiff's .aux.xml in a
   *     directory that is not writable)
   */
  public static void writeColumn(String filename, String name, Object values, RatColumnType type,
      int bandNumber, RatColumnUsage usage) {
    int[] written = withBand(filename, true, bandNumber, b -> {
      writeColumn(b, name, values, type, usage);
      RasterAttributeTable t = b.GetDefaultRAT();
      return new int[] {t.GetRowCount(), t.GetColumnCount()};
    });
    RatBands.verifySaved(filename, bandNumber, written[0], written[1]);
  }

  public static void writeColumn(String filename, String name, Object values) {
    writeColumn(filename, name, values, null, 1, RatColumnUsage.GENERIC);
  }

  // ---------------------------------------------------------------- helpers

  /**
   * The type untyped values convert to for the existing column {@code col}: its own type (so a long[] of
   * counts beyond 32 bits goes into a Real column exactly), except a Real colour column, which takes 0..255
   * integers and scales them (null = infer).
   */
  private static RatColumnType storedTypeFor(RasterAttributeTable rat, int col) {
    RatColumnType stored = RatCells.typeOf(rat, col);
    return stored == RatColumnType.REAL && RatCells.usageOf(rat, col).isColor() ? null : stored;
  }

  private static RatColumn toColumn(Band band, String name, Object values, RatColumnType type) {
    try {
      return RatColumn.of(values, type);
    } catch (AttributeTableTypeException e) {
      throw new AttributeTableTypeException("Column '" + name + "' of " + RatBands.describe(band) + ": "
          + e.getMessage(), e);
    }
  }

  // GDAL 3.6's own tables (PAM/aux.xml, HFA) always present colour columns as Integer 0..255, so these two
  // only act for drivers that expose Real 0..1 colour columns (e.g. KEA); RatTest.realColourScalingRoundTrips covers them.

  /** A Real 0..1 colour column as 0..255 integers (rounded to nearest). */
  static RatColumn colourFromStored(RatColumn stored) {
    int[] scaled = new int[stored.length()];
    for (int i = 0; i < scaled.length; i++) {
      scaled[i] = (int) Math.round(stored.getDouble(i) * 255);
    }
    return RatColumn.wrapInts(scaled);
  }

  /** 0..255 integers as the 0..1 values a Real colour column stores. */
  static RatColumn colourToStored(RatColumn levels) {
    double[] scaled = levels.toDoubleArray();
    for (int i = 0; i < scaled.length; i++) {
      scaled[i] /= 255.0;
    }
    return RatColumn.wrapDoubles(scaled);
  }

  private static <T> T withBand(String filename, boolean update, int bandNumber, Function<Band, T> fn) {
    Dataset ds = RatBands.open(filename, update);
    try {
      return fn.apply(RatBands.band(ds, bandNumber, filename));
    } finally {
      RatBands.close(ds);
    }
  }

  private static AttributeTableColumnException missing(Band band, String name, RasterAttributeTable rat) {
    String where = RatBands.describe(band);
    if (rat == null) {
      return new AttributeTableColumnException("Column '" + name + "' not found: " + where
          + " has no raster attribute table");
    }
    return new AttributeTableColumnException("Column '" + name + "' not found in the raster attribute table of "
        + where + " (columns: " + RatCells.columnNames(rat) + ")");
  }
}

package org.rios.rat;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.gdal.gdal.RasterAttributeTable;
import org.rios.errors.AttributeTableColumnException;

/**
 * Raw cell access to a GDAL {@link RasterAttributeTable}: column lookup and reading or writing a run of rows
 * of one column. GDAL's Java binding has no array read/write for RATs, so this goes cell by cell; it applies
 * no colour scaling (that is {@link Rat}'s job), which is what the RAT applier and a faithful copy need.
 *
 * <pre>{@code
 * int col = RatCells.findColumn(rat, "Value");
 * RatColumn block = RatCells.read(rat, col, 1000, 500);   // rows 1000..1499, in the column's own type
 * }</pre>
 */
public final class RatCells {
  /** What one cell of a String column costs in GDAL's in-memory table (a std::string). */
  private static final int NATIVE_STRING_BYTES = 32;

  private RatCells() {}

  /**
   * {@code name} if it can name a column; {@code who} (the call) names it in the error.
   *
   * @throws AttributeTableColumnException for a null or empty name
   */
  public static String checkName(String name, String who) {
    if (name == null || name.isEmpty()) {
      throw new AttributeTableColumnException(who + " needs a column name, not " + (name == null ? "null"
          : "an empty one"));
    }
    return name;
  }

  /** Index of the column named exactly {@code name}, or -1 (also for null). */
  public static int findColumn(RasterAttributeTable rat, String name) {
    int n = rat.GetColumnCount();
    for (int c = 0; c < n; c++) {
      if (name != null && name.equals(rat.GetNameOfCol(c))) {
        return c;
      }
    }
    return -1;
  }

  /** All column names in table order. */
  public static List<String> columnNames(RasterAttributeTable rat) {
    int n = rat.GetColumnCount();
    List<String> names = new ArrayList<>(n);
    for (int c = 0; c < n; c++) {
      names.add(rat.GetNameOfCol(c));
    }
    return names;
  }

  public static RatColumnType typeOf(RasterAttributeTable rat, int col) {
    return RatColumnType.fromGdalCode(rat.GetTypeOfCol(col));
  }

  public static RatColumnUsage usageOf(RasterAttributeTable rat, int col) {
    return RatColumnUsage.fromGdalCode(rat.GetUsageOfCol(col));
  }

  /**
   * Appends a column and returns its index. The driver may store it under another name or type: HFA names
   * columns after their usage (PixelCount becomes "Histogram", Name "Class_Names", colours "Red" etc.),
   * keeps histograms Real, and shows its 0..1 Real colour columns as 0..255 Integer ones. So on a table of a
   * driver that {@code namesByUsage} (HFA: {@link RatBands#namesColumnsByUsage}), a column of a
   * {@linkplain RatColumnUsage#isSingular() singular usage} that the table already has is not added: a second
   * one would land on the first one's name and leave a file GDAL cannot open. The existing column's index is
   * returned instead (the values go there, as HFA would store them), with a warning.
   *
   * @param what names the file and band, for messages
   * @throws AttributeTableColumnException if the driver refused the column or stored it under the name of
   *     another column
   */
  public static int createColumn(RasterAttributeTable rat, String name, RatColumnType type,
      RatColumnUsage usage, String what, boolean namesByUsage) {
    RatColumnUsage u = usage == null ? RatColumnUsage.GENERIC : usage;
    if (namesByUsage && u.isSingular()) {
      int existing = rat.GetColOfUsage(u.gdalCode());
      if (existing >= 0) {
        System.err.println("Warning: column '" + name + "' (usage " + u + ") of the raster attribute table of "
            + what + " is written into its existing column '" + rat.GetNameOfCol(existing) + "' of that usage: "
            + "this format keeps one column of each of the usages PIXEL_COUNT, NAME, RED, GREEN, BLUE and ALPHA");
        return existing;
      }
    }
    int before = rat.GetColumnCount();
    rat.CreateColumn(name, type.gdalCode(), u.gdalCode());
    // some drivers refuse a column without raising; report it here rather than as a bad index later
    if (rat.GetColumnCount() != before + 1) {
      throw new AttributeTableColumnException("The raster attribute table driver of " + what
          + " did not create column '" + name + "'");
    }
    String stored = rat.GetNameOfCol(before);
    int clash = stored == null ? -1 : findColumn(rat, stored);
    if (clash >= 0 && clash < before) {
      throw new AttributeTableColumnException("The raster attribute table driver of " + what + " stored new column '"
          + name + "' as '" + stored + "', the name of an existing column");
    }
    return before;
  }

  /**
   * Sets the row count and checks that it took. GDAL's Java binding does not raise for this void call, and
   * HFA silently refuses to grow a table whose last allocated row was never written (it copies the old rows
   * to new space and fails reading past the end of the file). So after growing, the last row of every column
   * is written with a blank value (0 or ""), which keeps the next growth possible; callers then overwrite the
   * rows they mean to fill.
   *
   * @throws AttributeTableColumnException if the driver did not resize the table
   */
  public static void setRowCount(RasterAttributeTable rat, int rows, String what) {
    int before = rat.GetRowCount();
    if (rows == before) {
      return;
    }
    if (rows < 0) {
      throw new AttributeTableColumnException("Cannot give the raster attribute table of " + what + " "
          + rows + " rows");
    }
    if (rows > before && rat.ChangesAreWrittenToFile() == 0) {
      checkFitsInMemory(rat, rows, what);
    }
    rat.SetRowCount(rows);
    if (rat.GetRowCount() != rows) {
      throw new AttributeTableColumnException("Could not resize the raster attribute table of " + what + " from "
          + before + " to " + rows + " rows");
    }
    if (rows > before) {
      for (int c = 0; c < rat.GetColumnCount(); c++) {
        switch (typeOf(rat, c)) {
          case INTEGER: rat.SetValueAsInt(rows - 1, c, 0); break;
          case REAL: rat.SetValueAsDouble(rows - 1, c, 0); break;
          default: rat.SetValueAsString(rows - 1, c, ""); break;
        }
      }
    }
  }

  /**
   * A table that is not written to the file as it changes (GTiff's and the other formats' tables kept in
   * an .aux.xml, a new table not yet handed to a band) holds every cell in native memory, and GDAL answers
   * a resize it cannot allocate by aborting the whole JVM. So refuse, as a Java error, a size that could
   * not fit in this machine's physical memory: 4 bytes a row per Integer column, 8 per Real one and 32 per
   * String one (the empty native string each cell starts as).
   */
  private static void checkFitsInMemory(RasterAttributeTable rat, int rows, String what) {
    long bytesPerRow = 0;
    for (int c = 0; c < rat.GetColumnCount(); c++) {
      switch (typeOf(rat, c)) {
        case INTEGER: bytesPerRow += Integer.BYTES; break;
        case REAL: bytesPerRow += Double.BYTES; break;
        default: bytesPerRow += NATIVE_STRING_BYTES; break;
      }
    }
    long needed = bytesPerRow * rows;
    long physical = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    if (needed > physical) {
      throw new AttributeTableColumnException("Cannot give the in-memory raster attribute table of " + what + " "
          + rows + " rows: its " + rat.GetColumnCount() + " columns would need " + (needed >> 20) + " MB, more than "
          + "this machine's " + (physical >> 20) + " MB of memory");
    }
  }

  /** Rows {@code start .. start+len-1} of column {@code col}, in the column's own type. */
  public static RatColumn read(RasterAttributeTable rat, int col, int start, int len) {
    switch (typeOf(rat, col)) {
      case INTEGER: {
        int[] v = new int[len];
        for (int i = 0; i < len; i++) {
          v[i] = rat.GetValueAsInt(start + i, col);
        }
        return RatColumn.wrapInts(v);
      }
      case REAL: {
        double[] v = new double[len];
        for (int i = 0; i < len; i++) {
          v[i] = rat.GetValueAsDouble(start + i, col);
        }
        return RatColumn.wrapDoubles(v);
      }
      default: {
        String[] v = new String[len];
        for (int i = 0; i < len; i++) {
          String s = rat.GetValueAsString(start + i, col);
          v[i] = s == null ? "" : s;
        }
        return RatColumn.wrapStrings(v);
      }
    }
  }

  /**
   * Writes {@code values} into column {@code col} from row {@code start}, converted to the column's type
   * first (so conversion errors are Java errors, not GDAL's lenient atoi). The table must already have
   * enough rows.
   */
  public static void write(RasterAttributeTable rat, int col, int start, RatColumn values) {
    RatColumn v = values.convertTo(typeOf(rat, col));
    int n = v.length();
    switch (v.type()) {
      case INTEGER:
        for (int i = 0; i < n; i++) {
          rat.SetValueAsInt(start + i, col, v.getInt(i));
        }
        break;
      case REAL:
        for (int i = 0; i < n; i++) {
          rat.SetValueAsDouble(start + i, col, v.getDouble(i));
        }
        break;
      default:
        for (int i = 0; i < n; i++) {
          rat.SetValueAsString(start + i, col, v.getString(i));
        }
        break;
    }
  }
}

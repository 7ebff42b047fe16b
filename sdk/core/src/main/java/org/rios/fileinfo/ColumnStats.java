package org.rios.fileinfo;

import java.util.ArrayList;
import java.util.List;
import org.gdal.gdal.Band;
import org.gdal.gdal.RasterAttributeTable;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.errors.AttributeTableColumnException;

/**
 * Statistics of one raster attribute table column, optionally weighted by the histogram so that each row
 * counts as many times as there are pixels of that value. RIOS's {@code fileinfo.ColumnStats}.
 *
 * <p>The table is scanned in chunks of {@value #CHUNK_ROWS} rows. The row whose index equals the band's
 * NoData value is left out unless {@code includeImageNull}. Each row has a weight: its histogram count when
 * {@code histogramWeighted}, else 1; only rows with weight &gt; 0 take part. Then
 * {@code count = Σw}, {@code sum = Σw·v}, {@code mean = sum / count},
 * {@code stddev = sqrt(Σw·v² / count - mean²)} (population, the direct formula; a tiny negative variance
 * from rounding gives 0), and min/max over the rows taking part. {@code median} and {@code mode} are always
 * null, as in RIOS. A string column gives an "empty" object: every value null.
 *
 * <p>The histogram is the column with usage PixelCount, else a column named "Histogram". Where the band has
 * neither (a RAT on a driver that keeps the histogram in metadata), a direct histogram in
 * {@code STATISTICS_HISTOBINVALUES} is used, bin i being row {@code HISTOMIN + i}.
 *
 * <pre>{@code
 * ColumnStats s = new ColumnStats(ds.GetRasterBand(1), "Value", false, true);
 * s.mean(); s.stddev(); s.count();
 * }</pre>
 */
public final class ColumnStats {
  /** Rows read per chunk. */
  public static final int CHUNK_ROWS = 10_000;

  private final String columnName;
  private final Double count;
  private final Double sum;
  private final Double mean;
  private final Double stddev;
  private final Double min;
  private final Double max;

  /**
   * Computes the statistics of column {@code columnName} of {@code band}'s RAT.
   *
   * @throws AttributeTableColumnException if the band has no RAT, the column does not exist, or a weighted
   *     computation finds no histogram
   */
  public ColumnStats(Band band, String columnName, boolean includeImageNull, boolean histogramWeighted) {
    this.columnName = columnName;
    RasterAttributeTable rat = band.GetDefaultRAT();
    if (rat == null) {
      throw new AttributeTableColumnException(describe(band)
          + " has no raster attribute table, so no column '" + columnName + "'");
    }
    int col = findColumn(rat, columnName);
    if (col < 0) {
      throw new AttributeTableColumnException("Column '" + columnName + "' not found in the raster attribute table"
          + " of " + describe(band) + "; columns are " + columnNames(rat));
    }
    if (rat.GetTypeOfCol(col) == gdalconstConstants.GFT_String) {
      count = null;
      sum = null;
      mean = null;
      stddev = null;
      min = null;
      max = null;
      return;
    }
    int rows = rat.GetRowCount();
    long nullRow = -1;
    if (!includeImageNull) {
      Double[] nd = new Double[1];
      band.GetNoDataValue(nd);
      if (nd[0] != null && nd[0] == Math.rint(nd[0]) && nd[0] >= 0 && nd[0] < rows) {
        nullRow = nd[0].longValue();
      }
    }
    Weights weights = histogramWeighted ? Weights.of(band, rat) : null;

    double sw = 0;
    double swv = 0;
    double swv2 = 0;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int start = 0; start < rows; start += CHUNK_ROWS) {
      int end = Math.min(rows, start + CHUNK_ROWS);
      for (int r = start; r < end; r++) {
        if (r == nullRow) {
          continue;
        }
        double w = weights == null ? 1 : weights.at(r);
        if (!(w > 0)) {
          continue;
        }
        double v = rat.GetValueAsDouble(r, col);
        sw += w;
        swv += w * v;
        swv2 += w * v * v;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    count = sw;
    sum = swv;
    if (sw > 0) {
      mean = swv / sw;
      stddev = Math.sqrt(Math.max(0, swv2 / sw - mean * mean));
      min = lo;
      max = hi;
    } else {
      mean = null;
      stddev = null;
      min = null;
      max = null;
    }
  }

  static int findColumn(RasterAttributeTable rat, String name) {
    for (int c = 0; c < rat.GetColumnCount(); c++) {
      if (name.equals(rat.GetNameOfCol(c))) {
        return c;
      }
    }
    return -1;
  }

  static List<String> columnNames(RasterAttributeTable rat) {
    List<String> names = new ArrayList<>();
    for (int c = 0; c < rat.GetColumnCount(); c++) {
      names.add(rat.GetNameOfCol(c));
    }
    return names;
  }

  /** Per-row histogram counts, from the RAT or from a direct metadata histogram. */
  private interface Weights {
    double at(int row);

    static Weights of(Band band, RasterAttributeTable rat) {
      int hcol = rat.GetColOfUsage(gdalconstConstants.GFU_PixelCount);
      if (hcol < 0) {
        hcol = findColumn(rat, "Histogram");
      }
      if (hcol >= 0) {
        int c = hcol;
        return row -> rat.GetValueAsDouble(row, c);
      }
      ImageLayerStats st = new ImageLayerStats(band);
      long[] counts = st.histoCounts();
      String fn = band.GetMetadataItem("STATISTICS_HISTOBINFUNCTION");
      if (counts != null && st.histoMin() != null && (fn == null || "direct".equals(fn))) {
        long first = Math.round(st.histoMin());
        return row -> {
          long i = row - first;
          return i >= 0 && i < counts.length ? counts[(int) i] : 0;
        };
      }
      throw new AttributeTableColumnException(describe(band) + " has no histogram (no PixelCount or "
          + "'Histogram' column and no direct STATISTICS_HISTOBINVALUES) to weight by; compute statistics first "
          + "or ask for unweighted statistics");
    }
  }

  /** "File f band n", for messages: the band's file, so an error names the file at fault. */
  private static String describe(Band band) {
    org.gdal.gdal.Dataset ds = band.GetDataset();
    return (ds == null ? "Band " + band.GetBand() : "File " + ds.GetDescription() + " band " + band.GetBand());
  }

  public String columnName() { return columnName; }

  /** Σ weight (number of pixels when histogram-weighted, of rows otherwise); null for a string column. */
  public Double count() { return count; }

  /** Σ weight·value; null for a string column. */
  public Double sum() { return sum; }

  /** Weighted mean; null when nothing takes part. */
  public Double mean() { return mean; }

  /** Weighted population standard deviation; null when nothing takes part. */
  public Double stddev() { return stddev; }

  /** Smallest value among rows taking part; null when none. */
  public Double min() { return min; }

  /** Largest value among rows taking part; null when none. */
  public Double max() { return max; }

  /** Always null (RIOS computes no median of a column). */
  public Double median() { return null; }

  /** Always null (RIOS computes no mode of a column). */
  public Double mode() { return null; }

  /** Whether this is the empty result of a string column. */
  public boolean isEmpty() { return count == null; }

  @Override
  public String toString() {
    return columnName + ": count=" + show(count) + ", sum=" + show(sum) + ", mean=" + show(mean) + ", stddev="
        + show(stddev) + ", min=" + show(min) + ", max=" + show(max);
  }

  private static String show(Double v) {
    return v == null ? "None" : InfoFormat.num(v);
  }
}

package org.rios.calcstats;

import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.RasterAttributeTable;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.array.DataType;

/**
 * Writes finished statistics and histograms into a band, with exactly the metadata keys and RAT columns
 * RIOS writes, so other tools (and RIOS itself) read them the same way.
 */
public final class StatisticsWriter {
  private StatisticsWriter() {}

  /**
   * Basic statistics: GDAL's {@code SetStatistics} (STATISTICS_MINIMUM/MAXIMUM/MEAN/STDDEV, formatted by GDAL),
   * STATISTICS_EXCLUDEDVALUES = the band's NoData (Python float repr; int repr for a 64-bit integer band) if it
   * has one, and either
   * STATISTICS_APPROXIMATE=YES or STATISTICS_SKIPFACTORX=1 / STATISTICS_SKIPFACTORY=1.
   */
  public static void writeBasicStats(Band band, BandStatistics s, boolean approx) {
    band.SetStatistics(s.min(), s.max(), s.mean(), s.stddev());
    Double[] nodata = new Double[1];
    band.GetNoDataValue(nodata);
    if (nodata[0] != null) {
      // GDAL's Python bindings give a 64-bit integer band's NoData as an int, which RIOS writes as one ("52")
      int type = band.getDataType();
      boolean int64 = type == org.rios.array.DataType.INT64.gdalCode()
          || type == org.rios.array.DataType.UINT64.gdalCode();
      band.SetMetadataItem("STATISTICS_EXCLUDEDVALUES", int64 && Double.isFinite(nodata[0])
          ? PyFormat.reprInt(new java.math.BigDecimal(nodata[0])) : PyFormat.reprFloat(nodata[0]));
    }
    if (approx) {
      band.SetMetadataItem("STATISTICS_APPROXIMATE", "YES");
    } else {
      band.SetMetadataItem("STATISTICS_SKIPFACTORX", "1");
      band.SetMetadataItem("STATISTICS_SKIPFACTORY", "1");
    }
  }

  /**
   * Writes a histogram and the median and mode estimated from it.
   *
   * <p>Thematic bands that already have a RAT object (and are not HFA, whose linear-binning support is
   * unreliable) get the counts in the RAT column with usage PixelCount (created as real column "Histogram"
   * if missing), with the row count set to the number of bins and linear binning (HISTOMIN, bin width),
   * unless that column is an integer one and a count is above 2<sup>31</sup> - 1 ({@link #fitsPixelCountColumn}).
   * Everything else uses the metadata route: STATISTICS_HISTOBINVALUES (counts joined by '|' with a trailing
   * '|'), STATISTICS_HISTOMIN, STATISTICS_HISTOMAX and STATISTICS_HISTONUMBINS. Both routes add
   * STATISTICS_HISTOBINFUNCTION, STATISTICS_MEDIAN (value of the first bin whose cumulative count reaches
   * half the total) and STATISTICS_MODE (value of the fullest bin), as floats for float bands and as rounded
   * integers otherwise.
   */
  public static void writeHistogram(Dataset ds, Band band, long[] counts, HistogramParams p, DataType type,
      boolean thematic) {
    RasterAttributeTable rat = band.GetDefaultRAT();
    String driver = ds.GetDriver() == null ? "" : ds.GetDriver().getShortName();
    boolean ratRoute = thematic && rat != null && !"HFA".equals(driver);
    RasterAttributeTable rebuilt = null;
    if (ratRoute && !fitsPixelCountColumn(rat, counts)) {
      if (rat.ChangesAreWrittenToFile() == 0) {
        rebuilt = withRealPixelCount(rat);   // set back on the band below, in place of the old table
        rat = rebuilt;
      } else {
        ratRoute = false;   // a table the driver keeps in the file itself: the counts go to the metadata
      }
    }
    try {
      writeHistogram(band, rat, ratRoute, counts, p, type);
    } finally {
      if (rebuilt != null) {
        rebuilt.delete();
      }
    }
  }

  private static void writeHistogram(Band band, RasterAttributeTable rat, boolean ratRoute, long[] counts,
      HistogramParams p, DataType type) {
    if (ratRoute) {
      RatColumns.Column col = RatColumns.findOrCreate(rat, gdalconstConstants.GFU_PixelCount, "Histogram",
          gdalconstConstants.GFT_Real);
      rat.SetRowCount(p.nbins());
      for (int i = 0; i < counts.length; i++) {
        rat.SetValueAsDouble(i, col.index(), counts[i]);
      }
      rat.SetLinearBinning(p.min().doubleValue(), (p.calcMax() - p.calcMin()) / p.nbins());
    } else {
      StringBuilder b = new StringBuilder(counts.length * 4);
      for (long c : counts) {
        b.append(c).append('|');
      }
      band.SetMetadataItem("STATISTICS_HISTOBINVALUES", b.toString());
      band.SetMetadataItem("STATISTICS_HISTOMIN", p.minText());
      band.SetMetadataItem("STATISTICS_HISTOMAX", p.maxText());
      band.SetMetadataItem("STATISTICS_HISTONUMBINS", Integer.toString(p.nbins()));
    }
    band.SetMetadataItem("STATISTICS_HISTOBINFUNCTION", p.binFunction());

    double min = p.min().doubleValue();
    double median = medianBin(counts) * p.step() + min;
    double mode = modeBin(counts) * p.step() + min;
    boolean isFloat = type.isFloatingPoint();
    band.SetMetadataItem("STATISTICS_MEDIAN", isFloat ? PyFormat.reprFloat(median) : PyFormat.reprRoundedInt(median));
    band.SetMetadataItem("STATISTICS_MODE", isFloat ? PyFormat.reprFloat(mode) : PyFormat.reprRoundedInt(mode));

    if (rat != null && rat.ChangesAreWrittenToFile() == 0) {
      // drivers that keep the RAT in memory only take the changes when it is set back on the band
      setDefaultRat(band, rat);
    }
  }

  /**
   * Whether the RAT's pixel-count column (a new real one if it has none) can hold every count: an existing
   * integer column holds 32 bits, and GDAL would wrap a larger count into a negative one. The table is then
   * rebuilt with that column real ({@link #withRealPixelCount}), or, where the driver keeps the table in the
   * file itself, the counts go to the metadata route, which holds them exactly.
   */
  static boolean fitsPixelCountColumn(RasterAttributeTable rat, long[] counts) {
    for (int c = 0; c < rat.GetColumnCount(); c++) {
      if (rat.GetUsageOfCol(c) == gdalconstConstants.GFU_PixelCount) {
        return rat.GetTypeOfCol(c) != gdalconstConstants.GFT_Integer
            || java.util.Arrays.stream(counts).allMatch(n -> n <= Integer.MAX_VALUE);
      }
    }
    return true;
  }

  /**
   * A copy of {@code rat} whose first pixel-count column is real (same name, place and values), every other
   * column, the linear binning and the table type as they are.
   */
  static RasterAttributeTable withRealPixelCount(RasterAttributeTable rat) {
    int target = -1;
    for (int c = 0; c < rat.GetColumnCount() && target < 0; c++) {
      target = rat.GetUsageOfCol(c) == gdalconstConstants.GFU_PixelCount ? c : -1;
    }
    RasterAttributeTable out = new RasterAttributeTable();
    int rows = rat.GetRowCount();
    out.SetRowCount(rows);
    for (int c = 0; c < rat.GetColumnCount(); c++) {
      int t = c == target ? gdalconstConstants.GFT_Real : rat.GetTypeOfCol(c);
      out.CreateColumn(rat.GetNameOfCol(c), t, rat.GetUsageOfCol(c));
      for (int r = 0; r < rows; r++) {
        if (t == gdalconstConstants.GFT_Integer) {
          out.SetValueAsInt(r, c, rat.GetValueAsInt(r, c));
        } else if (t == gdalconstConstants.GFT_Real) {
          out.SetValueAsDouble(r, c, rat.GetValueAsDouble(r, c));
        } else {
          out.SetValueAsString(r, c, rat.GetValueAsString(r, c));
        }
      }
    }
    double[] row0 = new double[1];
    double[] size = new double[1];
    if (rat.GetLinearBinning(row0, size)) {
      out.SetLinearBinning(row0[0], size[0]);
    }
    out.SetTableType(rat.GetTableType());
    return out;
  }

  /**
   * Sets {@code rat} as the band's RAT. GDAL's PAM bands free their current table before copying the new one,
   * so passing back the band's own table object (as returned by GetDefaultRAT) would read freed memory; a
   * private copy is handed over instead. {@code rat} must not be used afterwards if it was the band's own.
   */
  public static void setDefaultRat(Band band, RasterAttributeTable rat) {
    RasterAttributeTable copy = rat.Clone();
    try {
      band.SetDefaultRAT(copy);
    } finally {
      copy.delete();
    }
  }

  /** Index of the first bin whose cumulative count is at least half the total. */
  public static int medianBin(long[] counts) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    double middle = total / 2.0;
    long cum = 0;
    for (int i = 0; i < counts.length; i++) {
      cum += counts[i];
      if (cum >= middle) {
        return i;
      }
    }
    return counts.length - 1;
  }

  /** Index of the first bin with the largest count. */
  public static int modeBin(long[] counts) {
    int best = 0;
    for (int i = 1; i < counts.length; i++) {
      if (counts[i] > counts[best]) {
        best = i;
      }
    }
    return best;
  }
}

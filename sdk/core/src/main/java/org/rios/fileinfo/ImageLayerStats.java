package org.rios.fileinfo;

import java.util.ArrayList;
import java.util.List;
import org.gdal.gdal.Band;
import org.gdal.gdal.RasterAttributeTable;
import org.gdal.gdalconst.gdalconstConstants;

/**
 * The statistics stored in one band, as written by the applier, by {@link org.rios.calcstats.LegacyStats} or by
 * other tools: the {@code STATISTICS_*} metadata items and the histogram. RIOS's {@code fileinfo.ImageLayerStats}.
 *
 * <p>Every value is null when its metadata item is absent or not a number. The histogram counts come from the
 * RAT column with usage PixelCount when the band has one with rows, else from
 * {@code STATISTICS_HISTOBINVALUES}; null when neither exists.
 *
 * <pre>{@code
 * ImageLayerStats s = new ImageLayerStats(ds.GetRasterBand(1));
 * s.mean(); s.median(); s.histoCounts();
 * System.out.println(s);    // Mean: 50.5, Stddev: 28.86, Min: 0, Max: 100, Median: 50, Mode: 50
 * }</pre>
 */
public final class ImageLayerStats {
  private final String[] text = new String[KEYS.length];
  private final Double[] values = new Double[KEYS.length];
  private final long[] histoCounts;

  private static final String[] KEYS = {"MEAN", "STDDEV", "MAXIMUM", "MINIMUM", "MEDIAN", "MODE", "SKIPFACTORX",
      "SKIPFACTORY", "HISTOMIN", "HISTOMAX", "HISTONUMBINS"};
  private static final int MEAN = 0;
  private static final int STDDEV = 1;
  private static final int MAX = 2;
  private static final int MIN = 3;
  private static final int MEDIAN = 4;
  private static final int MODE = 5;
  private static final int SKIPX = 6;
  private static final int SKIPY = 7;
  private static final int HMIN = 8;
  private static final int HMAX = 9;
  private static final int HBINS = 10;

  /** Reads the statistics of {@code band} (the band is not kept). */
  public ImageLayerStats(Band band) {
    for (int i = 0; i < KEYS.length; i++) {
      String t = band.GetMetadataItem("STATISTICS_" + KEYS[i]);
      Double v = parse(t);
      text[i] = v == null ? null : t.trim();
      values[i] = v;
    }
    histoCounts = readCounts(band);
  }

  /**
   * A statistic's text as GDAL writes it ({@code "inf"}, {@code "-nan"} and C's other spellings included) as a
   * number, or null for none or text that is not a number.
   */
  public static Double parseStatistic(String t) {
    return parse(t);
  }

  private static Double parse(String t) {
    if (t == null || t.isBlank()) {
      return null;
    }
    String s = t.trim();
    switch (s.toLowerCase()) {
      case "nan": case "-nan": case "+nan": return Double.NaN;   // as C's printf writes them
      case "inf": case "+inf": return Double.POSITIVE_INFINITY;
      case "-inf": return Double.NEGATIVE_INFINITY;
      default: break;
    }
    try {
      return Double.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static long[] readCounts(Band band) {
    RasterAttributeTable rat = band.GetDefaultRAT();
    if (rat != null) {
      int col = rat.GetColOfUsage(gdalconstConstants.GFU_PixelCount);
      int rows = rat.GetRowCount();
      if (col >= 0 && rows > 0) {
        long[] counts = new long[rows];
        for (int r = 0; r < rows; r++) {
          counts[r] = Math.round(rat.GetValueAsDouble(r, col));
        }
        return counts;
      }
    }
    String bins = band.GetMetadataItem("STATISTICS_HISTOBINVALUES");
    if (bins == null || bins.isBlank()) {
      return null;
    }
    List<Long> list = new ArrayList<>();
    for (String part : bins.split("\\|")) {
      if (!part.isBlank()) {
        try {
          list.add(Math.round(Double.parseDouble(part.trim())));
        } catch (NumberFormatException e) {
          return null;
        }
      }
    }
    long[] counts = new long[list.size()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = list.get(i);
    }
    return counts;
  }

  /** STATISTICS_MEAN. */
  public Double mean() { return values[MEAN]; }

  /** STATISTICS_STDDEV. */
  public Double stddev() { return values[STDDEV]; }

  /** STATISTICS_MAXIMUM. */
  public Double max() { return values[MAX]; }

  /** STATISTICS_MINIMUM. */
  public Double min() { return values[MIN]; }

  /** STATISTICS_MEDIAN. */
  public Double median() { return values[MEDIAN]; }

  /** STATISTICS_MODE. */
  public Double mode() { return values[MODE]; }

  /** STATISTICS_SKIPFACTORX (1 for exact statistics). */
  public Double skipFactorX() { return values[SKIPX]; }

  /** STATISTICS_SKIPFACTORY. */
  public Double skipFactorY() { return values[SKIPY]; }

  /** STATISTICS_HISTOMIN. */
  public Double histoMin() { return values[HMIN]; }

  /** STATISTICS_HISTOMAX. */
  public Double histoMax() { return values[HMAX]; }

  /** STATISTICS_HISTONUMBINS, or null. */
  public Integer histoNumBins() {
    return values[HBINS] == null ? null : (int) Math.round(values[HBINS]);
  }

  /** The histogram counts (a copy), or null if the band has no histogram. */
  public long[] histoCounts() {
    return histoCounts == null ? null : histoCounts.clone();
  }

  /**
   * One line: {@code Mean: m, Stddev: s, Min: a, Max: b, Median: md, Mode: mo}, each value as stored in the
   * metadata (a whole number written without a decimal point stays that way, so an integer band's median
   * prints as {@code 52}), {@code None} when absent.
   */
  @Override
  public String toString() {
    return "Mean: " + show(MEAN) + ", Stddev: " + show(STDDEV) + ", Min: " + show(MIN) + ", Max: " + show(MAX)
        + ", Median: " + show(MEDIAN) + ", Mode: " + show(MODE);
  }

  private String show(int i) {
    if (values[i] == null) {
      return "None";
    }
    String t = text[i];
    if (t.matches("[+-]?\\d+")) {
      return new java.math.BigInteger(t).toString();   // as Python's int: "-0" prints 0, "+5" prints 5
    }
    double v = values[i];
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return org.rios.calcstats.PyFormat.reprFloat(v);
  }
}

package org.rios.testutil;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.RasterAttributeTable;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.gdal.GdalRuntime;

/**
 * Independent reference maths for statistics tests (what RIOS's tests compute with numpy) and the shared
 * "statistics in the file match a direct computation" assertion used by the OutputStatistics-level tests and
 * by the applier-level teststats scenario.
 */
public final class StatsAssertions {
  /** The six statistics keys RIOS's teststats reads (without the STATISTICS_ prefix). */
  public static final List<String> SIX_KEYS = List.of("MEAN", "STDDEV", "MINIMUM", "MAXIMUM", "MEDIAN", "MODE");

  private StatsAssertions() {}

  /** All metadata of band {@code b} (1-based) of a closed file, sorted by key. */
  public static Map<String, String> metadata(String path, int b) {
    GdalRuntime.ensureLoaded();
    Dataset ds = gdal.Open(path, gdalconstConstants.GA_ReadOnly);
    try {
      Map<String, String> out = new TreeMap<>();
      @SuppressWarnings("unchecked")
      Hashtable<String, String> md = ds.GetRasterBand(b).GetMetadata_Dict("");
      out.putAll(md);
      return out;
    } finally {
      ds.delete();
    }
  }

  /** Number of overviews of band 1. */
  public static int overviewCount(String path) {
    GdalRuntime.ensureLoaded();
    Dataset ds = gdal.Open(path, gdalconstConstants.GA_ReadOnly);
    try {
      return ds.GetRasterBand(1).GetOverviewCount();
    } finally {
      ds.delete();
    }
  }

  /** The values of band 0 that are not null, as doubles; the null is compared in the band's precision. */
  public static double[] nonNull(RasterArray a, Double nullValue) {
    List<Double> out = new ArrayList<>();
    double nul = nullValue == null ? Double.NaN
        : a.dataType() == DataType.FLOAT32 ? (float) nullValue.doubleValue() : nullValue;
    for (int i = 0; i < a.bandSize(); i++) {
      double v = a.getDoubleAt(i);
      if (Double.isNaN(v) || (nullValue != null && v == nul)) {
        continue;
      }
      out.add(v);
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  public static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  /** Population standard deviation, two-pass. */
  public static double stddev(double[] v) {
    double m = mean(v);
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / v.length);
  }

  public static double min(double[] v) {
    double m = Double.POSITIVE_INFINITY;
    for (double x : v) {
      m = Math.min(m, x);
    }
    return m;
  }

  public static double max(double[] v) {
    double m = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      m = Math.max(m, x);
    }
    return m;
  }

  /** Median (numpy style: mean of the two middle values for even counts). */
  public static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /** Most frequent value (smallest on ties). */
  public static double mode(double[] v) {
    Map<Double, Integer> counts = new TreeMap<>();
    for (double x : v) {
      counts.merge(x, 1, Integer::sum);
    }
    double best = Double.NaN;
    int bestCount = -1;
    for (Map.Entry<Double, Integer> e : counts.entrySet()) {
      if (e.getValue() > bestCount) {
        best = e.getKey();
        bestCount = e.getValue();
      }
    }
    return best;
  }

  /** numpy.histogram(v, bins=n, range=(lo, hi)) counts, with numpy's edge handling. */
  public static long[] numpyHistogram(double[] v, int n, double lo, double hi) {
    double[] edges = new double[n + 1];
    double step = (hi - lo) / n;
    for (int i = 0; i <= n; i++) {
      edges[i] = lo + i * step;
    }
    edges[n] = hi;
    long[] counts = new long[n];
    double norm = n / (hi - lo);
    for (double x : v) {
      if (x < lo || x > hi) {
        continue;
      }
      int idx = (int) ((x - lo) * norm);
      if (idx == n) {
        idx--;
      }
      if (x < edges[idx]) {
        idx--;
      } else if (idx != n - 1 && x >= edges[idx + 1]) {
        idx++;
      }
      counts[idx]++;
    }
    return counts;
  }

  /** The counts of a STATISTICS_HISTOBINVALUES string ("c0|c1|...|", trailing '|' optional). */
  public static long[] parseBins(String s) {
    String[] parts = s.split("\\|");
    long[] out = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Long.parseLong(parts[i]);
    }
    return out;
  }

  /** The PixelCount column of band 1's RAT (the RAT route of the histogram). */
  public static long[] ratHistogram(String path) {
    return ratHistogramAndRange(path).counts;
  }

  /** A histogram read from a RAT, with the value range its linear binning describes. */
  private static final class RatHistogram {
    long[] counts;
    double lo;
    double binSize;
  }

  private static RatHistogram ratHistogramAndRange(String path) {
    GdalRuntime.ensureLoaded();
    Dataset ds = gdal.Open(path, gdalconstConstants.GA_ReadOnly);
    try {
      RasterAttributeTable rat = ds.GetRasterBand(1).GetDefaultRAT();
      assertThat("no histogram metadata and no RAT in " + path, rat, notNullValue());
      int col = rat.GetColOfUsage(gdalconstConstants.GFU_PixelCount);
      assertThat("no PixelCount column in the RAT of " + path, col >= 0, is(true));
      RatHistogram h = new RatHistogram();
      h.counts = new long[rat.GetRowCount()];
      for (int i = 0; i < h.counts.length; i++) {
        h.counts[i] = (long) rat.GetValueAsDouble(i, col);
      }
      double[] row0 = new double[1];
      double[] size = new double[1];
      if (rat.GetLinearBinning(row0, size)) {
        h.lo = row0[0];
        h.binSize = size[0];
      } else {
        h.lo = Double.NaN;
      }
      return h;
    } finally {
      ds.delete();
    }
  }

  /**
   * RIOS's teststats checks on band 1 of {@code path}: the six keys are present; mean, population stddev,
   * min and max within 1e-6 of a direct computation over the non-null pixels of {@code image}; median and
   * mode within 0.3 * scale; histogram (metadata string, else the RAT PixelCount column) totals the non-null
   * count and equals, bin by bin, numpy's histogram with the same bin count over [HISTOMIN, HISTOMAX].
   */
  public static void assertStatsMatch(String path, RasterArray image, Double nullValue, double scale) {
    double[] v = nonNull(image, nullValue);
    Map<String, String> md = metadata(path, 1);
    for (String key : SIX_KEYS) {
      assertThat(md, hasKey("STATISTICS_" + key));
    }
    assertThat("mean", Double.parseDouble(md.get("STATISTICS_MEAN")), closeTo(mean(v), 1e-6));
    assertThat("stddev", Double.parseDouble(md.get("STATISTICS_STDDEV")), closeTo(stddev(v), 1e-6));
    assertThat("minimum", Double.parseDouble(md.get("STATISTICS_MINIMUM")), closeTo(min(v), 1e-6));
    assertThat("maximum", Double.parseDouble(md.get("STATISTICS_MAXIMUM")), closeTo(max(v), 1e-6));
    assertThat("median", Double.parseDouble(md.get("STATISTICS_MEDIAN")), closeTo(median(v), 0.3 * scale));
    assertThat("mode", Double.parseDouble(md.get("STATISTICS_MODE")), closeTo(mode(v), 0.3 * scale));

    long[] bins;
    double lo;
    double hi;
    if (md.containsKey("STATISTICS_HISTOBINVALUES")) {
      bins = parseBins(md.get("STATISTICS_HISTOBINVALUES"));
      lo = Double.parseDouble(md.get("STATISTICS_HISTOMIN"));
      hi = Double.parseDouble(md.get("STATISTICS_HISTOMAX"));
    } else {
      RatHistogram h = ratHistogramAndRange(path);
      bins = h.counts;
      if (md.containsKey("STATISTICS_HISTOMIN")) {
        lo = Double.parseDouble(md.get("STATISTICS_HISTOMIN"));
        hi = Double.parseDouble(md.get("STATISTICS_HISTOMAX"));
      } else {
        // RAT route without HISTOMIN/HISTOMAX: the range is implied by the linear binning
        assertThat("RAT histogram of " + path + " has no linear binning", Double.isNaN(h.lo), is(false));
        boolean direct = "direct".equals(md.get("STATISTICS_HISTOBINFUNCTION"));
        lo = h.lo;
        hi = h.lo + h.binSize * (direct ? bins.length - 1 : bins.length);
      }
    }
    long total = 0;
    for (long c : bins) {
      total += c;
    }
    assertThat("histogram total", total, is((long) v.length));
    assertThat("histogram bins", bins, is(numpyHistogram(v, bins.length, lo, hi)));
  }
}

package org.rios.calcstats;

import org.gdal.gdal.Band;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.errors.RiosException;

/**
 * The "after writing" path: statistics, min/max and histograms computed by GDAL over the finished band.
 * GDAL reports a band without valid pixels as a failure ("no valid pixels found in sampling"); that case is
 * returned as null, any other failure is an error. The Java bindings report some of these failures through
 * return codes rather than exceptions, so both are checked.
 */
final class GdalStatistics {
  private static final String NO_VALID = "no valid pixels";

  private GdalStatistics() {}

  /**
   * GDAL's {@code ComputeStatistics(approx)} (which also stores them in the band's metadata), or null when
   * the band has no non-null pixel.
   */
  public static BandStatistics computeStatistics(Band band, boolean approx) {
    double[] mn = new double[1];
    double[] mx = new double[1];
    double[] mean = new double[1];
    double[] sd = new double[1];
    gdal.ErrorReset();
    int rc;
    try {
      rc = band.ComputeStatistics(approx, mn, mx, mean, sd);
    } catch (RuntimeException e) {
      if (String.valueOf(e.getMessage()).contains(NO_VALID)) {
        return null;
      }
      throw new RiosException("GDAL ComputeStatistics failed: " + e.getMessage(), e);
    }
    if (rc != gdalconstConstants.CE_None) {
      String msg = gdal.GetLastErrorMsg();
      if (msg != null && msg.contains(NO_VALID)) {
        return null;
      }
      throw new RiosException("GDAL ComputeStatistics failed: " + msg);
    }
    return BandStatistics.of(mn[0], mx[0], mean[0], sd[0]);
  }

  /**
   * GDAL's {@code ComputeRasterMinMax(approx)} as {min, max}, writing nothing to the band; null when the band
   * has no non-null pixel.
   */
  public static double[] computeMinMax(Band band, boolean approx) {
    double[] mm = new double[2];
    gdal.ErrorReset();
    try {
      band.ComputeRasterMinMax(mm, approx ? 1 : 0);
    } catch (RuntimeException e) {
      if (String.valueOf(e.getMessage()).contains(NO_VALID)) {
        return null;
      }
      throw new RiosException("GDAL ComputeRasterMinMax failed: " + e.getMessage(), e);
    }
    if (gdal.GetLastErrorType() >= gdalconstConstants.CE_Failure) {
      String msg = gdal.GetLastErrorMsg();
      if (msg != null && msg.contains(NO_VALID)) {
        return null;
      }
      throw new RiosException("GDAL ComputeRasterMinMax failed: " + msg);
    }
    return mm;
  }

  /**
   * GDAL's {@code GetHistogram(calcMin, calcMax, nbins, includeOutOfRange=true, approx)}. Out-of-range values
   * are safe to include because the range comes from the data itself. Returns null if a count may not be
   * exact, in which case these counts must not be written: GDAL counts in 64 bits, but its Java binding
   * hands back 32-bit counts and clamps a larger one to 2<sup>31</sup> - 1 with only a warning (a bin of
   * more than 2<sup>31</sup> pixels, e.g. one value over most of a 50000 x 50000 band), so a count of
   * 2<sup>31</sup> - 1 is taken as clamped. {@link HistogramReadBack#gdalOrRecounted} counts a GTiff or HFA band
   * that large in 64 bits itself.
   */
  public static long[] histogram(Band band, HistogramParams p, boolean approx) {
    return histogram(band, p, approx, Integer.MAX_VALUE);
  }

  /** As {@link #histogram(Band, HistogramParams, boolean)}, a count of {@code clampedAt} or more taken as clamped. */
  static long[] histogram(Band band, HistogramParams p, boolean approx, long clampedAt) {
    int[] counts = new int[p.nbins()];
    gdal.ErrorReset();
    int rc;
    try {
      rc = band.GetHistogram(p.calcMin(), p.calcMax(), counts, true, approx);
    } catch (RuntimeException e) {
      throw new RiosException("GDAL GetHistogram failed: " + e.getMessage(), e);
    }
    if (rc != gdalconstConstants.CE_None) {
      throw new RiosException("GDAL GetHistogram failed: " + gdal.GetLastErrorMsg());
    }
    long[] out = new long[counts.length];
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] < 0 || counts[i] >= clampedAt) {
        return null;
      }
      out[i] = counts[i];
    }
    return out;
  }
}

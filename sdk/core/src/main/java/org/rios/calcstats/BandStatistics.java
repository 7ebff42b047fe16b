package org.rios.calcstats;

import java.math.BigDecimal;

/**
 * The four basic statistics of one band over its non-null pixels, plus the exact minimum and maximum (for
 * 64-bit integer bands the doubles can be rounded; the exact values feed the histogram limits).
 *
 * @param min smallest value
 * @param max largest value
 * @param mean arithmetic mean
 * @param stddev population standard deviation
 * @param exactMin {@code min} without rounding
 * @param exactMax {@code max} without rounding
 */
record BandStatistics(double min, double max, double mean, double stddev, BigDecimal exactMin,
    BigDecimal exactMax) {

  /** Statistics whose exact limits are the double limits themselves (GDAL's results, float bands). */
  public static BandStatistics of(double min, double max, double mean, double stddev) {
    return new BandStatistics(min, max, mean, stddev, exact(min), exact(max));
  }

  private static BigDecimal exact(double v) {
    return Double.isFinite(v) ? new BigDecimal(v) : null;
  }
}

package org.rios.calcstats;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.rios.array.DataType;
import org.rios.errors.ThematicException;

/**
 * The binning of a band's histogram, decided from its pixel type, whether it is thematic, and its minimum
 * and maximum. Used both for GDAL's {@code GetHistogram} and for the single-pass histogram, so the two paths
 * produce the same layout:
 *
 * <table>
 * <caption>Binning rules</caption>
 * <tr><th>Case</th><th>min / max</th><th>bins</th><th>step</th><th>calc range</th><th>function</th></tr>
 * <tr><td>thematic or Byte</td><td>0 / ceil(max)</td><td>max+1</td><td>1</td><td>-0.5 .. max+0.5</td>
 *     <td>direct</td></tr>
 * <tr><td>other integer, range &le; 256</td><td>int(min) / int(max)</td><td>range</td><td>1</td>
 *     <td>min-0.5 .. max+0.5</td><td>direct</td></tr>
 * <tr><td>other integer, range &gt; 256</td><td>int(min) / int(max)</td><td>256</td><td>(max-min)/256</td>
 *     <td>min .. max</td><td>linear</td></tr>
 * <tr><td>Float32/Float64</td><td>min / max</td><td>256 (1 if min == max)</td><td>(calcMax-calcMin)/bins</td>
 *     <td>min .. max (max+0.5 if equal)</td><td>linear</td></tr>
 * </table>
 *
 * where range = ceil(max) - floor(min) + 1. Integer limits are kept exact ({@link BigDecimal}), so 64-bit
 * values print without rounding.
 *
 * <pre>{@code
 * HistogramParams p = HistogramParams.of(DataType.INT16, false, -20, 29980);
 * p.nbins();        // 256
 * p.binFunction();  // "linear"
 * }</pre>
 */
final class HistogramParams {
  /** Most bins a "linear" histogram gets. */
  public static final int MAX_LINEAR_BINS = 256;

  private final boolean integral;
  private final BigDecimal min;
  private final BigDecimal max;
  private final double step;
  private final double calcMin;
  private final double calcMax;
  private final int nbins;
  private final String binFunction;

  private HistogramParams(boolean integral, BigDecimal min, BigDecimal max, double step, double calcMin,
      double calcMax, int nbins, String binFunction) {
    this.integral = integral;
    this.min = min;
    this.max = max;
    this.step = step;
    this.calcMin = calcMin;
    this.calcMax = calcMax;
    this.nbins = nbins;
    this.binFunction = binFunction;
  }

  /** {@link #of(DataType, boolean, BigDecimal, BigDecimal)} for limits given as doubles. */
  public static HistogramParams of(DataType type, boolean thematic, double minval, double maxval) {
    return of(type, thematic, new BigDecimal(minval), new BigDecimal(maxval));
  }

  /**
   * The binning for a band of {@code type} whose values lie in {@code [minval, maxval]}.
   *
   * @throws ThematicException for a thematic (or Byte) band with a negative minimum, which a direct histogram
   *     starting at zero cannot hold (RIOS raises ValueError here)
   */
  public static HistogramParams of(DataType type, boolean thematic, BigDecimal minval, BigDecimal maxval) {
    if (thematic || type == DataType.UINT8) {
      if (minval.signum() < 0) {
        throw new ThematicException("Histogram code does not cope with negative values (minimum " + minval
            + ") in a thematic raster");
      }
      BigDecimal hi = maxval.setScale(0, RoundingMode.CEILING);
      long nb = hi.longValueExact() + 1;
      if (nb > Integer.MAX_VALUE - 8) {
        throw new ThematicException("A direct histogram up to " + hi + " would need " + nb
            + " bins, more than can be held; is this layer really thematic?");
      }
      return new HistogramParams(true, BigDecimal.ZERO, hi, 1.0, -0.5, hi.doubleValue() + 0.5, (int) nb, "direct");
    }
    if (type.isInteger()) {
      BigDecimal range = maxval.setScale(0, RoundingMode.CEILING)
          .subtract(minval.setScale(0, RoundingMode.FLOOR)).add(BigDecimal.ONE);
      BigDecimal lo = minval.setScale(0, RoundingMode.DOWN);
      BigDecimal hi = maxval.setScale(0, RoundingMode.DOWN);
      if (range.compareTo(BigDecimal.valueOf(MAX_LINEAR_BINS)) <= 0) {
        return new HistogramParams(true, lo, hi, 1.0, lo.doubleValue() - 0.5, hi.doubleValue() + 0.5,
            range.intValueExact(), "direct");
      }
      // the width is computed from the exact integer difference, as Python does with its unbounded ints
      double width = hi.subtract(lo).doubleValue();
      return new HistogramParams(true, lo, hi, width / MAX_LINEAR_BINS, lo.doubleValue(), hi.doubleValue(),
          MAX_LINEAR_BINS, "linear");
    }
    double lo = minval.doubleValue();
    double hi = maxval.doubleValue();
    double calcMax = hi;
    int nb = MAX_LINEAR_BINS;
    if (lo == hi) {
      calcMax = hi + 0.5;
      nb = 1;
    }
    return new HistogramParams(false, new BigDecimal(lo), new BigDecimal(hi), (calcMax - lo) / nb, lo, calcMax,
        nb, "linear");
  }

  /** True when min and max are whole numbers written without a fractional part (all integer-type cases). */
  public boolean integral() {
    return integral;
  }

  /** Value of the first bin (HISTOMIN). */
  public BigDecimal min() {
    return min;
  }

  /** HISTOMAX. */
  public BigDecimal max() {
    return max;
  }

  /** Bin width used for median, mode and re-binning. */
  public double step() {
    return step;
  }

  /** Lower edge passed to GDAL's GetHistogram. */
  public double calcMin() {
    return calcMin;
  }

  /** Upper edge passed to GDAL's GetHistogram. */
  public double calcMax() {
    return calcMax;
  }

  public int nbins() {
    return nbins;
  }

  /**
   * Whether GDAL's {@code GetHistogram} accepts these bins: {@code calcMax} above {@code calcMin} and
   * {@code nbins / (calcMax - calcMin)} finite and non-zero. Not so for a constant float band whose value plus
   * 0.5 rounds back to the value (beyond 2<sup>53</sup>), nor for float values spanning a range wider than
   * the largest double (e.g. -1e308 to 1e308).
   */
  public boolean gdalBinnable() {
    double scale = nbins / (calcMax - calcMin);
    return calcMax > calcMin && scale != 0 && Double.isFinite(scale);
  }

  /** "direct" (one bin per value) or "linear". */
  public String binFunction() {
    return binFunction;
  }

  public boolean isDirect() {
    return "direct".equals(binFunction);
  }

  /** HISTOMIN as RIOS writes it: an int for integer cases, a Python float repr otherwise. */
  public String minText() {
    return integral ? PyFormat.reprInt(min) : PyFormat.reprFloat(min.doubleValue());
  }

  /** HISTOMAX as RIOS writes it. */
  public String maxText() {
    return integral ? PyFormat.reprInt(max) : PyFormat.reprFloat(max.doubleValue());
  }

  @Override
  public String toString() {
    return "HistogramParams[" + binFunction + " " + minText() + ".." + maxText() + " bins=" + nbins + " step="
        + step + " calc=" + calcMin + ".." + calcMax + "]";
  }
}

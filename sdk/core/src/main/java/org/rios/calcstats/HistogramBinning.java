package org.rios.calcstats;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.rios.array.DataType;
import org.rios.errors.SinglePassActionsException;

/**
 * Turns exact per-value counts into the bins described by {@link HistogramParams}.
 *
 * <p>Direct histograms get one bin per value from HISTOMIN (zero-padded at the start for thematic and Byte
 * bands, whose histograms always start at 0). Linear histograms re-bin the exact counts into
 * {@value HistogramParams#MAX_LINEAR_BINS} bins the way RIOS does: with {@code step = (max - min) / 256},
 * bin {@code i} gathers the values at offsets {@code [int(i*step), int((i+1)*step))} from the minimum, the
 * last bin reaching one further so that it holds the maximum. The total count is always preserved.
 */
final class HistogramBinning {
  private HistogramBinning() {}

  /** Result of binning: the parameters and one count per bin. */
  public record Binned(HistogramParams params, long[] counts) {}

  /**
   * Re-bins a dense direct histogram ({@code counts[k]} = pixels at offset k from the minimum) into
   * {@code desiredNbins} linear bins of width {@code step}, as described in the class comment.
   *
   * @throws SinglePassActionsException if more bins are asked for than there are counts
   */
  public static long[] linearHistFromDirect(int desiredNbins, double step, long[] counts) {
    if (desiredNbins > counts.length) {
      throw new SinglePassActionsException(desiredNbins + " > " + counts.length
          + ". Cannot increase the number of histogram bins");
    }
    long[] out = new long[desiredNbins];
    double upper = 0;
    for (int i = 0; i < desiredNbins; i++) {
      double lower = upper;
      upper = (i + 1) * step;
      int j1 = (int) Math.min(lower, counts.length);
      int j2 = (int) Math.min(upper, counts.length);
      if (i + 1 == desiredNbins) {
        j2 = counts.length; // everything from here to the end, so the maximum is always included
      }
      for (int j = j1; j < j2; j++) {
        out[i] += counts[j];
      }
    }
    return out;
  }

  /**
   * Bins exact sparse counts: {@code keys} ascending ordered keys (see {@link BandAccumulator}), {@code counts}
   * their pixel counts. Returns null when there are no counts (all pixels null).
   */
  static Binned binExact(long[] keys, long[] counts, BandAccumulator acc, DataType type, boolean thematic) {
    if (keys.length == 0) {
      return null;
    }
    BigDecimal minV = acc.valueOfKey(keys[0]);
    BigDecimal maxV = acc.valueOfKey(keys[keys.length - 1]);
    HistogramParams p = HistogramParams.of(type, thematic, minV, maxV);
    long[] out = new long[p.nbins()];
    if (p.isDirect()) {
      BigInteger base = p.min().toBigIntegerExact();
      for (int i = 0; i < keys.length; i++) {
        int idx = acc.valueOfKey(keys[i]).toBigIntegerExact().subtract(base).intValueExact();
        out[idx] += counts[i];
      }
      return new Binned(p, out);
    }
    // Linear: p.min() is the exact minimum, so offsets are the unsigned differences of ordered keys.
    int nb = p.nbins();
    long[] lowerBound = new long[nb];
    for (int i = 0; i < nb; i++) {
      lowerBound[i] = toUnsignedLong(Math.floor(i * p.step()));
    }
    long first = keys[0];
    for (int i = 0; i < keys.length; i++) {
      long off = keys[i] - first; // exact as an unsigned 64-bit number
      int lo = 0;
      int hi = nb - 1;
      while (lo < hi) { // the last bin whose lower bound is <= off
        int mid = (lo + hi + 1) >>> 1;
        if (Long.compareUnsigned(lowerBound[mid], off) <= 0) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      out[lo] += counts[i];
    }
    return new Binned(p, out);
  }

  private static long toUnsignedLong(double d) {
    if (d < 9.223372036854775807E18) {
      return (long) d;
    }
    return ((long) (d - 9.223372036854775807E18)) ^ Long.MIN_VALUE;
  }
}

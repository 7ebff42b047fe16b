package org.rios.calcstats;

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
   * Bins exact sparse counts: {@code keys} ascending ordered keys (see {@link OrderedKeys}), {@code counts}
   * their pixel counts. Returns null when there are no counts (all pixels null).
   */
  static Binned binExact(long[] keys, long[] counts, OrderedKeys orderedKeys, DataType type, boolean thematic) {
    if (keys.length == 0) {
      return null;
    }
    HistogramParams p = HistogramParams.of(type, thematic, orderedKeys.valueOf(keys[0]),
        orderedKeys.valueOf(keys[keys.length - 1]));
    KeyBins bins = new KeyBins(p, orderedKeys);
    for (int i = 0; i < keys.length; i++) {
      bins.add(keys[i], counts[i]);
    }
    return new Binned(p, bins.counts());
  }

  /**
   * Counts pixels given as ordered keys ({@link OrderedKeys}) into the bins of an integer band's
   * {@link HistogramParams}: one bin per value from HISTOMIN for a direct histogram, RIOS's linear bins
   * (see the class comment) otherwise. Every key must lie in [HISTOMIN, HISTOMAX].
   */
  static final class KeyBins {
    private final long base;           // the key of HISTOMIN
    private final boolean direct;
    private final double step;
    private final long[] lowerBound;   // linear: the first offset from HISTOMIN of each bin (unsigned)
    private final long[] counts;

    KeyBins(HistogramParams p, OrderedKeys keys) {
      this.base = keys.keyOf(p.min());
      this.direct = p.isDirect();
      this.step = p.step();
      this.counts = new long[p.nbins()];
      this.lowerBound = direct ? null : new long[p.nbins()];
      if (!direct) {
        for (int i = 0; i < lowerBound.length; i++) {
          lowerBound[i] = toUnsignedLong(Math.floor(i * step));
        }
      }
    }

    /** Counts {@code count} pixels of {@code key}. */
    void add(long key, long count) {
      counts[binOf(key - base)] += count;
    }

    /** Counts one pixel for each of {@code keys[0 .. n)}. */
    void addEach(long[] keys, int n) {
      for (int i = 0; i < n; i++) {
        counts[binOf(keys[i] - base)]++;
      }
    }

    long[] counts() {
      return counts;
    }

    /** The bin of a value at {@code off} (an unsigned 64-bit number) from HISTOMIN. */
    private int binOf(long off) {
      if (direct) {
        return (int) off;
      }
      int last = counts.length - 1;
      // a first guess from the step (at least 1 for a linear integer histogram), then the exact edges decide
      int i = (int) Math.min(last, unsignedToDouble(off) / step);
      while (i < last && Long.compareUnsigned(lowerBound[i + 1], off) <= 0) {
        i++;
      }
      while (Long.compareUnsigned(lowerBound[i], off) > 0) {
        i--;
      }
      return i;
    }
  }

  private static double unsignedToDouble(long v) {
    return org.rios.array.DataType.unsignedToDouble(v);
  }

  private static long toUnsignedLong(double d) {
    if (d < 9.223372036854775807E18) {
      return (long) d;
    }
    return ((long) (d - 9.223372036854775807E18)) ^ Long.MIN_VALUE;
  }
}

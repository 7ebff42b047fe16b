package org.rios.calcstats;

import java.util.Arrays;

/**
 * Per-block partial moments of one band (pixel count, mean, sum of squared deviations "M2"), kept by block
 * position and combined only at the end, in a fixed order. This makes the final mean and standard deviation
 * bit-identical whatever order the blocks arrive in (compute threads deliver in completion order, a Beam
 * pipeline in any order), which a running floating-point sum cannot be.
 *
 * <p>Memory is a few primitives per block, never per pixel. {@link #fold()} sorts the partials by position
 * (row-major: yoff, then xoff) and combines them pairwise with the update of Chan, Golub and LeVeque, which is
 * numerically stable and, done as a balanced tree, lets rounding error grow only with log(number of blocks).
 * Should two partials ever share a position, the tie is broken by their contents, so even then the result
 * depends only on the multiset of partials, not on their arrival order.
 */
final class BlockMoments {
  /** Combined moments: {@code count} pixels with mean {@code mean} and sum of squared deviations {@code m2}. */
  record Moments(long count, double mean, double m2) {}

  private long[] pos = new long[16];
  private long[] count = new long[16];
  private double[] mean = new double[16];
  private double[] m2 = new double[16];
  private int size;

  /** The sort key of a block at (xoff, yoff): row-major order for the non-negative offsets of a raster. */
  static long position(int xoff, int yoff) {
    return ((long) yoff << 32) | (xoff & 0xFFFFFFFFL);
  }

  /** Records one block's partial; blocks without valid pixels ({@code n == 0}) contribute nothing. */
  void add(long position, long n, double blockMean, double blockM2) {
    if (n <= 0) {
      return;
    }
    if (size == pos.length) {
      int cap = size * 2;
      pos = Arrays.copyOf(pos, cap);
      count = Arrays.copyOf(count, cap);
      mean = Arrays.copyOf(mean, cap);
      m2 = Arrays.copyOf(m2, cap);
    }
    pos[size] = position;
    count[size] = n;
    mean[size] = blockMean;
    m2[size] = blockM2;
    size++;
  }

  /** All partials combined in position order; null if no block had a valid pixel. */
  Moments fold() {
    if (size == 0) {
      return null;
    }
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    // position first; the rest only orders duplicates deterministically (compare() keeps -0.0/NaN total)
    Arrays.sort(order, (a, b) -> {
      int c = Long.compare(pos[a], pos[b]);
      if (c == 0) {
        c = Long.compare(count[a], count[b]);
      }
      if (c == 0) {
        c = Double.compare(mean[a], mean[b]);
      }
      return c != 0 ? c : Double.compare(m2[a], m2[b]);
    });
    return combineRange(order, 0, size);
  }

  /** Pairwise (balanced tree) combination of order[lo, hi); the tree shape depends only on hi - lo. */
  private Moments combineRange(Integer[] order, int lo, int hi) {
    if (hi - lo == 1) {
      int i = order[lo];
      return new Moments(count[i], mean[i], m2[i]);
    }
    int mid = (lo + hi) >>> 1;
    return combine(combineRange(order, lo, mid), combineRange(order, mid, hi));
  }

  /**
   * Chan et al.'s parallel update: the mean moves towards b by delta * nb / n and M2 gains the between-group
   * term delta^2 * na * nb / n. Deviations, not raw sums, are combined, so values far from zero (1e6 + noise)
   * keep their precision.
   */
  static Moments combine(Moments a, Moments b) {
    long n = a.count() + b.count();
    if (!Double.isFinite(a.mean()) || !Double.isFinite(b.mean())) {
      // an infinite pixel: the mean is what a running sum gives (inf, -inf, NaN for both), the M2 undefined
      return new Moments(n, a.mean() + b.mean(), Double.NaN);
    }
    double na = a.count();
    double nb = b.count();
    double delta = b.mean() - a.mean();
    double mean = a.mean() + delta * (nb / n);
    double m2 = a.m2() + b.m2() + delta * delta * (na * nb / n);
    return new Moments(n, mean, m2);
  }

  /**
   * Moments of {@code v[0 .. n)} (one block's valid pixels, n >= 1, none NaN) by the corrected two-pass
   * algorithm: the mean is taken relative to the first value (keeps precision for large offsets), then M2 from
   * deviations about it, minus the rounding correction (sum of deviations)^2 / n, which also corrects the mean
   * (both sums compensated, so the mean is within a few ulps of the exact one). Fixed pixel order within the
   * block makes this deterministic. With infinite pixels the mean is their sum and M2 is NaN.
   *
   * @return {mean, m2}
   */
  static double[] ofValues(double[] v, int n) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      if (Double.isInfinite(v[i])) {
        sum += v[i];
      }
    }
    if (sum != 0) {
      // infinite pixels (sum is +inf, -inf, or NaN for both): the mean is what RIOS's running float64 sum
      // gives, +inf, -inf or NaN, and the deviation undefined (RIOS then writes a deviation of 0)
      return new double[] {sum, Double.NaN};
    }
    double shift = v[0];
    // compensated (Neumaier) sums: a plain running sum of values spanning a wide range lost the 11th digit of
    // the mean (an Int64 block within +-2^40 was thousands of ulps off; RIOS's numpy sum is within a few)
    double s = 0;
    double sc = 0;
    for (int i = 0; i < n; i++) {
      double x = v[i] - shift;
      double t = s + x;
      sc += Math.abs(s) >= Math.abs(x) ? (s - t) + x : (x - t) + s;
      s = t;
    }
    double mean = shift + (s + sc) / n;
    double d1 = 0;
    double d1c = 0;
    double d2 = 0;
    for (int i = 0; i < n; i++) {
      double d = v[i] - mean;
      double t = d1 + d;
      d1c += Math.abs(d1) >= Math.abs(d) ? (d1 - t) + d : (d - t) + d1;
      d1 = t;
      d2 += d * d;
    }
    d1 += d1c;
    double m2 = d2 - d1 * d1 / n;
    // the deviations' own mean corrects the mean, as it corrects M2; m2 >= 0 mathematically, but rounding can dip
    // below; NaN (from infinite pixels) is left as it is
    return new double[] {mean + d1 / n, m2 < 0 ? 0.0 : m2};
  }
}

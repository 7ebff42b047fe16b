package org.rios.calcstats;

import java.math.BigDecimal;
import org.rios.array.DataType;
import org.rios.array.RasterArray;

/**
 * Single-pass accumulator for one output band: basic statistics and/or exact histogram counts, fed one
 * block at a time.
 *
 * <p>Pixels equal to the null value are left out (band 1's NoData is used for every band, as RIOS does).
 * Integer bands only match an integral null inside the type's range. Float bands compare in the band's own
 * precision, so a Float32 band matches {@code (float) null}, and NaN pixels are always left out, whatever
 * the null value: GDAL's statistics ignore NaN too, so both paths agree.
 *
 * <p>The standard deviation is the population one. Blocks may arrive in any order, and a running
 * floating-point sum would make the mean and standard deviation depend on it. So each block's mean and sum of
 * squared deviations are computed on their own (deterministic: fixed pixel order) and kept by block position
 * in {@link BlockMoments}, which combines them in row-major order at the end: the result is bit-identical
 * whatever the arrival order. Min, max and the exact histogram counts are order-independent by nature
 * (signed zeros are resolved the same way whatever comes first).
 */
final class BandAccumulator {
  private final DataType type;
  private final OrderedKeys keys;    // integer bands only
  private final boolean doStats;
  private final boolean doHist;
  private final boolean hasFloatNull;
  private final double floatNull;    // already rounded to float for Float32 bands

  private final BlockMoments moments = new BlockMoments();
  private long minKey = Long.MAX_VALUE;
  private long maxKey = Long.MIN_VALUE;
  private long histMinKey = Long.MAX_VALUE;   // limits of the keys counted by the histogram
  private long histMaxKey = Long.MIN_VALUE;
  private double minD = Double.POSITIVE_INFINITY;
  private double maxD = Double.NEGATIVE_INFINITY;
  private final ExactHistogram hist;
  private long[] keyBuf = new long[0];
  private double[] valBuf = new double[0];

  BandAccumulator(DataType type, Double nullValue, boolean doStats, boolean doHist) {
    this.type = type;
    this.keys = type.isInteger() ? new OrderedKeys(type, nullValue) : null;
    this.doStats = doStats;
    this.doHist = doHist && type.isInteger();
    this.hasFloatNull = nullValue != null && type.isFloatingPoint() && !nullValue.isNaN();
    this.floatNull = nullValue == null ? Double.NaN
        : type == DataType.FLOAT32 ? (double) (float) nullValue.doubleValue() : nullValue;
    this.hist = this.doHist ? newHistogram(type) : null;
  }

  private static ExactHistogram newHistogram(DataType type) {
    switch (type) {
      case UINT8: return new ExactHistogram(0, 255);
      case INT8: return new ExactHistogram(-128, 127);
      case UINT16: return new ExactHistogram(0, 65535);
      case INT16: return new ExactHistogram(-32768, 32767);
      default: return new ExactHistogram(0, -1); // grows as values arrive
    }
  }

  /**
   * Adds band {@code band} (0-based) of {@code block}, written at ({@code xoff}, {@code yoff}), to the
   * statistics. Each position should be added once; the order of the calls does not matter.
   */
  void addStats(RasterArray block, int band, int xoff, int yoff) {
    if (!doStats) {
      return;
    }
    int size = block.bandSize();
    if (valBuf.length < size) {
      valBuf = new double[size];
    }
    int n = type.isFloatingPoint() ? extractFloats(block, band) : extractIntegers(block, band);
    if (n > 0) {
      double[] mm = BlockMoments.ofValues(valBuf, n);
      moments.add(BlockMoments.position(xoff, yoff), n, mm[0], mm[1]);
    }
  }

  /** Integer band: non-null pixels into {@link #valBuf} as doubles, min/max on the exact keys. */
  private int extractIntegers(RasterArray block, int band) {
    int n = extractKeys(block, band);
    for (int i = 0; i < n; i++) {
      long k = keyBuf[i];
      valBuf[i] = keys.toDouble(k);
      if (k < minKey) {
        minKey = k;
      }
      if (k > maxKey) {
        maxKey = k;
      }
    }
    return n;
  }

  /** Float band: non-NaN, non-null pixels into {@link #valBuf}, tracking min/max. */
  private int extractFloats(RasterArray block, int band) {
    int off = band * block.bandSize();
    int size = block.bandSize();
    boolean f32 = type == DataType.FLOAT32;
    float[] fa = f32 ? block.floats() : null;
    double[] da = f32 ? null : block.doubles();
    int n = 0;
    for (int i = off; i < off + size; i++) {
      double v = f32 ? fa[i] : da[i];
      if (Double.isNaN(v) || (hasFloatNull && v == floatNull)) {
        continue;
      }
      valBuf[n++] = v;
      // -0.0 == 0.0, so a plain < / > would keep whichever zero came first; prefer -0.0 for the minimum
      // and +0.0 for the maximum so the written text ("-0" or "0") does not depend on block order
      if (v < minD || (v == 0 && minD == 0 && Double.doubleToRawLongBits(v) < 0)) {
        minD = v;
      }
      if (v > maxD || (v == 0 && maxD == 0 && Double.doubleToRawLongBits(v) >= 0)) {
        maxD = v;
      }
    }
    return n;
  }

  /** Adds band {@code band} (0-based) of {@code block} to the exact histogram counts. */
  void addHistogram(RasterArray block, int band) {
    if (!doHist || hist.overflowed() && doStats) {
      return;   // after an overflow only the limits are wanted, and the statistics keep the same ones
    }
    int n = extractKeys(block, band);
    if (n == 0) {
      return;
    }
    long lo = Long.MAX_VALUE;
    long hi = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      long k = keyBuf[i];
      if (k < lo) {
        lo = k;
      }
      if (k > hi) {
        hi = k;
      }
    }
    histMinKey = Math.min(histMinKey, lo);
    histMaxKey = Math.max(histMaxKey, hi);
    if (hist.overflowed()) {
      return; // the counts were given up; the limits are still kept for a recount from the file
    }
    if (hist.prepare(lo, hi)) {
      for (int i = 0; i < n; i++) {
        hist.addDense(keyBuf[i]);
      }
    } else {
      for (int i = 0; i < n && !hist.overflowed(); i++) {
        hist.addSparse(keyBuf[i]);
      }
    }
  }

  /** Copies the non-null pixels of one band into {@link #keyBuf} as ordered keys; returns how many. */
  private int extractKeys(RasterArray block, int band) {
    if (keyBuf.length < block.bandSize()) {
      keyBuf = new long[block.bandSize()];
    }
    return keys.extract(block, band, keyBuf);
  }

  /** How this (integer) band's pixels become ordered keys. */
  OrderedKeys keys() {
    return keys;
  }

  /** Final statistics, or null when no non-null pixel was seen (or stats were not requested). */
  BandStatistics finalStats() {
    BlockMoments.Moments m = doStats ? moments.fold() : null;
    if (m == null) {
      return null;
    }
    double mean = m.mean();
    double variance = m.m2() / m.count();
    double stddev = variance >= 0 ? Math.sqrt(variance) : 0.0;
    if (type.isFloatingPoint()) {
      return BandStatistics.of(minD, maxD, mean, stddev);
    }
    return new BandStatistics(keys.toDouble(minKey), keys.toDouble(maxKey), mean, stddev, keys.valueOf(minKey),
        keys.valueOf(maxKey));
  }

  boolean histogramOverflowed() {
    return hist != null && hist.overflowed();
  }

  /**
   * The exact smallest and largest non-null values the histogram was given, {min, max}, kept even after its
   * counts overflowed; null if it was given none (or there is no histogram).
   */
  BigDecimal[] histogramLimits() {
    long lo = doStats ? minKey : histMinKey;
    long hi = doStats ? maxKey : histMaxKey;
    if (hist == null || lo > hi) {
      return null;
    }
    return new BigDecimal[] {keys.valueOf(lo), keys.valueOf(hi)};
  }

  /** Non-zero exact counts as {orderedKeys, counts}, ascending; null if not counted or overflowed. */
  long[][] histogramEntries() {
    return hist == null ? null : hist.entries();
  }
}

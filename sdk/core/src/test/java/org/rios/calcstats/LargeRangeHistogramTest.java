package org.rios.calcstats;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.rios.calcstats.StatsTestSupport.*;

import java.io.File;
import java.math.BigInteger;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.DataType;
import org.rios.array.RasterArray;

/** 32- and 64-bit integer bands whose values span huge ranges: exact single-pass counts, exact limits. */
class LargeRangeHistogramTest {
  private static final BigInteger TWO64 = BigInteger.ONE.shiftLeft(64);

  private final DriverProbeCache probes = new DriverProbeCache();

  @TempDir
  File dir;

  private Result run(String name, Settings s, RasterArray image) {
    return StatsTestSupport.run(dir, name, s.build(), image, 128, probes, null);
  }

  /** Independent RIOS rule: bin i holds offsets k with floor(i*R/256) <= k < floor((i+1)*R/256). */
  private static long[] exactRuleBins(BigInteger[] offsets, BigInteger range) {
    BigInteger[] lower = new BigInteger[257];
    for (int i = 0; i <= 256; i++) {
      lower[i] = range.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(256));
    }
    long[] bins = new long[256];
    for (BigInteger k : offsets) {
      int bin = 255;
      for (int i = 0; i < 256; i++) {
        if (k.compareTo(lower[i + 1]) < 0) {
          bin = i;
          break;
        }
      }
      bins[bin]++;
    }
    return bins;
  }

  @Test
  void floatRangesGdalCannotBinGetStatisticsButNoHistogram() {
    // a constant 1e17 (its range's maximum, min + 0.5, rounds back to min) and values of -1e308 and 1e308
    // (a range wider than the largest double): GDAL's GetHistogram refuses both; the output is still written,
    // with its statistics, without a histogram; with or without GDAL encoder threads (the read-back path)
    for (java.util.List<String> opts : java.util.List.of(GTIFF_OPTS, java.util.List.of("TILED=YES",
        "COMPRESS=DEFLATE", "INTERLEAVE=BAND", "BIGTIFF=IF_SAFER", "NUM_THREADS=2"))) {
      for (double v : new double[] {1e17, 1e308}) {
        RasterArray image = RasterArray.create(DataType.FLOAT64, 1, 60, 70);
        double[] d = image.doubles();
        for (int i = 0; i < d.length; i++) {
          d[i] = v == 1e17 || i % 2 == 0 ? v : -v;
        }
        Result r = run("f64-" + v + "-" + opts.size(), new Settings().driver("GTiff", opts), image);
        Map<String, String> md = metadata(r.path(), 1);
        String what = v + " with " + opts;
        assertThat(what, Double.parseDouble(md.get("STATISTICS_MAXIMUM")), is(v));
        assertThat(what, Double.parseDouble(md.get("STATISTICS_MINIMUM")), is(v == 1e17 ? v : -v));
        assertThat(what, md.containsKey("STATISTICS_HISTOBINVALUES"), is(false));
      }
    }
  }

  @Test
  void uint32FullRangeUsesExactSparseCounts() {
    int rows = 150;
    int cols = 200;
    RasterArray image = RasterArray.create(DataType.UINT32, 1, rows, cols);
    Random rnd = new Random(42);
    int[] data = image.ints();
    for (int i = 0; i < data.length; i++) {
      data[i] = rnd.nextInt();
    }
    data[0] = 0;
    data[1] = -1; // 4294967295
    Result sp = run("u32sp", new Settings().singlePass(true, true, true), image);
    assertThat(sp.report().histogram(), is(true));
    Map<String, String> md = metadata(sp.path(), 1);
    assertThat(md.get("STATISTICS_HISTOMIN"), is("0"));
    assertThat(md.get("STATISTICS_HISTOMAX"), is("4294967295"));
    assertThat(md.get("STATISTICS_HISTOBINFUNCTION"), is("linear"));
    BigInteger[] offsets = new BigInteger[data.length];
    double[] values = new double[data.length];
    for (int i = 0; i < data.length; i++) {
      long v = data[i] & 0xFFFFFFFFL;
      offsets[i] = BigInteger.valueOf(v);
      values[i] = v;
    }
    long[] bins = parseBins(md.get("STATISTICS_HISTOBINVALUES"));
    assertThat(bins, is(exactRuleBins(offsets, BigInteger.valueOf(4294967295L))));
    // GDAL writes statistics with 14 significant digits, so compare relative to the magnitude
    assertThat(Double.parseDouble(md.get("STATISTICS_MEAN")), closeTo(mean(values), 1e-12 * mean(values)));
    assertThat(Double.parseDouble(md.get("STATISTICS_STDDEV")), closeTo(stddev(values), 1e-12 * stddev(values)));

    Result gd = run("u32gdal", new Settings().singlePass(false, false, false), image);
    Map<String, String> mg = metadata(gd.path(), 1);
    assertThat(mg.get("STATISTICS_HISTOBINVALUES"), is(md.get("STATISTICS_HISTOBINVALUES")));
    assertThat(mg.get("STATISTICS_HISTOMAX"), is("4294967295"));
  }

  @Test
  void int64AcrossPlusMinusTwoToThe62() {
    BigInteger min = BigInteger.ONE.shiftLeft(62).negate();
    BigInteger range = BigInteger.ONE.shiftLeft(63);
    RasterArray image = RasterArray.create(DataType.INT64, 1, 100, 100);
    long[] data = image.longs();
    long[] expected = new long[256];
    Random rnd = new Random(7);
    double[] values = new double[data.length];
    for (int i = 0; i < data.length; i++) {
      int bin = rnd.nextInt(256);
      // the centre of bin `bin`, well away from every bin edge
      BigInteger v = min.add(range.multiply(BigInteger.valueOf(2L * bin + 1)).divide(BigInteger.valueOf(512)));
      data[i] = v.longValueExact();
      expected[bin]++;
    }
    // make sure both extremes are present: replace two pixels
    for (int i = 0; i < 2; i++) {
      BigInteger old = BigInteger.valueOf(data[i]).subtract(min);
      expected[old.multiply(BigInteger.valueOf(256)).divide(range).intValue()]--;
    }
    data[0] = min.longValueExact();
    data[1] = min.add(range).longValueExact();
    expected[0]++;
    expected[255]++;
    for (int i = 0; i < data.length; i++) {
      values[i] = data[i];
    }
    Result sp = run("i64sp", new Settings().singlePass(true, true, true), image);
    Map<String, String> md = metadata(sp.path(), 1);
    assertThat(md.get("STATISTICS_HISTOMIN"), is("-4611686018427387904"));
    assertThat(md.get("STATISTICS_HISTOMAX"), is("4611686018427387904"));
    assertThat(parseBins(md.get("STATISTICS_HISTOBINVALUES")), is(expected));
    assertThat(md.get("STATISTICS_MINIMUM"), is("-4.6116860184274e+18"));
    double meanTol = 1e-9 * Math.scalb(1.0, 62);
    assertThat(Double.parseDouble(md.get("STATISTICS_MEAN")), closeTo(mean(values), meanTol));
    assertThat(Double.parseDouble(md.get("STATISTICS_STDDEV")), closeTo(stddev(values), meanTol));

    Result gd = run("i64gdal", new Settings().singlePass(false, false, false), image);
    Map<String, String> mg = metadata(gd.path(), 1);
    for (String k : new String[] {"STATISTICS_HISTOBINVALUES", "STATISTICS_HISTOMIN", "STATISTICS_HISTOMAX",
        "STATISTICS_MEDIAN", "STATISTICS_MODE"}) {
      assertThat(k, mg.get(k), is(md.get(k)));
    }
  }

  @Test
  void uint64ValuesAboveTwoToThe63KeepTheirUnsignedValue() {
    BigInteger top = TWO64.subtract(BigInteger.ONE);
    BigInteger half = BigInteger.ONE.shiftLeft(63);
    BigInteger[] vals = {top, top.subtract(BigInteger.valueOf(1000)), half, half.add(BigInteger.valueOf(12345)),
        half.add(BigInteger.ONE.shiftLeft(62))};
    RasterArray image = RasterArray.create(DataType.UINT64, 1, 10, 10);
    long[] data = image.longs();
    for (int i = 0; i < data.length; i++) {
      data[i] = vals[i % vals.length].longValue(); // wrapped bit pattern
    }
    Result sp = run("u64", new Settings().singlePass(true, true, true), image);
    Map<String, String> md = metadata(sp.path(), 1);
    assertThat(md.get("STATISTICS_HISTOMIN"), is("9223372036854775808"));
    assertThat(md.get("STATISTICS_HISTOMAX"), is("18446744073709551615"));
    long[] bins = parseBins(md.get("STATISTICS_HISTOBINVALUES"));
    BigInteger[] offsets = new BigInteger[data.length];
    for (int i = 0; i < data.length; i++) {
      offsets[i] = vals[i % vals.length].subtract(half);
    }
    // R = 2^63 - 1 becomes 2^63 as a double, so the bin width is exactly 2^55
    assertThat(bins, is(exactRuleBins(offsets, half)));
    assertThat(bins[0], is(40L));
    assertThat(bins[128], is(20L));
    assertThat(bins[255], is(40L));
    assertThat(md.get("STATISTICS_MAXIMUM"), is("1.844674407371e+19"));
  }

  @Test
  void uint64NarrowRangeNearTheTopIsDirect() {
    RasterArray image = RasterArray.create(DataType.UINT64, 1, 20, 20);
    long[] data = image.longs();
    for (int i = 0; i < data.length; i++) {
      data[i] = -1L - (i % 10); // 2^64-1 down to 2^64-10
    }
    Result sp = run("u64d", new Settings().singlePass(true, true, true), image);
    Map<String, String> md = metadata(sp.path(), 1);
    assertThat(md.get("STATISTICS_HISTOBINFUNCTION"), is("direct"));
    assertThat(md.get("STATISTICS_HISTOMIN"), is("18446744073709551606"));
    assertThat(md.get("STATISTICS_HISTOMAX"), is("18446744073709551615"));
    assertThat(md.get("STATISTICS_HISTOBINVALUES"), is("40|40|40|40|40|40|40|40|40|40|"));
  }

  /** GDAL's GetHistogram rule over [0, range]: bin floor(k * 256 / range), the maximum in the last bin. */
  private static long[] gdalRuleBins(BigInteger[] offsets, BigInteger range) {
    long[] bins = new long[256];
    for (BigInteger k : offsets) {
      bins[Math.min(255, k.multiply(BigInteger.valueOf(256)).divide(range).intValueExact())]++;
    }
    return bins;
  }

  @Test
  void tooManyDistinctValuesAreCountedAgainFromTheFileInRiosBins() {
    // 1.1 million distinct values: more than the exact counts keep, so the written band is counted again
    int rows = 1100;
    int cols = 1000;
    RasterArray image = RasterArray.create(DataType.INT32, 1, rows, cols);
    int[] data = image.ints();
    BigInteger[] offsets = new BigInteger[data.length];
    for (int i = 0; i < data.length; i++) {
      data[i] = i * 3 - 1_000_000;
      offsets[i] = BigInteger.valueOf(i * 3L);
    }
    BigInteger range = BigInteger.valueOf((data.length - 1) * 3L);
    for (Boolean stats : new Boolean[] {true, false}) {
      Result r = run("many-" + stats, new Settings().singlePass(null, stats, null), image);
      assertThat(r.report().basicStats(), is(stats));
      assertThat(r.report().histogram(), is(false));   // a second read of the band, not single-pass
      Map<String, String> md = metadata(r.path(), 1);
      assertThat(md.get("STATISTICS_HISTOMIN"), is("-1000000"));
      assertThat(md.get("STATISTICS_HISTOMAX"), is(Integer.toString((rows * cols - 1) * 3 - 1_000_000)));
      long[] bins = parseBins(md.get("STATISTICS_HISTOBINVALUES"));
      assertThat(bins, is(exactRuleBins(offsets, range)));
    }
    // the RIOS bins are not GDAL's here, so the check above tells the two apart
    assertThat(java.util.Arrays.equals(exactRuleBins(offsets, range), gdalRuleBins(offsets, range)), is(false));
  }

  @Test
  void tooManyDistinctInt64ValuesBeyondTwoToThe53AreCountedExactly() {
    // distinct values 2^60 + 3i (doubles cannot tell neighbours apart) and null pixels of 2^60 (a value a
    // double holds exactly) among them, in tiles of 128 read back in windows of several tile rows
    int rows = 1030;
    int cols = 1040;
    long base = 1L << 60;
    RasterArray image = RasterArray.create(DataType.INT64, 1, rows, cols);
    long[] data = image.longs();
    long nul = base;
    java.util.List<BigInteger> kept = new java.util.ArrayList<>();
    for (int i = 0; i < data.length; i++) {
      data[i] = i % 97 == 0 ? nul : base + 3L * i;   // i = 0 is null: the smallest value kept is base + 3
      if (data[i] != nul) {
        kept.add(BigInteger.valueOf(data[i] - base - 3));
      }
    }
    Result r = run("many64", new Settings().nullValue((double) nul).singlePass(null, true, null), image);
    assertThat(r.report().histogram(), is(false));
    Map<String, String> md = metadata(r.path(), 1);
    long max = base + 3L * (data.length - 1);
    assertThat(md.get("STATISTICS_HISTOMIN"), is(Long.toString(base + 3)));
    assertThat(md.get("STATISTICS_HISTOMAX"), is(Long.toString(max)));
    long[] bins = parseBins(md.get("STATISTICS_HISTOBINVALUES"));
    assertThat(bins, is(exactRuleBins(kept.toArray(new BigInteger[0]), BigInteger.valueOf(max - base - 3))));
  }

  @Test
  void recountGivesTheSameBinsWhateverTheWindowRead() {
    // a 300 x 260 UInt32 band in 128 x 128 tiles: windows of several tile rows, of tiles side by side, of
    // parts of one tile, and of single pixels all give the RIOS bins of the pixels left after the null
    int rows = 300;
    int cols = 260;
    RasterArray image = RasterArray.create(DataType.UINT32, 1, rows, cols);
    int[] data = image.ints();
    Random rnd = new Random(7);
    java.util.List<BigInteger> values = new java.util.ArrayList<>();
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < data.length; i++) {
      data[i] = i % 11 == 0 ? 5 : rnd.nextInt();
      long v = data[i] & 0xFFFFFFFFL;
      if (v != 5) {
        values.add(BigInteger.valueOf(v));
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    Result r = run("window", new Settings().nullValue(5.0).omit(true, true, true), image);
    BigInteger[] offsets = new BigInteger[values.size()];
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = values.get(i).subtract(BigInteger.valueOf(min));
    }
    long[] expected = exactRuleBins(offsets, BigInteger.valueOf(max - min));
    HistogramParams p = HistogramParams.of(DataType.UINT32, false, min, max);
    OrderedKeys keys = new OrderedKeys(DataType.UINT32, 5.0);
    org.gdal.gdal.Dataset ds = open(r.path());
    try {
      for (long strip : new long[] {HistogramReadBack.STRIP_BYTES, 128L * 260 * 4, 128L * 128 * 4, 1000, 4}) {
        assertThat("windows of " + strip + " bytes", IntegerHistogramReadBack.counts(ds, 1, keys, p, strip),
            is(expected));
      }
    } finally {
      ds.delete();
    }
  }
}

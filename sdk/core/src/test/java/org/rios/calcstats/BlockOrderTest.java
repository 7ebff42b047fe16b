package org.rios.calcstats;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.rios.calcstats.StatsTestSupport.*;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.gdal.gdal.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.plan.OutputSettings;

/**
 * Blocks reach OutputStatistics in completion order (compute threads) or any order (Beam). The same blocks
 * written row-major, reversed and shuffled must give string-identical STATISTICS_* metadata and identical
 * single-pass overviews, and the statistics must still match a direct computation.
 */
class BlockOrderTest {
  private static final int ROWS = 530;
  private static final int COLS = 700;
  private static final int WIN = 70; // not a multiple of 8, so level-8 overview cells straddle blocks

  private final DriverProbeCache probes = new DriverProbeCache();

  @TempDir
  File dir;

  @Test
  void float32LargeValuesWithNoise() {
    Random rnd = new Random(11);
    RasterArray image = RasterArray.create(DataType.FLOAT32, 2, ROWS, COLS);
    for (int r = 0; r < ROWS; r++) {
      for (int c = 0; c < COLS; c++) {
        image.setDouble(0, r, c, 1e6 + rnd.nextGaussian() * 0.5);
        image.setDouble(1, r, c, -2.5e5 + rnd.nextGaussian() * 100 + r * 0.01);
      }
    }
    for (int i = 0; i < image.size(); i += 37) {
      image.setDoubleAt(i, -9999); // null in both bands
    }
    checkAllOrders("f32", new Settings().nullValue(-9999.0), image);
  }

  @Test
  void float64WithNaNsAndBothSignedZeros() {
    Random rnd = new Random(12);
    RasterArray image = RasterArray.create(DataType.FLOAT64, 3, ROWS, COLS);
    for (int r = 0; r < ROWS; r++) {
      for (int c = 0; c < COLS; c++) {
        image.setDouble(0, r, c, 1e6 + rnd.nextGaussian() * 1e-3);
        // band 2 is >= 0 and band 3 <= 0, each holding both zeros in different blocks: the minimum of band 2
        // and the maximum of band 3 are a zero whose sign must not depend on which block came first
        double z = ((r / WIN + c / WIN) % 2 == 0) ? 0.0 : -0.0;
        boolean zero = (r * 31 + c) % 97 == 0;
        image.setDouble(1, r, c, zero ? z : rnd.nextDouble());
        image.setDouble(2, r, c, zero ? z : -rnd.nextDouble());
      }
    }
    for (int i = 0; i < image.size(); i += 53) {
      image.setDoubleAt(i, Double.NaN);
    }
    String ref = checkAllOrders("f64", new Settings().nullValue(Double.NaN), image);
    // of two equal zeros the minimum keeps -0.0 and the maximum +0.0, whichever block came first
    assertThat(statisticsItems(ref, 2).get("STATISTICS_MINIMUM"), is("-0"));
    assertThat(statisticsItems(ref, 3).get("STATISTICS_MAXIMUM"), is("0"));
    // the data really is order-sensitive for a running sum: the old accumulation differs between orders
    List<int[]> rowMajor = blocks();
    List<int[]> shuffled = shuffled(rowMajor, 1);
    assertThat(runningSumStats(image, rowMajor), not(runningSumStats(image, shuffled)));
  }

  @Test
  void int16WithNullAndAllNullBlocks() {
    Random rnd = new Random(13);
    RasterArray image = RasterArray.create(DataType.INT16, 1, ROWS, COLS);
    for (int r = 0; r < ROWS; r++) {
      for (int c = 0; c < COLS; c++) {
        boolean nullBlock = r >= WIN && r < 2 * WIN && c >= 2 * WIN && c < 4 * WIN;
        image.setDouble(0, r, c, nullBlock ? -1 : rnd.nextInt(6001) - 3000);
      }
    }
    checkAllOrders("i16", new Settings().nullValue(-1.0), image);
  }

  @Test
  void uint8WithNull() {
    Random rnd = new Random(14);
    RasterArray image = RasterArray.create(DataType.UINT8, 1, ROWS, COLS);
    for (int i = 0; i < image.size(); i++) {
      image.setDoubleAt(i, (i / COLS + i % COLS) % 7 == 0 ? 0 : rnd.nextInt(256));
    }
    checkAllOrders("u8", new Settings().nullValue(0.0), image);
  }

  @Test
  void blockMomentsFoldIgnoresInsertionOrderEvenForDuplicatePositions() {
    Random rnd = new Random(15);
    List<double[]> parts = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      // position 7 is used twice on purpose; the content tie-break must still fix the order
      parts.add(new double[] {i == 100 ? 7 : i, 1 + rnd.nextInt(5000), 1e6 + rnd.nextGaussian(), rnd.nextDouble()});
    }
    BlockMoments.Moments first = null;
    for (long seed = 0; seed < 5; seed++) {
      Collections.shuffle(parts, new Random(seed));
      BlockMoments m = new BlockMoments();
      for (double[] p : parts) {
        m.add((long) p[0], (long) p[1], p[2], p[3]);
      }
      BlockMoments.Moments got = m.fold();
      if (first == null) {
        first = got;
      }
      assertThat(Double.doubleToRawLongBits(got.mean()), is(Double.doubleToRawLongBits(first.mean())));
      assertThat(Double.doubleToRawLongBits(got.m2()), is(Double.doubleToRawLongBits(first.m2())));
      assertThat(got.count(), is(first.count()));
    }
  }

  /**
   * Writes {@code image} row-major, reversed and in three shuffled orders, with single-pass pyramids at
   * levels 4 and 8, and checks every file against the row-major one and against a direct computation.
   * Returns the row-major file.
   */
  /**
   * An infinite pixel: the mean is infinite and the deviation 0, as RIOS's single-pass running sum gives them
   * (mean inf, variance NaN, deviation left at 0), whatever block it is in and whatever the order of the blocks;
   * combining an infinite block mean with a finite one, or starting a block at an infinite pixel, gave NaN.
   */
  @Test
  void anInfinitePixelGivesAnInfiniteMeanInEveryOrder() {
    for (int[] at : new int[][] {{10, 10}, {0, 0}, {ROWS - 1, COLS - 1}}) {
      RasterArray image = RasterArray.create(DataType.FLOAT32, 1, ROWS, COLS);
      for (int i = 0; i < image.size(); i++) {
        image.setDoubleAt(i, i % 100);
      }
      image.setDouble(0, at[0], at[1], Double.POSITIVE_INFINITY);
      Settings s = new Settings().singlePass(true, true, null).omit(false, false, true);
      s.levels = List.of(4, 8);
      s.minDim = 16;
      OutputSettings settings = s.build();
      String name = "inf" + at[0];
      String ref = write(name + "_rm", settings, image, blocks());
      java.util.Map<String, String> md = StatsTestSupport.metadata(ref, 1);
      assertThat(md.get("STATISTICS_MEAN"), is("inf"));
      assertThat(md.get("STATISTICS_STDDEV"), is("0"));
      assertThat(md.get("STATISTICS_MAXIMUM"), is("inf"));
      List<int[]> reversed = new ArrayList<>(blocks());
      Collections.reverse(reversed);
      assertThat(statisticsItems(write(name + "_rev", settings, image, reversed), 1), is(statisticsItems(ref, 1)));
    }
  }

  private String checkAllOrders(String name, Settings s, RasterArray image) {
    s.levels = List.of(4, 8);
    s.minDim = 16;
    s.singlePass(true, null, null);
    OutputSettings settings = s.build();
    List<int[]> rowMajor = blocks();
    String ref = write(name + "_rm", settings, image, rowMajor);
    List<List<int[]>> orders = new ArrayList<>();
    List<int[]> reversed = new ArrayList<>(rowMajor);
    Collections.reverse(reversed);
    orders.add(reversed);
    for (long seed = 1; seed <= 3; seed++) {
      orders.add(shuffled(rowMajor, seed));
    }
    for (int i = 0; i < orders.size(); i++) {
      String other = write(name + "_o" + i, settings, image, orders.get(i));
      for (int b = 1; b <= image.bands(); b++) {
        assertThat(name + " band " + b + " order " + i, statisticsItems(other, b), is(statisticsItems(ref, b)));
        for (int ov = 0; ov < 2; ov++) {
          assertThat(readBand(other, b, ov, image.dataType()), is(readBand(ref, b, ov, image.dataType())));
        }
      }
    }
    for (int b = 0; b < image.bands(); b++) {
      checkDirect(ref, b, image, s.statsIgnore);
      checkOverviewSamples(ref, b, image);
    }
    return ref;
  }

  /** STATISTICS_MEAN/STDDEV/MINIMUM/MAXIMUM agree with a direct two-pass computation, 1e-6 relative. */
  private static void checkDirect(String path, int b, RasterArray image, Double nullValue) {
    Map<String, String> md = statisticsItems(path, b + 1);
    assertThat(md.containsKey("STATISTICS_MEAN"), is(true));
    double[] v = nonNull(image.band(b), nullValue);
    double[] want = {mean(v), stddev(v), min(v), max(v)};
    String[] keys = {"STATISTICS_MEAN", "STATISTICS_STDDEV", "STATISTICS_MINIMUM", "STATISTICS_MAXIMUM"};
    for (int k = 0; k < keys.length; k++) {
      double w = want[k];
      assertThat(keys[k] + " band " + (b + 1), Double.parseDouble(md.get(keys[k])),
          closeTo(w, 1e-6 * Math.max(1, Math.abs(w))));
    }
  }

  /** Every overview pixel whose centre sample lies inside the image holds that base pixel exactly. */
  private static void checkOverviewSamples(String path, int b, RasterArray image) {
    int[] lv = {4, 8};
    for (int i = 0; i < lv.length; i++) {
      int l = lv[i];
      int w = OverviewLevels.overviewSize(COLS, l);
      double[] got = readBand(path, b + 1, i, image.dataType());
      int bad = 0;
      for (int y = 0; y * l + l / 2 < ROWS; y++) {
        for (int x = 0; x * l + l / 2 < COLS; x++) {
          double want = image.getDouble(b, y * l + l / 2, x * l + l / 2);
          if (Double.compare(got[y * w + x], want) != 0) { // bit-exact, so -0.0 must stay -0.0
            bad++;
          }
        }
      }
      assertThat("wrong samples in level " + l, bad, is(0));
    }
  }

  /** Block offsets {yoff, xoff} in row-major order. */
  private static List<int[]> blocks() {
    return blockOffsets(ROWS, COLS, WIN);
  }

  /** Writes the blocks of {@code image} in {@code order} as the single writer does, then finishes. */
  private String write(String name, OutputSettings s, RasterArray image, List<int[]> order) {
    String path = new File(dir, name + ".tif").getPath();
    Dataset ds = create(path, s, image.dataType(), image.bands(), ROWS, COLS);
    try {
      OutputStatistics st = new OutputStatistics(ds, path, s, image.dataType(), probes, dir, null);
      assertThat(st.report().pyramids(), is(true));
      for (int[] pos : order) {
        int h = Math.min(WIN, ROWS - pos[0]);
        int w = Math.min(WIN, COLS - pos[1]);
        RasterArray block = image.subWindow(pos[0], pos[1], h, w);
        for (int b = 0; b < block.bands(); b++) {
          BandIo.write(ds.GetRasterBand(b + 1), pos[1], pos[0], w, h, block.dataType(), block.band(b).data());
        }
        st.blockWritten(ds, block, pos[1], pos[0]);
      }
      st.finish(ds, null);
    } finally {
      ds.delete();
    }
    return path;
  }

  /** The STATISTICS_* metadata items of band {@code b} (1-based), sorted by key. */
  private static Map<String, String> statisticsItems(String path, int b) {
    Map<String, String> out = new TreeMap<>();
    metadata(path, b).forEach((k, v) -> {
      if (k.startsWith("STATISTICS_")) {
        out.put(k, v);
      }
    });
    return out;
  }

  /**
   * The previous accumulation (one running sum and sum of squares relative to the first value seen) of
   * band 1 over the blocks in {@code order}: {mean, stddev} as raw bits.
   */
  private static List<Long> runningSumStats(RasterArray image, List<int[]> order) {
    long n = 0;
    double shift = 0;
    double sum = 0;
    double ssq = 0;
    for (int[] pos : order) {
      for (int r = pos[0]; r < Math.min(pos[0] + WIN, ROWS); r++) {
        for (int c = pos[1]; c < Math.min(pos[1] + WIN, COLS); c++) {
          double v = image.getDouble(0, r, c);
          if (Double.isNaN(v)) {
            continue;
          }
          if (n++ == 0) {
            shift = v;
          }
          sum += v - shift;
          ssq += (v - shift) * (v - shift);
        }
      }
    }
    double m = sum / n;
    return List.of(Double.doubleToRawLongBits(shift + m), Double.doubleToRawLongBits(Math.sqrt(ssq / n - m * m)));
  }
}

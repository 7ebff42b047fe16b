package org.rios.calcstats;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.rios.calcstats.StatsTestSupport.*;

import java.io.File;
import java.util.List;
import java.util.Map;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.RasterAttributeTable;
import org.gdal.gdalconst.gdalconstConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.ProcessCancelledException;
import org.rios.errors.SinglePassActionsException;
import org.rios.plan.OutputSettings;
import org.rios.progress.Progress;
import org.rios.timing.Timers;
import org.rios.applier.SinglePassReport;

/** Special cases of OutputStatistics: nulls, omissions, agreement of both paths, RAT route, errors. */
class OutputStatisticsTest {
  private static final String[] STAT_KEYS = {"STATISTICS_MEAN", "STATISTICS_STDDEV", "STATISTICS_MINIMUM",
      "STATISTICS_MAXIMUM", "STATISTICS_MEDIAN", "STATISTICS_MODE", "STATISTICS_HISTOMIN", "STATISTICS_HISTOMAX",
      "STATISTICS_HISTOBINVALUES", "STATISTICS_HISTONUMBINS"};
  private static final String[] HIST_KEYS = {"STATISTICS_HISTOBINVALUES", "STATISTICS_HISTOMIN",
      "STATISTICS_HISTOMAX", "STATISTICS_HISTONUMBINS", "STATISTICS_HISTOBINFUNCTION", "STATISTICS_MEDIAN",
      "STATISTICS_MODE"};

  private final DriverProbeCache probes = new DriverProbeCache();

  @TempDir
  File dir;

  private Result run(String name, Settings s, RasterArray image) {
    return StatsTestSupport.run(dir, name, s.build(), image, 256, probes, null);
  }

  @Test
  void allNullBandWritesNoStatisticsKeys() {
    RasterArray image = RasterArray.filled(DataType.UINT8, 1, 500, 500, 27);
    for (Boolean sp : new Boolean[] {true, false}) {
      Result r = run("allnull" + sp, new Settings().nullValue(27.0).singlePass(null, sp, sp), image);
      assertThat(r.report().basicStats(), is(sp));
      Map<String, String> md = metadata(r.path(), 1);
      for (String k : STAT_KEYS) {
        assertThat(k + " for single-pass " + sp, md.containsKey(k), is(false));
      }
    }
  }

  @Test
  void omittedActionsWriteNothing() {
    RasterArray image = scaled(ramp(300, 300), 300, 300, DataType.UINT8, 1, 0);
    Result r = run("omit", new Settings().nullValue(0.0).omit(true, true, true), image);
    assertThat(r.report(), is(new SinglePassReport(false, false, false)));
    Map<String, String> md = metadata(r.path(), 1);
    for (String k : STAT_KEYS) {
      assertThat(k, md.containsKey(k), is(false));
    }
    assertThat(overviewCount(r.path()), is(0));
  }

  @Test
  void byteWithoutNullCountsEveryPixel() {
    RasterArray image = scaled(ramp(500, 500), 500, 500, DataType.UINT8, 1, 0);
    Result r = run("nonull", new Settings(), image);
    Map<String, String> md = metadata(r.path(), 1);
    assertThat(md.containsKey("STATISTICS_EXCLUDEDVALUES"), is(false));
    StatsMatrixTest.checkStats(r.path(), image, null, 1, DataType.UINT8);
    assertThat(md.get("STATISTICS_MINIMUM"), is("0"));
    assertThat(md.get("STATISTICS_HISTOMIN"), is("0"));
  }

  @Test
  void negativeInt16ValuesAgreeBetweenSinglePassAndGdal() {
    RasterArray image = scaled(ramp(500, 500), 500, 500, DataType.INT16, 300, -20);
    Map<String, String> sp = null;
    for (Boolean flag : new Boolean[] {true, false}) {
      Result r = run("neg" + flag, new Settings().nullValue(52 * 300.0 - 20).singlePass(flag, flag, flag), image);
      StatsMatrixTest.checkStats(r.path(), image, 52 * 300.0 - 20, 300, DataType.INT16);
      Map<String, String> md = metadata(r.path(), 1);
      assertThat(md.get("STATISTICS_HISTOMIN"), is("-20"));
      assertThat(md.get("STATISTICS_HISTOMAX"), is("29980"));
      assertThat(md.get("STATISTICS_EXCLUDEDVALUES"), is("15580.0"));
      if (sp == null) {
        sp = md;
      } else {
        assertSameHistogramAndStats(sp, md);
      }
    }
  }

  /**
   * A deliberate difference from RIOS: its single-pass histogram of a signed integer output drops the zero
   * bin, then removes the null's count at an index that no longer matches, so a negative null stays counted
   * and can become HISTOMIN, median and mode. Here the null is never counted.
   */
  @Test
  void singlePassHistogramOfSignedIntegersExcludesANegativeNull() {
    RasterArray image = RasterArray.create(DataType.INT16, 1, 300, 300);
    long valid = 0;
    for (int i = 0; i < image.bandSize(); i++) {
      int v = i % 3 == 0 ? i % 50 : -1;   // the null is two thirds of the pixels
      image.setDoubleAt(i, v);
      valid += v == -1 ? 0 : 1;
    }
    Result r = run("negnull", new Settings().nullValue(-1.0).singlePass(true, true, true), image);
    Map<String, String> md = metadata(r.path(), 1);
    assertThat(md.get("STATISTICS_HISTOMIN"), is("0"));
    assertThat(md.get("STATISTICS_MODE"), not(is("-1")));
    assertThat(md.get("STATISTICS_MEDIAN"), not(is("-1")));
    long counted = 0;
    for (String c : md.get("STATISTICS_HISTOBINVALUES").split("\\|")) {
      counted += c.isEmpty() ? 0 : Long.parseLong(c);
    }
    assertThat(counted, is(valid));
  }

  @Test
  void directHistogramWithNonZeroMinimumAgreesBetweenPaths() {
    int[] ramp = ramp(200, 300);
    for (DataType t : new DataType[] {DataType.UINT16, DataType.INT32, DataType.INT64, DataType.UINT32}) {
      RasterArray image = scaled(ramp, 200, 300, t, 1, 1000);
      Result a = run("d1" + t, new Settings().nullValue(1052.0).singlePass(true, true, true), image);
      Result b = run("d2" + t, new Settings().nullValue(1052.0).singlePass(false, false, false), image);
      Map<String, String> ma = metadata(a.path(), 1);
      assertThat(ma.get("STATISTICS_HISTOBINFUNCTION"), is("direct"));
      assertThat(ma.get("STATISTICS_HISTOMIN"), is("1000"));
      assertThat(ma.get("STATISTICS_HISTOMAX"), is("1100"));
      assertThat(ma.get("STATISTICS_HISTONUMBINS"), is("101"));
      assertSameHistogramAndStats(ma, metadata(b.path(), 1));
      StatsMatrixTest.checkStats(a.path(), image, 1052.0, 1, t);
    }
  }

  @Test
  void linearIntegerHistogramAgreesBetweenPaths() {
    int[] ramp = ramp(500, 500);
    for (DataType t : new DataType[] {DataType.INT32, DataType.UINT16}) {
      RasterArray image = scaled(ramp, 500, 500, t, 300, 0);
      Result a = run("l1" + t, new Settings().nullValue(15600.0).singlePass(true, true, true), image);
      Result b = run("l2" + t, new Settings().nullValue(15600.0).singlePass(false, false, false), image);
      Map<String, String> ma = metadata(a.path(), 1);
      assertThat(ma.get("STATISTICS_HISTOBINFUNCTION"), is("linear"));
      assertSameHistogramAndStats(ma, metadata(b.path(), 1));
    }
  }

  private static void assertSameHistogramAndStats(Map<String, String> a, Map<String, String> b) {
    for (String k : HIST_KEYS) {
      assertThat(k, b.get(k), is(a.get(k)));
    }
    for (String k : new String[] {"STATISTICS_MEAN", "STATISTICS_STDDEV", "STATISTICS_MINIMUM", "STATISTICS_MAXIMUM"}) {
      assertThat(k, Double.parseDouble(b.get(k)), closeTo(Double.parseDouble(a.get(k)), 1e-6));
    }
  }

  /** RIOS writes repr(GetNoDataValue()), an int for a 64-bit integer band in GDAL's Python bindings: "52". */
  @Test
  void sixtyFourBitIntegerNoDataIsWrittenAsAnInt() {
    for (DataType type : new DataType[] {DataType.INT64, DataType.UINT64}) {
      RasterArray image = scaled(ramp(100, 120), 100, 120, type, 1, 0);
      for (Boolean flag : new Boolean[] {true, false}) {
        Result r = run("i64" + type + flag, new Settings().nullValue(52.0).singlePass(flag, flag, flag), image);
        assertThat(type + " " + flag, metadata(r.path(), 1).get("STATISTICS_EXCLUDEDVALUES"), is("52"));
      }
    }
  }

  @Test
  void float32NanNullIsExcluded() {
    int rows = 100;
    int cols = 120;
    RasterArray image = scaled(ramp(rows, cols), rows, cols, DataType.FLOAT32, 0.5, 0);
    for (int i = 0; i < image.size(); i += 7) {
      image.setDoubleAt(i, Double.NaN);
    }
    for (Boolean flag : new Boolean[] {true, false}) {
      Result r = run("nan" + flag, new Settings().nullValue(Double.NaN).singlePass(flag, flag, null), image);
      Map<String, String> md = metadata(r.path(), 1);
      assertThat(md.get("STATISTICS_EXCLUDEDVALUES"), is("nan"));
      StatsMatrixTest.checkStats(r.path(), image, Double.NaN, 0.5, DataType.FLOAT32);
    }
  }

  @Test
  void nullOfBandOneAppliesToEveryBand() {
    RasterArray image = RasterArray.create(DataType.INT16, 2, 50, 60);
    for (int i = 0; i < 3000; i++) {
      image.setDoubleAt(i, i % 10);          // band 1: 0..9
      image.setDoubleAt(3000 + i, i % 5);    // band 2: 0..4, null 3 appears here too
    }
    Result r = run("bands", new Settings().nullValue(3.0), image);
    Map<String, String> md2 = metadata(r.path(), 2);
    assertThat(md2.get("STATISTICS_MEAN"), is("1.75")); // mean of 0,1,2,4
    assertThat(md2.get("STATISTICS_HISTOBINVALUES"), is("600|600|600|0|600|"));
  }

  @Test
  void omittedBasicStatsStillGiveAGdalHistogram() {
    // RIOS fails here (no min/max for the histogram); we take min/max from GDAL without writing statistics.
    RasterArray image = scaled(ramp(200, 200), 200, 200, DataType.FLOAT32, 100, 0);
    Result r = run("histonly", new Settings().nullValue(5200.0).omit(false, true, false), image);
    assertThat(r.report(), is(new SinglePassReport(true, false, false)));
    Map<String, String> md = metadata(r.path(), 1);
    for (String k : HIST_KEYS) {
      assertThat(md, hasKey(k));
    }
    assertThat(md.containsKey("STATISTICS_MEAN"), is(false));
    assertThat(md.containsKey("STATISTICS_MINIMUM"), is(false));
    double[] v = nonNull(image, 5200.0);
    long[] bins = parseBins(md.get("STATISTICS_HISTOBINVALUES"));
    assertThat(bins, is(numpyHistogram(v, 256, 0, 10000)));
    assertThat(md.get("STATISTICS_HISTOMIN"), is("0.0"));
    assertThat(md.get("STATISTICS_HISTOMAX"), is("10000.0"));
  }

  @Test
  void approximateStatisticsUseGdalAndAreMarked() {
    RasterArray image = scaled(ramp(300, 300), 300, 300, DataType.UINT8, 1, 0);
    Result r = run("approx", new Settings().nullValue(52.0).approx(true), image);
    assertThat(r.report().basicStats(), is(false));
    assertThat(r.report().histogram(), is(false));
    Map<String, String> md = metadata(r.path(), 1);
    assertThat(md.get("STATISTICS_APPROXIMATE"), is("YES"));
    assertThat(md.containsKey("STATISTICS_SKIPFACTORX"), is(false));
    assertThat(md, hasKey("STATISTICS_MEDIAN"));
  }

  @Test
  void impossibleForcedRequestsRaise() {
    String path = new File(dir, "err.tif").getPath();
    OutputSettings avg = new Settings().agg("AVERAGE").singlePass(true, null, null).build();
    Dataset ds = create(path, avg, DataType.UINT8, 1, 100, 100);
    try {
      assertThrows(SinglePassActionsException.class,
          () -> new OutputStatistics(ds, path, avg, DataType.UINT8, probes, dir, new Timers()));
      OutputSettings floatHist = new Settings().singlePass(null, null, true).build();
      assertThrows(SinglePassActionsException.class,
          () -> new OutputStatistics(ds, path, floatHist, DataType.FLOAT32, probes, dir, new Timers()));
    } finally {
      ds.delete();
    }
  }

  @Test
  void nonNearestAggregationFallsBackToGdalPyramids() {
    RasterArray image = scaled(ramp(600, 600), 600, 600, DataType.UINT8, 1, 0);
    Result r = run("avg", new Settings().agg("AVERAGE"), image);
    assertThat(r.report().pyramids(), is(false));
    assertThat(overviewCount(r.path()), is(1)); // 600 / 4 = 150 > 128; 600 / 8 = 75 is not
    assertThat(r.timers().names(), hasItems("pyramids", "basicstats", "histogram"));
  }

  @Test
  void cancellingDuringGdalPyramidsRaises() {
    RasterArray image = scaled(ramp(600, 600), 600, 600, DataType.UINT8, 1, 0);
    Progress cancelled = new Progress() {
      @Override
      public void setTotalSteps(int steps) {}

      @Override
      public void setProgress(int progress) {}

      @Override
      public void reset() {}

      @Override
      public void setLabelText(String text) {}

      @Override
      public boolean wasCancelled() {
        return true;
      }
    };
    assertThrows(ProcessCancelledException.class, () -> StatsTestSupport.run(dir, "cancel",
        new Settings().singlePass(false, null, null).build(), image, 256, probes, cancelled));
  }

  @Test
  void thematicBandWithRatGetsHistogramColumn() {
    OutputSettings s = new Settings().thematic(true).nullValue(0.0).build();
    String path = new File(dir, "rat.tif").getPath();
    RasterArray image = scaled(ramp(100, 100), 100, 100, DataType.UINT8, 0.1, 0); // values 0..10
    Dataset ds = create(path, s, DataType.UINT8, 1, 100, 100);
    try {
      RasterAttributeTable rat = new RasterAttributeTable();
      rat.CreateColumn("Name", gdalconstConstants.GFT_String, gdalconstConstants.GFU_Name);
      rat.SetRowCount(1);
      ds.GetRasterBand(1).SetDefaultRAT(rat);
      OutputStatistics st = new OutputStatistics(ds, path, s, DataType.UINT8, probes, dir, new Timers());
      writeBlocks(ds, image, 64, st);
      st.finish(ds, null);
    } finally {
      ds.delete();
    }
    Map<String, String> md = metadata(path, 1);
    assertThat(md.containsKey("STATISTICS_HISTOBINVALUES"), is(false));
    assertThat(md.get("STATISTICS_HISTOBINFUNCTION"), is("direct"));
    assertThat(md, hasKey("STATISTICS_MEDIAN"));
    long[] expected = new long[11];
    for (double v : nonNull(image, 0.0)) {
      expected[(int) v]++;
    }
    assertThat(StatsMatrixTest.ratHistogram(path), is(expected));
    Dataset back = open(path);
    try {
      RasterAttributeTable rat = back.GetRasterBand(1).GetDefaultRAT();
      int col = rat.GetColOfUsage(gdalconstConstants.GFU_PixelCount);
      assertThat(rat.GetNameOfCol(col), is("Histogram"));
      assertThat(rat.GetTypeOfCol(col), is(gdalconstConstants.GFT_Real));
    } finally {
      back.delete();
    }
  }

  @Test
  void negativeThematicValuesAreRejected() {
    RasterArray image = scaled(ramp(50, 50), 50, 50, DataType.INT16, 1, -5);
    org.rios.errors.ThematicException e = assertThrows(org.rios.errors.ThematicException.class,
        () -> run("negthem", new Settings().thematic(true), image));
    // the message names the output file and band, not only the values
    assertThat(e.getMessage(), org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.containsString("negthem"),
        org.hamcrest.Matchers.containsString("band 1: Histogram code does not cope with negative values")));
  }

  @Test
  void timersRecordSinglePassWork() {
    RasterArray image = scaled(ramp(600, 600), 600, 600, DataType.INT16, 3, 0);
    Result r = run("timers", new Settings(), image);
    assertThat(r.report(), is(new SinglePassReport(true, true, true)));
    assertThat(r.timers().getDurationsForName("basicstats").size() > 1, is(true));
    assertThat(r.timers().getDurationsForName("histogram").size() > 1, is(true));
    assertThat(r.timers().getDurationsForName("pyramids").size() > 1, is(true));
    assertThat(r.timers().getDurationsForName("writing"), is(nullValue()));
    assertThat(metadata(r.path(), 1).get("STATISTICS_MODE"), is(not("0")));
  }
}

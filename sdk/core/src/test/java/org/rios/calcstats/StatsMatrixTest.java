package org.rios.calcstats;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.rios.calcstats.StatsTestSupport.*;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.plan.OutputSettings;
import org.rios.testutil.StatsAssertions;
import org.rios.applier.SinglePassReport;

/**
 * The teststats matrix: a 500x500 ramp scaled into each pixel type, null = 52 * scale, written through
 * OutputStatistics with GTiff and HFA, in the default, thematic, forced single-pass and forced GDAL modes;
 * every statistic is checked against an independent computation over the non-null pixels.
 */
class StatsMatrixTest {
  private static final int ROWS = 500;
  private static final int COLS = 500;
  private static final int[] RAMP = ramp(ROWS, COLS);
  private static final DriverProbeCache PROBES = new DriverProbeCache();

  @TempDir
  File dir;

  enum Run { DEFAULT, THEMATIC, THEMATIC_FORCED_TRUE, ALL_FALSE, THEMATIC_FALSE }

  static Stream<Arguments> cases() {
    Object[][] typeScales = {
        {DataType.UINT8, 1.0}, {DataType.UINT16, 1.0}, {DataType.INT16, 300.0}, {DataType.UINT16, 300.0},
        {DataType.INT32, 30000.0}, {DataType.UINT32, 30000.0},
        {DataType.FLOAT32, 1.0}, {DataType.FLOAT32, 100.0}, {DataType.FLOAT32, 0.01},
        {DataType.FLOAT64, 1.0}, {DataType.FLOAT64, 100.0}, {DataType.FLOAT64, 0.01},
        {DataType.INT64, 30000.0}, {DataType.UINT64, 30000.0}};
    List<Arguments> out = new ArrayList<>();
    for (String driver : new String[] {"GTiff", "HFA"}) {
      for (Object[] ts : typeScales) {
        DataType t = (DataType) ts[0];
        if (driver.equals("HFA") && (t == DataType.INT64 || t == DataType.UINT64)) {
          continue; // HFA has no 64-bit integer type
        }
        boolean wide = t.isFloatingPoint() || t.byteSize() >= 4;
        for (Run r : Run.values()) {
          boolean thematicRun = r == Run.THEMATIC || r == Run.THEMATIC_FORCED_TRUE || r == Run.THEMATIC_FALSE;
          if (thematicRun && wide) {
            continue;
          }
          out.add(Arguments.of(driver, t, ts[1], r));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1} x{2} {3}")
  @MethodSource("cases")
  void statisticsMatchIndependentComputation(String driver, DataType type, double scale, Run run) {
    List<String> opts = driver.equals("HFA") ? List.of("COMPRESS=YES") : List.of("COMPRESS=DEFLATE", "TILED=YES",
        "INTERLEAVE=BAND");
    Settings s = new Settings().driver(driver, opts).nullValue(52 * scale);
    switch (run) {
      case THEMATIC: s.thematic(true); break;
      case THEMATIC_FORCED_TRUE: s.thematic(true).singlePass(true, true, true); break;
      case ALL_FALSE: s.singlePass(false, false, false); break;
      case THEMATIC_FALSE: s.thematic(true).singlePass(false, false, false); break;
      default: break;
    }
    OutputSettings settings = s.build();
    RasterArray image = scaled(RAMP, ROWS, COLS, type, scale, 0);
    Result res = run(dir, "out", settings, image, 256, PROBES, null);

    if (run == Run.THEMATIC_FORCED_TRUE) {
      assertThat(res.report().basicStats(), is(true));
      assertThat(res.report().histogram(), is(true));
      assertThat(res.report().pyramids(), is(PROBES.supportsDirectOverviews(driver, opts, dir)));
    }
    if (run == Run.ALL_FALSE || run == Run.THEMATIC_FALSE) {
      assertThat(res.report(), is(new SinglePassReport(false, false, false)));
    }
    if (run == Run.DEFAULT) {
      assertThat(res.report().basicStats(), is(true));
      assertThat(res.report().histogram(), is(type.isInteger()));
    }
    checkStats(res.path(), image, settings.statsIgnore(), scale, type);
  }

  static void checkStats(String path, RasterArray image, Double nullValue, double scale, DataType type) {
    StatsAssertions.assertStatsMatch(path, image, nullValue, scale);
  }

  /** The PixelCount column of band 1's RAT. */
  static long[] ratHistogram(String path) {
    return StatsAssertions.ratHistogram(path);
  }
}

package org.rios.applier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.gdal.gdal.Driver;
import org.gdal.gdal.gdal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.gdal.GdalRuntime;
import org.rios.calcstats.DriverProbeCache;
import org.rios.progress.SilentProgress;
import org.rios.testutil.StatsAssertions;
import org.rios.testutil.TestRasters;

/**
 * RIOS teststats, run through the applier: the standard ramp is rescaled by the user function into each
 * pixel type a driver can create, written with statsIgnore = 52 * scale, and the statistics, median, mode and
 * histogram the writer puts in the file are checked against a direct computation over the non-null pixels.
 */
class StatsTest {
  private static final String IN = "inimg";
  private static final String OUT = "outimg";
  private static final List<String> HISTOGRAM_KEYS = List.of("HISTOMIN", "HISTOMAX", "HISTOBINVALUES",
      "HISTONUMBINS");

  @TempDir
  static File shared;

  private static String rampInput;
  private static final DriverProbeCache PROBES = new DriverProbeCache();

  @TempDir
  File tmp;

  /** The five runs of each (driver, type, scale); thematic ones only for 8- and 16-bit integers. */
  enum Run {
    DEFAULT(false, null), THEMATIC(true, null), THEMATIC_SINGLEPASS_TRUE(true, true), SINGLEPASS_FALSE(false, false),
    THEMATIC_SINGLEPASS_FALSE(true, false);

    final boolean thematic;
    final Boolean singlePass;

    Run(boolean thematic, Boolean singlePass) {
      this.thematic = thematic;
      this.singlePass = singlePass;
    }
  }

  /** One scenario; {@code toString} names the test. */
  record Case(String driver, List<String> options, DataType type, double scale, double offset, Run run,
      boolean omit, boolean noNull) {
    Double nullValue() {
      return noNull ? null : 52 * scale;
    }

    String extension() {
      switch (driver) {
        case "HFA": return ".img";
        case "KEA": return ".kea";
        default: return ".tif";
      }
    }

    @Override
    public String toString() {
      String s = driver + " " + type.gdalName() + " x" + fmt(scale) + (offset != 0 ? " offset " + fmt(offset) : "")
          + " " + run;
      return s + (omit ? " omit-all" : "") + (noNull ? " no-null" : "");
    }

    private static String fmt(double d) {
      return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
  }

  static final List<String> HFA_OPTS = List.of("COMPRESSED=YES");
  static final List<String> GTIFF_OPTS = List.of("COMPRESS=DEFLATE", "TILED=YES", "INTERLEAVE=BAND");

  @BeforeAll
  static void makeInput() {
    rampInput = TestRasters.rampFile(new File(shared, "ramp.img"));
  }

  /** RIOS's (type, scale) list, with Int8 only where this GDAL has it. */
  private static List<Object[]> typeScales() {
    List<Object[]> l = new ArrayList<>(Arrays.asList(new Object[][] {
        {DataType.UINT8, 1.0}, {DataType.UINT16, 1.0}, {DataType.INT16, 300.0}, {DataType.UINT16, 300.0},
        {DataType.INT32, 30000.0}, {DataType.UINT32, 30000.0},
        {DataType.FLOAT32, 1.0}, {DataType.FLOAT32, 100.0}, {DataType.FLOAT32, 0.01},
        {DataType.FLOAT64, 1.0}, {DataType.FLOAT64, 100.0}, {DataType.FLOAT64, 0.01},
        {DataType.INT64, 30000.0}, {DataType.UINT64, 30000.0}}));
    if (GdalRuntime.hasInt8()) {
      l.add(new Object[] {DataType.INT8, 1.0});
    }
    return l;
  }

  /**
   * Pixel types the driver says it can create (DMD_CREATIONDATATYPES), as RIOS's test selects them. GTiff
   * writes Int64/UInt64 since GDAL 3.5 but only lists them from 3.7 on, so they are added for it here.
   */
  private static Set<String> creatable(String driver) {
    Driver d = gdal.GetDriverByName(driver);
    String types = d.GetMetadataItem("DMD_CREATIONDATATYPES");
    Set<String> out = new HashSet<>(Arrays.asList(types == null ? new String[0] : types.trim().split("\\s+")));
    if (driver.equals("GTiff") && GdalRuntime.versionNumber() >= 3050200) {
      out.add("Int64");
      out.add("UInt64");
    }
    return out;
  }

  static Stream<Case> matrix() {
    GdalRuntime.ensureLoaded();
    List<Case> out = new ArrayList<>();
    List<Object[]> drivers = new ArrayList<>();
    drivers.add(new Object[] {"HFA", HFA_OPTS});
    drivers.add(new Object[] {"GTiff", GTIFF_OPTS});
    if (gdal.GetDriverByName("KEA") != null) {
      drivers.add(new Object[] {"KEA", List.<String>of()});
    }
    for (Object[] d : drivers) {
      String driver = (String) d[0];
      @SuppressWarnings("unchecked")
      List<String> opts = (List<String>) d[1];
      Set<String> types = creatable(driver);
      for (Object[] ts : typeScales()) {
        DataType t = (DataType) ts[0];
        if (!types.contains(t.gdalName())) {
          continue;
        }
        boolean wide = t.isFloatingPoint() || t.byteSize() >= 4;
        for (Run r : Run.values()) {
          if (r.thematic && wide) {
            continue;
          }
          out.add(new Case(driver, opts, t, (Double) ts[1], 0, r, false, false));
        }
      }
    }
    return out.stream();
  }

  static Stream<Case> extraGtiffRuns() {
    return Stream.of(
        new Case("GTiff", GTIFF_OPTS, DataType.UINT8, 1, 0, Run.DEFAULT, true, false),
        new Case("GTiff", GTIFF_OPTS, DataType.INT16, 300, -20, Run.DEFAULT, false, false),
        new Case("GTiff", GTIFF_OPTS, DataType.UINT8, 1, 0, Run.DEFAULT, false, true));
  }

  /** The ramp rescaled as the user function should: ramp * scale + offset, cast to the type. */
  private static RasterArray expected(Case c) {
    RasterArray ramp = TestRasters.ramp(TestRasters.STD_ROWS, TestRasters.STD_COLS, false);
    RasterArray e = RasterArray.create(c.type(), 1, ramp.rows(), ramp.cols());
    for (int i = 0; i < e.size(); i++) {
      e.setDoubleAt(i, ramp.getDoubleAt(i) * c.scale() + c.offset());
    }
    return e;
  }

  private ApplierReturn<Void> apply(Case c, String outFile) {
    Double nul = c.nullValue();
    ApplierControls controls = new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath())
        .setOutputDriverName(c.driver()).setCreationOptions(c.options()).setThematic(c.run().thematic)
        .setStatsIgnore(nul)
        .setOmitPyramids(c.omit()).setOmitBasicStats(c.omit()).setOmitHistogram(c.omit())
        .setSinglePassPyramids(c.run().singlePass).setSinglePassBasicStats(c.run().singlePass)
        .setSinglePassHistogram(c.run().singlePass);
    if (c.omit()) {
      // without omitting, a 500 x 500 output would then get one overview level (500 / 4 = 125 > 64)
      controls.setOverviewMinDim(64);
    }
    return Applier.apply((info, inputs, outputs) -> {
      RasterArray in = inputs.get(IN);
      RasterArray out = RasterArray.create(c.type(), in.bands(), in.rows(), in.cols());
      for (int i = 0; i < out.size(); i++) {
        double v = in.getDoubleAt(i);
        out.setDoubleAt(i, nul != null && v == nul ? nul : v * c.scale() + c.offset());
      }
      outputs.put(OUT, out);
    }, new FilenameAssociations().put(IN, rampInput), new FilenameAssociations().put(OUT, outFile), controls);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"matrix", "extraGtiffRuns"})
  void statisticsMatchDirectComputation(Case c) {
    String outFile = new File(tmp, "test" + c.extension()).getPath();
    ApplierReturn<Void> rtn = apply(c, outFile);
    SinglePassReport report = rtn.singlePassReports().get(OUT);

    RasterArray want = expected(c);
    RasterArray got = TestRasters.read(outFile);
    assertThat("pixels written", got.contentEquals(want), is(true));

    boolean probe = PROBES.supportsDirectOverviews(c.driver(), c.options(), shared);
    if (Boolean.TRUE.equals(c.run().singlePass)) {
      assertThat(report, is(new SinglePassReport(probe, true, true)));
    } else if (Boolean.FALSE.equals(c.run().singlePass)) {
      assertThat(report, is(new SinglePassReport(false, false, false)));
    } else if (!c.omit()) {
      assertThat(report, is(new SinglePassReport(probe, true, c.type().isInteger())));
    }

    if (c.omit()) {
      assertThat(report, is(new SinglePassReport(false, false, false)));
      Map<String, String> md = StatsAssertions.metadata(outFile, 1);
      for (String k : StatsAssertions.SIX_KEYS) {
        assertThat(md, not(hasKey("STATISTICS_" + k)));
      }
      for (String k : HISTOGRAM_KEYS) {
        assertThat(md, not(hasKey("STATISTICS_" + k)));
      }
      assertThat(StatsAssertions.overviewCount(outFile), is(0));
    } else {
      StatsAssertions.assertStatsMatch(outFile, want, c.nullValue(), c.scale());
    }
  }

  @ParameterizedTest(name = "all-null output, single-pass stats and histogram {0}")
  @ValueSource(booleans = {true, false})
  void allNullOutputHasNoStatisticsKeys(boolean singlePass) {
    RasterArray nulls = RasterArray.filled(DataType.UINT8, 1, TestRasters.STD_ROWS, TestRasters.STD_COLS, 27);
    String in = TestRasters.write(new File(tmp, "empty.img"), "HFA", nulls, TestRasters.STD_XLEFT,
        TestRasters.STD_YTOP, TestRasters.STD_PIX, TestRasters.wkt(TestRasters.STD_EPSG), null, "COMPRESSED=YES");
    String out = new File(tmp, "empty2.tif").getPath();
    ApplierControls controls = new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath())
        .setOutputDriverName("GTiff").setStatsIgnore(27.0)
        .setSinglePassBasicStats(singlePass).setSinglePassHistogram(singlePass);
    ApplierReturn<Void> rtn = Applier.apply((info, inputs, outputs) -> {
      RasterArray a = inputs.get(IN);
      outputs.put(OUT, RasterArray.filled(a.dataType(), a.bands(), a.rows(), a.cols(), 27));
    }, new FilenameAssociations().put(IN, in), new FilenameAssociations().put(OUT, out), controls);

    SinglePassReport r = rtn.singlePassReports().get(OUT);
    assertThat(r.basicStats(), is(singlePass));
    assertThat(r.histogram(), is(singlePass));
    Map<String, String> md = StatsAssertions.metadata(out, 1);
    for (String k : StatsAssertions.SIX_KEYS) {
      assertThat(md, not(hasKey("STATISTICS_" + k)));
    }
    for (String k : HISTOGRAM_KEYS) {
      assertThat(md, not(hasKey("STATISTICS_" + k)));
    }
  }
}

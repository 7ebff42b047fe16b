package org.rios.calcstats;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.RiosException;
import org.rios.plan.OutputSettings;

/**
 * The histogram read back on several decoding threads has GDAL's own counts, bin for bin, on the values where
 * the two could part: NaN, the nodata value and values within GDAL's tolerance of it, values on and next to
 * bin edges, out-of-range values, partial edge tiles; and an output finished that way is the same file, with
 * the same metadata, as one whose histogram came from GDAL.
 */
class HistogramReadBackTest {
  private static final int ROWS = 530;
  private static final int COLS = 700;
  private static final double NODATA = -9.0;
  /** The library's GTiff options with two encoder threads: the pool the read-back decodes on. */
  private static final List<String> THREADED = List.of("TILED=YES", "COMPRESS=DEFLATE", "INTERLEAVE=BAND",
      "BIGTIFF=IF_SAFER", "NUM_THREADS=2");

  @TempDir
  File tmp;

  /** Values of every kind above, as doubles (the Float32 band gets them rounded to float). */
  private static double[] trickyValues(DataType type) {
    Random r = new Random(11);
    double[] v = new double[ROWS * COLS];
    float ulp = Math.ulp((float) NODATA);
    for (int i = 0; i < v.length; i++) {
      int kind = r.nextInt(10);
      switch (kind) {
        case 0 -> v[i] = Double.NaN;
        case 1 -> v[i] = NODATA;
        case 2 -> v[i] = type == DataType.FLOAT32 ? NODATA + (r.nextInt(13) - 6) * ulp
            : NODATA * (1 + (r.nextInt(13) - 6) * 1e-7);       // inside and just outside GDAL's tolerance
        case 3 -> v[i] = -2 + 4.0 * r.nextInt(257) / 256;     // on the edges of 256 bins over [-2, 2]
        case 4 -> v[i] = Math.nextUp(-2 + 4.0 * r.nextInt(256) / 256);
        case 5 -> v[i] = -1.3 + 2.07 * r.nextInt(257) / 256 + (r.nextInt(3) - 1) * Math.ulp(1.0); // edges of an odd range
        default -> v[i] = Math.max(-2, Math.min(2, r.nextGaussian()));
      }
    }
    v[0] = -2;
    v[1] = 2;
    return v;
  }

  private Dataset write(String name, DataType type, double[] values, Double nodata) {
    OutputSettings s = new StatsTestSupport.Settings().driver("GTiff", THREADED).nullValue(nodata).build();
    Dataset ds = StatsTestSupport.create(new File(tmp, name).getPath(), s, type, 1, ROWS, COLS);
    RasterArray a = RasterArray.create(type, 1, ROWS, COLS);
    for (int i = 0; i < values.length; i++) {
      a.setDoubleAt(i, values[i]);
    }
    BandIo.write(ds.GetRasterBand(1), 0, 0, COLS, ROWS, type, a.data());
    ds.FlushCache();
    return ds;
  }

  @Test
  void countsAreGdalsForFloat32AndFloat64() {
    for (DataType type : List.of(DataType.FLOAT32, DataType.FLOAT64)) {
      for (Double nodata : Arrays.asList(NODATA, null)) {
        Dataset ds = write(type + "-" + nodata + ".tif", type, trickyValues(type), nodata);
        try {
          assertThat(HistogramReadBack.applies(ds, type, THREADED), is(true));
          // the data's own range, a narrower one (out-of-range values into the end bins), a single bin
          for (HistogramParams p : List.of(HistogramParams.of(type, false, -2, 2),
              HistogramParams.of(type, false, -1.3, 0.7), HistogramParams.of(type, false, -1.3, 0.77),
              HistogramParams.of(type, false, 0.25, 0.25))) {
            long[] gdalCounts = GdalStatistics.histogram(ds.GetRasterBand(1), p, false);
            long[] ours = HistogramReadBack.histogram(ds, 1, type, p);
            assertThat(type + " nodata " + p.nbins() + " bins over " + p.calcMin() + ".." + p.calcMax(),
                Arrays.toString(ours), is(Arrays.toString(gdalCounts)));
            assertThat(Arrays.stream(ours).sum() > 0, is(true));
          }
        } finally {
          ds.delete();
        }
      }
    }
  }

  @Test
  void stripsSpanTileRowsAndTheRaggedLastOne() {
    // three strips: one row of 256-row tiles each, the last one 18 rows
    double[] v = trickyValues(DataType.FLOAT32);
    Dataset ds = write("strips.tif", DataType.FLOAT32, v, NODATA);
    try {
      HistogramParams p = HistogramParams.of(DataType.FLOAT32, false, -2, 2);
      long[] a = HistogramReadBack.histogram(ds, 1, DataType.FLOAT32, p, (long) COLS * 256 * 4);
      long[] g = GdalStatistics.histogram(ds.GetRasterBand(1), p, false);
      assertThat(Arrays.toString(a), is(Arrays.toString(g)));
      long valid = Arrays.stream(v).filter(x -> !Double.isNaN(x)
          && !(Math.abs((float) x - (float) NODATA) < Math.ulp(1f) * Math.abs((float) x + (float) NODATA) * 2)
          && (float) x != (float) NODATA).count();
      assertThat(Arrays.stream(a).sum(), is(valid));
    } finally {
      ds.delete();
    }
  }

  @Test
  void windowsOfWholeTilesOrPartsOfOneWhenATileRowIsTooLarge() {
    for (DataType type : List.of(DataType.FLOAT32, DataType.FLOAT64)) {
      Dataset ds = write("win-" + type + ".tif", type, trickyValues(type), NODATA);
      try {
        int px = type == DataType.FLOAT32 ? 4 : 8;
        HistogramParams p = HistogramParams.of(type, false, -2, 2);
        long[] g = GdalStatistics.histogram(ds.GetRasterBand(1), p, false);
        // two tiles side by side (a row of 700 columns is three), ragged on the right and at the bottom;
        // then a part of one tile (97 of its rows), ragged too; then several whole rows of tiles at once
        for (long budget : new long[] {2L * 256 * 256 * px, 256L * 97 * px, (long) COLS * 512 * px}) {
          long[] a = HistogramReadBack.histogram(ds, 1, type, p, budget);
          assertThat(type + " windows of " + budget + " bytes", Arrays.toString(a), is(Arrays.toString(g)));
        }
      } finally {
        ds.delete();
      }
    }
  }

  @Test
  void windowsStayWithinTheBudgetWhateverTheBandsWidth() {
    long budget = HistogramReadBack.STRIP_BYTES;
    // {width, height, block width, block height, bytes per pixel}: ordinary, 200000 wide Float64 tiled,
    // 9 million wide Float32 in one-row strips, a single 20000 x 20000 block
    int[][] bands = {{8192, 8192, 256, 256, 4}, {200_000, 300, 256, 256, 8}, {9_000_000, 256, 9_000_000, 1, 4},
        {20_000, 20_000, 20_000, 20_000, 8}};
    for (int[] b : bands) {
      int[] win = HistogramReadBack.window(b[0], b[1], b[2], b[3], b[4], budget);
      String what = Arrays.toString(b) + " -> " + Arrays.toString(win);
      assertThat(what, (long) win[0] * win[1] * b[4] <= budget, is(true));
      assertThat(what, win[0] >= 1 && win[0] <= b[0] && win[1] >= 1 && win[1] <= b[1], is(true));
    }
    assertThat("whole rows of tiles", HistogramReadBack.window(8192, 8192, 256, 256, 4, budget),
        is(new int[] {8192, 512}));
    assertThat("whole tiles of a wide band", HistogramReadBack.window(200_000, 300, 256, 256, 8, budget),
        is(new int[] {8192, 256}));
  }

  @Test
  void aRangeGdalRefusesFailsAsGdalFails() {
    Dataset ds = write("refused.tif", DataType.FLOAT64, trickyValues(DataType.FLOAT64), NODATA);
    try {
      // a constant band of 1e17 (its range's maximum, min + 0.5, is min again), and a range of width infinity
      for (HistogramParams p : List.of(HistogramParams.of(DataType.FLOAT64, false, 1e17, 1e17),
          HistogramParams.of(DataType.FLOAT64, false, -1e308, 1e308))) {
        RiosException gdals = assertThrows(RiosException.class,
            () -> GdalStatistics.histogram(ds.GetRasterBand(1), p, false));
        RiosException ours = assertThrows(RiosException.class,
            () -> HistogramReadBack.histogram(ds, 1, DataType.FLOAT64, p));
        assertThat(ours.getMessage(), is(gdals.getMessage()));
      }
    } finally {
      ds.delete();
    }
  }

  @Test
  void eachBandOfAMultiBandOutputHasItsOwnCounts() {
    OutputSettings s = new StatsTestSupport.Settings().driver("GTiff", THREADED).nullValue(NODATA).build();
    Dataset ds = StatsTestSupport.create(new File(tmp, "bands.tif").getPath(), s, DataType.FLOAT32, 3, ROWS,
        COLS);
    try {
      double[] v = trickyValues(DataType.FLOAT32);
      for (int b = 0; b < 3; b++) {
        RasterArray a = RasterArray.create(DataType.FLOAT32, 1, ROWS, COLS);
        for (int i = 0; i < v.length; i++) {
          a.setDoubleAt(i, Double.isNaN(v[i]) || v[i] == NODATA ? v[i] : v[i] * (b + 1) / 3);
        }
        BandIo.write(ds.GetRasterBand(b + 1), 0, 0, COLS, ROWS, DataType.FLOAT32, a.data());
      }
      ds.FlushCache();
      assertThat(HistogramReadBack.applies(ds, DataType.FLOAT32, THREADED), is(true));
      HistogramParams p = HistogramParams.of(DataType.FLOAT32, false, -2, 2);
      String first = null;
      for (int b = 1; b <= 3; b++) {
        String ours = Arrays.toString(HistogramReadBack.histogram(ds, b, DataType.FLOAT32, p));
        assertThat("band " + b, ours, is(Arrays.toString(GdalStatistics.histogram(ds.GetRasterBand(b), p, false))));
        assertThat("band " + b + " differs from band 1", b == 1 || !ours.equals(first), is(true));
        first = b == 1 ? ours : first;
      }
    } finally {
      ds.delete();
    }
  }

  @Test
  void aCountGdalsJavaBindingMayHaveClampedIsCountedAgainIn64Bits() {
    Dataset ds = write("clamped.tif", DataType.FLOAT32, trickyValues(DataType.FLOAT32), NODATA);
    try {
      HistogramParams p = HistogramParams.of(DataType.FLOAT32, false, -2, 2);
      long[] exact = GdalStatistics.histogram(ds.GetRasterBand(1), p, false);
      long biggest = Arrays.stream(exact).max().getAsLong();
      // the binding clamps a count above 2^31 - 1 to it: with the limit lowered to this band's biggest bin,
      // GDAL's counts are refused, and the band is counted again here, to the same bins
      assertThat(GdalStatistics.histogram(ds.GetRasterBand(1), p, false, biggest), is(nullValue()));
      assertThat(Arrays.toString(HistogramReadBack.gdalOrRecounted(ds, 1, DataType.FLOAT32, p, false, biggest)),
          is(Arrays.toString(exact)));
      assertThat("below the limit, GDAL's own counts",
          Arrays.toString(HistogramReadBack.gdalOrRecounted(ds, 1, DataType.FLOAT32, p, false, biggest + 1)),
          is(Arrays.toString(exact)));
      assertThat("approximate counts are not recounted in full: none rather than wrong ones",
          HistogramReadBack.gdalOrRecounted(ds, 1, DataType.FLOAT32, p, true, biggest), is(nullValue()));
    } finally {
      ds.delete();
    }
    OutputSettings vrt = new StatsTestSupport.Settings().driver("MEM", List.of()).build();
    Dataset mem = StatsTestSupport.create("", vrt, DataType.FLOAT32, 1, 10, 10);
    try {
      HistogramParams p = HistogramParams.of(DataType.FLOAT32, false, 0, 1);
      assertThat("a driver whose binning is not known here: none rather than wrong counts",
          HistogramReadBack.gdalOrRecounted(mem, 1, DataType.FLOAT32, p, false, 1), is(nullValue()));
    } finally {
      mem.delete();
    }
  }

  @Test
  void theRecountIsGdalsForIntegerBandsAndHfaFiles() {
    // integer bands (read as Float64, binned as GDAL bins their values turned into doubles), with and without
    // nodata, and float bands of an HFA file: with GDAL's counts taken as clamped, the recount gives them back
    Random r = new Random(5);
    double[] ints = new double[ROWS * COLS];
    for (int i = 0; i < ints.length; i++) {
      ints[i] = r.nextInt(10) == 0 ? NODATA : r.nextInt(700) - 200;
    }
    Object[][] cases = {{"GTiff", DataType.INT16, ints}, {"GTiff", DataType.INT32, ints},
        {"GTiff", DataType.UINT8, Arrays.stream(ints).map(v -> v < 0 ? 0 : v % 256).toArray()},
        {"HFA", DataType.FLOAT32, trickyValues(DataType.FLOAT32)}, {"HFA", DataType.INT16, ints}};
    for (Object[] c : cases) {
      for (Double nodata : Arrays.asList(NODATA, null)) {
        DataType type = (DataType) c[1];
        Double nd = type == DataType.UINT8 && nodata != null ? Double.valueOf(0) : nodata;
        OutputSettings s = new StatsTestSupport.Settings().driver((String) c[0], List.of()).nullValue(nd).build();
        String name = c[0] + "-" + type + "-" + nd + ("HFA".equals(c[0]) ? ".img" : ".tif");
        Dataset ds = StatsTestSupport.create(new File(tmp, name).getPath(), s, type, 1, ROWS, COLS);
        try {
          double[] v = (double[]) c[2];
          RasterArray a = RasterArray.create(type, 1, ROWS, COLS);
          for (int i = 0; i < v.length; i++) {
            a.setDoubleAt(i, v[i]);
          }
          BandIo.write(ds.GetRasterBand(1), 0, 0, COLS, ROWS, type, a.data());
          ds.FlushCache();
          for (HistogramParams p : List.of(type == DataType.UINT8 ? HistogramParams.of(type, false, 0, 255)
              : HistogramParams.of(type, false, -200, 499),
              HistogramParams.of(DataType.FLOAT64, false, -150.25, 300.5))) {
            long[] exact = GdalStatistics.histogram(ds.GetRasterBand(1), p, false);
            long biggest = Arrays.stream(exact).max().getAsLong();
            assertThat(name + " " + p.calcMin() + ".." + p.calcMax(),
                Arrays.toString(HistogramReadBack.gdalOrRecounted(ds, 1, type, p, false, biggest)),
                is(Arrays.toString(exact)));
          }
        } finally {
          ds.delete();
        }
      }
    }
  }

  @Test
  void noRecountWhereGdalsByteLoopOrItsSettingsBinOtherwise() {
    // GDAL's Byte loop skips pixels equal to the nodata cast to a byte, its other loops those close to it:
    // the same pixels only for a whole nodata in 0..255; a signed byte band is read back unsigned; and
    // GDAL_NODATA_IN_HISTOGRAM makes GDAL count the nodata pixels
    double[] v = new double[ROWS * COLS];
    for (int i = 0; i < v.length; i++) {
      v[i] = i % 256;
    }
    HistogramParams p = HistogramParams.of(DataType.UINT8, false, 0, 255);
    for (double nodata : new double[] {-1, 0.5, 256, 7}) {
      OutputSettings s = new StatsTestSupport.Settings().driver("GTiff", List.of("TILED=YES")).nullValue(nodata)
          .build();
      Dataset ds = StatsTestSupport.create(new File(tmp, "byte" + nodata + ".tif").getPath(), s, DataType.UINT8,
          1, ROWS, COLS);
      try {
        RasterArray a = RasterArray.create(DataType.UINT8, 1, ROWS, COLS);
        for (int i = 0; i < v.length; i++) {
          a.setDoubleAt(i, v[i]);
        }
        BandIo.write(ds.GetRasterBand(1), 0, 0, COLS, ROWS, DataType.UINT8, a.data());
        ds.FlushCache();
        boolean whole = nodata == 7;
        assertThat("Byte nodata " + nodata, HistogramReadBack.binsAsGdal(ds, DataType.UINT8), is(whole));
        if (whole) {
          long[] exact = GdalStatistics.histogram(ds.GetRasterBand(1), p, false);
          assertThat(Arrays.toString(HistogramReadBack.gdalOrRecounted(ds, 1, DataType.UINT8, p, false, 1)),
              is(Arrays.toString(exact)));
          gdal.SetConfigOption("GDAL_NODATA_IN_HISTOGRAM", "YES");
          try {
            assertThat("GDAL told to count nodata", HistogramReadBack.binsAsGdal(ds, DataType.UINT8), is(false));
          } finally {
            gdal.SetConfigOption("GDAL_NODATA_IN_HISTOGRAM", null);
          }
        }
      } finally {
        ds.delete();
      }
    }
    OutputSettings signed = new StatsTestSupport.Settings().driver("GTiff", List.of("PIXELTYPE=SIGNEDBYTE"))
        .build();
    Dataset sb = StatsTestSupport.create(new File(tmp, "signed.tif").getPath(), signed, DataType.UINT8, 1, 4, 4);
    try {
      assertThat("a signed byte band", HistogramReadBack.binsAsGdal(sb, DataType.UINT8), is(false));
    } finally {
      sb.delete();
    }
  }

  @Test
  void onlyWhereGdalsRulesAreKnown() {
    Dataset f = write("f.tif", DataType.FLOAT32, trickyValues(DataType.FLOAT32), NODATA);
    Dataset odd = write("odd.tif", DataType.FLOAT32, trickyValues(DataType.FLOAT32), 0.1); // not a float
    try {
      assertThat("no encoder pool: GDAL's GetHistogram",
          HistogramReadBack.applies(f, DataType.FLOAT32, StatsTestSupport.GTIFF_OPTS), is(false));
      assertThat("one encoder thread", HistogramReadBack.applies(f, DataType.FLOAT32,
          List.of("COMPRESS=DEFLATE", "NUM_THREADS=1")), is(false));
      assertThat("integer bands", HistogramReadBack.applies(f, DataType.INT16, THREADED), is(false));
      assertThat("nodata a Float32 band does not hold",
          HistogramReadBack.applies(odd, DataType.FLOAT32, THREADED), is(false));
      assertThat(HistogramReadBack.encoderThreads(List.of("NUM_THREADS=ALL_CPUS")),
          is(Runtime.getRuntime().availableProcessors()));
    } finally {
      f.delete();
      odd.delete();
    }
    OutputSettings hfa = new StatsTestSupport.Settings().driver("HFA", List.of()).build();
    Dataset img = StatsTestSupport.create(new File(tmp, "x.img").getPath(), hfa, DataType.FLOAT32, 1, 10, 10);
    try {
      assertThat("other drivers", HistogramReadBack.applies(img, DataType.FLOAT32, List.of("NUM_THREADS=2")),
          is(false));
    } finally {
      img.delete();
    }
  }

  @Test
  void aFinishedOutputIsTheSameWithOrWithoutTheEncoderPool() throws Exception {
    double[] v = trickyValues(DataType.FLOAT32);
    RasterArray a = RasterArray.create(DataType.FLOAT32, 1, ROWS, COLS);
    for (int i = 0; i < v.length; i++) {
      a.setDoubleAt(i, v[i]);
    }
    // NEAREST: single-pass overviews; AVERAGE: GDAL's overviews built before the histogram is read back
    for (String agg : Arrays.asList(null, "AVERAGE")) {
      String[] paths = new String[2];
      for (int k = 0; k < 2; k++) {
        List<String> opts = k == 0 ? StatsTestSupport.GTIFF_OPTS : THREADED;
        OutputSettings s = new StatsTestSupport.Settings().driver("GTiff", opts).nullValue(NODATA).agg(agg).build();
        paths[k] = new File(tmp, "fin-" + agg + "-" + k + ".tif").getPath();
        Dataset ds = StatsTestSupport.create(paths[k], s, DataType.FLOAT32, 1, ROWS, COLS);
        try {
          OutputStatistics st = new OutputStatistics(ds, paths[k], s, DataType.FLOAT32, new DriverProbeCache(),
              tmp, null);
          StatsTestSupport.writeBlocks(ds, a, 256, st);
          st.finish(ds, null);
          assertThat("read back on the encoder pool", st.histogramsReadBack(), is(k == 1));
        } finally {
          ds.delete();
        }
      }
      Map<String, String> one = StatsTestSupport.metadata(paths[0], 1);
      assertThat(one.get("STATISTICS_HISTOBINVALUES"), notNullValue());
      assertThat("aggregation " + agg, StatsTestSupport.metadata(paths[1], 1), is(one));
      assertThat("aggregation " + agg + ": the same bytes", Arrays.equals(Files.readAllBytes(Path.of(paths[0])),
          Files.readAllBytes(Path.of(paths[1]))), is(true));
      assertThat("aggregation " + agg + ": GDAL's histogram item in the .aux.xml",
          Files.readString(Path.of(paths[1] + ".aux.xml")), is(Files.readString(Path.of(paths[0] + ".aux.xml"))));
    }
  }
}

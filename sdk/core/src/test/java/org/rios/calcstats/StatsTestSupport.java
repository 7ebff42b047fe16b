package org.rios.calcstats;

import java.io.File;
import java.util.List;
import java.util.Map;
import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.Driver;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.gdal.GdalRuntime;
import org.rios.plan.OutputSettings;
import org.rios.progress.Progress;
import org.rios.testutil.StatsAssertions;
import org.rios.timing.Timers;
import org.rios.applier.SinglePassReport;

/**
 * Shared helpers: settings builder, block-wise writing through OutputStatistics. The reference maths live in
 * {@link StatsAssertions} (shared with the applier-level tests); the delegates here keep the short names.
 */
final class StatsTestSupport {
  static final List<String> GTIFF_OPTS = List.of("TILED=YES", "COMPRESS=DEFLATE", "INTERLEAVE=BAND", "BIGTIFF=IF_SAFER");
  static final List<Integer> LEVELS = List.of(4, 8, 16, 32, 64, 128, 256, 512);

  private StatsTestSupport() {}

  /** Mutable builder for the many-fielded OutputSettings record. */
  static final class Settings {
    String driver = "GTiff";
    List<String> options = GTIFF_OPTS;
    Double statsIgnore;
    boolean thematic;
    boolean omitPyramids;
    boolean omitBasicStats;
    boolean omitHistogram;
    List<Integer> levels = LEVELS;
    int minDim = 128;
    String aggType;
    String defaultAggType = org.rios.applier.RiosDefaults.get().overviewAggType();
    Boolean spPyramids;
    Boolean spStats;
    Boolean spHist;
    boolean approx;

    Settings driver(String d, List<String> opts) {
      driver = d;
      options = opts;
      return this;
    }

    Settings nullValue(Double v) {
      statsIgnore = v;
      return this;
    }

    Settings thematic(boolean t) {
      thematic = t;
      return this;
    }

    Settings singlePass(Boolean pyr, Boolean stats, Boolean hist) {
      spPyramids = pyr;
      spStats = stats;
      spHist = hist;
      return this;
    }

    Settings omit(boolean pyr, boolean stats, boolean hist) {
      omitPyramids = pyr;
      omitBasicStats = stats;
      omitHistogram = hist;
      return this;
    }

    Settings agg(String a) {
      aggType = a;
      return this;
    }

    /** RIOS_DFLT_OVERVIEWAGGTYPE as the launcher read it. */
    Settings defaultAgg(String a) {
      defaultAggType = a;
      return this;
    }

    Settings approx(boolean a) {
      approx = a;
      return this;
    }

    OutputSettings build() {
      return new OutputSettings(driver, options, statsIgnore, thematic, null, omitPyramids, omitBasicStats,
          omitHistogram, levels, minDim, aggType, defaultAggType, spPyramids, spStats, spHist, approx, null, null);
    }
  }

  /** What a run produced. */
  record Result(String path, SinglePassReport report, Timers timers) {}

  /** Creates a file as the writer does (LAYER_TYPE, NoData on every band). */
  static Dataset create(String path, OutputSettings s, DataType type, int bands, int rows, int cols) {
    GdalRuntime.ensureLoaded();
    Driver drv = gdal.GetDriverByName(s.driverName());
    Dataset ds = drv.Create(path, cols, rows, bands, type.gdalCode(), s.creationOptions().toArray(new String[0]));
    for (int b = 1; b <= bands; b++) {
      Band band = ds.GetRasterBand(b);
      if (s.thematic()) {
        band.SetMetadataItem("LAYER_TYPE", "thematic");
      }
      if (s.statsIgnore() != null) {
        band.SetNoDataValue(s.statsIgnore());
      }
    }
    return ds;
  }

  /** Writes {@code image} in {@code win x win} blocks through OutputStatistics, finishes and closes. */
  static Result run(File dir, String name, OutputSettings s, RasterArray image, int win, DriverProbeCache probes,
      Progress progress) {
    String ext = "HFA".equals(s.driverName()) ? ".img" : ".tif";
    String path = new File(dir, name + ext).getPath();
    Dataset ds = create(path, s, image.dataType(), image.bands(), image.rows(), image.cols());
    Timers timers = new Timers();
    try {
      OutputStatistics st = new OutputStatistics(ds, path, s, image.dataType(), probes, dir, timers);
      writeBlocks(ds, image, win, st);
      st.finish(ds, progress);
      return new Result(path, st.report(), timers);
    } finally {
      ds.delete();
    }
  }

  static void writeBlocks(Dataset ds, RasterArray image, int win, OutputStatistics st) {
    for (int y = 0; y < image.rows(); y += win) {
      for (int x = 0; x < image.cols(); x += win) {
        int h = Math.min(win, image.rows() - y);
        int w = Math.min(win, image.cols() - x);
        RasterArray block = image.subWindow(y, x, h, w);
        for (int b = 0; b < block.bands(); b++) {
          BandIo.write(ds.GetRasterBand(b + 1), x, y, w, h, block.dataType(), block.band(b).data());
        }
        st.blockWritten(ds, block, x, y);
      }
    }
  }

  /** Offsets {yoff, xoff} of the {@code win x win} blocks of a {@code rows x cols} image, in row-major order. */
  static List<int[]> blockOffsets(int rows, int cols, int win) {
    List<int[]> out = new java.util.ArrayList<>();
    for (int y = 0; y < rows; y += win) {
      for (int x = 0; x < cols; x += win) {
        out.add(new int[] {y, x});
      }
    }
    return out;
  }

  /** {@code blocks} in an order shuffled by {@code seed}. */
  static List<int[]> shuffled(List<int[]> blocks, long seed) {
    List<int[]> out = new java.util.ArrayList<>(blocks);
    java.util.Collections.shuffle(out, new java.util.Random(seed));
    return out;
  }

  static Dataset open(String path) {
    return gdal.Open(path, gdalconstConstants.GA_ReadOnly);
  }

  /** All metadata of band {@code b} (1-based) of a closed file. */
  static Map<String, String> metadata(String path, int b) {
    return StatsAssertions.metadata(path, b);
  }

  /** RIOS's test ramp: floor((row + col) * 100 / (rows - 1 + cols - 1)), 0..100. */
  static int[] ramp(int rows, int cols) {
    int[] v = new int[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        v[r * cols + c] = (r + c) * 100 / (rows - 1 + cols - 1);
      }
    }
    return v;
  }

  /** A 1-band array of {@code type} holding {@code values[i] * scale + offset}, converted like a numpy cast. */
  static RasterArray scaled(int[] values, int rows, int cols, DataType type, double scale, double offset) {
    RasterArray a = RasterArray.create(type, 1, rows, cols);
    for (int i = 0; i < values.length; i++) {
      a.setDoubleAt(i, values[i] * scale + offset);
    }
    return a;
  }

  /** The values of band 0 that are not null, as doubles, compared in the band's precision. */
  static double[] nonNull(RasterArray a, Double nullValue) {
    return StatsAssertions.nonNull(a, nullValue);
  }

  static double mean(double[] v) {
    return StatsAssertions.mean(v);
  }

  /** Population standard deviation, two-pass. */
  static double stddev(double[] v) {
    return StatsAssertions.stddev(v);
  }

  static double min(double[] v) {
    return StatsAssertions.min(v);
  }

  static double max(double[] v) {
    return StatsAssertions.max(v);
  }

  /** numpy.histogram(v, bins=n, range=(lo, hi)) counts, with numpy's edge handling. */
  static long[] numpyHistogram(double[] v, int n, double lo, double hi) {
    return StatsAssertions.numpyHistogram(v, n, lo, hi);
  }

  static long[] parseBins(String s) {
    return StatsAssertions.parseBins(s);
  }

  /** Median (numpy style: mean of the two middle values for even counts). */
  static double median(double[] v) {
    return StatsAssertions.median(v);
  }

  /** Most frequent value (smallest on ties). */
  static double mode(double[] v) {
    return StatsAssertions.mode(v);
  }

  /** Reads band {@code b} (1-based) or one of its overviews ({@code ov} >= 0) as doubles. */
  static double[] readBand(String path, int b, int ov, DataType type) {
    Dataset ds = open(path);
    try {
      Band band = ds.GetRasterBand(b);
      if (ov >= 0) {
        band = band.GetOverview(ov);
      }
      int w = band.getXSize();
      int h = band.getYSize();
      RasterArray a = RasterArray.wrap(type, 1, h, w, BandIo.read(band, 0, 0, w, h, type));
      double[] out = new double[w * h];
      for (int i = 0; i < out.length; i++) {
        out[i] = a.getDoubleAt(i);
      }
      return out;
    } finally {
      ds.delete();
    }
  }

  static int[] overviewSize(String path, int b, int ov) {
    Dataset ds = open(path);
    try {
      Band o = ds.GetRasterBand(b).GetOverview(ov);
      return new int[] {o.getXSize(), o.getYSize()};
    } finally {
      ds.delete();
    }
  }

  static int overviewCount(String path) {
    return StatsAssertions.overviewCount(path);
  }
}

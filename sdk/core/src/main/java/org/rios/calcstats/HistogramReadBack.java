package org.rios.calcstats;

import java.util.List;
import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.array.DataType;
import org.rios.errors.RiosException;
import org.rios.plan.OutputDrivers;

/**
 * The exact histogram of a finished Float32 or Float64 GTiff band, read in whole rows of tiles so that GDAL
 * decodes them on the output's own encoder threads; and the same count in 64 bits, for a GTiff or HFA band of
 * any type with 2<sup>31</sup> - 1 pixels or more, where GDAL's Java binding could clamp a bin of more than
 * 2<sup>31</sup> - 1 pixels ({@link #gdalOrRecounted}).
 *
 * <p>A float band's histogram needs the band's minimum and maximum, so it is taken from the file once every
 * block is written. GDAL's {@code GetHistogram} reads the band one tile at a time, decoding each on the
 * writer's thread: for an 8192² DEFLATE band about a second, the longest part of the writer's work after the
 * last block. A GTiff created with {@code NUM_THREADS} greater than one (the run's {@code ThreadBudget} gives
 * it that when cores are free) has a pool of threads, which GDAL also uses to decode the tiles of a read
 * that covers several of them. So here the band is read through the same handle in strips of whole tile
 * rows, and the values are binned in Java the way
 * {@code GetHistogram(calcMin, calcMax, nbins, includeOutOfRange=true, approx=false)} bins them:
 * <ul>
 * <li>NaN is left out; so is a value equal to the band's nodata by GDAL's {@code ARE_REAL_EQUAL} (equal, or
 *     closer than {@code 2 * FLT_EPSILON * |a + b|}), computed in float for a Float32 band;
 * <li>the bin is {@code floor((v - calcMin) * (nbins / (calcMax - calcMin)))} in double precision; below 0
 *     goes to the first bin, from {@code nbins} up to the last.
 * </ul>
 * {@link #applies} keeps this to where those are GDAL's rules and the pool exists (a GTiff, no mask band other
 * than the nodata one, a finite nodata the band's type holds exactly, {@code NUM_THREADS} above one);
 * anything else uses GDAL's {@code GetHistogram} as before, and so does a range GDAL refuses (maximum not
 * above minimum, or a bin width of zero or not finite), so both paths fail alike there. The band is read
 * only once its blocks are flushed (GDAL 3.6 to 3.8.0 flush dirty blocks inside a multi-threaded read of
 * a file open for update), in windows of at most {@link #STRIP_BYTES}: whole rows of tiles, or, where one
 * row of tiles is larger (a very wide band), runs of whole tiles, or parts of one tile larger still; so it
 * needs a few megabytes whatever the band's width. Reading changes nothing in the file, so the output's
 * bytes are the same either way. The counts are 64-bit, as RIOS's: a bin holding more than 2<sup>31</sup>
 * pixels is counted exactly here, where GDAL's Java binding clamps it to 2<sup>31</sup> - 1.
 *
 * <pre>{@code
 * if (HistogramReadBack.applies(ds, DataType.FLOAT32, settings.creationOptions())) {
 *   long[] counts = HistogramReadBack.histogram(ds, 1, DataType.FLOAT32, params);
 * }
 * }</pre>
 */
final class HistogramReadBack {
  /** Largest strip read at once (a whole number of tile rows, at least one). */
  static final long STRIP_BYTES = 16L << 20;
  private static final float FLT_EPSILON = Math.ulp(1.0f);

  private HistogramReadBack() {}

  /**
   * Whether band histograms of {@code ds} (flushed, created with {@code creationOptions}) are read here.
   */
  static boolean applies(Dataset ds, DataType type, List<String> creationOptions) {
    return type.isFloatingPoint() && "GTiff".equals(ds.GetDriver().getShortName())
        && encoderThreads(creationOptions) >= 2 && binsAsGdal(ds, type);
  }

  /**
   * The histogram counts to write for band {@code band} (1-based) of the flushed {@code ds} in the bins of
   * {@code p}: read back here when {@code readBack} ({@link #applies}), else {@link #gdalOrRecounted}; null
   * (no histogram, the statistics still written) for a range GDAL refuses ({@link HistogramParams#gdalBinnable})
   * or where no path gives exact counts.
   */
  static long[] countsToWrite(Dataset ds, int band, DataType type, HistogramParams p, boolean approx,
      boolean readBack) {
    if (!p.gdalBinnable()) {
      return null; // a constant band beyond 2^53, or values wider apart than the largest double
    }
    return readBack ? histogram(ds, band, type, p) : gdalOrRecounted(ds, band, type, p, approx);
  }

  /**
   * GDAL's histogram of band {@code band} (1-based) of the flushed {@code ds}, or, for a band of 2<sup>31</sup>
   * - 1 pixels or more (where GDAL's Java binding may clamp a count) that this class bins as GDAL does, the
   * same bins counted here in 64 bits, in one pass instead of GDAL's and then this one; null if neither gives
   * exact counts (GDAL's counts came back clamped and the band is not one counted here).
   */
  static long[] gdalOrRecounted(Dataset ds, int band, DataType type, HistogramParams p, boolean approx) {
    return gdalOrRecounted(ds, band, type, p, approx, Integer.MAX_VALUE);
  }

  /** As above, a GDAL count of {@code clampedAt} or more taken as clamped (tests lower it). */
  static long[] gdalOrRecounted(Dataset ds, int band, DataType type, HistogramParams p, boolean approx,
      long clampedAt) {
    Band b = ds.GetRasterBand(band);
    boolean mayClamp = (long) b.getXSize() * b.getYSize() >= clampedAt;   // no bin holds more than every pixel
    if (mayClamp && !approx && binsAsGdal(ds, type)) {
      return histogram(ds, band, type, p);
    }
    return GdalStatistics.histogram(b, p, approx, clampedAt);
  }

  /**
   * Whether this class bins the bands of {@code ds} exactly as GDAL's {@code GetHistogram}: bands of a GTiff
   * or an HFA file (drivers that keep GDAL's own histogram loop), each without a mask other than its nodata,
   * whose nodata (if any) is finite and, for a float band, held exactly by the type. Integer bands are read
   * as Float64, as GDAL turns each value into a double before binning it.
   */
  static boolean binsAsGdal(Dataset ds, DataType type) {
    String driver = ds.GetDriver().getShortName();
    // another driver may have a histogram of its own
    return ("GTiff".equals(driver) || "HFA".equals(driver)) && binsAsGdalsLoop(ds, type);
  }

  /**
   * Whether this class bins the bands of {@code ds} exactly as GDAL's own histogram loop (the one every
   * driver inherits): no mask other than the nodata one, a nodata the type holds exactly, GDAL not told to
   * count the nodata pixels. Where a driver keeps that loop ({@link #binsAsGdal}) the counts are GDAL's; for
   * any driver they are the pixels' own, which GDAL's {@code GetHistogram} does not promise for a file that
   * carries a histogram it computed earlier (it returns that one for the same bins).
   */
  static boolean binsAsGdalsLoop(Dataset ds, DataType type) {
    String nodataCounted = gdal.GetConfigOption("GDAL_NODATA_IN_HISTOGRAM");
    if (nodataCounted != null && !"NO".equalsIgnoreCase(nodataCounted) && !"FALSE".equalsIgnoreCase(nodataCounted)
        && !"OFF".equalsIgnoreCase(nodataCounted) && !"0".equals(nodataCounted)) {
      return false;   // GDAL told to count the nodata pixels
    }
    for (int b = 1; b <= ds.GetRasterCount(); b++) {
      Band band = ds.GetRasterBand(b);
      int flags = band.GetMaskFlags();
      if (flags != gdalconstConstants.GMF_ALL_VALID && flags != gdalconstConstants.GMF_NODATA) {
        return false;
      }
      if ("SIGNEDBYTE".equals(band.GetMetadataItem("PIXELTYPE", "IMAGE_STRUCTURE"))) {
        return false;   // read back as 0..255, while GDAL bins its values signed
      }
      Double[] nd = new Double[1];
      band.GetNoDataValue(nd);
      if (nd[0] != null && !Double.isNaN(nd[0]) && !exactInType(nd[0], type)) {
        return false;
      }
    }
    return true;
  }

  /** GTiff's {@code NUM_THREADS} creation option as a number of threads (1 when absent or unreadable). */
  static int encoderThreads(List<String> creationOptions) {
    return OutputDrivers.numThreads(creationOptions, Runtime.getRuntime().availableProcessors()).orElse(1);
  }


  /**
   * Whether nodata {@code v} is one the band's pixels can equal: for a Float32 band a float, for an integer
   * band a whole number in the type's range (GDAL's Byte loop skips pixels equal to the nodata cast to a byte,
   * its other loops those within ARE_REAL_EQUAL of it: the same pixels only for such a value).
   */
  private static boolean exactInType(double v, DataType type) {
    if (Double.isInfinite(v)) {
      return false;
    }
    if (type.isInteger()) {
      return type.canHold(v);
    }
    return type != DataType.FLOAT32 || (Math.abs(v) < Float.MAX_VALUE && (double) (float) v == v);
  }

  /**
   * The counts of band {@code band} (1-based) of {@code ds} in the bins of {@code p}.
   *
   * @throws RiosException if a strip cannot be read
   */
  static long[] histogram(Dataset ds, int band, DataType type, HistogramParams p) {
    return histogram(ds, band, type, p, STRIP_BYTES);
  }

  /** As above, reading windows of at most {@code stripBytes} bytes (see {@link #window}). */
  static long[] histogram(Dataset ds, int band, DataType type, HistogramParams p, long stripBytes) {
    Band b = ds.GetRasterBand(band);
    if (!p.gdalBinnable()) {
      return GdalStatistics.histogram(b, p, false);   // GDAL refuses this range: fail as it does
    }
    long[] counts = bin(b, type, p, stripBytes);
    keepAsGdalWould(b, p, counts);
    return counts;
  }

  /**
   * GDAL's {@code GetHistogram} also keeps what it computed in the band's auxiliary metadata (the
   * {@code .aux.xml} beside the file, as a histogram item that {@code gdalinfo -hist} shows): so do the same,
   * and the two paths leave the same files. Counts beyond 32 bits are not kept there (GDAL's Java binding
   * takes 32-bit counts).
   */
  private static void keepAsGdalWould(Band band, HistogramParams p, long[] counts) {
    int[] c = new int[counts.length];
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > Integer.MAX_VALUE) {
        return;
      }
      c[i] = (int) counts[i];
    }
    if (band.SetDefaultHistogram(p.calcMin(), p.calcMax(), c) != gdalconstConstants.CE_None) {
      throw new RiosException("GDAL could not keep the histogram of the finished band: " + gdal.GetLastErrorMsg());
    }
  }

  private static long[] bin(Band band, DataType type, HistogramParams p, long stripBytes) {
    int w = band.getXSize();
    int h = band.getYSize();
    boolean f32 = type == DataType.FLOAT32;   // anything else is read as Float64, as GDAL bins it
    int[] win = window(w, h, band.GetBlockXSize(), band.GetBlockYSize(), f32 ? 4 : 8, stripBytes);
    Double[] nd = new Double[1];
    band.GetNoDataValue(nd);
    boolean hasNull = nd[0] != null && !Double.isNaN(nd[0]);
    Bins bins = new Bins(p.calcMin(), p.calcMax(), p.nbins());
    int code = f32 ? gdalconstConstants.GDT_Float32 : gdalconstConstants.GDT_Float64;
    float[] f = f32 ? new float[win[0] * win[1]] : null;
    double[] d = f32 ? null : new double[win[0] * win[1]];
    forEachWindow(w, h, win, (x, y, cols, rows) -> {
      int rc = f != null ? band.ReadRaster(x, y, cols, rows, cols, rows, code, f)
          : band.ReadRaster(x, y, cols, rows, cols, rows, code, d);
      if (rc != gdalconstConstants.CE_None) {
        throw new RiosException("GDAL could not read the window (" + x + ", " + y + ", " + cols + ", " + rows
            + ") of the finished band for its histogram: " + gdal.GetLastErrorMsg());
      }
      int n = cols * rows;
      if (f != null) {
        bins.addFloats(f, n, hasNull, hasNull ? (float) (double) nd[0] : 0f);
      } else {
        bins.addDoubles(d, n, hasNull, hasNull ? nd[0] : 0d);
      }
    });
    return bins.counts;
  }

  /** One window of a band: its top-left pixel and its size. */
  @FunctionalInterface
  interface WindowVisitor {
    void visit(int x, int y, int cols, int rows);
  }

  /**
   * Visits a {@code w} x {@code h} band in windows of {@code win} (from {@link #window}), row by row, the last
   * ones of each row and column cut at the band's edge.
   */
  static void forEachWindow(int w, int h, int[] win, WindowVisitor visitor) {
    for (int y = 0; y < h; y += win[1]) {
      int rows = Math.min(win[1], h - y);
      for (int x = 0; x < w; x += win[0]) {
        visitor.visit(x, y, Math.min(win[0], w - x), rows);
      }
    }
  }

  /**
   * The window (columns, rows) read at once from a {@code w} x {@code h} band of {@code tileW} x {@code tileH}
   * blocks and {@code bytes}-byte pixels, at most {@code maxBytes} (at least one pixel): whole rows of tiles
   * when one fits, else whole tiles side by side in one row of tiles, else part of one tile.
   */
  static int[] window(int w, int h, int tileW, int tileH, int bytes, long maxBytes) {
    int tw = Math.max(1, Math.min(w, tileW));
    int th = Math.max(1, Math.min(h, tileH));
    long tileRowBytes = (long) w * th * bytes;
    if (tileRowBytes <= maxBytes) {
      return new int[] {w, (int) Math.min(h, th * (maxBytes / tileRowBytes))};
    }
    long tileBytes = (long) tw * th * bytes;
    if (tileBytes <= maxBytes) {
      return new int[] {(int) Math.min(w, tw * (maxBytes / tileBytes)), th};
    }
    int cols = (int) Math.max(1, Math.min(tw, maxBytes / bytes));
    return new int[] {cols, (int) Math.max(1, Math.min(th, maxBytes / ((long) cols * bytes)))};
  }

  /** GetHistogram's binning with out-of-range values in the end bins. */
  static final class Bins {
    private final double min;
    private final double scale;
    private final int nbins;
    final long[] counts;

    Bins(double calcMin, double calcMax, int nbins) {
      this.min = calcMin;
      this.scale = nbins / (calcMax - calcMin);
      this.nbins = nbins;
      this.counts = new long[nbins];
    }

    void addFloats(float[] a, int n, boolean hasNull, float nul) {
      for (int i = 0; i < n; i++) {
        float v = a[i];
        if (v != v || (hasNull && (v == nul || Math.abs(v - nul) < FLT_EPSILON * Math.abs(v + nul) * 2))) {
          continue;
        }
        add(v);
      }
    }

    void addDoubles(double[] a, int n, boolean hasNull, double nul) {
      for (int i = 0; i < n; i++) {
        double v = a[i];
        if (v != v || (hasNull && (v == nul || Math.abs(v - nul) < FLT_EPSILON * Math.abs(v + nul) * 2))) {
          continue;
        }
        add(v);
      }
    }

    private void add(double v) {
      double idx = Math.floor((v - min) * scale);
      if (idx < 0) {
        counts[0]++;
      } else if (idx >= nbins) {
        counts[nbins - 1]++;
      } else {
        counts[(int) idx]++;
      }
    }
  }
}

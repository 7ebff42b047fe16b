package org.rios.examples.bench;

import java.util.Locale;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.gdal.GdalRuntime;
import org.rios.gdal.RasterIO;

/**
 * The cost of moving pixels through the library's one GDAL path ({@link RasterIO}), without the rest of the
 * engine: reads every 256 x 256 window of all bands of a raster (UInt16), then writes them into an
 * uncompressed tiled GTiff of the same shape, timing each phase. scripts/jni-parity.py makes the same
 * requests through GDAL's Python bindings (a thin layer over the C API), so the two times side by side say
 * what the Java bindings add.
 *
 * <pre>
 * java -cp ... org.rios.examples.bench.JniParityBenchmark in.tif out.tif
 * </pre>
 */
public final class JniParityBenchmark {
  private static final int WINDOW = 256;

  private JniParityBenchmark() {}

  public static void main(String[] args) {
    GdalRuntime.ensureLoaded();
    gdal.SetCacheMax(64 << 20);
    Dataset in = gdal.Open(args[0], gdalconstConstants.GA_ReadOnly);
    int w = in.getRasterXSize();
    int h = in.getRasterYSize();
    int nb = in.getRasterCount();
    int[] bands = new int[nb];
    for (int b = 0; b < nb; b++) {
      bands[b] = b + 1;
    }
    Dataset out = gdal.GetDriverByName("GTiff").Create(args[1], w, h, nb, gdalconstConstants.GDT_UInt16,
        new String[] {"TILED=YES", "INTERLEAVE=BAND"});
    long checksum = 0;
    double read = 0;
    double write = 0;
    for (int y = 0; y < h; y += WINDOW) {
      for (int x = 0; x < w; x += WINDOW) {
        int xs = Math.min(WINDOW, w - x);
        int ys = Math.min(WINDOW, h - y);
        RasterArray a = RasterArray.create(DataType.UINT16, nb, ys, xs);
        long t0 = System.nanoTime();
        RasterIO.read(in, x, y, xs, ys, bands, a);
        long t1 = System.nanoTime();
        RasterIO.write(out, x, y, a);
        long t2 = System.nanoTime();
        read += (t1 - t0) / 1e9;
        write += (t2 - t1) / 1e9;
        checksum += a.shorts()[0];
      }
    }
    long t3 = System.nanoTime();
    out.FlushCache();
    out.delete();
    in.delete();
    write += (System.nanoTime() - t3) / 1e9;
    System.out.printf(Locale.ROOT, "RESULT lang=java read=%.3f write=%.3f checksum=%d%n", read, write, checksum);
  }
}

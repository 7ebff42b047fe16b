package org.rios.calcstats;

import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.rios.array.RasterArray;
import org.rios.gdal.RasterIO;

/**
 * The histogram of a finished integer band counted again from the file, in the bins of RIOS's single-pass
 * histogram ({@link HistogramBinning.KeyBins}), for a band whose exact per-value counts were given up after
 * {@value ExactHistogram#MAX_DISTINCT} distinct values (an ID or segment raster of 32- or 64-bit integers).
 *
 * <p>The band is read in its own type, so 64-bit values stay exact, in windows of whole rows of tiles of at
 * most {@link HistogramReadBack#STRIP_BYTES} (GDAL decodes the tiles of such a window on the output's encoder
 * threads when it has some), and each pixel goes through the same {@link OrderedKeys} as the single-pass
 * accumulator, so the same null pixels are left out. The counts are those the single-pass histogram would
 * have given, in the memory of one window and the bins.
 *
 * <pre>{@code
 * long[] counts = IntegerHistogramReadBack.counts(ds, 1, accumulator.keys(), params);
 * }</pre>
 */
final class IntegerHistogramReadBack {
  private IntegerHistogramReadBack() {}

  /**
   * The counts of band {@code band} (1-based) of the flushed {@code ds} in the bins of {@code p}, whose
   * limits hold every non-null value of the band.
   *
   * @throws org.rios.errors.FileOpenException if a window cannot be read
   */
  static long[] counts(Dataset ds, int band, OrderedKeys keys, HistogramParams p) {
    return counts(ds, band, keys, p, HistogramReadBack.STRIP_BYTES);
  }

  /** As above, reading windows of at most {@code stripBytes} bytes. */
  static long[] counts(Dataset ds, int band, OrderedKeys keys, HistogramParams p, long stripBytes) {
    Band b = ds.GetRasterBand(band);
    int w = b.getXSize();
    int h = b.getYSize();
    int[] win = HistogramReadBack.window(w, h, b.GetBlockXSize(), b.GetBlockYSize(), keys.type().byteSize(),
        stripBytes);
    HistogramBinning.KeyBins bins = new HistogramBinning.KeyBins(p, keys);
    long[] buf = new long[win[0] * win[1]];
    RasterArray[] window = new RasterArray[1];   // reused while the windows keep their size
    int[] bands = {band};
    HistogramReadBack.forEachWindow(w, h, win, (x, y, cols, rows) -> {
      if (window[0] == null || window[0].rows() != rows || window[0].cols() != cols) {
        window[0] = RasterArray.create(keys.type(), 1, rows, cols);
      }
      RasterIO.read(ds, x, y, cols, rows, bands, window[0]);
      bins.addEach(buf, keys.extract(window[0], 0, buf));
    });
    return bins.counts();
  }
}

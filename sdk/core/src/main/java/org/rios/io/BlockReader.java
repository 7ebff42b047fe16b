package org.rios.io;

import java.io.File;
import java.util.HashMap;
import java.util.Map;
import org.gdal.gdal.Dataset;
import org.rios.array.RasterArray;
import org.rios.grid.PixelGrid;
import org.rios.plan.BlockDefn;
import org.rios.plan.InputSpec;
import org.rios.plan.WorkingPlan;
import org.rios.gdal.RasterIO;
import org.rios.gdal.VirtualPaths;
import org.rios.gdal.GdalCacheBudget;
import org.rios.gdal.NativeHeapTrimmer;
import org.rios.gdal.GdalConfig;
import org.rios.errors.FileOpenException;
import org.rios.plan.RasterFileInfo;
import org.rios.gdal.GdalRuntime;

/**
 * Reads one block of one input onto the working grid. The only code (with {@link BlockWriter}) that touches
 * GDAL pixels for the applier.
 *
 * <p>GDAL datasets are not thread-safe: a BlockReader owns its handles and must be used by one thread at a
 * time. Each input file is opened (and, if needed, wrapped in a warped VRT) once per reader, on first use,
 * and stays open until {@link #close()}.
 *
 * <p>The block array is pre-filled with the input's fill value; only the part of the window that lies
 * inside the file is read and pasted in. That gives null fill for overlap margins beyond the file edge and
 * for UNION / reference-bounds areas outside the file, without a VRT for the common aligned case.
 *
 * <p>A vector input is first rasterized, on first read, through a {@link RasterizationCache} shared by all
 * readers of the run in this process (so once per process), and the resulting GeoTIFF is then read, or
 * warped, exactly like a raster input. The cache is either the driver's, passed in and closed by the driver
 * when the run ends, or the process-wide one for the plan's temp directory, released by {@link #close()}.
 *
 * <pre>{@code
 * try (RasterizationCache vectors = new RasterizationCache(tempDir);
 *     BlockReader reader = new BlockReader(plan, vectors)) {
 *   RasterArray a = reader.read(plan.inputs().get(0), plan.blocks().get(0));
 * }
 * }</pre>
 */
public final class BlockReader implements AutoCloseable {
  private final WorkingPlan plan;
  private final Map<InputSpec, Dataset> open = new HashMap<>();
  private final Map<InputSpec, Dataset> sources = new HashMap<>();
  private RasterizationCache vectors;
  private final boolean sharedVectors;

  /**
   * A reader that shares the process-wide rasterization cache for the plan's temp directory with every other
   * reader made this way, and releases it on {@link #close()} (the last reader out deletes the files). A
   * driver that owns the run's lifecycle can instead pass its own cache to
   * {@link #BlockReader(WorkingPlan, RasterizationCache)}.
   */
  public BlockReader(WorkingPlan plan) {
    this(plan, null);
  }

  /**
   * A reader that takes rasterized vectors from {@code vectors}, which the caller shares between readers
   * and closes after them; null means the shared cache, as {@link #BlockReader(WorkingPlan)}.
   */
  public BlockReader(WorkingPlan plan, RasterizationCache vectors) {
    GdalRuntime.ensureLoaded();
    GdalCacheBudget.ensure(plan.gdalCacheBytes());
    this.plan = plan;
    this.vectors = vectors;
    this.sharedVectors = vectors == null;
  }

  /** The block array of {@code input} for {@code block}: shape (selected bands, nrows + 2m, ncols + 2m). */
  public RasterArray read(InputSpec input, BlockDefn block) {
    try (GdalConfig.Scope s = plan.gdalConfig().applyToThisThread()) {
      return readInScope(input, block);
    } finally {
      NativeHeapTrimmer.blockDone();
    }
  }

  private RasterArray readInScope(InputSpec input, BlockDefn block) {
    int m = plan.overlap();
    int rows = block.nrows() + 2 * m;
    int cols = block.ncols() + 2 * m;
    int nb = input.bands().length;
    RasterArray arr = RasterArray.create(input.dataType(), nb, rows, cols);
    for (int b = 0; b < nb; b++) {
      double fill = input.fillValues()[b];
      if (input.dataType().is64BitInteger()) {
        // the file's null as GDAL gives it (a double: INT64_MAX as 2^63) is taken to the nearest value
        long bits = input.dataType().nearest64(fill);
        java.util.Arrays.fill(arr.longs(), b * arr.bandSize(), (b + 1) * arr.bandSize(), bits);
      } else if (fill != 0) {
        arr.fillBand(b, fill);
      }
    }
    // Window in the (possibly warped) file's pixel coordinates, then clipped to the file.
    int fileRow0 = block.top() - m - input.yOffset();
    int fileCol0 = block.left() - m - input.xOffset();
    int r0 = Math.max(0, fileRow0);
    int c0 = Math.max(0, fileCol0);
    int r1 = Math.min(input.fileRows(), fileRow0 + rows);
    int c1 = Math.min(input.fileCols(), fileCol0 + cols);
    if (r1 <= r0 || c1 <= c0) {
      return arr;
    }
    Dataset ds = dataset(input);
    if (r0 == fileRow0 && c0 == fileCol0 && r1 - r0 == rows && c1 - c0 == cols) {
      readWindow(ds, input, c0, r0, arr);
    } else {
      RasterArray part = RasterArray.create(input.dataType(), nb, r1 - r0, c1 - c0);
      readWindow(ds, input, c0, r0, part);
      arr.paste(part, r0 - fileRow0, c0 - fileCol0);
    }
    return arr;
  }

  /**
   * Reads the window of {@code into}'s shape at (c0, r0) of the input's selected bands. Over the network
   * (object stores, {@code /vsicurl/}) several bands are read one at a time, last band first: GDAL 3.6's HTTP
   * reader takes a read that starts where its last download ended for a sequential scan and doubles its
   * read-ahead, so reading the tiles of bands 3 and 4 of a block (stored one after the other when the file
   * was written block by block) in band order made it fetch the neighbouring tiles of the bands not asked
   * for too (1.75 bytes fetched per byte needed for NDVI over {@code /vsicurl/}, 1.09 in reverse order).
   */
  private void readWindow(Dataset ds, InputSpec input, int c0, int r0, RasterArray into) {
    int[] bands = input.bands();
    try {
      if (bands.length < 2 || input.warp() != null || input.isVector()
          || !VirtualPaths.isNetwork(input.filename())) {
        RasterIO.read(ds, c0, r0, into.cols(), into.rows(), bands, into);
        return;
      }
      RasterArray one = RasterArray.create(into.dataType(), 1, into.rows(), into.cols());
      for (int b = bands.length - 1; b >= 0; b--) {
        RasterIO.read(ds, c0, r0, into.cols(), into.rows(), new int[] {bands[b]}, one);
        into.setBand(b, one);
      }
    } catch (FileOpenException e) {
      // GDAL names its own path (/vsis3/..., a link); the user knows the input by its name and file
      throw new FileOpenException("Input '" + input.label() + "' (" + VirtualPaths.forMessage(input.filename()) + "): "
          + VirtualPaths.forMessage(e.getMessage()), e);
    }
  }

  private Dataset dataset(InputSpec input) {
    Dataset ds = open.get(input);
    if (ds == null) {
      Dataset src = openDecoding(input.isVector() ? vectors().rasterFor(input.vector()) : input.filename(),
          input.bands());
      if (input.warp() != null) {
        PixelGrid grid = plan.grid();
        try {
          ds = InputWarper.warp(src, input.filename(), input.warp(), grid);
        } catch (RuntimeException e) {
          src.delete();
          throw e;
        }
        sources.put(input, src);
      } else {
        ds = src;
      }
      open.put(input, ds);
    }
    return ds;
  }

  /**
   * Opens {@code filename} with GDAL decoding its tiles on the plan's GDAL threads (GTiff reads
   * GDAL_NUM_THREADS when it opens a file; set for this thread only, over whatever the run's options or the
   * environment say), or on this thread alone when the bands read make GDAL's multi-threaded decoding unsafe
   * ({@link #multiThreadedDecodingIsSafe}).
   */
  private Dataset openDecoding(String filename, int[] bands) {
    int threads = multiThreadedDecodingIsSafe(bands) ? plan.gdalThreads() : 1;
    try (GdalConfig.Scope s = GdalConfig.empty().with("GDAL_NUM_THREADS", String.valueOf(threads))
        .applyToThisThread()) {
      return RasterFileInfo.openRaster(filename);
    }
  }

  /**
   * GDAL 3.6's multi-threaded GTiff decoding corrupts memory (a native crash, or a heap error in GDAL) when
   * a read asks for several bands that are not bands 1..k in order, e.g. bands 3 and 4 of a 4-band file for
   * NDVI; one band, or a leading run of bands, is safe. Such inputs are decoded on their reader's thread.
   */
  static boolean multiThreadedDecodingIsSafe(int[] bands) {
    for (int i = 0; bands != null && bands.length > 1 && i < bands.length; i++) {
      if (bands[i] != i + 1) {
        return false;
      }
    }
    return true;
  }

  private RasterizationCache vectors() {
    if (vectors == null) {
      // Acquired on first use so raster-only readers never touch the shared cache.
      vectors = RasterizationCache.acquireShared(plan.tempDir() == null ? null : new File(plan.tempDir()));
    }
    return vectors;
  }

  /** Number of datasets this reader holds open (for tests of the once-per-file-and-thread rule). */
  public int openDatasetCount() {
    return open.size();
  }

  @Override
  public void close() {
    open.values().forEach(Dataset::delete);
    sources.values().forEach(Dataset::delete);
    open.clear();
    sources.clear();
    if (sharedVectors && vectors != null) {
      vectors.release();
      vectors = null;
    }
  }
}

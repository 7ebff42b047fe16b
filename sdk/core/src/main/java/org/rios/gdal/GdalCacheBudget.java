package org.rios.gdal;

import org.gdal.gdal.gdal;

/**
 * GDAL's block cache for a run: big enough for what the run re-reads (two block rows of every file: strips
 * and tiles a block row shares, partly written output tiles), and no bigger. GDAL's default, 5 % of the RAM,
 * fills with decoded tiles that a block-by-block run reads once: fresh memory the kernel must fault in and
 * GDAL must allocate, for nothing (NDVI of 8192^2: 8.8 s and 1.27 GB peak RSS with GDAL's default against
 * 7.7 s and 0.63 GB with 64 MB, same machine and run).
 *
 * <p>The cache is GDAL's, one per process: a run only ever raises what an earlier run of this JVM set (that
 * run may still be going), never above GDAL's own default; and a user who sets {@code GDAL_CACHEMAX} (in the
 * environment, or GDAL's process-wide configuration) keeps exactly that.
 */
public final class GdalCacheBudget {
  /** The least this library sets: room for the tiles in flight of a few files. */
  public static final long FLOOR_BYTES = 64L << 20;
  /** {@link #current()} after a run kept GDAL's own default, which the 3.6 binding cannot read or set. */
  static final long KEEP_DEFAULT = Long.MAX_VALUE;
  private static long gdalDefault = -1;
  private static long set = -1;

  private GdalCacheBudget() {}

  /**
   * The cache a run needs: two block rows (window height plus the overlap margins) of every input, at the
   * input's full width, every band, and of every output as 8 bytes per pixel; at least {@link #FLOOR_BYTES}.
   *
   * @param inputRowBytes per input, the bytes of one row of pixels of all its bands
   * @param outputs number of outputs
   * @param outputCols working-grid columns
   */
  public static long needed(long[] inputRowBytes, int outputs, int outputCols, int windowYsize, int overlap) {
    long rows = 2L * (windowYsize + 2L * overlap);
    long bytes = 0;
    for (long r : inputRowBytes) {
      bytes += r * rows;
    }
    bytes += (long) outputs * outputCols * 8L * rows;
    return Math.max(FLOOR_BYTES, bytes);
  }

  /** Sets GDAL's cache for a run that needs {@code bytes} (0: leave it), as the class comment says. */
  public static synchronized void ensure(long bytes) {
    if (bytes <= 0) {
      return;
    }
    GdalRuntime.ensureLoaded();
    if (userSetsIt()) {
      return;
    }
    if (gdalDefault < 0) {
      gdalDefault = gdal.GetCacheMax();
    }
    long want = target(bytes, set, gdalDefault);
    if (want != set && want != KEEP_DEFAULT) {
      gdal.SetCacheMax((int) want);
    }
    set = want;
  }

  /**
   * The cache to set for a run needing {@code bytes} after this JVM set {@code set} (-1: none), with GDAL's
   * default {@code gdalDefault} as the binding reports it; {@code set} itself means leave it. GDAL 3.6's Java
   * binding reads and sets the cache in 32 bits, clamping a default of 2 GiB or more (5 % of more than 43 GB
   * of RAM) to 2<sup>31</sup> - 1: a run that needs that much keeps GDAL's default, if nothing was set before,
   * rather than a smaller cap ({@link #KEEP_DEFAULT}), and every later run of this JVM leaves it so.
   */
  static long target(long bytes, long set, long gdalDefault) {
    if (set == KEEP_DEFAULT) {
      return set;   // an earlier run (maybe still going) kept GDAL's default: never lower it under that run
    }
    if (set < 0 && gdalDefault >= Integer.MAX_VALUE && bytes >= Integer.MAX_VALUE) {
      return KEEP_DEFAULT;
    }
    return Math.min(Math.min(Math.max(bytes, set), gdalDefault), Integer.MAX_VALUE);
  }

  /** GDAL's own default cache size (read before this class first set it), or -1 if not read yet. */
  static synchronized long gdalDefault() {
    return gdalDefault;
  }

  /** The cache size this library set, or -1 (GDAL's own). */
  public static synchronized long current() {
    return set == KEEP_DEFAULT ? -1 : set;
  }

  private static boolean userSetsIt() {
    return System.getenv("GDAL_CACHEMAX") != null || gdal.GetConfigOption("GDAL_CACHEMAX") != null;
  }
}

package org.rios.calcstats;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.Driver;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.gdal.GdalRuntime;

/**
 * Remembers, for one run, whether each output driver (with its creation options) lets overview pixels be
 * written directly, which single-pass pyramids need. Each driver and option list is probed once: a 64x64
 * Byte file is created in the temp directory with one 2x overview, base and overview are filled with 20, the
 * file is closed and reopened, and the driver passes if the overview still reads back as all 20. Any error
 * means "not supported". Thread-safe; share one instance between all outputs of a run.
 *
 * <pre>{@code
 * DriverProbeCache probes = new DriverProbeCache();
 * boolean ok = probes.supportsDirectOverviews("GTiff", List.of("TILED=YES"), tempDir);
 * }</pre>
 */
public final class DriverProbeCache {
  private static final int SIZE = 64;
  private static final byte FILL = 20;

  private final Map<String, Boolean> results = new ConcurrentHashMap<>();

  public DriverProbeCache() {}

  /**
   * Whether {@code driverName} with {@code creationOptions} supports directly written overviews, probing
   * (in {@code tempDir}, or the JVM temp directory if null) the first time this pair is asked about.
   */
  public boolean supportsDirectOverviews(String driverName, List<String> creationOptions, File tempDir) {
    List<String> opts = creationOptions == null ? List.of() : List.copyOf(creationOptions);
    String key = driverName + "\u0000" + String.join("\u0000", opts);
    return results.computeIfAbsent(key, k -> probe(driverName, opts, tempDir));
  }

  /** The result of an earlier probe, or null if this driver and option list were not probed yet. */
  public Boolean cachedResult(String driverName, List<String> creationOptions) {
    List<String> opts = creationOptions == null ? List.of() : creationOptions;
    return results.get(driverName + "\u0000" + String.join("\u0000", opts));
  }

  private static boolean probe(String driverName, List<String> opts, File tempDir) {
    GdalRuntime.ensureLoaded();
    Driver drv = gdal.GetDriverByName(driverName);
    if (drv == null) {
      return false;
    }
    String ext = drv.GetMetadataItem("DMD_EXTENSION");
    File dir = tempDir != null ? tempDir : new File(System.getProperty("java.io.tmpdir"));
    String path = org.rios.gdal.GdalPaths.forGdal(new File(dir, "pyrcheck_" + (tempDir != null ? org.rios.lifecycle.UniqueNames.token()
        : org.rios.lifecycle.UniqueNames.unguessable())
        + (ext == null || ext.isEmpty() ? "" : "." + ext)).getPath());
    // A failing probe is an expected outcome, so keep GDAL's own error printing quiet while it runs.
    gdal.PushErrorHandler("CPLQuietErrorHandler");
    try {
      return writeAndCheck(drv, path, opts);
    } catch (RuntimeException e) {
      return false;
    } finally {
      try {
        drv.Delete(path);
      } catch (RuntimeException ignored) {
        // nothing to clean up through the driver
      }
      new File(path).delete();
      gdal.PopErrorHandler();
    }
  }

  private static boolean writeAndCheck(Driver drv, String path, List<String> opts) {
    Dataset ds = drv.Create(path, SIZE, SIZE, 1, gdalconstConstants.GDT_Byte, opts.toArray(new String[0]));
    if (ds == null) {
      return false;
    }
    try {
      if (ds.BuildOverviews("NEAREST", new int[] {2}) != 0) {
        return false;
      }
      Band band = ds.GetRasterBand(1);
      byte[] full = new byte[SIZE * SIZE];
      Arrays.fill(full, FILL);
      if (band.WriteRaster(0, 0, SIZE, SIZE, full) != 0) {
        return false;
      }
      Band ov = band.GetOverview(0);
      if (ov == null) {
        return false;
      }
      int half = SIZE / 2;
      byte[] sub = new byte[half * half];
      Arrays.fill(sub, FILL);
      if (ov.WriteRaster(0, 0, half, half, sub) != 0) {
        return false;
      }
      ds.FlushCache();
    } finally {
      ds.delete();
    }
    Dataset back = gdal.Open(path, gdalconstConstants.GA_ReadOnly);
    if (back == null) {
      return false;
    }
    try {
      Band ov = back.GetRasterBand(1).GetOverview(0);
      if (ov == null || ov.getXSize() != SIZE / 2 || ov.getYSize() != SIZE / 2) {
        return false;
      }
      byte[] got = new byte[(SIZE / 2) * (SIZE / 2)];
      if (ov.ReadRaster(0, 0, SIZE / 2, SIZE / 2, got) != 0) {
        return false;
      }
      for (byte v : got) {
        if (v != FILL) {
          return false;
        }
      }
      return true;
    } finally {
      back.delete();
    }
  }
}

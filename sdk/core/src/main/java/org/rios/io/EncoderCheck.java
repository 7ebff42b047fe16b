package org.rios.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.Driver;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.ImageOpenException;
import org.rios.gdal.GdalRuntime;
import org.rios.gdal.RasterIO;
import org.rios.plan.OutputDrivers;

/**
 * Checks, before an output is created, that GTiff (or the COG driver) can compress its blocks with the
 * output's creation options. GDAL 3.6 compresses GTiff tiles on its worker threads when {@code NUM_THREADS} is set (the
 * library sets it when the run's thread budget gives GDAL threads), and a codec that refuses the data there
 * (JPEG or WEBP on 16-bit pixels, WEBP on more than 4 bands, ...) reports it on that worker thread only: the
 * writer sees no error and the file is finished with empty tiles. So one tile of the same type, band count
 * and options (without {@code NUM_THREADS}, so any error is this thread's) is written to an in-memory file
 * first; the answer is kept per combination for the life of the process.
 */
final class EncoderCheck {
  private static final Map<String, Optional<String>> CHECKED = new ConcurrentHashMap<>();

  private EncoderCheck() {}

  /**
   * @throws ImageOpenException naming the output, its file and GDAL's reason when GTiff cannot compress one
   *     tile of {@code type} x {@code bands} with {@code options}
   */
  static void check(String driverName, List<String> options, DataType type, int bands, String label,
      String filename) {
    boolean cog = CogOutput.DRIVER.equalsIgnoreCase(driverName);
    if (!OutputDrivers.encodesOnGdalThreads(driverName, options)) {
      return;
    }
    String key = driverName + "|" + options + "|" + type + "|" + bands;
    Optional<String> failure = CHECKED.computeIfAbsent(key, k -> probe(cog, options, type, bands));
    if (failure.isPresent()) {
      throw new ImageOpenException("Output '" + label + "' (" + filename + ") cannot be written as " + type
          + " with " + bands + " band(s) and creation options " + options + ": " + failure.get());
    }
  }

  /**
   * Writes one tile synchronously into /vsimem/ (a COG: copies a one-tile in-memory raster with the COG
   * driver, the way the finished output is converted); empty if GDAL took it, else GDAL's message.
   */
  private static Optional<String> probe(boolean cog, List<String> options, DataType type, int bands) {
    GdalRuntime.ensureLoaded();
    List<String> opts = OutputDrivers.withoutOption(options, "NUM_THREADS");
    int size = cog ? blockSize(options, "BLOCKSIZE")
        : Math.max(blockSize(options, "BLOCKXSIZE"), blockSize(options, "BLOCKYSIZE"));
    String name = "/vsimem/rios_encoder_check_" + org.rios.lifecycle.UniqueNames.token() + ".tif";
    gdal.ErrorReset();
    Dataset ds = null;
    Dataset mem = null;
    try {
      if (cog) {
        opts.add("OVERVIEWS=NONE");
        mem = gdal.GetDriverByName("MEM").Create("", size, size, bands, GdalRuntime.gdalTypeCode(type));
        ds = gdal.GetDriverByName(CogOutput.DRIVER).CreateCopy(name, mem, opts.toArray(new String[0]));
      } else {
        ds = gdal.GetDriverByName("GTiff").Create(name, size, size, bands, GdalRuntime.gdalTypeCode(type),
            opts.toArray(new String[0]));
      }
      if (ds == null) {
        return Optional.of(gdal.GetLastErrorMsg());
      }
      if (!cog) {
        RasterIO.write(ds, 0, 0, RasterArray.create(type, bands, size, size));
      }
      ds.FlushCache();
      if (gdal.GetLastErrorType() >= gdalconstConstants.CE_Failure) {
        return Optional.of(gdal.GetLastErrorMsg());
      }
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of(e.getMessage() != null ? e.getMessage() : gdal.GetLastErrorMsg());
    } finally {
      if (ds != null) {
        ds.delete();
      }
      if (mem != null) {
        mem.delete();
      }
      gdal.Unlink(name);
      gdal.ErrorReset();
    }
  }

  /** The tile edge the options ask for, else GTiff's default tile (256). */
  private static int blockSize(List<String> options, String name) {
    String v = OutputDrivers.optionValue(options, name);
    try {
      return v == null ? 256 : Math.max(1, Math.min(4096, Integer.parseInt(v)));
    } catch (NumberFormatException e) {
      return 256; // validated elsewhere
    }
  }
}

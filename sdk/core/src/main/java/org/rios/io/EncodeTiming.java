package org.rios.io;

import java.util.List;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.Driver;
import org.gdal.gdal.gdal;
import org.rios.array.RasterArray;
import org.rios.gdal.GdalRuntime;
import org.rios.plan.OutputDrivers;
import org.rios.plan.OutputSettings;
import org.rios.plan.OutputSpec;

/**
 * How long GDAL takes to encode one block of an output on one thread: the block written with the output's
 * driver and creation options (a COG's as its staging GTiff's) into a file in GDAL's memory, flushed and
 * deleted. For {@code ConcurrencyStyle.auto()}, which weighs writing against reading and computing.
 */
public final class EncodeTiming {
  private EncodeTiming() {}

  /**
   * Milliseconds to encode {@code block} as output {@code spec}, or NaN if its driver cannot write into
   * memory (the time is then unknown).
   */
  public static double millis(OutputSpec spec, RasterArray block) {
    GdalRuntime.ensureLoaded();
    OutputSettings s = CogOutput.DRIVER.equalsIgnoreCase(spec.settings().driverName())
        ? CogOutput.stagingSettings(spec.settings()) : spec.settings();
    List<String> opts = OutputDrivers.withoutOption(s.creationOptions(), "NUM_THREADS");
    String name = "/vsimem/rios_encode_timing_" + org.rios.lifecycle.UniqueNames.token() + "/block";
    Driver driver = gdal.GetDriverByName(s.driverName());
    if (driver == null) {
      return Double.NaN;
    }
    long t0 = System.nanoTime();
    Dataset ds = null;
    try {
      ds = driver.Create(name, block.cols(), block.rows(), block.bands(), GdalRuntime.gdalTypeCode(block.dataType()),
          opts.toArray(new String[0]));
      if (ds == null) {
        return Double.NaN;
      }
      org.rios.gdal.RasterIO.write(ds, 0, 0, block);
      ds.FlushCache();
      ds.delete();
      ds = null;
      return (System.nanoTime() - t0) / 1e6;
    } catch (RuntimeException e) {
      return Double.NaN; // a driver that cannot write into memory, or a type it refuses: the run itself will say
    } finally {
      if (ds != null) {
        ds.delete();
      }
      try {
        driver.Delete(name);
      } catch (RuntimeException e) {
        // nothing was made
      }
      gdal.ErrorReset();
    }
  }
}

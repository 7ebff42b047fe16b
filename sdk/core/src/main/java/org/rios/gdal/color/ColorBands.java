package org.rios.gdal.color;

import org.rios.gdal.VirtualPaths;
import org.rios.gdal.GdalPaths;
import java.io.File;
import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.errors.FileOpenException;
import org.rios.errors.GdalLayerNumberException;
import org.rios.gdal.GdalRuntime;
import org.rios.plan.RasterFileInfo;

/** Opening files and picking bands for the colour table functions that accept a file name or a dataset. */
final class ColorBands {
  private ColorBands() {}

  /** Opens {@code filename} read-only. @throws FileOpenException naming the file */
  static Dataset openReadOnly(String filename) {
    return RasterFileInfo.openRaster(filename);
  }

  /** Opens {@code filename} for update. @throws FileOpenException naming the file */
  static Dataset openForUpdate(String filename) {
    GdalRuntime.ensureLoaded();
    if (filename == null) {
      throw new FileOpenException("No file name given");
    }
    boolean looksLocal = VirtualPaths.isPlainLocalPath(filename);
    if (looksLocal && !new File(filename).exists()) {
      throw new FileOpenException("Unable to open " + filename + ": file does not exist");
    }
    Dataset ds;
    try {
      ds = gdal.Open(GdalPaths.forGdal(filename), gdalconstConstants.GA_Update);
    } catch (RuntimeException e) {
      throw new FileOpenException("Unable to open " + filename + " for update: " + e.getMessage(), e);
    }
    if (ds == null) {
      throw new FileOpenException("Unable to open " + filename + " for update: " + gdal.GetLastErrorMsg());
    }
    return ds;
  }

  /**
   * Band {@code bandNumber} (1-based) of {@code ds}.
   *
   * @throws GdalLayerNumberException if the dataset has no such band
   */
  static Band band(Dataset ds, int bandNumber) {
    GdalRuntime.ensureLoaded();
    int count = ds.GetRasterCount();
    if (bandNumber < 1 || bandNumber > count) {
      throw new GdalLayerNumberException("Band " + bandNumber + " does not exist in " + describe(ds)
          + " (it has " + count + " band" + (count == 1 ? "" : "s") + ")");
    }
    return ds.GetRasterBand(bandNumber);
  }

  /** The dataset's file name, for messages. */
  static String describe(Dataset ds) {
    String d = ds.GetDescription();
    return d == null || d.isEmpty() ? "the dataset" : d;
  }
}

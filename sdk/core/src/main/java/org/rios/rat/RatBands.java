package org.rios.rat;

import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.RasterAttributeTable;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.errors.FileOpenException;
import org.rios.errors.GdalLayerNumberException;
import org.rios.errors.OutputWriteException;
import org.rios.gdal.OpenFailures;
import org.rios.plan.RasterFileInfo;

/**
 * Opening files and bands for raster attribute table work, with the library's typed errors, shared by
 * {@link Rat} and the RAT applier.
 *
 * <pre>{@code
 * Dataset ds = RatBands.open("classes.img", true);
 * try {
 *   Band b = RatBands.band(ds, 1, "classes.img");
 * } finally {
 *   RatBands.close(ds);
 * }
 * }</pre>
 */
public final class RatBands {
  private RatBands() {}

  /**
   * Opens a raster file, in update mode or read-only.
   *
   * @throws FileOpenException naming the file if GDAL cannot open it
   */
  public static Dataset open(String filename, boolean update) {
    if (update) {
      return RasterFileInfo.openRasterForUpdate(filename);
    }
    // the flags of gdal.Open(filename, GA_ReadOnly)
    return OpenFailures.open(filename, gdalconstConstants.OF_RASTER | gdalconstConstants.OF_READONLY
        | gdalconstConstants.OF_VERBOSE_ERROR, "");
  }

  /**
   * Band {@code bandNumber} (1-based) of {@code ds}.
   *
   * @throws GdalLayerNumberException naming the file if there is no such band
   */
  public static Band band(Dataset ds, int bandNumber, String filename) {
    int count = ds.getRasterCount();
    if (bandNumber < 1 || bandNumber > count) {
      throw new GdalLayerNumberException("Layer " + bandNumber + " does not exist in " + filename + ", which has "
          + count + " layer" + (count == 1 ? "" : "s") + " (layers are numbered from 1)");
    }
    return ds.GetRasterBand(bandNumber);
  }

  /** Flushes and releases a dataset; null is ignored. */
  public static void close(Dataset ds) {
    if (ds != null) {
      ds.FlushCache();
      ds.delete();
    }
  }

  /**
   * After the file has been closed: checks that band {@code bandNumber}'s table reads back with {@code rows}
   * rows and at least {@code columns} columns. GDAL keeps the table of some formats (GTiff) in an .aux.xml
   * beside the file, and a failure to write that (a directory that is not writable) is only a warning: the
   * table would be lost while the call looked successful.
   *
   * @throws OutputWriteException naming the file and band whose table did not reach the file
   */
  public static void verifySaved(String filename, int bandNumber, int rows, int columns) {
    Dataset ds = open(filename, false);
    try {
      RasterAttributeTable t = band(ds, bandNumber, filename).GetDefaultRAT();
      int readRows = t == null ? 0 : t.GetRowCount();
      int readColumns = t == null ? 0 : t.GetColumnCount();
      if (readRows != rows || readColumns < columns) {
        throw new OutputWriteException("The raster attribute table written to " + filename + " band " + bandNumber
            + " did not reach the file (" + rows + " rows and " + columns + " columns written, " + readRows
            + " and " + readColumns + " read back): GDAL could not save it; for a GTiff it goes into an .aux.xml "
            + "beside the file, so its directory must be writable");
      }
    } finally {
      close(ds);
    }
  }

  /**
   * Whether {@code band}'s format names attribute table columns after their usage, keeping one of each
   * singular usage (HFA): see {@link RatCells#createColumn}.
   */
  public static boolean namesColumnsByUsage(Band band) {
    Dataset ds = band.GetDataset();
    return ds != null && ds.GetDriver() != null && "HFA".equals(ds.GetDriver().getShortName());
  }

  /** "file band n", for error messages about a band. */
  public static String describe(Band band) {
    Dataset ds = band.GetDataset();
    String name = ds == null ? "<unknown file>" : ds.GetDescription();
    return name + " band " + band.GetBand();
  }
}

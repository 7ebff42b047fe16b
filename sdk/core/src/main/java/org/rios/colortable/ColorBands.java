package org.rios.colortable;

import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.errors.ColorTableException;
import org.rios.errors.FileOpenException;
import org.rios.errors.GdalLayerNumberException;
import org.rios.gdal.GdalRuntime;
import org.rios.plan.RasterFileInfo;
import org.rios.rat.RatBands;

/** Opening files and picking bands for the colour table functions that accept a file name or a dataset. */
final class ColorBands {
  private ColorBands() {}

  /** Opens {@code filename} read-only. @throws FileOpenException naming the file */
  static Dataset openReadOnly(String filename) {
    return RasterFileInfo.openRaster(filename);
  }

  /** Opens {@code filename} for update. @throws FileOpenException naming the file */
  static Dataset openForUpdate(String filename) {
    return RasterFileInfo.openRasterForUpdate(filename);
  }

  /**
   * Band {@code bandNumber} (1-based) of {@code ds}: {@link RatBands#band}, the one band check of the table
   * functions.
   *
   * @throws GdalLayerNumberException if the dataset has no such band
   */
  static Band band(Dataset ds, int bandNumber) {
    GdalRuntime.ensureLoaded();
    return RatBands.band(ds, bandNumber, describe(ds));
  }

  /**
   * Sets {@code ct} ({@code entries} entries) as band {@code bandNumber}'s GDAL colour table, and makes sure it
   * was: GDAL keeps only the first 256 entries on a Byte band, and GTiff refuses a table on a band that is
   * neither Byte nor UInt16 with only an error code.
   *
   * @throws ColorTableException naming the file, band, type and GDAL's reason
   */
  static void setGdalTable(Dataset ds, Band band, int bandNumber, org.gdal.gdal.ColorTable ct, int entries) {
    checkGdalTableSize(ds, band, bandNumber, entries);
    String what = describeBand(ds, band, bandNumber);
    gdal.ErrorReset();
    int rc;
    try {
      rc = band.SetColorTable(ct);
    } catch (RuntimeException e) {
      throw new ColorTableException("GDAL could not set a colour table of " + entries
          + " entries on " + what + ": " + e.getMessage(), e);
    }
    if (rc != gdalconstConstants.CE_None || gdal.GetLastErrorType() >= gdalconstConstants.CE_Failure) {
      String reason = gdal.GetLastErrorMsg();
      gdal.ErrorReset();
      throw new ColorTableException("GDAL could not set a colour table of " + entries
          + " entries on " + what + ": " + (reason == null || reason.isBlank() ? "the driver refused it" : reason));
    }
  }

  /**
   * The most entries a GDAL colour table may have on {@code band}: one per value of a Byte or UInt16 band,
   * and {@value #MAX_GDAL_TABLE_ENTRIES} on wider types (GDAL holds the table as a list of entries in memory;
   * larger tables go through the raster attribute table).
   */
  static int maxGdalTableEntries(Band band) {
    int type = band.getDataType();
    return type == gdalconstConstants.GDT_Byte ? 256 : type == gdalconstConstants.GDT_UInt16 ? 65536
        : MAX_GDAL_TABLE_ENTRIES;
  }

  static final int MAX_GDAL_TABLE_ENTRIES = 1 << 24;

  /** @throws ColorTableException if a GDAL colour table of {@code entries} entries does not fit the band */
  static void checkGdalTableSize(Dataset ds, Band band, int bandNumber, long entries) {
    int max = maxGdalTableEntries(band);
    if (entries > max) {
      throw new ColorTableException("A GDAL colour table of " + entries + " entries does not fit "
          + describeBand(ds, band, bandNumber) + ", which holds at most " + max
          + " (write larger tables through the raster attribute table)");
    }
  }

  private static String describeBand(Dataset ds, Band band, int bandNumber) {
    return "band " + bandNumber + " of " + describe(ds) + " (" + gdal.GetDataTypeName(band.getDataType()) + ")";
  }

  /** The dataset's file name, for messages. */
  static String describe(Dataset ds) {
    String d = ds.GetDescription();
    return d == null || d.isEmpty() ? "the dataset" : d;
  }
}

package org.rios.plan;

import org.rios.gdal.VirtualPaths;
import java.io.File;
import java.io.Serializable;
import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.errors.FileOpenException;
import org.rios.grid.PixelGrid;
import org.rios.gdal.GdalPaths;
import org.rios.gdal.OpenFailures;
import org.rios.gdal.GdalRuntime;

/**
 * What planning needs to know about an input raster: its grid, band count, per-band null values and pixel
 * types. Read once per input file at planning time; the dataset is closed again straight away.
 *
 * @param filename the file
 * @param grid its pixel grid (projection as stored in the file)
 * @param bandCount number of bands
 * @param nullValues per band (index 0 = band 1), null where the band has no NoData
 * @param gdalTypes per band GDT_* codes
 */
public record RasterFileInfo(String filename, PixelGrid grid, int bandCount, Double[] nullValues, int[] gdalTypes)
    implements Serializable {

  /**
   * Opens {@code filename} read-only and describes it.
   *
   * @throws FileOpenException if the file does not exist, cannot be read, or is not a raster GDAL can open
   */
  public static RasterFileInfo open(String filename) {
    GdalRuntime.ensureLoaded();
    Dataset ds = openRaster(filename);
    try {
      return of(filename, ds, true);
    } finally {
      ds.delete();
    }
  }

  /**
   * Describes an open raster. Without {@code perBand} (quicker for VRT stacks of thousands of bands)
   * {@code nullValues} and {@code gdalTypes} are null.
   */
  public static RasterFileInfo of(String filename, Dataset ds, boolean perBand) {
    int n = ds.getRasterCount();
    Double[] nulls = null;
    int[] types = null;
    if (perBand) {
      nulls = new Double[n];
      types = new int[n];
      for (int b = 1; b <= n; b++) {
        Band band = ds.GetRasterBand(b);
        Double[] v = new Double[1];
        band.GetNoDataValue(v);
        nulls[b - 1] = v[0];
        types[b - 1] = band.getDataType();
      }
    }
    String wkt = ds.GetProjection() == null ? "" : ds.GetProjection();
    PixelGrid grid = PixelGrid.ofFile(filename, wkt, ds.GetGeoTransform(), ds.getRasterYSize(), ds.getRasterXSize());
    return new RasterFileInfo(filename, grid, n, nulls, types);
  }

  /**
   * Opens a raster read-only with a message that says why it failed.
   *
   * @throws FileOpenException naming the file
   */
  public static Dataset openRaster(String filename) {
    GdalRuntime.ensureLoaded();
    if (filename == null || filename.isBlank()) {
      throw new FileOpenException("No raster file name given (" + (filename == null ? "null" : "empty") + ")");
    }
    String shown = VirtualPaths.forMessage(filename);
    OpenFailures.requireOpenable(filename);
    Dataset ds;
    try {
      ds = gdal.OpenEx(GdalPaths.forGdal(filename), gdalconstConstants.OF_RASTER | gdalconstConstants.OF_READONLY);
    } catch (RuntimeException e) {
      throw new FileOpenException("Unable to open " + shown + " as a raster: "
          + VirtualPaths.forMessage(e.getMessage()), e);
    }
    if (ds == null) {
      throw new FileOpenException("Unable to open " + shown + " as a raster: "
          + OpenFailures.reason(filename, gdal.GetLastErrorMsg(), false));
    }
    return checked(ds, filename, shown);
  }

  /**
   * {@code ds}, opened from {@code filename}, if it is one the library can read to the end; else it is closed
   * and the reason thrown: no raster bands, a source file that is a device, FIFO or socket (GDAL would block
   * on it or read it without end), or a raw-format file cut short (GDAL reads the missing pixels as zeros).
   */
  private static Dataset checked(Dataset ds, String filename, String shown) {
    if (ds.getRasterCount() == 0) {
      ds.delete();
      throw new FileOpenException("Unable to open " + shown + " as a raster: it has no raster bands");
    }
    String specialSource = specialSourceFile(ds);
    if (specialSource != null) {
      ds.delete();
      throw new FileOpenException("Unable to open " + shown + " as a raster: its source file " + specialSource
          + " is not a regular file (a device, FIFO or socket), which GDAL would block on or read without end");
    }
    if (VirtualPaths.isPlainLocalPath(filename)) {
      String shortOf = shortOfItsPixels(ds, new File(filename));
      if (shortOf != null) {
        ds.delete();
        throw new FileOpenException("Unable to open " + shown + " as a raster: " + shortOf);
      }
    }
    return ds;
  }

  /**
   * Opens a raster for update, to write statistics, colour tables or attribute tables into it, with a message
   * that says why it failed: what stops the file before GDAL is asked ({@link OpenFailures#requireOpenable}),
   * else GDAL's reason or the one {@link OpenFailures#reason} finds. The one way the library opens a user's
   * file for update ({@code rios-calcstats}, the colour-table and attribute-table functions). What it opens
   * passes the same checks as {@link #openRaster}: calculating statistics reads every pixel.
   *
   * @throws FileOpenException naming the file
   */
  public static Dataset openRasterForUpdate(String filename) {
    Dataset ds = OpenFailures.open(filename, gdalconstConstants.OF_RASTER | gdalconstConstants.OF_UPDATE,
        " for update");
    return checked(ds, filename, VirtualPaths.forMessage(filename));
  }

  /**
   * GDAL's drivers of raw, uncompressed formats read the part of the pixels a cut-short file lacks as zeros,
   * without an error. For those formats, what is missing, if the file holds fewer bytes than its pixels take;
   * else null.
   */
  private static String shortOfItsPixels(Dataset ds, File f) {
    String driver = ds.GetDriver() == null ? "" : ds.GetDriver().getShortName();
    if (!RAW_DRIVERS.contains(driver) || !f.isFile()
        || "1".equals(ds.GetMetadataItem("file_compression", "ENVI"))) {
      return null; // an ENVI file may be gzip-compressed
    }
    Band b = ds.GetRasterBand(1);
    long needed = (long) ds.getRasterXSize() * ds.getRasterYSize() * ds.getRasterCount()
        * (gdal.GetDataTypeSize(b.getDataType()) / 8);
    long has = f.length();
    return has < needed ? "the file holds " + has + " bytes, fewer than the " + needed + " its "
        + ds.getRasterXSize() + " x " + ds.getRasterYSize() + " x " + ds.getRasterCount()
        + " pixels take (cut short?); GDAL would read the rest as zeros" : null;
  }

  /**
   * A source file of a virtual raster (VRT), or of a VRT among its sources (to {@value #MAX_VRT_DEPTH} levels),
   * that is a device, FIFO or socket, else null: the VRT itself is a regular file, but reading its pixels would
   * open the source. Opening a VRT does not open its sources.
   */
  private static String specialSourceFile(Dataset ds) {
    return specialSourceFile(ds, 0, new java.util.HashSet<>());
  }

  private static final int MAX_VRT_DEPTH = 8;

  private static String specialSourceFile(Dataset ds, int depth, java.util.Set<String> seen) {
    if (ds.GetDriver() == null || !"VRT".equals(ds.GetDriver().getShortName())) {
      return null;
    }
    java.util.Vector<?> files = ds.GetFileList();
    for (Object o : files == null ? java.util.List.of() : files) {
      String name = o == null ? null : o.toString();
      if (name == null || !seen.add(name)) {
        continue;
      }
      if (VirtualPaths.isSpecialLocalFile(name)) {
        return name;
      }
      if (depth < MAX_VRT_DEPTH && name.toLowerCase(java.util.Locale.ROOT).endsWith(".vrt")
          && new File(name).isFile()) {
        Dataset inner = gdal.OpenEx(name, gdalconstConstants.OF_RASTER | gdalconstConstants.OF_READONLY);
        if (inner != null) {
          try {
            String found = specialSourceFile(inner, depth + 1, seen);
            if (found != null) {
              return found;
            }
          } finally {
            inner.delete();
          }
        }
      }
    }
    return null;
  }

  /** GDAL drivers of raw pixel files (the header elsewhere), whose main file holds every pixel uncompressed. */
  private static final java.util.Set<String> RAW_DRIVERS = java.util.Set.of("ENVI", "EHdr", "GenBin", "PAux",
      "ISCE", "ROI_PAC", "NDF", "LAN", "BT", "GSBG", "MFF", "FIT");
}

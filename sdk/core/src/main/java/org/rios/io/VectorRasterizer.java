package org.rios.io;

import java.math.BigDecimal;
import java.util.Vector;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.RasterizeOptions;
import org.rios.gdal.GdalPaths;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.errors.VectorRasterizationException;
import org.rios.gdal.GdalRuntime;
import org.rios.grid.PixelGrid;
import org.rios.plan.VectorSpec;

/**
 * Burns a vector into a new tiled, deflate-compressed GeoTIFF on exactly the grid of its {@link VectorSpec}
 * (GDAL Rasterize). Callers normally go through {@link RasterizationCache}, which does this once per spec.
 *
 * <pre>{@code
 * VectorRasterizer.rasterize(spec, "/tmp/rios_abc/rios_vecrast_1.tif");
 * }</pre>
 */
final class VectorRasterizer {
  private VectorRasterizer() {}

  /**
   * Creates {@code outPath} and closes it again, so it is complete on disk when this returns.
   *
   * @throws VectorRasterizationException naming the vector if GDAL fails or produces another grid
   */
  public static void rasterize(VectorSpec spec, String outPath) {
    GdalRuntime.ensureLoaded();
    Dataset src;
    try {
      src = gdal.OpenEx(GdalPaths.forGdal(spec.filename()), gdalconstConstants.OF_VECTOR | gdalconstConstants.OF_READONLY);
    } catch (RuntimeException e) {
      throw new VectorRasterizationException("Unable to open vector " + spec.filename() + " to rasterize it: "
          + e.getMessage(), e);
    }
    if (src == null) {
      throw new VectorRasterizationException("Unable to open vector " + spec.filename() + " to rasterize it: "
          + gdal.GetLastErrorMsg());
    }
    RasterizeOptions options = new RasterizeOptions(arguments(spec));
    Dataset out = null;
    try {
      out = gdal.Rasterize(GdalPaths.forGdal(outPath), src, options);
      if (out == null) {
        throw new VectorRasterizationException("Rasterizing " + spec.label() + " failed: " + gdal.GetLastErrorMsg());
      }
      PixelGrid g = spec.grid();
      if (out.getRasterXSize() != g.ncols() || out.getRasterYSize() != g.nrows()) {
        // Reads of an aligned rasterized vector use offsets computed from the planned grid.
        throw new VectorRasterizationException("Rasterizing " + spec.label() + " gave " + out.getRasterYSize()
            + " x " + out.getRasterXSize() + " pixels instead of the planned " + g.nrows() + " x " + g.ncols());
      }
    } catch (RuntimeException e) {
      if (e instanceof VectorRasterizationException) {
        throw e;
      }
      throw new VectorRasterizationException("Rasterizing " + spec.label() + " onto (" + spec.grid() + ") failed: "
          + e.getMessage(), e);
    } finally {
      if (out != null) {
        out.delete();
      }
      options.delete();
      src.delete();
    }
  }

  /** gdal_rasterize arguments for the spec, in the order a user would type them. */
  static Vector<String> arguments(VectorSpec spec) {
    Vector<String> a = new Vector<>();
    add(a, "-of", "GTiff");
    add(a, "-co", "TILED=YES");
    add(a, "-co", "COMPRESS=DEFLATE");
    add(a, "-co", "BIGTIFF=IF_SAFER");
    add(a, "-ot", spec.dataType().gdalName());
    add(a, "-a_nodata", number(spec.vectorNull()));
    add(a, "-init", number(spec.vectorNull()));
    if (spec.burnAttribute() != null) {
      add(a, "-a", spec.burnAttribute());
    } else {
      add(a, "-burn", number(spec.burnValue()));
    }
    if (spec.allTouched()) {
      a.add("-at");
    }
    if (spec.sql() != null) {
      add(a, "-sql", spec.sql());
    } else {
      add(a, "-l", spec.layerName());
      if (spec.where() != null) {
        add(a, "-where", spec.where());
      }
    }
    PixelGrid g = spec.grid();
    if (!g.projection().isBlank()) {
      add(a, "-a_srs", g.projection());
    }
    a.add("-te");
    a.add(Double.toString(g.xMin()));
    a.add(Double.toString(g.yMin()));
    a.add(Double.toString(g.xMax()));
    a.add(Double.toString(g.yMax()));
    a.add("-tr");
    a.add(Double.toString(g.xRes()));
    a.add(Double.toString(g.yRes()));
    return a;
  }

  private static void add(Vector<String> a, String flag, String value) {
    a.add(flag);
    a.add(value);
  }

  /** GDAL parses these with C's strtod: plain decimals, and nan/inf spelled its way. */
  static String number(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}

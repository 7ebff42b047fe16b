package org.rios.grid;

import java.util.Arrays;
import org.gdal.osr.CoordinateTransformation;
import org.gdal.osr.SpatialReference;
import org.gdal.osr.osrConstants;
import org.rios.errors.ParameterException;
import org.rios.gdal.GdalRuntime;

/**
 * Small OSR helpers shared by the grid classes.
 *
 * <p>OSR objects are not thread-safe, so every method builds its own and deletes them before returning;
 * nothing native outlives a call. Axis order is always forced to traditional GIS order (x = easting or
 * longitude), because GDAL 3 would otherwise put latitude first for EPSG:4326 and silently swap our bounds.
 */
final class Srs {
  private Srs() {}

  /** Whether a projection string means "no projection" (RIOS treats None and "" alike). */
  static boolean isEmpty(String wkt) {
    return wkt == null || wkt.isBlank();
  }

  /** WKT begins with a keyword and its bracket: PROJCS[, GEOGCRS[, ... (PROJJSON has brackets too, later). */
  private static final java.util.regex.Pattern WKT_START = java.util.regex.Pattern.compile("^\\s*[A-Za-z_0-9]+\\s*\\[");

  /**
   * A projection as WKT: WKT as given, none (null or blank) as "", any other definition OSR reads
   * ("EPSG:32755", a PROJ string, PROJJSON) turned into WKT.
   *
   * @throws ParameterException naming the definition when OSR cannot read it
   */
  static String asWkt(String projection) {
    if (isEmpty(projection)) {
      return "";
    }
    if (WKT_START.matcher(projection).find()) {
      return projection;
    }
    SpatialReference sr = newSrs();
    try {
      int rc;
      try {
        rc = sr.SetFromUserInput(projection);
      } catch (RuntimeException e) {
        throw unreadable(projection, e); // GDAL's Java bindings may throw instead of returning an error
      }
      if (rc != 0) {
        throw unreadable(projection, null);
      }
      return sr.ExportToWkt();
    } finally {
      sr.delete();
    }
  }

  private static ParameterException unreadable(String projection, RuntimeException cause) {
    return new ParameterException("Projection '" + projection + "' is neither WKT nor a definition GDAL can read "
        + "(EPSG:n, a PROJ string, PROJJSON)" + (cause == null ? "" : ": " + cause.getMessage()), cause);
  }

  /** WKT of EPSG:4326 lat/long, used as the neutral frame for footprint comparisons. */
  static String wgs84Wkt() {
    return wktOfEpsg(4326);
  }

  /** WKT of an EPSG code. */
  static String wktOfEpsg(int epsg) {
    SpatialReference sr = newSrs();
    try {
      sr.ImportFromEPSG(epsg);
      return sr.ExportToWkt();
    } finally {
      sr.delete();
    }
  }

  /**
   * Whether two projections describe the same SRS according to OSR's IsSame. Two empty projections are
   * the same; empty and non-empty are not. WKT that OSR cannot parse is compared as text, so two identical
   * unparseable strings still count as equal rather than failing the whole run.
   */
  static boolean same(String a, String b) {
    boolean emptyA = isEmpty(a);
    boolean emptyB = isEmpty(b);
    if (emptyA || emptyB) {
      return emptyA == emptyB;
    }
    if (a.equals(b)) {
      return true;
    }
    SpatialReference srA = tryParse(a);
    SpatialReference srB = tryParse(b);
    try {
      if (srA == null || srB == null) {
        return false;
      }
      return srA.IsSame(srB) == 1;
    } finally {
      if (srA != null) {
        srA.delete();
      }
      if (srB != null) {
        srB.delete();
      }
    }
  }

  /**
   * Transforms points from one projection to another. Points OSR cannot transform (or that come back
   * non-finite) are dropped instead of poisoning a bounding box with infinities.
   *
   * @param points {x, y} pairs; not modified
   * @return the transformed {x, y} pairs that succeeded, possibly fewer than given
   */
  static double[][] transform(String srcWkt, String dstWkt, double[][] points) {
    if (isEmpty(srcWkt) || isEmpty(dstWkt)) {
      throw new ParameterException("Cannot transform coordinates between a grid with no projection and "
          + "another projection (source " + describe(srcWkt) + ", target " + describe(dstWkt) + ")");
    }
    SpatialReference src = parse(srcWkt);
    SpatialReference dst = null;
    CoordinateTransformation ct = null;
    try {
      dst = parse(dstWkt);
      ct = CoordinateTransformation.CreateCoordinateTransformation(src, dst);
      if (ct == null) {
        throw new ParameterException("OSR cannot transform from " + describe(srcWkt) + " to "
            + describe(dstWkt));
      }
      double[][] work = new double[points.length][];
      for (int i = 0; i < points.length; i++) {
        work[i] = new double[] {points[i][0], points[i][1], 0.0};
      }
      int[] codes = ct.TransformPointsWithErrorCodes(work);
      double[][] out = new double[work.length][];
      int n = 0;
      for (int i = 0; i < work.length; i++) {
        boolean ok = (codes == null || codes[i] == 0)
            && Double.isFinite(work[i][0]) && Double.isFinite(work[i][1]);
        if (ok) {
          out[n++] = new double[] {work[i][0], work[i][1]};
        }
      }
      return Arrays.copyOf(out, n);
    } catch (RuntimeException e) {
      if (e instanceof ParameterException) {
        throw e;
      }
      throw new ParameterException("Coordinate transformation from " + describe(srcWkt) + " to "
          + describe(dstWkt) + " failed: " + e.getMessage(), e);
    } finally {
      if (ct != null) {
        ct.delete();
      }
      if (dst != null) {
        dst.delete();
      }
      src.delete();
    }
  }

  /**
   * Bounding box {xMin, xMax, yMin, yMax} of points after transforming them; points that fail are ignored.
   *
   * @param what names the footprint in the error message
   * @throws ParameterException if no point can be transformed
   */
  static double[] transformedBounds(String srcWkt, String dstWkt, double[][] points, String what) {
    double[][] out = transform(srcWkt, dstWkt, points);
    if (out.length == 0) {
      throw new ParameterException("None of the outline of grid (" + what + ") could be transformed from "
          + describe(srcWkt) + " to " + describe(dstWkt));
    }
    double[] b = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY};
    for (double[] p : out) {
      b[0] = Math.min(b[0], p[0]);
      b[1] = Math.max(b[1], p[0]);
      b[2] = Math.min(b[2], p[1]);
      b[3] = Math.max(b[3], p[1]);
    }
    return b;
  }

  /** A short name of a projection for messages (WKT is long). */
  static String describe(String wkt) {
    if (isEmpty(wkt)) {
      return "<no projection>";
    }
    int q1 = wkt.indexOf('"');
    int q2 = q1 < 0 ? -1 : wkt.indexOf('"', q1 + 1);
    if (q2 > q1 + 1) {
      return "\"" + wkt.substring(q1 + 1, q2) + "\"";
    }
    return wkt.length() > 60 ? wkt.substring(0, 60) + "..." : wkt;
  }

  private static SpatialReference parse(String wkt) {
    SpatialReference sr = tryParse(wkt);
    if (sr == null) {
      throw new ParameterException("Projection is not valid WKT: " + describe(wkt));
    }
    return sr;
  }

  /** Parses WKT, or returns null when OSR rejects it (GDAL's Java bindings throw on bad WKT). */
  private static SpatialReference tryParse(String wkt) {
    SpatialReference sr = newSrs();
    try {
      if (sr.ImportFromWkt(wkt) != 0) {
        sr.delete();
        return null;
      }
      sr.SetAxisMappingStrategy(osrConstants.OAMS_TRADITIONAL_GIS_ORDER);
      return sr;
    } catch (RuntimeException e) {
      sr.delete();
      return null;
    }
  }

  private static SpatialReference newSrs() {
    GdalRuntime.ensureLoaded();
    SpatialReference sr = new SpatialReference();
    sr.SetAxisMappingStrategy(osrConstants.OAMS_TRADITIONAL_GIS_ORDER);
    return sr;
  }
}

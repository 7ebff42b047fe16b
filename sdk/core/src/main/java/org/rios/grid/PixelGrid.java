package org.rios.grid;

import java.io.Serializable;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.errors.FileOpenException;
import org.rios.errors.IntersectionException;
import org.rios.errors.ParameterException;
import org.rios.gdal.GdalRuntime;
import org.rios.gdal.OpenFailures;

/**
 * An immutable north-up pixel grid: projection, outer bounds, pixel size and dimensions.
 *
 * <p>Bounds are outer pixel edges, {@code yRes} is stored positive, and the geotransform is always
 * {@code (xMin, xRes, 0, yMax, 0, -yRes)}. A grid built from bounds keeps those bounds exactly and derives
 * its dimensions by rounding extent/res half away from zero, so extents computed by
 * {@link #intersection}/{@link #union} compare exactly with hand-computed numbers.
 *
 * <pre>{@code
 * PixelGrid a = PixelGrid.fromFile("a.tif");
 * PixelGrid b = PixelGrid.fromFile("b.tif");
 * if (!b.alignedWith(a)) {
 *   b = b.reproject(a);                 // b's footprint on a's grid
 * }
 * PixelGrid common = a.intersection(b); // IntersectionException if they do not overlap
 * }</pre>
 */
public final class PixelGrid implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Points per edge when densifying a footprint for reprojection; curved edges need more than corners. */
  private static final int EDGE_POINTS = 101;

  private final String projection;
  private final double xMin;
  private final double xMax;
  private final double yMin;
  private final double yMax;
  private final double xRes;
  private final double yRes;
  private final int nrows;
  private final int ncols;

  /**
   * A grid from a GDAL-style geotransform and dimensions.
   *
   * @param projectionWkt WKT of the projection, or another definition GDAL reads ("EPSG:32755", a PROJ
   *     string), stored as WKT; null or "" means none (stored as "")
   * @param geoTransform six numbers; rotation terms must be zero. A positive {@code geoTransform[5]} (GDAL's
   *     default for files without georeferencing) is taken by magnitude, as RIOS does.
   * @throws ParameterException for a rotated geotransform, a zero or non-finite pixel size, dimensions below
   *     1, or a projection GDAL cannot read
   */
  public PixelGrid(String projectionWkt, double[] geoTransform, int nrows, int ncols) {
    if (geoTransform == null || geoTransform.length != 6) {
      throw new ParameterException("geoTransform must have 6 elements");
    }
    if (geoTransform[2] != 0.0 || geoTransform[4] != 0.0) {
      throw new ParameterException("Rotated geotransforms are not supported (rotation terms "
          + geoTransform[2] + ", " + geoTransform[4] + ")");
    }
    if (nrows < 1 || ncols < 1) {
      throw new ParameterException("Grid dimensions must be at least 1: nrows=" + nrows + ", ncols=" + ncols);
    }
    this.projection = Srs.asWkt(projectionWkt);
    this.xRes = GridChecks.res("xRes", geoTransform[1]);
    this.yRes = GridChecks.res("yRes", Math.abs(geoTransform[5]));
    this.xMin = GridChecks.finite("xMin", geoTransform[0]);
    this.yMax = GridChecks.finite("yMax", geoTransform[3]);
    this.nrows = nrows;
    this.ncols = ncols;
    this.xMax = xMin + ncols * xRes;
    this.yMin = yMax - nrows * yRes;
  }

  private PixelGrid(String wkt, double xMin, double xMax, double yMin, double yMax, double xRes,
      double yRes) {
    this.projection = Srs.asWkt(wkt);
    this.xMin = GridChecks.finite("xMin", xMin);
    this.xMax = GridChecks.finite("xMax", xMax);
    this.yMin = GridChecks.finite("yMin", yMin);
    this.yMax = GridChecks.finite("yMax", yMax);
    this.xRes = GridChecks.res("xRes", xRes);
    this.yRes = GridChecks.res("yRes", yRes);
    if (xMax < xMin || yMax < yMin) {
      throw new ParameterException("Grid bounds are inverted: " + boundsText(xMin, xMax, yMin, yMax));
    }
    this.ncols = GridChecks.dimension("columns", (xMax - xMin) / xRes);
    this.nrows = GridChecks.dimension("rows", (yMax - yMin) / yRes);
  }

  /**
   * A grid from outer bounds and pixel size; dimensions are {@code roundAway(extent / res)}.
   *
   * <pre>{@code
   * PixelGrid g = PixelGrid.fromBounds(wkt, 500000, 505000, 6995000, 7000000, 10, 10);  // 500 x 500
   * }</pre>
   *
   * A grid of equal bounds has no pixels (the applier refuses such a reference grid).
   *
   * @throws ParameterException if a bound is not finite, max &lt; min, or a resolution is not positive
   */
  public static PixelGrid fromBounds(String wkt, double xMin, double xMax, double yMin, double yMax,
      double xRes, double yRes) {
    return new PixelGrid(wkt, xMin, xMax, yMin, yMax, xRes, yRes);
  }

  /**
   * The grid of a raster file, with its projection exactly as GDAL reports it (no GDA94 fix applied; see
   * {@link ProjectionFixes#specialProjFixes}).
   *
   * @throws FileOpenException naming the file if GDAL cannot open it as a raster
   * @throws ParameterException naming the file if its geotransform is rotated
   */
  public static PixelGrid fromFile(String filename) {
    GdalRuntime.ensureLoaded();
    OpenFailures.requireOpenable(filename);
    Dataset ds;
    try {
      ds = gdal.Open(org.rios.gdal.GdalPaths.forGdal(filename), gdalconstConstants.GA_ReadOnly);
    } catch (RuntimeException e) {
      throw new FileOpenException("Unable to open raster file " + filename + ": " + e.getMessage(), e);
    }
    if (ds == null) {
      throw new FileOpenException("Unable to open raster file " + filename + ": " + gdal.GetLastErrorMsg());
    }
    try {
      if (ds.GetRasterCount() == 0) {
        throw new FileOpenException("File " + filename + " has no raster bands");
      }
      return ofFile(filename, ds.GetProjection(), ds.GetGeoTransform(), ds.GetRasterYSize(), ds.GetRasterXSize());
    } finally {
      ds.delete();
    }
  }

  /** GDAL's geotransform of a file that has none. */
  private static final double[] NO_GEOTRANSFORM = {0, 1, 0, 0, 0, 1};

  /**
   * The grid of raster file {@code filename} from what GDAL reports of it, with any problem named by the file.
   * A positive y pixel size is taken by magnitude (RIOS's reading of a file without georeferencing, whose
   * geotransform GDAL reports as (0, 1, 0, 0, 0, 1)); a file that is georeferenced south-up (rows running
   * north) is refused, since reading it as north-up would put every pixel in the wrong place.
   *
   * @throws ParameterException naming the file, for a rotated or south-up geotransform or a bad pixel size
   */
  public static PixelGrid ofFile(String filename, String projectionWkt, double[] gt, int nrows, int ncols) {
    if (gt != null && gt.length == 6 && gt[5] > 0 && !java.util.Arrays.equals(gt, NO_GEOTRANSFORM)) {
      throw new ParameterException("Raster file " + filename + " is georeferenced south-up (geotransform "
          + java.util.Arrays.toString(gt) + ": a positive y pixel size); the applier's grids are north-up: "
          + "make a north-up copy first (e.g. gdalwarp " + filename + " northup.tif)");
    }
    try {
      return new PixelGrid(projectionWkt, gt, nrows, ncols);
    } catch (ParameterException e) {
      throw new ParameterException("Raster file " + filename + ": " + e.getMessage(), e);
    }
  }

  /** This grid with another projection string (e.g. after {@link ProjectionFixes#specialProjFixes}). */
  public PixelGrid withProjection(String wkt) {
    return new PixelGrid(wkt, xMin, xMax, yMin, yMax, xRes, yRes);
  }

  public double xMin() {
    return xMin;
  }

  public double xMax() {
    return xMax;
  }

  public double yMin() {
    return yMin;
  }

  public double yMax() {
    return yMax;
  }

  public double xRes() {
    return xRes;
  }

  /** Pixel height, always positive. */
  public double yRes() {
    return yRes;
  }

  public int nrows() {
    return nrows;
  }

  public int ncols() {
    return ncols;
  }

  /** The projection WKT; "" when the grid has none. */
  public String projection() {
    return projection;
  }

  /** The projection's name for messages (as {@code "GDA94 / MGA zone 55"}), or {@code <no projection>}. */
  public String projectionName() {
    return Srs.describe(projection());
  }

  /** A fresh {@code (xMin, xRes, 0, yMax, 0, -yRes)} array. */
  public double[] geoTransform() {
    return new double[] {xMin, xRes, 0.0, yMax, 0.0, -yRes};
  }

  /**
   * Moves {@code val} to the nearest line of a grid through {@code valOnGrid} with spacing {@code res};
   * exact halves go away from the anchor, as RIOS does.
   *
   * <pre>{@code
   * PixelGrid.snapToGrid(15, 0, 10);   // 20.0
   * PixelGrid.snapToGrid(-15, 0, 10);  // -20.0
   * }</pre>
   */
  public static double snapToGrid(double val, double valOnGrid, double res) {
    return valOnGrid + roundAway((val - valOnGrid) / res) * res;
  }

  /** Rounds half away from zero (Math.round rounds half up, which differs for negative halves). */
  static double roundAway(double x) {
    return Math.signum(x) * Math.floor(Math.abs(x) + 0.5);
  }

  /** Exact equality of both pixel sizes; no tolerance, as in RIOS. */
  public boolean equalPixSize(PixelGrid other) {
    return xRes == other.xRes && yRes == other.yRes;
  }

  /** OSR IsSame on the two projections; empty projections are equal only to each other. */
  public boolean equalProjection(PixelGrid other) {
    return Srs.same(projection, other.projection);
  }

  /** Same pixel size and same projection, so extents can be combined without resampling. */
  public boolean isComparable(PixelGrid other) {
    return equalPixSize(other) && equalProjection(other);
  }

  /**
   * Comparable, and this grid's top-left corner lies on {@code other}'s pixel lattice to within
   * {@code 0.001 * min(xRes, yRes) / npix}, npix being the largest row or column count of either grid.
   * The tolerance shrinks with grid size so accumulated offsets stay below a thousandth of a pixel.
   */
  public boolean alignedWith(PixelGrid other) {
    if (!isComparable(other)) {
      return false;
    }
    int npix = Math.max(Math.max(nrows, ncols), Math.max(other.nrows, other.ncols));
    double tol = 0.001 * Math.min(xRes, yRes) / Math.max(npix, 1);
    double xMinSnapped = snapToGrid(xMin, other.xMin, xRes);
    double yMaxSnapped = snapToGrid(yMax, other.yMax, yRes);
    return Math.abs(xMinSnapped - xMin) <= tol && Math.abs(yMaxSnapped - yMax) <= tol;
  }

  /**
   * The common area of two comparable grids, with this grid's projection and pixel size.
   *
   * @return null if the grids are not {@link #isComparable comparable}
   * @throws IntersectionException if they do not overlap or only touch
   */
  public PixelGrid intersection(PixelGrid other) {
    if (!isComparable(other)) {
      return null;
    }
    double nxMin = Math.max(xMin, other.xMin);
    double nxMax = Math.min(xMax, other.xMax);
    double nyMin = Math.max(yMin, other.yMin);
    double nyMax = Math.min(yMax, other.yMax);
    if (nxMin >= nxMax || nyMin >= nyMax) {
      throw new IntersectionException("Grids do not intersect: (" + this + ") and (" + other + ")");
    }
    return new PixelGrid(projection, nxMin, nxMax, nyMin, nyMax, xRes, yRes);
  }

  /**
   * The bounding box of two comparable grids, with this grid's projection and pixel size.
   *
   * @return null if the grids are not {@link #isComparable comparable}
   */
  public PixelGrid union(PixelGrid other) {
    if (!isComparable(other)) {
      return null;
    }
    return new PixelGrid(projection, Math.min(xMin, other.xMin), Math.max(xMax, other.xMax),
        Math.min(yMin, other.yMin), Math.max(yMax, other.yMax), xRes, yRes);
  }

  /** {@link #reproject(PixelGrid, boolean)} with snapping. */
  public PixelGrid reproject(PixelGrid target) {
    return reproject(target, true);
  }

  /**
   * This grid's footprint expressed in {@code target}'s projection and pixel size.
   *
   * <p>Each edge is densified with 101 points before transforming, so edges that become curves (lat/long
   * to a conic projection, say) are covered by the bounding box, not just the corners. With
   * {@code snap}, x bounds are snapped to the nearest line of target's grid through {@code target.xMin()}
   * and y bounds to the nearest line through {@code target.yMin()} (RIOS's anchors; nearest, not outward).
   *
   * @throws ParameterException if either grid has no projection (and they are not both empty) or no
   *     point of the footprint can be transformed
   */
  public PixelGrid reproject(PixelGrid target, boolean snap) {
    double[] b = reprojectedBounds(target.projection);
    double nxMin = b[0];
    double nxMax = b[1];
    double nyMin = b[2];
    double nyMax = b[3];
    if (snap) {
      nxMin = snapToGrid(nxMin, target.xMin, target.xRes);
      nxMax = snapToGrid(nxMax, target.xMin, target.xRes);
      nyMin = snapToGrid(nyMin, target.yMin, target.yRes);
      nyMax = snapToGrid(nyMax, target.yMin, target.yRes);
    }
    return new PixelGrid(target.projection, nxMin, nxMax, nyMin, nyMax, target.xRes, target.yRes);
  }

  /**
   * Unsnapped {xMin, xMax, yMin, yMax} of this grid's densified outline in another projection. Kept
   * separate from {@link #reproject} so footprint tests need no pixel size (a global grid at a tiny
   * resolution would overflow int dimensions).
   */
  double[] reprojectedBounds(String targetWkt) {
    if (Srs.same(projection, targetWkt)) {
      // Identity: skip OSR so grids without a projection can still be "reprojected" onto each other.
      return new double[] {xMin, xMax, yMin, yMax};
    }
    return Srs.transformedBounds(projection, targetWkt, outline(), this.toString());
  }

  /** The four edges, each as EDGE_POINTS evenly spaced points including both corners. */
  private double[][] outline() {
    double[][] pts = new double[4 * EDGE_POINTS][];
    int n = EDGE_POINTS - 1;
    for (int i = 0; i < EDGE_POINTS; i++) {
      double x = xMin + (xMax - xMin) * i / n;
      double y = yMin + (yMax - yMin) * i / n;
      pts[i] = new double[] {x, yMax};
      pts[EDGE_POINTS + i] = new double[] {x, yMin};
      pts[2 * EDGE_POINTS + i] = new double[] {xMin, y};
      pts[3 * EDGE_POINTS + i] = new double[] {xMax, y};
    }
    return pts;
  }

  /** Whether all four of other's bounds lie within this grid's x and y ranges (raw numbers, no reprojection). */
  public boolean surrounds(PixelGrid other) {
    return within(other.xMin, xMin, xMax) && within(other.xMax, xMin, xMax)
        && within(other.yMin, yMin, yMax) && within(other.yMax, yMin, yMax);
  }

  private static boolean within(double v, double lo, double hi) {
    return v >= lo && v <= hi;
  }

  /**
   * Whether another projection is interchangeable with this grid's over this grid's area: the four
   * corners and the centre, transformed into it, each move by at most {@code pixTol} pixels in x and y.
   * Useful for projections that differ in WKT but not in effect (e.g. a TOWGS84 block of zeros).
   *
   * @param pixTol tolerance in pixels, e.g. 0.5
   */
  public boolean equivalentProjection(String otherWkt, double pixTol) {
    if (Srs.isEmpty(projection) || Srs.isEmpty(otherWkt)) {
      return Srs.isEmpty(projection) && Srs.isEmpty(otherWkt);
    }
    double[][] pts = {{xMin, yMax}, {xMax, yMax}, {xMin, yMin}, {xMax, yMin},
        {(xMin + xMax) / 2, (yMin + yMax) / 2}};
    double[][] out = Srs.transform(projection, otherWkt, pts);
    if (out.length != pts.length) {
      return false;
    }
    for (int i = 0; i < pts.length; i++) {
      if (Math.abs(out[i][0] - pts[i][0]) > pixTol * xRes || Math.abs(out[i][1] - pts[i][1]) > pixTol * yRes) {
        return false;
      }
    }
    return true;
  }

  /** {@code "xMin:…,xMax:…,yMin:…,yMax:…,xRes:…,yRes:…"} with plain decimals (no exponent). */
  @Override
  public String toString() {
    return boundsText(xMin, xMax, yMin, yMax) + ",xRes:" + GridChecks.num(xRes) + ",yRes:" + GridChecks.num(yRes);
  }

  private static String boundsText(double xMin, double xMax, double yMin, double yMax) {
    return "xMin:" + GridChecks.num(xMin) + ",xMax:" + GridChecks.num(xMax) + ",yMin:" + GridChecks.num(yMin)
        + ",yMax:" + GridChecks.num(yMax);
  }

  /** Value equality: same projection text, bounds, pixel size and dimensions. */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PixelGrid)) {
      return false;
    }
    PixelGrid g = (PixelGrid) o;
    // == rather than Double.compare so that 0.0 and -0.0 bounds are equal; NaN is impossible here.
    return xMin == g.xMin && xMax == g.xMax && yMin == g.yMin && yMax == g.yMax && xRes == g.xRes
        && yRes == g.yRes && nrows == g.nrows && ncols == g.ncols && projection.equals(g.projection);
  }

  @Override
  public int hashCode() {
    int h = projection.hashCode();
    // "+ 0.0" turns -0.0 into 0.0 so hashCode agrees with equals.
    for (double d : new double[] {xMin, xMax, yMin, yMax, xRes, yRes}) {
      h = 31 * h + Double.hashCode(d + 0.0);
    }
    return 31 * (31 * h + nrows) + ncols;
  }
}

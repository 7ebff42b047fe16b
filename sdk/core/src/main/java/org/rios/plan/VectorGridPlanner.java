package org.rios.plan;

import org.gdal.osr.CoordinateTransformation;
import org.gdal.osr.SpatialReference;
import org.gdal.osr.osrConstants;
import org.rios.errors.IntersectionException;
import org.rios.errors.VectorProjectionException;
import org.rios.gdal.GdalRuntime;
import org.rios.grid.PixelGrid;

/**
 * Decides the grid a vector is rasterized onto, in the vector's own projection, so that rasterizing first
 * and reprojecting afterwards gives pixels about the size of the working grid's.
 *
 * <ol>
 *   <li>Pixel size: the working-grid point (xMin + xRes·(ncols/2), yMin + yRes·(nrows/2)) and its neighbours
 *   one pixel east and one pixel south are transformed into the vector's projection; the distances are the
 *   pixel sizes. In the working grid's own projection they are exactly its pixel sizes.</li>
 *   <li>The features' extent is snapped to a lattice with those sizes and padded by one pixel on every side.
 *   The lattice is anchored at the working grid's xMin / yMin in the same projection, otherwise at the
 *   transformed centre point (a working-grid pixel corner), so rasterized pixels line up with working
 *   pixels around the centre.</li>
 *   <li>If (in the same projection) that grid surrounds the working grid, the working grid's bounds are used;
 *   otherwise the intersection with the working grid transformed into the vector's projection (padded by a
 *   pixel so reprojecting back never samples outside it). No intersection, or no features: one pixel at
 *   the centre point, which therefore reads as all vector-null.</li>
 * </ol>
 *
 * <p>Two deliberate differences from RIOS, which anchors at the raw xMin / yMin numbers and takes the
 * "surrounds" shortcut also when the projections differ (comparing numbers in two coordinate systems):
 * here both apply only when the projections are the same.
 *
 * <pre>{@code
 * VectorGridPlanner.Placement p = VectorGridPlanner.plan(layerInfo, workingGrid);   // in layerInfo.srsWkt()
 * if (p.nothingToBurn() != null) { ... }   // the vector reads as all vector-null
 * }</pre>
 */
final class VectorGridPlanner {
  private VectorGridPlanner() {}

  /**
   * Where a vector is rasterized.
   *
   * @param grid the raster to burn into, in the vector's projection
   * @param nothingToBurn why no feature can be burned (none selected, or all outside the working grid), or null
   */
  record Placement(PixelGrid grid, String nothingToBurn) {}

  /**
   * @throws VectorProjectionException if one of the vector and the working grid has a projection and the
   *     other has not, or the working grid's centre cannot be transformed into the vector's projection
   */
  public static Placement plan(VectorInputLayer layer, PixelGrid working) {
    String vwkt = layer.srsWkt();
    boolean vEmpty = vwkt == null || vwkt.isBlank();
    boolean gEmpty = working.projection().isBlank();
    if (vEmpty != gEmpty) {
      throw new VectorProjectionException("Vector " + layer.filename() + " (layer " + layer.layerName() + ") "
          + (vEmpty ? "has no projection but the working grid has one" : "has a projection but the working grid "
          + "has none") + ": cannot place its features on the working grid");
    }
    // A throw-away grid lets PixelGrid's own projection comparison (OSR IsSame) decide "same SRS".
    PixelGrid probe = PixelGrid.fromBounds(vwkt, 0, 1, 0, 1, 1, 1);
    boolean sameSrs = probe.equalProjection(working);
    String srs = sameSrs ? working.projection() : vwkt;

    double cx = working.xMin() + working.xRes() * (working.ncols() / 2);
    double cy = working.yMin() + working.yRes() * (working.nrows() / 2);
    double vx;
    double vy;
    double vcx = cx;
    double vcy = cy;
    if (sameSrs) {
      vx = working.xRes();
      vy = working.yRes();
    } else {
      double[][] p = transform(working.projection(), vwkt,
          new double[][] {{cx, cy}, {cx + working.xRes(), cy}, {cx, cy - working.yRes()}}, layer);
      vcx = p[0][0];
      vcy = p[0][1];
      vx = Math.abs(p[1][0] - p[0][0]);
      vy = Math.abs(p[0][1] - p[2][1]);
      if (!(vx > 0 && vy > 0 && Double.isFinite(vx) && Double.isFinite(vy))) {
        throw new VectorProjectionException("Cannot derive a pixel size for vector " + layer.filename()
            + " in its own projection from the working grid (" + working + "): got " + vx + " x " + vy);
      }
    }
    PixelGrid centrePixel = PixelGrid.fromBounds(srs, vcx, vcx + vx, vcy - vy, vcy, vx, vy);
    double[] e = layer.extent();
    if (e == null) {
      // no features, or OGR cannot measure them: only one over the centre pixel is burned then
      return new Placement(centrePixel, layer.hasFeatures() ? null : "has no feature to burn");
    }
    // The lattice must pass through a working-grid pixel corner expressed in the vector's projection. RIOS
    // anchors it at the working grid's raw xMin/yMin numbers even when they are in another projection: the
    // anchor is then billions of pixels away and the pixel phase depends on the last bits of the pixel size.
    double ax = sameSrs ? working.xMin() : vcx;
    double ay = sameSrs ? working.yMin() : vcy;
    PixelGrid vgrid = PixelGrid.fromBounds(srs,
        PixelGrid.snapToGrid(e[0], ax, vx) - vx, PixelGrid.snapToGrid(e[1], ax, vx) + vx,
        PixelGrid.snapToGrid(e[2], ay, vy) - vy, PixelGrid.snapToGrid(e[3], ay, vy) + vy,
        vx, vy);
    if (sameSrs && vgrid.surrounds(working)) {
      return new Placement(
          PixelGrid.fromBounds(srs, working.xMin(), working.xMax(), working.yMin(), working.yMax(), vx, vy), null);
    }
    PixelGrid workingHere;
    try {
      workingHere = working.reproject(vgrid);
    } catch (RuntimeException ex) {
      throw new VectorProjectionException("Cannot express the working grid (" + working + ") in the projection "
          + "of vector " + layer.filename() + ": " + ex.getMessage(), ex);
    }
    // a pixel's margin for the warp onto the working grid from another projection; in the working grid's own
    // projection the raster is the plain intersection, as RIOS's, so the overlap margin beyond the grid reads
    // as the vector null whatever the vector's extent
    PixelGrid padded = sameSrs ? workingHere : PixelGrid.fromBounds(srs, workingHere.xMin() - vx,
        workingHere.xMax() + vx, workingHere.yMin() - vy, workingHere.yMax() + vy, vx, vy);
    try {
      return new Placement(vgrid.intersection(padded), null);
    } catch (IntersectionException ex) {
      // in another projection, say both: a file that names none of its own (GeoJSON without 'crs') is WGS 84
      return new Placement(centrePixel, "has no features within the working grid (its features are in "
          + vgrid.projectionName() + ", the working grid in " + working.projectionName() + ")");
    }
  }

  /** Transforms points (traditional x/y axis order); every point must succeed. */
  private static double[][] transform(String srcWkt, String dstWkt, double[][] pts, VectorInputLayer layer) {
    GdalRuntime.ensureLoaded();
    SpatialReference src = new SpatialReference();
    SpatialReference dst = new SpatialReference();
    CoordinateTransformation ct = null;
    try {
      src.ImportFromWkt(srcWkt);
      dst.ImportFromWkt(dstWkt);
      src.SetAxisMappingStrategy(osrConstants.OAMS_TRADITIONAL_GIS_ORDER);
      dst.SetAxisMappingStrategy(osrConstants.OAMS_TRADITIONAL_GIS_ORDER);
      ct = CoordinateTransformation.CreateCoordinateTransformation(src, dst);
      double[][] out = new double[pts.length][];
      for (int i = 0; i < pts.length; i++) {
        out[i] = ct.TransformPoint(pts[i][0], pts[i][1]);
      }
      return out;
    } catch (RuntimeException ex) {
      throw new VectorProjectionException("Cannot transform the working grid's centre into the projection of "
          + "vector " + layer.filename() + " (layer " + layer.layerName() + "): " + ex.getMessage(), ex);
    } finally {
      if (ct != null) {
        ct.delete();
      }
      dst.delete();
      src.delete();
    }
  }
}

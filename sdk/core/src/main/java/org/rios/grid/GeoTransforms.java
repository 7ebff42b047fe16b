package org.rios.grid;

import org.rios.errors.ParameterException;

/**
 * Pixel/world coordinate conversion through a GDAL geotransform
 * {@code (x0, pixelWidth, rowRotation, y0, colRotation, pixelHeight)}.
 *
 * <p>Pixel coordinates are (column, row) with (0, 0) the top-left corner of the top-left pixel, so the
 * centre of pixel (c, r) is (c + 0.5, r + 0.5). Rotated geotransforms are handled, even though
 * {@link PixelGrid} itself refuses them.
 *
 * <pre>{@code
 * double[] gt = grid.geoTransform();
 * double[] xy = GeoTransforms.pix2wld(gt, 10.5, 20.5);      // centre of row 20, column 10
 * double[] colRow = GeoTransforms.wld2pix(gt, xy[0], xy[1]); // {10.5, 20.5}
 * }</pre>
 */
final class GeoTransforms {
  private GeoTransforms() {}

  /** World {x, y} of the (fractional) pixel position (col, row). */
  public static double[] pix2wld(double[] gt, double col, double row) {
    check(gt);
    return new double[] {gt[0] + col * gt[1] + row * gt[2], gt[3] + col * gt[4] + row * gt[5]};
  }

  /**
   * Fractional pixel position {col, row} of world point (x, y), through the inverse geotransform.
   *
   * @throws ParameterException if the geotransform is singular (cannot be inverted)
   */
  public static double[] wld2pix(double[] gt, double x, double y) {
    check(gt);
    double det = gt[1] * gt[5] - gt[2] * gt[4];
    if (det == 0.0 || !Double.isFinite(det)) {
      throw new ParameterException("Geotransform cannot be inverted (determinant " + det + ")");
    }
    double dx = x - gt[0];
    double dy = y - gt[3];
    // Solve [gt1 gt2; gt4 gt5] * (col, row) = (dx, dy) by Cramer's rule.
    double col = (dx * gt[5] - dy * gt[2]) / det;
    double row = (dy * gt[1] - dx * gt[4]) / det;
    return new double[] {col, row};
  }

  private static void check(double[] gt) {
    if (gt == null || gt.length != 6) {
      throw new ParameterException("A geotransform must have 6 elements");
    }
  }
}

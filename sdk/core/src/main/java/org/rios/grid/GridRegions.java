package org.rios.grid;

import java.util.ArrayList;
import java.util.List;
import org.rios.errors.IntersectionException;
import org.rios.errors.ParameterException;

/**
 * Combining the grids of several inputs into one working region.
 *
 * <pre>{@code
 * List<PixelGrid> grids = List.of(PixelGrid.fromFile("a.tif"), PixelGrid.fromFile("b.tif"));
 * PixelGrid reference = grids.get(0);
 * PixelGrid common = GridRegions.findCommonRegion(grids, reference, false);  // intersection
 * PixelGrid all = GridRegions.findCommonRegion(grids, reference, true);      // union
 * }</pre>
 */
public final class GridRegions {
  private GridRegions() {}

  /**
   * Drops grids that surround all the others, so a huge covering grid (a global lat/long layer, say) cannot
   * take part in an intersection, where reprojecting its edges would give nonsense.
   *
   * <p>Each grid's outline is reprojected, unsnapped, to EPSG:4326 lat/long. Then, until nothing changes,
   * the first grid whose lat/long box surrounds every other remaining box is removed. At least one grid is
   * always kept, and the survivors keep their original order. If any grid has no projection nothing can be
   * compared, so the list is returned unchanged.
   *
   * @return a new list; the argument is not modified
   */
  public static List<PixelGrid> removeSurrounding(List<PixelGrid> grids) {
    List<PixelGrid> remaining = new ArrayList<>(grids);
    for (PixelGrid g : grids) {
      if (Srs.isEmpty(g.projection())) {
        return remaining;
      }
    }
    String latLong = Srs.wgs84Wkt();
    List<double[]> boxes = new ArrayList<>();
    for (PixelGrid g : grids) {
      boxes.add(g.reprojectedBounds(latLong));
    }
    boolean changed = true;
    while (changed && remaining.size() > 1) {
      changed = false;
      for (int i = 0; i < remaining.size(); i++) {
        if (surroundsAllOthers(boxes, i)) {
          remaining.remove(i);
          boxes.remove(i);
          changed = true;
          break;
        }
      }
    }
    return remaining;
  }

  private static boolean surroundsAllOthers(List<double[]> boxes, int i) {
    double[] outer = boxes.get(i);
    for (int j = 0; j < boxes.size(); j++) {
      if (j != i && !surrounds(outer, boxes.get(j))) {
        return false;
      }
    }
    return true;
  }

  /** Box form of {@link PixelGrid#surrounds}: boxes are {xMin, xMax, yMin, yMax}. */
  private static boolean surrounds(double[] outer, double[] inner) {
    for (int k = 0; k < 4; k++) {
      double v = inner[k];
      boolean isX = k < 2;
      double lo = isX ? outer[0] : outer[2];
      double hi = isX ? outer[1] : outer[3];
      if (v < lo || v > hi) {
        return false;
      }
    }
    return true;
  }

  /**
   * The region covered by all grids ({@code union == false}) or by any of them ({@code union == true}), on
   * the reference's pixel lattice.
   *
   * <p>For an intersection, {@link #removeSurrounding} runs first. Every grid not
   * {@link PixelGrid#alignedWith aligned} with the reference is then {@link PixelGrid#reproject reprojected}
   * onto it, and the grids are folded with {@link PixelGrid#intersection} or {@link PixelGrid#union}. The
   * reference's own extent only counts if it is one of the grids; for RIOS's BOUNDS_FROM_REFERENCE footprint
   * the caller simply uses the reference.
   *
   * @throws ParameterException if {@code grids} is empty or the reference is null
   * @throws IntersectionException if the grids have no common area, or it is less than one pixel
   */
  public static PixelGrid findCommonRegion(List<PixelGrid> grids, PixelGrid reference, boolean union) {
    if (grids == null || grids.isEmpty()) {
      throw new ParameterException("findCommonRegion needs at least one grid");
    }
    if (reference == null) {
      throw new ParameterException("findCommonRegion needs a reference grid");
    }
    List<PixelGrid> candidates = union ? grids : removeSurrounding(grids);
    PixelGrid result = null;
    for (PixelGrid g : candidates) {
      PixelGrid onRef = g.alignedWith(reference) ? g : g.reproject(reference);
      if (result == null) {
        result = onRef;
        continue;
      }
      PixelGrid next = union ? result.union(onRef) : result.intersection(onRef);
      if (next == null) {
        // Both are on the reference's grid, so this means OSR judged projections inconsistently.
        throw new ParameterException("Grids (" + result + ") and (" + onRef
            + ") are not comparable although both match the reference grid's projection and pixel size");
      }
      result = next;
    }
    if (result.nrows() == 0 || result.ncols() == 0) {
      // A single grid snapped onto a much coarser reference can collapse to nothing.
      throw new IntersectionException("The common region (" + result + ") has no whole pixels");
    }
    return result;
  }
}

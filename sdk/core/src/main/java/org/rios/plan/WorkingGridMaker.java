package org.rios.plan;

import java.util.ArrayList;
import java.util.List;
import org.rios.errors.FileOpenException;
import org.rios.errors.IntersectionException;
import org.rios.errors.ParameterException;
import org.rios.errors.ResampleNeededException;
import org.rios.grid.GridRegions;
import org.rios.grid.PixelGrid;
import org.rios.grid.ProjectionFixes;
import org.rios.applier.Footprint;
import org.rios.applier.ApplierControls;

/**
 * Decides the working grid: projection, pixel size and alignment from the reference (pixel grid, image or
 * the first raster input), extent from the footprint rule over the raster inputs or the files-for-extent.
 * Vector inputs have no grid of their own and take no part: they are rasterized onto the result.
 */
final class WorkingGridMaker {
  private WorkingGridMaker() {}

  /**
   * @param all inputs in definition order, with their symbolic names; vectors are skipped
   */
  static PixelGrid make(List<NamedRaster> all, ApplierControls controls) {
    List<NamedRaster> inputs = new ArrayList<>();
    List<PixelGrid> grids = new ArrayList<>();
    for (NamedRaster r : all) {
      if (!r.isVector()) {
        inputs.add(r);
        grids.add(fixed(r.info().grid()));
      }
    }
    PixelGrid ref = reference(all, inputs, grids, controls);
    if (ref == null) {
      if (grids.isEmpty()) {
        // RIOS fails here with an index error; say what is missing instead.
        throw new ParameterException("With no raster inputs (vector inputs have no pixel grid of their own), a "
            + "reference image or pixel grid and footprint BOUNDS_FROM_REFERENCE are needed to define the "
            + "working grid");
      }
      ref = grids.get(0);
      for (int i = 1; i < grids.size(); i++) {
        PixelGrid g = grids.get(i);
        if (!(g.isComparable(ref) && g.alignedWith(ref))) {
          throw new ResampleNeededException("Input '" + inputs.get(i).label() + "' (" + inputs.get(i).info().filename()
              + ") is not on the same pixel grid as '" + inputs.get(0).label() + "' ("
              + inputs.get(0).info().filename() + "): must supply a reference image or pixelgrid "
              + "(ApplierControls.setReferenceImage / setReferencePixgrid) so inputs can be resampled");
        }
      }
    }
    List<String> inputLabels = new ArrayList<>();
    inputs.forEach(r -> inputLabels.add("input '" + r.label() + "' (" + r.info().filename() + ")"));
    if (controls.getFootprintType() == Footprint.BOUNDS_FROM_REFERENCE) {
      // a raster without a projection cannot be warped onto a grid with one, nor the other way round
      boolean refHasNone = ref.projection().isEmpty();
      if (grids.stream().anyMatch(g -> g.projection().isEmpty() != refHasNone)) {
        throw new ParameterException(withoutCommonProjection(grids, inputLabels, ref));
      }
      if (ref.nrows() == 0 || ref.ncols() == 0) {
        // the run would read and write nothing, and say nothing
        throw new ParameterException("The reference " + (controls.getReferencePixgrid() != null ? "pixel grid"
            : "image") + " of footprint BOUNDS_FROM_REFERENCE has no pixels (" + ref.nrows() + " rows, "
            + ref.ncols() + " columns): " + ref);
      }
      return ref;
    }
    List<PixelGrid> extentGrids = grids;
    List<String> extentLabels = new ArrayList<>(inputLabels);
    if (controls.getFilesForExtent() != null && !controls.getFilesForExtent().isEmpty()) {
      extentGrids = new ArrayList<>();
      extentLabels.clear();
      for (String f : controls.getFilesForExtent()) {
        try {
          extentGrids.add(fixed(PixelGrid.fromFile(f)));
        } catch (FileOpenException e) {
          throw new FileOpenException("setFilesForExtent: " + e.getMessage(), e);
        }
        extentLabels.add("file for extent " + f);
      }
    }
    if (extentGrids.isEmpty()) {
      throw new ParameterException("Footprint " + controls.getFootprintType() + " needs at least one raster input "
          + "or file for extent (vector inputs have no extent on the grid); use BOUNDS_FROM_REFERENCE with a "
          + "reference");
    }
    try {
      PixelGrid grid = GridRegions.findCommonRegion(extentGrids, ref, controls.getFootprintType() == Footprint.UNION);
      if (controls.getFootprintType() == Footprint.UNION) {
        warnIfMostlyEmpty(grid, extentGrids, extentLabels, controls);
      }
      return grid;
    } catch (IntersectionException e) {
      throw new IntersectionException(whichDoNotMeet(extentGrids, extentLabels, ref, controls.getFootprintType())
          + " (" + e.getMessage() + ")", e);
    } catch (ParameterException e) {
      throw new ParameterException(withoutCommonProjection(extentGrids, extentLabels, ref) + ": " + e.getMessage(), e);
    }
  }

  /** A union with this many times the inputs' own pixels is worth a warning... */
  private static final double MOSTLY_EMPTY_RATIO = 100;
  /** ...once it is this many pixels: below that, a sparse union costs little. */
  private static final double MOSTLY_EMPTY_MIN_PIXELS = 1e8;

  /**
   * Warns when a UNION grid has far more pixels than the inputs themselves: inputs far apart, or one in
   * another projection or at a much coarser pixel size whose extent becomes huge on the reference grid (a
   * global lat/long layer on a 10 m UTM grid gives ~10^12 pixels), so the run would read, compute and write
   * little but fill for hours. The input whose extent is widest on the grid is named.
   */
  private static void warnIfMostlyEmpty(PixelGrid grid, List<PixelGrid> grids, List<String> labels,
      ApplierControls controls) {
    double pixels = (double) grid.nrows() * grid.ncols();
    if (pixels < MOSTLY_EMPTY_MIN_PIXELS) {
      return;
    }
    double own = 0;
    double widestArea = -1;
    String widest = labels.get(0);
    for (int i = 0; i < grids.size(); i++) {
      PixelGrid g = grids.get(i);
      own += (double) g.nrows() * g.ncols();
      try {
        PixelGrid onGrid = g.alignedWith(grid) ? g : g.reproject(grid);
        double area = (double) onGrid.nrows() * onGrid.ncols();
        if (area > widestArea) {
          widestArea = area;
          widest = labels.get(i);
        }
      } catch (RuntimeException e) {
        // its extent cannot be put on the grid: named by the union's own failure, not here
      }
    }
    if (pixels >= MOSTLY_EMPTY_RATIO * own) {
      org.rios.progress.Progress.warn(controls.getProgress(), String.format(java.util.Locale.ROOT,
          "the working grid of footprint UNION is %d x %d pixels, %.0f times the pixels of the inputs "
              + "themselves: most of it is fill (inputs far apart, or one in another projection or at a much "
              + "coarser pixel size; the widest on the grid is %s); check the inputs, or use INTERSECTION or "
              + "BOUNDS_FROM_REFERENCE", grid.ncols(), grid.nrows(), pixels / Math.max(1, own), widest));
    }
  }

  /**
   * Names the rasters that cannot be put on the reference grid because one of the two has no projection (a
   * grid without one cannot be transformed to or from one that has it).
   */
  private static String withoutCommonProjection(List<PixelGrid> grids, List<String> labels, PixelGrid ref) {
    List<String> culprits = new ArrayList<>();
    for (int i = 0; i < grids.size(); i++) {
      if (grids.get(i).projection().isEmpty() != ref.projection().isEmpty()) {
        culprits.add(labels.get(i) + (grids.get(i).projection().isEmpty() ? " has no projection" : " has a projection"));
      }
    }
    if (culprits.isEmpty()) {
      // every grid has a projection: name those that cannot be put on the reference grid (outside the area
      // their projection and the reference's can be transformed between)
      for (int i = 0; i < grids.size(); i++) {
        PixelGrid g = grids.get(i);
        try {
          if (!g.alignedWith(ref)) {
            g.reproject(ref);
          }
        } catch (RuntimeException e) {
          culprits.add(labels.get(i) + ", in " + g.projectionName());
        }
      }
      return culprits.isEmpty() ? "Cannot put the inputs on the working grid"
          : "Cannot put " + String.join(" or ", culprits) + " on the reference grid, in "
          + ref.projectionName();
    }
    return String.join(", ", culprits) + (ref.projection().isEmpty() ? ", the reference grid has none"
        : ", the reference grid has one") + "; give every input a projection (or none)";
  }

  /**
   * Names the rasters behind an empty footprint: the first pair (on the reference grid) that does not
   * overlap, and every extent, so one misplaced input among many can be found.
   */
  private static String whichDoNotMeet(List<PixelGrid> grids, List<String> labels, PixelGrid ref, Footprint type) {
    List<PixelGrid> onRef = new ArrayList<>();
    for (PixelGrid g : grids) {
      try {
        onRef.add(g.alignedWith(ref) ? g : g.reproject(ref));
      } catch (RuntimeException e) {
        onRef.add(g);
      }
    }
    StringBuilder sb = new StringBuilder("Footprint " + type + " is empty: ");
    String pair = null;
    for (int i = 0; i < onRef.size() && pair == null; i++) {
      for (int j = i + 1; j < onRef.size() && pair == null; j++) {
        PixelGrid a = onRef.get(i);
        PixelGrid b = onRef.get(j);
        if (a.xMin() >= b.xMax() || b.xMin() >= a.xMax() || a.yMin() >= b.yMax() || b.yMin() >= a.yMax()) {
          pair = labels.get(i) + " and " + labels.get(j) + " do not overlap";
        }
      }
    }
    sb.append(pair != null ? pair : "the rasters have no whole pixel in common on the reference grid");
    sb.append("; extents on the working grid's projection:");
    for (int i = 0; i < onRef.size(); i++) {
      PixelGrid g = onRef.get(i);
      sb.append(' ').append(labels.get(i)).append(" x ").append(g.xMin()).append("..").append(g.xMax())
          .append(", y ").append(g.yMin()).append("..").append(g.yMax()).append(i + 1 < onRef.size() ? ";" : "");
    }
    return sb.toString();
  }

  /** The grid with the GDA94 projection fix applied (so Imagine's GDA94 compares equal to EPSG's). */
  static PixelGrid fixed(PixelGrid g) {
    String wkt = ProjectionFixes.specialProjFixes(g.projection());
    return wkt == null || wkt.equals(g.projection()) ? g : new PixelGrid(wkt, g.geoTransform(), g.nrows(), g.ncols());
  }

  /**
   * The reference grid: the reference pixel grid, else that of the raster input the reference image names (by
   * name or file), else of the raster file it names. A vector input it names is refused as such: a vector has
   * no pixel grid to define the working grid.
   */
  private static PixelGrid reference(List<NamedRaster> all, List<NamedRaster> inputs, List<PixelGrid> grids,
      ApplierControls controls) {
    if (controls.getReferencePixgrid() != null) {
      return controls.getReferencePixgrid();
    }
    String refName = controls.getReferenceImage();
    if (refName == null) {
      return null;
    }
    PixelGrid found = null;
    for (int i = 0; i < inputs.size(); i++) {
      NamedRaster r = inputs.get(i);
      if (refName.equals(r.name()) || refName.equals(r.info().filename())) {
        found = grids.get(i); // last match wins, as in RIOS
      }
    }
    if (found != null) {
      return found;
    }
    for (NamedRaster v : all) {
      if (v.isVector() && (refName.equals(v.name()) || refName.equals(v.vector().filename()))) {
        throw new ParameterException("Reference image '" + refName + "' is the vector input '" + v.name()
            + "': a vector has no pixel grid to define the working grid; name a raster input, or set a "
            + "reference pixel grid (setReferencePixgrid)");
      }
    }
    try {
      return PixelGrid.fromFile(refName);
    } catch (ParameterException e) {
      // it opened, but its georeferencing cannot define a grid (south-up, rotated)
      throw new ParameterException("Reference image: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new FileOpenException("Reference image '" + refName + "' is neither an input name, an input file "
          + "nor a raster that can be opened: " + e.getMessage(), e);
    }
  }

  /**
   * An input and the symbolic name it was given: a raster ({@code info}) or, before it is planned, a vector
   * ({@code vector}, with {@code info} null).
   */
  record NamedRaster(String name, Integer seq, RasterFileInfo info, VectorInputLayer vector) {
    NamedRaster(String name, Integer seq, RasterFileInfo info) {
      this(name, seq, info, null);
    }

    boolean isVector() {
      return vector != null;
    }

    String label() {
      return seq == null ? name : name + "[" + seq + "]";
    }
  }
}

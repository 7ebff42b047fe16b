package org.rios.applier;

import java.util.ArrayList;
import java.util.List;
import org.rios.errors.FileOpenException;
import org.rios.errors.ParameterException;
import org.rios.errors.ResampleNeededException;
import org.rios.gdal.RasterFileInfo;
import org.rios.gdal.vector.VectorLayerInfo;
import org.rios.grid.GridRegions;
import org.rios.grid.PixelGrid;
import org.rios.grid.ProjectionFixes;

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
    PixelGrid ref = reference(inputs, grids, controls);
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
    if (controls.getFootprintType() == Footprint.BOUNDS_FROM_REFERENCE) {
      return ref;
    }
    List<PixelGrid> extentGrids = grids;
    if (controls.getFilesForExtent() != null && !controls.getFilesForExtent().isEmpty()) {
      extentGrids = new ArrayList<>();
      for (String f : controls.getFilesForExtent()) {
        extentGrids.add(fixed(PixelGrid.fromFile(f)));
      }
    }
    if (extentGrids.isEmpty()) {
      throw new ParameterException("Footprint " + controls.getFootprintType() + " needs at least one raster input "
          + "or file for extent (vector inputs have no extent on the grid); use BOUNDS_FROM_REFERENCE with a "
          + "reference");
    }
    return GridRegions.findCommonRegion(extentGrids, ref, controls.getFootprintType() == Footprint.UNION);
  }

  /** The grid with the GDA94 projection fix applied (so Imagine's GDA94 compares equal to EPSG's). */
  static PixelGrid fixed(PixelGrid g) {
    String wkt = ProjectionFixes.specialProjFixes(g.projection());
    return wkt == null || wkt.equals(g.projection()) ? g : new PixelGrid(wkt, g.geoTransform(), g.nrows(), g.ncols());
  }

  private static PixelGrid reference(List<NamedRaster> inputs, List<PixelGrid> grids, ApplierControls controls) {
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
    try {
      return PixelGrid.fromFile(refName);
    } catch (RuntimeException e) {
      throw new FileOpenException("Reference image '" + refName + "' is neither an input name, an input file "
          + "nor a raster that can be opened: " + e.getMessage(), e);
    }
  }

  /**
   * An input and the symbolic name it was given: a raster ({@code info}) or, before it is planned, a vector
   * ({@code vector}, with {@code info} null).
   */
  record NamedRaster(String name, Integer seq, RasterFileInfo info, VectorLayerInfo vector) {
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

package org.rios.io;

import java.util.Vector;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.WarpOptions;
import org.gdal.gdal.gdal;
import org.rios.errors.GdalWarpException;
import org.rios.grid.PixelGrid;
import org.rios.grid.ProjectionFixes;
import org.rios.plan.WarpSpec;

/**
 * Builds an in-memory GDAL warped VRT that presents an input on exactly the working grid. Nothing is
 * written to disk, so every reading thread (or process) can build its own from the plan.
 */
final class InputWarper {
  private InputWarper() {}

  static Dataset warp(Dataset src, String filename, WarpSpec spec, PixelGrid grid) {
    Vector<String> args = new Vector<>();
    add(args, "-of", "VRT");
    if (!(spec.srcWkt().isEmpty() && grid.projection().isEmpty())) { // "" when none (PixelGrid)
      // rasters without a projection are resampled in their common coordinates: GDAL refuses an empty SRS
      // the target passes through the GDA94 fix as the source did (the working grid of an external reference
      // image keeps its file's text): else GDAL shifts by Imagine's TOWGS84 between two names of one datum
      add(args, "-s_srs", spec.srcWkt());
      add(args, "-t_srs", ProjectionFixes.specialProjFixes(grid.projection()));
    }
    args.add("-te");
    args.add(Double.toString(grid.xMin()));
    args.add(Double.toString(grid.yMin()));
    args.add(Double.toString(grid.xMax()));
    args.add(Double.toString(grid.yMax()));
    args.add("-tr");
    args.add(Double.toString(grid.xRes()));
    args.add(Double.toString(grid.yRes()));
    add(args, "-r", spec.resampleMethod());
    add(args, "-ovr", spec.allowOverviews() ? "AUTO" : "NONE");
    add(args, "-ot", spec.pixelType());
    if (spec.nodata() != null) {
      add(args, "-srcnodata", spec.nodata());
      add(args, "-dstnodata", spec.nodata());
    }
    Dataset out;
    try {
      out = gdal.Warp("", new Dataset[] {src}, new WarpOptions(args));
    } catch (RuntimeException e) {
      String why = e.getMessage() != null ? e.getMessage() : gdal.GetLastErrorMsg();
      throw new GdalWarpException("Could not reproject " + filename + " onto the working grid (" + grid + "): "
          + why, e);
    }
    if (out == null) {
      throw new GdalWarpException("Could not reproject " + filename + " onto the working grid: "
          + gdal.GetLastErrorMsg());
    }
    return out;
  }

  private static void add(Vector<String> args, String flag, String value) {
    args.add(flag);
    args.add(value);
  }
}

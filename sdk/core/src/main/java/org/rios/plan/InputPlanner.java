package org.rios.plan;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.rios.gdal.GdalRuntime;
import org.rios.array.DataType;
import org.rios.errors.GdalLayerNumberException;
import org.rios.errors.ParameterException;
import org.rios.grid.PixelGrid;
import org.rios.applier.ApplierControls;

/**
 * Turns one opened input into an {@link InputSpec}: which bands, which pixel type, which null and fill
 * values, where the file sits on the working grid, and whether (and how) it must be reprojected.
 *
 * <p>A vector is planned as the one-band raster its rasterization will be (pixel type = vector datatype,
 * NoData = vector null, grid in the vector's projection), so the read rules below, warping included, apply
 * to it unchanged; its {@link VectorSpec} tells the reader how to make that raster.
 */
final class InputPlanner {
  private InputPlanner() {}

  static InputSpec plan(WorkingGridMaker.NamedRaster in, PixelGrid working, ApplierControls controls) {
    return in.isVector() ? planVector(in, working, controls) : plan(in, working, controls, null);
  }

  /**
   * RIOS ignores a vector setting given for an input name that holds no vector: the run looks right and is
   * not what was asked. (A list may mix rasters and vectors: its name may carry vector settings.)
   */
  private static void checkVectorSettings(List<WorkingGridMaker.NamedRaster> inputs, ApplierControls controls) {
    for (String option : ApplierControls.VECTOR_OPTIONS) {
      for (String name : controls.imagenamesFor(option)) {
        List<WorkingGridMaker.NamedRaster> named = inputs.stream().filter(r -> r.name().equals(name)).toList();
        if (!named.isEmpty() && named.stream().noneMatch(WorkingGridMaker.NamedRaster::isVector)) {
          throw new org.rios.errors.ParameterException("Setting '" + option + "' given for input '" + name + "' ("
              + named.get(0).info().filename() + "), which is a raster: it applies to vector inputs only");
        }
      }
    }
  }

  private static InputSpec planVector(WorkingGridMaker.NamedRaster in, PixelGrid working, ApplierControls c) {
    String name = in.name();
    VectorInputLayer layer = in.vector();
    Double burnValue = c.getOptionForImagename(ApplierControls.BURN_VALUE, name);
    String attribute = c.getOptionForImagename(ApplierControls.BURN_ATTRIBUTE, name);
    double vectorNull = c.<Double>getOptionForImagename(ApplierControls.VECTOR_NULL, name);
    VectorFilter filter = VectorFilter.parse(c.getOptionForImagename(ApplierControls.FILTER_SQL, name));
    boolean allTouched = c.<Boolean>getOptionForImagename(ApplierControls.ALL_TOUCHED, name);
    DataType type = c.getOptionForImagename(ApplierControls.VECTOR_DATATYPE, name);
    checkFits("setBurnValue", attribute != null ? null : burnValue, type, name);
    checkFits("setVectorNull", vectorNull, type, name);
    if (type.isInteger() && !Double.isNaN(vectorNull) && vectorNull != Math.rint(vectorNull)) {
      // GDAL rounds it where it rasterizes (2.5 to 3) and the fill outside truncates it (to 2): two backgrounds
      throw new org.rios.errors.ParameterException("setVectorNull for vector '" + name + "' is " + format(vectorNull)
          + ", not a whole number, which its raster type " + type + " cannot hold; give a whole number or "
          + "setVectorDatatype to a float type");
    }
    VectorGridPlanner.Placement placed = VectorGridPlanner.plan(layer, working);
    PixelGrid grid = placed.grid();
    String nothingToBurn = placed.nothingToBurn();
    if (nothingToBurn == null
        && !layer.anyFeatureWithin(filter, grid.xMin(), grid.yMin(), grid.xMax(), grid.yMax())) {
      // the layer's extent (the whole layer's, whatever a WHERE filter selects) spans the grid, its features not
      nothingToBurn = "has no feature " + (filter.sql() != null || filter.where() != null ? "its filter selects "
          : "") + "within the working grid";
    }
    if (nothingToBurn != null) {
      // RIOS burns nothing here without a word; a run over the wrong vector, layer or filter should not look right
      org.rios.progress.Progress.warn(c.getProgress(), "vector '" + name + "' (" + layer.filename() + ", layer " + layer.layerName() + ") "
          + nothingToBurn + ": every pixel of it reads as the vector null, " + format(vectorNull));
    }
    VectorSpec vector = new VectorSpec(layer.filename(), layer.layerName(), attribute != null ? null : burnValue,
        attribute, vectorNull, filter.sql(), filter.where(), allTouched, type, grid);
    RasterFileInfo rasterized = new RasterFileInfo(layer.filename(), grid, 1, new Double[] {vectorNull},
        new int[] {GdalRuntime.gdalTypeCode(type)});
    return plan(new WorkingGridMaker.NamedRaster(name, in.seq(), rasterized), working, c, vector);
  }

  /** A value to burn into a vector's raster must fit its type: GDAL would clamp it (1000 to 255 in Byte). */
  private static void checkFits(String setting, Double value, DataType type, String image) {
    if (value != null && type.isInteger() && (value < type.minValue() || value > type.maxValue())) {
      throw new org.rios.errors.ParameterException(setting + " for vector '" + image + "' is "
          + format(value) + ", outside the range of its raster type " + type + " (" + format(type.minValue())
          + " to " + format(type.maxValue()) + "); choose another value or setVectorDatatype");
    }
  }

  private static InputSpec plan(WorkingGridMaker.NamedRaster in, PixelGrid working, ApplierControls controls,
      VectorSpec vector) {
    String name = in.name();
    int nFileBands = in.info().bandCount();
    int[] bands = selectedBands(in, controls);
    DataType type = GdalRuntime.dataTypeOf(in.info().gdalTypes()[bands[0] - 1],
        "band " + bands[0] + " of " + in.info().filename());

    Object override = controls.getOptionForImagename(ApplierControls.INPUT_NODATA, name);
    Double[] fileNulls = in.info().nullValues();

    // Nulls reported to the user function: per selected band.
    Double[] nulls = new Double[bands.length];
    for (int i = 0; i < bands.length; i++) {
      nulls[i] = overrideAt(override, i, bands.length, "selected band", in);
      if (override == null) {
        nulls[i] = fileNulls[bands[i] - 1];
      }
    }

    PixelGrid fileGrid = WorkingGridMaker.fixed(in.info().grid());
    boolean warp = !(fileGrid.equalPixSize(working) && fileGrid.equalProjection(working)
        && fileGrid.alignedWith(working));
    WarpSpec warpSpec = null;
    Double[] fileBandNulls = new Double[nFileBands]; // nulls of the dataset actually read, per file band
    if (warp) {
      // The warp null list is per *file* band (a list override is indexed by file band here; as RIOS hands the
      // list to GDAL's warp, which gives the bands beyond a shorter list its last value, so does this).
      boolean any = false;
      for (int b = 0; b < nFileBands; b++) {
        fileBandNulls[b] = override != null ? warpNullAt(override, b, in) : fileNulls[b];
        any |= fileBandNulls[b] != null;
      }
      String nodata = null;
      if (any) {
        StringBuilder s = new StringBuilder();
        for (Double v : fileBandNulls) {
          s.append(s.length() == 0 ? "" : " ").append(v == null ? "None" : format(v));
        }
        nodata = s.toString();
        if (nodata.contains("None")) {
          // GDAL needs a value per band; a band without a null gets none of its pixels masked.
          nodata = nodata.replace("None", "nan");
        }
      }
      String method = controls.getOptionForImagename(ApplierControls.RESAMPLE_METHOD, name);
      warpSpec = new WarpSpec(fileGrid.projection(), method == null ? "near" : method, nodata,
          controls.isAllowOverviewsGdalwarp(), type.gdalName());
    } else {
      System.arraycopy(fileNulls, 0, fileBandNulls, 0, nFileBands);
    }

    // Fill for pixels outside the file: the override per selected band, else the (warped) dataset's null.
    double[] fill = new double[bands.length];
    for (int i = 0; i < bands.length; i++) {
      Double v = override != null ? nulls[i] : fileBandNulls[bands[i] - 1];
      fill[i] = v == null || v.isNaN() && type.isInteger() ? 0 : v;
    }

    int xOff = 0;
    int yOff = 0;
    int fileCols = working.ncols();
    int fileRows = working.nrows();
    if (!warp) {
      // Python-style round (half to even) as RIOS uses for these offsets.
      xOff = (int) Math.rint((fileGrid.xMin() - working.xMin()) / working.xRes());
      yOff = (int) Math.rint((working.yMax() - fileGrid.yMax()) / working.yRes());
      fileCols = fileGrid.ncols();
      fileRows = fileGrid.nrows();
    }
    if (controls.getFootprintType() == org.rios.applier.Footprint.BOUNDS_FROM_REFERENCE) {
      warnIfOutside(name, in.info().filename(), fileGrid, working, warp, fill, controls);
    }
    return new InputSpec(name, in.seq(), in.info().filename(), bands, type, fill, nulls, xOff, yOff, fileCols,
        fileRows, warpSpec, vector);
  }

  /**
   * Warns that an input lies wholly outside the reference's bounds (BOUNDS_FROM_REFERENCE, the only footprint
   * that can leave one out): every array it gives is its fill, as in RIOS, which says nothing.
   */
  private static void warnIfOutside(String name, String filename, PixelGrid fileGrid, PixelGrid working,
      boolean warp, double[] fill, ApplierControls controls) {
    PixelGrid footprint;
    try {
      footprint = warp ? fileGrid.reproject(working, false) : fileGrid;
    } catch (RuntimeException e) {
      return; // its extent cannot be put in the working projection: the warp itself says what is wrong
    }
    if (footprint.xMax() <= working.xMin() || footprint.xMin() >= working.xMax()
        || footprint.yMax() <= working.yMin() || footprint.yMin() >= working.yMax()) {
      org.rios.progress.Progress.warn(controls.getProgress(), "input '" + name + "' (" + filename + ") lies "
          + "wholly outside the reference's bounds (footprint BOUNDS_FROM_REFERENCE): every array it gives holds "
          + "only its fill value " + java.util.Arrays.toString(fill));
    }
  }

  private static int[] selectedBands(WorkingGridMaker.NamedRaster in, ApplierControls controls) {
    List<Integer> sel = controls.getOptionForImagename(ApplierControls.LAYER_SELECTION, in.name());
    int n = in.info().bandCount();
    if (sel == null) {
      int[] all = new int[n];
      for (int i = 0; i < n; i++) {
        all[i] = i + 1;
      }
      return all;
    }
    if (sel.isEmpty()) {
      throw new ParameterException("Layer selection for '" + in.name() + "' is empty");
    }
    int[] out = new int[sel.size()];
    for (int i = 0; i < out.length; i++) {
      Integer b = sel.get(i);
      if (b == null || b < 1 || b > n) {
        throw new GdalLayerNumberException("Layer selection for '" + in.name() + "' asks for band " + b + " but "
            + in.info().filename() + " has bands 1.." + n);
      }
      out[i] = b;
    }
    return out;
  }

  /** Entry {@code i} of an inputnodata override (a scalar applies to every band); null when no override. */
  @SuppressWarnings("unchecked")
  private static Double overrideAt(Object override, int i, int count, String what,
      WorkingGridMaker.NamedRaster in) {
    if (override == null) {
      return null;
    }
    if (override instanceof Double) {
      return (Double) override;
    }
    List<Double> list = (List<Double>) override;
    if (i >= list.size()) {
      throw new ParameterException("Input null value list for '" + in.name() + "' has " + list.size()
          + " values but " + count + " are needed (one per " + what + " of " + in.info().filename() + ")");
    }
    return list.get(i);
  }

  /**
   * File band {@code b}'s null in the warp from a null override: the value, or the list's entry for the band,
   * its last entry for a band beyond it (GDAL's warp fills a short {@code -srcnodata} list so).
   */
  @SuppressWarnings("unchecked")
  private static Double warpNullAt(Object override, int b, WorkingGridMaker.NamedRaster in) {
    if (override instanceof List<?> list && !list.isEmpty()) {
      return ((List<Double>) list).get(Math.min(b, list.size() - 1));
    }
    return overrideAt(override, b, in.info().bandCount(), "file band", in);
  }

  private static String format(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  static List<InputSpec> planAll(List<WorkingGridMaker.NamedRaster> inputs, PixelGrid working,
      ApplierControls controls) {
    checkVectorSettings(inputs, controls);
    List<InputSpec> out = new ArrayList<>();
    for (WorkingGridMaker.NamedRaster r : inputs) {
      out.add(plan(r, working, controls));
    }
    return out;
  }
}

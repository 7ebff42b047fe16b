package org.rios.fileinfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.osr.CoordinateTransformation;
import org.gdal.osr.SpatialReference;
import org.gdal.osr.osrConstants;
import org.rios.errors.GdalLayerNumberException;
import org.rios.errors.ParameterException;
import org.rios.gdal.GdalRuntime;
import org.rios.plan.RasterFileInfo;

/**
 * A description of a raster file: its grid, band count, band names, per-band NoData values and pixel type,
 * read once when constructed (the file is closed again straight away). RIOS's {@code fileinfo.ImageInfo}.
 *
 * <pre>{@code
 * ImageInfo info = new ImageInfo("dem.tif");
 * info.ncols(); info.nrows(); info.xRes();            // grid
 * info.noDataValue(1);                                // band 1 NoData or null
 * int b = info.layerNumberFromName("NIR");            // 0 if no band has that name
 * double[] c = info.getCorners("EPSG:4326");          // ul, ur, lr, ll corners as lon/lat
 * System.out.println(info);                           // a readable table
 * }</pre>
 *
 * <p>The transform is the file's own, rotated or south-up; the extent ignores any rotation terms, as RIOS does,
 * and its edges are where they lie (RIOS takes the origin of a south-up raster for its top edge).
 */
public final class ImageInfo {
  private final String filename;
  private final int bandCount;
  private final String projection;
  private final boolean omitPerBand;
  /** As the file holds it: rotated or south-up transforms are reported, not refused or normalised. */
  private final double[] transform;
  private final int nrows;
  private final int ncols;
  private final List<String> layerNames;
  private final List<Double> noDataValues;
  private final String layerType;
  private final int dataType;
  private final String dataTypeName;

  /** Reads everything, including the per-band names and NoData values. */
  public ImageInfo(String filename) {
    this(filename, false);
  }

  /**
   * Reads the file's description. With {@code omitPerBand} the band names and NoData values are not read
   * (much quicker for VRT stacks of thousands of bands); {@link #layerNames()} and {@link #noDataValues()}
   * are then null and the name lookups throw {@link ParameterException}.
   *
   * @throws org.rios.errors.FileOpenException if the file is missing or not a raster GDAL can open
   */
  public ImageInfo(String filename, boolean omitPerBand) {
    GdalRuntime.ensureLoaded();
    this.omitPerBand = omitPerBand;
    Dataset ds = RasterFileInfo.openRaster(filename);
    try {
      this.filename = filename;
      bandCount = ds.GetRasterCount();
      transform = ds.GetGeoTransform();
      projection = ds.GetProjection() == null ? "" : ds.GetProjection();
      nrows = ds.getRasterYSize();
      ncols = ds.getRasterXSize();
      if (omitPerBand) {
        layerNames = null;
        noDataValues = null;
      } else {
        List<String> names = new ArrayList<>(bandCount);
        List<Double> nulls = new ArrayList<>(bandCount);
        for (int b = 1; b <= bandCount; b++) {
          Band band = ds.GetRasterBand(b);
          String d = band.GetDescription();
          names.add(d == null ? "" : d);
          Double[] nd = new Double[1];
          band.GetNoDataValue(nd);
          nulls.add(nd[0]);
        }
        layerNames = Collections.unmodifiableList(names);
        noDataValues = Collections.unmodifiableList(nulls);
      }
      Band first = ds.GetRasterBand(1);
      layerType = first.GetMetadataItem("LAYER_TYPE");
      dataType = first.getDataType();
      dataTypeName = riosTypeName(dataType);
    } finally {
      ds.delete();
    }
  }

  public String filename() { return filename; }

  /** Left edge. */
  public double xMin() { return Math.min(transform[0], transform[0] + ncols * transform[1]); }

  /** Right edge: xMin + ncols * xRes. */
  public double xMax() { return Math.max(transform[0], transform[0] + ncols * transform[1]); }

  /**
   * Bottom edge: yMax - nrows * yRes (for a south-up raster, the transform's origin; for one GDAL gives no
   * georeferencing, -nrows, as RIOS and the applier's grid read it).
   */
  public double yMin() {
    return noGeoreferencing() ? -nrows * transform[5] : Math.min(transform[3], transform[3] + nrows * transform[5]);
  }

  /** Top edge (for a north-up raster, the transform's origin; 0 for one without georeferencing). */
  public double yMax() {
    return noGeoreferencing() ? transform[3] : Math.max(transform[3], transform[3] + nrows * transform[5]);
  }

  /**
   * Whether the transform is GDAL's default for a raster without georeferencing, {0, 1, 0, 0, 0, 1} (a plain
   * PNG, a GTiff without one): its positive y step is not a south-up raster, and RIOS reads it north-up from 0.
   */
  private boolean noGeoreferencing() {
    return java.util.Arrays.equals(transform, new double[] {0, 1, 0, 0, 0, 1});
  }

  /** Pixel width (positive). */
  public double xRes() { return Math.abs(transform[1]); }

  /** Pixel height (positive). */
  public double yRes() { return Math.abs(transform[5]); }

  public int nrows() { return nrows; }

  public int ncols() { return ncols; }

  /** GDAL geotransform (a copy). */
  public double[] transform() { return transform.clone(); }

  /** Projection WKT as stored in the file ("" if none). */
  public String projection() { return projection; }

  public int rasterCount() { return bandCount; }

  /** Band descriptions (index 0 = band 1); null when constructed with omitPerBand. */
  public List<String> layerNames() { return layerNames; }

  /** Per-band NoData (index 0 = band 1, null entries where unset); null when constructed with omitPerBand. */
  public List<Double> noDataValues() { return noDataValues; }

  /** NoData of band {@code band} (1-based), or null if it has none. */
  public Double noDataValue(int band) {
    requirePerBand();
    checkBand(band);
    return noDataValues.get(band - 1);
  }

  /** Band 1's LAYER_TYPE metadata ("thematic" / "athematic"), or null. */
  public String layerType() { return layerType; }

  /** Band 1's GDAL pixel type code (GDT_*). */
  public int dataType() { return dataType; }

  /**
   * Band 1's pixel type by RIOS's name for it: "UnsignedByte", "UnsignedInt16", "SignedInt16",
   * "UnsignedInt32", "SignedInt32", "Float32", "Float64", "ComplexInt16", "ComplexInt32", "ComplexFloat32",
   * "ComplexFloat64" (RIOS's list, indexed by GDAL's type code), and in the same manner "UnsignedInt64",
   * "SignedInt64" and "SignedByte" for the types RIOS's list stops short of; GDAL's own name is
   * {@code gdal.GetDataTypeName(dataType())}.
   */
  public String dataTypeName() { return dataTypeName; }

  /** RIOS's name of GDAL type {@code code} (see {@link #dataTypeName}), GDAL's for a code it has none for. */
  static String riosTypeName(int code) {
    String[] rios = {"Unknown", "UnsignedByte", "UnsignedInt16", "SignedInt16", "UnsignedInt32", "SignedInt32",
        "Float32", "Float64", "ComplexInt16", "ComplexInt32", "ComplexFloat32", "ComplexFloat64",
        "UnsignedInt64", "SignedInt64", "SignedByte"};
    return code >= 0 && code < rios.length ? rios[code] : gdal.GetDataTypeName(code);
  }

  /** Whether the file was read without per-band details. */
  public boolean omitPerBand() { return omitPerBand; }

  /** The 1-based number of the first band named {@code name}, or 0 if no band has that name. */
  public int layerNumberFromName(String name) {
    requirePerBand();
    int i = layerNames.indexOf(name);
    return i + 1;
  }

  /**
   * The name of band {@code number} (1-based).
   *
   * @throws GdalLayerNumberException if there is no such band
   */
  public String layerNameFromNumber(int number) {
    requirePerBand();
    checkBand(number);
    return layerNames.get(number - 1);
  }

  private void checkBand(int number) {
    if (number < 1 || number > rasterCount()) {
      throw new GdalLayerNumberException("Layer number " + number + " is out of range for " + filename()
          + ", which has " + rasterCount() + " band(s) (numbered from 1)");
    }
  }

  private void requirePerBand() {
    if (omitPerBand) {
      throw new ParameterException("Band names and NoData values of " + filename()
          + " were not read (ImageInfo constructed with omitPerBand=true)");
    }
  }

  /**
   * The four corners in the file's own projection: {ulX, ulY, urX, urY, lrX, lrY, llX, llY}.
   */
  public double[] getCorners() {
    return new double[] {xMin(), yMax(), xMax(), yMax(), xMax(), yMin(), xMin(), yMin()};
  }

  /**
   * The four corners ({ulX, ulY, urX, urY, lrX, lrY, llX, llY}) transformed to {@code outSrs}, given as WKT,
   * {@code "EPSG:n"}, a PROJ.4 string or anything else OSR's SetFromUserInput understands. Traditional GIS
   * axis order (x = easting/longitude) is used on both sides. A null or blank {@code outSrs} gives the corners
   * untransformed.
   *
   * @throws ParameterException if {@code outSrs} cannot be parsed, the file has no projection, or a corner
   *     cannot be transformed
   */
  public double[] getCorners(String outSrs) {
    if (outSrs == null || outSrs.isBlank()) {
      return getCorners();
    }
    SpatialReference dst = new SpatialReference();
    try {
      try {
        if (dst.SetFromUserInput(outSrs) != 0) {
          throw new ParameterException("Output projection '" + InfoFormat.abbreviate(outSrs)
              + "' is not understood");
        }
      } catch (RuntimeException e) {
        if (e instanceof ParameterException) {
          throw e;
        }
        throw new ParameterException("Output projection '" + InfoFormat.abbreviate(outSrs)
            + "' is not understood: " + e.getMessage(), e);
      }
      return transformCorners(dst);
    } finally {
      dst.delete();
    }
  }

  /** {@link #getCorners(String)} with an EPSG code. */
  public double[] getCorners(int outEpsg) {
    return getCorners("EPSG:" + outEpsg);
  }

  private double[] transformCorners(SpatialReference dst) {
    if (projection().isBlank()) {
      throw new ParameterException("Cannot reproject the corners of " + filename()
          + ": the file has no projection");
    }
    SpatialReference src = new SpatialReference(projection());
    CoordinateTransformation ct = null;
    try {
      src.SetAxisMappingStrategy(osrConstants.OAMS_TRADITIONAL_GIS_ORDER);
      dst.SetAxisMappingStrategy(osrConstants.OAMS_TRADITIONAL_GIS_ORDER);
      ct = CoordinateTransformation.CreateCoordinateTransformation(src, dst);
      if (ct == null) {
        throw new ParameterException("No transformation from the projection of " + filename()
            + " to the requested output projection");
      }
      double[] c = getCorners();
      double[] out = new double[8];
      for (int i = 0; i < 8; i += 2) {
        double[] p = ct.TransformPoint(c[i], c[i + 1]);
        if (!Double.isFinite(p[0]) || !Double.isFinite(p[1])) {
          throw new ParameterException("Corner (" + c[i] + ", " + c[i + 1] + ") of " + filename()
              + " cannot be transformed to the requested projection");
        }
        out[i] = p[0];
        out[i + 1] = p[1];
      }
      return out;
    } catch (RuntimeException e) {
      if (e instanceof ParameterException) {
        throw e;
      }
      throw new ParameterException("Cannot transform the corners of " + filename() + ": " + e.getMessage(),
          e);
    } finally {
      if (ct != null) {
        ct.delete();
      }
      src.delete();
    }
  }

  /** A short name of the projection: "name (AUTH:code)" when OSR can tell, else the start of the WKT. */
  public String projectionName() {
    return InfoFormat.srsName(projection());
  }

  /** A readable multi-line table of the file's description (and one row per band unless omitPerBand). */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    row(b, "File", filename());
    row(b, "Size", ncols + " columns x " + nrows + " rows, " + rasterCount() + " band(s)");
    row(b, "Data type", dataTypeName);
    row(b, "Layer type", layerType == null ? "(not set)" : layerType);
    row(b, "Pixel size", InfoFormat.num(xRes()) + " x " + InfoFormat.num(yRes()));
    row(b, "Extent", "xMin " + InfoFormat.num(xMin()) + ", xMax " + InfoFormat.num(xMax()) + ", yMin "
        + InfoFormat.num(yMin()) + ", yMax " + InfoFormat.num(yMax()));
    row(b, "Transform", Arrays.toString(transform));
    row(b, "Projection", projectionName());
    if (!omitPerBand) {
      b.append(String.format("%-6s %-24s %s%n", "Band", "Name", "NoData"));
      for (int i = 0; i < rasterCount(); i++) {
        Double nd = noDataValues.get(i);
        b.append(String.format("%-6d %-24s %s%n", i + 1, layerNames.get(i),
            nd == null ? "None" : InfoFormat.num(nd)));
      }
    }
    return b.toString();
  }

  private static void row(StringBuilder b, String label, String value) {
    b.append(String.format("%-11s: %s%n", label, value));
  }
}

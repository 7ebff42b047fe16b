package org.rios.testutil;

import java.io.File;
import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.Driver;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.gdal.osr.SpatialReference;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.gdal.GdalRuntime;
import org.rios.gdal.RasterIO;

/**
 * Test rasters made with GDAL directly (not through the applier), mirroring RIOS's test fixtures: the
 * standard 500 x 500 Byte HFA raster in EPSG:28355 at (500000, 7000000) with 10 m pixels, ramps, row/col
 * images.
 */
public final class TestRasters {
  public static final int STD_ROWS = 500;
  public static final int STD_COLS = 500;
  public static final double STD_XLEFT = 500000;
  public static final double STD_YTOP = 7000000;
  public static final double STD_PIX = 10;
  public static final int STD_EPSG = 28355;

  private TestRasters() {}

  public static String wkt(int epsg) {
    GdalRuntime.ensureLoaded();
    SpatialReference sr = new SpatialReference();
    sr.ImportFromEPSG(epsg);
    return sr.ExportToWkt();
  }

  /** RIOS's ramp: floor((row + col) * 100 / (rows - 1 + cols - 1)) as uint8, 0..100. */
  public static RasterArray ramp(int rows, int cols, boolean reverse) {
    RasterArray a = RasterArray.create(DataType.UINT8, 1, rows, cols);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        int cc = reverse ? cols - 1 - c : c;
        a.setLong(0, r, cc, (long) Math.floor((r + c) * 100.0 / (rows - 1 + cols - 1)));
      }
    }
    return a;
  }

  /** Writes {@code data} to a new file with the given georeferencing. */
  public static String write(File file, String driver, RasterArray data, double xLeft, double yTop, double pix,
      String wkt, Double nodata, String... options) {
    GdalRuntime.ensureLoaded();
    Driver d = gdal.GetDriverByName(driver);
    Dataset ds = d.Create(file.getPath(), data.cols(), data.rows(), data.bands(), data.dataType().gdalCode(),
        options);
    ds.SetGeoTransform(new double[] {xLeft, pix, 0, yTop, 0, -pix});
    ds.SetProjection(wkt);
    RasterIO.write(ds, 0, 0, data);
    if (nodata != null) {
      for (int b = 1; b <= data.bands(); b++) {
        ds.GetRasterBand(b).SetNoDataValue(nodata);
      }
    }
    ds.FlushCache();
    ds.delete();
    return file.getPath();
  }

  /** The standard ramp image (HFA, compressed), optionally reversed, shifted or with a null value. */
  public static String rampFile(File file, boolean reverse, double xLeft, double yTop, Double nodata, int rows,
      int cols) {
    return write(file, "HFA", ramp(rows, cols, reverse), xLeft, yTop, STD_PIX, wkt(STD_EPSG), nodata,
        "COMPRESSED=YES");
  }

  public static String rampFile(File file) {
    return rampFile(file, false, STD_XLEFT, STD_YTOP, null, STD_ROWS, STD_COLS);
  }

  /** A 2-band UInt16 image: band 1 = row index, band 2 = column index. */
  public static String rowColFile(File file, int rows, int cols, double pix, double xLeft, double yTop) {
    RasterArray a = RasterArray.create(DataType.UINT16, 2, rows, cols);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        a.setLong(0, r, c, r);
        a.setLong(1, r, c, c);
      }
    }
    return write(file, "HFA", a, xLeft, yTop, pix, wkt(STD_EPSG), null, "COMPRESSED=YES");
  }

  /** Reads every band of a file. */
  public static RasterArray read(String filename) {
    GdalRuntime.ensureLoaded();
    Dataset ds = gdal.Open(filename, gdalconstConstants.GA_ReadOnly);
    try {
      int n = ds.getRasterCount();
      DataType t = DataType.fromGdalCode(ds.GetRasterBand(1).getDataType(), filename);
      RasterArray a = RasterArray.create(t, n, ds.getRasterYSize(), ds.getRasterXSize());
      int[] bands = new int[n];
      for (int i = 0; i < n; i++) {
        bands[i] = i + 1;
      }
      RasterIO.read(ds, 0, 0, a.cols(), a.rows(), bands, a);
      return a;
    } finally {
      ds.delete();
    }
  }

  /** A metadata item of band {@code b} (1-based), or null. */
  public static String bandMetadata(String filename, int b, String key) {
    Dataset ds = gdal.Open(filename, gdalconstConstants.GA_ReadOnly);
    try {
      Band band = ds.GetRasterBand(b);
      return band.GetMetadataItem(key);
    } finally {
      ds.delete();
    }
  }

  /** {xMin, xMax, yMin, yMax} of a file. */
  public static double[] extent(String filename) {
    Dataset ds = gdal.Open(filename, gdalconstConstants.GA_ReadOnly);
    try {
      double[] gt = ds.GetGeoTransform();
      return new double[] {gt[0], gt[0] + gt[1] * ds.getRasterXSize(), gt[3] + gt[5] * ds.getRasterYSize(), gt[3]};
    } finally {
      ds.delete();
    }
  }

  /**
   * {xMin, xMax, yMin, yMax} of the given corner points transformed from one EPSG code to another
   * (traditional x = easting / longitude order).
   */
  public static double[] transformedBox(int fromEpsg, int toEpsg, double[][] points) {
    GdalRuntime.ensureLoaded();
    SpatialReference src = new SpatialReference();
    src.ImportFromEPSG(fromEpsg);
    src.SetAxisMappingStrategy(org.gdal.osr.osrConstants.OAMS_TRADITIONAL_GIS_ORDER);
    SpatialReference dst = new SpatialReference();
    dst.ImportFromEPSG(toEpsg);
    dst.SetAxisMappingStrategy(org.gdal.osr.osrConstants.OAMS_TRADITIONAL_GIS_ORDER);
    org.gdal.osr.CoordinateTransformation ct = org.gdal.osr.CoordinateTransformation.CreateCoordinateTransformation(src, dst);
    double[] box = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE};
    for (double[] p : points) {
      double[] out = ct.TransformPoint(p[0], p[1]);
      box[0] = Math.min(box[0], out[0]);
      box[1] = Math.max(box[1], out[0]);
      box[2] = Math.min(box[2], out[1]);
      box[3] = Math.max(box[3], out[1]);
    }
    return box;
  }

  /** A box snapped outwards to multiples of {@code step}. */
  public static double[] snapOutwards(double[] box, double step) {
    return new double[] {Math.floor(box[0] / step) * step, Math.ceil(box[1] / step) * step,
        Math.floor(box[2] / step) * step, Math.ceil(box[3] / step) * step};
  }

  /** The four corners of a file, as {x, y} points. */
  public static double[][] corners(String filename) {
    double[] e = extent(filename);
    return new double[][] {{e[0], e[3]}, {e[1], e[3]}, {e[1], e[2]}, {e[0], e[2]}};
  }

  /** Count of pixels of band {@code b} (0-based) equal to {@code value}. */
  public static int count(RasterArray a, int b, double value) {
    int n = 0;
    for (int r = 0; r < a.rows(); r++) {
      for (int c = 0; c < a.cols(); c++) {
        if (a.getDouble(b, r, c) == value) {
          n++;
        }
      }
    }
    return n;
  }

  /**
   * RIOS's genVectorSquare: a Shapefile with one 200 m square polygon (no attributes) whose x runs from
   * xLeft + 106 - xShift and y from yTop - 306 to yTop - 106 of the standard raster.
   */
  public static String vectorSquare(File file, int epsg, double xShift) {
    GdalRuntime.ensureLoaded();
    org.gdal.ogr.Driver d = org.gdal.ogr.ogr.GetDriverByName("ESRI Shapefile");
    org.gdal.ogr.DataSource ds = d.CreateDataSource(file.getPath());
    SpatialReference sr = new SpatialReference();
    sr.ImportFromEPSG(epsg);
    org.gdal.ogr.Layer layer = ds.CreateLayer("square", sr, org.gdal.ogr.ogrConstants.wkbPolygon);
    double x0 = STD_XLEFT + 106 - xShift;
    double y0 = STD_YTOP - 306;
    String wkt = String.format(java.util.Locale.ROOT, "POLYGON ((%f %f, %f %f, %f %f, %f %f, %f %f))",
        x0, y0, x0 + 200, y0, x0 + 200, y0 + 200, x0, y0 + 200, x0, y0);
    org.gdal.ogr.Feature f = new org.gdal.ogr.Feature(layer.GetLayerDefn());
    f.SetGeometry(org.gdal.ogr.Geometry.CreateFromWkt(wkt));
    layer.CreateFeature(f);
    f.delete();
    ds.delete();
    return file.getPath();
  }
}

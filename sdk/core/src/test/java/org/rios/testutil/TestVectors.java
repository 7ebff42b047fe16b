package org.rios.testutil;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Vector;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.VectorTranslateOptions;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.gdal.ogr.DataSource;
import org.gdal.ogr.Feature;
import org.gdal.ogr.FieldDefn;
import org.gdal.ogr.Geometry;
import org.gdal.ogr.Layer;
import org.gdal.ogr.ogr;
import org.gdal.ogr.ogrConstants;
import org.gdal.osr.SpatialReference;
import org.rios.gdal.GdalRuntime;

/**
 * Vector fixtures made with OGR directly, on the standard raster of {@link TestRasters}: squares whose
 * pixel-centre coverage is known exactly, with attributes, and reprojected copies.
 */
public final class TestVectors {
  private TestVectors() {}

  /**
   * A Shapefile (EPSG:28355; its one layer is named after the file, so call it squares.shp) with two 200 m squares, each covering the pixel centres of
   * standard-raster rows 11..30: square "a" (val 5) over columns 11..30 and square "b" (val 7) over columns
   * 111..130. Fields: integer {@code val}, string {@code name}.
   */
  public static String twoSquares(File file) {
    GdalRuntime.ensureLoaded();
    DataSource ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(file.getPath());
    SpatialReference sr = new SpatialReference();
    sr.ImportFromEPSG(TestRasters.STD_EPSG);
    Layer layer = ds.CreateLayer(file.getName().replaceFirst("\\.shp$", ""), sr, ogrConstants.wkbPolygon);
    layer.CreateField(new FieldDefn("val", ogrConstants.OFTInteger));
    FieldDefn name = new FieldDefn("name", ogrConstants.OFTString);
    name.SetWidth(10);
    layer.CreateField(name);
    addSquare(layer, 0, 5, "a");
    addSquare(layer, 1000, 7, "b");
    ds.delete();
    return file.getPath();
  }

  private static void addSquare(Layer layer, double xShift, int val, String name) {
    double x0 = TestRasters.STD_XLEFT + 106 + xShift;
    double y0 = TestRasters.STD_YTOP - 306;
    Feature f = new Feature(layer.GetLayerDefn());
    f.SetField("val", val);
    f.SetField("name", name);
    f.SetGeometry(Geometry.CreateFromWkt(String.format(Locale.ROOT,
        "POLYGON ((%f %f, %f %f, %f %f, %f %f, %f %f))",
        x0, y0, x0 + 200, y0, x0 + 200, y0 + 200, x0, y0 + 200, x0, y0)));
    layer.CreateFeature(f);
    f.delete();
  }

  /** A copy of a vector file reprojected to {@code epsg} (GDAL VectorTranslate), as a Shapefile. */
  public static String reprojected(String src, int epsg, File out) {
    GdalRuntime.ensureLoaded();
    Dataset in = gdal.OpenEx(src, gdalconstConstants.OF_VECTOR);
    Vector<String> args = new Vector<>(List.of("-f", "ESRI Shapefile", "-t_srs", "EPSG:" + epsg));
    Dataset result = gdal.VectorTranslate(out.getPath(), in, new VectorTranslateOptions(args));
    result.delete();
    in.delete();
    return out.getPath();
  }

  /** Every file or directory under {@code dir} whose name starts with {@code prefix}. */
  public static List<String> namesStartingWith(File dir, String prefix) {
    try (Stream<Path> s = Files.walk(dir.toPath())) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix))
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

package org.rios.fileinfo;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.util.List;
import org.gdal.ogr.DataSource;
import org.gdal.ogr.Feature;
import org.gdal.ogr.FieldDefn;
import org.gdal.ogr.Geometry;
import org.gdal.ogr.Layer;
import org.gdal.ogr.ogr;
import org.gdal.ogr.ogrConstants;
import org.gdal.osr.CoordinateTransformation;
import org.gdal.osr.SpatialReference;
import org.gdal.osr.osrConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.errors.VectorLayerException;
import org.rios.gdal.GdalRuntime;
import org.rios.testutil.TestRasters;

/** VectorFileInfo on shapefiles written here with OGR. */
class VectorFileInfoTest {
  @TempDir File tmp;

  /** Three lon/lat polygons with fields id (Integer), crop (String), area (Real). */
  private String polygons() {
    GdalRuntime.ensureLoaded();
    String path = new File(tmp, "fields.shp").getPath();
    DataSource ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(path);
    SpatialReference sr = new SpatialReference();
    sr.ImportFromEPSG(4326);
    Layer layer = ds.CreateLayer("fields", sr, ogrConstants.wkbPolygon);
    layer.CreateField(new FieldDefn("id", ogrConstants.OFTInteger));
    layer.CreateField(new FieldDefn("crop", ogrConstants.OFTString));
    layer.CreateField(new FieldDefn("area", ogrConstants.OFTReal));
    for (int i = 0; i < 3; i++) {
      double x = 145 + i;
      double y = -36 + i * 0.5;
      Feature f = new Feature(layer.GetLayerDefn());
      f.SetField("id", i);
      f.SetField("crop", "wheat" + i);
      f.SetField("area", 1.5 * i);
      f.SetGeometry(Geometry.CreateFromWkt(String.format(java.util.Locale.ROOT,
          "POLYGON ((%f %f, %f %f, %f %f, %f %f))", x, y, x + 0.25, y, x + 0.25, y + 0.25, x, y)));
      layer.CreateFeature(f);
      f.delete();
    }
    ds.delete();
    return path;
  }

  @Test
  void describesLayerFieldsExtentAndGeometry() {
    VectorFileInfo v = new VectorFileInfo(polygons());
    assertThat(v.layerCount(), is(1));
    IndexOutOfBoundsException beyond = org.junit.jupiter.api.Assertions.assertThrows(
        IndexOutOfBoundsException.class, () -> v.get(-1));
    assertThat(beyond.getMessage(), org.hamcrest.Matchers.containsString("is not a layer of "));
    VectorLayerInfo l = v.get(0);
    assertThat(l.name(), is("fields"));
    assertThat(v.layer("fields").featureCount(), is(3L));
    assertThat(l.xMin(), closeTo(145, 1e-9));
    assertThat(l.xMax(), closeTo(147.25, 1e-9));
    assertThat(l.yMin(), closeTo(-36, 1e-9));
    assertThat(l.yMax(), closeTo(-34.75, 1e-9));
    assertThat(l.geomType(), is(ogrConstants.wkbPolygon));
    assertThat(l.geomTypeStr(), is("Polygon"));
    assertThat(l.fieldCount(), is(3));
    assertThat(l.fieldNames(), is(List.of("id", "crop", "area")));
    assertThat(l.fieldTypes(), is(List.of(ogrConstants.OFTInteger, ogrConstants.OFTString, ogrConstants.OFTReal)));
    assertThat(l.fieldTypeNames(), is(List.of("Integer", "String", "Real")));
    assertThat(v.toString(), containsString("Features   : 3"));
    assertThat(v.toString(), containsString("EPSG:4326"));
  }

  @Test
  void spatialRefUsesTraditionalAxisOrder() {
    VectorLayerInfo l = new VectorFileInfo(polygons()).get(0);
    SpatialReference sr = l.spatialRef();
    assertThat(sr.GetAxisMappingStrategy(), is(osrConstants.OAMS_TRADITIONAL_GIS_ORDER));
    // (lon 147, lat -35) given x-first must land in the southern hemisphere, east of Greenwich
    SpatialReference merc = new SpatialReference();
    merc.ImportFromEPSG(3857);
    merc.SetAxisMappingStrategy(osrConstants.OAMS_TRADITIONAL_GIS_ORDER);
    CoordinateTransformation ct = CoordinateTransformation.CreateCoordinateTransformation(sr, merc);
    double[] p = ct.TransformPoint(147, -35);
    assertThat(p[0] > 1.6e7, is(true));
    assertThat(p[1] < -4e6, is(true));
    ct.delete();
    merc.delete();
    sr.delete();
  }

  @Test
  void pointLineAndOtherGeometryNames() {
    assertThat(VectorLayerInfo.geomTypeName(ogrConstants.wkbPoint), is("Point"));
    assertThat(VectorLayerInfo.geomTypeName(ogrConstants.wkbLineString), is("Line"));
    assertThat(VectorLayerInfo.geomTypeName(ogrConstants.wkbPolygon25D), is("Polygon"));
    assertThat(VectorLayerInfo.geomTypeName(ogrConstants.wkbMultiPolygon), is(nullValue()));
    VectorLayerInfo sq = new VectorFileInfo(TestRasters.vectorSquare(new File(tmp, "sq.shp"), 28355, 0)).get(0);
    assertThat(sq.featureCount(), is(1L));
    assertThat(sq.fieldCount(), is(1)); // OGR adds a placeholder FID field to attribute-less shapefiles
    assertThat(sq.xMax() - sq.xMin(), closeTo(200, 1e-6));
  }

  @Test
  void missingOrNonVectorFileIsAVectorLayerError() {
    String missing = new File(tmp, "none.shp").getPath();
    VectorLayerException e = assertThrows(VectorLayerException.class, () -> new VectorFileInfo(missing));
    assertThat(e.getMessage(), containsString(missing));
    String raster = TestRasters.rampFile(new File(tmp, "ramp.img"));
    assertThrows(VectorLayerException.class, () -> new VectorFileInfo(raster));
    VectorFileInfo v = new VectorFileInfo(polygons());
    assertThrows(VectorLayerException.class, () -> v.layer("nosuch"));
  }

  @Test
  void aRasterIsNotAVectorAndTheMessageSaysWhy() throws Exception {
    java.io.File text = new java.io.File(tmp, "notes.tif");
    java.nio.file.Files.writeString(text.toPath(), "not a raster, not a vector");
    org.rios.errors.VectorLayerException e = org.junit.jupiter.api.Assertions.assertThrows(
        org.rios.errors.VectorLayerException.class, () -> new VectorFileInfo(text.getPath()));
    org.hamcrest.MatcherAssert.assertThat(e.getMessage(), org.hamcrest.Matchers.allOf(
        org.hamcrest.Matchers.containsString(text.getPath()), org.hamcrest.Matchers.containsString("no vector format")));
    org.junit.jupiter.api.Assertions.assertThrows(org.rios.errors.VectorLayerException.class,
        () -> new VectorFileInfo(null));
    org.junit.jupiter.api.Assertions.assertThrows(org.rios.errors.FileOpenException.class,
        () -> new ImageInfo(null));
  }

  @Test
  void aDanglingLinkOrAFifoIsNamedAsSuchBeforeGdalIsAsked() throws Exception {
    java.nio.file.Path link = java.nio.file.Files.createSymbolicLink(new File(tmp, "gone.shp").toPath(),
        new File(tmp, "target-removed.shp").toPath());
    VectorLayerException e = assertThrows(VectorLayerException.class, () -> new VectorFileInfo(link.toString()));
    assertThat(e.getMessage(), containsString("symbolic link whose target does not exist"));
    File fifo = new File(tmp, "pipe.shp");
    assertThat(new ProcessBuilder("mkfifo", fifo.getPath()).start().waitFor(), is(0));
    VectorLayerException f = assertThrows(VectorLayerException.class, () -> new VectorFileInfo(fifo.getPath()));
    assertThat(f.getMessage(), containsString("not a regular file"));
  }
}

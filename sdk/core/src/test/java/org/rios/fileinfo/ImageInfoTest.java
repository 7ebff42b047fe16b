package org.rios.fileinfo;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.gdal.osr.CoordinateTransformation;
import org.gdal.osr.SpatialReference;
import org.gdal.osr.osrConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.errors.FileOpenException;
import org.rios.errors.GdalLayerNumberException;
import org.rios.errors.ParameterException;
import org.rios.gdal.GdalRuntime;
import org.rios.testutil.TestRasters;

/** ImageInfo on a 3-band Int16 HFA file made with GDAL: grid, per-band details, name lookups, corners. */
class ImageInfoTest {
  @TempDir File tmp;
  String file;

  /** HFA (NoData per band), 60 columns x 40 rows, 10 m x 20 m pixels, EPSG:28355, top-left (500000, 7000000). */
  @BeforeEach
  void makeFile() {
    GdalRuntime.ensureLoaded();
    file = new File(tmp, "three.img").getPath();
    Dataset ds = gdal.GetDriverByName("HFA").Create(file, 60, 40, 3, gdalconstConstants.GDT_Int16);
    ds.SetGeoTransform(new double[] {500000, 10, 0, 7000000, 0, -20});
    ds.SetProjection(TestRasters.wkt(28355));
    String[] names = {"red", "green", "nir"};
    for (int b = 1; b <= 3; b++) {
      ds.GetRasterBand(b).SetDescription(names[b - 1]);
    }
    ds.GetRasterBand(1).SetNoDataValue(-1);
    ds.GetRasterBand(3).SetNoDataValue(5);
    ds.GetRasterBand(1).SetMetadataItem("LAYER_TYPE", "athematic");
    ds.delete();
  }

  @Test
  void readsGridAndBandDetails() {
    ImageInfo info = new ImageInfo(file);
    assertThat(info.ncols(), is(60));
    assertThat(info.nrows(), is(40));
    assertThat(info.xMin(), is(500000.0));
    assertThat(info.xMax(), is(500600.0));
    assertThat(info.yMax(), is(7000000.0));
    assertThat(info.yMin(), is(6999200.0));
    assertThat(info.xRes(), is(10.0));
    assertThat(info.yRes(), is(20.0));
    assertThat(Arrays.toString(info.transform()), is(Arrays.toString(new double[] {500000, 10, 0, 7000000, 0, -20})));
    assertThat(info.rasterCount(), is(3));
    assertThat(info.layerNames(), is(List.of("red", "green", "nir")));
    assertThat(info.noDataValues(), is(Arrays.asList(-1.0, null, 5.0)));
    assertThat(info.noDataValue(2), is(nullValue()));
    assertThat(info.layerType(), is("athematic"));
    assertThat(info.dataType(), is(gdalconstConstants.GDT_Int16));
    assertThat(info.dataTypeName(), is("SignedInt16"));   // RIOS's names, not GDAL's ("Int16")
    assertThat(ImageInfo.riosTypeName(gdalconstConstants.GDT_Byte), is("UnsignedByte"));
    assertThat(ImageInfo.riosTypeName(gdalconstConstants.GDT_Float32), is("Float32"));
    assertThat(ImageInfo.riosTypeName(gdalconstConstants.GDT_UInt64), is("UnsignedInt64"));
    SpatialReference sr = new SpatialReference(info.projection());
    SpatialReference mga55 = new SpatialReference(TestRasters.wkt(28355));
    assertThat(sr.IsSame(mga55), is(1));
    sr.delete();
    mga55.delete();
    assertThat(info.projectionName(), containsString("zone 55"));
    String table = info.toString();
    assertThat(table, containsString("60 columns x 40 rows, 3 band(s)"));
    assertThat(table, containsString("Int16"));
    assertThat(table, containsString("xMin 500000, xMax 500600, yMin 6999200, yMax 7000000"));
    assertThat(table, containsString("nir"));
  }

  @Test
  void layerNameLookups() {
    ImageInfo info = new ImageInfo(file);
    assertThat(info.layerNumberFromName("nir"), is(3));
    assertThat(info.layerNumberFromName("red"), is(1));
    assertThat(info.layerNumberFromName("swir"), is(0));
    assertThat(info.layerNameFromNumber(2), is("green"));
    GdalLayerNumberException e = assertThrows(GdalLayerNumberException.class, () -> info.layerNameFromNumber(4));
    assertThat(e.getMessage(), containsString(file));
    assertThrows(GdalLayerNumberException.class, () -> info.layerNameFromNumber(0));
  }

  @Test
  void omitPerBandSkipsNamesAndNulls() {
    ImageInfo info = new ImageInfo(file, true);
    assertThat(info.rasterCount(), is(3));
    assertThat(info.layerNames(), is(nullValue()));
    assertThat(info.noDataValues(), is(nullValue()));
    assertThat(info.dataTypeName(), is("SignedInt16"));
    assertThrows(ParameterException.class, () -> info.layerNumberFromName("nir"));
    assertThat(info.toString(), containsString("3 band(s)"));
  }

  @Test
  void cornersInOwnProjection() {
    double[] c = new ImageInfo(file).getCorners();
    assertThat(Arrays.toString(c), is(Arrays.toString(new double[] {500000, 7000000, 500600, 7000000, 500600,
        6999200, 500000, 6999200})));
  }

  @Test
  void cornersReprojectedToLongLatInTraditionalOrder() {
    ImageInfo info = new ImageInfo(file);
    double[] expected = transformDirectly(info.getCorners(), 28355, 4326);
    for (double[] c : List.of(info.getCorners("EPSG:4326"), info.getCorners(4326), info.getCorners(wkt4326()))) {
      for (int i = 0; i < 8; i++) {
        assertThat(c[i], closeTo(expected[i], 1e-9));
      }
      // x is longitude (MGA zone 55 is around 147 E), y latitude (7000000 N is around 27 S)
      assertThat(c[0] > 144 && c[0] < 150, is(true));
      assertThat(c[1] > -30 && c[1] < -25, is(true));
      assertThat(c[2] > c[0], is(true));
      assertThat(c[5] < c[3], is(true));
    }
    double[] proj4 = info.getCorners("+proj=longlat +ellps=GRS80 +no_defs");
    for (int i = 0; i < 8; i++) {
      assertThat(proj4[i], closeTo(expected[i], 1e-6));
    }
  }

  @Test
  void badOutputProjectionIsAParameterError() {
    ImageInfo info = new ImageInfo(file);
    assertThrows(ParameterException.class, () -> info.getCorners("not a projection"));
  }

  @Test
  void missingFileIsAFileOpenError() {
    String missing = new File(tmp, "nope.img").getPath();
    FileOpenException e = assertThrows(FileOpenException.class, () -> new ImageInfo(missing));
    assertThat(e.getMessage(), containsString(missing));
  }

  private static String wkt4326() {
    SpatialReference sr = new SpatialReference();
    sr.ImportFromEPSG(4326);
    String w = sr.ExportToWkt();
    sr.delete();
    return w;
  }

  private static double[] transformDirectly(double[] xy, int from, int to) {
    SpatialReference a = new SpatialReference();
    a.ImportFromEPSG(from);
    a.SetAxisMappingStrategy(osrConstants.OAMS_TRADITIONAL_GIS_ORDER);
    SpatialReference b = new SpatialReference();
    b.ImportFromEPSG(to);
    b.SetAxisMappingStrategy(osrConstants.OAMS_TRADITIONAL_GIS_ORDER);
    CoordinateTransformation ct = CoordinateTransformation.CreateCoordinateTransformation(a, b);
    double[] out = new double[8];
    for (int i = 0; i < 8; i += 2) {
      double[] p = ct.TransformPoint(xy[i], xy[i + 1]);
      out[i] = p[0];
      out[i + 1] = p[1];
    }
    ct.delete();
    a.delete();
    b.delete();
    return out;
  }

  /** RIOS describes rotated and south-up rasters too; this refused the first and normalised the second. */
  @Test
  void rotatedAndSouthUpRastersAreDescribedWithTheFilesOwnTransform() {
    double[] rotated = {440720, 60, 5, 3751320, 5, -60};
    double[] southUp = {440720, 60, 0, 3751320, 0, 60};
    for (double[] t : new double[][] {rotated, southUp}) {
      String f = new File(tmp, "t" + t[2] + ".tif").getPath();
      Dataset ds = gdal.GetDriverByName("GTiff").Create(f, 20, 10, 1, gdalconstConstants.GDT_Byte);
      ds.SetGeoTransform(t);
      ds.SetProjection(TestRasters.wkt(32611));
      ds.delete();
      ImageInfo info = new ImageInfo(f);
      assertThat(info.transform(), is(t));
      assertThat(info.xMin(), is(440720.0));
      assertThat(info.xMax(), is(440720.0 + 20 * 60));
      // the edges as gdalinfo gives them: a south-up raster's origin is its bottom edge
      double bottom = t == southUp ? 3751320.0 : 3751320.0 - 10 * 60;
      assertThat(info.yMin(), is(bottom));
      assertThat(info.yMax(), is(bottom + 10 * 60));
      assertThat(info.toString(), containsString(Arrays.toString(t)));
    }
  }
  /**
   * A raster without georeferencing (GDAL's default transform {0, 1, 0, 0, 0, 1}) reads north-up from 0, as in
   * RIOS and in the applier's grid: its positive y step is not a south-up raster (it was reported from 0 to
   * nrows).
   */
  @Test
  void aRasterWithoutGeoreferencingReadsAsRiosAndTheGridReadIt() {
    String f = new File(tmp, "nogeo.tif").getPath();
    Dataset ds = gdal.GetDriverByName("GTiff").Create(f, 5, 3, 1, gdalconstConstants.GDT_Byte);
    ds.delete();
    ImageInfo info = new ImageInfo(f);
    org.rios.grid.PixelGrid grid = org.rios.grid.PixelGrid.fromFile(f);
    assertThat(info.yMax(), is(0.0));
    assertThat(info.yMin(), is(-3.0));
    assertThat(info.yMax(), is(grid.yMax()));
    assertThat(info.yMin(), is(grid.yMin()));
    assertThat(info.xMin() + " " + info.xMax(), is("0.0 5.0"));
    assertThat(Arrays.toString(info.getCorners()), is(Arrays.toString(new double[] {0, 0, 5, 0, 5, -3, 0, -3})));
  }
}

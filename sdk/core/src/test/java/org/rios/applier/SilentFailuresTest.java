package org.rios.applier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.gdal.gdal.gdal;
import org.gdal.ogr.DataSource;
import org.gdal.ogr.Feature;
import org.gdal.ogr.FieldDefn;
import org.gdal.ogr.Geometry;
import org.gdal.ogr.Layer;
import org.gdal.ogr.ogr;
import org.gdal.ogr.ogrConstants;
import org.gdal.osr.SpatialReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.ArrayShapeException;
import org.rios.errors.IntersectionException;
import org.rios.errors.OutputWriteException;
import org.rios.errors.ParameterException;
import org.rios.errors.RiosException;
import org.rios.gdal.GdalRuntime;
import org.rios.progress.SilentProgress;
import org.rios.testutil.TestRasters;

/**
 * The holes a bad-input campaign found, each closed: a bad filter on a GeoPackage, an output whose bytes
 * never reach the disk (full filesystem, refused upload), inputs that do not meet, an overlap too large.
 * Each is a typed error naming the culprit, and nothing is left at a final path.
 */
class SilentFailuresTest {
  @TempDir File tmp;
  private int calls;

  private ApplierControls quiet() {
    return new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath());
  }

  /** A GeoPackage with one square over the standard raster, field "id". */
  private String geopackage() {
    GdalRuntime.ensureLoaded();
    String path = new File(tmp, "squares.gpkg").getPath();
    DataSource ds = ogr.GetDriverByName("GPKG").CreateDataSource(path);
    SpatialReference sr = new SpatialReference();
    sr.ImportFromEPSG(TestRasters.STD_EPSG);
    Layer layer = ds.CreateLayer("squares", sr, ogrConstants.wkbPolygon);
    layer.CreateField(new FieldDefn("id", ogrConstants.OFTInteger));
    Feature f = new Feature(layer.GetLayerDefn());
    f.SetField("id", 1);
    double x0 = TestRasters.STD_XLEFT + 100;
    double y0 = TestRasters.STD_YTOP - 300;
    f.SetGeometry(Geometry.CreateFromWkt(String.format(Locale.ROOT, "POLYGON ((%f %f, %f %f, %f %f, %f %f, %f %f))",
        x0, y0, x0 + 200, y0, x0 + 200, y0 + 200, x0, y0 + 200, x0, y0)));
    layer.CreateFeature(f);
    f.delete();
    ds.delete();
    return path;
  }

  @ParameterizedTest
  @ValueSource(strings = {"nosuchfield = 3", "id === 1", "SELECT * FROM squares WHERE nosuchfield = 3"})
  void aBadFilterOnAGeoPackageIsRejectedBeforeAnyBlock(String filter) {
    String vec = geopackage();
    String ramp = TestRasters.rampFile(new File(tmp, "ramp.img"));
    String out = new File(tmp, "out.img").getPath();
    ParameterException e = assertThrows(ParameterException.class, () -> Applier.apply((info, inputs, outputs) -> {
      calls++;
      outputs.put("out", inputs.get("vec"));
    }, new FilenameAssociations().put("img", ramp).put("vec", vec), new FilenameAssociations().put("out", out),
        quiet().setFilterSQL(filter, "vec")));
    assertThat(e.getMessage(), allOf(containsString(vec), containsString(filter)));
    assertThat(calls, is(0));
    assertThat(new File(out).exists(), is(false));
  }

  @Test
  void aGoodFilterOnAGeoPackageStillBurns() {
    String vec = geopackage();
    String ramp = TestRasters.rampFile(new File(tmp, "ramp.img"));
    String out = new File(tmp, "out.img").getPath();
    Applier.apply((info, inputs, outputs) -> outputs.put("out", inputs.get("vec")),
        new FilenameAssociations().put("img", ramp).put("vec", vec), new FilenameAssociations().put("out", out),
        quiet().setFilterSQL("id = 1", "vec"));
    assertThat(TestRasters.count(TestRasters.read(out), 0, 1) > 0, is(true));
  }

  @Test
  void inputsThatDoNotMeetAreNamedWithTheFootprint() {
    String a = TestRasters.rampFile(new File(tmp, "a.img"));
    String b = TestRasters.rampFile(new File(tmp, "b.img"), false, 800000, TestRasters.STD_YTOP, null, 500, 500);
    String c = TestRasters.rampFile(new File(tmp, "c.img"));
    IntersectionException e = assertThrows(IntersectionException.class, () -> Applier.apply(
        (info, inputs, outputs) -> outputs.put("out", inputs.get("a")),
        new FilenameAssociations().put("a", a).put("far", b).put("c", c),
        new FilenameAssociations().put("out", new File(tmp, "out.img").getPath()), quiet()));
    assertThat(e.getMessage(), allOf(containsString("INTERSECTION"), containsString("'far' (" + b + ")"),
        containsString("'a' (" + a + ")"), containsString("do not overlap")));
  }

  @Test
  void tooLargeABlockBecauseOfOverlapNamesOverlapAndWindow() {
    String a = TestRasters.rampFile(new File(tmp, "a.img"));
    ArrayShapeException e = assertThrows(ArrayShapeException.class, () -> Applier.apply(
        (info, inputs, outputs) -> outputs.put("out", inputs.get("a")), new FilenameAssociations().put("a", a),
        new FilenameAssociations().put("out", new File(tmp, "out.img").getPath()), quiet().setOverlap(30000)));
    assertThat(e.getMessage(), allOf(containsString("overlap 30000"), containsString("window size 256 x 256"),
        containsString("'a'")));
  }

  /** A tmpfs of {@code size} mounted at a new directory {@code name} of the test's directory (root only). */
  private File mountTmpfs(String name, String size) throws Exception {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
    File dir = new File(tmp, name);
    assertThat(dir.mkdir(), is(true));
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.getPath())
        .inheritIO().start();
    assertThat(mount.waitFor(), is(0));
    return dir;
  }

  /**
   * A 2 MB filesystem and a 4 MB output: GDAL only finds out when it flushes its cache at close, and says
   * so only through its error state. The run fails naming the output and leaves nothing in the directory.
   */
  @Test
  void anOutputOnAFullFilesystemFailsAndLeavesNothing() throws Exception {
    File small = mountTmpfs("small", "2m");
    try {
      RasterArray noise = RasterArray.create(DataType.FLOAT32, 1, 1024, 1024);
      java.util.Random r = new java.util.Random(1);
      for (int i = 0; i < noise.bandSize(); i++) {
        noise.setDoubleAt(i, r.nextFloat());
      }
      String in = TestRasters.write(new File(tmp, "noise.tif"), "GTiff", noise, TestRasters.STD_XLEFT,
          TestRasters.STD_YTOP, 10, TestRasters.wkt(TestRasters.STD_EPSG), null);
      String out = new File(small, "copy.tif").getPath();
      RiosException e = assertThrows(RiosException.class, () -> Applier.apply(
          (info, inputs, outputs) -> outputs.put("out", inputs.get("img")), new FilenameAssociations().put("img", in),
          new FilenameAssociations().put("out", out), quiet().setOutputDriverName("GTiff")
              .setCreationOptions(List.of("TILED=YES")).setCalcStats(false)));
      assertThat(e.getMessage(), allOf(containsString(out), containsString("Write error")));
      try (Stream<Path> s = Files.list(small.toPath())) {
        assertThat(s.map(p -> p.getFileName().toString()).collect(Collectors.toList()), empty());
      }
    } finally {
      new ProcessBuilder("umount", small.getPath()).inheritIO().start().waitFor();
    }
  }

  /**
   * A temp directory with room for the run's own directory and nothing more: CW_SUBPROC cannot write its
   * workers' address file. The failure names the directory, not just "No space left on device".
   */
  @Test
  void aFullTempDirectoryIsNamedWhenSubprocessWorkersCannotStart() throws Exception {
    File small = mountTmpfs("fulltmp", "1m");
    try {
      // one page left free: the run's owner file takes it
      Path spare = small.toPath().resolve("spare");
      Files.write(spare, new byte[4096]);
      try (java.io.OutputStream fill = Files.newOutputStream(small.toPath().resolve("filler"))) {
        byte[] page = new byte[4096];
        while (true) {
          fill.write(page);
          fill.flush();
        }
      } catch (IOException full) {
        // the file system is full
      }
      Files.delete(spare);
      String in = TestRasters.rampFile(new File(tmp, "in.img"));
      String out = new File(tmp, "out.img").getPath();
      RiosException e = assertThrows(RiosException.class, () -> Applier.apply(
          (info, inputs, outputs) -> outputs.put("out", inputs.get("img")), new FilenameAssociations().put("img", in),
          new FilenameAssociations().put("out", out), quiet().setTempdir(small.getPath())
              .setConcurrencyStyle(org.rios.testutil.SlowCopyMain.style("subproc"))));
      assertThat(e.getMessage(), allOf(containsString(small.getPath()), containsString("No space left")));
      assertThat(new File(out).exists(), is(false));
      try (Stream<Path> s = Files.list(small.toPath())) {
        assertThat(s.map(p -> p.getFileName().toString()).collect(Collectors.toList()), is(List.of("filler")));
      }
    } finally {
      new ProcessBuilder("umount", small.getPath()).inheritIO().start().waitFor();
    }
  }

  /**
   * GDAL writes a /vsis3/ GTiff to a local temp file and uploads it at close; the upload failing (here: no
   * server at the endpoint) must fail the run.
   */
  @Test
  void anUploadRefusedAtCloseFailsTheRun() throws IOException {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    String out = "/vsis3/rios-test-bucket/out.tif";
    String[][] config = {{"AWS_S3_ENDPOINT", "127.0.0.1:9"}, {"AWS_HTTPS", "NO"}, {"AWS_VIRTUAL_HOSTING", "FALSE"},
        {"AWS_ACCESS_KEY_ID", "rios"}, {"AWS_SECRET_ACCESS_KEY", "not-a-secret"}, {"GDAL_HTTP_MAX_RETRY", "0"},
        {"CPL_VSIL_USE_TEMP_FILE_FOR_RANDOM_WRITE", "YES"}, {"CPL_TMPDIR", tmp.getPath()}};
    for (String[] kv : config) {
      gdal.SetConfigOption(kv[0], kv[1]);
    }
    try {
      RiosException e = assertThrows(RiosException.class, () -> Applier.apply(
          (info, inputs, outputs) -> outputs.put("out", inputs.get("img")), new FilenameAssociations().put("img", in),
          new FilenameAssociations().put("out", out), quiet().setOutputDriverName("GTiff")));
      assertThat(e.getMessage(), containsString(out));
    } finally {
      for (String[] kv : config) {
        gdal.SetConfigOption(kv[0], null);
      }
    }
  }
}

package org.rios.applier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.RasterArray;
import org.rios.errors.ParameterException;
import org.rios.testutil.TestRasters;

/**
 * Vector inputs on their less common paths, against GDAL's own gdal_rasterize and ogr2ogr: the overlap
 * margin beyond the working grid, a vector changed between two runs of one JVM, a vector null an integer
 * raster cannot hold.
 */
class VectorEdgeCasesTest {
  @TempDir File tmp;

  String ramp;

  @BeforeEach
  void files() {
    ramp = TestRasters.rampFile(new File(tmp, "ramp.img"));
  }

  static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(Arrays.toString(cmd) + ": " + out);
    }
  }

  /** A vector file from GeoJSON text, via ogr2ogr. */
  String vector(String name, String geojson, String... extra) throws Exception {
    File src = new File(tmp, name + ".geojson");
    Files.writeString(src.toPath(), geojson);
    File out = new File(tmp, name);
    List<String> cmd = new ArrayList<>(List.of("ogr2ogr"));
    cmd.addAll(List.of(extra));
    cmd.add(out.getPath());
    cmd.add(src.getPath());
    run(cmd.toArray(new String[0]));
    return out.getPath();
  }

  static String fc(String... features) {
    return "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}";
  }

  static String feat(String props, String geom) {
    return "{\"type\":\"Feature\",\"properties\":{" + props + "},\"geometry\":" + geom + "}";
  }

  RasterArray javaArray(String vec, ApplierControls c) {
    List<RasterArray> got = new ArrayList<>();
    Applier.apply((info, inputs, outputs) -> got.add(inputs.get("vec").copy()),
        new FilenameAssociations().put("ramp", ramp).put("vec", vec), new FilenameAssociations(),
        c.setWindowSize(500, 500));
    return got.get(0);
  }

  RasterArray gdal(String vec, String... args) throws Exception {
    File out = new File(tmp, "exp" + System.nanoTime() + ".tif");
    List<String> cmd = new ArrayList<>(List.of("gdal_rasterize", "-te", "500000", "6995000", "505000", "7000000",
        "-tr", "10", "10"));
    cmd.addAll(List.of(args));
    cmd.add(vec);
    cmd.add(out.getPath());
    run(cmd.toArray(new String[0]));
    return TestRasters.read(out.getPath());
  }

  static int diffs(RasterArray a, RasterArray b, int m) {
    int n = 0;
    for (int r = 0; r < b.rows(); r++) {
      for (int c = 0; c < b.cols(); c++) {
        double x = a.getDouble(0, r + m, c + m);
        double y = b.getDouble(0, r, c);
        if (!(x == y || Double.isNaN(x) && Double.isNaN(y))) {
                    n++;
        }
      }
    }
    return n;
  }

  static ApplierControls quiet(File tmp) {
    return AvgTest.quiet(tmp);
  }

  static String poly(double x0, double y0, double x1, double y1) {
    return "{\"type\":\"Polygon\",\"coordinates\":[[[" + x0 + "," + y0 + "],[" + x1 + "," + y0 + "],[" + x1 + ","
        + y1 + "],[" + x0 + "," + y1 + "],[" + x0 + "," + y0 + "]]]}";
  }

  /**
   * In the working grid's projection a vector is rasterized onto its plain intersection with the grid, as in
   * RIOS: the overlap margin beyond the grid reads as the vector null whatever the vector's extent. A vector
   * crossing the left edge burned the first margin column (the grid padded by a pixel), one covering the grid
   * did not.
   */
  @Test
  void theOverlapMarginBeyondTheGridIsTheNullWhateverTheVectorsExtent() throws Exception {
    String part = vector("part.shp", fc(feat("\"v\":1", poly(499900, 6999700, 500200, 6999900))), "-a_srs",
        "EPSG:28355");
    String all = vector("all.shp", fc(feat("\"v\":1", poly(499000, 6994000, 506000, 7001000))), "-a_srs",
        "EPSG:28355");
    RasterArray a = javaArray(part, quiet(tmp).setOverlap(2));
    RasterArray b = javaArray(all, quiet(tmp).setOverlap(2));
    assertThat(diffs(a, gdal(part, "-burn", "1", "-ot", "Byte"), 2), is(0));
    assertThat(a.getDouble(0, 22, 1), is(0.0));
    assertThat(a.getDouble(0, 22, 1), is(b.getDouble(0, 22, 1)));
    assertThat(a.getDouble(0, 22, 2), is(1.0));
  }

  /**
   * A vector changed between two runs in one JVM and temp directory, while a reader of the first still holds
   * the shared rasterization cache (a Beam worker not yet torn down): the second run rasterizes it again. It
   * was served the first run's raster.
   */
  @Test
  void aVectorChangedSinceIsRasterizedAgain() throws Exception {
    String v = vector("attr.gpkg", fc(feat("\"val\":5", poly(500103, 6999003, 500503, 6999403))), "-a_srs",
        "EPSG:28355");
    ApplierControls c = quiet(tmp).setBurnAttribute("val").setWindowSize(500, 500);
    FilenameAssociations in = new FilenameAssociations().put("ramp", ramp).put("vec", v);
    org.rios.plan.WorkingPlan p1 = org.rios.plan.WorkingPlanBuilder.build(in, new FilenameAssociations(), c);
    try (org.rios.io.BlockReader r1 = new org.rios.io.BlockReader(p1)) {
      assertThat(r1.read(p1.inputs().get(1), p1.blocks().get(0)).getDouble(0, 80, 30), is(5.0));
      Thread.sleep(20);   // a modification time of its own, whatever the file system's resolution
      run("ogrinfo", "-q", "-dialect", "SQLite", "-sql", "UPDATE \"attr.gpkg\" SET val = 9", v);   // its layer
      org.rios.plan.WorkingPlan p2 = org.rios.plan.WorkingPlanBuilder.build(in, new FilenameAssociations(), c);
      try (org.rios.io.BlockReader r2 = new org.rios.io.BlockReader(p2)) {
        assertThat(r2.read(p2.inputs().get(1), p2.blocks().get(0)).getDouble(0, 80, 30), is(9.0));
      }
    }
  }

  /**
   * A vector null that is not a whole number for an integer raster is refused naming the vector: GDAL rounded
   * it where it rasterized (2.5 to 3) and the fill beyond truncated it (to 2), two backgrounds in one array.
   */
  @Test
  void aFractionalNullForAnIntegerVectorRasterIsRefused() throws Exception {
    String v = vector("small.shp", fc(feat("\"v\":1", poly(500103, 6999003, 500503, 6999403))), "-a_srs",
        "EPSG:28355");
    ParameterException e = assertThrows(ParameterException.class, () -> javaArray(v, quiet(tmp).setVectorNull(2.5)));
    assertThat(e.getMessage(), containsString("'vec'"));
    assertThat(e.getMessage(), containsString("2.5"));
  }

  /**
   * With a SELECT filter the layer burned is the statement's: messages name it (its table, or its result), not
   * the layer chosen by setVectorLayer (layer 0 by default), which is not what is burned.
   */
  @Test
  void aSelectFiltersMessagesNameTheLayerItReads() throws Exception {
    String gpkg = vector("two.gpkg", fc(feat("\"v\":1", poly(500103, 6999003, 500503, 6999403))), "-a_srs",
        "EPSG:28355", "-nln", "roads");
    File parcels = new File(tmp, "parcels.geojson");
    Files.writeString(parcels.toPath(), fc(feat("\"v\":2", poly(500103, 6999003, 500503, 6999403))));
    run("ogr2ogr", "-update", "-a_srs", "EPSG:28355", "-nln", "parcels", gpkg, parcels.getPath());
    org.rios.testutil.WarningsKept kept = new org.rios.testutil.WarningsKept();
    javaArray(gpkg, quiet(tmp).setProgress(kept).setFilterSQL("SELECT * FROM parcels WHERE v = 99"));
    // a GeoPackage runs it as SQLite, whose result has no table's name: the statement's result is named
    assertThat(kept.warnings.toString(), containsString("(its SQL statement's result)"));
    assertThat(kept.warnings.toString(), org.hamcrest.Matchers.not(containsString("roads")));
  }
  /**
   * A vector whose layer extent spans the working grid while none of the features it burns lies in it (one
   * feature on each side; a filter selecting only features outside) is warned about, as one with no feature
   * at all is: it reads as all vector-null. It was silent (the check looked at the whole layer's extent).
   */
  @Test
  void featuresOnlyAroundTheGridAreWarnedAbout() throws Exception {
    String apart = vector("apart.shp", fc(feat("\"v\":1", poly(498000, 6997000, 498500, 6997500)),
        feat("\"v\":1", poly(506000, 6997000, 506500, 6997500))), "-a_srs", "EPSG:28355");
    org.rios.testutil.WarningsKept kept = new org.rios.testutil.WarningsKept();
    assertThat(TestRasters.count(javaArray(apart, quiet(tmp).setProgress(kept)), 0, 0), is(500 * 500));
    assertThat(kept.warnings.toString(), containsString("has no feature within the working grid"));

    String sel = vector("sel.shp", fc(feat("\"v\":1", poly(500103, 6999003, 500503, 6999403)),
        feat("\"v\":2", poly(506000, 6997000, 506500, 6997500))), "-a_srs", "EPSG:28355");
    for (String filter : List.of("v = 2", "SELECT * FROM sel WHERE v = 2")) {
      org.rios.testutil.WarningsKept k = new org.rios.testutil.WarningsKept();
      assertThat(TestRasters.count(javaArray(sel, quiet(tmp).setProgress(k).setFilterSQL(filter)), 0, 0),
          is(500 * 500));
      assertThat(filter, k.warnings.toString(), containsString("has no feature its filter selects within the "
          + "working grid"));
    }
    // a feature in the grid: burned, and nothing said
    org.rios.testutil.WarningsKept none = new org.rios.testutil.WarningsKept();
    assertThat(TestRasters.count(javaArray(sel, quiet(tmp).setProgress(none).setFilterSQL("v = 1")), 0, 0),
        is(500 * 500 - 40 * 40));
    assertThat(none.warnings.toString(), none.warnings.isEmpty(), is(true));
  }
}

package org.rios.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Vector;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.WarpOptions;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.examples.NdviExample;
import org.rios.gdal.GdalRuntime;
import org.rios.gdal.RasterIO;
import org.rios.rat.Rat;

/**
 * Runs every example as a user would — {@code java -cp ... org.rios.examples.X args} in its own JVM — on
 * rasters made here, then checks the outputs with GDAL's own {@code gdalinfo}: pixel values, and the
 * statistics, histogram and overviews the applier writes; and how they answer --help and bad input.
 */
class ExamplesIT {
  @TempDir static File tmp;
  static String multiband;
  static String dem;
  /** 300 x 300 Float32 without a NoData value: {@link #demValue} but 0 where row and column are both >= 200. */
  static RasterArray plain;
  static String plainDem;
  private static final AtomicInteger RUNS = new AtomicInteger();

  @BeforeAll
  static void makeInputs() {
    GdalRuntime.ensureLoaded();
    multiband = syntheticMultiband(new File(tmp, "multi.tif"));
    RasterArray d = RasterArray.create(DataType.FLOAT32, 1, 300, 300);
    plain = RasterArray.create(DataType.FLOAT32, 1, 300, 300);
    for (int r = 0; r < 300; r++) {
      for (int c = 0; c < 300; c++) {
        d.setDouble(0, r, c, demValue(r, c));
        plain.setDouble(0, r, c, r >= 200 && c >= 200 ? 0 : demValue(r, c));
      }
    }
    d.setDouble(0, 10, 10, -9999);
    dem = write(new File(tmp, "dem.tif"), d, 30, 32755, -9999.0);
    plainDem = write(new File(tmp, "plain.tif"), plain, 30, 32755, null);
  }

  static double demValue(int r, int c) {
    return (float) (200 + Math.sin(r / 20.0) * 50 + c * 0.5);
  }

  /** The integration tests' 4-band UInt16 "satellite" image, 700 x 600 pixels, 30 m, UTM 55S. */
  static String syntheticMultiband(File f) {
    GdalRuntime.ensureLoaded();
    RasterArray img = RasterArray.create(DataType.UINT16, 4, 600, 700);
    for (int b = 0; b < 4; b++) {
      for (int r = 0; r < 600; r++) {
        for (int c = 0; c < 700; c++) {
          img.setLong(b, r, c, 100 + (b + 1) * ((r * 7 + c * 3) % 500));
        }
      }
    }
    return write(f, img, 30, 32755, null);
  }

  static String write(File f, RasterArray a, double pix, int epsg, Double nodata) {
    return write(f, a, 300000, 6000000, pix, epsg, nodata);
  }

  /** Writes {@code a} as a tiled GTiff with top-left corner (x0, y0). */
  static String write(File f, RasterArray a, double x0, double y0, double pix, int epsg, Double nodata) {
    Dataset ds = gdal.GetDriverByName("GTiff").Create(f.getPath(), a.cols(), a.rows(), a.bands(),
        a.dataType().gdalCode(), new String[] {"TILED=YES", "COMPRESS=DEFLATE"});
    ds.SetGeoTransform(new double[] {x0, pix, 0, y0, 0, -pix});
    SpatialReference sr = new SpatialReference();
    sr.ImportFromEPSG(epsg);
    ds.SetProjection(sr.ExportToWkt());
    RasterIO.write(ds, 0, 0, a);
    if (nodata != null) {
      ds.GetRasterBand(1).SetNoDataValue(nodata);
    }
    ds.delete();
    return f.getPath();
  }

  /** An example's exit code, stdout and stderr. */
  record Run(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit code " + exitCode + "; stdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  /** Runs an example main class in a new JVM with this test's classpath. */
  static Run exec(String cls, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(javaBin(), "-cp", System.getProperty("java.class.path"),
        "org.rios.examples." + cls));
    cmd.addAll(List.of(args));
    int n = RUNS.incrementAndGet();
    File out = new File(tmp, "run" + n + ".out");
    File err = new File(tmp, "run" + n + ".err");
    Process p = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err).directory(tmp).start();
    assertThat("example " + cls + " finished", p.waitFor(120, TimeUnit.SECONDS), is(true));
    return new Run(p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
  }

  /** Runs an example that must succeed; returns its stdout and stderr. */
  static String runExample(String cls, String... args) throws IOException, InterruptedException {
    Run run = exec(cls, args);
    assertThat(cls + ": " + run, run.exitCode(), is(0));
    return run.out() + run.err();
  }

  /**
   * Runs an example that must refuse its input: exit code {@code exitCode}, and on stderr one line
   * {@code error: ...} containing each of {@code inError}, then the usage line, and no stack trace.
   */
  static void assertRefused(int exitCode, List<String> inError, String cls, String... args) throws Exception {
    Run run = exec(cls, args);
    assertThat(cls + ": " + run, run.exitCode(), is(exitCode));
    List<String> lines = run.err().lines().filter(l -> !l.startsWith("SLF4J")).toList();
    assertThat(run.toString(), lines.get(0), startsWith("error: "));
    for (String s : inError) {
      assertThat(lines.get(0), containsString(s));
    }
    assertThat(run.toString(), lines.get(1), startsWith("Usage: " + cls + " "));
    assertThat(run.err(), allOf(not(containsString("Exception")), not(containsString("\tat "))));
  }

  static String javaBin() {
    return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
  }

  static String gdalinfo(String file) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("gdalinfo", "-hist", file).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  @Test
  void ndviExampleWritesValuesStatsHistogramAndOverviews() throws Exception {
    String out = new File(tmp, "ndvi.tif").getPath();
    String report = runExample("NdviExample", multiband, out, "3", "4");
    assertThat(report, containsString("Wall clock elapsed time:"));
    assertThat(report, containsString("userfunction"));
    Dataset ds = gdal.Open(out, gdalconstConstants.GA_ReadOnly);
    RasterArray r = RasterArray.create(DataType.FLOAT32, 1, 600, 700);
    RasterIO.read(ds, 0, 0, 700, 600, new int[] {1}, r);
    // pixel (5, 9): red = 100 + 3*v, nir = 100 + 4*v with v = (5*7 + 9*3) % 500
    int v = (5 * 7 + 9 * 3) % 500;
    double red = 100 + 3 * v;
    double nir = 100 + 4 * v;
    assertThat(r.getDouble(0, 5, 9), closeTo((nir - red) / (nir + red), 1e-6));
    assertThat(ds.GetRasterBand(1).GetOverviewCount(), is(3)); // 600/4, 600/8, 600/16 > 32; 600/32 is not
    ds.delete();
    String info = gdalinfo(out);
    assertThat(info, containsString("STATISTICS_MEAN="));
    assertThat(info, containsString("STATISTICS_STDDEV="));
    assertThat(info, containsString("STATISTICS_HISTOBINVALUES="));
    assertThat(info, containsString("STATISTICS_MEDIAN="));
    assertThat(info, containsString("STATISTICS_MODE="));
    assertThat(info, containsString("Overviews: 175x150"));
    assertThat(info, containsString("NoData Value=-9"));
  }

  @Test
  void rescaleExampleAppliesGainAndOffsetFromOtherArgs() throws Exception {
    String out = new File(tmp, "scaled.tif").getPath();
    runExample("RescaleExample", multiband, out, "2", "10");
    Dataset ds = gdal.Open(out, gdalconstConstants.GA_ReadOnly);
    assertThat(ds.getRasterCount(), is(4));
    RasterArray r = RasterArray.create(DataType.UINT16, 4, 600, 700);
    RasterIO.read(ds, 0, 0, 700, 600, new int[] {1, 2, 3, 4}, r);
    ds.delete();
    int v = (123 * 7 + 456 * 3) % 500;
    assertThat(r.getLong(1, 123, 456), is((long) (2 * (100 + 2 * v) + 10)));
  }

  @Test
  void meanExampleMatchesDirectMeanWithoutWritingAnything() throws Exception {
    String report = runExample("MeanExample", dem);
    double sum = 0;
    long n = 0;
    for (int r = 0; r < 300; r++) {
      for (int c = 0; c < 300; c++) {
        if (r == 10 && c == 10) {
          continue;
        }
        sum += (float) (200 + Math.sin(r / 20.0) * 50 + c * 0.5);
        n++;
      }
    }
    String line = report.lines().filter(l -> l.startsWith("mean of")).findFirst().orElse(null);
    assertThat(line, notNullValue());
    double mean = Double.parseDouble(line.replaceAll(".*band 1: ([-0-9.]+) over.*", "$1"));
    assertThat(mean, closeTo(sum / n, 1e-5));
    assertThat(line, containsString("over " + n + " pixels"));
  }

  @Test
  void reprojectExampleResamplesOntoReferenceGrid() throws Exception {
    // A reference grid in another projection (EPSG:3577) covering the DEM.
    Dataset demDs = gdal.Open(dem);
    Dataset warped = gdal.Warp(new File(tmp, "ref.tif").getPath(), new Dataset[] {demDs},
        new WarpOptions(new Vector<>(List.of("-t_srs", "EPSG:3577", "-tr", "100", "100",
            "-of", "GTiff"))));
    warped.delete();
    demDs.delete();
    String ref = new File(tmp, "ref.tif").getPath();
    String out = new File(tmp, "reproj.tif").getPath();
    runExample("ReprojectExample", dem, ref, out);
    Dataset o = gdal.Open(out);
    Dataset rr = gdal.Open(ref);
    assertThat(o.getRasterXSize(), is(rr.getRasterXSize()));
    assertThat(o.getRasterYSize(), is(rr.getRasterYSize()));
    assertThat(o.GetGeoTransform()[0], closeTo(rr.GetGeoTransform()[0], 1e-6));
    assertThat(o.GetGeoTransform()[3], closeTo(rr.GetGeoTransform()[3], 1e-6));
    SpatialReference a = new SpatialReference(o.GetProjection());
    SpatialReference b = new SpatialReference(rr.GetProjection());
    assertThat(a.IsSame(b), is(1));
    // Bilinear resampling of a smooth surface: every value lies within the DEM's range, and the
    // applier's statistics of the output agree with GDAL's own computation.
    double[] min = new double[1];
    double[] max = new double[1];
    double[] mean = new double[1];
    double[] sd = new double[1];
    o.GetRasterBand(1).ComputeStatistics(false, min, max, mean, sd);
    String written = o.GetRasterBand(1).GetMetadataItem("STATISTICS_MEAN");
    o.delete();
    rr.delete();
    assertThat(min[0], greaterThan(140.0));
    assertThat(max[0] < 400.0, is(true)); // the DEM spans about 150..400
    assertThat(Double.parseDouble(written), closeTo(mean[0], 1e-3));
  }

  /**
   * A source without a NoData value, 0 in one quarter, onto a larger grid with 45 m pixels: every pixel is
   * gdalwarp's bilinear value (to a VRT, as the applier warps, with NaN as the source's null, as the example
   * gives it; a GTiff output differs next to the source's edges), its zeros included,
   * except where gdalwarp has nothing (NaN): those, and only those, are -9999. An integer source without a
   * NoData value is refused.
   */
  @Test
  void reprojectExampleKeepsRealZerosAndNullsOnlyWhatTheSourceDoesNotCover() throws Exception {
    String ref = write(new File(tmp, "ref45.tif"), RasterArray.create(DataType.UINT8, 1, 245, 245), 299000, 6001000,
        45, 32755, null);
    String out = new File(tmp, "reproj-plain.tif").getPath();
    runExample("ReprojectExample", plainDem, ref, out);
    RasterArray o = readBand1(out, 245, 245);
    Dataset src = gdal.Open(plainDem);
    String warpedPath = new File(tmp, "reproj-plain-gdalwarp.vrt").getPath();
    gdal.Warp(warpedPath, new Dataset[] {src}, new WarpOptions(new Vector<>(List.of("-te", "299000", "5989975",
        "310025", "6001000", "-tr", "45", "45", "-r", "bilinear", "-srcnodata", "nan", "-dstnodata", "nan", "-of",
        "VRT")))).delete();
    src.delete();
    RasterArray warped = readBand1(warpedPath, 245, 245);
    int zeros = 0;
    for (int r = 0; r < 245; r++) {
      for (int c = 0; c < 245; c++) {
        double v = o.getDouble(0, r, c);
        double w = warped.getDouble(0, r, c);
        assertThat("pixel " + r + ", " + c, v, Double.isNaN(w) ? is(-9999.0) : closeTo(w, 1e-3));
        zeros += v == 0 ? 1 : 0;
      }
    }
    assertThat(zeros, greaterThan(1000)); // about 67 x 67 of the source's 100 x 100 zeros
    assertThat(o.getDouble(0, 0, 0), is(-9999.0)); // x 299000..299045: west of the source (300000)
    assertThat(o.getDouble(0, 244, 244), is(-9999.0));
    assertRefused(1, List.of(multiband, "no NoData value"), "ReprojectExample", multiband, ref,
        new File(tmp, "reproj-int.tif").getPath());
  }

  static RasterArray readBand1(String file, int cols, int rows) {
    Dataset ds = gdal.Open(file);
    RasterArray a = RasterArray.create(DataType.FLOAT32, 1, rows, cols);
    RasterIO.read(ds, 0, 0, cols, rows, new int[] {1}, a);
    ds.delete();
    return a;
  }

  @Test
  void focalFilterExampleUsesOverlap() throws Exception {
    String out = new File(tmp, "focal.tif").getPath();
    runExample("FocalFilterExample", dem, out, "2");
    RasterArray f = readBand1(out, 300, 300);
    // A pixel on a block boundary (window 256): its 5x5 neighbourhood spans two blocks.
    int r = 255;
    int c = 100;
    double sum = 0;
    for (int dr = -2; dr <= 2; dr++) {
      for (int dc = -2; dc <= 2; dc++) {
        sum += (float) (200 + Math.sin((r + dr) / 20.0) * 50 + (c + dc) * 0.5);
      }
    }
    assertThat(f.getDouble(0, r, c), closeTo(sum / 25, 1e-3));
  }

  /**
   * At the image's edges the mean is over the neighbours in the image only, not over the overlap margin the
   * applier fills beyond the edge (with 0 for an input without a NoData value).
   */
  @Test
  void focalFilterExampleAveragesOnlyNeighboursInTheImageAtTheEdges() throws Exception {
    String out = new File(tmp, "focal-plain.tif").getPath();
    runExample("FocalFilterExample", plainDem, out, "2");
    RasterArray f = readBand1(out, 300, 300);
    // corners, edges, an edge pixel on a block boundary (window 256), an interior pixel
    int[][] pixels = {{0, 0}, {0, 299}, {299, 0}, {299, 299}, {0, 150}, {150, 299}, {255, 0}, {100, 100}};
    for (int[] p : pixels) {
      assertThat("pixel " + p[0] + ", " + p[1], f.getDouble(0, p[0], p[1]), closeTo(inImageMean(p[0], p[1], 2), 1e-3));
    }
  }

  /** Mean of the pixels of {@link #plain} within {@code radius} of (r, c) that are in the image. */
  static double inImageMean(int r, int c, int radius) {
    double sum = 0;
    int n = 0;
    for (int rr = r - radius; rr <= r + radius; rr++) {
      for (int cc = c - radius; cc <= c + radius; cc++) {
        if (rr >= 0 && rr < 300 && cc >= 0 && cc < 300) {
          sum += plain.getDouble(0, rr, cc);
          n++;
        }
      }
    }
    return sum / n;
  }

  @Test
  void classifyExampleWritesThematicClassesWithColourTableAndRat() throws Exception {
    String out = new File(tmp, "classes.img").getPath();
    String report = runExample("ClassifyExample", multiband, out, "3", "4");
    Dataset ds = gdal.Open(out);
    Band band = ds.GetRasterBand(1);
    assertThat(band.GetMetadataItem("LAYER_TYPE"), is("thematic"));
    assertThat(band.GetRasterColorTable().GetColorEntry(1).getBlue(), is(180));
    RasterArray c = RasterArray.create(DataType.UINT8, 1, 600, 700);
    RasterIO.read(ds, 0, 0, 700, 600, new int[] {1}, c);
    ds.delete();
    // Every pixel has NDVI = (4v - 3v) / (7v + 200) > 0, so classes 2..4 only; count class 2 directly.
    long bare = 0;
    for (int i = 0; i < c.size(); i++) {
      if (c.getLongAt(i) == 2) {
        bare++;
      }
    }
    double[] area = Rat.readRealColumn(out, "AreaHa");
    assertThat(area[2], closeTo(bare * 30 * 30 / 10000.0, 1e-6));
    assertThat(Rat.readStringColumn(out, "ClassName")[4], is("Dense vegetation"));
    assertThat(report, containsString("Bare"));
  }

  @Test
  void zonalVectorExampleMasksAndAveragesPerPolygon() throws Exception {
    // Two square zones (ids 3 and 8) on the DEM, in the DEM's projection.
    File shp = new File(tmp, "zones.shp");
    DataSource src = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(shp.getPath());
    SpatialReference sr = new SpatialReference();
    sr.ImportFromEPSG(32755);
    Layer layer = src.CreateLayer("zones", sr, ogrConstants.wkbPolygon);
    layer.CreateField(new FieldDefn("ZID", ogrConstants.OFTInteger));
    layer.CreateField(new FieldDefn("ZNAME", ogrConstants.OFTString));
    int[][] boxes = {{3, 20, 40}, {8, 150, 200}}; // id, first row/col, last row/col (exclusive)
    for (int[] b : boxes) {
      double x0 = 300000 + b[1] * 30;
      double x1 = 300000 + b[2] * 30;
      double y0 = 6000000 - b[1] * 30;
      double y1 = 6000000 - b[2] * 30;
      Feature f = new Feature(layer.GetLayerDefn());
      f.SetField("ZID", b[0]);
      f.SetField("ZNAME", "zone" + b[0]);
      f.SetGeometry(Geometry.CreateFromWkt(String.format(Locale.ROOT,
          "POLYGON((%f %f,%f %f,%f %f,%f %f,%f %f))", x0, y0, x1, y0, x1, y1, x0, y1, x0, y0)));
      layer.CreateFeature(f);
      f.delete();
    }
    src.delete();
    String out = new File(tmp, "masked.tif").getPath();
    String report = runExample("ZonalVectorExample", dem, shp.getPath(), "ZID", "ZNAME", out);
    double sum = 0;
    for (int r = 150; r < 200; r++) {
      for (int c = 150; c < 200; c++) {
        sum += (float) (200 + Math.sin(r / 20.0) * 50 + c * 0.5);
      }
    }
    String line = report.lines().filter(l -> l.contains("zone8")).findFirst().orElse("");
    assertThat(line, containsString("over 2500 pixels"));
    double mean = Double.parseDouble(line.replaceAll(".*mean +([-0-9.]+) over.*", "$1"));
    assertThat(mean, closeTo(sum / 2500, 0.01));
    Dataset ds = gdal.Open(out);
    RasterArray m = RasterArray.create(DataType.FLOAT32, 1, 300, 300);
    RasterIO.read(ds, 0, 0, 300, 300, new int[] {1}, m);
    ds.delete();
    assertThat(m.getDouble(0, 0, 0), is(-32768.0)); // outside every zone: masked
    assertThat(m.getDouble(0, 25, 30), closeTo(200 + Math.sin(25 / 20.0) * 50 + 30 * 0.5, 1e-3));

    // A name field the layer does not have is refused before anything is computed, naming the fields it has.
    String refused = new File(tmp, "masked-refused.tif").getPath();
    assertRefused(1, List.of("'ZNAMEX'", "[ZID, ZNAME]"), "ZonalVectorExample", dem, shp.getPath(), "ZID", "ZNAMEX",
        refused);
    assertThat(new File(refused).exists(), is(false));
  }

  /** The Debian sample rasters (scripts/get-sample-data.sh, as the README's first command uses them). */
  static Path sampleData() throws IOException, InterruptedException {
    Path repo = Path.of(System.getProperty("user.dir")).getParent();
    Process p = new ProcessBuilder("bash", repo.resolve("scripts/get-sample-data.sh").toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String dir = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat("get-sample-data.sh finished", p.waitFor(300, TimeUnit.SECONDS), is(true));
    assertThat(p.exitValue(), is(0));
    return Path.of(dir);
  }

  /**
   * NdviCollectionExample over a pattern matching the Landsat sample, the synthetic 4-band image and two
   * one-band sample rasters, into an output directory that does not exist yet: an index line per file; the two
   * NDVIs equal NdviExample's, the one-band files are failed jobs naming the file, nothing else is written, and
   * the exit code is 1 with the failed jobs named on stderr.
   */
  @Test
  void ndviCollectionExampleWritesAnIndexOfOutputsAndFailures() throws Exception {
    Path samples = sampleData();
    Path in = Files.createDirectories(tmp.toPath().resolve("collection-in"));
    Path out = tmp.toPath().resolve("collection-out").resolve("ndvi"); // created by the example
    Files.copy(samples.resolve("stars/tif/L7_ETMs.tif"), in.resolve("landsat.tif"));
    Files.copy(samples.resolve("stars/tif/olinda_dem_utm25s.tif"), in.resolve("olinda.tif"));
    Files.copy(samples.resolve("stars/tif/lc.tif"), in.resolve("landcover.tif"));
    Files.copy(Path.of(multiband), in.resolve("synthetic.tif"));
    Path index = out.resolve("index.csv");
    Run run = exec("NdviCollectionExample", in.resolve("*.tif").toString(), out.toString(), index.toString(),
        "--numComputeWorkers=2");
    assertThat(run.toString(), run.exitCode(), is(1));
    String failedLine = run.err().lines().filter(l -> l.startsWith("error: ")).findFirst().orElse("");
    assertThat(run.toString(), failedLine, allOf(startsWith("error: 2 job(s) failed"), containsString("olinda"),
        containsString("landcover")));

    List<String> lines = Files.readAllLines(index);
    assertThat(lines.get(0), is("job,status,path,size_bytes,width,height,bands,type,min,max,mean,stddev,message"));
    Map<String, String> byJob = new HashMap<>();
    for (String l : lines.subList(1, lines.size())) {
      byJob.put(l.substring(0, l.indexOf(',')), l);
    }
    assertThat(byJob.keySet(), is(Set.of("landsat", "synthetic", "olinda", "landcover")));
    for (String job : List.of("landsat", "synthetic")) {
      String ndvi = out.resolve(job + "-ndvi.tif").toString();
      String ref = out.resolve(job + "-ref.tif").toString();
      NdviExample.run(in.resolve(job + ".tif").toString(), ref, 3, 4);
      assertThat(job, RasterCompare.differences(ref, ndvi), is(empty()));
      String mean = RasterCompare.statistics(ndvi, 1).get("STATISTICS_MEAN");
      assertThat(byJob.get(job), allOf(startsWith(job + ",written," + ndvi + "," + Files.size(Path.of(ndvi)) + ","),
          containsString(",FLOAT32,")));
      String meanText = String.format(Locale.ROOT, "%.6f", Double.parseDouble(mean));
      assertThat(byJob.get(job), containsString(meanText));
    }
    for (String job : List.of("olinda", "landcover")) {
      assertThat(byJob.get(job), allOf(startsWith(job + ",failed,"), containsString("Job '" + job + "'"),
          containsString(in.resolve(job + ".tif").toString())));
      assertThat(Files.exists(out.resolve(job + "-ndvi.tif")), is(false));
    }
    try (Stream<Path> s = Files.list(out)) {
      assertThat(s.map(x -> x.getFileName().toString()).filter(n -> n.contains("rios-partial")).toList(), empty());
    }
  }

  /** -h and --help: the usage on stdout, exit code 0, nothing on stderr. */
  @Test
  void examplesPrintTheirUsageForHelp() throws Exception {
    for (String cls : List.of("MeanExample", "NdviExample", "BatchQueueExample", "NdviCollectionExample")) {
      for (String help : List.of("--help", "-h")) {
        Run run = exec(cls, help);
        assertThat(cls + " " + help + ": " + run, run.exitCode(), is(0));
        assertThat(run.out(), startsWith("Usage: " + cls + " "));
        assertThat(run.err(), is(""));
      }
    }
  }

  /**
   * Bad input is one error line naming the file or argument at fault and the usage line, without a stack
   * trace: exit code 2 for a bad argument (not a number, one band number of two, an unknown option), 1 for a
   * file the example cannot use (missing, too few bands).
   */
  @Test
  void examplesRefuseBadInputWithOneErrorLineAndTheUsage() throws Exception {
    String out = new File(tmp, "refused.tif").getPath();
    String missing = new File(tmp, "no-such-file.tif").getPath();
    assertRefused(1, List.of(missing), "MeanExample", missing);
    assertRefused(1, List.of(missing), "NdviExample", missing, out);
    assertRefused(1, List.of(dem, "band 3"), "NdviExample", dem, out);
    assertRefused(2, List.of("'abc'", "<gain>"), "RescaleExample", multiband, out, "abc", "10");
    assertRefused(2, List.of("'x'", "<radius>"), "FocalFilterExample", dem, out, "x");
    assertRefused(2, List.of("<red>", "<nir>"), "NdviExample", multiband, out, "3");
    assertRefused(2, List.of("<red>", "<nir>"), "ClassifyExample", multiband, new File(tmp, "refused.img").getPath(),
        "3");
    assertRefused(2, List.of("'5'"), "NdviExample", multiband, out, "3", "4", "5");
    assertRefused(2, List.of("<in>"), "MeanExample");
    assertRefused(2, List.of("'-V'"), "BatchQueueExample", "-V", multiband, out);
    assertThat(new File(out).exists(), is(false));
  }
}

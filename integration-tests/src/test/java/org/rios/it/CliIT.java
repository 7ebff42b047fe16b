package org.rios.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gdal.gdal.gdal;
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
import org.rios.gdal.GdalRuntime;

/**
 * The command-line tools run as a user runs them: each in its own JVM ({@code java -cp ... org.rios.cli.X})
 * on real files, with the results checked against GDAL's own {@code gdalinfo} and direct computations.
 */
class CliIT {
  @TempDir static File tmp;
  static int counter;

  record Run(int code, String out, String err) {}

  @BeforeAll
  static void gdal() {
    GdalRuntime.ensureLoaded();
  }

  /** A Float32 GTiff 300 x 400 without NoData; returns the path. Values v(r, c) below. */
  static String floatFile(String name) {
    RasterArray a = RasterArray.create(DataType.FLOAT32, 1, 300, 400);
    for (int r = 0; r < 300; r++) {
      for (int c = 0; c < 400; c++) {
        a.setDouble(0, r, c, v(r, c));
      }
    }
    return ExamplesIT.write(new File(tmp, name), a, 30, 32755, null);
  }

  static float v(int r, int c) {
    return (float) (100 + Math.cos(r / 25.0) * 40 + c * 0.1);
  }

  /** A Byte ramp (r + c) % 101, 200 x 300, without NoData. */
  static String rampFile(String name) {
    RasterArray a = RasterArray.create(DataType.UINT8, 1, 200, 300);
    for (int r = 0; r < 200; r++) {
      for (int c = 0; c < 300; c++) {
        a.setLong(0, r, c, (r + c) % 101);
      }
    }
    return ExamplesIT.write(new File(tmp, name), a, 30, 32755, null);
  }

  static Run run(String cls, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(ExamplesIT.javaBin(), "-cp",
        System.getProperty("java.class.path"),
        "org.rios.cli." + cls));
    cmd.addAll(List.of(args));
    return exec(cmd);
  }

  static Run exec(List<String> cmd) throws IOException, InterruptedException {
    File errFile = new File(tmp, "stderr" + (counter++) + ".txt");
    Process p = new ProcessBuilder(cmd).directory(tmp).redirectError(errFile).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat("finished: " + cmd, p.waitFor(120, TimeUnit.SECONDS), is(true));
    String err = java.nio.file.Files.readString(errFile.toPath());
    return new Run(p.exitValue(), out, err);
  }

  /** The STATISTICS_* items gdalinfo shows for band 1. */
  static Map<String, String> gdalinfoStats(String file) throws IOException, InterruptedException {
    Run r = exec(List.of("gdalinfo", file));
    Map<String, String> m = new HashMap<>();
    Matcher mt = Pattern.compile("(STATISTICS_[A-Z]+)=(\\S+)").matcher(r.out());
    while (mt.find()) {
      m.put(mt.group(1), mt.group(2));
    }
    return m;
  }

  /** Parses a printstats line into name → value (None → NaN). */
  static Map<String, Double> parseLine(String line) {
    Map<String, Double> m = new HashMap<>();
    Matcher mt = Pattern.compile("(Mean|Stddev|Min|Max|Median|Mode): ([^,]+)").matcher(line);
    while (mt.find()) {
      String v = mt.group(2).trim();
      m.put(mt.group(1), "None".equals(v) ? Double.NaN : Double.parseDouble(v));
    }
    return m;
  }

  @Test
  void calcstatsThenPrintstatsAgreeWithGdalAndDirectStats() throws Exception {
    String f = floatFile("float.tif");
    Run c = run("CalcStatsCommand", f);
    assertThat(c.err(), c.code(), is(0));
    Run p = run("PrintStatsCommand", "--printfilename", f);
    assertThat(p.err(), p.code(), is(0));
    String line = p.out().trim();
    assertThat(line, containsString("File:" + f + ", Mean: "));
    Map<String, Double> printed = parseLine(line);

    Map<String, String> g = gdalinfoStats(f);
    assertThat(printed.get("Mean"), is(Double.parseDouble(g.get("STATISTICS_MEAN"))));
    assertThat(printed.get("Stddev"), is(Double.parseDouble(g.get("STATISTICS_STDDEV"))));
    assertThat(printed.get("Min"), is(Double.parseDouble(g.get("STATISTICS_MINIMUM"))));
    assertThat(printed.get("Max"), is(Double.parseDouble(g.get("STATISTICS_MAXIMUM"))));
    assertThat(printed.get("Median"), is(Double.parseDouble(g.get("STATISTICS_MEDIAN"))));
    assertThat(printed.get("Mode"), is(Double.parseDouble(g.get("STATISTICS_MODE"))));

    double sum = 0;
    double ssq = 0;
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    int n = 300 * 400;
    for (int r = 0; r < 300; r++) {
      for (int col = 0; col < 400; col++) {
        double x = v(r, col);
        sum += x;
        ssq += x * x;
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
    }
    double mean = sum / n;
    assertThat(printed.get("Mean"), closeTo(mean, 1e-6));
    assertThat(printed.get("Stddev"), closeTo(Math.sqrt(ssq / n - mean * mean), 1e-6));
    assertThat(printed.get("Min"), closeTo(min, 1e-4));
    assertThat(printed.get("Max"), closeTo(max, 1e-4));
    assertThat(printed.get("Median") >= min && printed.get("Median") <= max, is(true));

    // and the pyramids: 300 / 4 = 75 is not above 128, so none; histogram of 256 linear bins
    Run info = exec(List.of("gdalinfo", "-hist", f));
    assertThat(info.out(), not(containsString("Overviews:")));
    assertThat(g.get("STATISTICS_HISTONUMBINS"), is("256"));
    assertThat(g.get("STATISTICS_HISTOBINFUNCTION"), is("linear"));
  }

  @Test
  void ignoreSetsNoDataAndExcludesIt() throws Exception {
    String f = rampFile("ramp.tif");
    Run c = run("CalcStatsCommand", "-i", "52", f);
    assertThat(c.err(), c.code(), is(0));
    Run gi = exec(List.of("gdalinfo", "-mm", f));
    assertThat(gi.out(), containsString("NoData Value=52"));
    assertThat(gi.out(), containsString("Computed Min/Max=0.000,100.000"));
    Map<String, Double> printed = parseLine(run("PrintStatsCommand", f).out());
    double sum = 0;
    long n = 0;
    for (int r = 0; r < 200; r++) {
      for (int col = 0; col < 300; col++) {
        int x = (r + col) % 101;
        if (x != 52) {
          sum += x;
          n++;
        }
      }
    }
    assertThat(printed.get("Mean"), closeTo(sum / n, 1e-6));
    assertThat(printed.get("Min"), is(0.0));
    assertThat(printed.get("Max"), is(100.0));
    assertThat(gdalinfoStats(f).get("STATISTICS_EXCLUDEDVALUES"), is("52.0"));
    // the histogram written holds no count for the null value
    String bins = gdalinfoStats(f).get("STATISTICS_HISTOBINVALUES");
    assertThat(bins.split("\\|")[52], is("0"));
  }

  @Test
  void noArgumentsPrintsUsageAndExitsOne() throws Exception {
    for (String cls : List.of("CalcStatsCommand", "PrintStatsCommand", "InfoCommand")) {
      Run r = run(cls);
      assertThat(cls, r.code(), is(1));
      assertThat(r.err(), containsString("Usage: rios-"));
    }
  }

  @Test
  void missingFileGivesErrorLineAndNonZeroExit() throws Exception {
    String missing = new File(tmp, "does-not-exist.img").getPath();
    for (String cls : List.of("CalcStatsCommand", "PrintStatsCommand", "InfoCommand")) {
      Run r = run(cls, missing);
      assertThat(cls, r.code(), not(is(0)));
      assertThat(r.err(), containsString("error: "));
      assertThat(r.err(), containsString(missing));
      assertThat(r.err().trim().lines().count(), is(1L));
    }
  }

  @Test
  void infoOnRasterAndVector() throws Exception {
    String f = rampFile("info.tif");
    run("CalcStatsCommand", f);
    Run r = run("InfoCommand", f);
    assertThat(r.err(), r.code(), is(0));
    assertThat(r.out(), containsString("300 columns x 200 rows, 1 band(s)"));
    assertThat(r.out(), containsString("Byte"));
    assertThat(r.out(), containsString("EPSG:32755"));
    assertThat(r.out(), containsString("Band 1: Mean: "));

    String shp = new File(tmp, "plots.shp").getPath();
    DataSource ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(shp);
    SpatialReference sr = new SpatialReference();
    sr.ImportFromEPSG(32755);
    Layer layer = ds.CreateLayer("plots", sr, ogrConstants.wkbPolygon);
    layer.CreateField(new FieldDefn("plot_id", ogrConstants.OFTInteger));
    Feature feat = new Feature(layer.GetLayerDefn());
    feat.SetField("plot_id", 7);
    feat.SetGeometry(Geometry.CreateFromWkt("POLYGON ((300100 5999000, 300500 5999000, 300500 5999400, "
        + "300100 5999000))"));
    layer.CreateFeature(feat);
    feat.delete();
    ds.delete();
    Run v = run("InfoCommand", shp);
    assertThat(v.err(), v.code(), is(0));
    assertThat(v.out(), containsString("Layer      : plots"));
    assertThat(v.out(), containsString("Features   : 1"));
    assertThat(v.out(), containsString("Geometry   : Polygon"));
    assertThat(v.out(), containsString("plot_id"));
    assertThat(v.out(), containsString("xMin 300100, xMax 300500, yMin 5999000, yMax 5999400"));
  }

  /**
   * The commands as scripts/install-commands.sh installs them (here under a prefix with a space and a quote in
   * it, so the wrappers' quoting is tested too), run as a user runs them: each answers as the class it wraps.
   * This used to run only where someone had installed the commands into /usr/local by hand, never in CI.
   */
  @Test
  void installedCommandsRun() throws Exception {
    java.nio.file.Path root = java.nio.file.Path.of(System.getProperty("user.dir")).getParent();
    File prefix = new File(tmp, "pre fix'd");
    ProcessBuilder install = new ProcessBuilder("bash", root.resolve("scripts/install-commands.sh").toString())
        .directory(root.toFile()).redirectErrorStream(true);
    install.environment().put("PREFIX", prefix.getPath());
    install.environment().put("MVN_ARGS", "-o");
    Process p = install.start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(log, p.waitFor(300, TimeUnit.SECONDS), is(true));
    assertThat(log, p.exitValue(), is(0));
    String f = rampFile("installed.tif");
    Run calc = exec(List.of(new File(prefix, "bin/rios-calcstats").getPath(), f, "--ign", "7"));
    assertThat(calc.err(), calc.code(), is(0));
    Run r = exec(List.of(new File(prefix, "bin/rios-printstats").getPath(), "--printfilename", f));
    assertThat(r.err(), r.code(), is(0));
    assertThat(r.out().trim(), is(run("PrintStatsCommand", "--printfilename", f).out().trim()));
    assertThat(r.out(), containsString("File:" + f));
    Run info = exec(List.of(new File(prefix, "bin/rios-info").getPath(), f));
    assertThat(info.err(), info.code(), is(0));
    assertThat(info.out(), is(run("InfoCommand", f).out()));
    Run missing = exec(List.of(new File(prefix, "bin/rios-info").getPath(), new File(tmp, "none.tif").getPath()));
    assertThat(missing.code(), is(1));
    assertThat(missing.err(), containsString("none.tif"));
  }
}

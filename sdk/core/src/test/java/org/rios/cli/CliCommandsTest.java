package org.rios.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.fileinfo.ImageFileStats;
import org.rios.fileinfo.ImageInfo;
import org.rios.testutil.TestRasters;
import picocli.CommandLine;

/** The commands run in this JVM with captured output (CliIT runs them as separate processes). */
class CliCommandsTest {
  @TempDir File tmp;

  record Result(int code, String out, String err) {}

  static Result run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = RiosCli.commandLine(command);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = RiosCli.execute(cl, args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void noFilesPrintsUsageAndExitsOne() {
    for (Object cmd : new Object[] {new CalcStatsCommand(), new PrintStatsCommand(), new InfoCommand(),
        new RiosCli()}) {
      Result r = run(cmd);
      assertThat(r.code(), is(1));
      assertThat(r.err(), startsWith("Usage: rios"));
      assertThat(r.out(), is(""));
    }
  }

  @Test
  void calcStatsThenPrintStatsWithIgnore() {
    String f = TestRasters.write(new File(tmp, "ramp.tif"), "GTiff", TestRasters.ramp(100, 120, false), 0, 0, 10,
        TestRasters.wkt(28355), null);
    assertThat(run(new CalcStatsCommand(), "--ignore", "52", f).code(), is(0));
    Result p = run(new PrintStatsCommand(), "--printfilename", f);
    assertThat(p.code(), is(0));
    assertThat(p.out().trim(), is("File:" + f + ", " + new ImageFileStats(f).get(0)));
    assertThat(p.out(), containsString(", Min: 0, Max: 100, Median: "));
    // dispatcher with the short subcommand name
    Result d = run(new RiosCli(), "printstats", f);
    assertThat(d.out().trim(), is(new ImageFileStats(f).get(0).toString()));
  }

  /**
   * As RIOS's tools (argparse): an unambiguous prefix of a long option is that option, and an option given
   * twice takes its last value; both were refused with exit code 2.
   */
  @Test
  void argparseStyleAbbreviationsAndRepeatedOptionsWork() {
    String f = TestRasters.write(new File(tmp, "abbrev.tif"), "GTiff", TestRasters.ramp(100, 120, false), 0, 0, 10,
        TestRasters.wkt(28355), null);
    assertThat(run(new CalcStatsCommand(), "--app", f).code(), is(0));
    assertThat(run(new CalcStatsCommand(), "-i", "3", "-i", "52", f).code(), is(0));
    assertThat(new ImageInfo(f).noDataValue(1), is(52.0));
    Result p = run(new PrintStatsCommand(), "--print", f);
    assertThat(p.code(), is(0));
    assertThat(p.out(), startsWith("File:" + f));
    // after the file names too, as argparse reads them (picocli alone refused them there)
    Result a = run(new CalcStatsCommand(), f, "--app");
    assertThat(a.err(), a.code(), is(0));
    Result i = run(new CalcStatsCommand(), f, "--ign", "7");
    assertThat(i.err(), i.code(), is(0));
    assertThat(new ImageInfo(f).noDataValue(1), is(7.0));
    Result e = run(new CalcStatsCommand(), f, "--ign=8");
    assertThat(e.err(), e.code(), is(0));
    assertThat(new ImageInfo(f).noDataValue(1), is(8.0));
    Result after = run(new PrintStatsCommand(), f, "--print");
    assertThat(after.err(), after.code(), is(0));
    assertThat(after.out(), startsWith("File:" + f));
    Result d = run(new RiosCli(), "printstats", f, "--print");
    assertThat(d.err(), d.out(), startsWith("File:" + f));
    // a name after "--" is a file, however it looks
    Result dashes = run(new PrintStatsCommand(), "--", "--print");
    assertThat(dashes.code(), is(1));
    assertThat(dashes.err(), containsString("--print"));
  }

  @Test
  void missingFileIsOneErrorLineNamingIt() {
    String good = TestRasters.write(new File(tmp, "ok.tif"), "GTiff", TestRasters.ramp(10, 10, false), 0, 0, 10,
        TestRasters.wkt(28355), null);
    String missing = new File(tmp, "missing.tif").getPath();
    Result r = run(new CalcStatsCommand(), missing, good);
    assertThat(r.code(), is(1));
    assertThat(r.err().trim().lines().count(), is(1L));
    assertThat(r.err(), startsWith("error: "));
    assertThat(r.err(), containsString(missing));
    // the good file was still processed
    assertThat(new ImageFileStats(good).get(0).max(), is(100.0));
  }

  /** A directory, a text file and an empty file: one error line each, naming the file and why. */
  @Test
  void filesGdalCannotOpenAreNamedWithTheReason() throws Exception {
    File dir = new File(tmp, "adir.tif");
    dir.mkdir();
    File text = new File(tmp, "text.tif");
    java.nio.file.Files.writeString(text.toPath(), "hello");
    File empty = new File(tmp, "empty.tif");
    empty.createNewFile();
    String[][] cases = {{dir.getPath(), "it is a directory"}, {text.getPath(), "not in a format GDAL recognises"},
        {empty.getPath(), "it is empty"}};
    for (String[] c : cases) {
      for (Object cmd : new Object[] {new CalcStatsCommand(), new InfoCommand()}) {
        Result r = run(cmd, c[0]);
        assertThat(c[0], r.code(), is(1));
        assertThat(r.err(), containsString(c[0]));
        assertThat(r.err().toLowerCase(java.util.Locale.ROOT), containsString(c[1].toLowerCase(java.util.Locale.ROOT)
            .substring(0, 10)));
      }
    }
  }

  /** A GeoPackage holding two raster tables opens with no bands of its own (it lists them as subdatasets). */
  @Test
  void calcStatsOnAFileWithoutBandsIsOneErrorLineNamingIt() {
    String one = TestRasters.write(new File(tmp, "one.tif"), "GTiff", TestRasters.ramp(10, 10, false), 0, 0, 10,
        TestRasters.wkt(28355), null);
    String two = new File(tmp, "two.gpkg").getPath();
    org.gdal.gdal.Driver gpkg = org.gdal.gdal.gdal.GetDriverByName("GPKG");
    org.gdal.gdal.Dataset src = org.gdal.gdal.gdal.Open(one);
    gpkg.CreateCopy(two, src, new String[] {"RASTER_TABLE=t1"}).delete();
    gpkg.CreateCopy(two, src, new String[] {"RASTER_TABLE=t2", "APPEND_SUBDATASET=YES"}).delete();
    src.delete();
    Result r = run(new CalcStatsCommand(), two);
    assertThat(r.code(), is(1));
    assertThat(r.err().trim().lines().count(), is(1L));
    assertThat(r.err(), allOf(startsWith("error: "), containsString(two), containsString("no raster bands")));
  }

  /** A null no pixel of the type can hold made the statistics ignore nothing, silently. */
  @Test
  void calcStatsRefusesAnIgnoreValueTheTypeCannotHold() {
    String f = TestRasters.write(new File(tmp, "byte.tif"), "GTiff", TestRasters.ramp(10, 10, false), 0, 0, 10,
        TestRasters.wkt(28355), null);
    for (String bad : new String[] {"-5", "300", "2.5"}) {
      Result r = run(new CalcStatsCommand(), "--ignore", bad, f);
      assertThat(bad, r.code(), is(1));
      assertThat(r.err(), allOf(containsString(f), containsString("--ignore"), containsString("UINT8")));
    }
    assertThat(run(new CalcStatsCommand(), "--ignore", "255", f).code(), is(0));
    // beyond Float32's range, and the first values past UInt64's and Int64's (their maxima round up to those
    // as doubles): all were taken
    String[][] cases = {{"FLOAT32", "1e39", "3.4028235E38"}, {"UINT64", "18446744073709551616", "18446744073709551615"},
        {"INT64", "9223372036854775808", "9223372036854775807"}};
    for (String[] c : cases) {
      org.rios.array.DataType type = org.rios.array.DataType.valueOf(c[0]);
      String wide = TestRasters.write(new File(tmp, c[0] + ".tif"), "GTiff",
          org.rios.array.RasterArray.create(type, 1, 4, 4), 0, 0, 10, TestRasters.wkt(28355), null);
      Result r = run(new CalcStatsCommand(), "--ignore", c[1], wide);
      assertThat(c[0], r.code(), is(1));
      assertThat(r.err(), allOf(containsString(wide), containsString(c[0]), containsString("to " + c[2])));
    }
    // -FLT_MAX as GDAL prints it, the usual Float32 nodata, is a shade beyond it as a double: still a Float32
    Result flt = run(new CalcStatsCommand(), "--ignore", "-3.4028235e38", new File(tmp, "FLOAT32.tif").getPath());
    assertThat(flt.err(), flt.code(), is(0));
  }

  /** A FIFO named on the command line is one error line, not a command waiting for ever (info, calcstats did). */
  @Test
  void aFifoIsOneErrorLineForEveryCommand() throws Exception {
    File fifo = new File(tmp, "fifo.tif");
    assertThat(new ProcessBuilder("mkfifo", fifo.getPath()).start().waitFor(), is(0));
    for (java.util.function.Supplier<Object> cmd : java.util.List.<java.util.function.Supplier<Object>>of(
        CalcStatsCommand::new, PrintStatsCommand::new, InfoCommand::new)) {
      Result r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
          () -> run(cmd.get(), fifo.getPath()));
      assertThat(r.err(), r.code(), is(RiosCli.EXIT_FAILED));
      assertThat(r.err().trim(), allOf(startsWith("error: Unable to open " + fifo.getPath()),
          containsString("not a regular file")));
    }
  }

  /**
   * calcstats opens its file for update, which skipped the checks of a read-only open: it blocked for ever
   * on a VRT whose source is a FIFO and wrote statistics of zeros for the missing end of a cut-short ENVI file.
   */
  @Test
  void calcStatsRefusesWhatItCannotReadToTheEnd() throws Exception {
    File fifo = new File(tmp, "src.tif");
    assertThat(new ProcessBuilder("mkfifo", fifo.getPath()).start().waitFor(), is(0));
    File vrt = new File(tmp, "in.vrt");
    java.nio.file.Files.writeString(vrt.toPath(), "<VRTDataset rasterXSize=\"8\" rasterYSize=\"8\">\n"
        + "  <VRTRasterBand dataType=\"Byte\" band=\"1\">\n    <SimpleSource>\n"
        + "      <SourceFilename relativeToVRT=\"1\">src.tif</SourceFilename>\n      <SourceBand>1</SourceBand>\n"
        + "    </SimpleSource>\n  </VRTRasterBand>\n</VRTDataset>\n");
    Result onVrt = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
        () -> run(new CalcStatsCommand(), vrt.getPath()));
    assertThat(onVrt.err(), onVrt.code(), is(RiosCli.EXIT_FAILED));
    assertThat(onVrt.err(), allOf(containsString(vrt.getPath()), containsString("src.tif"),
        containsString("not a regular file")));

    String envi = TestRasters.write(new File(tmp, "cut.bil"), "ENVI", TestRasters.ramp(10, 10, false), 0, 0, 10,
        TestRasters.wkt(28355), null);
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(envi, "rw")) {
      f.setLength(f.length() / 2);
    }
    Result onShort = run(new CalcStatsCommand(), envi);
    assertThat(onShort.err(), onShort.code(), is(RiosCli.EXIT_FAILED));
    assertThat(onShort.err(), allOf(containsString(envi), containsString("fewer than")));
  }

  @Test
  void badOptionIsAUsageError() {
    Result r = run(new PrintStatsCommand(), "--nosuchoption", "x.tif");
    assertThat(r.code(), is(2));
    // one error line and where to look, not the whole help
    assertThat(r.err(), is("error: Unknown option: '--nosuchoption'" + System.lineSeparator()
        + "Try 'rios-printstats --help' for more information." + System.lineSeparator()));
    Result badValue = run(new CalcStatsCommand(), "--ignore", "abc", "x.tif");
    assertThat(badValue.code(), is(2));
    assertThat(badValue.err(), allOf(startsWith("error: "), containsString("'abc' is not a number"),
        containsString("rios-calcstats --help")));
  }

  @Test
  void theDispatcherNamesItsToolsByTheirShortNames() {
    Result help = run(new RiosCli(), "calcstats", "--help");
    assertThat(help.code(), is(0));
    assertThat(help.out(), startsWith("Usage: rios calcstats "));
    Result bad = run(new RiosCli(), "rios-info", "--bad");
    assertThat(bad.code(), is(2));
    assertThat(bad.err(), containsString("Try 'rios info --help'"));
  }

  /** The file is named in the error line unless the message names it as a whole name, not inside a word. */
  @Test
  void errorLinesNameShortFileNames() {
    RuntimeException e = new org.rios.errors.FileOpenException("Unable to open data/a: no such file");
    assertThat(RiosCli.errorLine("a", e), is("error: a: Unable to open data/a: no such file"));
    assertThat(RiosCli.errorLine("data/a", e), is("error: Unable to open data/a: no such file"));
    assertThat(RiosCli.errorLine("ras", e), startsWith("error: ras: "));
  }

  @Test
  void infoOnARaster() {
    String f = TestRasters.rampFile(new File(tmp, "ramp.img"));
    run(new CalcStatsCommand(), f);
    Result r = run(new InfoCommand(), f);
    assertThat(r.code(), is(0));
    assertThat(r.out(), containsString("500 columns x 500 rows, 1 band(s)"));
    assertThat(r.out(), containsString("Band 1: Mean: "));
  }

  @Test
  void statisticsThatCannotBeSavedBesideTheFileAreAnError() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "chattr needs root");
    File dir = new File(tmp, "locked");
    assertThat(dir.mkdir(), is(true));
    // ENVI keeps statistics in an .aux.xml beside the file: GDAL only warns when it cannot write it
    String f = TestRasters.write(new File(dir, "s.bin"), "ENVI",
        org.rios.array.RasterArray.filled(org.rios.array.DataType.UINT8, 1, 8, 8, 3), 0, 0, 10,
        TestRasters.wkt(28355), null);
    Process lock = new ProcessBuilder("chattr", "+i", dir.getPath()).inheritIO().start();
    org.junit.jupiter.api.Assumptions.assumeTrue(lock.waitFor() == 0, "this file system has no immutable flag");
    try {
      Result r = run(new CalcStatsCommand(), f);
      assertThat(r.code(), is(RiosCli.EXIT_FAILED));
      assertThat(r.err(), allOf(containsString(f), containsString("were not saved")));
    } finally {
      new ProcessBuilder("chattr", "-i", dir.getPath()).inheritIO().start().waitFor();
    }
    // the same file where the side-car can be written: statistics saved, exit 0
    assertThat(run(new CalcStatsCommand(), f).code(), is(0));
  }

  /**
   * A side-car that is there but could not be rewritten keeps an earlier run's numbers under the same keys:
   * the check reads the values back, not only the keys (such a run used to exit 0 with stale statistics).
   */
  @Test
  void statisticsReadBackWithOtherValuesAreNotSaved() {
    String f = TestRasters.write(new File(tmp, "st.tif"), "GTiff", TestRasters.ramp(10, 10, false), 0, 0, 10,
        TestRasters.wkt(28355), null);
    assertThat(run(new CalcStatsCommand(), f).code(), is(0));
    String mean = TestRasters.bandMetadata(f, 1, "STATISTICS_MEAN");
    java.util.Map<String, String> written = new java.util.TreeMap<>(java.util.Map.of("STATISTICS_MEAN",
        Double.toString(Double.parseDouble(mean) + 1)));
    org.rios.errors.OutputWriteException e = org.junit.jupiter.api.Assertions.assertThrows(
        org.rios.errors.OutputWriteException.class, () -> CalcStatsCommand.verifySaved(f, java.util.List.of(written)));
    assertThat(e.getMessage(), allOf(containsString("STATISTICS_MEAN is " + mean + ", not "), containsString(f)));
    // the same values, however the format writes the numbers, are saved
    CalcStatsCommand.verifySaved(f, java.util.List.of(java.util.Map.of("STATISTICS_MEAN", mean + "0")));
    assertThat(CalcStatsCommand.sameValue("3", "3.0"), is(true));
    assertThat(CalcStatsCommand.sameValue("0|1|2|", "0|1|3|"), is(false));
  }

  /** A thematic 3 x 5 Byte GTiff with an attribute table, holding 0..4 with {@code counts[v]} pixels of v. */
  private static void writeThematic(String path, int[] counts, boolean create) {
    org.rios.gdal.GdalRuntime.ensureLoaded();
    org.rios.array.RasterArray a = org.rios.array.RasterArray.create(org.rios.array.DataType.UINT8, 1, 3, 5);
    int i = 0;
    for (int v = 0; v < counts.length; v++) {
      for (int n = 0; n < counts[v]; n++, i++) {
        a.setDoubleAt(i, v);
      }
    }
    org.gdal.gdal.Dataset ds = create
        ? org.gdal.gdal.gdal.GetDriverByName("GTiff").Create(path, 5, 3, 1, org.gdal.gdalconst.gdalconstConstants.GDT_Byte)
        : org.gdal.gdal.gdal.Open(path, org.gdal.gdalconst.gdalconstConstants.GA_Update);
    org.rios.gdal.RasterIO.write(ds, 0, 0, a);
    if (create) {
      ds.GetRasterBand(1).SetMetadataItem("LAYER_TYPE", "thematic");
      org.rios.rat.Rat.writeColumn(ds, "Name", new String[] {"a", "b", "c", "d", "e"}, null, 1,
          org.rios.rat.RatColumnUsage.NAME);
    }
    ds.delete();
  }

  /**
   * A thematic band's histogram goes into its attribute table; a side-car that could not be rewritten kept
   * an earlier run's counts while every STATISTICS_ item matched, and the run exited 0.
   */
  @Test
  void aHistogramColumnThatWasNotSavedIsAnError() throws Exception {
    String f = new File(tmp, "classes.tif").getPath();
    // the same minimum, maximum, mean, standard deviation, median and mode; other counts
    int[] before = {1, 4, 5, 4, 1};
    int[] after = {2, 0, 11, 0, 2};
    writeThematic(f, before, true);
    assertThat(run(new CalcStatsCommand(), f).code(), is(0));
    writeThematic(f, after, false);
    try (org.rios.testutil.ImmutableDirectory locked = org.rios.testutil.ImmutableDirectory.lock(
        new File(f + ".aux.xml"))) {
      Result r = run(new CalcStatsCommand(), f);
      assertThat(r.err(), r.code(), is(RiosCli.EXIT_FAILED));
      assertThat(r.err(), allOf(containsString(f), containsString(CalcStatsCommand.PIXEL_COUNT_COLUMN)));
    }
    // and where it can: the pixels' counts, not those GDAL kept in the side-car from the first run
    assertThat(run(new CalcStatsCommand(), f).code(), is(0));
    assertThat(org.rios.rat.Rat.readRealColumn(f, "Histogram"), is(new double[] {2, 0, 11, 0, 2}));
  }

  /** An ENVI file's histogram lives in its .aux.xml, which GDAL answered from after the pixels had changed. */
  @Test
  void aRerunCountsThePixelsOfAnyFormat() {
    org.rios.array.RasterArray a = org.rios.array.RasterArray.create(org.rios.array.DataType.UINT8, 1, 10, 10);
    for (int i = 0; i < 100; i++) {
      a.setDoubleAt(i, i % 7);
    }
    String f = TestRasters.write(new File(tmp, "seven.bin"), "ENVI", a, 0, 0, 10, TestRasters.wkt(28355), null);
    assertThat(run(new CalcStatsCommand(), f).code(), is(0));
    for (int i = 0; i < 100; i++) {
      a.setDoubleAt(i, i == 0 ? 0 : i == 1 ? 6 : 3);   // the same minimum and maximum, mode 3
    }
    org.gdal.gdal.Dataset ds = org.gdal.gdal.gdal.Open(f, org.gdal.gdalconst.gdalconstConstants.GA_Update);
    org.rios.gdal.RasterIO.write(ds, 0, 0, a);
    ds.delete();
    assertThat(run(new CalcStatsCommand(), f).code(), is(0));
    assertThat(TestRasters.bandMetadata(f, 1, "STATISTICS_MODE"), is("3"));
    assertThat(TestRasters.bandMetadata(f, 1, "STATISTICS_HISTOBINVALUES"), startsWith("1|0|0|98|0|0|1|"));
  }

  /** HFA keeps a band's statistics in the file: a rerun that finds no valid pixels cannot remove them. */
  @Test
  void staleStatisticsOfABandWithoutValidPixelsAreAWarning() {
    String f = TestRasters.write(new File(tmp, "zeros.img"), "HFA",
        org.rios.array.RasterArray.create(org.rios.array.DataType.UINT8, 1, 8, 8), 0, 0, 10, TestRasters.wkt(28355),
        null);
    assertThat(run(new CalcStatsCommand(), f).code(), is(0));
    org.rios.testutil.Stderr.Captured warned = org.rios.testutil.Stderr.capture(
        () -> run(new CalcStatsCommand(), "--ignore", "0", f).code());
    assertThat(warned.code(), is(0));
    assertThat(warned.text(), allOf(containsString("band 1 of " + f), containsString("no valid pixels"),
        containsString("earlier run stay")));
  }

  /** Python's float() spellings of NaN and infinity, as RIOS's rioscalcstats takes them. */
  @Test
  void ignoreTakesNanAndInfinityAsPythonDoes() {
    String f = TestRasters.write(new File(tmp, "f.tif"), "GTiff",
        org.rios.array.RasterArray.filled(org.rios.array.DataType.FLOAT32, 1, 8, 8, 2.5), 0, 0, 10,
        TestRasters.wkt(28355), null);
    for (String v : new String[] {"nan", "NAN", "-inf", "Infinity", "+inf"}) {
      // "--ignore=-inf": a separate word starting with '-' is an option to the parser, as to RIOS's argparse
      assertThat(v, run(new CalcStatsCommand(), "--ignore=" + v, f).code(), is(0));
    }
    org.gdal.gdal.Dataset ds = org.gdal.gdal.gdal.Open(f);
    Double[] nd = new Double[1];
    ds.GetRasterBand(1).GetNoDataValue(nd);
    ds.delete();
    assertThat(nd[0], is(Double.POSITIVE_INFINITY));
    assertThat(run(new CalcStatsCommand(), "--ignore", "nanx", f).code(), is(2));
  }

  /**
   * A thematic band whose pixels all become null on a re-run: its RAT's pixel counts go to 0 with its other
   * statistics (they used to keep the earlier run's counts).
   */
  @Test
  void aRatHistogramOfABandWithNoValidPixelsIsZeroed() {
    String f = TestRasters.write(new File(tmp, "th.tif"), "GTiff",
        org.rios.array.RasterArray.filled(org.rios.array.DataType.UINT8, 1, 10, 10, 3), 0, 0, 10,
        TestRasters.wkt(28355), null);
    org.gdal.gdal.Dataset ds = org.gdal.gdal.gdal.Open(f, 1);
    org.gdal.gdal.Band band = ds.GetRasterBand(1);
    band.SetMetadataItem("LAYER_TYPE", "thematic");
    org.gdal.gdal.RasterAttributeTable rat = new org.gdal.gdal.RasterAttributeTable();
    rat.CreateColumn("Name", org.gdal.gdalconst.gdalconstConstants.GFT_String,
        org.gdal.gdalconst.gdalconstConstants.GFU_Name);
    rat.SetRowCount(4);
    band.SetDefaultRAT(rat);
    ds.delete();
    assertThat(run(new CalcStatsCommand(), f).code(), is(0));
    assertThat(pixelCounts(f), is(new double[] {0, 0, 0, 100}));
    assertThat(run(new CalcStatsCommand(), "--ignore", "3", f).code(), is(0));
    assertThat(pixelCounts(f), is(new double[] {0, 0, 0, 0}));
    assertThat(TestRasters.bandMetadata(f, 1, "STATISTICS_MEAN"), is((String) null));
  }

  private static double[] pixelCounts(String f) {
    org.gdal.gdal.Dataset ds = org.gdal.gdal.gdal.Open(f);
    try {
      org.gdal.gdal.RasterAttributeTable rat = ds.GetRasterBand(1).GetDefaultRAT();
      for (int c = 0; c < rat.GetColumnCount(); c++) {
        if (rat.GetUsageOfCol(c) == org.gdal.gdalconst.gdalconstConstants.GFU_PixelCount) {
          double[] out = new double[rat.GetRowCount()];
          for (int r = 0; r < out.length; r++) {
            out[r] = rat.GetValueAsDouble(r, c);
          }
          return out;
        }
      }
      return null;
    } finally {
      ds.delete();
    }
  }
  /** A file with raster tiles and vector layers (a GeoPackage) is described as both: its layers were left out. */
  @Test
  void aFileWithBothRasterAndLayersIsDescribedAsBoth() throws Exception {
    String tif = TestRasters.write(new File(tmp, "r.tif"), "GTiff", TestRasters.ramp(10, 10, false), 0, 0, 10,
        TestRasters.wkt(28355), null);
    String gpkg = new File(tmp, "both.gpkg").getPath();
    org.rios.gdal.GdalRuntime.ensureLoaded();
    org.gdal.gdal.gdal.Translate(gpkg, org.gdal.gdal.gdal.Open(tif),
        new org.gdal.gdal.TranslateOptions(new java.util.Vector<>(java.util.List.of("-of", "GPKG", "-ot", "Byte"))))
        .delete();
    org.gdal.gdal.Dataset ds = org.gdal.gdal.gdal.OpenEx(gpkg, org.gdal.gdalconst.gdalconstConstants.OF_VECTOR
        | org.gdal.gdalconst.gdalconstConstants.OF_UPDATE);
    org.gdal.osr.SpatialReference srs = new org.gdal.osr.SpatialReference(TestRasters.wkt(28355));
    org.gdal.ogr.Layer layer = ds.CreateLayer("plots", srs, org.gdal.ogr.ogrConstants.wkbPoint);
    org.gdal.ogr.Feature f = new org.gdal.ogr.Feature(layer.GetLayerDefn());
    f.SetGeometry(org.gdal.ogr.Geometry.CreateFromWkt("POINT (5 -5)"));
    layer.CreateFeature(f);
    f.delete();
    ds.delete();
    Result r = run(new InfoCommand(), gpkg);
    assertThat(r.err(), r.code(), is(0));
    assertThat(r.out(), containsString("Size"));
    assertThat(r.out(), containsString("plots"));
  }
}

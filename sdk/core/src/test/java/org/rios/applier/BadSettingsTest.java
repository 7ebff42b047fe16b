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
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.concurrency.ComputeWorkerKind;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.errors.ImageOpenException;
import org.rios.errors.ParameterException;
import org.rios.errors.RiosException;
import org.rios.errors.UnknownDriverException;
import org.rios.gdal.GdalRuntime;
import org.rios.progress.SilentProgress;
import org.rios.testutil.TestRasters;

/**
 * The second bad-input campaign's findings, each closed: settings GDAL would crash on or misread, a codec
 * that refuses the pixels on GDAL's encoder threads, blocks of another type, south-up and rotated inputs,
 * inputs without a common projection, a directory as output name. Each is a typed error naming the setting
 * or the file (or, for a later block of another type, GDAL's own conversion), with nothing at a final path.
 */
class BadSettingsTest {
  @TempDir File tmp;
  private int calls;

  private ApplierControls quiet() {
    return new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath());
  }

  private static ConcurrencyStyle threads() {
    return ConcurrencyStyle.builder().numReadWorkers(1).numComputeWorkers(2)
        .computeWorkerKind(ComputeWorkerKind.CW_THREADS).build();
  }

  private String ramp() {
    return TestRasters.rampFile(new File(tmp, "ramp.img"));
  }

  private void copy(String in, String out, ApplierControls c) {
    Applier.apply((info, inputs, outputs) -> {
      calls++;
      outputs.put("out", inputs.get("img"));
    }, new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", out), c);
  }

  private List<String> filesIn(File dir) throws IOException {
    try (Stream<Path> s = Files.list(dir.toPath())) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  /** A level of 0 made GDAL divide by zero (the JVM died with SIGFPE); a negative one broke the file. */
  @ParameterizedTest
  @ValueSource(ints = {0, -4})
  void anOverviewLevelBelowOneIsRefusedWhenSet(int level) {
    ParameterException e = assertThrows(ParameterException.class,
        () -> quiet().setOverviewLevels(List.of(2, level, 8)));
    assertThat(e.getMessage(), allOf(containsString("overviewLevels"), containsString(String.valueOf(level))));
    assertThrows(ParameterException.class, () -> quiet().setOverviewLevels(null));
  }

  /** An output inside a zip failed on its first block with "No such file" and left a stray zip behind. */
  @Test
  void anOutputInsideAnArchiveIsRefusedBeforeAnyFileIsMade() {
    String ramp = ramp();
    File zip = new File(tmp, "out.zip");
    String out = "/vsizip/" + zip.getPath() + "/a.tif";
    ParameterException e = assertThrows(ParameterException.class,
        () -> Applier.apply((info, inputs, outputs) -> outputs.put("out", inputs.get("img")),
            new FilenameAssociations().put("img", ramp), new FilenameAssociations().put("out", out),
            quiet().setOutputDriverName("GTiff")));
    assertThat(e.getMessage(), allOf(containsString(out), containsString("/vsizip/"), containsString("archive")));
    assertThat(zip.exists(), is(false));
  }

  /**
   * Entry i of a list is labelled name[i]: an output "o[0]" beside a list "o" shared its writer in a Beam
   * run, which then wrote neither file and reported success. Names with brackets are refused.
   */
  @Test
  void symbolicNamesWithBracketsAreRefused() {
    for (String bad : new String[] {"o[0]", "a]", "[x"}) {
      ParameterException e = assertThrows(ParameterException.class,
          () -> new FilenameAssociations().put(bad, "f.tif"));
      assertThat(e.getMessage(), allOf(containsString("'" + bad + "'"), containsString("name[i]")));
      assertThrows(ParameterException.class, () -> new FilenameAssociations().put(bad, java.util.List.of("f.tif")));
    }
  }

  @Test
  void anUnknownOverviewAggregationIsRefusedWhenSetAndKnownOnesInAnyCaseAreKept() {
    ParameterException e = assertThrows(ParameterException.class,
        () -> quiet().setOverviewAggregationType("NOPE", "out"));
    assertThat(e.getMessage(), allOf(containsString("overviewAggregationType"), containsString("'out'"),
        containsString("NOPE"), containsString("AVERAGE")));
    ParameterException env = assertThrows(ParameterException.class,
        () -> RiosDefaults.fromEnvironment(java.util.Map.of("RIOS_DFLT_OVERVIEWAGGTYPE", "bogus")));
    assertThat(env.getMessage(), containsString("RIOS_DFLT_OVERVIEWAGGTYPE"));
    String out = new File(tmp, "out.img").getPath();
    copy(ramp(), out, quiet().setOverviewAggregationType("average").setOverviewMinDim(32));
    Dataset ds = gdal.Open(out);
    try {
      assertThat(ds.GetRasterBand(1).GetOverviewCount() > 0, is(true));
    } finally {
      ds.delete();
    }
  }

  /** An unknown method used to fail at the first block with "...: null". */
  @Test
  void anUnknownResampleMethodIsRefusedWhenSetAndNearestMeansNear() {
    ParameterException e = assertThrows(ParameterException.class,
        () -> quiet().setResampleMethod("nosuchmethod", "img"));
    assertThat(e.getMessage(), allOf(containsString("resampleMethod"), containsString("'img'"),
        containsString("nosuchmethod"), containsString("bilinear")));
    ApplierControls c = quiet().setResampleMethod("Nearest");
    assertThat(c.<String>getOptionForImagename(ApplierControls.RESAMPLE_METHOD, "img"), is("near"));
  }

  /**
   * JPEG cannot hold 16-bit pixels. With GDAL's encoder threads (as a sequential run on two cores has them),
   * GDAL 3.6 reported that only on its worker thread, and the run finished a file of zeros with statistics;
   * now every style refuses before any block, naming the output, and nothing is left.
   */
  @ParameterizedTest
  @ValueSource(strings = {"seq", "threads"})
  void aCodecThatRefusesTheTypeFailsBeforeAnyBlockInEveryStyle(String style) throws IOException {
    String in = ramp();
    File dir = new File(tmp, "outs");
    assertThat(dir.mkdir(), is(true));
    String out = new File(dir, "out.tif").getPath();
    ApplierControls c = quiet().setOutputDriverName("GTiff").setGdalThreads(2)
        .setCreationOptions(List.of("TILED=YES", "COMPRESS=JPEG"))
        .setConcurrencyStyle(style.equals("seq") ? ConcurrencyStyle.none() : threads());
    RiosException e = assertThrows(RiosException.class, () -> Applier.apply(
        (info, inputs, outputs) -> outputs.put("out", inputs.get("img").astype(DataType.UINT16)),
        new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", out), c));
    Throwable t = e instanceof ImageOpenException ? e : e.getCause();
    assertThat(t instanceof ImageOpenException, is(true));
    assertThat(t.getMessage(), allOf(containsString("'out'"), containsString(out), containsString("UINT16"),
        containsString("JPEG")));
    assertThat(filesIn(dir), empty());
  }

  @Test
  void jpegOnBytePixelsStillWritesWithEncoderThreads() {
    String out = new File(tmp, "out.tif").getPath();
    copy(ramp(), out, quiet().setOutputDriverName("GTiff").setGdalThreads(2)
        .setCreationOptions(List.of("TILED=YES", "COMPRESS=JPEG", "JPEG_QUALITY=100")));
    RasterArray a = TestRasters.read(out);
    assertThat(a.dataType(), is(DataType.UINT8));
    // lossy, but not the empty tiles of a refused codec: the ramp's far corner is near 100
    assertThat(a.getDouble(0, a.rows() - 1, a.cols() - 1) > 90, is(true));
  }

  /**
   * An Error from the user function (a failed assert, a class it cannot load) is its failure on that block,
   * as an exception is; the JVM's own out-of-memory or stack overflow stays what it is. Either way nothing is
   * left at the final path.
   */
  @Test
  void anErrorInTheUserFunctionNamesItsBlockAndLeavesNothing() throws IOException {
    File dir = new File(tmp, "outs");
    assertThat(dir.mkdir(), is(true));
    String out = new File(dir, "out.img").getPath();
    org.rios.errors.UserFunctionException e = assertThrows(org.rios.errors.UserFunctionException.class,
        () -> Applier.apply((info, inputs, outputs) -> {
          if (!info.isFirstBlock()) {
            throw new AssertionError("not what the function expected");
          }
          outputs.put("out", inputs.get("img"));
        }, new FilenameAssociations().put("img", ramp()), new FilenameAssociations().put("out", out),
            quiet().setWindowSize(128, 128)));
    assertThat(e.getMessage(), allOf(containsString("block 1"), containsString("not what the function expected")));
    assertThat(filesIn(dir), empty());
    assertThrows(OutOfMemoryError.class, () -> Applier.apply((info, inputs, outputs) -> {
      throw new OutOfMemoryError("simulated");
    }, new FilenameAssociations().put("img", ramp()), new FilenameAssociations().put("out", out), quiet()));
    assertThat(filesIn(dir), empty());
  }

  @Test
  void smallerMistakesAreNamedToo() {
    String in = ramp();
    String out = new File(tmp, "out.img").getPath();
    ParameterException nullFn = assertThrows(ParameterException.class, () -> Applier.apply((UserFunction) null,
        new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", out), quiet()));
    assertThat(nullFn.getMessage(), containsString("user function"));
    // putList for an output that is one file used to say the output was not set
    ParameterException list = assertThrows(ParameterException.class, () -> Applier.apply(
        (info, inputs, outputs) -> outputs.putList("out", List.of(inputs.get("img"))),
        new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", out), quiet()));
    assertThat(list.getMessage(), allOf(containsString("'out'"), containsString(out), containsString("putList")));
    // a misspelt output name: RIOS ignores the stray name and fails on the missing output; here both are named
    for (ConcurrencyStyle style : List.of(ConcurrencyStyle.none(), ConcurrencyStyle.builder().numReadWorkers(1)
        .computeWorkerKind(ComputeWorkerKind.CW_THREADS).numComputeWorkers(2).build())) {
      Exception typo = assertThrows(Exception.class, () -> Applier.apply(
          (info, inputs, outputs) -> outputs.put("otu", inputs.get("img")),
          new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", out),
          quiet().setConcurrencyStyle(style)));
      Throwable cause = typo instanceof ParameterException ? typo : typo.getCause();
      assertThat(style.toString(), cause, org.hamcrest.Matchers.instanceOf(ParameterException.class));
      assertThat(cause.getMessage(), allOf(containsString("did not set output 'out'"), containsString("[otu]"),
          containsString("not an output name")));
      assertThat(new File(out).exists(), org.hamcrest.Matchers.is(false));
    }
    String missing = new File(tmp, "missing.tif").getPath();
    org.rios.errors.FileOpenException extent = assertThrows(org.rios.errors.FileOpenException.class,
        () -> copy(in, out, quiet().setFootprintType(Footprint.UNION).setFilesForExtent(List.of(missing))));
    assertThat(extent.getMessage(), allOf(containsString("setFilesForExtent"), containsString(missing)));
    // GDAL gives no reason for a directory: the message says what it is
    org.rios.errors.FileOpenException dir = assertThrows(org.rios.errors.FileOpenException.class,
        () -> copy(tmp.getPath(), out, quiet()));
    assertThat(dir.getMessage(), allOf(containsString(tmp.getPath()), containsString("directory")));
    assertThat(new File(out).exists(), is(false));
  }

  /** A text field was burned through atof ("a" as 0), a burn value beyond the type clamped (1000 as 255). */
  @Test
  void aVectorIsNotBurnedWithTextOrAValueItsTypeCannotHold() {
    String ramp = ramp();
    String vec = org.rios.testutil.TestVectors.twoSquares(new File(tmp, "squares.shp"));
    String out = new File(tmp, "out.img").getPath();
    org.rios.errors.VectorAttributeException text = assertThrows(org.rios.errors.VectorAttributeException.class,
        () -> Applier.apply((info, inputs, outputs) -> outputs.put("out", inputs.get("vec")),
            new FilenameAssociations().put("img", ramp).put("vec", vec), new FilenameAssociations().put("out", out),
            quiet().setBurnAttribute("name", "vec")));
    assertThat(text.getMessage(), allOf(containsString("'name'"), containsString(vec), containsString("numeric")));
    ParameterException range = assertThrows(ParameterException.class,
        () -> Applier.apply((info, inputs, outputs) -> outputs.put("out", inputs.get("vec")),
            new FilenameAssociations().put("img", ramp).put("vec", vec), new FilenameAssociations().put("out", out),
            quiet().setBurnValue(1000, "vec")));
    assertThat(range.getMessage(), allOf(containsString("setBurnValue"), containsString("'vec'"),
        containsString("1000"), containsString("UINT8")));
    // the numeric field still burns, and a value the type holds too
    Applier.apply((info, inputs, outputs) -> outputs.put("out", inputs.get("vec")),
        new FilenameAssociations().put("img", ramp).put("vec", vec), new FilenameAssociations().put("out", out),
        quiet().setBurnAttribute("val", "vec"));
    assertThat(TestRasters.count(TestRasters.read(out), 0, 7) > 0, is(true));
  }

  @Test
  void aDriverThatWritesNoRastersIsRefusedByName() {
    UnknownDriverException e = assertThrows(UnknownDriverException.class,
        () -> copy(ramp(), new File(tmp, "out.shp").getPath(), quiet().setOutputDriverName("ESRI Shapefile")));
    assertThat(e.getMessage(), allOf(containsString("ESRI Shapefile"), containsString("'out'"),
        containsString("does not write rasters")));
    assertThat(calls, is(0));
  }

  /**
   * The file keeps its first block's type; a later block of another type holds what GDAL makes of it (rounded
   * and clamped, as RIOS's WriteArray), not Java's wrapping cast (1000.5 became 232 in a Byte file). Which
   * block comes first to the writer is fixed only in a sequential run (with compute workers it is the first
   * one finished, as in RIOS), so the file's type is too; the conversion is the writer's, the same in every style.
   */
  @Test
  void laterBlocksOfAnotherTypeAreRoundedAndClampedAsGdalDoes() {
    String in = ramp();
    String out = new File(tmp, "out.img").getPath();
    Applier.apply((info, inputs, outputs) -> {
      RasterArray x = inputs.get("img");
      boolean first = info.isFirstBlock();
      RasterArray y = RasterArray.create(first ? DataType.UINT8 : DataType.FLOAT64, 1, x.rows(), x.cols());
      for (int r = 0; r < x.rows(); r++) {
        for (int c = 0; c < x.cols(); c++) {
          y.setDouble(0, r, c, first ? 7 : c % 3 == 0 ? 1000.5 : c % 3 == 1 ? -3.2 : 7.6);
        }
      }
      outputs.put("out", y);
    }, new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", out),
        quiet().setWindowSize(128, 128).setStatsIgnore(null).setConcurrencyStyle(ConcurrencyStyle.none()));
    RasterArray a = TestRasters.read(out);
    assertThat(a.dataType(), is(DataType.UINT8));
    assertThat(a.getDouble(0, 0, 0), is(7.0));                 // first block
    // the block at columns 256..383: its column 0 held 1000.5, column 1 -3.2, column 2 7.6
    assertThat(a.getDouble(0, 300, 256), is(255.0));           // clamped
    assertThat(a.getDouble(0, 300, 257), is(0.0));             // clamped
    assertThat(a.getDouble(0, 300, 258), is(8.0));             // rounded
    assertThat(TestRasters.bandMetadata(out, 1, "STATISTICS_MAXIMUM"), is("255"));
    assertThat(TestRasters.bandMetadata(out, 1, "STATISTICS_MINIMUM"), is("0"));
  }

  private String withGeoTransform(String name, double[] gt) {
    String f = TestRasters.write(new File(tmp, name), "GTiff", TestRasters.ramp(100, 100, false), 0, 0, 10,
        TestRasters.wkt(TestRasters.STD_EPSG), null);
    Dataset ds = gdal.Open(f, gdalconstConstants.GA_Update);
    ds.SetGeoTransform(gt);
    ds.delete();
    return f;
  }

  /** A south-up file was read as north-up: every pixel one raster height away, and no error. */
  @Test
  void aSouthUpInputIsRefusedNamingTheFile() {
    GdalRuntime.ensureLoaded();
    String f = withGeoTransform("southup.tif", new double[] {500000, 10, 0, 6999000, 0, 10});
    ParameterException e = assertThrows(ParameterException.class,
        () -> copy(f, new File(tmp, "out.img").getPath(), quiet()));
    assertThat(e.getMessage(), allOf(containsString(f), containsString("south-up")));
    assertThat(calls, is(0));
  }

  /** A south-up reference image opens: it was called a file that cannot be opened. */
  @Test
  void aSouthUpReferenceImageIsRefusedForItsGeoreferencing() {
    GdalRuntime.ensureLoaded();
    String f = withGeoTransform("southup.tif", new double[] {500000, 10, 0, 6999000, 0, 10});
    ParameterException e = assertThrows(ParameterException.class,
        () -> copy(ramp(), new File(tmp, "out.img").getPath(), quiet().setReferenceImage(f)));
    assertThat(e.getMessage(), allOf(containsString("Reference image"), containsString(f),
        containsString("south-up")));
    assertThat(e.getMessage().contains("cannot be opened"), is(false));
    assertThat(calls, is(0));
  }

  @Test
  void aRotatedInputIsRefusedNamingTheFile() {
    GdalRuntime.ensureLoaded();
    String f = withGeoTransform("rotated.tif", new double[] {500000, 10, 2, 7000000, 2, -10});
    ParameterException e = assertThrows(ParameterException.class,
        () -> copy(f, new File(tmp, "out.img").getPath(), quiet()));
    assertThat(e.getMessage(), allOf(containsString(f), containsString("Rotated")));
  }

  /** A file without georeferencing (GDAL's (0, 1, 0, 0, 0, 1)) is still read as RIOS reads it. */
  @Test
  void aFileWithoutGeoreferencingIsStillRead() {
    GdalRuntime.ensureLoaded();
    File f = new File(tmp, "plain.tif");
    Dataset ds = gdal.GetDriverByName("GTiff").Create(f.getPath(), 20, 10, 1, gdalconstConstants.GDT_Byte);
    ds.delete();
    String out = new File(tmp, "out.img").getPath();
    copy(f.getPath(), out, quiet());
    assertThat(TestRasters.read(out).cols(), is(20));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(value = Footprint.class, names = {"INTERSECTION",
      "BOUNDS_FROM_REFERENCE"})
  void inputsWithAndWithoutAProjectionOnAReferenceAreNamed(Footprint footprint) {
    GdalRuntime.ensureLoaded();
    String good = ramp();
    File plain = new File(tmp, "plain.tif");
    Dataset ds = gdal.GetDriverByName("GTiff").Create(plain.getPath(), 50, 50, 1, gdalconstConstants.GDT_Byte);
    ds.delete();
    ParameterException e = assertThrows(ParameterException.class, () -> Applier.apply(
        (info, inputs, outputs) -> outputs.put("out", inputs.get("a")),
        new FilenameAssociations().put("a", good).put("b", plain.getPath()),
        new FilenameAssociations().put("out", new File(tmp, "out.img").getPath()), quiet().setReferenceImage("a")
            .setFootprintType(footprint)));
    assertThat(e.getMessage(), allOf(containsString("'b' (" + plain.getPath() + ") has no projection"),
        containsString("reference grid has one")));
  }

  /**
   * Rasters without a projection on different pixel grids are resampled in their common coordinates (GDAL's
   * warp refused the empty projections RIOS passes it), under every footprint.
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(Footprint.class)
  void rastersWithoutAProjectionAreResampledOntoTheReference(Footprint footprint) {
    RasterArray fine = RasterArray.create(DataType.UINT16, 1, 50, 60);
    RasterArray coarse = RasterArray.create(DataType.UINT16, 2, 25, 30);
    for (int r = 0; r < 25; r++) {
      for (int c = 0; c < 30; c++) {
        coarse.setLong(0, r, c, r);
        coarse.setLong(1, r, c, c);
      }
    }
    String a = TestRasters.write(new File(tmp, "fine.tif"), "GTiff", fine, 1000, 2000, 10, "", null);
    String b = TestRasters.write(new File(tmp, "coarse.tif"), "GTiff", coarse, 1000, 2000, 20, "", null);
    String out = new File(tmp, "out.tif").getPath();
    Applier.apply((info, inputs, outputs) -> outputs.put("out", inputs.get("b")),
        new FilenameAssociations().put("a", a).put("b", b), new FilenameAssociations().put("out", out),
        quiet().setReferenceImage("a").setFootprintType(footprint).setWindowSize(32, 32));
    RasterArray got = TestRasters.read(out);
    assertThat(got.rows(), is(50));
    assertThat(got.cols(), is(60));
    for (int r = 0; r < 50; r++) {
      for (int c = 0; c < 60; c++) {
        // nearest neighbour: a 10 m pixel's centre lies in the 20 m pixel (r / 2, c / 2)
        assertThat(got.getLong(0, r, c), is((long) (r / 2)));
        assertThat(got.getLong(1, r, c), is((long) (c / 2)));
      }
    }
  }

  /** A driver that cannot build overviews: a typed error naming the output's final path, nothing left. */
  @Test
  void overviewsADriverCannotBuildFailNamingTheOutput() {
    String out = new File(tmp, "o.fits").getPath();
    org.rios.errors.OutputWriteException e = assertThrows(org.rios.errors.OutputWriteException.class,
        () -> Applier.apply((info, inputs, outputs) -> outputs.put("out", inputs.get("a")),
            new FilenameAssociations().put("a", ramp()), new FilenameAssociations().put("out", out),
            quiet().setOutputDriverName("FITS").setOverviewMinDim(16)));
    assertThat(e.getMessage(), allOf(containsString("Output " + out), containsString("overviews"),
        containsString("omitPyramids")));
    assertThat(tmp.list((d, n) -> n.startsWith("o.")), is(new String[0]));
  }

  /** An input outside the area its projection and the reference's can be transformed between is named. */
  @Test
  void anInputThatCannotBeReprojectedOntoTheReferenceIsNamed() {
    String good = ramp();
    String far = TestRasters.write(new File(tmp, "far-albers.tif"), "GTiff",
        org.rios.array.RasterArray.create(org.rios.array.DataType.UINT8, 1, 64, 64), 500000, 6000000, 10,
        TestRasters.wkt(3577), null);
    ParameterException e = assertThrows(ParameterException.class, () -> Applier.apply(
        (info, inputs, outputs) -> outputs.put("out", inputs.get("a")),
        new FilenameAssociations().put("a", good).put("b", far),
        new FilenameAssociations().put("out", new File(tmp, "out.img").getPath()), quiet().setReferenceImage("a")));
    assertThat(e.getMessage(), allOf(containsString("input 'b' (" + far + ")"),
        containsString("Australian Albers"), containsString("on the reference grid, in \"GDA94 / MGA zone 55\"")));
  }

  /** An empty directory at the output name was replaced by the file; a full one failed after every block. */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void anOutputNameThatIsADirectoryIsRefusedBeforeAnyBlock(boolean withContent) throws IOException {
    File dir = new File(tmp, "out.img");
    assertThat(dir.mkdir(), is(true));
    if (withContent) {
      Files.writeString(new File(dir, "keep.txt").toPath(), "keep me");
    }
    ImageOpenException e = assertThrows(ImageOpenException.class, () -> copy(ramp(), dir.getPath(), quiet()));
    assertThat(e.getMessage(), allOf(containsString("'out'"), containsString(dir.getPath()),
        containsString("directory")));
    assertThat(calls, is(0));
    assertThat(dir.isDirectory(), is(true));
    assertThat(filesIn(dir), is(withContent ? List.of("keep.txt") : List.of()));
  }

  @Test
  void fourthSweepSettingsAreRefusedBeforeAnyBlock() {
    String in = ramp();
    String out = new File(tmp, "mem.tif").getPath();
    // MEM "creates" in memory: the run failed at the very end, renaming a file that never existed
    UnknownDriverException mem = assertThrows(UnknownDriverException.class,
        () -> copy(in, out, quiet().setOutputDriverName("MEM")));
    assertThat(mem.getMessage(), allOf(containsString("MEM"), containsString("'out'")));
    assertThat(calls, is(0));
    // VRT "creates" the .vrt and refused the first block with its partial name and not the output's
    UnknownDriverException vrt = assertThrows(UnknownDriverException.class,
        () -> copy(in, new File(tmp, "o.vrt").getPath(), quiet().setOutputDriverName("VRT")));
    assertThat(vrt.getMessage(), allOf(containsString("'VRT'"), containsString("'out'"),
        containsString("gdalbuildvrt")));
    assertThat(calls, is(0));
    assertThat(new File(tmp, "o.vrt").exists(), is(false));
    ParameterException nullName = assertThrows(ParameterException.class,
        () -> quiet().setLayerNames(java.util.Arrays.asList("a", null), "out"));
    assertThat(nullName.getMessage(), allOf(containsString("setLayerNames"), containsString("'out'")));
    // a reference grid with no pixels: the run called the function 0 times and wrote nothing, silently
    org.rios.grid.PixelGrid empty = org.rios.grid.PixelGrid.fromBounds(TestRasters.wkt(TestRasters.STD_EPSG),
        TestRasters.STD_XLEFT, TestRasters.STD_XLEFT, TestRasters.STD_YTOP - 100, TestRasters.STD_YTOP, 10, 10);
    ParameterException noPixels = assertThrows(ParameterException.class, () -> copy(in, out,
        quiet().setReferencePixgrid(empty).setFootprintType(Footprint.BOUNDS_FROM_REFERENCE)));
    assertThat(noPixels.getMessage(), allOf(containsString("reference pixel grid"), containsString("no pixels")));
    assertThat(calls, is(0));
  }

  @Test
  void aListOutputCanBeSetArrayByArray() {
    String in = ramp();
    List<String> outs = List.of(new File(tmp, "l0.img").getPath(), new File(tmp, "l1.img").getPath());
    Applier.apply((info, inputs, outputs) -> {
      outputs.put("outs", 1, inputs.get("img"));
      outputs.put("outs", 0, inputs.get("img"));
    }, new FilenameAssociations().put("img", in), new FilenameAssociations().put("outs", outs), quiet());
    for (String o : outs) {
      assertThat(o, TestRasters.read(o).contentEquals(TestRasters.read(in)), is(true));
    }
    // one of the two left unset: named by its index
    ParameterException e = assertThrows(ParameterException.class, () -> Applier.apply(
        (info, inputs, outputs) -> outputs.put("outs", 0, inputs.get("img")),
        new FilenameAssociations().put("img", in), new FilenameAssociations().put("outs", outs), quiet()));
    assertThat(e.getMessage(), containsString("outs[1]"));
    assertThrows(ParameterException.class, () -> new BlockAssociations().put("x", -1, null));
    // a single-file slot (as readers shape them) is not turned into a list by an index
    BlockAssociations shaped = BlockAssociations.shapedLike(new FilenameAssociations().put("img", in));
    assertThrows(ParameterException.class, () -> shaped.put("img", 2, null));
    assertThat(shaped.isList("img"), is(false));
  }

  @Test
  void aSettingForTheOtherKindOfImageIsRefused() {
    String in = ramp();
    String out = new File(tmp, "kind.img").getPath();
    ParameterException statsOnInput = assertThrows(ParameterException.class,
        () -> copy(in, out, quiet().setStatsIgnore(5.0, "img")));
    assertThat(statsOnInput.getMessage(), allOf(containsString("'img'"), containsString("an input"),
        containsString("outputs only")));
    ParameterException nullOnOutput = assertThrows(ParameterException.class,
        () -> copy(in, out, quiet().setInputNoDataValue(5.0, "out")));
    assertThat(nullOnOutput.getMessage(), allOf(containsString("'out'"), containsString("inputs only")));
    ParameterException burnOnRaster = assertThrows(ParameterException.class,
        () -> copy(in, out, quiet().setBurnValue(7, "img")));
    assertThat(burnOnRaster.getMessage(), allOf(containsString("'img'"), containsString(in),
        containsString("vector inputs only")));
    assertThat(calls, is(0));
  }

  @Test
  void aWindowLargerThanTheRasterRunsAndAHugeOverlapIsNamed() {
    String in = ramp();
    String out = new File(tmp, "big.img").getPath();
    // blocks are clipped to the 500 x 500 raster: this ran in RIOS, and was refused as 50000 x 50000 pixels
    copy(in, out, quiet().setWindowSize(50000, 50000));
    assertThat(TestRasters.read(out).contentEquals(TestRasters.read(in)), is(true));
    // window + 2 x overlap overflowed a long and the check passed: "Negative array shape" came from the reader
    org.rios.errors.ArrayShapeException e = assertThrows(org.rios.errors.ArrayShapeException.class,
        () -> copy(in, new File(tmp, "o.img").getPath(), quiet().setOverlap(2_000_000_000)));
    assertThat(e.getMessage(), allOf(containsString("overlap 2000000000"), containsString("'img'")));
  }

  @Test
  void aNumThreadsCreationOptionMustBeANumberOrAllCpus() {
    String in = ramp();
    ParameterException e = assertThrows(ParameterException.class, () -> copy(in, new File(tmp, "t.tif").getPath(),
        quiet().setOutputDriverName("GTiff").setCreationOptions(List.of("TILED=YES", "NUM_THREADS=abc"))));
    assertThat(e.getMessage(), allOf(containsString("NUM_THREADS=abc"), containsString("'out'")));
    assertThat(calls, is(0));
    String ok = new File(tmp, "t2.tif").getPath();
    copy(in, ok, quiet().setOutputDriverName("GTiff").setCreationOptions(List.of("TILED=YES", "NUM_THREADS=ALL_CPUS")));
    assertThat(TestRasters.read(ok).contentEquals(TestRasters.read(in)), is(true));
  }

  @Test
  void twoOutputsWithOneFileAreRefusedBeforeAnyBlock() {
    String in = ramp();
    String same = new File(tmp, "same.img").getPath();
    ParameterException e = assertThrows(ParameterException.class, () -> Applier.apply((info, inputs, outputs) -> {
      calls++;
      outputs.put("a", inputs.get("img"));
      outputs.put("b", inputs.get("img"));
    }, new FilenameAssociations().put("img", in), new FilenameAssociations().put("a", same)
        .put("b", new File(tmp, "./same.img").getPath()), quiet()));
    assertThat(e.getMessage(), allOf(containsString("'a'"), containsString("'b'"), containsString("same file")));
    assertThat(calls, is(0));
    assertThat(new File(same).exists(), is(false));
    // a name with a colon in a directory or file name (a time stamp) is a local file like any other: it used to
    // escape every same-file check, taken for a driver's prefix, and failed only after the last block
    File stamped = new File(tmp, "2024-01-01T10:00");
    assertThat(stamped.mkdir(), is(true));
    String t = new File(stamped, "t10:00.img").getPath();
    e = assertThrows(ParameterException.class, () -> Applier.apply((info, inputs, outputs) -> {
      calls++;
      outputs.put("a", inputs.get("img"));
      outputs.put("b", inputs.get("img"));
    }, new FilenameAssociations().put("img", in), new FilenameAssociations().put("a", t)
        .put("b", new File(stamped, "./t10:00.img").getPath()), quiet()));
    assertThat(e.getMessage(), containsString("same file"));
    assertThat(calls, is(0));
    // and an output named as such an input's side-car is refused as for any input
    String stampedIn = TestRasters.rampFile(new File(stamped, "in:1.img"));
    e = assertThrows(ParameterException.class, () -> copy(stampedIn, new File(stamped, "./in:1.img.ovr").getPath(),
        quiet().setOutputDriverName("GTiff")));
    assertThat(e.getMessage(), containsString("side-car"));
    assertThat(org.rios.gdal.VirtualPaths.isPlainLocalPath("netcdf:x.nc:ndvi"), is(false));
    assertThat(org.rios.gdal.VirtualPaths.isPlainLocalPath("PG:dbname=x"), is(false));
    assertThat(org.rios.gdal.VirtualPaths.isPlainLocalPath("/data/2024-01-01T10:00/x.tif"), is(true));
  }

  /**
   * A 64-bit integer output's NoData goes through a double and GDAL stores it as text: 1e18 read back as 1,
   * -2^63 as -9, 1.5 as 1, so the file named another NoData than its statistics left out. Such values are
   * refused before the file exists; a whole number below 10^18 is stored exactly.
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"INT64, 1e18", "INT64, -9.223372036854775808E18", "INT64, 1.5",
      "INT64, NaN", "UINT64, 1e19", "UINT64, -1"})
  void aSixtyFourBitNoDataGdalWouldStoreAsAnotherValueIsRefused(DataType type, double noData) throws IOException {
    File dir = new File(tmp, "outs");
    assertThat(dir.mkdir(), is(true));
    String out = new File(dir, "out.tif").getPath();
    ParameterException e = assertThrows(ParameterException.class, () -> Applier.apply(
        (info, inputs, outputs) -> outputs.put("out", inputs.get("img").astype(type)),
        new FilenameAssociations().put("img", ramp()), new FilenameAssociations().put("out", out),
        quiet().setOutputDriverName("GTiff").setStatsIgnore(noData)));
    assertThat(e.getMessage(), allOf(containsString("'out'"), containsString(out), containsString(type.gdalName()),
        containsString("10^18")));
    assertThat(filesIn(dir), empty());
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"INT64, -123456789012345678", "UINT64, 576460752303423488",
      "INT64, -1"})
  void aSixtyFourBitNoDataBelowTenToTheEighteenIsStoredExactly(DataType type, double noData) {
    String out = new File(tmp, "out.tif").getPath();
    Applier.apply((info, inputs, outputs) -> outputs.put("out", inputs.get("img").astype(type)),
        new FilenameAssociations().put("img", ramp()), new FilenameAssociations().put("out", out),
        quiet().setOutputDriverName("GTiff").setStatsIgnore(noData));
    Dataset ds = gdal.Open(out);
    try {
      Double[] nd = new Double[1];
      ds.GetRasterBand(1).GetNoDataValue(nd);
      assertThat(nd[0], is(noData));
    } finally {
      ds.delete();
    }
  }
  /** An INT8 output on a GDAL without Int8 (before 3.7) is refused naming the output and its file. */
  @Test
  void anInt8OutputGdalCannotWriteIsNamed() {
    org.junit.jupiter.api.Assumptions.assumeFalse(org.rios.gdal.GdalRuntime.hasInt8(), "this GDAL writes Int8");
    String img = org.rios.testutil.TestRasters.rampFile(new java.io.File(tmp, "r8.img"));
    String out = new java.io.File(tmp, "o8.img").getPath();
    org.rios.errors.UnsupportedDataTypeException e = assertThrows(
        org.rios.errors.UnsupportedDataTypeException.class, () -> Applier.apply((info, in, o) ->
            o.put("classes", in.get("img").astype(org.rios.array.DataType.INT8)),
            new FilenameAssociations().put("img", img), new FilenameAssociations().put("classes", out),
            AvgTest.quiet(tmp)));
    assertThat(e.getMessage(), allOf(containsString("Output 'classes'"), containsString(out),
        containsString("INT8 needs GDAL 3.7")));
  }
  /** A null list of filenames, or a null entry in setFilesForExtent, is a ParameterException naming it (was an NPE). */
  @Test
  void nullFileListsAreNamed() {
    org.rios.errors.ParameterException e = assertThrows(org.rios.errors.ParameterException.class,
        () -> new FilenameAssociations().put("imgs", (java.util.List<String>) null));
    assertThat(e.getMessage(), containsString("'imgs'"));
    assertThrows(org.rios.errors.ParameterException.class,
        () -> new ApplierControls().setFilesForExtent(java.util.Arrays.asList("a.tif", null)));
  }
}

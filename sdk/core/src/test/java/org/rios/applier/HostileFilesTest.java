package org.rios.applier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.errors.FileOpenException;
import org.rios.errors.ImageOpenException;
import org.rios.progress.SilentProgress;
import org.rios.testutil.EscapedNamesCopyMain;
import org.rios.testutil.TestRasters;

/**
 * Files a hostile environment puts where rasters are expected (seventh bad-input sweep): special files are
 * refused before anything blocks on them or deletes them, a broken link is named as one, and file names near
 * the file system's limit work or are refused at planning.
 */
class HostileFilesTest {
  @TempDir File tmp;

  private static final UserFunction COPY = (info, in, out) -> out.put("out", in.get("img"));

  private ApplierControls controls() {
    return new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath());
  }

  private Path fifo(String name) throws Exception {
    Path p = tmp.toPath().resolve(name);
    Process mk = new ProcessBuilder("mkfifo", p.toString()).start();
    assertThat("mkfifo", mk.waitFor(), is(0));
    return p;
  }

  @Test
  void aSpecialFileAsOutputIsRefusedAndLeftAlone() throws Exception {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    Path fifo = fifo("out.img");
    // a device or FIFO at the output path was deleted at the rename into place (as root: /dev/null), and a
    // FIFO blocked GDAL when it looked at it
    ImageOpenException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(
        ImageOpenException.class, () -> Applier.apply(COPY, new FilenameAssociations().put("img", in),
            new FilenameAssociations().put("out", fifo.toString()), controls())));
    assertThat(e.getMessage(), containsString("special file"));
    assertThat(e.getMessage(), containsString(fifo.toString()));
    assertThat(Files.exists(fifo) && !Files.isRegularFile(fifo), is(true));
  }

  @Test
  void aFifoAsInputIsRefusedWithoutBlocking() throws Exception {
    Path fifo = fifo("in.img");
    FileOpenException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(
        FileOpenException.class, () -> Applier.apply(COPY, new FilenameAssociations().put("img", fifo.toString()),
            new FilenameAssociations().put("out", new File(tmp, "out.img").getPath()), controls())));
    assertThat(e.getMessage(), containsString("not a regular file"));
    assertThat(e.getMessage(), containsString(fifo.toString()));
  }

  /**
   * Every public call that opens a file a user names refuses a FIFO before GDAL blocks on it: a reference
   * image, a pixel grid read from a file, a vector layer to burn, an attribute table column, a color table
   * written to a file (all but the first once opened the FIFO and waited for a writer for ever).
   */
  @Test
  void aFifoIsRefusedWithoutBlockingWhereverAFileIsNamed() throws Exception {
    Path fifo = fifo("named.img");
    String in = TestRasters.rampFile(new File(tmp, "ramp.img"));
    Map<String, org.junit.jupiter.api.function.Executable> calls = new java.util.LinkedHashMap<>();
    calls.put("reference image", () -> Applier.apply(COPY, new FilenameAssociations().put("img", in),
        new FilenameAssociations().put("out", new File(tmp, "ref_out.img").getPath()),
        controls().setReferenceImage(fifo.toString())));
    calls.put("PixelGrid.fromFile", () -> org.rios.grid.PixelGrid.fromFile(fifo.toString()));
    calls.put("VectorInputLayer.open", () -> org.rios.plan.VectorInputLayer.open(fifo.toString(), 0,
        org.rios.plan.VectorFilter.NONE, null));
    calls.put("Rat.readColumn", () -> org.rios.rat.Rat.readColumn(fifo.toString(), "Histogram"));
    calls.put("ColorTables.setTable", () -> org.rios.colortable.ColorTables.setTable(fifo.toString(),
        new int[][] {{0}, {0}, {0}, {255}}, 1, false));
    for (Map.Entry<String, org.junit.jupiter.api.function.Executable> call : calls.entrySet()) {
      FileOpenException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
          () -> assertThrows(FileOpenException.class, call.getValue(), call.getKey()), call.getKey());
      assertThat(call.getKey(), e.getMessage(), allOf(containsString(fifo.toString()),
          containsString("not a regular file")));
    }
    assertThat(Files.exists(new File(tmp, "ref_out.img").toPath()), is(false));
  }

  @Test
  void aVirtualRasterWhoseSourceIsAFifoIsRefusedWithoutBlocking() throws Exception {
    Path fifo = fifo("src.tif");
    // the VRT is a regular file; reading its pixels opened the FIFO and blocked for ever
    Path vrt = tmp.toPath().resolve("in.vrt");
    Files.writeString(vrt, "<VRTDataset rasterXSize=\"64\" rasterYSize=\"64\">\n"
        + "  <GeoTransform>0, 1, 0, 64, 0, -1</GeoTransform>\n"
        + "  <VRTRasterBand dataType=\"Byte\" band=\"1\">\n    <SimpleSource>\n"
        + "      <SourceFilename relativeToVRT=\"1\">src.tif</SourceFilename>\n      <SourceBand>1</SourceBand>\n"
        + "      <SourceProperties RasterXSize=\"64\" RasterYSize=\"64\" DataType=\"Byte\" BlockXSize=\"64\" "
        + "BlockYSize=\"64\" />\n"
        + "      <SrcRect xOff=\"0\" yOff=\"0\" xSize=\"64\" ySize=\"64\" />\n"
        + "      <DstRect xOff=\"0\" yOff=\"0\" xSize=\"64\" ySize=\"64\" />\n"
        + "    </SimpleSource>\n  </VRTRasterBand>\n</VRTDataset>\n");
    FileOpenException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(
        FileOpenException.class, () -> Applier.apply(COPY, new FilenameAssociations().put("img", vrt.toString()),
            new FilenameAssociations().put("out", new File(tmp, "out.img").getPath()), controls())));
    assertThat(e.getMessage(), containsString(vrt.toString()));
    assertThat(e.getMessage(), containsString("src.tif"));
    assertThat(e.getMessage(), containsString("not a regular file"));
    // the same VRT as the source of another: found through it
    Path outer = tmp.toPath().resolve("outer.vrt");
    Files.writeString(outer, Files.readString(vrt).replace("src.tif", "in.vrt"));
    FileOpenException nested = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(
        FileOpenException.class, () -> Applier.apply(COPY, new FilenameAssociations().put("img", outer.toString()),
            new FilenameAssociations().put("out", new File(tmp, "out.img").getPath()), controls())));
    assertThat(nested.getMessage(), allOf(containsString(outer.toString()), containsString("src.tif")));
  }

  /** Runs {@link EscapedNamesCopyMain} under the locale LC_ALL=C (file names in ASCII only); its output. */
  private String copyUnderLocaleC(String in, String out) throws Exception {
    return EscapedNamesCopyMain.inChildJvm(List.of(), Map.of("LC_ALL", "C", "LANG", "C"), in, out);
  }

  /**
   * Names outside Unicode's Basic Multilingual Plane reach GDAL through links in a private directory of the
   * JVM; it is gone when the JVM exits (through the JDK's exit list: no hook thread of ours holds the class).
   */
  @Test
  void linksMadeForNamesOutsideTheBmpAreGoneWhenTheJvmExits() throws Exception {
    File rocket = new File(tmp, "d\ud83d\ude80");
    assertThat(rocket.mkdir(), is(true));
    String plain = TestRasters.rampFile(new File(tmp, "in.img"));
    Files.copy(Path.of(plain), rocket.toPath().resolve("in\ud83d\ude80.img"));
    File jvmTmp = new File(tmp, "jvmtmp");
    assertThat(jvmTmp.mkdir(), is(true));
    String text = EscapedNamesCopyMain.inChildJvm(List.of("-Djava.io.tmpdir=" + jvmTmp),
        Map.of("LC_ALL", "C.UTF-8"), tmp + "/d\\ud83d\\ude80/in\\ud83d\\ude80.img",
        tmp + "/d\\ud83d\\ude80/out\\ud83d\\ude80.img");
    assertThat(text, containsString("finished"));
    assertThat(TestRasters.read(org.rios.gdal.GdalPaths.forGdal(new File(rocket, "out\ud83d\ude80.img").getPath()))
        .contentEquals(TestRasters.read(plain)), is(true));
    assertThat("no directory of links left in " + jvmTmp, java.util.Arrays.stream(jvmTmp.list())
        .filter(n -> n.startsWith("rios-names-")).toList(), is(List.of()));
  }

  /**
   * A side-car GDAL creates for a file reached through its links (statistics of a file opened read-only, an
   * external overview) goes beside the file: it used to be created in the private directory of links, where
   * the user never saw it and the JVM could not remove the directory at exit.
   */
  @Test
  void sideCarsOfAFileOutsideTheBmpGoBesideIt() throws Exception {
    File rocket = new File(tmp, "s\ud83d\ude80");
    assertThat(rocket.mkdir(), is(true));
    String plain = TestRasters.write(new File(tmp, "plain.tif"), "GTiff", TestRasters.ramp(100, 100, false),
        TestRasters.STD_XLEFT, TestRasters.STD_YTOP, TestRasters.STD_PIX, TestRasters.wkt(TestRasters.STD_EPSG),
        null, "TILED=YES");
    Path real = rocket.toPath().resolve("in\ud83d\ude80.tif");
    Files.copy(Path.of(plain), real);
    String viaLinks = org.rios.gdal.GdalPaths.forGdal(real.toString());
    org.gdal.gdal.gdal.ErrorReset();
    org.gdal.gdal.Dataset ds = org.gdal.gdal.gdal.Open(viaLinks, org.gdal.gdalconst.gdalconstConstants.GA_ReadOnly);
    assertThat("no error from the links of side-cars that do not exist yet", org.gdal.gdal.gdal.GetLastErrorMsg(),
        is(""));
    ds.GetRasterBand(1).SetMetadataItem("CHECKED", "yes");
    assertThat(ds.BuildOverviews("NEAREST", new int[] {2}), is(0));
    ds.delete();
    assertThat(Files.isRegularFile(rocket.toPath().resolve("in\ud83d\ude80.tif.aux.xml")), is(true));
    assertThat(Files.isRegularFile(rocket.toPath().resolve("in\ud83d\ude80.tif.ovr")), is(true));
    try (java.util.stream.Stream<Path> inAlias = Files.list(Path.of(viaLinks).getParent())) {
      assertThat("only links in the directory of links", inAlias.filter(f -> !Files.isSymbolicLink(f)).toList(),
          is(List.of()));
    }
    assertThat(TestRasters.bandMetadata(org.rios.gdal.GdalPaths.forGdal(real.toString()), 1, "CHECKED"), is("yes"));
  }

  @Test
  void namesTheJvmCannotEncodeAreRefusedAtPlanningWithTheLocaleToUse() throws Exception {
    // under LANG=C an input with such a name was reported as missing, and an output failed at its first block
    // with a raw InvalidPathException
    File dir = new File(tmp, "\u00fcn\u00ef");
    assertThat(dir.mkdir(), is(true));
    String in = TestRasters.rampFile(new File(dir, "\u00efn.img"));
    String plain = TestRasters.rampFile(new File(tmp, "plain.img"));
    String inEscaped = tmp + "/\\u00fcn\\u00ef/\\u00efn.img";
    String outEscaped = tmp + "/\\u00fcn\\u00ef/\\u00f6ut.img";
    String missingInput = copyUnderLocaleC(inEscaped, new File(tmp, "out.img").getPath());
    assertThat(missingInput, containsString("ParameterException: Input 'img'"));
    assertThat(missingInput, containsString("LC_ALL=C.UTF-8"));
    String badOutput = copyUnderLocaleC(plain, outEscaped);
    assertThat(badOutput, containsString("ParameterException: Output 'out'"));
    assertThat(badOutput, containsString("file-name encoding"));
    assertThat(List.of(dir.list()), is(List.of(new File(in).getName())));
    assertThat(new File(tmp, "out.img").exists(), is(false));
    // under a UTF-8 locale (this test's JVM) the same names work
    Applier.apply(COPY, new FilenameAssociations().put("img", in),
        new FilenameAssociations().put("out", new File(dir, "\u00f6ut.img").getPath()), controls());
    assertThat(new File(dir, "\u00f6ut.img").isFile(), is(true));
  }

  @Test
  void aBrokenOrLoopingLinkIsNamedAsOne() throws Exception {
    Path a = tmp.toPath().resolve("a.img");
    Path b = tmp.toPath().resolve("b.img");
    Files.createSymbolicLink(a, b);
    Files.createSymbolicLink(b, a);
    FileOpenException e = assertThrows(FileOpenException.class, () -> Applier.apply(COPY,
        new FilenameAssociations().put("img", a.toString()),
        new FilenameAssociations().put("out", new File(tmp, "out.img").getPath()), controls()));
    assertThat(e.getMessage(), containsString("symbolic link"));
  }

  @Test
  void outputNamesNearTheFileSystemsLimitWorkAndLongerOnesAreRefusedAtPlanning() throws Exception {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    // 250 bytes: legal, but the partial name (13 bytes longer) would not be
    String name = "n".repeat(246) + ".img";
    String out = new File(tmp, name).getPath();
    Applier.apply(COPY, new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", out),
        controls());
    assertThat(TestRasters.read(out).contentEquals(TestRasters.read(in)), is(true));
    assertThat(List.of(tmp.list()).stream().anyMatch(n -> n.contains("rios-partial")), is(false));
    String tooLong = new File(tmp, "n".repeat(252) + ".img").getPath();
    ImageOpenException e = assertThrows(ImageOpenException.class, () -> Applier.apply(COPY,
        new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", tooLong), controls()));
    assertThat(e.getMessage(), containsString("longer than the 255 bytes"));

    // 244 bytes, an ENVI output whose statistics go to name.aux.xml (252 bytes): the partial name left no room
    // for it, GDAL's save failed with only a warning and the output went in place without statistics
    for (int run = 0; run < 2; run++) { // the second replaces the first, whose .aux.xml goes aside with it
      String envi = new File(tmp, "e".repeat(240) + ".bin").getPath();
      Applier.apply(COPY, new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", envi),
          controls().setOutputDriverName("ENVI"));
      assertThat(new File(envi + ".aux.xml").isFile(), is(true));
      org.gdal.gdal.Dataset ds = org.gdal.gdal.gdal.Open(envi);
      assertThat(ds.GetRasterBand(1).GetMetadataItem("STATISTICS_MEAN") != null, is(true));
      ds.delete();
      assertThat(List.of(tmp.list()).stream().anyMatch(n -> n.contains("rios-")), is(false));
    }
  }

  @Test
  void outputsThatDifferOnlyByExtensionAreBothWritten() throws Exception {
    // a.tif's partial files were taken for a.img's side-cars (and deleted or renamed with them)
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    String tif = new File(tmp, "a.tif").getPath();
    String img = new File(tmp, "a.img").getPath();
    UserFunction two = (info, i, o) -> {
      o.put("t", i.get("img"));
      o.put("i", i.get("img"));
    };
    ApplierControls c = controls().setOutputDriverName("GTiff", "t").setOutputDriverName("HFA", "i");
    Applier.apply(two, new FilenameAssociations().put("img", in),
        new FilenameAssociations().put("t", tif).put("i", img), c);
    assertThat(TestRasters.read(tif).contentEquals(TestRasters.read(in)), is(true));
    assertThat(TestRasters.read(img).contentEquals(TestRasters.read(in)), is(true));
    assertThat(List.of(tmp.list()).stream().anyMatch(n -> n.contains("rios-partial")), is(false));
  }

  @Test
  void aPartialFileRemovedDuringTheRunIsSaidToBe() throws Exception {
    // it used to be reported as "another writer of the same output replaced its partial file"
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    File dir = new File(tmp, "outdir");
    dir.mkdirs();
    String out = new File(dir, "out.tif").getPath();
    UserFunction removesIt = (info, i, o) -> {
      if (info.isLastBlock()) {
        new File(dir, "out.tif.rios-partial.tif").delete();
      }
      o.put("out", i.get("img"));
    };
    org.rios.errors.OutputWriteException e = assertThrows(org.rios.errors.OutputWriteException.class,
        () -> Applier.apply(removesIt, new FilenameAssociations().put("img", in),
            new FilenameAssociations().put("out", out), controls().setOutputDriverName("GTiff")));
    assertThat(e.getMessage(), containsString("was removed during the run"));
    assertThat(new File(out).exists(), is(false));
  }

  @Test
  void aRawFormatFileCutShortIsRefusedInsteadOfReadAsZeros() throws Exception {
    String ramp = TestRasters.rampFile(new File(tmp, "ramp.img"));
    String envi = new File(tmp, "cut.dat").getPath();
    org.gdal.gdal.gdal.Translate(envi, org.gdal.gdal.gdal.Open(ramp), new org.gdal.gdal.TranslateOptions(
        new java.util.Vector<>(List.of("-of", "ENVI")))).delete();
    Path p = Path.of(envi);
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(p,
        java.nio.file.StandardOpenOption.WRITE)) {
      ch.truncate(Files.size(p) / 2);
    }
    FileOpenException e = assertThrows(FileOpenException.class, () -> Applier.apply(COPY,
        new FilenameAssociations().put("img", envi),
        new FilenameAssociations().put("out", new File(tmp, "out.img").getPath()), controls()));
    assertThat(e.getMessage(), containsString(envi));
    assertThat(e.getMessage(), containsString("cut short"));
    assertThat(new File(tmp, "out.img").exists(), is(false));
  }
}

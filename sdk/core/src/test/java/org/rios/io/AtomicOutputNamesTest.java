package org.rios.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.errors.ParameterException;
import org.rios.progress.SilentProgress;
import org.rios.testutil.TestRasters;

/**
 * Partial names that keep every driver's side-cars apart from the final ones: an ENVI output without an
 * extension (its header is the name with ".hdr" in place of the extension) replaces an earlier one whole,
 * header included; a non-BMP name with glob characters is found.
 */
class AtomicOutputNamesTest {
  @TempDir File tmp;

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(tmp.toPath())) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("out")).collect(Collectors.toList());
    }
  }

  private ApplierControls controls() {
    return new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath())
        .setOutputDriverName("ENVI");
  }

  @Test
  void anEnviOutputWithoutExtensionReplacesTheEarlierOneWithItsHeader() throws IOException {
    String a = TestRasters.rampFile(new File(tmp, "a.img"));
    String b = TestRasters.rampFile(new File(tmp, "b.img"), true, TestRasters.STD_XLEFT, TestRasters.STD_YTOP, null,
        TestRasters.STD_ROWS, TestRasters.STD_COLS);
    String out = new File(tmp, "out").getPath();
    Applier.apply((info, in, o) -> o.put("out", in.get("img")), new FilenameAssociations().put("img", a),
        new FilenameAssociations().put("out", out), controls());
    Applier.apply((info, in, o) -> o.put("out", in.get("img")), new FilenameAssociations().put("img", b),
        new FilenameAssociations().put("out", out), controls());
    assertThat(names(), containsInAnyOrder("out", "out.hdr", "out.aux.xml"));
    assertThat(TestRasters.read(out).contentEquals(TestRasters.read(b)), is(true));
  }

  /**
   * An EHdr output written again: GDAL opens the earlier output's {@code .prj} as a raster (through its
   * {@code .hdr}) and lists the {@code .hdr} for it, so the header was taken for another dataset's and every
   * second run failed ("would replace e.hdr, which belongs to e.prj").
   */
  @Test
  void anEhdrOutputWrittenAgainReplacesTheEarlierOne() throws IOException {
    String a = TestRasters.rampFile(new File(tmp, "a.img"));
    String b = TestRasters.rampFile(new File(tmp, "b.img"), true, TestRasters.STD_XLEFT, TestRasters.STD_YTOP, null,
        TestRasters.STD_ROWS, TestRasters.STD_COLS);
    for (String name : List.of("out1.bil", "out2")) {
      String out = new File(tmp, name).getPath();
      for (String in : List.of(a, b)) {
        Applier.apply((info, i, o) -> o.put("out", i.get("img")), new FilenameAssociations().put("img", in),
            new FilenameAssociations().put("out", out), controls().setOutputDriverName("EHdr"));
        assertThat(name + " from " + in, TestRasters.read(out).contentEquals(TestRasters.read(in)), is(true));
      }
      assertThat(names().stream().filter(n -> n.contains("rios-")).collect(Collectors.toList()), is(List.of()));
    }
  }

  /**
   * An output named through a link and '..' ({@code work/lnk/../out.tif}, {@code lnk} a link to
   * {@code real/sub}) is written where the system puts it ({@code real/out.tif}): it was written beside the
   * link, over an unrelated {@code work/out.tif}.
   */
  @Test
  void anOutputNamedThroughALinkAndDotDotIsWrittenWhereTheSystemPutsIt() throws IOException {
    String a = TestRasters.rampFile(new File(tmp, "a.img"));
    Path sub = Files.createDirectories(tmp.toPath().resolve("real/sub"));
    Path work = Files.createDirectories(tmp.toPath().resolve("work"));
    Files.createSymbolicLink(work.resolve("lnk"), sub);
    Files.writeString(work.resolve("out.tif"), "precious");
    String out = work + "/lnk/../out.tif";
    Applier.apply((info, in, o) -> o.put("out", in.get("img")), new FilenameAssociations().put("img", a),
        new FilenameAssociations().put("out", out), controls().setOutputDriverName("GTiff"));
    assertThat(Files.readString(work.resolve("out.tif")), is("precious"));
    assertThat(TestRasters.read(tmp.toPath().resolve("real/out.tif").toString()).contentEquals(TestRasters.read(a)),
        is(true));
  }

  @Test
  void anImagineOutputWrittenAgainStaysInPlace() throws IOException {
    // the earlier out.img names its overviews "out.img(:Layer_1:_ss_4_)": moved aside, it still names out.img,
    // and deleting it with GDAL's delete removed the new output too (the run reported success)
    String a = TestRasters.rampFile(new File(tmp, "a.img"));
    String out = new File(tmp, "out.img").getPath();
    for (int run = 0; run < 2; run++) {
      Applier.apply((info, in, o) -> o.put("out", in.get("img")), new FilenameAssociations().put("img", a),
          new FilenameAssociations().put("out", out), controls().setOutputDriverName("HFA").setOverviewLevels(List.of(2)).setOverviewMinDim(4));
      assertThat("run " + run, names(), containsInAnyOrder("out.img", "out.img.aux.xml"));
      assertThat("run " + run, TestRasters.read(out).contentEquals(TestRasters.read(a)), is(true));
    }
  }

  @Test
  void anOutputWhoseHeaderWouldReplaceAnotherDatasetsIsRefused() throws IOException {
    // an ENVI o.bin writes o.hdr: beside an ENVI o.dat (here the run's own input) that is o.dat's header
    String a = TestRasters.rampFile(new File(tmp, "a.img"));
    String dat = new File(tmp, "out.dat").getPath();
    Applier.apply((info, in, o) -> o.put("out", in.get("img")), new FilenameAssociations().put("img", a),
        new FilenameAssociations().put("out", dat), controls());
    byte[] header = Files.readAllBytes(tmp.toPath().resolve("out.hdr"));
    String bin = new File(tmp, "out.bin").getPath();
    String noExtension = new File(tmp, "out").getPath();   // its header is out.hdr too
    for (int k = 0; k < 4; k++) {
      boolean threads = k % 2 == 1;
      String target = k < 2 ? bin : noExtension;
      ApplierControls c = controls();
      if (threads) {
        c.setConcurrencyStyle(org.rios.concurrency.ConcurrencyStyle.builder().numReadWorkers(1)
            .numComputeWorkers(2).computeWorkerKind(org.rios.concurrency.ComputeWorkerKind.CW_THREADS).build());
      }
      Exception e = assertThrows(Exception.class, () -> Applier.apply((info, in, o) -> o.put("out",
          in.get("img").astype(org.rios.array.DataType.FLOAT32)), new FilenameAssociations().put("img", dat),
          new FilenameAssociations().put("out", target), c));
      Throwable cause = e instanceof ParameterException ? e : e.getCause();
      assertThat(e.toString(), cause instanceof ParameterException, is(true));
      assertThat(cause.getMessage(), allOf(containsString("'out'"), containsString("out.hdr"),
          containsString("out.dat")));
      assertThat(Files.readAllBytes(tmp.toPath().resolve("out.hdr")), is(header));
      assertThat(names(), containsInAnyOrder("out.dat", "out.hdr", "out.dat.aux.xml"));
    }
    // a header left by no dataset is the output's to write
    Files.delete(tmp.toPath().resolve("out.dat"));
    Files.delete(tmp.toPath().resolve("out.dat.aux.xml"));
    Applier.apply((info, in, o) -> o.put("out", in.get("img")), new FilenameAssociations().put("img", a),
        new FilenameAssociations().put("out", bin), controls());
    assertThat(TestRasters.read(bin).contentEquals(TestRasters.read(a)), is(true));
  }

  @Test
  void filesOnlyTheDriverKnowsFollowTheOutputAndGoWithAFailedOne() throws IOException {
    // MRF writes out.dat.rios-partial.idx and .ppg beside its header, which GDAL does not list: the header alone
    // was renamed, and o.dat then looked for o.idx; ILWIS's .csy, .grf and .mp# were left by a failed run
    String a = TestRasters.rampFile(new File(tmp, "a.img"));
    String mrf = new File(tmp, "out.dat").getPath();
    Applier.apply((info, in, o) -> o.put("out", in.get("img")), new FilenameAssociations().put("img", a),
        new FilenameAssociations().put("out", mrf), controls().setOutputDriverName("MRF").setCalcStats(false));
    assertThat(names().stream().filter(n -> n.contains("rios-")).collect(Collectors.toList()), is(List.of()));
    assertThat(TestRasters.read(mrf).contentEquals(TestRasters.read(a)), is(true));
    for (String driver : List.of("MRF", "ILWIS")) {
      String out = new File(tmp, "out-" + driver + ".mpr").getPath();
      assertThrows(RuntimeException.class, () -> Applier.apply((info, in, o) -> {
        if (info.isLastBlock()) {
          throw new IllegalStateException("fails at the end");
        }
        o.put("out", in.get("img"));
      }, new FilenameAssociations().put("img", a), new FilenameAssociations().put("out", out),
          controls().setOutputDriverName(driver).setCalcStats(false).setWindowSize(100, 100)));
      assertThat(driver, names().stream().filter(n -> n.contains("rios-")).collect(Collectors.toList()),
          is(List.of()));
    }
  }

  @Test
  void outputsThatShareAStemKeepTheirPartialFilesApart() throws IOException {
    // x.tif and x.mrf in one run: x.mrf's index and data files are its own, not x.tif's strays
    String a = TestRasters.rampFile(new File(tmp, "a.img"));
    String tif = new File(tmp, "out.tif").getPath();
    String mrf = new File(tmp, "out.mrf").getPath();
    Applier.apply((info, in, o) -> {
      o.put("t", in.get("img"));
      o.put("m", in.get("img"));
    }, new FilenameAssociations().put("img", a), new FilenameAssociations().put("t", tif).put("m", mrf),
        controls().setOutputDriverName("GTiff", "t").setOutputDriverName("MRF", "m").setCalcStats(false));
    assertThat(names().stream().filter(n -> n.contains("rios-")).collect(Collectors.toList()), is(List.of()));
    assertThat(TestRasters.read(tif).contentEquals(TestRasters.read(a)), is(true));
    assertThat(TestRasters.read(mrf).contentEquals(TestRasters.read(a)), is(true));
  }

  /** Writes {@code value} into {@code name} with {@code driver}, put in place with the earlier file kept aside. */
  private List<FinishedOutput> putInPlaceKeepingEarlier(String in, String name, String driver, int value) {
    org.rios.plan.WorkingPlan plan = org.rios.plan.WorkingPlanBuilder.build(
        new FilenameAssociations().put("img", in), new FilenameAssociations().put("o", name),
        controls().setOutputDriverName(driver).setCalcStats(false));
    File scratch = new File(tmp, "scratch");
    scratch.mkdirs();
    BlockWriter w = new BlockWriter(plan, scratch, new org.rios.timing.Timers(), null);
    try {
      for (org.rios.plan.BlockDefn b : plan.blocks()) {
        w.write(b, spec -> org.rios.array.RasterArray.filled(org.rios.array.DataType.UINT8, 1, b.nrows(), b.ncols(),
            value));
      }
      return w.finishKeepingEarlier();
    } finally {
      w.close();
    }
  }

  /**
   * Two jobs' outputs in one directory that share a stem, ndvi.tif and an ENVI ndvi.bin (header ndvi.hdr),
   * each put in place with its earlier file kept aside: confirming the first (its earlier file deleted with
   * its side-cars) leaves the second's earlier header alone, so taking the second back restores it whole. The
   * aside names shared the stem "ndvi.rios-replaced": the header went with the first, and the earlier ndvi.bin
   * came back without one.
   */
  @Test
  void earlierOutputsKeptAsideThatShareAStemKeepTheirSideCarsApart() throws IOException {
    String a = TestRasters.rampFile(new File(tmp, "a.img"));
    String tif = new File(tmp, "ndvi.tif").getPath();
    String bin = new File(tmp, "ndvi.bin").getPath();
    putInPlaceKeepingEarlier(a, tif, "GTiff", 1);
    OutputCommit.confirm(putInPlaceKeepingEarlier(a, bin, "ENVI", 3));
    OutputCommit.confirm(putInPlaceKeepingEarlier(a, tif, "GTiff", 2));   // job A complete
    assertThat(new File(tmp, "ndvi.hdr").isFile(), is(true));
    List<FinishedOutput> b = putInPlaceKeepingEarlier(a, bin, "ENVI", 4);
    OutputCommit.confirm(putInPlaceKeepingEarlier(a, tif, "GTiff", 5));   // job A again, while B waits
    OutputCommit.undo(b);                                                 // job B failed
    assertThat(TestRasters.read(bin).getDouble(0, 0, 0), is(3.0));
    assertThat(TestRasters.read(tif).getDouble(0, 0, 0), is(5.0));
    assertThat(new File(tmp, "ndvi.hdr").isFile(), is(true));
    try (Stream<Path> s = Files.list(tmp.toPath())) {
      assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.contains("rios-"))
          .collect(Collectors.toList()), is(List.of()));
    }
  }

  @Test
  void aNameOutsideTheBmpWithGlobCharactersIsFound() throws IOException {
    Path in = tmp.toPath().resolve("scan [1] {x} \uD83D\uDE80.img");
    Files.copy(Path.of(TestRasters.rampFile(new File(tmp, "plain.img"))), in);
    String out = new File(tmp, "out [2] \uD83D\uDE80.img").getPath();
    Applier.apply((info, i, o) -> o.put("out", i.get("img")), new FilenameAssociations().put("img", in.toString()),
        new FilenameAssociations().put("out", out), controls().setOutputDriverName("HFA"));
    assertThat(TestRasters.read(org.rios.gdal.GdalPaths.forGdal(out)).contentEquals(TestRasters.read(in.toString()
        .replace("scan [1] {x} \uD83D\uDE80.img", "plain.img"))), is(true));
  }
}
